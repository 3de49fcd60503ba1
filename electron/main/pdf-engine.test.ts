// The status-pack PDF window (pdf-engine.ts) against a fake 'electron': the second BrowserWindow the app creates
// must be as locked down as the main one, plus no JavaScript and a session that can load nothing but its page.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

type Fn = (...args: never[]) => unknown;
type BeforeRequest = (details: { url: string }, callback: (r: { cancel: boolean }) => void) => void;

const h = vi.hoisted(() => {
  const state = {
    windows: [] as FakeWindow[],
    beforeRequest: null as BeforeRequest | null,
    permissionRequest: null as Fn | null,
    permissionCheck: null as Fn | null,
    partitions: [] as unknown[][],
    /** Decisions of the session's request filter, asked while the page "loads". */
    duringLoad: [] as { url: string; cancel: boolean }[],
    probe: [] as string[],
  };
  const ask = (url: string) => {
    let cancel: boolean | undefined;
    state.beforeRequest?.({ url }, (r) => (cancel = r.cancel));
    return cancel;
  };
  const fakeSession = {
    webRequest: {
      onBeforeRequest: (fn: BeforeRequest) => {
        state.beforeRequest = fn;
      },
    },
    setPermissionRequestHandler: (fn: Fn) => {
      state.permissionRequest = fn;
    },
    setPermissionCheckHandler: (fn: Fn) => {
      state.permissionCheck = fn;
    },
  };
  class FakeWebContents {
    events = new Map<string, Fn[]>();
    openHandler: ((d: { url: string }) => { action: string }) | null = null;
    on(event: string, fn: Fn) {
      this.events.set(event, [...(this.events.get(event) ?? []), fn]);
      return this;
    }
    setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
      this.openHandler = fn;
    }
    printToPDF() {
      return Promise.resolve(Buffer.from('%PDF-1.7 fake'));
    }
  }
  class FakeWindow {
    webContents = new FakeWebContents();
    destroyed = false;
    loaded = '';
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this);
    }
    loadURL(url: string) {
      this.loaded = url;
      for (const u of [url, ...state.probe]) state.duringLoad.push({ url: u, cancel: ask(u) ?? false });
      return Promise.resolve();
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  const electron = {
    BrowserWindow: FakeWindow,
    session: {
      fromPartition: (...args: unknown[]) => {
        state.partitions.push(args);
        return fakeSession;
      },
    },
  };
  return { state, electron, ask };
});

vi.mock('electron', () => h.electron);

const { electronPdfEngine } = await import('./pdf-engine');

describe('electronPdfEngine', () => {
  it('prints in a hidden, script-less, sandboxed window on an in-memory session that refuses everything else', async () => {
    h.state.probe = [
      'https://evil.example/beacon.png',
      'http://169.254.169.254/latest/meta-data/',
      'file:///etc/passwd',
      'app://flightdeck/index.html',
      'data:image/png;base64,iVBORw0KGgo=',
    ];
    const pdf = await electronPdfEngine().htmlToPdf('<h1>Pack</h1><img src="https://evil.example/beacon.png">');
    expect(pdf.toString()).toContain('%PDF');

    expect(h.state.windows).toHaveLength(1);
    const win = h.state.windows[0]!;
    expect(win.options.show).toBe(false);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      javascript: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('preload');
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs.experimentalFeatures ?? false).toBe(false);
    // A partition without "persist:" lives in memory only; cache off.
    expect(h.state.partitions).toEqual([['flightdeck-pdf', { cache: false }]]);

    // While printing: the page itself and inline data: images load; the network, other files and the app do not.
    const page = h.state.duringLoad[0]!;
    expect(page.url).toBe(win.loaded);
    expect(page.url.startsWith('file://')).toBe(true);
    expect(page.cancel).toBe(false);
    expect(h.state.duringLoad.slice(1)).toEqual([
      { url: 'https://evil.example/beacon.png', cancel: true },
      { url: 'http://169.254.169.254/latest/meta-data/', cancel: true },
      { url: 'file:///etc/passwd', cancel: true },
      { url: 'app://flightdeck/index.html', cancel: true },
      { url: 'data:image/png;base64,iVBORw0KGgo=', cancel: false },
    ]);
    // Afterwards even that page is refused, its temporary file is gone and the window destroyed.
    expect(h.ask(page.url)).toBe(true);
    expect(existsSync(fileURLToPath(page.url))).toBe(false);
    expect(win.destroyed).toBe(true);
  });

  it('prevents navigation, redirects and new windows, and denies every permission', async () => {
    h.state.windows.length = 0;
    h.state.probe = [];
    await electronPdfEngine().htmlToPdf('<p>x</p>');
    const wc = h.state.windows[0]!.webContents;
    for (const event of ['will-navigate', 'will-redirect']) {
      let prevented = false;
      for (const fn of wc.events.get(event) ?? []) {
        (fn as (...a: unknown[]) => void)({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
      }
      expect(prevented, event).toBe(true);
    }
    expect(wc.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });

    const answers: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      (h.state.permissionRequest as (...a: unknown[]) => void)(null, permission, (ok: boolean) => answers.push(ok));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect((h.state.permissionCheck as (...a: unknown[]) => unknown)(null, 'media', 'file://', {})).toBe(false);
  });
});
