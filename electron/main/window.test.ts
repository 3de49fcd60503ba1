// Electron security checklist items 11-15 and 2-10, as the code really wires them: hardenWebContents() and
// createMainWindow() against a fake 'electron' (the binary cannot run here), with the real URL rules behind them.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import type { Logger } from '../core/ports';

type Fn = (...args: never[]) => unknown;

const h = vi.hoisted(() => {
  const opened: string[] = [];
  const windows: { options: Record<string, unknown>; url: string }[] = [];
  class FakeWebContents {
    events = new Map<string, Fn[]>();
    openHandler: ((details: { url: string }) => { action: string }) | null = null;
    on(event: string, fn: Fn) {
      this.events.set(event, [...(this.events.get(event) ?? []), fn]);
      return this;
    }
    setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
      this.openHandler = fn;
    }
  }
  class FakeWindow {
    webContents = new FakeWebContents();
    url = '';
    constructor(readonly options: Record<string, unknown>) {
      windows.push(this);
    }
    on() {
      return this;
    }
    once() {
      return this;
    }
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
  }
  const display = { workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  const electron = {
    BrowserWindow: FakeWindow,
    nativeTheme: { shouldUseDarkColors: false },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    shell: {
      openExternal: (url: string) => {
        opened.push(url);
        return Promise.resolve();
      },
    },
  };
  return { electron, opened, windows, FakeWebContents };
});

vi.mock('electron', () => h.electron);

const { hardenWebContents, createMainWindow } = await import('./window');

function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    };
  const logger: Logger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

function hardened() {
  const contents = new h.FakeWebContents();
  const { logger, lines } = recordingLogger();
  hardenWebContents(contents as unknown as WebContents, logger);
  /** Fires `event` like Electron does and reports whether the handler prevented the default action. */
  const fire = (event: string, ...args: unknown[]) => {
    let prevented = false;
    const e = { preventDefault: () => (prevented = true) };
    for (const fn of contents.events.get(event) ?? []) (fn as (...a: unknown[]) => void)(e, ...args);
    return prevented;
  };
  return { contents, fire, lines };
}

// What a hostile page (or a link in stored text) might try to navigate or open.
const HOSTILE = [
  'https://evil.example/',
  'http://evil.example/phish',
  'file:///etc/passwd',
  'file:///C:/Windows/System32/calc.exe',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'smb://attacker/share',
  'ms-msdt:/id PCWDiagnostic',
  'vscode://file/etc/passwd',
  'about:blank',
  'devtools://devtools/bundled/inspector.html',
  'app://evil/index.html',
  'app://flightdeck.evil.example/index.html',
  'app://user@flightdeck/index.html',
  'app://flightdeck:8080/index.html',
  'not a url',
];

beforeEach(() => {
  h.opened.length = 0;
});

describe('hardenWebContents', () => {
  it.each(['will-navigate', 'will-redirect'])('%s: stays inside app://flightdeck', (event) => {
    const { fire } = hardened();
    expect(fire(event, 'app://flightdeck/index.html')).toBe(false);
    expect(fire(event, 'app://flightdeck/index.html#/initiatives/3')).toBe(false);
    for (const url of HOSTILE) expect(fire(event, url), url).toBe(true);
  });

  it('logs refused navigations with the origin only, never the full URL (it may carry tokens)', () => {
    const { fire, lines } = hardened();
    fire('will-navigate', 'https://evil.example/cb?token=SECRET-TOKEN');
    expect(lines).toEqual([
      { level: 'warn', message: 'window: refused navigation', fields: { target: 'https://evil.example' } },
    ]);
    expect(JSON.stringify(lines)).not.toContain('SECRET-TOKEN');
  });

  it('refuses every <webview>', () => {
    const { fire, lines } = hardened();
    expect(fire('will-attach-webview', {}, { src: 'app://flightdeck/index.html' })).toBe(true);
    expect(lines.map((l) => l.message)).toEqual(['window: refused <webview>']);
  });

  it('never opens an Electron window, and hands only https links to the OS browser', async () => {
    const { contents } = hardened();
    const open = contents.openHandler;
    expect(open).not.toBeNull();
    for (const url of HOSTILE) expect(open?.({ url }), url).toEqual({ action: 'deny' });
    expect(open?.({ url: 'https://docs.example.com/guide' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'app://flightdeck/index.html' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'mailto:someone@example.com' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'https://bank.example@evil.example/' })).toEqual({ action: 'deny' });
    await Promise.resolve();
    // Only plain https links left the app (to the OS browser, outside the app's privileges): no http, mail,
    // file, script, share or custom scheme, and no URL with credentials.
    expect(h.opened).toEqual(['https://evil.example/', 'https://docs.example.com/guide']);
  });
});

describe('createMainWindow', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fd-window-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds the window with every secure preference and loads the app origin', () => {
    h.windows.length = 0;
    const { logger } = recordingLogger();
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', stateFile: join(dir, 'state.json'), logger });
    expect(h.windows).toHaveLength(1);
    const win = h.windows[0]!;
    expect(win.url).toBe('app://flightdeck/index.html');
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(prefs).not.toHaveProperty('enableRemoteModule');
    expect(prefs).not.toHaveProperty('session');
  });
});

describe('inventory of windows', () => {
  it('creates web contents only in window.ts and pdf-engine.ts, both held to the checklist above and in pdf-engine.test.ts', () => {
    const root = join(import.meta.dirname, '..', '..');
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== 'node_modules') walk(full);
        } else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          const text = readFileSync(full, 'utf8');
          if (/new\s+(BrowserWindow|BrowserView|WebContentsView)\s*\(|webContents\.create\s*\(/.test(text)) {
            found.push(relative(root, full).split('\\').join('/'));
          }
        }
      }
    };
    walk(join(root, 'electron'));
    // A new window elsewhere must come with its own test of secure preferences; then add it here.
    expect(found.sort()).toEqual(['electron/main/pdf-engine.ts', 'electron/main/window.ts']);
  });
});
