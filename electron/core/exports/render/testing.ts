import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Test helpers for the renderers: real consumers (poppler, LibreOffice) run when installed, always in CI. */
export function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Skip a consumer check only on a developer machine without the tool; CI must have it. */
export function missing(name: string): boolean {
  return !hasBinary(name) && process.env.CI !== 'true';
}

export function pdfPages(file: string): number {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pdfinfo failed: ${r.stderr}`);
  const m = /^Pages:\s+(\d+)/m.exec(r.stdout);
  if (!m) throw new Error(`pdfinfo printed no page count: ${r.stdout}`);
  return Number(m[1]);
}

export function pdfText(file: string, args: string[] = []): string {
  const r = spawnSync('pdftotext', [...args, file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * LibreOffice headless conversion into `outDir`, with a private profile so parallel runs never share one.
 * Returns the produced files' names.
 */
export function sofficeConvert(file: string, to: string, outDir: string): string[] {
  const profile = mkdtempSync(join(tmpdir(), 'flightdeck-soffice-'));
  try {
    const r = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--headless',
        '--convert-to',
        to,
        '--outdir',
        outDir,
        file,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (r.status !== 0) throw new Error(`soffice failed (${r.status}): ${r.stderr}`);
    const stem = basename(file).replace(/\.[^.]+$/, '');
    return readdirSync(outDir).filter((f) => f.startsWith(stem) && f !== basename(file));
  } finally {
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  }
}
