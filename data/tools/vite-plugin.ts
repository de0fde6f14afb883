/**
 * Compiles `data/` into the extension at build time, as modules: the whole dataset (for the
 * background, which loads it into IndexedDB), the small match index (for the options page), and
 * the match data, that index with the matcher's automaton compiled from its aliases (for the
 * background, which matches pages' text against it). A dataset with mistakes fails the build with
 * the checker's messages.
 */
import type { Plugin } from 'vite';
import { toMatchData, type MatchData } from '../../utils/match-data';
import { toMatchIndex, toPatterns } from '../../utils/match-index';
import { compileMatcher } from '../../utils/matcher/build';
import { datasetFiles, readDataset } from './read';

const DATASET_ID = 'virtual:backstory-dataset';
const INDEX_ID = 'virtual:backstory-index';
const MATCH_DATA_ID = 'virtual:backstory-match-data';
const IDS = [DATASET_ID, INDEX_ID, MATCH_DATA_ID];

/** By dataset version: WXT builds each entrypoint on its own, and each asks for the data. */
const matchData: Record<string, MatchData> = {};

export function backstoryDataset(): Plugin {
  return {
    name: 'backstory-dataset',
    resolveId(id) {
      if (IDS.includes(id)) return '\0' + id;
      return undefined;
    },
    load(id) {
      const which = IDS.find((known) => id === '\0' + known);
      if (!which) return undefined;
      // BACKSTORY_DATA_DIR builds with another dataset (tests use one with hostile text).
      const dir = process.env.BACKSTORY_DATA_DIR || undefined;
      for (const file of datasetFiles(dir)) this.addWatchFile(file);
      const result = readDataset(dir);
      if (!result.dataset) {
        throw new Error(`The dataset has mistakes (npm run data:check):\n${result.errors.join('\n')}`);
      }
      if (which === DATASET_ID) return asJson(result.dataset);
      const index = toMatchIndex(result.dataset);
      if (which === INDEX_ID) return asJson(index);
      // Building the automaton costs time in proportion to the aliases: once per dataset, not per build.
      return asJson((matchData[result.dataset.version] ??= toMatchData(index, compileMatcher(toPatterns(index)))));
    },
  };
}

/** JSON.parse of a string literal is faster for engines than an object literal this size. */
function asJson(value: unknown): string {
  return `export default JSON.parse(${JSON.stringify(JSON.stringify(value))});`;
}
