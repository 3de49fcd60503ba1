import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../core/exports/render/chromiumPdf';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, runCli } from './cli';
import { EXIT_EXPORT_FAILED, type ExportResult } from './export';

const NOW = '2026-11-01T09:00:00.000Z';

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { FLIGHTDECK_NOW: NOW, ...env },
  });
  return { code, stdout, stderr };
}

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fd-cli-export-'));
  db = join(dir, 'demo.flightdeck');
  expect((await run(['demo', '--db', db, '--size', '50'])).code).toBe(EXIT_OK);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const has = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
};

describe('flightdeck export', () => {
  it('writes a Markdown pack and prints path, bytes and sha256 as JSON', async () => {
    const out = join(dir, 'pack.md');
    const r = await run(['export', '--db', db, '--format', 'md', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT_OK);
    const res = JSON.parse(r.stdout) as ExportResult;
    expect(res).toMatchObject({ path: out, format: 'md', asOf: '2026-11-01' });
    expect(res.sha256).toBe(sha(out));
    expect(res.bytes).toBe(readFileSync(out).length);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('## Decisions needed');
    expect(md).toMatch(/\d+ initiatives, \d+ in production/);
  });

  it('writes the initiatives CSV of one initiative, as of a given day, in plain text', async () => {
    const out = join(dir, 'one.csv');
    const r = await run([
      'export',
      '--db',
      db,
      '--format',
      'csv',
      '--out',
      out,
      '--initiative',
      '3',
      '--as-of',
      '2026-10-01',
    ]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toMatch(
      /^Wrote .*one\.csv \([\d,]+ bytes, sha256 [0-9a-f]{64}\); snapshot #\d+ sha256 [0-9a-f]{64}\.\n$/,
    );
    const lines = readFileSync(out, 'utf8').split('\r\n');
    expect(lines[0]!.startsWith('\uFEFFID,Name,Business unit')).toBe(true);
    expect(lines[1]!.startsWith('3,')).toBe(true);
    expect(lines.filter((l) => l !== '')).toHaveLength(2);
  });

  it('writes a CSV that imports back without a profile (round trip)', async () => {
    const out = join(dir, 'all.csv');
    expect((await run(['export', '--db', db, '--format', 'csv', '--out', out])).code).toBe(EXIT_OK);
    const r = await run(['import', out, '--db', join(dir, 'roundtrip.flightdeck'), '--json']);
    expect(r.code).toBe(EXIT_OK);
    const res = JSON.parse(r.stdout) as { profile: string; imported: number; rejected: number };
    const rows = readFileSync(out, 'utf8')
      .split('\r\n')
      .filter((l) => /^\d+,/.test(l)).length;
    expect(res).toMatchObject({ profile: 'Flightdeck', imported: rows, rejected: 0 });
  });

  it('writes an XLSX whose Initiatives sheet imports back without naming the sheet or a profile', async () => {
    const out = join(dir, 'all.xlsx');
    expect((await run(['export', '--db', db, '--format', 'xlsx', '--out', out])).code).toBe(EXIT_OK);
    // Into the same portfolio, matched on ID: every initiative is updated, none duplicated, none rejected.
    const r = await run(['import', out, '--db', db, '--json']);
    expect(r.code).toBe(EXIT_OK);
    const res = JSON.parse(r.stdout) as { profile: string; imported: number; updated: number; rejected: number };
    expect(res).toMatchObject({ profile: 'Flightdeck', imported: 0, rejected: 0 });
    expect(res.updated).toBeGreaterThan(0);
  });

  it('refuses bad usage with exit 2 and a bad file or initiative with exit 3, writing nothing', async () => {
    const out = join(dir, 'nothing.md');
    expect((await run(['export', '--db', db, '--out', out])).code).toBe(EXIT_USAGE);
    expect((await run(['export', '--db', db, '--format', 'docx', '--out', out])).code).toBe(EXIT_USAGE);
    expect((await run(['export', '--db', db, '--format', 'md'])).code).toBe(EXIT_USAGE);
    expect((await run(['export', '--db', db, '--format', 'md', '--out', out, '--as-of', '2026-02-30'])).code).toBe(
      EXIT_USAGE,
    );
    expect((await run(['export', '--db', db, '--format', 'md', '--out', out, '--initiative', 'x'])).code).toBe(
      EXIT_USAGE,
    );
    const missing = await run(['export', '--db', join(dir, 'nope.flightdeck'), '--format', 'md', '--out', out]);
    expect(missing.code).toBe(EXIT_BAD_INPUT);
    const unknown = await run(['export', '--db', db, '--format', 'md', '--out', out, '--initiative', '99999']);
    expect(unknown.code).toBe(EXIT_BAD_INPUT);
    expect(unknown.stderr).toContain('there is no initiative 99999');
    expect(existsSync(out)).toBe(false);
  });

  // Only where no browser sits at a well-known location (findChromium always looks there).
  it.runIf(findChromium({ PATH: '/nonexistent' }) === null)(
    'fails with exit 1 and a clear message when PDF has no Chromium, leaving no file',
    async () => {
      const out = join(dir, 'none.pdf');
      const r = await run(['export', '--db', db, '--format', 'pdf', '--out', out], {
        PATH: '/nonexistent',
        FLIGHTDECK_CHROMIUM: '',
      });
      expect(r.code).toBe(EXIT_EXPORT_FAILED);
      expect(r.stderr).toContain('PDF export needs Chromium; set FLIGHTDECK_CHROMIUM');
      expect(existsSync(out)).toBe(false);
    },
  );

  it.runIf(has('unzip'))('writes PPTX and XLSX packages', async () => {
    for (const format of ['pptx', 'xlsx'] as const) {
      const out = join(dir, `pack.${format}`);
      const r = await run(['export', '--db', db, '--format', format, '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(EXIT_OK);
      const list = execFileSync('unzip', ['-l', out], { encoding: 'utf8' });
      if (format === 'pptx') expect((list.match(/ppt\/slides\/slide\d+\.xml/g) ?? []).length).toBeGreaterThanOrEqual(8);
      else expect((list.match(/xl\/worksheets\/sheet\d+\.xml/g) ?? []).length).toBeGreaterThanOrEqual(5);
    }
  });

  it.runIf(findChromium() !== null && has('pdfinfo'))(
    'writes a PDF through headless Chromium',
    async () => {
      const out = join(dir, 'pack.pdf');
      const r = await run(['export', '--db', db, '--format', 'pdf', '--out', out, '--json'], {
        PATH: process.env.PATH,
      });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(EXIT_OK);
      const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
      expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBeGreaterThanOrEqual(2);
      const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
      expect(text).toMatch(/Decisions/);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    },
    60_000,
  );
});
