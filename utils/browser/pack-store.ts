/**
 * The reader's packs in the background: kept in IndexedDB beside the bundled dataset (stores of
 * their own, which neither "Rebuild the local database" nor an extension update clears), checked
 * again whenever they are read, merged with the bundled dataset in the list's order, and
 * published as the match data every page reads (match-data-store.ts). Each change is
 * compiled here, never on a page, and open tabs are told to read the new data.
 */
import { cardsOf, openDatasetDb, type DatasetDb } from './db';
import { contentHash } from '../hash';
import { toPatterns } from '../match-index';
import { MATCH_DATA_KEY, toMatchData, type MatchData } from '../match-data';
import { compileMatcher } from '../matcher/build';
import type { DatasetInfo, EntityCard, PackAddRequest, ResponseFor } from '../messages';
import {
  aliasCount,
  BUNDLED_ID,
  checkPackText,
  factCount,
  firstProblems,
  mergeDatasets,
  namespaced,
  packOf,
  compareVersions,
  type Merged,
  type MergePart,
  type Pack,
} from '../pack';
import { MAX_PACK_ALIASES, MAX_PACK_BYTES } from '../pack-limits';
import type { Dataset } from '../schema';

/** One pack as IndexedDB keeps it: the file as imported (so that it exports as it came), and the reader's choices. */
export interface StoredPack {
  id: string;
  text: string;
  /** The file's name, for exporting it again. */
  file: string;
  /** Of `text`: what tells one copy of a pack from another in the published data's recipe. */
  hash: string;
  bytes: number;
  aliases: number;
  enabled: boolean;
  /** Its place in the list (the bundled dataset comes first): where a shared name goes. */
  order: number;
  addedAt: number;
}

/** What a page matches against, its rebuild timed (the bench reads this measure in the service worker). */
export const REBUILD_MEASURE = 'backstory:rebuild';
const BUNDLED_ON_KEY = 'bundledEnabled';

export interface PackStoreOptions {
  bundled: Dataset;
  /** The build's match data, compiled from the bundled dataset alone. */
  bundledMatch: MatchData;
  open?: () => Promise<DatasetDb>;
  /** Writes match data for pages (publishMatchData). */
  publish: (data: MatchData, force: boolean) => Promise<void>;
  /** The id of the match data in storage now, if any. */
  storedId: () => Promise<string | undefined>;
  /** Tells open tabs that the match data changed. */
  notify: () => Promise<void>;
  now?: () => number;
}

interface Loaded {
  record: StoredPack;
  pack: Pack;
  dataset: Dataset;
  card: (id: string) => EntityCard | undefined;
}

const encoder = new TextEncoder();

