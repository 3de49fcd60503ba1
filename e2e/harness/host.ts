import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { AppEvents, EventName } from '../../shared/ipc/contract';
import type { Result } from '../../shared/errors';
import { createCore, type Core, type CoreDeps } from '../../electron/core';
import { MemorySecretStore } from '../../electron/core/testing/fakes';
import type { Clock, Dialogs, PdfEngine } from '../../electron/core/ports';
import { createRouter, type Dispatch, type Sender } from '../../electron/core/router';
import { serveRenderer } from './static-server';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
/** FD_RENDERER_DIR lets parallel work test its own bundle (vite build --outDir DIR) without racing on out/. */
export const RENDERER_DIR = process.env.FD_RENDERER_DIR ?? join(REPO_ROOT, 'out/renderer');
export const DEFAULT_DB_NAME = 'portfolio.flightdeck';

/** Debian's Chromium unless CHROME_PATH says otherwise; never a downloaded browser. */
export function chromePath(): string {
  return process.env.CHROME_PATH ?? '/usr/bin/chromium';
}

export const CHROMIUM_ARGS = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-features=Translate,MediaRouter',
  // Chromium refuses its own sandbox when run as root (CI, containers).
  ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
];

/** Dialog answers queued by a test: each File > Open / New / Save a copy takes the next one (null = cancel). */
export class QueuedDialogs implements Dialogs {
  readonly openAnswers: (string | null)[] = [];
  readonly saveAnswers: (string | null)[] = [];
  /** Gate evidence files, one per "Attach file" (null = cancel). */
  readonly evidenceAnswers: (string | null)[] = [];
  chooseOpenPath(): Promise<string | null> {
    return Promise.resolve(this.openAnswers.shift() ?? null);
  }
  chooseSavePath(): Promise<string | null> {
    return Promise.resolve(this.saveAnswers.shift() ?? null);
  }
  chooseEvidenceFile(): Promise<string | null> {
    return Promise.resolve(this.evidenceAnswers.shift() ?? null);
  }
  /** Spreadsheets to import, one per "Import…" (null = cancel). */
  readonly importAnswers: (string | null)[] = [];
  chooseImportFile(): Promise<string | null> {
    return Promise.resolve(this.importAnswers.shift() ?? null);
  }
}

export interface HostOptions {
  /** The user-data folder: the default portfolio lives here. Each e2e test gets its own. */
  dataDir: string;
  /** PDF status packs; default headless Chromium, as the CLI. A test can pass one that waits to be cancelled. */
  pdfEngine?: PdfEngine;
  headless?: boolean;
  dialogs?: Dialogs;
  clock?: Clock;
  actor?: string;
  demoSize?: number;
  viewport?: { width: number; height: number } | null;
  colorScheme?: 'light' | 'dark';
  /** Called instead of the OS browser; the harness records external URLs. */
  onOpenExternal?: (url: string) => void;
}

export interface Host {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  core: Core;
  dispatch: Dispatch;
  origin: string;
  dbPath: string;
  externalOpened: string[];
  /** Where connection secrets went (the test stand-in for safeStorage). */
  secrets: MemorySecretStore;
  blockedRequests: string[];
  close(): Promise<void>;
}

/**
 * Installed before any page script: the same two-function bridge the Electron preload exposes.
 * Kept as source text, not a function, so no bundler or loader (tsx adds __name helpers) can change
 * what runs in the page.
 */
export const BRIDGE_SCRIPT = `(() => {
  const listeners = new Map();
  const bridge = Object.freeze({
    invoke: async (channel, input) => {
      const [envelope, packed] = await window.__fdInvoke(channel, input);
      const result = JSON.parse(envelope);
      if (packed !== null) result.value.json = packed;
      return result;
    },
    on: (event, listener) => {
      let set = listeners.get(event);
      if (!set) { set = new Set(); listeners.set(event, set); }
      set.add(listener);
      return () => { set.delete(listener); };
    },
  });
  Object.defineProperty(window, 'flightdeck', { value: bridge, writable: false, configurable: false });
  Object.defineProperty(window, '__fdEmit', {
    value: (event, payload) => { for (const l of listeners.get(event) || []) l(payload); },
  });
})();`;

