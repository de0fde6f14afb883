import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { datasetMeta, loadDataset, openDatasetDb, readCard } from '../../utils/browser/db';
import { createDatasetStore } from '../../utils/browser/dataset-store';
import { dataset, entity } from './fixtures';

beforeEach(() => {
  // A fresh, empty IndexedDB for every test.
  globalThis.indexedDB = new IDBFactory();
});

const v1 = dataset([entity('alpha', { related: [{ id: 'beta', relation: 'owned by' }] }), entity('beta')]);
const v2 = dataset([entity('alpha', { summary: 'Updated.' }), entity('gamma')]);

describe('IndexedDB dataset', () => {
  it('loads a dataset and serves cards with sources and related names', async () => {
    const db = await openDatasetDb();
    expect(await loadDataset(db, v1, 1000)).toBe(true);
    const card = await readCard(db, 'alpha');
    expect(card?.entity.name).toBe('Name of alpha');
    expect(card?.sources.map((s) => s.id).sort()).toEqual(['example-gazette-2020-01-01', 'example-times-2021-05']);
    expect(card?.related).toEqual([{ id: 'beta', name: 'Name of beta', relation: 'owned by' }]);
    expect(await datasetMeta(db)).toMatchObject({ version: v1.version, entities: 2, facts: 6, loadedAt: 1000 });
    db.close();
  });

  it('does nothing when the version is unchanged, and replaces everything when it changes', async () => {
    const db = await openDatasetDb();
    await loadDataset(db, v1);
    expect(await loadDataset(db, v1)).toBe(false);
    expect(await loadDataset(db, v2)).toBe(true);
    expect((await readCard(db, 'alpha'))?.entity.summary).toBe('Updated.');
    expect(await readCard(db, 'beta')).toBeUndefined();
    expect(await readCard(db, 'gamma')).toBeDefined();
    expect((await datasetMeta(db))?.version).toBe(v2.version);
    db.close();
  });

  it('rewrites a half-written database', async () => {
    const db = await openDatasetDb();
    await db.put('entities', entity('alpha', { summary: 'Stale.' }));
    expect(await loadDataset(db, v1)).toBe(true);
    expect((await readCard(db, 'alpha'))?.entity.summary).toBe('A fictional entity, alpha.');
    db.close();
  });
});

describe('dataset store', () => {
  it('serves cards from the bundle when the database cannot open', async () => {
    const store = createDatasetStore(v1, () => Promise.reject(new Error('no IndexedDB here')));
    expect((await store.card('alpha'))?.related[0]?.name).toBe('Name of beta');
    expect((await store.status()).source).toBe('bundled');
  });

  it('loads on first use and rebuilds on request', async () => {
    const store = createDatasetStore(v1);
    expect((await store.status()).source).toBe('indexeddb');
    expect((await store.card('beta'))?.entity.id).toBe('beta');
    const rebuilt = await store.rebuild();
    expect(rebuilt).toMatchObject({ source: 'indexeddb', version: v1.version, entities: 2 });
  });
});
