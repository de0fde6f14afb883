/**
 * The unused-code finder (npm run knip). Its WXT plugin finds the entrypoints from wxt.config.ts;
 * the rest are the tools and the tests, which run from their own commands.
 */
import type { KnipConfig } from 'knip';

const config: KnipConfig = {
  entry: [
    'data/tools/*.ts',
    'tests/**/*.{test,e2e}.ts',
    'tests/{vitest,playwright}.config.ts',
    'tests/tools/*.ts',
  ],
  project: ['**/*.{ts,tsx,js}'],
  // A constant or schema that its own module uses is not dead; exporting it costs nothing.
  ignoreExportsUsedInFile: true,
  ignoreDependencies: [
    // The bench loads its script into pages by path (node_modules/mark.js/dist), not by import.
    'mark.js',
    // Vitest loads it by name for the browser project; @vitest/browser-playwright builds on it.
    '@vitest/browser',
    // The `chrome` types for code tests evaluate in the service worker: WXT's own copy of them.
    '@wxt-dev/browser',
  ],
  // System tools, not packages: the bench starts Chromium through util-linux's setpriv when run as root.
  ignoreBinaries: ['setpriv'],
};

export default config;
