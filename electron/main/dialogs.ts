// The core's Dialogs port on Electron's native file dialogs: portfolio files, and any file as gate evidence.
import { BrowserWindow, app, dialog } from 'electron';
import { join } from 'node:path';
import type { Dialogs } from '../core/ports';

const FILTERS = [{ name: 'Flightdeck portfolio', extensions: ['flightdeck'] }];

/** Dialogs are sheets of the focused window, so they cannot get lost behind it. */
function parent(): BrowserWindow | undefined {
  return BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
}

export const electronDialogs: Dialogs = {
  async chooseOpenPath() {
    const options: Electron.OpenDialogOptions = {
      title: 'Open portfolio',
      properties: ['openFile'],
      filters: FILTERS,
    };
    const win = parent();
    const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return res.canceled ? null : (res.filePaths[0] ?? null);
  },
  async chooseEvidenceFile() {
    // Any file: evidence is whatever the reviewers have (PDF, spreadsheet, export, screenshot).
    const options: Electron.OpenDialogOptions = { title: 'Attach evidence', properties: ['openFile'] };
    const win = parent();
    const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return res.canceled ? null : (res.filePaths[0] ?? null);
  },
  async chooseImportFile() {
    const options: Electron.OpenDialogOptions = {
      title: 'Import initiatives',
      properties: ['openFile'],
      filters: [
        { name: 'Spreadsheets', extensions: ['csv', 'xlsx', 'txt', 'tsv'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const win = parent();
    const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return res.canceled ? null : (res.filePaths[0] ?? null);
  },
  async chooseSavePath({ title, defaultName, filter }) {
    const options: Electron.SaveDialogOptions = {
      title,
      defaultPath: join(app.getPath('documents'), defaultName),
      filters: filter ? [filter] : FILTERS,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const win = parent();
    const res = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return res.canceled || !res.filePath ? null : res.filePath;
  },
};
