import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPortfolio } from '../core/db/open';
import { EXIT_BAD_INPUT, EXIT_BUSY, EXIT_OK, EXIT_USAGE, runCli, type ListedInitiative } from './cli';

const NOW = '2026-03-01T09:00:00.000Z';

function run(argv: string[], env: Record<string, string | undefined> = { FLIGHTDECK_NOW: NOW }) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    now: () => new Date('2030-01-01T00:00:00Z'),
  });
  return { code, stdout, stderr };
}

/** Every failure is exactly one `flightdeck: ...` line on stderr and nothing on stdout. */
function expectFailure(r: ReturnType<typeof run>, code: number, pattern?: RegExp) {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^flightdeck: [^\n]+\n$/);
  if (pattern) expect(r.stderr).toMatch(pattern);
}

let dir: string;
const file = (name: string) => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fd-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('help and usage errors (exit 2)', () => {
  it('prints help on --help, -h and help, documenting FLIGHTDECK_NOW and exit codes', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['demo', '--help']]) {
      const r = run(argv);
      expect(r.code).toBe(EXIT_OK);
      expect(r.stdout).toContain('Usage: flightdeck');
      expect(r.stdout).toContain('FLIGHTDECK_NOW');
      expect(r.stdout).toMatch(/Exit status/);
      expect(r.stderr).toBe('');
    }
  });

  it.each([
    [[], /missing command/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['list', '--db', 'x', '--bogus'], /Unknown option '--bogus'/],
    [['list'], /--db FILE is required/],
    [['demo', '--db', ''], /--db FILE is required/],
    [['demo', '--db'], /--db/],
    [['demo', '--db', 'x', '--size', 'abc'], /--size must be a whole number/],
    [['demo', '--db', 'x', '--size', '0'], /--size must be between/],
    [['demo', '--db', 'x', '--size', '1.5'], /--size must be a whole number/],
    [['demo', '--db', 'x', '--size', '-3'], /--size/],
    [['demo', '--db', 'x', '--size', '99999999'], /--size must be between/],
    [['demo', '--db', 'x', '--seed', '4294967296'], /--seed must be between/],
    [['demo', '--db', 'x', '--json'], /--json does not apply to demo/],
    [['list', '--db', 'x', '--size', '3'], /--size does not apply to list/],
    [['list', '--db', 'x', 'extra'], /unexpected argument "extra"/],
  ])('%j', (argv, pattern) => {
    expectFailure(run(argv), EXIT_USAGE, pattern);
  });

  it('refuses a FLIGHTDECK_NOW that is not a date, before touching the file', () => {
    const path = file('bad-now.flightdeck');
    expectFailure(run(['demo', '--db', path], { FLIGHTDECK_NOW: 'yesterday' }), EXIT_USAGE, /FLIGHTDECK_NOW/);
    expect(existsSync(path)).toBe(false);
  });
});

describe('demo and list', () => {
  it('creates a demo portfolio and lists it as JSON with owner names', () => {
    const path = file('demo.flightdeck');
    const created = run(['demo', '--db', path, '--size', '60', '--seed', '7']);
    expect(created.code).toBe(EXIT_OK);
    expect(created.stdout).toMatch(/Created demo portfolio .*: 60 initiatives, \d+ people \(seed 7\)\./);

    const listed = run(['list', '--db', path, '--json']);
    expect(listed.code).toBe(EXIT_OK);
    const items = JSON.parse(listed.stdout) as ListedInitiative[];
    const all = JSON.parse(run(['list', '--db', path, '--json', '--all']).stdout) as ListedInitiative[];
    expect(all).toHaveLength(60);
    expect(items.length).toBeLessThanOrEqual(60);
    for (const i of all) {
      expect(Object.keys(i).sort()).toEqual(['id', 'name', 'owners', 'phase', 'status']);
      expect(Object.keys(i.owners).sort()).toEqual(['productOwner', 'sponsor', 'techLead']);
    }
    // The demo leaves some owners unassigned on purpose: those come out as null, not "".
    expect(all.some((i) => i.owners.sponsor === null || i.owners.techLead === null)).toBe(true);
    expect(all.some((i) => typeof i.owners.sponsor === 'string')).toBe(true);
  });

  it('is deterministic for the same --size, --seed and FLIGHTDECK_NOW', () => {
    const a = file('det-a.flightdeck');
    const b = file('det-b.flightdeck');
    const c = file('det-c.flightdeck');
    expect(run(['demo', '--db', a, '--size', '80', '--seed', '42']).code).toBe(EXIT_OK);
    expect(run(['demo', '--db', b, '--size', '80', '--seed', '42']).code).toBe(EXIT_OK);
    expect(run(['demo', '--db', c, '--size', '80', '--seed', '43']).code).toBe(EXIT_OK);
    const json = (p: string) => run(['list', '--db', p, '--json', '--all']).stdout;
    expect(json(a)).toBe(json(b));
    expect(json(a)).not.toBe(json(c));
    const dates = (p: string) => {
      const db = new Database(p, { readonly: true });
      try {
        return db.prepare('SELECT created_at, phase_entered_at FROM initiatives ORDER BY id').all();
      } finally {
        db.close();
      }
    };
    expect(dates(a)).toEqual(dates(b));
  });

  it('prints an aligned table with a count line', () => {
    const path = file('table.flightdeck');
    run(['demo', '--db', path, '--size', '12']);
    const r = run(['list', '--db', path]);
    expect(r.code).toBe(EXIT_OK);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s*ID {2}NAME +PHASE +STATUS +SPONSOR +PRODUCT OWNER +TECH LEAD$/);
    expect(lines.at(-1)).toMatch(/^\d+ initiatives?$/);
    const phaseCol = lines[0]?.indexOf('PHASE') ?? -1;
    for (const line of lines.slice(1, -1)) {
      // Every row's phase starts under the header: the columns line up.
      expect(line.slice(phaseCol)).toMatch(/^[A-Z_]+ /);
    }
  });

  it('never overwrites a portfolio that has data (exit 3, file unchanged)', () => {
    const path = file('keep.flightdeck');
    run(['demo', '--db', path, '--size', '5']);
    const before = run(['list', '--db', path, '--json', '--all']).stdout;
    expectFailure(run(['demo', '--db', path, '--size', '9', '--seed', '1']), EXIT_BAD_INPUT, /refusing to overwrite/);
    expect(run(['list', '--db', path, '--json', '--all']).stdout).toBe(before);
  });

  it('fills an existing empty portfolio', () => {
    const path = file('empty.flightdeck');
    const opened = openPortfolio(path, { create: true });
    if (!opened.ok) throw new Error(opened.message);
    opened.db.close();
    expect(run(['demo', '--db', path, '--size', '3']).code).toBe(EXIT_OK);
  });
});

