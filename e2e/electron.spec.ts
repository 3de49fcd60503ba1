// The Electron transport itself: the built app launched with Playwright's _electron, each test with
// its own user-data folder. Everything above the transport is covered by the browser-harness specs.
// Where the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD on these machines) the
// whole file is reported as skipped, with the reason, rather than passing without running.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { FlightdeckBridge } from '../shared/ipc/contract';

const ROOT = resolve(import.meta.dirname, '..');
const SKIP_REASON = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD)';

/** The electron package exports the binary's path, and throws when the download was skipped. */
function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(join(ROOT, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

/** The page's window as the preload leaves it; a local type, so no global declaration leaks into other specs. */
type AppWindow = Window & { flightdeck: FlightdeckBridge; __marker?: number };

test.describe('Electron shell', () => {
  test.skip(binary === null, SKIP_REASON);

  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeAll(() => {
    // A present binary with a missing build is a setup error, reported as a failure with the fix.
    for (const f of ['out/main/index.cjs', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      if (!existsSync(join(ROOT, f))) throw new Error(`${f} is missing: run \`node tools/build.mjs\` first`);
    }
    if (!existsSync(join(ROOT, '.native/electron/better_sqlite3.node'))) {
      throw new Error('.native/electron/better_sqlite3.node is missing: run `node tools/electron-native.mjs` first');
    }
  });

  test.beforeEach(async () => {
    userData = test.info().outputPath('user-data');
    app = await electron.launch({
      executablePath: binary ?? undefined,
      // Chromium refuses to start as root with its OS sandbox; the renderer's sandbox: true still applies.
      args: [ROOT, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: ROOT,
      env: { ...process.env, FLIGHTDECK_USER_DATA: userData, ELECTRON_ENABLE_SECURITY_WARNINGS: 'true' },
    });
    page = await app.firstWindow();
    // The renderer's own ready signal (as in the browser specs): first run shows setup, else ready.
    await expect(page.locator('html')).toHaveAttribute('data-app-state', /^(ready|setup)$/, { timeout: 20_000 });
  });

  test.afterEach(async () => {
    await app?.close().catch(() => undefined); // the last test closes it itself
  });

  test('opens one window on app:// with secure webPreferences', async () => {
    expect(page.url()).toMatch(/^app:\/\/flightdeck\//);
    const main = await app.evaluate(({ BrowserWindow }) => {
      const windows = BrowserWindow.getAllWindows();
      const contents = windows[0]?.webContents as
        (Electron.WebContents & { getLastWebPreferences?: () => Electron.WebPreferences | null }) | undefined;
      const prefs = contents?.getLastWebPreferences?.() ?? null;
      return {
        count: windows.length,
        prefs: prefs && {
          contextIsolation: prefs.contextIsolation,
          sandbox: prefs.sandbox,
          nodeIntegration: prefs.nodeIntegration,
          webSecurity: prefs.webSecurity,
          webviewTag: prefs.webviewTag,
        },
      };
    });
    expect(main.count).toBe(1);
    // getLastWebPreferences is undocumented; when a version drops it, the renderer checks below still hold.
    if (main.prefs) {
      expect(main.prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
      });
      expect(main.prefs.webviewTag).not.toBe(true);
    }
    const nodeInPage = await page.evaluate(
      () =>
        typeof (globalThis as { require?: unknown }).require !== 'undefined' ||
        typeof (globalThis as { process?: unknown }).process !== 'undefined',
    );
    expect(nodeInPage).toBe(false);
  });

  test('window.flightdeck has only invoke and on, and invoke reaches the core', async () => {
    expect(await page.evaluate(() => Object.keys((window as unknown as AppWindow).flightdeck).sort())).toEqual([
      'invoke',
      'on',
    ]);
    const info = await page.evaluate(() => (window as unknown as AppWindow).flightdeck.invoke('app/info'));
    expect(info.ok).toBe(true);
    const unknown = await page.evaluate(() =>
      ((window as unknown as AppWindow).flightdeck.invoke as (c: string, i?: unknown) => Promise<unknown>)('fs/read', {
        path: '/etc/passwd',
      }),
    );
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  test('navigation away from the app and popups are refused', async () => {
    const before = page.url();
    await page.evaluate(() => {
      (window as unknown as AppWindow).__marker = 1;
      window.location.href = 'https://example.com/phish';
    });
    // A round trip through main after the attempt: the same document must still be there to answer.
    const info = await page.evaluate(() => (window as unknown as AppWindow).flightdeck.invoke('app/info'));
    expect(info.ok).toBe(true);
    expect(await page.evaluate(() => (window as unknown as AppWindow).__marker)).toBe(1);
    expect(page.url()).toBe(before);

    // Plain http: refused outright. (An https URL would be handed to the OS browser, which a test
    // machine should not start.)
    const popup = await page.evaluate(() => window.open('http://example.com/popup', '_blank'));
    expect(popup).toBeNull();
    expect(app.windows()).toHaveLength(1);
  });

  test('permission requests are denied', async () => {
    const result = await page.evaluate(async () => ({
      notifications: await Notification.requestPermission(),
      geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state,
    }));
    expect(result).toEqual({ notifications: 'denied', geolocation: 'denied' });
  });

  test('app:// answers with the CSP header and refuses traversal', async () => {
    const res = await page.evaluate(async () => {
      const ok = await fetch('app://flightdeck/index.html');
      const escape = await fetch('app://flightdeck/..%2f..%2fpackage.json');
      return { status: ok.status, csp: ok.headers.get('content-security-policy'), escape: escape.status };
    });
    expect(res.status).toBe(200);
    expect(res.csp).toContain("default-src 'none'");
    expect(res.csp).toContain("frame-ancestors 'none'");
    expect(res.escape).toBe(404);
  });

  test('user data (portfolio, logs, window state) goes to FLIGHTDECK_USER_DATA', async () => {
    expect(existsSync(join(userData, 'portfolio.flightdeck'))).toBe(true);
    expect(existsSync(join(userData, 'logs', 'main.log'))).toBe(true);
    await app.close();
    expect(existsSync(join(userData, 'window-state.json'))).toBe(true);
  });
});
