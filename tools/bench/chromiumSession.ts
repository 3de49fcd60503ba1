// The frame of every Chromium bench row: the real renderer and core on a demo portfolio of the row's own,
// plus a bare page (the raw-Chromium baseline) served beside it, both torn down however the row ends.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  chromePath,
  DEFAULT_DB_NAME,
  launchHost,
  RENDERER_DIR,
  type Host,
} from '../../e2e/harness/host';
import { serveRenderer } from '../../e2e/harness/static-server';
import { writePortfolioFile } from '../../electron/core/testing/portfolio-files';
import { DEMO_NOW, DEMO_SEED } from './demoCore';
import type { BenchContext } from './types';

const VIEWPORT = { width: 1400, height: 900 };

export interface ChromiumSession {
  host: Host;
  /** The app, ready, with the portfolio table drawn. */
  app: Page;
  /** Serves `siteDir` (its index.html) and opens it in a second, bare Chromium page. */
  openBaseline(siteDir: string): Promise<Page>;
}

/**
 * Runs `work` in a session, or says why it cannot (no renderer bundle, no Chromium) as a skip. The portfolio
 * is the demo of `size` initiatives at the bench's clock; `prepare` may add to the file before the app opens.
 */
export async function withChromiumSession<T>(
  ctx: BenchContext,
  options: { tempPrefix: string; size: number; prepare?: (file: string) => void },
  work: (session: ChromiumSession) => Promise<T>,
): Promise<T | { skipped: string }> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    return { skipped: `no renderer bundle in ${RENDERER_DIR}: run npm run build (or set FD_RENDERER_DIR)` };
  if (!existsSync(chromePath())) return { skipped: `no Chromium at ${chromePath()} (apt-get install chromium)` };
  const dataDir = ctx.temp.make(options.tempPrefix);
  const file = join(dataDir, DEFAULT_DB_NAME);
  writePortfolioFile(file, { size: options.size, seed: DEMO_SEED, now: DEMO_NOW });
  options.prepare?.(file);

  let host: Host | null = null;
  let browser: Browser | null = null;
  let site: Awaited<ReturnType<typeof serveRenderer>> | null = null;
  try {
    host = await launchHost({ dataDir, clock: { now: () => DEMO_NOW }, viewport: VIEWPORT });
    const app = host.page;
    await app.locator('html[data-app-state="ready"]').waitFor({ timeout: 60_000 });
    await app.getByTestId('portfolio-row').first().waitFor({ timeout: 60_000 });
    return await work({
      host,
      app,
      openBaseline: async (siteDir) => {
        site = await serveRenderer(siteDir);
        browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: CHROMIUM_ARGS });
        const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
        await page.goto(`${site.origin}/index.html`);
        return page;
      },
    });
  } finally {
    await (browser as Browser | null)?.close().catch(() => undefined);
    await host?.close();
    const s = site as Awaited<ReturnType<typeof serveRenderer>> | null;
    if (s) await new Promise<void>((ok) => s.server.close(() => ok()));
  }
}
