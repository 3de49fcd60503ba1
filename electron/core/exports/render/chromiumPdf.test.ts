import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import { TempDirs } from '../../testing/temp-dir';
import { chromiumPdfEngine, findChromium } from './chromiumPdf';

const temps = new TempDirs();
afterEach(() => temps.cleanup());

/** A stand-in browser: a shell script with the given body; $@ are Chromium's arguments. */
function fakeBrowser(dir: string, body: string): string {
  const path = join(dir, 'fake-chromium');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

const isPosix = process.platform !== 'win32';

describe('findChromium', () => {
  it.skipIf(!isPosix)('prefers FLIGHTDECK_CHROMIUM, then CHROME_PATH, and skips non-executables', () => {
    const dir = temps.make();
    const exe = fakeBrowser(dir, 'exit 0');
    const notExe = join(dir, 'not-executable');
    writeFileSync(notExe, '');
    chmodSync(notExe, 0o644);
    expect(findChromium({ FLIGHTDECK_CHROMIUM: exe })).toBe(exe);
    expect(findChromium({ CHROME_PATH: exe })).toBe(exe);
    expect(findChromium({ FLIGHTDECK_CHROMIUM: notExe, CHROME_PATH: exe })).toBe(exe);
  });

  it.skipIf(!isPosix)('finds a browser on PATH by its usual names', () => {
    const dir = temps.make();
    const exe = join(dir, 'chromium-browser');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    const found = findChromium({ PATH: dir });
    // A machine with a browser in a well-known place finds that first; otherwise the one on PATH.
    expect(found === exe || (found !== null && !found.startsWith(dir))).toBe(true);
  });
});

describe.skipIf(!isPosix)('chromiumPdfEngine', () => {
  it('returns the PDF the browser wrote and removes its temp folder', async () => {
    const dir = temps.make();
    const root = temps.make();
    const exe = fakeBrowser(
      dir,
      `for a in "$@"; do case "$a" in --print-to-pdf=*) printf '%%PDF-1.4 fake' > "\${a#--print-to-pdf=}";; esac; done`,
    );
    const pdf = await chromiumPdfEngine({ executablePath: exe, tmpRoot: root }).htmlToPdf('<p>x</p>');
    expect(pdf.toString('latin1')).toBe('%PDF-1.4 fake');
    expect(readdirSync(root)).toEqual([]);
  });

  it('passes the hardening flags and a file URL', async () => {
    const dir = temps.make();
    const root = temps.make();
    const argsFile = join(dir, 'args.txt');
    const exe = fakeBrowser(
      dir,
      `printf '%s\\n' "$@" > "${argsFile}"; for a in "$@"; do case "$a" in --print-to-pdf=*) printf '%%PDF-1.4' > "\${a#--print-to-pdf=}";; esac; done`,
    );
    await chromiumPdfEngine({ executablePath: exe, tmpRoot: root }).htmlToPdf('<p>x</p>');
    const { readFileSync } = await import('node:fs');
    const args = readFileSync(argsFile, 'utf8').split('\n');
    for (const flag of [
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-pdf-header-footer',
    ]) {
      expect(args).toContain(flag);
    }
    expect(args.some((a) => a.startsWith('--user-data-dir='))).toBe(true);
    expect(args.some((a) => /^file:\/\/.*pack\.html$/.test(a))).toBe(true);
  });

  it('names a browser that cannot be started', async () => {
    const root = temps.make();
    const err = await rejection(
      chromiumPdfEngine({ executablePath: '/nonexistent/chromium', tmpRoot: root }).htmlToPdf('<p>x</p>'),
    );
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toMatch(/Could not start the browser at \/nonexistent\/chromium/);
    expect(err.message).toMatch(/FLIGHTDECK_CHROMIUM/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('reports the exit code and the end of stderr', async () => {
    const dir = temps.make();
    const root = temps.make();
    const exe = fakeBrowser(dir, 'echo "fatal: no display" >&2; exit 3');
    const err = await rejection(chromiumPdfEngine({ executablePath: exe, tmpRoot: root }).htmlToPdf('<p>x</p>'));
    expect(err.message).toMatch(/exited with code 3/);
    expect(err.message).toMatch(/fatal: no display/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses a browser that wrote no PDF or not a PDF', async () => {
    const dir = temps.make();
    const root = temps.make();
    const none = await rejection(
      chromiumPdfEngine({ executablePath: fakeBrowser(dir, 'exit 0'), tmpRoot: root }).htmlToPdf('<p>x</p>'),
    );
    expect(none.message).toMatch(/without writing a PDF/);
    const dir2 = temps.make();
    const junk = fakeBrowser(
      dir2,
      `for a in "$@"; do case "$a" in --print-to-pdf=*) echo '<html>' > "\${a#--print-to-pdf=}";; esac; done`,
    );
    const notPdf = await rejection(chromiumPdfEngine({ executablePath: junk, tmpRoot: root }).htmlToPdf('<p>x</p>'));
    expect(notPdf.message).toMatch(/not a PDF/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('kills the browser on abort, rejects CANCELLED and leaves no temp folder', async () => {
    const dir = temps.make();
    const root = temps.make();
    const started = join(dir, 'started');
    const exe = fakeBrowser(dir, `touch "${started}"; sleep 60`);
    const controller = new AbortController();
    const pending = chromiumPdfEngine({ executablePath: exe, tmpRoot: root }).htmlToPdf('<p>x</p>', {
      signal: controller.signal,
    });
    // Abort once the browser is really running (state, not time).
    const { existsSync } = await import('node:fs');
    await expect.poll(() => existsSync(started), { timeout: 10_000, interval: 20 }).toBe(true);
    controller.abort();
    const err = await rejection(pending);
    expect(err.code).toBe('CANCELLED');
    expect(readdirSync(root)).toEqual([]);
  });

  it('rejects CANCELLED without starting anything when already aborted', async () => {
    const root = temps.make();
    const controller = new AbortController();
    controller.abort();
    const err = await rejection(
      chromiumPdfEngine({ executablePath: '/nonexistent/chromium', tmpRoot: root }).htmlToPdf('<p>x</p>', {
        signal: controller.signal,
      }),
    );
    expect(err.code).toBe('CANCELLED');
    expect(readdirSync(root)).toEqual([]);
  });

  it('stops a browser that hangs past the timeout', async () => {
    const dir = temps.make();
    const root = temps.make();
    const exe = fakeBrowser(dir, 'sleep 60');
    const err = await rejection(
      chromiumPdfEngine({ executablePath: exe, tmpRoot: root, timeoutMs: 200 }).htmlToPdf('<p>x</p>'),
    );
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toMatch(/did not finish the PDF within/);
    expect(readdirSync(root)).toEqual([]);
  });
});
