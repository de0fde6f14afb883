/** Context packs: the header and the checks an import makes, the namespacing, and the merge with its alias conflicts. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileMatcher } from '../../utils/matcher/build';
import { Matcher } from '../../utils/matcher/runtime';
import { toPatterns } from '../../utils/match-index';
import {
  BUNDLED_ID,
  checkPackText,
  compareVersions,
  firstProblems,
  mergeDatasets,
  namespaced,
  packOf,
  type Pack,
} from '../../utils/pack';
import { dataset, entity, SOURCES } from './fixtures';

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../data/packs/log4shell.json');
const HEADER = { id: 'example-news', name: 'Example News', publisher: 'Example Newsroom', version: '1.2', date: '2024-03-01' };

function packText(overrides: Record<string, unknown> = {}, entities = [entity('alpha'), entity('beta')]): string {
  return JSON.stringify({ pack: HEADER, version: 'x', entities, sources: SOURCES, ...overrides });
}

function checked(text: string): Pack {
  const result = checkPackText(text, 'p.json');
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.pack;
}

describe('pack checker', () => {
  it('accepts the example pack of the repository', () => {
    const result = checkPackText(fs.readFileSync(EXAMPLE, 'utf8'));
    expect(result.ok && result.pack.pack.id).toBe('log4shell');
    expect(result.ok && result.pack.entities.map((e) => e.name)).toEqual(['Apache Log4j', 'Log4Shell']);
  });

  it('accepts a good pack, with optional description, homepage and licence', () => {
    const pack = checked(packText({ pack: { ...HEADER, description: 'About.', homepage: 'http://example.org/', licence: 'CC BY 4.0' } }));
    expect(pack.pack.homepage).toBe('http://example.org/');
    expect(pack.entities).toHaveLength(2);
  });

  it('refuses a file that is no pack, or not JSON', () => {
    expect(checkPackText('nope', 'p.json')).toMatchObject({ ok: false, errors: [expect.stringContaining('p.json: is not valid JSON')] });
    expect(checkPackText(JSON.stringify({ version: 'x', entities: [], sources: [] }), 'p.json')).toMatchObject({ ok: false, errors: [expect.stringContaining('no "pack" header')] });
  });

  it('checks the header: id, version, date, homepage', () => {
    const result = checkPackText(packText({ pack: { ...HEADER, id: 'Bad Id', version: 'v1', date: '2024-02-30', homepage: 'javascript:alert(1)' } }), 'p.json');
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^p\.json pack: id: /),
        expect.stringMatching(/^p\.json pack: version: must be numbers joined by dots/),
        'p.json pack: date: is not a real calendar date',
        'p.json pack: homepage: must be an http(s) URL',
      ]),
    );
  });

  it('checks the dataset as data:check does, naming the entity and the field', () => {
    const bad = entity('gamma');
    (bad.facts[1] as { date: string }).date = '2020-13';
    bad.facts[0]!.sources = ['nowhere'];
    const result = checkPackText(packText({}, [bad]), 'p.json');
    expect(result.ok ? [] : result.errors).toEqual(
      expect.arrayContaining([
        'p.json entities[0] (entity "gamma"): facts[1].date: is not a real calendar date',
      ]),
    );
    const unknown = checkPackText(packText({}, [entity('gamma', { facts: [...entity('gamma').facts.slice(1), { text: 'x', date: '2020', sources: ['nowhere'] }] })]), 'p.json');
    expect(unknown.ok ? [] : unknown.errors).toEqual(['p.json entities[0] (entity "gamma"): facts[2].sources: "nowhere" is not a source in p.json']);
  });

  it('refuses source URLs that are not http(s)', () => {
    const result = checkPackText(packText({ sources: [SOURCES[0], { ...SOURCES[1], url: 'javascript:alert(1)' }] }), 'p.json');
    expect(result.ok ? [] : result.errors).toEqual(['p.json: sources[1].url: must be the https URL of the page you read']);
  });

  it('refuses markup in any text, naming each place', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const e = entity('gamma', {
      name: evil,
      summary: `Hi ${evil}`,
      aliases: [{ text: `<b>Gamma</b>`, lang: 'en' }],
      facts: entity('gamma').facts.map((f) => ({ ...f, text: `<script>x</script>${f.text}` })),
    });
    const result = checkPackText(packText({ pack: { ...HEADER, name: '<i>News</i>' } }, [e]), 'p.json');
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual(
      expect.arrayContaining([
        'p.json pack: name: must be plain text, not markup',
        'p.json (entity "gamma"): name: must be plain text, not markup',
        'p.json (entity "gamma"): summary: must be plain text, not markup',
        'p.json (entity "gamma"): aliases[0].text: must be plain text, not markup',
        'p.json (entity "gamma"): facts[2].text: must be plain text, not markup',
      ]),
    );
    // Text that merely mentions a comparison is not markup.
    expect(checkPackText(packText({}, [entity('delta', { summary: 'Sales rose 3 < 4 and 5 > 2.' })])).ok).toBe(true);
  });

  it('lists the first 20 problems, then a count', () => {
    const errors = Array.from({ length: 26 }, (_, i) => `problem ${i}`);
    expect(firstProblems(errors)).toEqual({ problems: errors.slice(0, 20), more: 6 });
  });

  it('compares versions number by number', () => {
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('1.0', '1')).toBe(0);
    expect(compareVersions('2.0.1', '2.1')).toBe(-1);
  });
});

describe('namespacing', () => {
  it('puts every id of a pack in its namespace: entities, about, related, sources', () => {
    const a = entity('alpha', { related: [{ id: 'beta', relation: 'owns' }] });
    a.facts[0]!.about = ['beta'];
    const ns = namespaced(checked(packText({}, [a, entity('beta')])));
    const alpha = ns.entities.find((e) => e.id === 'example-news:alpha')!;
    expect(alpha.related).toEqual([{ id: 'example-news:beta', relation: 'owns' }]);
    expect(alpha.facts[0]!.about).toEqual(['example-news:beta']);
    expect(alpha.facts[0]!.sources).toEqual(['example-news:example-gazette-2020-01-01']);
    expect(ns.sources.map((s) => s.id)).toEqual(['example-news:example-gazette-2020-01-01', 'example-news:example-times-2021-05']);
    expect(packOf('example-news:alpha')).toBe('example-news');
    expect(packOf('alpha')).toBeUndefined();
  });

  it('keeps two datasets with the same entity ids apart', () => {
    const bundled = dataset([entity('alpha')]);
    const pack = namespaced(checked(packText({}, [entity('alpha', { aliases: [{ text: 'Other Alpha', lang: 'en' }] })])));
    const merged = mergeDatasets([{ key: BUNDLED_ID, dataset: bundled }, { key: 'example-news', origin: 'Example News', dataset: pack }]);
    expect(merged.index.entities.map((e) => e.id)).toEqual(['alpha', 'example-news:alpha']);
  });
});

describe('merge and alias conflicts', () => {
  const bundled = dataset([entity('alpha', { aliases: [{ text: 'Shared Name', lang: 'en' }, { text: 'Alpha Only', lang: 'en' }] })]);
  const packA = namespaced(checked(packText({}, [entity('one', { name: 'One', aliases: [{ text: 'shared  name', lang: 'en' }, { text: 'One Only', lang: 'en' }] })])));
  const packB = namespaced(checked(packText({ pack: { ...HEADER, id: 'other' } }, [entity('two', { name: 'Two', aliases: [{ text: 'Shared Name', lang: 'en' }, { text: 'One Only', lang: 'en' }] })])));
  const parts = [
    { key: BUNDLED_ID, dataset: bundled },
    { key: 'example-news', origin: 'Example News', dataset: packA },
    { key: 'other', origin: 'Other', dataset: packB },
  ];

  it('gives a shared name to the first dataset in the list, and drops it from no card', () => {
    const merged = mergeDatasets(parts);
    const aliases = Object.fromEntries(merged.index.entities.map((e) => [e.id, e.aliases.map((a) => a.text)]));
    expect(aliases).toEqual({ alpha: ['Shared Name', 'Alpha Only'], 'example-news:one': ['One Only'], 'other:two': [] });
    // Each entity that lost a name is reachable from the one that kept it, and back.
    expect(merged.alsoIn.get('alpha')).toEqual([
      { id: 'example-news:one', name: 'One', origin: 'Example News' },
      { id: 'other:two', name: 'Two', origin: 'Other' },
    ]);
    expect(merged.alsoIn.get('other:two')).toEqual([
      { id: 'alpha', name: 'Name of alpha' },
      { id: 'example-news:one', name: 'One', origin: 'Example News' },
    ]);
    expect(merged.shared).toEqual(new Map([[BUNDLED_ID, 0], ['example-news', 1], ['other', 2]]));
  });

  it('follows the list order: moved first, a pack keeps the name', () => {
    const merged = mergeDatasets([parts[1]!, parts[0]!]);
    expect(merged.index.entities.find((e) => e.id === 'alpha')!.aliases.map((a) => a.text)).toEqual(['Alpha Only']);
    expect(merged.shared.get(BUNDLED_ID)).toBe(1);
  });

  it('leaves out a dataset that is switched off (not passed), and compiles to a working matcher', () => {
    const merged = mergeDatasets([parts[0]!, parts[2]!]);
    const again = Matcher.load(toPatterns(merged.index), compileMatcher(toPatterns(merged.index)));
    const text = 'We met Shared Name and One Only.';
    expect(again.occurrences(text, []).map((m) => text.slice(m.start, m.end)).sort()).toEqual(['One Only', 'Shared Name']);
  });

  it('compiles an empty list (everything switched off)', () => {
    const merged = mergeDatasets([]);
    expect(Matcher.load([], compileMatcher(toPatterns(merged.index))).occurrences('Shared Name', []).length).toBe(0);
  });

  it('versions the merge by its parts and their order', () => {
    expect(mergeDatasets(parts).index.version).not.toBe(mergeDatasets([parts[0]!, parts[2]!, parts[1]!]).index.version);
    expect(mergeDatasets(parts).index.version).toBe(mergeDatasets(parts).index.version);
  });
});
