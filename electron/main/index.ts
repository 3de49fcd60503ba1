// Composition root of the Electron shell: app lifecycle, the app:// protocol, the core with its
// Electron-backed ports, the one IPC channel, the menu and the window. Decisions live in the pure
// modules beside this file; this one only wires them to Electron.
import { BrowserWindow, Menu, app, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../core/index';
import type { Emit, Logger } from '../core/ports';
import { createRouter } from '../core/router';
import { IPC_EVENT, type MenuCommand } from '../../shared/ipc/contract';
import { serveAppRequest } from './app-protocol';
import { APP_SCHEME, isSafeExternalUrl, isTrustedSender } from './app-url';
import { electronDialogs } from './dialogs';
import { electronPdfEngine } from './pdf-engine';
import { createFileLogger } from './file-logger';
import { registerIpc } from './ipc';
import { SECRETS_FILE_NAME, createSafeSecretStore } from './secret-store';
import { buildMenuTemplate } from './menu';
import { PendingOpen, portfolioPathFromArgv, withPendingOpen } from './open-requests';
import { DEFAULT_PORTFOLIO_NAME, nativeBindingPath, userDataOverride } from './paths';
import { createMainWindow, hardenWebContents } from './window';

// Must happen before 'ready' and before the single-instance lock, which is keyed on userData:
// two e2e runs with different folders are then two independent apps.
const userData = userDataOverride(process.env, process.cwd());
if (userData) app.setPath('userData', userData);

// Standard + secure gives app:// a real origin (fetch, localStorage, CSP 'self') like https would.
// corsEnabled lets Vite's `<script type="module" crossorigin>` load over the scheme; responses carry
// no Access-Control-Allow-Origin, so no other origin can read them.
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
  },
]);
// Every renderer sandboxed, including any a future feature forgets to configure.
app.enableSandbox();

const isDev = !app.isPackaged;
const outDir = join(__dirname, '..'); // out/main/index.cjs → out/
const rendererRoot = join(outDir, 'renderer');
const preloadPath = join(outDir, 'preload', 'index.cjs');

let mainWindow: BrowserWindow | null = null;
let core: Core | null = null;
let unregisterIpc: (() => void) | null = null;

/** A portfolio the OS asked us to open (file association, argv, second launch, macOS open-file). */
const pendingOpen = new PendingOpen();

/**
 * Before the renderer has opened anything, its startup "open default" is redirected to the requested
 * file (see the dispatch wrapper): a menu command sent that early would arrive before anything listens.
 * Once a portfolio is open (or failed), the renderer runs its normal File > Open flow for it.
 */
function requestOpen(path: string): void {
  pendingOpen.set(path);
  if (core && core.workspace.status().state !== 'closed') emit('menu/command', { command: 'file/open' });
}

function showMainWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

const emit: Emit = (event, payload) => {
  for (const win of BrowserWindow.getAllWindows()) {
    if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, { event, payload });
  }
};

function resolveNativeBinding(logger: Logger): string | undefined {
  const path = nativeBindingPath({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    appPath: app.getAppPath(),
  });
  if (existsSync(path)) return path;
  // Without it better-sqlite3 falls back to node_modules, which is the plain-Node build: opening the
  // portfolio then fails with an ABI error that the UI shows. The log names the fix.
  logger.error('native: Electron build of better-sqlite3 missing; run `node tools/electron-native.mjs`', { path });
  return undefined;
}

