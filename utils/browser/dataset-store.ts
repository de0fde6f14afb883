/**
 * Serves cards from IndexedDB, loading the bundled dataset into it first when needed. Until the
 * database is ready — or if it cannot be opened at all — cards come from the bundled data, so a
 * reader never waits on the database.
 */
import { cardsOf, datasetMeta, loadDataset, openDatasetDb, readCard, statusOf, type DatasetDb } from './db';
import type { DatasetStatus, EntityCard } from '../messages';
import type { Dataset } from '../schema';
import { factCount } from '../pack';

export interface DatasetStore {
  /** Loads the dataset into the database if it is missing, stale or half-written. */
  ready(): Promise<DatasetStatus>;
  card(id: string): Promise<EntityCard | undefined>;
  status(): Promise<DatasetStatus>;
  /** Clears the database and writes the bundled dataset again. */
  rebuild(): Promise<DatasetStatus>;
}

export function createDatasetStore(
  bundled: Dataset,
  open: (onClosed: () => void) => Promise<DatasetDb> = (onClosed) => openDatasetDb(onClosed),
): DatasetStore {
  const fromBundle = cardsOf(bundled);
  const bundledStatus: DatasetStatus = {
    version: bundled.version,
    entities: bundled.entities.length,
    facts: factCount(bundled),
    loadedAt: null,
    source: 'bundled',
  };
  let db: DatasetDb | undefined;
  let loading: Promise<DatasetStatus> | undefined;

  async function load(force: boolean): Promise<DatasetStatus> {
    try {
      // A closed connection (deleted database, another context's upgrade) is opened afresh next time.
      db ??= await open(() => (db = undefined));
      if (force) {
        const tx = db.transaction('meta', 'readwrite');
        await tx.store.clear();
        await tx.done;
      }
      await loadDataset(db, bundled);
      const meta = await datasetMeta(db);
      return meta ? statusOf(meta) : bundledStatus;
    } catch (e) {
      console.warn('Backstory: the local database is unavailable; using the bundled data.', e);
      db = undefined;
      return bundledStatus;
    }
  }

  function ready(): Promise<DatasetStatus> {
    loading ??= load(false).finally(() => (loading = undefined));
    return loading;
  }

  return {
    ready,
    async card(id) {
      const pending = ready();
      if (!db) return fromBundle(id);
      try {
        await pending;
        if (!db) return fromBundle(id);
        return (await readCard(db, id)) ?? fromBundle(id);
      } catch {
        return fromBundle(id);
      }
    },
    async status() {
      return ready();
    },
    async rebuild() {
      await loading;
      return load(true);
    },
  };
}
