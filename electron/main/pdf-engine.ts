// The app's PDF engine: Electron's own Chromium prints the pack page (electron/core/exports/render/pdf.ts) in a
// hidden, script-less, sandboxed window whose session can load nothing but that page. The core only sees the
// PdfEngine port; the CLI and tests use headless Chromium instead.
import { BrowserWindow, session, type Session } from 'electron';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../shared/errors';
import type { PdfEngine } from '../core/ports';

/** In-memory partition (no "persist:" prefix): nothing it loads is written to disk or shared with the app. */
const PARTITION = 'flightdeck-pdf';
/** The page files being printed right now; the only URLs the PDF session lets through. */
const allowed = new Set<string>();
let pdfSession: Session | null = null;

function printSession(): Session {
  if (pdfSession) return pdfSession;
  const ses = session.fromPartition(PARTITION, { cache: false });
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok = details.url.startsWith('data:') || allowed.has(fileKey(details.url));
    callback({ cancel: !ok });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  pdfSession = ses;
  return ses;
}

/** A file URL compared by its decoded path, so percent-encoding differences between Node and Chromium never block the page. */
function fileKey(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'file:') return `!${url}`;
    const path = decodeURIComponent(u.pathname);
    return process.platform === 'win32' ? path.toLowerCase() : path;
  } catch {
    return `!${url}`;
  }
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'The PDF export was cancelled; no file was written.');
}

export function electronPdfEngine(options: { timeoutMs?: number } = {}): PdfEngine {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    async htmlToPdf(html, opts = {}) {
      const { signal } = opts;
      if (signal?.aborted) throw cancelled();
      const dir = await mkdtemp(join(tmpdir(), 'flightdeck-pdf-'));
      const file = join(dir, 'pack.html');
      const url = pathToFileURL(file).href;
      let win: BrowserWindow | null = null;
      let timer: NodeJS.Timeout | undefined;
      let onAbort: (() => void) | undefined;
      try {
        await writeFile(file, html, 'utf8');
        allowed.add(fileKey(url));
        const w = new BrowserWindow({
          show: false,
          width: 1123,
          height: 794,
          webPreferences: {
            session: printSession(),
            sandbox: true,
            contextIsolation: true,
            nodeIntegration: false,
            nodeIntegrationInWorker: false,
            nodeIntegrationInSubFrames: false,
            javascript: false,
            webSecurity: true,
            allowRunningInsecureContent: false,
            webviewTag: false,
            navigateOnDragDrop: false,
            spellcheck: false,
            plugins: false,
          },
        });
        win = w;
        w.webContents.on('will-navigate', (event) => event.preventDefault());
        w.webContents.on('will-redirect', (event) => event.preventDefault());
        w.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
        // Abort and timeout destroy the window, which makes the pending load or print fail; the race below
        // turns that into the right error.
        const stopped = new Promise<never>((_resolve, reject) => {
          // Reject first, then destroy: the load or print failing because of the destroy must not win the race.
          onAbort = () => {
            reject(cancelled());
            if (!w.isDestroyed()) w.destroy();
          };
          signal?.addEventListener('abort', onAbort, { once: true });
          timer = setTimeout(() => {
            reject(
              new AppError(
                'INTERNAL',
                `The PDF was not ready within ${Math.round(timeoutMs / 1000)} s; no file was written.`,
              ),
            );
            if (!w.isDestroyed()) w.destroy();
          }, timeoutMs);
        });
        stopped.catch(() => {});
        await Promise.race([w.loadURL(url), stopped]);
        const pdf = await Promise.race([
          w.webContents.printToPDF({ landscape: true, printBackground: true, preferCSSPageSize: true, pageSize: 'A4' }),
          stopped,
        ]);
        if (signal?.aborted) throw cancelled();
        return Buffer.from(pdf);
      } catch (err) {
        if (signal?.aborted) throw cancelled();
        if (err instanceof AppError) throw err;
        throw new AppError('INTERNAL', `Could not print the PDF: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        clearTimeout(timer);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
        allowed.delete(fileKey(url));
        if (win && !win.isDestroyed()) win.destroy();
        await rm(dir, { recursive: true, force: true, maxRetries: 5 });
      }
    },
  };
}