function start(): void {
  const logDir = join(app.getPath('userData'), 'logs');
  const logger = createFileLogger({ dir: logDir, echo: isDev });
  logger.info('app: starting', { version: app.getVersion(), electron: process.versions.electron, isDev });
  process.on('uncaughtException', (e) => logger.error('app: uncaught exception', { error: e }));
  process.on('unhandledRejection', (e) => logger.error('app: unhandled rejection', { error: e }));

  // Checklist item 5: the app needs no camera, notifications, geolocation, ... so every request is refused.
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, permission, callback) => {
    logger.warn('window: refused permission', { permission });
    callback(false);
  });
  ses.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request));

  core = createCore({
    defaultDbPath: join(app.getPath('userData'), DEFAULT_PORTFOLIO_NAME),
    dataDir: app.getPath('userData'),
    dialogs: withPendingOpen(electronDialogs, pendingOpen),
    emit,
    // The core's schema already limits this to http(s)/mailto; checked again because it leaves the app.
    openExternal: async (url) => {
      if (!isSafeExternalUrl(url)) throw new Error('Refused to open an unsafe link.');
      await shell.openExternal(url);
    },
    logger,
    actor: safeUsername(),
    appVersion: app.getVersion(),
    platform: process.platform,
    nativeBinding: resolveNativeBinding(logger),
    // Connection secrets encrypted by the OS (safeStorage); refused, never stored in clear, when it is unavailable.
    secrets: createSafeSecretStore({
      // Looked up on use, not here: safeStorage is only usable after 'ready' and only when a secret is needed.
      safeStorage: {
        isEncryptionAvailable: () => safeStorage.isEncryptionAvailable(),
        encryptString: (plain) => safeStorage.encryptString(plain),
        decryptString: (encrypted) => safeStorage.decryptString(encrypted),
        getSelectedStorageBackend: () =>
          process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os',
      },
      file: join(app.getPath('userData'), SECRETS_FILE_NAME),
    }),
    env: process.env,
    // Live connections are polled here in the main process, never in the renderer; dispose() stops it on quit.
    // Requests and parsing run in a worker thread beside main, so a burst of answers never stalls the UI's IPC.
    polling: true,
    pollWorker: { path: join(__dirname, 'pollWorker.cjs') },
    // Status-pack PDFs print in a hidden, script-less window of Electron's own Chromium (no browser needed).
    pdfEngine: electronPdfEngine(),
  });
  const dispatch = createRouter(core.handlers, isTrustedSender, logger);
  unregisterIpc = registerIpc(ipcMain, (sender, channel, input) =>
    // 'workspace/open' takes its path from Dialogs, which answers with the pending request.
    channel === 'workspace/openDefault' && pendingOpen.hasPending
      ? dispatch(sender, 'workspace/open', undefined)
      : dispatch(sender, channel, input),
  );

  const send = (command: MenuCommand) => emit('menu/command', { command });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        isDev,
        appName: app.getName(),
        send,
        showLogs: () => void shell.openPath(logDir),
      }),
    ),
  );

  // Registered before the first window exists, so the main window is hardened like any later one.
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents, logger));

  const openWindow = () => {
    mainWindow = createMainWindow({
      preloadPath,
      stateFile: join(app.getPath('userData'), 'window-state.json'),
      logger,
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };
  openWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

function safeUsername(): string {
  try {
    return userInfo().username || 'Flightdeck user';
  } catch {
    // Some containers have no passwd entry for the uid.
    return 'Flightdeck user';
  }
}

if (!app.requestSingleInstanceLock()) {
  // Another Flightdeck owns this userData (and holds the portfolio's exclusive lock): hand over and leave.
  app.quit();
} else {
  const launchFile = portfolioPathFromArgv(process.argv.slice(1), process.cwd());
  if (launchFile) pendingOpen.set(launchFile);
  // A second launch (double-click on a file while running) lands here with its own argv and folder.
  app.on('second-instance', (_e, argv, workingDirectory) => {
    const path = portfolioPathFromArgv(argv.slice(1), workingDirectory);
    if (path) requestOpen(path);
    showMainWindow();
  });
  // macOS delivers file associations as open-file, possibly before 'ready'.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    requestOpen(path);
    showMainWindow();
  });
  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      process.stderr.write(`flightdeck: failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
      app.exit(1);
    });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', () => {
    unregisterIpc?.();
    core?.dispose();
  });
}
