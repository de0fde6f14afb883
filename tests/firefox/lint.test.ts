/**
 * Mozilla's add-ons linter (web-ext lint, offline) on the Firefox build: no errors, no notices, and
 * only the warnings listed here, each explained (docs/firefox.md, "web-ext lint warnings").
 *
 *   npm run build:firefox && node --import tsx --test tests/firefox/lint.test.ts
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { FIREFOX_BUILD, ROOT } from './firefox';

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
}
interface LintReport {
  summary: { errors: number; notices: number; warnings: number };
  errors: LintMessage[];
  notices: LintMessage[];
  warnings: LintMessage[];
}

/**
 * Warnings that come from library code bundled into the build, which the linter cannot know is
 * unreachable. Each must name the files it may appear in.
 */
const EXPLAINED: Array<{ code: string; files: RegExp; why: string }> = [
  {
    code: 'DANGEROUS_EVAL',
    files: /^(background\.js|content-scripts\/runner\.js|chunks\/page-[\w-]+\.js)$/,
    why:
      'zod 4 (the dataset and message schemas) probes `new Function("")` to decide whether it may JIT-compile ' +
      'object parsers (`allowsEval`), and compiles them with `Function` only if the probe succeeds. The probe ' +
      "is inside try/catch; the default MV2 extension-page CSP has no 'unsafe-eval', so there zod falls back to " +
      'its interpreter. What it compiles is built from its own schema definitions, never from page text or data.',
  },
  {
    code: 'UNSAFE_VAR_ASSIGNMENT',
    files: /^(content-scripts\/card\.js|chunks\/page-[\w-]+\.js)$/,
    why:
      "Preact's renderer assigns `innerHTML` only for the `dangerouslySetInnerHTML` prop, which Backstory " +
      'never uses (checked below); every text is rendered as text nodes.',
  },
];

async function lint(): Promise<LintReport> {
  const bin = path.join(ROOT, 'node_modules/.bin/web-ext');
  const args = ['lint', '--source-dir', FIREFOX_BUILD, '--output', 'json', '--self-hosted', '--no-config-discovery'];
  // web-ext exits non-zero when there are errors; the JSON on stdout is what we judge.
  const { stdout } = await promisify(execFile)(bin, args, { cwd: ROOT, maxBuffer: 16 << 20 }).catch(
    (e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }),
  );
  const start = stdout.indexOf('{');
  assert.ok(start >= 0, `web-ext lint printed no JSON:\n${stdout}`);
  return JSON.parse(stdout.slice(start)) as LintReport;
}

test('web-ext lint: no errors, and every warning is a known, explained one', { timeout: 60_000 }, async () => {
  assert.ok(fs.existsSync(path.join(FIREFOX_BUILD, 'manifest.json')), 'run `npm run build:firefox` first');
  const report = await lint();
  const show = (m: LintMessage) => `${m.code} ${m.file ?? ''}${m.line ? ':' + m.line : ''} — ${m.message}`;
  assert.deepEqual(report.errors.map(show), [], 'lint errors');
  assert.deepEqual(report.notices.map(show), [], 'lint notices');
  const unexplained = report.warnings.filter((w) => !EXPLAINED.some((e) => e.code === w.code && e.files.test(w.file ?? '')));
  assert.deepEqual(
    unexplained.map(show),
    [],
    'new lint warnings: fix them in the build, or explain them in EXPLAINED and docs/firefox.md',
  );
});

test('the explanations still hold: the flagged code is zod and Preact, not ours', () => {
  const sources = ['components', 'entrypoints', 'utils']
    .flatMap((dir) => fs.readdirSync(path.join(ROOT, dir), { recursive: true, withFileTypes: true }).map((d) => path.join(d.parentPath, d.name)))
    .filter((f) => /\.(ts|tsx)$/.test(f));
  for (const file of sources) {
    const text = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /dangerouslySetInnerHTML|\.innerHTML\s*=|\.outerHTML\s*=|insertAdjacentHTML/, `${file} writes HTML`);
    assert.doesNotMatch(text, /\beval\(|new Function\b/, `${file} evaluates strings as code`);
  }
  const content = fs.readFileSync(path.join(FIREFOX_BUILD, 'content-scripts/runner.js'), 'utf8');
  assert.match(content, /jitless/, "zod's JIT switch is what brings `Function` into the bundle");
});
