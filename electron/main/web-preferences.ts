// The BrowserWindow security settings as plain data, so a unit test can hold them to the Electron
// security checklist (items 2-4, 6, 8-10) without launching anything.
import type { WebPreferences } from 'electron';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    // Our own windows only; nothing in the app needs the background throttling relaxed or plugins.
    plugins: false,
    safeDialogs: true,
  };
}
