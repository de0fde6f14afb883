import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDatasetFile, checkSourceFiles } from '../../utils/dataset';
import { toMatchIndex, toPatterns } from '../../utils/match-index';
import { readDataset } from '../../data/tools/read';
import { entity, SOURCES } from './fixtures';

const sourcesFile = { path: 'data/sources.json', text: JSON.stringify({ sources: SOURCES }) };
const file = (e: unknown, name?: string) => ({
  path: `data/entities/${name ?? (e as { id: string }).id}.json`,
  text: JSON.stringify(e),
});

describe('dataset checker', () => {
  it('accepts a good contribution and versions it by content', () => {
    const a = checkSourceFiles([file(entity('alpha')), file(entity('beta'))], sourcesFile);
    expect(a.errors).toEqual([]);
    expect(a.dataset?.entities.map((e) => e.id)).toEqual(['alpha', 'beta']);
    const b = checkSourceFiles([file(entity('alpha')), file(entity('beta', { summary: 'Changed.' }))], sourcesFile);
    expect(b.dataset?.version).not.toBe(a.dataset?.version);
    const again = checkSourceFiles([file(entity('beta')), file(entity('alpha'))], sourcesFile);
    expect(again.dataset?.version).toBe(a.dataset?.version);
  });

  it('names the file, the entity and the field of each mistake', () => {
    const broken = entity('gamma');
    broken.facts[0]!.sources = ['no-such-source'];
    (broken.facts[1] as { date: string }).date = '2020-13-01';
    const result = checkSourceFiles([file(broken)], sourcesFile);
    expect(result.dataset).toBeUndefined();
    expect(result.errors).toContain('data/entities/gamma.json (entity "gamma"): facts[1].date: is not a real calendar date');
    const r2 = checkSourceFiles(
      [file({ ...entity('gamma'), facts: [{ ...entity('gamma').facts[0], sources: ['nope'] }, ...entity('gamma').facts.slice(1)] })],
      sourcesFile,
    );
    expect(r2.errors).toEqual(['data/entities/gamma.json (entity "gamma"): facts[0].sources: "nope" is not a source in data/sources.json']);
  });

  it('refuses a source without the address of the page that was read, with an http one, or with a vague date', () => {
    const [first, second] = SOURCES;
    const noUrl: Record<string, unknown> = { ...first! };
    delete noUrl.url;
    const errors = checkSourceFiles([file(entity('gamma'))], { ...sourcesFile, text: JSON.stringify({ sources: [noUrl, { ...second!, url: 'http://example.org/grows' }] }) }).errors;
    expect(errors.join('\n')).toMatch(/sources\[0\]\.url: is missing/);
    expect(errors.join('\n')).toMatch(/sources\[1\]\.url: must be the https URL of the page you read/);
    const vague = checkSourceFiles([file(entity('gamma'))], { ...sourcesFile, text: JSON.stringify({ sources: [first, { ...second!, date: '2021-05' }] }) }).errors;
    expect(vague).toContain('data/sources.json: sources[1].date: must be the full date of publication, YYYY-MM-DD');
  });

  it('refuses a fact without a date, an empty summary, and too few facts', () => {
    const noDate = { ...entity('delta'), facts: [{ text: 'Undated.', sources: ['example-gazette-2020-01-01'] }, ...entity('delta').facts] };
    expect(checkSourceFiles([file(noDate)], sourcesFile).errors).toEqual([
      'data/entities/delta.json (entity "delta"): facts[0].date: is missing (a string is needed)',
    ]);
    const empty = checkSourceFiles([file(entity('delta', { summary: '  ' }))], sourcesFile).errors;
    expect(empty).toEqual(['data/entities/delta.json (entity "delta"): summary: must not be empty']);
    const few = checkSourceFiles([file(entity('delta', { facts: entity('delta').facts.slice(0, 2) }))], sourcesFile).errors;
    expect(few).toEqual(['data/entities/delta.json (entity "delta"): facts: needs at least 3 dated facts']);
  });

  it('catches duplicate ids, unknown related ids and misnamed files', () => {
    const errors = checkSourceFiles(
      [file(entity('alpha')), file(entity('alpha'), 'alpha-copy'), file(entity('beta', { related: [{ id: 'zeta', relation: 'owned by' }] }))],
      sourcesFile,
    ).errors;
    expect(errors).toContain('data/entities/alpha-copy.json (entity "alpha"): the file should be named alpha.json after the entity\'s id');
    expect(errors).toContain('data/entities/alpha-copy.json (entity "alpha"): id "alpha" is already used by data/entities/alpha.json (entity "alpha")');
    expect(errors).toContain('data/entities/beta.json (entity "beta"): related[0].id: there is no entity "zeta"');
  });

  it('requires a Wikipedia title, one entity per article', () => {
    const untitled: Partial<ReturnType<typeof entity>> = entity('alpha');
    delete untitled.wikipedia;
    expect(checkSourceFiles([file(untitled)], sourcesFile).errors).toEqual([
      'data/entities/alpha.json (entity "alpha"): wikipedia: is missing (a string is needed)',
    ]);
    const twice = checkSourceFiles([file(entity('alpha', { wikipedia: 'Apple Inc.' })), file(entity('beta', { wikipedia: 'Apple Inc.' }))], sourcesFile);
    expect(twice.errors).toEqual([
      'data/entities/beta.json (entity "beta"): wikipedia: "Apple Inc." is already the title of data/entities/alpha.json (entity "alpha"); two entities cannot be one article',
    ]);
    // Entities English Wikipedia has no article on say so with null, and share no title.
    const untitledTwice = checkSourceFiles([file(entity('alpha', { wikipedia: null })), file(entity('beta', { wikipedia: null }))], sourcesFile);
    expect(untitledTwice.errors).toEqual([]);
    expect(checkSourceFiles([file(entity('alpha', { wikipedia: '' }))], sourcesFile).errors).toEqual(['data/entities/alpha.json (entity "alpha"): wikipedia: must not be empty']);
  });

  it('refuses a source published before the event its fact reports, unless the fact is a plan', () => {
    // The fixture's sources are dated 2020-01-01 and 2021-05-31.
    const early = (date: string, plan?: boolean) =>
      entity('alpha', { facts: [{ text: 'It opened.', date, sources: ['example-times-2021-05'], ...(plan ? { plan } : {}) }, ...entity('alpha').facts.slice(1)] });
    expect(checkSourceFiles([file(early('2021-06-01'))], sourcesFile).errors).toEqual([
      'data/entities/alpha.json (entity "alpha"): facts[0].sources: "example-times-2021-05" (2021-05-31) was published before the event the fact reports (2021-06-01); cite a source from after it, or mark a fact about a plan or an announcement with "plan": true',
    ]);
    expect(checkSourceFiles([file(early('2021-05-20'))], sourcesFile).errors).toEqual([]);
    expect(checkSourceFiles([file(early('2021'))], sourcesFile).errors).toEqual([]);
    expect(checkSourceFiles([file(early('2021-06-01', true))], sourcesFile).errors).toEqual([]);
  });

  it('checks the entities a fact is about, like related ones', () => {
    const about = (ids: string[]) => entity('alpha', { facts: [{ ...entity('alpha').facts[0]!, about: ids }, ...entity('alpha').facts.slice(1)] });
    expect(checkSourceFiles([file(about(['beta'])), file(entity('beta'))], sourcesFile).errors).toEqual([]);
    expect(checkSourceFiles([file(about(['zeta', 'alpha'])), file(entity('beta'))], sourcesFile).errors).toEqual([
      'data/entities/alpha.json (entity "alpha"): facts[0].about[0]: there is no entity "zeta"',
      'data/entities/alpha.json (entity "alpha"): facts[0].about[1]: a fact is always about its own entity; list the others only',
    ]);
  });

  it('refuses one alias claimed by two entities unless a rule tells them apart', () => {
    const shared = [{ text: 'Lam', lang: 'en' }];
    const clash = checkSourceFiles([file(entity('alpha', { aliases: shared })), file(entity('beta', { aliases: shared }))], sourcesFile);
    expect(clash.errors).toEqual([
      'data/entities/alpha.json (entity "alpha"): alias "Lam" is claimed by "alpha" and "beta"; give all but one of them a "requires" rule, or remove it',
    ]);
    const ruled = checkSourceFiles(
      [file(entity('alpha', { aliases: shared })), file(entity('beta', { aliases: [{ text: 'lam', lang: 'en', requires: ['Hong Kong'] }] }))],
      sourcesFile,
    );
    expect(ruled.errors).toEqual([]);
  });

  it('refuses a look-alike phrase that is another entity\u2019s name', () => {
    const errors = checkSourceFiles(
      [file(entity('alpha', { notThis: ['Alias beta\u2019s'] })), file(entity('beta'))],
      sourcesFile,
    ).errors;
    expect(errors).toEqual([
      'data/entities/alpha.json (entity "alpha"): notThis[0]: "Alias beta\u2019s" is a name of "beta" ("Alias beta"), and would keep it from being marked; remove it here',
    ]);
  });

  it('explains a file that is not JSON', () => {
    const result = checkSourceFiles([{ path: 'data/entities/bad.json', text: '{ "id": ' }], sourcesFile);
    expect(result.errors[0]).toMatch(/^data\/entities\/bad\.json: is not valid JSON/);
  });

  it('checks an exported dataset file the same way', () => {
    const good = checkSourceFiles([file(entity('alpha'))], sourcesFile).dataset!;
    expect(checkDatasetFile({ path: 'x.json', text: JSON.stringify(good) }).errors).toEqual([]);
    const bad = { ...good, entities: [{ ...good.entities[0], facts: [{ text: 'x', date: '2020', sources: ['missing'] }, ...good.entities[0]!.facts] }] };
    expect(checkDatasetFile({ path: 'x.json', text: JSON.stringify(bad) }).errors).toEqual([
      'x.json entities[0] (entity "alpha"): facts[0].sources: "missing" is not a source in x.json',
    ]);
  });

  it('gives the content script only what matching needs', () => {
    const ds = checkSourceFiles([file(entity('alpha', { notThis: ['Alias alpha Gazette'] }))], sourcesFile).dataset!;
    const index = toMatchIndex(ds);
    expect(JSON.stringify(index)).not.toContain('First fact');
    expect(toPatterns(index)).toEqual([
      { text: 'Alias alpha', entityId: 'alpha', anyCase: undefined, requires: undefined },
      { text: 'Alias alpha Gazette', entityId: 'alpha', block: true },
    ]);
  });
});

describe('the real dataset', () => {
  it('passes the checker', () => {
    const result = readDataset();
    expect(result.errors).toEqual([]);
    expect(result.dataset!.entities.length).toBeGreaterThanOrEqual(4);
  });

  it('is exported by data:export in the format the checker reads back, whole', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'backstory-export-')), 'dataset.json');
    execFileSync(process.execPath, ['--import', 'tsx', 'data/tools/export.ts', '--out', out], { stdio: 'ignore' });
    const text = fs.readFileSync(out, 'utf8');
    const checked = checkDatasetFile({ path: out, text });
    expect(checked.errors).toEqual([]);
    expect(checked.dataset).toEqual(readDataset().dataset);
    // The one document has the dataset's version, every entity and every source.
    const doc = JSON.parse(text) as { version: string; entities: unknown[]; sources: unknown[] };
    expect(doc.version).toBe(readDataset().dataset!.version);
    expect(doc.entities).toHaveLength(fs.readdirSync('data/entities').filter((f) => f.endsWith('.json')).length);
    // A child process that starts tsx: seconds on a busy machine.
  }, 30_000);
});
