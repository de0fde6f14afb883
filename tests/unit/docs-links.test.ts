/**
 * The documents' relative links resolve: every link and picture in the repository's Markdown files
 * (README.md, CONTRIBUTING.md, docs/, data/README.md) that is not a web address names a file that
 * exists, and a `#fragment` names a heading of that file (as GitHub makes its anchors).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Dependencies, build output and local reports: not ours to check. */
const SKIP = new Set(['node_modules', 'test-results', 'playwright-report', 'bench-results', 'eval-results', 'demo-output']);

function markdownFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (d.name.startsWith('.') || SKIP.has(d.name)) return [];
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return markdownFiles(full);
    return d.name.endsWith('.md') ? [full] : [];
  });
}

/** The text outside fenced code blocks and inline code, where a link is a link. */
function prose(text: string): string {
  return text.replace(/^(```|~~~)[\s\S]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of prose(fs.readFileSync(file, 'utf8')).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(heading ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

function links(file: string): string[] {
  const text = prose(fs.readFileSync(file, 'utf8'));
  return [...text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? '');
}

const files = markdownFiles(ROOT);

describe('relative links between the documents', () => {
  it('finds the documents', () => {
    const names = files.map((f) => path.relative(ROOT, f).split(path.sep).join('/'));
    expect(names).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/performance.md', 'docs/firefox.md', 'data/README.md']));
  });

  it('makes anchors as GitHub does', () => {
    expect(slug("One frame's start-up: four stages")).toBe('one-frames-start-up-four-stages');
    expect(slug('`npm run eval`: how accurately Backstory marks real pages')).toBe('npm-run-eval-how-accurately-backstory-marks-real-pages');
    expect(slug('Context packs: your own dataset, without rebuilding Backstory')).toBe('context-packs-your-own-dataset-without-rebuilding-backstory');
  });

  for (const file of files) {
    it(path.relative(ROOT, file), () => {
      const broken: string[] = [];
      for (const link of links(file)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto:, …
        const [target, fragment] = link.split('#') as [string, string | undefined];
        const resolved = target ? path.resolve(path.dirname(file), decodeURI(target)) : file;
        if (!fs.existsSync(resolved)) {
          broken.push(`${link}: no such file`);
          continue;
        }
        if (fragment && resolved.endsWith('.md') && !anchors(resolved).has(decodeURIComponent(fragment))) {
          broken.push(`${link}: no heading "#${fragment}" in ${path.relative(ROOT, resolved)}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
