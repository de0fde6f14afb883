/**
 * What each built content-script stage holds (utils/stages.ts), read from the build: the source
 * modules the build wrote beside it (wxt.config.ts, `bundleContents`) and the built files. Needs
 * `npm run build` first (`npm test` builds before it runs the unit tests).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STAGES as FILES } from '../../utils/stages';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = path.join(ROOT, process.env.BACKSTORY_OUT_DIR || '.output', 'chrome-mv3');
const STAGES = ['starter', 'scanner', 'runner', 'card'] as const;
type Stage = (typeof STAGES)[number];

function modulesOf(stage: Stage): string[] {
  const file = path.join(`${BUILD}-modules`, `${FILES[stage].file}.json`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
}
const ours = (stage: Stage) => modulesOf(stage).filter((m) => !m.startsWith('node_modules/') && !m.startsWith('\0'));
const packages = (stage: Stage) => [...new Set(modulesOf(stage).filter((m) => m.startsWith('node_modules/')).map((m) => m.split('/').slice(1, m.startsWith('node_modules/@') ? 3 : 2).join('/')))];
const built = (stage: Stage) => fs.readFileSync(path.join(BUILD, FILES[stage].file), 'utf8');

describe('the built content-script stages', () => {
  it('each holds its own folder and no other stage’s', () => {
    for (const stage of STAGES) {
      const folder = stage === 'starter' ? 'entrypoints/starter/' : `entrypoints/${stage}.content/`;
      const entrypoints = ours(stage).filter((m) => m.startsWith('entrypoints/'));
      expect(entrypoints.length, stage).toBeGreaterThan(0);
      expect(entrypoints.filter((m) => !m.startsWith(folder)), stage).toEqual([]);
    }
  });

  it('the starter is thin: no polyfill, no zod, nothing of utils/ but the stage table, no API object looked up as it starts', () => {
    // `wxt/browser` reads `browser.runtime` as it is imported (entrypoints/starter/index.ts).
    expect(packages('starter')).toEqual(['wxt']);
    // Of utils/, only the stages' names (the port it opens, the global it leaves).
    expect(ours('starter').filter((m) => m.startsWith('utils/'))).toEqual(['utils/stages.ts']);
  });

  it('the scanner reads the page and carries no automaton: the background matches', () => {
    const modules = ours('scanner');
    expect(modules).toContain('utils/dom/page-text.ts');
    for (const matcherPart of ['runtime', 'codec', 'build', 'service']) expect(modules).not.toContain(`utils/matcher/${matcherPart}.ts`);
    expect(built('scanner')).not.toMatch(/\batob\(|\bbtoa\(/);
    expect(packages('scanner').sort()).toEqual(['wxt', '@wxt-dev/browser'].sort());
  });

  it('the runner takes the matcher and the page reading from the scanner, and carries none of it', () => {
    expect(ours('runner').filter((m) => m.startsWith('utils/matcher/') || m.startsWith('utils/dom/'))).toEqual([]);
  });

  it('only the card carries Preact and the views', () => {
    expect(packages('card')).toContain('preact');
    expect(ours('card')).toContain('components/CardView.tsx');
    for (const stage of ['starter', 'scanner', 'runner'] as const) {
      expect(packages(stage), stage).not.toContain('preact');
      expect(ours(stage).filter((m) => m.startsWith('components/')), stage).toEqual([]);
      // Preact's renderer names this prop; no other code of ours does (tests/firefox/lint.test.ts).
      expect(built(stage), stage).not.toContain('dangerouslySetInnerHTML');
    }
    expect(built('card')).toContain('dangerouslySetInnerHTML');
  });
});
