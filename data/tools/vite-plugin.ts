/**
 * Compiles `data/` into the extension at build time, as two modules: the whole dataset (for the
 * background, which loads it into IndexedDB) and the small match index (for the content script,
 * which every page pays for). A dataset with mistakes fails the build with the checker's messages.
 */
import type { Plugin } from 'vite';
import { toMatchIndex } from '../../utils/dataset';
import { datasetFiles, readDataset } from './read';

const DATASET_ID = 'virtual:backstory-dataset';
const INDEX_ID = 'virtual:backstory-index';

export function backstoryDataset(): Plugin {
  return {
    name: 'backstory-dataset',
    resolveId(id) {
      if (id === DATASET_ID || id === INDEX_ID) return '\0' + id;
      return undefined;
    },
    load(id) {
      if (id !== '\0' + DATASET_ID && id !== '\0' + INDEX_ID) return undefined;
      // BACKSTORY_DATA_DIR builds with another dataset (tests use one with hostile text).
      const dir = process.env.BACKSTORY_DATA_DIR || undefined;
      for (const file of datasetFiles(dir)) this.addWatchFile(file);
      const result = readDataset(dir);
      if (!result.dataset) {
        throw new Error(`The dataset has mistakes (npm run data:check):\n${result.errors.join('\n')}`);
      }
      const value = id === '\0' + DATASET_ID ? result.dataset : toMatchIndex(result.dataset);
      // JSON.parse of a string literal is faster for engines than an object literal this size.
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(value))});`;
    },
  };
}
