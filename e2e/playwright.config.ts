import { defineConfig } from '@playwright/test';

// Every spec launches its own Chromium through e2e/harness (fixtures.ts), so Playwright's own browser
// download is never used. Two workers: these machines have two cores.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  outputDir: './artifacts/results',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: './artifacts/report.json' }]],
});
