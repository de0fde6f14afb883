/**
 * The match data in extension storage (see `match-data.ts`): the background publishes its build's,
 * and every page's content script reads it from there.
 */
import browser from 'webextension-polyfill';
import {
  fromStoredParts,
  MATCH_DATA_KEY,
  MAX_PARTS,
  parseIndexPiece,
  partKey,
  readStoredHead,
  toStorageItems,
  type CompiledMatcher,
  type MatchData,
  type MatchIndex,
  type MatchIndexEntry,
} from '../match-data';

const local = () => browser.storage.local;

let publishing: { done: Promise<void>; forced: boolean } | undefined;

/**
 * Writes `data` to storage unless it is there already (`force`: whatever the stored head says, for
 * a content script that found the data damaged). Frames that ask at once share one write.
 */
export function publishMatchData(data: MatchData, force = false): Promise<void> {
  if (publishing && (publishing.forced || !force)) return publishing.done;
  const before = publishing?.done ?? Promise.resolve();
  const current = {
    forced: force,
    done: before.then(async () => {
      try {
        const old: unknown = (await local().get(MATCH_DATA_KEY))[MATCH_DATA_KEY];
        // The very data, not merely data a page of this build would take (see readStoredHead).
        const known = (old as { id?: unknown } | undefined)?.id === data.id ? readStoredHead(old, data.id) : undefined;
        if (!force && known && 'head' in known) return;
        const items = toStorageItems(data);
        await local().set(items);
        // A larger dataset before this one left more parts.
        const oldParts = Math.min(Number((old as { parts?: unknown } | undefined)?.parts) || 0, MAX_PARTS);
        const stale = Array.from({ length: oldParts }, (_, i) => partKey(i)).filter((key) => !(key in items));
        if (stale.length) await local().remove(stale);
      } catch (e) {
        console.warn('Backstory: could not store the match data.', e);
      } finally {
        if (publishing === current) publishing = undefined;
      }
    }),
  };
  publishing = current;
  return current.done;
}

export interface LoadedMatchData {
  index: MatchIndex;
  compiled: CompiledMatcher;
}

/** This build's data, read a part per task; throws saying why it cannot be had. */
async function readStored(id: string): Promise<MatchData> {
  const first = await local().get([MATCH_DATA_KEY, partKey(0)]);
  const known = readStoredHead(first[MATCH_DATA_KEY], id);
  if (!known) throw new Error('no match data of this version in storage');
  if ('error' in known) throw new Error(known.error);
  const parts: unknown[] = [first[partKey(0)]];
  for (let i = 1; i < known.head.parts; i++) parts.push((await local().get(partKey(i)))[partKey(i)]);
  const stored = fromStoredParts(known.head, parts);
  if ('error' in stored) throw new Error(stored.error);
  return stored.data;
}

/**
 * This build's match data, read from storage, with its index parsed a piece per task (`between`
 * gives the page its turn), and handed to `use` (which builds the matcher, and may throw on tables
 * that do not fit). When another build's data, or none, or damaged data is there, the background
 * is asked to publish it (`askToPublish`) and it is read once more. Undefined, with a warning in
 * the console, when it cannot be had: the page is then left unmarked.
 */
export async function loadMatchData<T>(
  id: string,
  askToPublish: () => Promise<unknown>,
  between: () => Promise<void>,
  use: (data: LoadedMatchData) => Promise<T>,
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const data = await readStored(id);
      const entities: MatchIndexEntry[] = [];
      for (const piece of data.index) {
        await between();
        entities.push(...parseIndexPiece(piece));
      }
      await between();
      return await use({ index: { version: data.version, entities }, compiled: data.compiled });
    } catch (e) {
      if (attempt === 1) {
        await askToPublish().catch(() => undefined);
        continue;
      }
      console.warn(`Backstory: cannot find mentions on this page: ${(e as Error).message}`);
      return undefined;
    }
  }
}
