/** The reader's packs in IndexedDB: limits, replacing, switching, surviving a rebuild, and what is published for pages. */
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDatasetStore } from '../../utils/browser/dataset-store';
import { toMatchData } from '../../utils/match-data';
import { toMatchIndex, toPatterns } from '../../utils/match-index';
import { compileMatcher } from '../../utils/matcher/build';
import type { MatchData } from '../../utils/match-data';
import { createPackStore } from '../../utils/browser/pack-store';
import { conflictingPack, EXAMPLE_PACK_FILE, examplePack, generatedPack } from '../tools/packs';
import { dataset, entity } from './fixtures';

const bundled = dataset([entity('alpha', { aliases: [{ text: 'Telegram', lang: 'en' }] })]);
const bundledMatch = toMatchData(toMatchIndex(bundled), compileMatcher(toPatterns(toMatchIndex(bundled))));
const example = fs.readFileSync(EXAMPLE_PACK_FILE, 'utf8');

function setUp() {
  const published: MatchData[] = [];
  let notified = 0;
  const store = createPackStore({
    bundled,
    bundledMatch,
    publish: (data) => {
      published.push(data);
      return Promise.resolve();
    },
    storedId: () => Promise.resolve(published.at(-1)?.id),
    notify: () => {
      notified++;
      return Promise.resolve();
    },
  });
  return { store, published, notified: () => notified };
}

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

describe('pack store', () => {
  it('publishes the build\'s own data while no pack is on', async () => {
    const { store, published } = setUp();
    await store.publish(false);
    expect(published.at(-1)).toBe(bundledMatch);
  });

  it('adds a pack: listed with its counts, published merged under the build\'s id, tabs told', async () => {
    const { store, published, notified } = setUp();
    const res = await store.add({ text: example, file: 'log4shell.json', replace: false });
    expect(res).toMatchObject({ ok: true, added: { id: 'log4shell', name: 'Log4Shell, December 2021', entities: 2, facts: 7, aliases: 4, enabled: true } });
    const data = published.at(-1)!;
    expect(data.build).toBe(bundledMatch.id);
    expect(data.id).not.toBe(bundledMatch.id);
    expect(data.index.join('')).toContain('log4shell:log4j');
    expect(notified()).toBe(1);
    expect((await store.list()).map((d) => [d.id, d.enabled])).toEqual([['bundled', true], ['log4shell', true]]);
    // Published once: asked again with the same list, it has nothing to write.
    await store.publish(false);
    expect(published).toHaveLength(1);
  });

  it('serves a pack\'s cards with its name as origin, its ids namespaced', async () => {
    const { store } = setUp();
    await store.add({ text: example, file: 'log4shell.json', replace: false });
    const card = await store.card('log4shell:log4shell');
    expect(card?.origin).toBe('Log4Shell, December 2021');
    expect(card?.related).toEqual([{ id: 'log4shell:log4j', name: 'Apache Log4j', relation: 'a flaw in' }]);
    expect(card?.sources.every((s) => s.id.startsWith('log4shell:'))).toBe(true);
    expect(await store.card('log4shell:nothing')).toBeUndefined();
  });

  it('asks before replacing a pack of the same id, then keeps its place and switch', async () => {
    const { store } = setUp();
    await store.add({ text: example, file: 'log4shell.json', replace: false });
    await store.setEnabled('log4shell', false);
    const next = examplePack();
    next.pack = { ...next.pack, version: '1.1' };
    const text = JSON.stringify(next);
    expect(await store.add({ text, file: 'next.json', replace: false })).toMatchObject({ ok: false, error: 'exists', existing: { version: '1.0', newVersion: '1.1', comparison: 1 } });
    expect(await store.add({ text, file: 'next.json', replace: true })).toMatchObject({ ok: true, replaced: '1.0', added: { version: '1.1', enabled: false } });
    expect((await store.list()).map((d) => d.id)).toEqual(['bundled', 'log4shell']);
  });

  it('refuses a bad pack with the checker\'s messages, and what passes the limits, changing nothing', async () => {
    const { store, published } = setUp();
    const bad = examplePack();
    bad.sources[0]!.url = 'javascript:alert(1)';
    expect(await store.add({ text: JSON.stringify(bad), file: 'bad.json', replace: false })).toMatchObject({ ok: false, error: 'refused', problems: ['bad.json: sources[0].url: must be the https URL of the page you read'], more: 0 });
    expect(await store.add({ text: generatedPack(20_000), file: 'big.json', replace: false })).toMatchObject({ ok: true });
    expect(await store.add({ text: example, file: 'log4shell.json', replace: false })).toEqual({ ok: false, error: 'too-many-aliases' });
    expect((await store.list()).map((d) => d.id)).toEqual(['bundled', 'generated-aliases']);
    expect(published).toHaveLength(1);
    // Checking and compiling 20,000 aliases: seconds on a busy machine.
  }, 30_000);

  it('switches the bundled dataset and packs off and on, and removes a pack', async () => {
    const { store, published } = setUp();
    await store.add({ text: example, file: 'log4shell.json', replace: false });
    await store.setEnabled('bundled', false);
    expect(published.at(-1)!.index.join('')).not.toContain('"alpha"');
    await store.setEnabled('log4shell', false);
    expect(published.at(-1)!.index.join('')).toBe('[]');
    await store.setEnabled('bundled', true);
    expect(published.at(-1)).toBe(bundledMatch);
    const removed = await store.remove('log4shell');
    expect(removed?.text).toBe(example);
    expect((await store.list()).map((d) => d.id)).toEqual(['bundled']);
  });

  it('links names shared with the bundled dataset both ways', async () => {
    const { store } = setUp();
    await store.add({ text: conflictingPack(), file: 'shared.json', replace: false });
    expect(await store.alsoIn('alpha')).toEqual([{ id: 'shared-names:telegram-channel', name: 'Telegram (the channel)', origin: 'Shared names' }]);
    expect(await store.alsoIn('shared-names:telegram-channel')).toEqual([{ id: 'alpha', name: 'Name of alpha' }]);
    expect((await store.list()).find((d) => d.id === 'shared-names')?.shared).toBe(1);
  });

  it('keeps packs through a rebuild of the bundled dataset and a new background', async () => {
    const first = setUp();
    await first.store.add({ text: example, file: 'log4shell.json', replace: false });
    const datasets = createDatasetStore(bundled);
    await datasets.ready();
    await datasets.rebuild();
    const again = setUp();
    expect((await again.store.list()).map((d) => d.id)).toEqual(['bundled', 'log4shell']);
    expect((await again.store.card('log4shell:log4j'))?.entity.name).toBe('Apache Log4j');
  });
});
