import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateDemo, insertDemoRows } from '../demo/generate';
import { PORTFOLIO_SQL } from '../repositories/initiatives.repo';
import { dumpTables, openOrThrow, writePortfolioFile } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { assertOrdered, migrate } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { m0010Initial } from './migrations/0010_initial';
import type { Migration } from './migrations/types';
import { APPLICATION_ID, openPortfolio } from './open';
import { openSqlite, type Db } from './sqlite';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

const pragma = (db: Db, name: string) => db.pragma(name, { simple: true });

/** Schema text of everything SQLite stores, to compare "the schema did not change". */
const schemaOf = (db: Db) => db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY name').all();

/** A step after the app's latest, for tests: adds a column and a table the way a later feature would. */
const NEXT = LATEST_SCHEMA_VERSION + 10;
const vNext: Migration = {
  version: NEXT,
  name: 'test: milestones',
  up(db) {
    db.exec(`
      ALTER TABLE initiatives ADD COLUMN budget INTEGER;
      CREATE TABLE milestones (id INTEGER PRIMARY KEY, initiative_id INTEGER NOT NULL REFERENCES initiatives(id)) STRICT;
    `);
  },
};

describe('migration registry', () => {
  it('is strictly increasing and ends at LATEST_SCHEMA_VERSION', () => {
    expect(MIGRATIONS.length).toBeGreaterThan(0);
    for (let i = 1; i < MIGRATIONS.length; i++) {
      expect(MIGRATIONS[i]!.version).toBeGreaterThan(MIGRATIONS[i - 1]!.version);
    }
    expect(() => assertOrdered(MIGRATIONS)).not.toThrow();
    expect(MIGRATIONS.at(-1)?.version).toBe(LATEST_SCHEMA_VERSION);
    expect(new Set(MIGRATIONS.map((m) => m.name)).size).toBe(MIGRATIONS.length);
  });

  it('assertOrdered refuses duplicates, decreasing and non-integer versions', () => {
    const m = (version: number): Migration => ({ version, name: `m${version}`, up() {} });
    expect(() => assertOrdered([m(10), m(10)])).toThrow(/not above 10/);
    expect(() => assertOrdered([m(20), m(10)])).toThrow();
    expect(() => assertOrdered([m(10.5)])).toThrow();
    expect(() => assertOrdered([m(0)])).toThrow();
  });

  it('migrate refuses an unordered registry before touching the file', () => {
    const db = openSqlite(join(temp.make(), 'x.db'));
    try {
      let ran = false;
      const step = (version: number): Migration => ({ version, name: `m${version}`, up: () => (ran = true) });
      expect(() => migrate(db, [step(20), step(10)], APPLICATION_ID)).toThrow();
      expect(ran).toBe(false);
      expect(pragma(db, 'user_version')).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('opening a new file', () => {
  it('ends at the latest version with the application id, WAL, FULL sync and foreign keys on', () => {
    const path = join(temp.make(), 'new.flightdeck');
    const r = openPortfolio(path, { create: true });
    if (!r.ok) throw new Error(r.message);
    try {
      expect(r.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(r.migratedFrom).toBe(0);
      expect(r.backupPath).toBeNull();
      expect(pragma(r.db, 'user_version')).toBe(LATEST_SCHEMA_VERSION);
      expect(pragma(r.db, 'application_id')).toBe(APPLICATION_ID);
      expect(pragma(r.db, 'journal_mode')).toBe('wal');
      expect(pragma(r.db, 'synchronous')).toBe(2);
      expect(pragma(r.db, 'foreign_keys')).toBe(1);
      const tables = (schemaOf(r.db) as { type: string; name: string }[])
        .filter((o) => o.type === 'table')
        .map((o) => o.name);
      expect(tables).toEqual(expect.arrayContaining(['initiatives', 'people', 'phase_transitions', 'settings']));
    } finally {
      r.db.close();
    }
  });

  it('is idempotent on re-open: no migration, no backup, same schema', () => {
    const dir = temp.make();
    const path = join(dir, 'p.flightdeck');
    writePortfolioFile(path, { size: 20 });
    const first = openOrThrow(path);
    const schema = schemaOf(first);
    const data = dumpTables(first);
    first.close();

    const r = openPortfolio(path, { create: false });
    if (!r.ok) throw new Error(r.message);
    try {
      expect(r.migratedFrom).toBe(LATEST_SCHEMA_VERSION);
      expect(r.backupPath).toBeNull();
      expect(schemaOf(r.db)).toEqual(schema);
      expect(dumpTables(r.db)).toEqual(data);
    } finally {
      r.db.close();
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });
});

describe('upgrading an older file', () => {
  /** A file written by the first release: schema v10 with demo rows (and, at v10, no audit log). */
  function v10FileWithData(): { dir: string; path: string; data: Record<string, unknown[]> } {
    const dir = temp.make();
    const path = join(dir, 'old.flightdeck');
    const db = openOrThrow(path, { migrations: [m0010Initial] });
    insertDemoRows(db, generateDemo({ size: 25, seed: 7, now: new Date('2026-03-02T09:00:00Z') }));
    const data = dumpTables(db);
    db.close();
    expect(data['initiatives']).toHaveLength(25);
    expect(data['audit_log']).toBeUndefined();
    return { dir, path, data };
  }

  /** A file at the app's latest version, to test steps beyond it. */
  function latestFileWithData(): { dir: string; path: string; data: Record<string, unknown[]> } {
    const dir = temp.make();
    const path = join(dir, 'current.flightdeck');
    writePortfolioFile(path, { size: 25 });
    const db = openOrThrow(path, { create: false });
    const data = dumpTables(db);
    db.close();
    return { dir, path, data };
  }

  it('upgrades a v10 file to the latest version (audit log, KPIs), backing it up first; the data is untouched', () => {
    const { path, data } = v10FileWithData();
    const now = new Date('2026-04-01T10:20:30.456Z');
    const r = openPortfolio(path, { create: false, now: () => now });
    if (!r.ok) throw new Error(r.message);
    try {
      expect(r.migratedFrom).toBe(10);
      expect(r.schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(r.backupPath).toBe(`${path}.v10-2026-04-01T10-20-30-456Z.bak`);
      // The tables later steps add start empty; everything that was there is untouched.
      const all = dumpTables(r.db);
      const added = Object.keys(all).filter((name) => !(name in data));
      expect(added).toEqual(expect.arrayContaining(['audit_log', 'kpis', 'kpi_measurements']));
      expect(Object.fromEntries(added.map((name) => [name, all[name]]))).toEqual(
        Object.fromEntries(added.map((name) => [name, []])),
      );
      // 0040 adds two columns to phase_transitions, filled with their defaults: not a gate move, no override.
      const moves = all['phase_transitions'] as { gate_review_id: unknown; is_override: unknown }[];
      expect(new Set(moves.map((m) => `${String(m.gate_review_id)}/${String(m.is_override)}`))).toEqual(
        new Set(['null/0']),
      );
      const old: Record<string, unknown> = {
        ...all,
        phase_transitions: moves.map(({ gate_review_id: _g, is_override: _o, ...m }) => m),
      };
      expect(Object.fromEntries(Object.keys(data).map((name) => [name, old[name]]))).toEqual(data);
    } finally {
      r.db.close();
    }
    const backup = openSqlite(r.backupPath!, { fileMustExist: true });
    try {
      expect(pragma(backup, 'user_version')).toBe(10);
      expect(dumpTables(backup)).toEqual(data);
    } finally {
      backup.close();
    }
  });

  it('backs the file up before migrating, and the backup holds the old data at the old version', () => {
    const { path, data } = latestFileWithData();
    const now = new Date('2026-04-01T10:20:30.456Z');
    const r = openPortfolio(path, { create: false, migrations: [...MIGRATIONS, vNext], now: () => now });
    if (!r.ok) throw new Error(r.message);
    try {
      expect(r.migratedFrom).toBe(LATEST_SCHEMA_VERSION);
      expect(r.schemaVersion).toBe(NEXT);
      expect(pragma(r.db, 'user_version')).toBe(NEXT);
      expect(r.backupPath).toBe(`${path}.v${LATEST_SCHEMA_VERSION}-2026-04-01T10-20-30-456Z.bak`);
      const cols = (r.db.prepare('PRAGMA table_info(initiatives)').all() as { name: string }[]).map((c) => c.name);
      expect(cols).toContain('budget');
    } finally {
      r.db.close();
    }
    expect(existsSync(r.backupPath!)).toBe(true);
    const backup = openSqlite(r.backupPath!, { fileMustExist: true });
    try {
      expect(pragma(backup, 'user_version')).toBe(LATEST_SCHEMA_VERSION);
      expect(pragma(backup, 'application_id')).toBe(APPLICATION_ID);
      expect(dumpTables(backup)).toEqual(data);
    } finally {
      backup.close();
    }
  });

  it('leaves user_version and data unchanged when a migration throws, and reports MIGRATION_FAILED', () => {
    const { path, data } = v10FileWithData();
    const failing: Migration = {
      version: NEXT,
      name: 'test: fails half way',
      up(db) {
        // Real work first, so the test shows it is rolled back rather than never done.
        db.exec('CREATE TABLE half_done (x INTEGER) STRICT');
        db.exec(`UPDATE initiatives SET name = 'clobbered'`);
        db.exec('DELETE FROM phase_transitions');
        throw new Error('boom in the last migration');
      },
    };
    const r = openPortfolio(path, { create: false, migrations: [m0010Initial, failing] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('MIGRATION_FAILED');
    expect(r.message).toContain('boom in the last migration');

    const db = openSqlite(path, { fileMustExist: true });
    try {
      expect(pragma(db, 'user_version')).toBe(10);
      expect(dumpTables(db)).toEqual(data);
      expect(db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half_done'`).get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
    // The file still opens with the app's own registry after the failed upgrade.
    openOrThrow(path, { create: false }).close();
  });

  it('rolls every pending step back when a later one fails: the pre-migration file is intact (one transaction)', () => {
    const { dir, path } = v10FileWithData();
    // "The old app": the registry that wrote this file; "the new app": four more steps, the fourth failing half-way.
    const oldApp = [m0010Initial];
    const step = (n: number, sql: string): Migration => ({
      version: NEXT + n,
      name: `test: m${n}`,
      up: (db) => db.exec(sql),
    });
    const m4: Migration = {
      version: NEXT + 4,
      name: 'test: m4 fails half-way',
      up(db) {
        db.exec('CREATE TABLE m4_half (x INTEGER) STRICT');
        db.exec('INSERT INTO m4_half (x) VALUES (1), (2), (3)');
        throw new Error('m4 broke after creating a table and inserting rows');
      },
    };
    const newApp = [
      ...MIGRATIONS,
      step(1, `ALTER TABLE initiatives ADD COLUMN m1 TEXT; UPDATE initiatives SET m1 = 'one'`),
      step(2, `CREATE TABLE m2 (id INTEGER PRIMARY KEY) STRICT; INSERT INTO m2 (id) VALUES (1)`),
      step(3, `UPDATE initiatives SET name = 'renamed by m3'`),
      m4,
      step(5, 'CREATE TABLE m5 (id INTEGER PRIMARY KEY) STRICT'),
    ];
    const before = openSqlite(path, { fileMustExist: true });
    const snapshot = { version: pragma(before, 'user_version'), schema: schemaOf(before), data: dumpTables(before) };
    before.close();
    expect(snapshot.version).toBe(10);

    const r = openPortfolio(path, { create: false, migrations: newApp, now: () => new Date('2026-05-01T00:00:00Z') });
    expect(r.ok ? 'ok' : r.reason).toBe('MIGRATION_FAILED');
    if (!r.ok) expect(r.message).toMatch(/m4 broke/);

    const after = openSqlite(path, { fileMustExist: true });
    try {
      expect(pragma(after, 'user_version')).toBe(10);
      expect(schemaOf(after)).toEqual(snapshot.schema);
      expect(dumpTables(after)).toEqual(snapshot.data);
    } finally {
      after.close();
    }
    // The old app opens it and reads its data as if the upgrade had never been tried.
    const old = openOrThrow(path, { create: false, migrations: oldApp });
    try {
      expect(dumpTables(old)).toEqual(snapshot.data);
    } finally {
      old.close();
    }
    // The copy taken before migrating exists and opens, holding the same data.
    const backups = readdirSync(dir).filter((f) => f.endsWith('.bak'));
    expect(backups).toEqual(['old.flightdeck.v10-2026-05-01T00-00-00-000Z.bak']);
    const backup = openOrThrow(join(dir, backups[0]!), { create: false, migrations: oldApp });
    try {
      expect(pragma(backup, 'user_version')).toBe(10);
      expect(dumpTables(backup)).toEqual(snapshot.data);
    } finally {
      backup.close();
    }
  });

  it('TOO_NEW for a file from a newer schema, which stays unchanged', () => {
    const { path } = latestFileWithData();
    const db = openSqlite(path, { fileMustExist: true });
    db.pragma(`user_version = ${NEXT}`);
    const data = dumpTables(db);
    db.close();
    const r = openPortfolio(path, { create: false });
    expect(r.ok ? 'ok' : r.reason).toBe('TOO_NEW');
    const again = openSqlite(path, { fileMustExist: true });
    try {
      expect(pragma(again, 'user_version')).toBe(NEXT);
      expect(dumpTables(again)).toEqual(data);
    } finally {
      again.close();
    }
  });
});

describe('portfolio query plan', () => {
  function planOf(db: Db, sql: string): string[] {
    return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail);
  }

  it('walks initiatives_portfolio and needs no sort step', () => {
    const path = join(temp.make(), 'plan.flightdeck');
    writePortfolioFile(path, { size: 300 });
    const db = openOrThrow(path, { create: false });
    try {
      // ANALYZE gives the planner real statistics, as a long-lived file would have; the plan must hold either way.
      for (const analyzed of [false, true]) {
        if (analyzed) db.exec('ANALYZE');
        const plan = planOf(db, PORTFOLIO_SQL);
        expect(
          plan.some((d) => /\bi\b.*USING (COVERING )?INDEX initiatives_portfolio/.test(d)),
          plan.join('\n'),
        ).toBe(true);
        expect(
          plan.some((d) => d.includes('USE TEMP B-TREE FOR ORDER BY')),
          plan.join('\n'),
        ).toBe(false);
        // The owner joins are primary-key look-ups, never scans of people.
        for (const alias of ['s', 'po', 'tl']) {
          expect(plan, plan.join('\n')).toContain(`SEARCH ${alias} USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN`);
        }
      }
    } finally {
      db.close();
    }
  });
});
