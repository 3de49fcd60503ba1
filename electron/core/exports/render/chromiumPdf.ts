import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AppError } from '../../../../shared/errors';
import type { PdfEngine } from '../../ports';

/**
 * PDF through a headless Chromium (the CLI and tests; the app uses Electron's own printToPDF). Each call gets a
 * fresh temp folder holding the page, the browser profile and the output, removed whatever happens. The page's
 * CSP forbids scripts and every fetch but data: images; background networking extras are disabled.
 * (--blink-settings=scriptEnabled=false is not used: with it, new headless Chromium exits without printing.)
 */
const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome', 'msedge'];
const WELL_KNOWN = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The browser to print with: FLIGHTDECK_CHROMIUM, CHROME_PATH, well-known locations, then PATH; null if none. */
export function findChromium(env: Record<string, string | undefined> = process.env): string | null {
  for (const key of ['FLIGHTDECK_CHROMIUM', 'CHROME_PATH'] as const) {
    const v = env[key];
    if (v && isExecutable(v)) return v;
  }
  for (const p of WELL_KNOWN) if (isExecutable(p)) return p;
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of BROWSER_NAMES) {
      for (const ext of exts) {
        const p = join(dir, name + ext);
        if (isExecutable(p)) return p;
      }
    }
  }
  return null;
}

const STDERR_TAIL = 2000;

export function chromiumPdfEngine(
  options: {
    executablePath?: string;
    timeoutMs?: number;
    /** Parent of the per-call temp folder (tests). */ tmpRoot?: string;
  } = {},
): PdfEngine {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return {
    htmlToPdf(html, opts = {}) {
      const { signal } = opts;
      if (signal?.aborted) return Promise.reject(cancelled());
      const exe = options.executablePath ?? findChromium();
      if (!exe) {
        return Promise.reject(
          new AppError(
            'INTERNAL',
            'No Chromium or Chrome browser was found to print the PDF. Install Chromium, or set FLIGHTDECK_CHROMIUM to the browser executable.',
          ),
        );
      }
      const dir = mkdtempSync(join(options.tmpRoot ?? tmpdir(), 'flightdeck-pdf-'));
      const cleanup = () => rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
      try {
        const page = join(dir, 'pack.html');
        const out = join(dir, 'out.pdf');
        writeFileSync(page, html, 'utf8');
        const args = [
          '--headless',
          '--disable-gpu',
          '--no-first-run',
          '--no-default-browser-check',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-extensions',
          '--disable-quic',
          '--disable-dev-shm-usage',
          `--user-data-dir=${join(dir, 'profile')}`,
          '--no-pdf-header-footer',
          `--print-to-pdf=${out}`,
          ...(typeof process.getuid === 'function' && process.getuid() === 0 ? ['--no-sandbox'] : []),
          pathToFileURL(page).href,
        ];
        return run(exe, args, timeoutMs, signal)
          .then(() => {
            let pdf: Buffer;
            try {
              pdf = readFileSync(out);
            } catch {
              throw new AppError('INTERNAL', 'The browser finished without writing a PDF; no file was written.');
            }
            if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
              throw new AppError('INTERNAL', 'The browser wrote something that is not a PDF; no file was written.');
            }
            return pdf;
          })
          .finally(cleanup);
      } catch (err) {
        cleanup();
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
  };
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'The PDF export was cancelled; no file was written.');
}

function run(exe: string, args: string[], timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    let settled = false;
    // Detached on POSIX so a timeout or cancel kills Chromium's whole process group, not just the launcher.
    const child = spawn(exe, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: process.platform !== 'win32' });
    const kill = () => {
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    // Rejection waits for the process to be gone, so the caller's cleanup never races a browser still writing.
    let pending: Error | undefined;
    const stop = (err: Error) => {
      pending ??= err;
      kill();
    };
    const onAbort = () => stop(cancelled());
    const timer = setTimeout(
      () =>
        stop(
          new AppError(
            'INTERNAL',
            `The browser did not finish the PDF within ${Math.round(timeoutMs / 1000)} s and was stopped.`,
          ),
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL * 2);
    });
    child.on('error', (err) => {
      finish(
        new AppError(
          'INTERNAL',
          `Could not start the browser at ${exe} to print the PDF (${err.message}). Set FLIGHTDECK_CHROMIUM to a Chromium or Chrome executable.`,
        ),
      );
    });
    child.on('close', (code, sig) => {
      if (pending) return finish(pending);
      if (code === 0) return finish();
      const tail = stderr.trim().slice(-STDERR_TAIL);
      finish(
        new AppError(
          'INTERNAL',
          `The browser exited with ${code === null ? `signal ${sig ?? 'unknown'}` : `code ${code}`} while printing the PDF${tail ? `: ${tail}` : '.'}`,
        ),
      );
    });
  });
}
