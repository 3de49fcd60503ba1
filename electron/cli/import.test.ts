import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProfileInfo } from '../../shared/domain/import/types';
import { openPortfolio } from '../core/db/open';
import { DHS_2025, FEDERAL_2024, TREASURY_2025, writeFlightdeckCsv } from '../core/import/testFiles';
import { TempDirs } from '../core/testing/temp-dir';
import { EXIT_BAD_INPUT, EXIT_OK, EXIT_USAGE, HELP, runCli } from './cli';
import { EXIT_NOTHING_IMPORTED, type ImportJson } from './import';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    now: () => new Date('2026-11-21T12:00:00.000Z'),
  });
  return { code, stdout, stderr };
}

const temp = new TempDirs();
let dir: string;
let db: string;
beforeEach(() => {
  dir = temp.make();
  db = join(dir, 'p.flightdeck');
});
afterEach(() => temp.cleanup());

function counts(path: string) {
  const r = openPortfolio(path, { create: false });
  if (!r.ok) throw new Error(r.message);
  try {
    const n = (t: string) => (r.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return {
      initiatives: n('initiatives'),
      people: n('people'),
      transitions: n('phase_transitions'),
      audit: n('audit_log'),
    };
  } finally {
    r.db.close();
  }
}

describe('flightdeck import', () => {
  it('imports the 2024 federal inventory: every row imported or rejected with a reason; a re-run updates', async () => {
    const r = await run(['import', FEDERAL_2024, '--db', db, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(EXIT_OK);
    const out = JSON.parse(r.stdout) as ImportJson;
    // The promised keys, first and in order.
    expect(Object.keys(out).slice(0, 5)).toEqual(['profile', 'imported', 'updated', 'rejected', 'rejects']);
    expect(out.profile).toBe('U.S. federal AI inventory (2024)');
    expect(out.rows).toBe(1_757);
    expect(out.imported + out.rejected).toBe(1_757);
    expect(out.updated).toBe(0);
    const rejectedRows = new Set(out.rejects.map((x) => x.row));
    expect(rejectedRows.size).toBe(out.rejected);
    for (const x of out.rejects) {
      expect(x.row).toBeGreaterThanOrEqual(2);
      expect(x.reason).toMatch(/\w{4,}/);
    }
    expect(counts(db).initiatives).toBe(out.imported);

    const again = JSON.parse((await run(['import', FEDERAL_2024, '--db', db, '--json'])).stdout) as ImportJson;
    expect(again).toMatchObject({ imported: 0, updated: out.imported, rejected: out.rejected });
    expect(counts(db).initiatives).toBe(out.imported);
  });

  it('imports the raw 2025 Treasury file with the 2025 profile', async () => {
    const r = await run(['import', TREASURY_2025, '--db', db, '--json']);
    expect(r.code).toBe(EXIT_OK);
    const out = JSON.parse(r.stdout) as ImportJson;
    expect(out.profile).toBe('U.S. federal AI inventory (2025)');
    expect(out.imported).toBeGreaterThan(0);
    expect(out.imported + out.rejected).toBe(out.rows);
  });

  it('refuses a file no profile fits, listing its unmatched columns (exit 3), and writes nothing', async () => {
    const file = join(dir, 'people.csv');
    writeFileSync(file, 'Name,Age,City\nAda,36,London\n');
    const r = await run(['import', file, '--db', db, '--json']);
    expect(r.code).toBe(EXIT_BAD_INPUT);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/No import profile fits people\.csv\. Unmatched columns: .*Age, City/);
    expect(r.stderr).toMatch(/Use --profile NAME or save a profile in the app\./);
    // The portfolio this run would have created is not left behind.
    expect(existsSync(db)).toBe(false);
  });

  it('writes nothing with --dry-run but counts what would happen', async () => {
    await run(['demo', '--db', db, '--size', '3']);
    const before = counts(db);
    const file = writeFlightdeckCsv(dir, 'two.csv', [
      { name: 'Alpha', businessUnit: 'Sales', sponsor: 'New Person' },
      { name: 'Beta', businessUnit: 'Legal', riskTier: 'Galactic' },
    ]);
    const r = await run(['import', file, '--db', db, '--dry-run', '--json']);
    expect(r.code).toBe(EXIT_OK);
    expect(JSON.parse(r.stdout)).toMatchObject({
      profile: 'Flightdeck',
      imported: 1,
      updated: 0,
      rejected: 1,
      dryRun: true,
      committed: false,
      peopleCreated: 1,
    });
    expect(counts(db)).toEqual(before);
  });

  it('imports nothing with --all-or-nothing when a row is rejected (exit 1), and writes the rejects file', async () => {
    await run(['demo', '--db', db, '--size', '3']);
    const before = counts(db);
    const file = writeFlightdeckCsv(dir, 'two.csv', [
      { name: 'Alpha', businessUnit: 'Sales' },
      { name: 'Beta', businessUnit: 'Legal', riskTier: '=cmd|calc' },
    ]);
    const rejects = join(dir, 'rejects.csv');
    const r = await run(['import', file, '--db', db, '--all-or-nothing', '--rejects', rejects]);
    expect(r.code).toBe(EXIT_NOTHING_IMPORTED);
    expect(r.stderr).toMatch(/nothing was imported/);
    expect(counts(db)).toEqual(before);
    const text = readFileSync(rejects, 'utf8');
    expect(text.split('\r\n')[0]).toBe('row,column,reason');
    expect(text).toMatch(/^3,Risk tier,/m);
    expect(text).not.toMatch(/(^|,)"?=/m);
  });

  it('takes --profile by name or id, --key, --sheet and --header-row', async () => {
    const file = join(dir, 'late-header.csv');
    writeFileSync(file, 'Our portfolio,,\n\nName,Business unit,Status\nAlpha,Sales,Active\n');
    const r = await run([
      'import',
      file,
      '--db',
      db,
      '--profile',
      'flightdeck',
      '--header-row',
      '3',
      '--key',
      'name',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ profile: 'Flightdeck', imported: 1 });
    const again = await run(['import', file, '--db', db, '--profile', 'builtin:flightdeck', '--key=name', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, updated: 1 });
  });

  it('imports the chosen sheet of an XLSX workbook and refuses a sheet it does not have', async () => {
    const r = await run(['import', DHS_2025, '--db', db, '--sheet', 'All Use Cases', '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as ImportJson;
    expect(out).toMatchObject({ sheet: 'All Use Cases', profile: 'U.S. federal AI inventory (2025)' });
    expect(out.imported + out.rejected).toBe(out.rows);
    const missing = await run(['import', DHS_2025, '--db', db, '--sheet', 'Nope']);
    expect(missing.code).toBe(EXIT_BAD_INPUT);
    expect(missing.stderr).toMatch(/Nope/);
  });

  it('prints a summary without --json', async () => {
    const file = writeFlightdeckCsv(dir, 'one.csv', [{ name: 'Alpha', businessUnit: 'Sales', sponsor: 'Pat Lee' }]);
    const r = await run(['import', file, '--db', db]);
    expect(r.code).toBe(EXIT_OK);
    expect(r.stdout).toMatch(/^Imported .*one\.csv with profile Flightdeck: 1 new, 0 updated, 0 rejected\.\n/);
    expect(r.stdout).toMatch(/Added 1 people/);
  });

  it('lists profiles, with the saved ones of --db', async () => {
    const r = await run(['import', '--list-profiles', '--json']);
    expect(r.code).toBe(EXIT_OK);
    const list = JSON.parse(r.stdout) as ProfileInfo[];
    expect(list.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Flightdeck', 'U.S. federal AI inventory (2024)', 'U.S. federal AI inventory (2025)']),
    );
    const text = await run(['import', '--list-profiles']);
    expect(text.stdout).toMatch(/^ID\s+NAME\s+KIND/);
    expect(text.stdout).toMatch(/built-in/);
    expect((await run(['import', '--list-profiles', '--db', join(dir, 'missing.flightdeck')])).code).toBe(
      EXIT_BAD_INPUT,
    );
  });

  it('refuses bad files (exit 3) with the reader’s message and bad flags (exit 2)', async () => {
    const png = join(dir, 'photo.csv');
    writeFileSync(
      png,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    );
    const bad = await run(['import', png, '--db', db]);
    expect(bad.code).toBe(EXIT_BAD_INPUT);
    expect(bad.stderr).toMatch(/photo\.csv/);
    expect(existsSync(db)).toBe(false);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect((await run(['import', empty, '--db', db])).code).toBe(EXIT_BAD_INPUT);
    expect((await run(['import', join(dir, 'nope.csv'), '--db', db])).code).toBe(EXIT_BAD_INPUT);

    const file = writeFlightdeckCsv(dir, 'one.csv', [{ name: 'Alpha' }]);
    expect((await run(['import', '--db', db])).code).toBe(EXIT_USAGE);
    expect((await run(['import', file])).code).toBe(EXIT_USAGE);
    expect((await run(['import', file, '--db', db, '--key', 'email'])).code).toBe(EXIT_USAGE);
    expect((await run(['import', file, '--db', db, '--header-row', 'two'])).code).toBe(EXIT_USAGE);
    expect((await run(['import', file, '--db', db, '--profile', 'Nope'])).code).toBe(EXIT_USAGE);
    expect((await run(['import', file, 'extra', '--db', db])).code).toBe(EXIT_USAGE);
    expect((await run(['list', '--db', db, '--profile', 'x'])).code).toBe(EXIT_USAGE);
    // --key is still refused as a possible secret anywhere else, and with a value that is not a key name.
    const secret = await run(['import', file, '--db', db, '--key', 'sk-live-123']);
    expect(secret.code).toBe(EXIT_USAGE);
    expect(secret.stderr).not.toContain('sk-live-123');
    expect((await run(['list', '--db', db, '--key', 'name'])).code).toBe(EXIT_USAGE);
  });

  it('is in the help', () => {
    expect(HELP).toMatch(/import FILE --db DB/);
    expect(HELP).toMatch(/import --list-profiles/);
  });
});
