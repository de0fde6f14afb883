/**
 * The match data in extension storage (see `match-data.ts`): the background publishes its build's
 * (or its merge with the reader's packs), and loads the matcher that answers pages from there, so
 * that a restarted service worker need not compile it again.
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
  type MatchData,
  type MatchIndexEntry,
} from '../match-data';
import { MatchService } from '../matcher/service';

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

/** This build's data, read a part per call; throws saying why it cannot be had. */
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

/** Whether a storage key holds match data (its head, or a part). */
const isMatchDataKey = (key: string) => key === MATCH_DATA_KEY || key.startsWith(`${MATCH_DATA_KEY}/`);

/**
 * The matcher that answers pages (`MatchService`), loaded from the match data in storage when
 * first asked (`get`), and again after that data changes: `forget` once new data is published
 * (before tabs are told), and any change seen in storage (damage from outside). When another
 * build's data, or none, or damaged data is there, `askToPublish` writes it anew and it is read
 * once more; if it still cannot be had, the promise rejects saying why.
 */
export function createMatchSource(id: string, askToPublish: () => Promise<unknown>): { get: () => Promise<MatchService>; forget: () => void } {
  let loading: Promise<MatchService> | undefined;
  const forget = () => {
    loading = undefined;
  };
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && Object.keys(changes).some(isMatchDataKey)) forget();
  });
  async function load(): Promise<MatchService> {
    for (let attempt = 1; ; attempt++) {
      try {
        const data = await readStored(id);
        const entities: MatchIndexEntry[] = data.index.flatMap(parseIndexPiece);
        return MatchService.load({ version: data.version, entities }, data.compiled);
      } catch (e) {
        if (attempt > 1) throw new Error(`no match data: ${(e as Error).message}`);
        await askToPublish();
      }
    }
  }
  function get(): Promise<MatchService> {
    const current = (loading ??= load());
    // A failure is not kept: the next page asks again.
    current.catch(() => {
      if (loading === current) loading = undefined;
    });
    return current;
  }
  return { get, forget };
}
