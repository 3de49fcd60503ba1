import { test as base, expect, type Page } from '@playwright/test';
import { createCore } from '../electron/core';
import { noDialogs, type PdfEngine } from '../electron/core/ports';
import { launchHost, QueuedDialogs, DEFAULT_DB_NAME, type Host } from './harness/host';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** A fixed "now" so phase ages and demo data are the same in every run. */
export const E2E_NOW = new Date('2026-11-01T09:00:00.000Z');

export interface Options {
  /** What the default portfolio holds before the app starts: nothing (first run), the demo, or set up empty. */
  portfolio: 'first-run' | 'demo' | 'empty';
  theme: 'light' | 'dark';
  /** The PDF engine of the host's core (default: headless Chromium). */
  pdfEngine: PdfEngine | undefined;
  /** Runs after seeding and before the app starts: damage, lock or add files (see Prepare). */
  prepare: Prepare | null;
}

/**
 * A step on the test's data folder before launch. An object, not a bare function: Playwright takes a
 * function given to test.use for a fixture definition.
 */
export interface Prepare {
  run(files: { dataDir: string; dbPath: string }): void | Promise<void>;
}

interface Fixtures {
  dialogs: QueuedDialogs;
  host: Host;
  app: Page;
}

/** Prepares the default portfolio file in the test's data folder through the core, as the app would. */
async function seed(dataDir: string, portfolio: Options['portfolio']): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  if (portfolio === 'first-run') return;
  const core = createCore({
    defaultDbPath: join(dataDir, DEFAULT_DB_NAME),
    dialogs: noDialogs,
    clock: { now: () => E2E_NOW },
  });
  try {
    await core.handlers['workspace/openDefault'](undefined);
    await core.handlers['workspace/setup']({ mode: portfolio });
  } finally {
    core.dispose();
  }
}

export const test = base.extend<Fixtures & Options>({
  portfolio: ['demo', { option: true }],
  theme: ['light', { option: true }],
  pdfEngine: [undefined, { option: true }],
  prepare: [null, { option: true }],
  // Playwright reads a fixture's dependencies from its first parameter's pattern; this one has none.
  // eslint-disable-next-line no-empty-pattern
  dialogs: async ({}, use) => {
    await use(new QueuedDialogs());
  },
  host: async ({ portfolio, theme, dialogs, pdfEngine, prepare }, use, testInfo) => {
    // Each test gets its own data folder under its output directory.
    const dataDir = testInfo.outputPath('data');
    await seed(dataDir, portfolio);
    await prepare?.run({ dataDir, dbPath: join(dataDir, DEFAULT_DB_NAME) });
    const host = await launchHost({
      dataDir,
      dialogs,
      colorScheme: theme,
      clock: { now: () => E2E_NOW },
      ...(pdfEngine ? { pdfEngine } : {}),
    });
    await use(host);
    // Keep what the user last saw as an artifact of every test.
    await host.page
      .screenshot({ path: testInfo.outputPath('final.png'), fullPage: false })
      .then(() =>
        testInfo.attachments.push({ name: 'final', path: testInfo.outputPath('final.png'), contentType: 'image/png' }),
      )
      .catch(() => undefined);
    await host.close();
  },
  app: async ({ host }, use) => {
    await use(host.page);
  },
});

/** The renderer marks <html data-app-state="..."> as it goes; tests wait on it instead of sleeping. */
export async function waitForAppState(page: Page, state: 'ready' | 'setup' | 'failed' | 'loading'): Promise<void> {
  // Generous on purpose: reopening a portfolio on a loaded two-core CI machine can take seconds.
  await expect(page.locator('html')).toHaveAttribute('data-app-state', state, { timeout: 30_000 });
}

export { expect };
