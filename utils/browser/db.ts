/**
 * The dataset in IndexedDB (through idb). The bundled dataset is written in one transaction when
 * its version differs from what the database holds, so a reader never sees half of two versions.
 * Only dataset stores live here: the reader's settings are in browser.storage and never touched.
 * The reader's packs live here too, in stores of their own that a rebuild leaves alone.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Dataset, Entity, Source } from '../schema';
import type { DatasetStatus, EntityCard } from '../messages';
import type { StoredPack } from './pack-store';
import { factCount } from '../pack';

export const DB_NAME = 'backstory';
/** The shape of the database (its stores), not the dataset's version. 2: the reader's packs. */
export const DB_VERSION = 2;

interface DatasetMeta {
  key: 'dataset';
  version: string;
  entities: number;
  facts: number;
  loadedAt: number;
  /** Written last, in the same transaction: a database without it is not trusted. */
  complete: true;
}

interface BackstoryDb extends DBSchema {
  entities: { key: string; value: Entity };
  sources: { key: string; value: Source };
  meta: { key: string; value: DatasetMeta };
  /** The reader's packs (pack-store.ts), one record each: never cleared by a rebuild or an update. */
  packs: { key: string; value: StoredPack };
  /** The reader's choices about the datasets (whether the bundled one is on), kept with the packs. */
  prefs: { key: string; value: { key: string; on: boolean } };
}

/** Only the bundled dataset's stores are made afresh on an upgrade; the reader's are kept. */
const BUNDLED_STORES = ['entities', 'sources', 'meta'] as const;

export type DatasetDb = IDBPDatabase<BackstoryDb>;

/**
 * `onClosed` hears when the connection is gone: closed for another context's upgrade or
 * deletion, or closed by the browser (storage cleared).
 */
export function openDatasetDb(onClosed?: () => void, onBlocked?: () => void): Promise<DatasetDb> {
  return openDB<BackstoryDb>(DB_NAME, DB_VERSION, {
    upgrade(db) {
      for (const name of BUNDLED_STORES) if (db.objectStoreNames.contains(name)) db.deleteObjectStore(name);
      db.createObjectStore('entities', { keyPath: 'id' });
      db.createObjectStore('sources', { keyPath: 'id' });
      db.createObjectStore('meta', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('packs')) db.createObjectStore('packs', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('prefs')) db.createObjectStore('prefs', { keyPath: 'key' });
    },
    // Another context wants to upgrade or delete the database: step aside rather than hold it up.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
      onClosed?.();
    },
    blocked() {
      onBlocked?.();
    },
    terminated() {
      onClosed?.();
    },
  });
}

export async function datasetMeta(db: DatasetDb): Promise<DatasetMeta | undefined> {
  return db.get('meta', 'dataset');
}

/** Writes the dataset unless the database already holds this version. Returns whether it wrote. */
export async function loadDataset(db: DatasetDb, dataset: Dataset, now = Date.now()): Promise<boolean> {
  const meta = await datasetMeta(db);
  if (meta?.complete && meta.version === dataset.version) return false;
  const tx = db.transaction(['entities', 'sources', 'meta'], 'readwrite', { durability: 'relaxed' });
  const entities = tx.objectStore('entities');
  const sources = tx.objectStore('sources');
  const metaStore = tx.objectStore('meta');
  // No await per request: the transaction stays busy and commits once, all or nothing.
  void entities.clear();
  void sources.clear();
  void metaStore.clear();
  for (const e of dataset.entities) void entities.put(e);
  for (const s of dataset.sources) void sources.put(s);
  void metaStore.put({
    key: 'dataset',
    version: dataset.version,
    entities: dataset.entities.length,
    facts: factCount(dataset),
    loadedAt: now,
    complete: true,
  });
  await tx.done;
  return true;
}

/** The cards of a dataset held in memory, by entity id (the lookups are built once). */
export function cardsOf(dataset: Dataset): (id: string) => EntityCard | undefined {
  const entities = new Map(dataset.entities.map((e) => [e.id, e]));
  const sources = new Map(dataset.sources.map((s) => [s.id, s]));
  return (id) => {
    const entity = entities.get(id);
    return entity && buildCard(entity, (s) => sources.get(s), (r) => entities.get(r)?.name);
  };
}

/** What a card shows: the entity, the sources its facts cite, and its related entities' names. */
export function buildCard(entity: Entity, sourceOf: (id: string) => Source | undefined, nameOf: (id: string) => string | undefined): EntityCard {
  const sourceIds = [...new Set(entity.facts.flatMap((f) => f.sources))];
  return {
    entity,
    sources: sourceIds.map(sourceOf).filter((s): s is Source => s !== undefined),
    related: entity.related.flatMap((r) => {
      const name = nameOf(r.id);
      return name ? [{ id: r.id, name, relation: r.relation }] : [];
    }),
  };
}

export async function readCard(db: DatasetDb, id: string): Promise<EntityCard | undefined> {
  const tx = db.transaction(['entities', 'sources'], 'readonly');
  const entity = await tx.objectStore('entities').get(id);
  if (!entity) return undefined;
  const sourceIds = [...new Set(entity.facts.flatMap((f) => f.sources))];
  const relatedIds = entity.related.map((r) => r.id);
  const [sources, related] = await Promise.all([
    Promise.all(sourceIds.map((s) => tx.objectStore('sources').get(s))),
    Promise.all(relatedIds.map((r) => tx.objectStore('entities').get(r))),
  ]);
  const sourceMap = new Map(sources.filter((s): s is Source => !!s).map((s) => [s.id, s]));
  const nameMap = new Map(related.filter((e): e is Entity => !!e).map((e) => [e.id, e.name]));
  return buildCard(entity, (s) => sourceMap.get(s), (r) => nameMap.get(r));
}

export function statusOf(meta: DatasetMeta): DatasetStatus {
  return { version: meta.version, entities: meta.entities, facts: meta.facts, loadedAt: meta.loadedAt, source: 'indexeddb' };
}