describe('bad input files (exit 3)', () => {
  it('list: missing file', () => {
    expectFailure(run(['list', '--db', file('nope.flightdeck')]), EXIT_BAD_INPUT, /file not found/);
  });

  it('list and demo: a text file is not a Flightdeck file, and is left alone', () => {
    const path = file('notes.txt');
    writeFileSync(path, 'hello');
    expectFailure(run(['list', '--db', path]), EXIT_BAD_INPUT, /not a Flightdeck portfolio/);
    expectFailure(run(['demo', '--db', path]), EXIT_BAD_INPUT, /not a Flightdeck portfolio/);
    expect(readFileSync(path, 'utf8')).toBe('hello');
  });

  it("another program's SQLite file", () => {
    const path = file('other.sqlite');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expectFailure(run(['list', '--db', path]), EXIT_BAD_INPUT, /another program/);
    expectFailure(run(['demo', '--db', path]), EXIT_BAD_INPUT, /another program/);
  });

  it('a corrupt file', () => {
    const path = file('corrupt.flightdeck');
    run(['demo', '--db', path, '--size', '20']);
    const bytes = readFileSync(path);
    // Keep the 100-byte header (so it still looks like SQLite) and scribble over the pages.
    bytes.fill(0xa5, 100, Math.min(bytes.length, 8192));
    writeFileSync(path, bytes);
    expectFailure(run(['list', '--db', path]), EXIT_BAD_INPUT);
  });

  it('a file locked by another connection: busy (exit 4), its own code so scripts can retry', () => {
    const path = file('locked.flightdeck');
    run(['demo', '--db', path, '--size', '2']);
    const holder = openPortfolio(path, { create: false });
    if (!holder.ok) throw new Error(holder.message);
    try {
      expectFailure(run(['list', '--db', path]), EXIT_BUSY, /busy: the file is open in Flightdeck/);
    } finally {
      holder.db.close();
    }
  });

  it('a file from a newer Flightdeck', () => {
    const path = file('future.flightdeck');
    run(['demo', '--db', path, '--size', '2']);
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    expectFailure(run(['list', '--db', path]), EXIT_BAD_INPUT, /newer version/);
  });

  it('demo: a folder that does not exist, or a folder as the file', () => {
    expectFailure(run(['demo', '--db', file('no/such/dir/x.flightdeck')]), EXIT_BAD_INPUT, /does not exist/);
    expectFailure(run(['demo', '--db', dir]), EXIT_BAD_INPUT, /is a folder/);
  });
});

describe('the built bin (out/cli/flightdeck.cjs)', () => {
  const root = resolve(import.meta.dirname, '../..');
  const bin = join(root, 'out/cli/flightdeck.cjs');
  beforeAll(() => {
    const build = spawnSync(process.execPath, ['tools/build.mjs', '--node-only'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  }, 60_000);

  it('creates and lists a portfolio with the right exit codes', () => {
    expect(statSync(bin).mode & 0o111).not.toBe(0);
    const path = file('spawned.flightdeck');
    const env = { ...process.env, FLIGHTDECK_NOW: NOW };
    const demo = spawnSync(process.execPath, [bin, 'demo', '--db', path, '--size', '25'], { env, encoding: 'utf8' });
    expect(demo.status).toBe(0);
    const list = spawnSync(process.execPath, [bin, 'list', '--db', path, '--json', '--all'], { env, encoding: 'utf8' });
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(25);
    const again = spawnSync(process.execPath, [bin, 'demo', '--db', path], { env, encoding: 'utf8' });
    expect(again.status).toBe(3);
    expect(again.stderr).toMatch(/^flightdeck: [^\n]+\n$/);
    const usage = spawnSync(process.execPath, [bin, 'list'], { env, encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
});
