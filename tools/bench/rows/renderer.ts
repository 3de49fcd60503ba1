import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  chromePath,
  DEFAULT_DB_NAME,
  launchHost,
  RENDERER_DIR,
  type Host,
} from '../../../e2e/harness/host';
import { serveRenderer } from '../../../e2e/harness/static-server';
import { generateDemo } from '../../../electron/core/demo/generate';
import { writePortfolioFile } from '../../../electron/core/testing/portfolio-files';
import type { BenchContext, BenchRow, RowOutcome } from '../types';

const SIZE = 10_000;
const SEED = 20_260_101;
const NOW = new Date('2026-11-01T09:00:00.000Z');
/** Letters that narrow the demo portfolio without matching every row, so each keystroke changes the table. */
const KEYS = ['q', 'x', 'z', 'j', 'k', 'v', 'w', 'y', 'g', 'b'];
const VIEWPORT = { width: 1400, height: 900 };

/*
 * Page-side code. `npm run bench` runs under tsx, whose esbuild transform wraps named functions in
 * `__name(...)` helpers; Playwright serialises a function's source, so those calls reach the page and
 * throw "__name is not defined". Init scripts are therefore plain JavaScript strings. Per-call probes
 * (evaluate, waitForFunction) cannot be strings, because the app's CSP forbids string eval, so they are
 * inline arrows with no named locals, which tsx leaves alone.
 */

/**
 * Runs in every page before its own scripts. Records when the page first painted after declaring itself
 * interactive (appState = 'ready'), in ms since navigation start, the same way for the app and the baseline.
 * rAF runs before the frame is painted; the message posted from it is handled once that frame is done.
 */
const READY_PROBE = `(() => {
  const obs = new MutationObserver(() => {
    if (!document.documentElement || document.documentElement.dataset.appState !== 'ready') return;
    if (window.__fdReadyAt !== undefined) return;
    window.__fdReadyAt = -1;
    obs.disconnect();
    requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => { window.__fdReadyAt = performance.now(); };
      ch.port2.postMessage(null);
    });
  });
  obs.observe(document, { attributes: true, subtree: true, attributeFilter: ['data-app-state'] });
})();`;

type Probe = Window & { __fdReadyAt?: number; __fdKeyLatency?: number };

async function openOnce(page: Page): Promise<number> {
  await page.reload();
  await page.waitForFunction(() => ((window as Probe).__fdReadyAt ?? 0) > 0, undefined, { timeout: 60_000 });
  return page.evaluate(() => (window as Probe).__fdReadyAt ?? Number.NaN);
}

/**
 * What "the table changed" means on a page: any change under `sel`, or only a change of one attribute
 * (the app's aria-rowcount, so an unrelated re-render cannot end the measurement before the filter result).
 */
interface ChangeTarget {
  sel: string;
  attribute: string | null;
}

/**
 * One keystroke: from the keydown's own timestamp to the first painted frame after the table changes. rAF runs before that frame paints; the message posted from it is handled once it is done.
 */
async function keystrokeOnce(page: Page, target: ChangeTarget, key: string): Promise<number> {
  await page.evaluate(({ sel, attribute }) => {
    const w = window as Probe;
    delete w.__fdKeyLatency;
    const table = document.querySelector(sel);
    if (!table) throw new Error(`no ${sel} on the page`);
    let t0 = -1;
    const obs = new MutationObserver(() => {
      if (t0 < 0) return;
      obs.disconnect();
      requestAnimationFrame(() => {
        const ch = new MessageChannel();
        ch.port1.onmessage = () => {
          w.__fdKeyLatency = performance.now() - t0;
        };
        ch.port2.postMessage(null);
      });
    });
    obs.observe(
      table,
      attribute
        ? { attributes: true, attributeFilter: [attribute] }
        : { attributes: true, childList: true, subtree: true, characterData: true },
    );
    document.addEventListener(
      'keydown',
      (e) => {
        t0 = e.timeStamp;
      },
      { capture: true, once: true },
    );
  }, target);
  await page.keyboard.press(key);
  await page.waitForFunction(() => (window as Probe).__fdKeyLatency !== undefined, undefined, { timeout: 10_000 });
  return page.evaluate(() => (window as Probe).__fdKeyLatency ?? Number.NaN);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * The raw-Chromium floor: the same 10,000 initiatives as a plain server-rendered <table>, no framework,
 * no virtualisation, and a filter box that hides rows with a loop over the DOM.
 */
function writeBaselineSite(dir: string): void {
  const demo = generateDemo({ size: SIZE, seed: SEED, now: NOW });
  const people = new Map(demo.people.map((p) => [p.id, p.name]));
  const name = (id: number | null) => (id === null ? '' : (people.get(id) ?? ''));
  const rows = demo.initiatives
    .filter((i) => i.archived_at === null)
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()))
    .map((i) =>
      [
        i.name,
        i.business_unit,
        i.type,
        i.phase,
        i.status,
        i.risk_tier,
        name(i.sponsor_id),
        name(i.product_owner_id),
        name(i.tech_lead_id),
        i.planned_end ?? '',
        i.tags,
      ]
        .map((c) => `<td>${escapeHtml(c)}</td>`)
        .join(''),
    )
    .map((cells) => `<tr>${cells}</tr>`)
    .join('\n');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>baseline</title></head><body>
