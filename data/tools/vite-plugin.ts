/**
 * Compiles `data/` into the extension at build time, as three modules: the whole dataset (for the
 * background, which loads it into IndexedDB), the small match index, and the matcher's automaton
 * compiled from its aliases (for the content script, which every page pays for). A dataset with
 * mistakes fails the build with the checker's messages.
 */
import type { Plugin } from 'vite';
import { toMatchIndex, toPatterns } from '../../utils/match-index';
import { Matcher } from '../../utils/matcher';
import { datasetFiles, readDataset } from './read';

const DATASET_ID = 'virtual:backstory-dataset';
const INDEX_ID = 'virtual:backstory-index';
const MATCHER_ID = 'virtual:backstory-matcher';
const IDS = [DATASET_ID, INDEX_ID, MATCHER_ID];

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
      const index = toMatchIndex(result.dataset);
      const value = which === DATASET_ID ? result.dataset : which === INDEX_ID ? index : new Matcher(toPatterns(index)).compile();
      // JSON.parse of a string literal is faster for engines than an object literal this size.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(value))});`;
    },
  };
}
