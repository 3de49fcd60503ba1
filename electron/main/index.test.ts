// Smoke test of the composition root with a fake 'electron' module: the binary cannot run here, but
// the wiring (order of setup, the one IPC channel, the core behind it, userData, menu, window guards)
// is plain code and can be exercised under Node with the Node build of better-sqlite3.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_INVOKE } from '../../shared/ipc/contract';
import { openPortfolio } from '../core/db/open';

type Fn = (...args: never[]) => unknown;

const h = vi.hoisted(() => {
  const listeners = new Map<string, Fn[]>();
  const on = (map: Map<string, Fn[]>) => (event: string, fn: Fn) => {
    map.set(event, [...(map.get(event) ?? []), fn]);
  };
  const paths = new Map<string, string>([['documents', '/tmp']]);
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));
  const state = {
    listeners,
    paths,
    ready: () => ready(),
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, Fn>(),
    ipcHandlers: new Map<string, Fn>(),
    menu: null as unknown,
    windows: [] as FakeWindow[],
    sent: [] as unknown[][],
    sandboxed: false,
    permissionRequest: null as Fn | null,
    permissionCheck: null as Fn | null,
  };
  class FakeWebContents {
    events = new Map<string, Fn[]>();
    openHandler: Fn | null = null;
    on = on(this.events);
    setWindowOpenHandler(fn: Fn) {
      this.openHandler = fn;
    }
    send(...args: unknown[]) {
      state.sent.push(args);
    }
  }
  class FakeWindow {
    static getAllWindows = () => state.windows;
    static getFocusedWindow = () => state.windows[0] ?? null;
    webContents = new FakeWebContents();
    events = new Map<string, Fn[]>();
    url = '';
    constructor(readonly options: Record<string, unknown>) {
      state.windows.push(this);
    }
    on = on(this.events);
    once = on(this.events);
    isDestroyed = () => false;
    isMinimized = () => false;
    restore = () => undefined;
    show = () => undefined;
    focus = () => undefined;
    loadURL(url: string) {
      this.url = url;
      return Promise.resolve();
    }
  }
  const display = { workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  const electron = {
    app: {
      isPackaged: false,
      setPath: (name: string, p: string) => paths.set(name, p),
      getPath: (name: string) => paths.get(name) ?? `/nonexistent/${name}`,
      getAppPath: () => '/nonexistent/app',
      getVersion: () => '9.9.9',
      getName: () => 'Flightdeck',
      enableSandbox: () => {
        state.sandboxed = true;
      },
      requestSingleInstanceLock: () => true,
      whenReady: () => whenReady,
      on: on(listeners),
      quit: () => undefined,
      exit: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => state.privileged.push(...s),
      handle: (scheme: string, fn: Fn) => state.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => {
          state.permissionRequest = fn;
        },
        setPermissionCheckHandler: (fn: Fn) => {
          state.permissionCheck = fn;
        },
      },
    },
    ipcMain: {
      handle: (channel: string, fn: Fn) => state.ipcHandlers.set(channel, fn),
      removeHandler: (channel: string) => state.ipcHandlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => {
        state.menu = m;
      },
    },
    BrowserWindow: FakeWindow,
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    nativeTheme: { shouldUseDarkColors: false },
    shell: { openExternal: () => Promise.resolve(), openPath: () => Promise.resolve('') },
    dialog: {},
  };
  return { state, electron };
});

vi.mock('electron', () => h.electron);

const appFrame = { senderFrame: { url: 'app://flightdeck/index.html', parent: null } };
let userData: string;

beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'fd-main-'));
  process.env.FLIGHTDECK_USER_DATA = userData;
  // Keep the composition root's process-wide hooks out of the test runner's own process handlers.
  const processOn = vi.spyOn(process, 'on').mockImplementation(() => process);
  await import('./index');
  h.state.ready();
  await vi.waitFor(() => expect(h.state.windows).toHaveLength(1), { timeout: 30_000 });
  expect(processOn).toHaveBeenCalledWith('uncaughtException', expect.any(Function));
  processOn.mockRestore();
  // Importing the whole composition root (core, schemas, migrations) takes seconds on a busy CI machine.
}, 60_000);

afterAll(() => {
  for (const fn of h.state.listeners.get('will-quit') ?? []) fn();
  delete process.env.FLIGHTDECK_USER_DATA;
  rmSync(userData, { recursive: true, force: true });
});

