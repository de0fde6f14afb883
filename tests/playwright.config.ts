import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.e2e.ts',
  outputDir: '../test-results',
  // Each worker runs its own Chromium with the extension: two cores, two workers.
  workers: 2,
  fullyParallel: false,
  timeout: 45_000,
  expect: { timeout: 7_000 },
  retries: 0,
  reporter: [['list']],
});