<input data-testid="filter-text" type="search" autocomplete="off">
<table id="t"><thead><tr><th>Name</th><th>Unit</th><th>Type</th><th>Phase</th><th>Status</th><th>Risk</th><th>Sponsor</th><th>Product owner</th><th>Tech lead</th><th>Planned end</th><th>Tags</th></tr></thead>
<tbody>
${rows}
</tbody></table>
<script src="baseline.js"></script></body></html>`,
  );
  // External script: the static server sends the app's CSP, which forbids inline scripts.
  writeFileSync(
    join(dir, 'baseline.js'),
    `const rows = Array.from(document.querySelectorAll('#t tbody tr'));
const text = rows.map((r) => r.textContent.toLowerCase());
document.querySelector('[data-testid="filter-text"]').addEventListener('input', (e) => {
  const q = e.target.value.toLowerCase();
  for (let i = 0; i < rows.length; i++) rows[i].hidden = q !== '' && !text[i].includes(q);
});
document.documentElement.dataset.appState = 'ready';
`,
  );
}

interface Pages {
  app: Page;
  baseline: Page;
}

/** Starts the real renderer on a 10k portfolio and raw Chromium on the plain table, runs `fn`, stops both. */
async function withPages(ctx: BenchContext, fn: (pages: Pages) => Promise<RowOutcome>): Promise<RowOutcome> {
  if (!existsSync(join(RENDERER_DIR, 'index.html')))
    return { skipped: `no renderer bundle in ${RENDERER_DIR}: run npm run build` };
  if (!existsSync(chromePath())) return { skipped: `no Chromium at ${chromePath()} (apt-get install chromium)` };
  const dataDir = ctx.temp.make('fd-bench-ui-');
  writePortfolioFile(join(dataDir, DEFAULT_DB_NAME), { size: SIZE, seed: SEED, now: NOW });
  const siteDir = join(ctx.temp.make('fd-bench-site-'), 'site');
  writeBaselineSite(siteDir);

  let host: Host | null = null;
  let browser: Browser | null = null;
  const site = await serveRenderer(siteDir);
  try {
    host = await launchHost({ dataDir, clock: { now: () => NOW }, viewport: VIEWPORT });
    await host.context.addInitScript({ content: READY_PROBE });
    browser = await chromium.launch({ executablePath: chromePath(), headless: true, args: CHROMIUM_ARGS });
    const baselineContext = await browser.newContext({ viewport: VIEWPORT });
    await baselineContext.addInitScript({ content: READY_PROBE });
    const baseline = await baselineContext.newPage();
    await baseline.goto(`${site.origin}/index.html`);
    return await fn({ app: host.page, baseline });
  } finally {
    await browser?.close().catch(() => undefined);
    await host?.close();
    await new Promise<void>((ok) => site.server.close(() => ok()));
  }
}

const openRow: BenchRow = {
  figure: 'open renderer → interactive table, 10,000 initiatives',
  target: { ms: 1000, on: 'p95' },
  run: (ctx) =>
    withPages(ctx, async ({ app, baseline }) => {
      const runs = Math.min(ctx.runs, 15);
      const samples: number[] = [];
      const base: number[] = [];
      // One warm-up each (first load fills the OS file cache), then alternate.
      await openOnce(app);
      await openOnce(baseline);
      for (let i = 0; i < runs; i++) {
        samples.push(await openOnce(app));
        base.push(await openOnce(baseline));
      }
      return {
        samples,
        baseline: base,
        baselineLabel: 'raw Chromium, static 10k-row <table>',
        note: 'navigation start → first frame painted after appState=ready; the app fetches rows through the Playwright binding, not Electron IPC',
      };
    }),
};

const keystrokeRow: BenchRow = {
  figure: 'filter keystroke → updated table, 10,000 initiatives',
  target: { ms: 50, on: 'p95' },
  run: (ctx) =>
    withPages(ctx, async ({ app, baseline }) => {
      await openOnce(app);
      await openOnce(baseline);
      const pairs = Math.max(10, Math.min(ctx.runs, 25));
      const measure = async (page: Page, target: ChangeTarget) => {
        const out: number[] = [];
        await page.getByTestId('filter-text').fill('');
        await page.getByTestId('filter-text').focus();
        // Two warm-up keystrokes: the first filter pass builds caches (search text, JIT).
        for (let i = 0; i < 2 + pairs; i++) {
          const typed = await keystrokeOnce(page, target, KEYS[i % KEYS.length]!);
          const erased = await keystrokeOnce(page, target, 'Backspace');
          if (i >= 2) out.push(typed, erased);
        }
        return out;
      };
      const samples = await measure(app, { sel: '[data-testid="portfolio-table"]', attribute: 'aria-rowcount' });
      const base = await measure(baseline, { sel: '#t', attribute: null });
      return {
        samples,
        baseline: base,
        baselineLabel: 'raw DOM filter of the plain 10k-row <table>',
        note: 'keydown timestamp → first frame painted after the table changed; alternating a letter and Backspace',
      };
    }),
};

export const rendererRows: BenchRow[] = [openRow, keystrokeRow];