/**
 * Results cross the binding as JSON text: Playwright's value serializer walks every object and is far
 * slower than Electron's structured clone, which would skew what tests and benchmarks see. A packed
 * payload (a value whose `json` is already JSON text) rides beside the envelope so it is not escaped twice.
 * Results are plain JSON data by contract, so nothing is lost on the way.
 */
function toWire(result: Result<unknown>): [string, string | null] {
  const v = result.ok ? result.value : null;
  if (v !== null && typeof v === 'object' && typeof (v as { json?: unknown }).json === 'string') {
    return [JSON.stringify({ ...result, value: { ...v, json: null } }), (v as { json: string }).json];
  }
  return [JSON.stringify(result), null];
}

/**
 * Opens the real renderer bundle in Chromium, wired to the real core through page.exposeBinding and
 * the same router the Electron main process uses. Used by e2e tests, benchmarks and `npm run start:browser`.
 */
export async function launchHost(options: HostOptions): Promise<Host> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No renderer bundle at ${RENDERER_DIR}: run \`npm run build\` first.`);
  }
  mkdirSync(options.dataDir, { recursive: true });
  const { origin, server } = await serveRenderer(RENDERER_DIR);
  const externalOpened: string[] = [];
  const blockedRequests: string[] = [];
  let page: Page | null = null;

  const emit = <E extends EventName>(event: E, payload: AppEvents[E]) => {
    // Events are fire-and-forget, as webContents.send is; a closed page just misses them.
    page
      ?.evaluate(([e, p]) => (window as unknown as { __fdEmit(e: string, p: unknown): void }).__fdEmit(e, p), [
        event,
        payload,
      ] as const)
      .catch(() => undefined);
  };
  const dbPath = join(options.dataDir, DEFAULT_DB_NAME);
  const secretStore = new MemorySecretStore();
  const deps: CoreDeps = {
    defaultDbPath: dbPath,
    dataDir: options.dataDir,
    dialogs: options.dialogs ?? new QueuedDialogs(),
    emit,
    actor: options.actor ?? 'E2E Tester',
    appVersion: '0.1.0',
    openExternal: (url) => {
      externalOpened.push(url);
      options.onOpenExternal?.(url);
      return Promise.resolve();
    },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.demoSize ? { demoSize: options.demoSize } : {}),
    // The app's safeStorage stands in here as the explicit test store: secrets stay in this process's memory.
    secrets: secretStore,
    ...(options.pdfEngine ? { pdfEngine: options.pdfEngine } : {}),
  };
  const core = createCore(deps);
  const isTrusted = (s: Sender) => s.isMainFrame && s.url.startsWith(origin + '/');
  const dispatch = createRouter(core.handlers, isTrusted, console as unknown as Parameters<typeof createRouter>[2]);

  const browser = await chromium.launch({
    executablePath: chromePath(),
    headless: options.headless ?? true,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({
    viewport: options.viewport === undefined ? { width: 1400, height: 900 } : options.viewport,
    colorScheme: options.colorScheme ?? 'light',
  });
  // As in Electron's will-navigate guard: nothing but the app's own origin loads.
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      blockedRequests.push(route.request().url());
      // A 204 answer to a navigation leaves the current document in place, which is what Electron's
      // will-navigate preventDefault does; aborting would swap the app for an error page.
      return route.request().isNavigationRequest() ? route.fulfill({ status: 204 }) : route.abort('blockedbyclient');
    },
  );
  await context.exposeBinding('__fdInvoke', async (source, channel: unknown, input: unknown) =>
    toWire(
      await dispatch(
        { url: source.frame.url(), isMainFrame: source.frame === source.page.mainFrame() },
        channel,
        input,
      ),
    ),
  );
  await context.addInitScript({ content: BRIDGE_SCRIPT });
  page = await context.newPage();
  // As in Electron's setWindowOpenHandler: no new windows.
  context.on('page', (p) => {
    if (p !== page) void p.close();
  });
  await page.goto(origin + '/index.html');

  return {
    browser,
    context,
    page,
    core,
    dispatch,
    origin,
    dbPath,
    externalOpened,
    secrets: secretStore,
    blockedRequests,
    close: async () => {
      await browser.close().catch(() => undefined);
      await new Promise<void>((ok) => server.close(() => ok()));
      core.dispose();
    },
  };
}