describe('composition root (fake electron)', () => {
  it('registers app:// as a privileged scheme, sandboxes every renderer and serves the protocol', () => {
    expect(h.state.privileged).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(h.state.sandboxed).toBe(true);
    expect(h.state.protocolHandlers.has('app')).toBe(true);
  });

  it('moves userData to FLIGHTDECK_USER_DATA and logs there', () => {
    expect(h.state.paths.get('userData')).toBe(userData);
    expect(existsSync(join(userData, 'logs', 'main.log'))).toBe(true);
  });

  it('opens one secure window on the app URL, hardened by web-contents-created', () => {
    const win = h.state.windows[0];
    expect(win?.url).toBe('app://flightdeck/index.html');
    expect(win?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
    expect(win?.options.show).toBe(false);
    expect(h.state.listeners.get('web-contents-created')).toHaveLength(1);
  });

  it('hardens every web contents created later (a devtools page, a future window) like the main one', () => {
    const created = h.state.listeners.get('web-contents-created')?.[0] as unknown as (e: unknown, c: unknown) => void;
    const contents = new (
      h.state.windows[0]!.webContents.constructor as new () => {
        events: Map<string, Fn[]>;
        openHandler: Fn | null;
      }
    )();
    created({}, contents);
    const prevented = (event: string, url: string) => {
      let p = false;
      for (const fn of contents.events.get(event) ?? []) {
        (fn as (...a: unknown[]) => void)({ preventDefault: () => (p = true) }, url);
      }
      return p;
    };
    expect(prevented('will-navigate', 'https://evil.example/')).toBe(true);
    expect(prevented('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(prevented('will-navigate', 'app://flightdeck/index.html')).toBe(false);
    expect(prevented('will-attach-webview', 'app://flightdeck/index.html')).toBe(true);
    expect((contents.openHandler as (d: { url: string }) => unknown)({ url: 'javascript:alert(1)' })).toEqual({
      action: 'deny',
    });
  });

  it('denies every permission request and check on the default session, and logs the refused requests', () => {
    const permissions = [
      'media',
      'geolocation',
      'notifications',
      'midi',
      'midiSysex',
      'pointerLock',
      'fullscreen',
      'openExternal',
      'clipboard-read',
      'clipboard-sanitized-write',
      'display-capture',
      'idle-detection',
      'hid',
      'serial',
      'usb',
      'unknown',
    ];
    const answers: boolean[] = [];
    for (const permission of permissions) {
      h.state.permissionRequest?.(...([null, permission, (ok: boolean) => answers.push(ok)] as never[]));
    }
    expect(answers).toEqual(permissions.map(() => false));
    for (const permission of permissions) {
      expect(h.state.permissionCheck?.(...([null, permission, 'app://flightdeck', {}] as never[])), permission).toBe(
        false,
      );
    }
    const log = readFileSync(join(userData, 'logs', 'main.log'), 'utf8');
    for (const permission of ['media', 'geolocation', 'usb']) {
      expect(log).toMatch(new RegExp(`window: refused permission.*"permission":"${permission}"`));
    }
  });

  it('registers the app:// handler, which serves the CSP and refuses traversal', async () => {
    const handler = h.state.protocolHandlers.get('app') as (r: Request) => Promise<Response>;
    // out/renderer may not be built here: a 404 still has to carry the CSP, and traversal must never be a 200.
    const res = await handler(new Request('app://flightdeck/%2e%2e%2f%2e%2e%2fpackage.json'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
  });

  it('answers the app frame through one invoke channel backed by the real core', async () => {
    expect([...h.state.ipcHandlers.keys()]).toEqual([IPC_INVOKE]);
    const invoke = h.state.ipcHandlers.get(IPC_INVOKE) as (...a: unknown[]) => Promise<unknown>;
    expect(await invoke(appFrame, 'app/info')).toMatchObject({ ok: true, value: { version: '9.9.9' } });
    const opened = await invoke(appFrame, 'workspace/openDefault');
    expect(opened).toMatchObject({ ok: true, value: { state: 'open', path: join(userData, 'portfolio.flightdeck') } });
    expect(existsSync(join(userData, 'portfolio.flightdeck'))).toBe(true);
    // Core events reach the window on the one event channel.
    expect(h.state.sent).toContainEqual([IPC_EVENT, expect.objectContaining({ event: 'workspace/changed' })]);
    const foreign = await invoke({ senderFrame: { url: 'https://evil.example/', parent: null } }, 'app/info');
    expect(foreign).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('opens a portfolio the OS hands to a second launch through the normal open flow', async () => {
    const invoke = h.state.ipcHandlers.get(IPC_INVOKE) as (...a: unknown[]) => Promise<unknown>;
    const secondInstance = h.state.listeners.get('second-instance')?.[0] as unknown as (
      e: unknown,
      argv: string[],
      cwd: string,
    ) => void;
    const a = join(userData, 'a.flightdeck');
    const b = join(userData, 'b.flightdeck');
    for (const p of [a, b]) {
      const r = openPortfolio(p, { create: true });
      if (r.ok) r.db.close();
    }
    h.state.sent.length = 0;
    secondInstance({}, ['/opt/Flightdeck/flightdeck', 'a.flightdeck'], userData);
    expect(h.state.sent).toContainEqual([IPC_EVENT, { event: 'menu/command', payload: { command: 'file/open' } }]);
    expect(await invoke(appFrame, 'workspace/open')).toMatchObject({ ok: true, value: { state: 'open', path: a } });

    // A request still pending when the renderer asks for the default portfolio wins over the default.
    secondInstance({}, ['flightdeck', b], '/');
    expect(await invoke(appFrame, 'workspace/openDefault')).toMatchObject({ ok: true, value: { path: b } });
    expect(await invoke(appFrame, 'workspace/openDefault')).toMatchObject({
      ok: true,
      value: { path: join(userData, 'portfolio.flightdeck') },
    });
  });

  it('installs the menu and forwards its commands as menu/command events', () => {
    const template = h.state.menu as { label?: string; submenu?: { label?: string; click?: () => void }[] }[];
    const open = template.flatMap((m) => m.submenu ?? []).find((i) => i.label === 'Open Portfolio…');
    open?.click?.();
    expect(h.state.sent).toContainEqual([IPC_EVENT, { event: 'menu/command', payload: { command: 'file/open' } }]);
  });
});