export function createPackStore(options: PackStoreOptions) {
  const { bundled, bundledMatch } = options;
  const now = options.now ?? Date.now;
  let db: DatasetDb | undefined;
  /** Checked packs by id and hash: a pack is parsed and checked once per life of the background. */
  const loaded = new Map<string, Loaded>();
  let merged: { recipe: string; merged: Merged } | undefined;
  /** The last match data compiled (megabytes for 20,000 aliases): kept until the list changes. */
  let compiledData: MatchData | undefined;
  /** Changes one at a time: two imports at once would each count the other out of the limits. */
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function database(): Promise<DatasetDb> {
    db ??= await (options.open ?? (() => openDatasetDb(() => (db = undefined))))();
    return db;
  }

  async function records(): Promise<StoredPack[]> {
    const all = await (await database()).getAll('packs');
    return all.sort((a, b) => a.order - b.order);
  }

  async function bundledOn(): Promise<boolean> {
    return (await (await database()).get('prefs', BUNDLED_ON_KEY))?.on ?? true;
  }

  function remember(record: StoredPack, pack: Pack): Loaded {
    const dataset = namespaced(pack);
    const entry = { record, pack, dataset, card: cardsOf(dataset) };
    loaded.set(record.id, entry);
    return entry;
  }

  /** The pack checked again (what IndexedDB hands back is a boundary too); undefined if it no longer passes. */
  function load(record: StoredPack): Loaded | undefined {
    const known = loaded.get(record.id);
    if (known && known.record.hash === record.hash) {
      known.record = record;
      return known;
    }
    const checked = checkPackText(record.text, record.file);
    if (!checked.ok || checked.pack.pack.id !== record.id) {
      console.warn(`Backstory: the stored pack "${record.id}" no longer passes the checks; it is left out.`, checked.ok ? 'its id changed' : checked.errors.slice(0, 5));
      return undefined;
    }
    return remember(record, checked.pack);
  }

  function recipeOf(on: boolean, packs: StoredPack[]): string {
    return contentHash(JSON.stringify([bundledMatch.id, on, packs.filter((p) => p.enabled).map((p) => [p.id, p.hash])]));
  }

  type State = { recipe: string; on: boolean; packs: StoredPack[]; trivial: boolean };
  /** Read once, then kept: this background is the only one to change the packs, and forgets it as it does. */
  let state: Promise<State> | undefined;
  /** The reader's list, and its recipe (what the published data is made of). */
  function current(): Promise<State> {
    state ??= Promise.all([bundledOn(), records()]).then(([on, packs]) => ({ recipe: recipeOf(on, packs), on, packs, trivial: on && !packs.some((p) => p.enabled) }));
    state.catch(() => (state = undefined));
    return state;
  }

  function mergeOf(state: { recipe: string; on: boolean; packs: StoredPack[] }): Merged {
    if (merged?.recipe === state.recipe) return merged.merged;
    const parts: MergePart[] = state.on ? [{ key: BUNDLED_ID, dataset: bundled }] : [];
    for (const record of state.packs) {
      if (!record.enabled) continue;
      const entry = load(record);
      if (entry) parts.push({ key: record.id, origin: entry.pack.pack.name, dataset: entry.dataset });
    }
    const result = mergeDatasets(parts);
    merged = { recipe: state.recipe, merged: result };
    return result;
  }

  /**
   * Publishes what pages should match: the build's own data while no pack is on and the bundled
   * dataset is, else the merge, compiled here. Skipped when storage already holds it (unless
   * `force`: a page found it damaged). Returns whether it wrote.
   */
  async function publish(force: boolean): Promise<boolean> {
    const state = await current();
    if (state.trivial) {
      await options.publish(bundledMatch, force);
      return true;
    }
    const id = contentHash(`${bundledMatch.id}/${state.recipe}`);
    if (!force && (await options.storedId()) === id) return false;
    // Frames that found the data damaged ask at once: compiled once, written for each.
    if (compiledData?.id === id) {
      await options.publish(compiledData, true);
      return true;
    }
    const start = performance.now();
    const { index } = mergeOf(state);
    const mergedAt = performance.now();
    const patterns = toPatterns(index);
    const compiled = compileMatcher(patterns);
    const compiledAt = performance.now();
    const data: MatchData = { ...toMatchData(index, compiled), id, build: bundledMatch.id };
    compiledData = data;
    await options.publish(data, true);
    performance.measure(REBUILD_MEASURE, {
      start,
      end: performance.now(),
      detail: { mergeMs: mergedAt - start, compileMs: compiledAt - mergedAt, publishMs: performance.now() - compiledAt, aliases: patterns.length },
    });
    return true;
  }

  /** After a change: pages read the new data, without a reload. */
  async function changed(): Promise<void> {
    state = undefined;
    await publish(true);
    await options.notify();
  }

  function info(record: StoredPack, shared: Map<string, number>): DatasetInfo | undefined {
    const entry = load(record);
    if (!entry) return undefined;
    const h = entry.pack.pack;
    return {
      id: record.id,
      kind: 'pack',
      name: h.name,
      publisher: h.publisher,
      version: h.version,
      date: h.date,
      ...(h.description ? { description: h.description } : {}),
      ...(h.homepage ? { homepage: h.homepage } : {}),
      ...(h.licence ? { licence: h.licence } : {}),
      entities: entry.pack.entities.length,
      facts: factCount(entry.pack),
      aliases: record.aliases,
      bytes: record.bytes,
      enabled: record.enabled,
      shared: shared.get(record.id) ?? 0,
    };
  }

  async function list(): Promise<DatasetInfo[]> {
    const state = await current();
    const { shared } = mergeOf(state);
    const packs = state.packs.map((r) => info(r, shared));
    return [
      {
        id: BUNDLED_ID,
        kind: 'bundled',
        version: bundled.version,
        entities: bundled.entities.length,
        facts: factCount(bundled),
        aliases: aliasCount(bundled),
        bytes: 0,
        enabled: state.on,
        shared: 0,
      },
      ...packs.filter((p): p is DatasetInfo => p !== undefined),
    ];
  }

  type Added = ResponseFor<'pack-add'>;

  async function add(request: PackAddRequest): Promise<Added> {
    const bytes = encoder.encode(request.text).length;
    if (bytes > MAX_PACK_BYTES) return { ok: false, error: 'too-big' };
    const checked = checkPackText(request.text, request.file);
    if (!checked.ok) return { ok: false, error: 'refused', ...firstProblems(checked.errors) };
    const header = checked.pack.pack;
    const packs = await records();
    const existing = packs.find((p) => p.id === header.id);
    const existingHeader = existing && load(existing)?.pack.pack;
    if (existing && !request.replace) {
      return {
        ok: false,
        error: 'exists',
        existing: {
          name: existingHeader?.name ?? existing.id,
          version: existingHeader?.version ?? '?',
          newVersion: header.version,
          comparison: existingHeader ? compareVersions(header.version, existingHeader.version) : 1,
        },
      };
    }
    const others = packs.filter((p) => p.id !== header.id);
    if (others.reduce((n, p) => n + p.bytes, 0) + bytes > MAX_PACK_BYTES) return { ok: false, error: 'too-big' };
    if (others.reduce((n, p) => n + p.aliases, 0) + checked.aliases > MAX_PACK_ALIASES) return { ok: false, error: 'too-many-aliases' };
    const record: StoredPack = {
      id: header.id,
      text: request.text,
      file: request.file,
      hash: contentHash(request.text),
      bytes,
      aliases: checked.aliases,
      enabled: request.enabled ?? existing?.enabled ?? true,
      order: request.order ?? existing?.order ?? Math.max(0, ...packs.map((p) => p.order)) + 1,
      addedAt: now(),
    };
    await (await database()).put('packs', record);
    remember(record, checked.pack);
    await changed();
    const state = await current();
    const added = info(record, mergeOf(state).shared);
    return { ok: true, added: added!, ...(existingHeader ? { replaced: existingHeader.version } : {}) };
  }

  async function setEnabled(id: string, on: boolean): Promise<boolean> {
    const store = await database();
    if (id === BUNDLED_ID) await store.put('prefs', { key: BUNDLED_ON_KEY, on });
    else {
      const record = await store.get('packs', id);
      if (!record) return false;
      await store.put('packs', { ...record, enabled: on });
    }
    await changed();
    return true;
  }

  async function remove(id: string): Promise<StoredPack | undefined> {
    const store = await database();
    const record = await store.get('packs', id);
    if (!record) return undefined;
    await store.delete('packs', id);
    loaded.delete(id);
    await changed();
    return record;
  }

  /** A pack's card, with its name as the facts' origin. */
  async function packCard(id: string): Promise<EntityCard | undefined> {
    const packId = packOf(id);
    const record = (await current()).packs.find((p) => p.id === packId);
    const entry = record && load(record);
    const card = entry?.card(id);
    return card && { ...card, origin: entry!.pack.pack.name };
  }

  /** The entities of other datasets that share one of this one's names (none while no pack is on). */
  async function alsoIn(id: string) {
    const state = await current();
    if (state.trivial) return [];
    return mergeOf(state).alsoIn.get(id) ?? [];
  }

  return {
    publish: (force: boolean) => serially(() => publish(force)),
    list: () => serially(list),
    add: (request: Parameters<typeof add>[0]) => serially(() => add(request)),
    setEnabled: (id: string, on: boolean) => serially(() => setEnabled(id, on)),
    remove: (id: string) => serially(() => remove(id)),
    async exported(id: string): Promise<StoredPack | undefined> {
      return (await database()).get('packs', id);
    },
    card: packCard,
    alsoIn,
  };
}

/** The id of the match data storage holds now (its head's). */
export async function storedMatchDataId(get: (key: string) => Promise<Record<string, unknown>>): Promise<string | undefined> {
  const head = (await get(MATCH_DATA_KEY))[MATCH_DATA_KEY];
  const id = typeof head === 'object' && head !== null ? (head as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}
