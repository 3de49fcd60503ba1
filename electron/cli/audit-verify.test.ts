import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m0010Initial } from '../core/db/migrations/0010_initial';
import { fileDigest, openOrThrow } from '../core/testing/portfolio-files';
import { EXIT_BAD_INPUT, EXIT_CHAIN_BROKEN, EXIT_OK, EXIT_USAGE, runCli } from './cli';

const NOW = '2026-03-01T09:00:00.000Z';

function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { FLIGHTDECK_NOW: NOW },
  });
  return { code, stdout, stderr };
}

let dir: string;
const file = (name: string) => join(dir, name);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fd-audit-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A demo portfolio (its audit chain holds one creation per record), edited outside the app by `edit`. */
function demoFile(name: string, edit?: (db: Database.Database) => void): string {
  const path = file(name);
  expect(run(['demo', '--db', path, '--size', '20']).code).toBe(EXIT_OK);
  if (edit) {
    const db = new Database(path);
    try {
      db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
      edit(db);
    } finally {
      db.close();
    }
  }
  return path;
}

describe('flightdeck audit verify', () => {
  it('exits 0 with a one-line summary on an intact chain, and leaves the file as it was', () => {
    const path = demoFile('intact.flightdeck');
    const digest = fileDigest(path);
    const r = run(['audit', 'verify', '--db', path]);
    expect(r).toMatchObject({ code: EXIT_OK, stderr: '' });
    expect(r.stdout).toMatch(/^Audit chain intact: \d+ entries, head #\d+ [0-9a-f]{16} \(.*\)\.\n$/);
    expect(fileDigest(path)).toBe(digest);
  });

  it.each([
    [
      'an edited entry',
      (db: Database.Database) => db.exec(`UPDATE audit_log SET actor = 'Mallory' WHERE seq = 4`),
      4,
      'edited',
    ],
    ['a deleted entry', (db: Database.Database) => db.exec('DELETE FROM audit_log WHERE seq = 6'), 6, 'deleted'],
    [
      'two swapped entries',
      (db: Database.Database) => {
        const cols = 'at, actor, action, label, entity_kind, entity_id, before_json, after_json, prev_hash, hash';
        db.exec(`CREATE TEMP TABLE s AS SELECT seq, ${cols} FROM audit_log WHERE seq IN (2, 5)`);
        for (const [to, from] of [
          [2, 5],
          [5, 2],
        ]) {
          db.exec(`UPDATE audit_log SET (${cols}) = (SELECT ${cols} FROM s WHERE seq = ${from}) WHERE seq = ${to}`);
        }
      },
      2,
      'reordered',
    ],
    ['a cut-off tail', (db: Database.Database) => db.exec('DELETE FROM audit_log WHERE seq > 10'), 11, 'truncated'],
  ])('exits 1 naming the first broken entry: %s', (name, edit, seq, reason) => {
    const path = demoFile(`${name.replace(/\W+/g, '-')}.flightdeck`, edit);
    const r = run(['audit', 'verify', '--db', path]);
    expect(r.code).toBe(EXIT_CHAIN_BROKEN);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^flightdeck: [^\n]+\n$/);
    expect(r.stderr).toContain(`audit chain broken at entry ${seq}: ${reason}`);
  });

  it.each([
    [['audit'], /missing audit sub-command/],
    [['audit', 'fix', '--db', 'x'], /unknown audit sub-command "fix"/],
    [['audit', 'verify'], /--db FILE is required/],
    [['audit', 'verify', '--db', 'x', '--json'], /--json does not apply to audit/],
    [['audit', 'verify', 'extra', '--db', 'x'], /unexpected argument "extra"/],
  ])('usage errors exit 2: %j', (argv, pattern) => {
    const r = run(argv);
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.stderr).toMatch(pattern);
  });

  it('bad files exit 3: missing, not SQLite, not ours, a folder, before the audit log', () => {
    const text = file('notes.txt');
    writeFileSync(text, 'hello, not a database\n'.repeat(20));
    const foreign = file('foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE t (x)');
    f.close();
    const old = file('v10.flightdeck');
    openOrThrow(old, { migrations: [m0010Initial] }).close();
    for (const [path, pattern] of [
      [file('missing.flightdeck'), /file not found/],
      [text, /not a Flightdeck portfolio|not a SQLite/],
      [foreign, /another program/],
      [dir, /is a folder/],
      [old, /has no audit trail yet \(schema version 10\)/],
    ] as const) {
      const r = run(['audit', 'verify', '--db', path]);
      expect(r.code, path).toBe(EXIT_BAD_INPUT);
      expect(r.stderr).toMatch(pattern);
    }
  });
});
