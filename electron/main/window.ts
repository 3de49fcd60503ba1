// The main window and the guards every web contents gets. Runtime Electron lives here and in
// index.ts only; the decisions (URLs, preferences, window state) come from the pure modules.
import { BrowserWindow, nativeTheme, screen, shell, type WebContents } from 'electron';
import { APP_ENTRY_URL, isAppUrl, isSafeExternalUrl } from './app-url';
import type { Logger } from '../core/ports';
import { secureWebPreferences } from './web-preferences';
import {
  MIN_HEIGHT,
  MIN_WIDTH,
  clampToDisplays,
  loadWindowState,
  saveWindowState,
  type WindowState,
} from './window-state';

/**
 * Applied to every web contents the app ever creates (app 'web-contents-created'), so a future second
 * window or a devtools-opened page cannot miss them. Checklist items 11-15 of the Electron security guide.
 */
export function hardenWebContents(contents: WebContents, logger: Logger): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    logger.warn('window: refused <webview>');
  });
  const refuseOffApp = (event: { preventDefault(): void }, url: string, what: string) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    // Only the scheme and host are logged: a full URL could carry tokens in its query.
    logger.warn(`window: refused ${what}`, { target: safeOrigin(url) });
  };
  contents.on('will-navigate', (event, url) => refuseOffApp(event, url, 'navigation'));
  contents.on('will-redirect', (event, url) => refuseOffApp(event, url, 'redirect'));
  contents.setWindowOpenHandler(({ url }) => {
    // target=_blank and window.open never make an Electron window; https links go to the OS browser.
    if (isSafeExternalUrl(url, { httpsOnly: true })) {
      shell.openExternal(url).catch((e: unknown) => logger.warn('window: openExternal failed', { error: e }));
    } else {
      logger.warn('window: refused window.open', { target: safeOrigin(url) });
    }
    return { action: 'deny' };
  });
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(unparseable)';
  }
}

export interface MainWindowOptions {
  preloadPath: string;
  stateFile: string;
  logger: Logger;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea);
  const state = clampToDisplays(loadWindowState(options.stateFile), workAreas);

  const win = new BrowserWindow({
    ...state.bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'Flightdeck',
    // Shown on ready-to-show: no white flash, no half-painted frame.
    show: false,
    // The renderer's --bg (renderer/src/styles/theme.css) for each scheme, so a resize never flashes.
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15181d' : '#f6f7f9',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(options.preloadPath),
  });

  win.once('ready-to-show', () => {
    if (state.maximized) win.maximize();
    win.show();
  });

  // Saved on every move/resize (debounced) as well as on close, so a crash still remembers the window.
  let timer: NodeJS.Timeout | undefined;
  const persist = () => {
    if (win.isDestroyed() || win.isFullScreen() || win.isMinimized()) return;
    const b = win.getNormalBounds();
    const next: WindowState = { bounds: { ...b }, maximized: win.isMaximized() };
    try {
      saveWindowState(options.stateFile, next);
    } catch (e) {
      options.logger.warn('window: could not save window state', { error: e });
    }
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(persist, 500);
  };
  win.on('resize', schedule);
  win.on('move', schedule);
  win.on('maximize', schedule);
  win.on('unmaximize', schedule);
  win.on('close', () => {
    clearTimeout(timer);
    persist();
  });

  win.webContents.on('render-process-gone', (_e, details) =>
    options.logger.error('window: renderer gone', { reason: details.reason, exitCode: details.exitCode }),
  );

  win.loadURL(APP_ENTRY_URL).catch((e: unknown) => options.logger.error('window: load failed', { error: e }));
  return win;
}
