/**
 * The match data in extension storage (see `match-data.ts`): the background publishes its build's,
 * and every page's content script reads it from there.
 */
import browser from 'webextension-polyfill';
import { MATCH_DATA_KEY, parseIndexPiece, readMatchData, type CompiledMatcher, type MatchData, type MatchIndex, type MatchIndexEntry } from './match-data';

/** The stored data's id, kept beside it: the background checks which build's is there without reading megabytes. */
const MATCH_DATA_ID_KEY = 'matchDataId';

let publishing: { done: Promise<void>; forced: boolean } | undefined;

/**
 * Writes `data` to storage unless it is there already (`force`: whatever the stored id says, for a
 * content script that found it damaged). Frames that ask at once share one write.
 */
export function publishMatchData(data: MatchData, force = false): Promise<void> {
  if (publishing && (publishing.forced || !force)) return publishing.done;
  const before = publishing?.done ?? Promise.resolve();
  const current = {
    forced: force,
    done: before.then(async () => {
      try {
        if (!force && (await browser.storage.local.get(MATCH_DATA_ID_KEY))[MATCH_DATA_ID_KEY] === data.id) return;
        await browser.storage.local.set({ [MATCH_DATA_KEY]: data, [MATCH_DATA_ID_KEY]: data.id });
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
  use: (data: LoadedMatchData) => T,
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = readMatchData((await browser.storage.local.get(MATCH_DATA_KEY))[MATCH_DATA_KEY], id);
      if (!stored) throw new Error('no match data of this version in storage');
      if ('error' in stored) throw new Error(stored.error);
      const entities: MatchIndexEntry[] = [];
      for (const piece of stored.data.index) {
        await between();
        entities.push(...parseIndexPiece(piece));
      }
      await between();
      return use({ index: { version: stored.data.version, entities }, compiled: stored.data.compiled });
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
