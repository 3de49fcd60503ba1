// The application menu as data. Only Electron *types* are imported, so the template is unit-tested
// under Node; index.ts hands it to Menu.buildFromTemplate.
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc/contract';

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Unpackaged runs get Reload and DevTools; a shipped build never offers them. */
  isDev: boolean;
  appName: string;
  /** Forwards a command to the renderer as a 'menu/command' event. */
  send(command: MenuCommand): void;
  /** Opens the log folder in the file manager: what support asks for first. */
  showLogs?: () => void;
}

/**
 * Commands whose keys the renderer binds itself (renderer/src/app/shortcuts.ts; the browser harness
 * has no native menu). On Windows and Linux the accelerator is shown but not registered: a key the
 * page leaves unhandled on purpose (Ctrl+Z in a text field, Ctrl+N under a modal) would otherwise fall
 * through to the menu and run the command anyway. macOS ignores registerAccelerator, so there a
 * key equivalent always arrives as the forwarded command.
 */
function forwarded(
  label: string,
  command: MenuCommand,
  accelerator: string | undefined,
  options: MenuOptions,
): MenuItemConstructorOptions {
  return {
    label,
    ...(accelerator ? { accelerator, registerAccelerator: options.platform === 'darwin' } : {}),
    click: () => options.send(command),
  };
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const send = (command: MenuCommand) => () => options.send(command);

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      forwarded('New Initiative…', 'initiative/new', 'CmdOrCtrl+N', options),
      { type: 'separator' },
      { label: 'New Portfolio…', accelerator: 'CmdOrCtrl+Shift+N', click: send('file/new') },
      { label: 'Open Portfolio…', accelerator: 'CmdOrCtrl+O', click: send('file/open') },
      { label: 'Save a Copy…', accelerator: 'CmdOrCtrl+Shift+S', click: send('file/saveCopy') },
      { label: 'Backups…', click: send('file/backups') },
      { type: 'separator' },
      { label: 'Import Initiatives…', accelerator: 'CmdOrCtrl+I', click: send('file/import') },
      { label: 'Export Status Pack…', accelerator: 'CmdOrCtrl+E', click: send('file/exportPack') },
      ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit', label: 'Quit' } as const]),
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      // Not role 'undo'/'redo': those would only undo text typing, while the app's undo reverts data changes.
      forwarded('Undo', 'edit/undo', 'CmdOrCtrl+Z', options),
      forwarded('Redo', 'edit/redo', isMac ? 'Shift+Cmd+Z' : 'Ctrl+Y', options),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      forwarded('Command Palette…', 'view/palette', 'CmdOrCtrl+K', options),
      forwarded('Find…', 'view/filter', 'CmdOrCtrl+F', options),
      { type: 'separator' },
      ...(options.isDev
        ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      ...(options.showLogs ? [{ label: 'Show Logs Folder', click: options.showLogs }] : []),
      { role: 'about', label: `About ${options.appName}` },
    ],
  };

  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: options.appName,
          submenu: [
            { role: 'about' },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { role: 'quit' },
          ],
        },
      ]
    : [];

  return [...appMenu, file, edit, view, ...(isMac ? [{ role: 'windowMenu' } as const] : []), help];
}
