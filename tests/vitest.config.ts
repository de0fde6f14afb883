import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { findChromium } from './tools/chromium.ts';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        // The code that reads the page and follows the pointer, on real DOM fixtures in Chromium
        // (Debian's: Playwright downloads no browser here).
        extends: true,
        // Bundled before the run: found during it, they would make Vite reload the tests.
        optimizeDeps: { include: ['zod/mini', 'zod/locales'] },
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: findChromium() } }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
