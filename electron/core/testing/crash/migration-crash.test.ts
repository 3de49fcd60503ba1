/**
 * Kills during a migration (issue 8): an old-version portfolio with data is opened by the app's openPortfolio
 * (backup, then every pending migration) in a child that is SIGKILLed at random points, 0 ms included. After
 * each kill the file must be the old version with the same data, or fully migrated with the data kept (or,
 * only if migrate.ts commits each step on its own, a complete intermediate version), integrity ok, and the
 * app's open must then finish the upgrade.
 */
import { copyFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../shared/random';
import { openPortfolio } from '../../db/open';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../db/migrations';
import type { Migration } from '../../db/migrations/types';
import { openSqlite, type Db } from '../../db/sqlite';
import { bundleForChild } from '../childBundle';
import { dumpTables } from '../portfolio-files';
import { TempDirs } from '../temp-dir';
import { runAndKill, type KillAt } from './harness';

/** The migration worker's line just before it calls openPortfolio. */
const STARTED = '{"op":"started"}';

/** Old versions to start from: right after the first migration, in the middle, one step before the end. */
const FROM_VERSIONS = [10, 40, 100];
const KILLS_PER_VERSION = Number(process.env['FD_MIGRATION_KILLS'] ?? 14);
const ROWS = 3000;

const temps = new TempDirs();
let worker: string;
let dir: string;
beforeAll(async () => {
  worker = await bundleForChild(fileURLToPath(new URL('./migrate-worker.ts', import.meta.url)));
  dir = temps.make('fd-migration-crash-');
}, 120_000);
afterAll(() => {
  temps.cleanup();
  if (worker) rmSync(worker, { force: true });
});

const upTo = (version: number): readonly Migration[] => MIGRATIONS.filter((m) => m.version <= version);

function openAt(path: string, version: number, create = true): Db {
  const r = openPortfolio(path, { create, migrations: upTo(version) });
  if (!r.ok) throw new Error(`${r.reason}: ${r.message}`);
  return r.db;
}

/** A closed file at `version` holding people, initiatives and their phase history (tables of the first version). */
function oldPortfolio(version: number): string {
  const path = join(dir, `v${version}.flightdeck`);
  const db = openAt(path, version);
  const at = '2026-01-05T09:00:00.000Z';
  db.transaction(() => {
    const person = db.prepare(`INSERT INTO people (name, created_at, updated_at) VALUES (?, ?, ?)`);
    for (let p = 1; p <= 40; p++) person.run(`Person ${p}`, at, at);
    const initiative = db.prepare(
      `INSERT INTO initiatives (name, description, business_unit, type, phase, status, risk_tier, sponsor_id,
         phase_entered_at, created_at, updated_at)
       VALUES (?, ?, 'Claims', 'copilot', 'STRATEGY', 'active', 'minimal', ?, ?, ?, ?)`,
    );
    const move = db.prepare(
      `INSERT INTO phase_transitions (initiative_id, from_phase, to_phase, at, by, reason) VALUES (?, NULL, 'STRATEGY', ?, 'Setup', 'Created')`,
    );
    for (let i = 1; i <= ROWS; i++) {
      const id = Number(
        initiative.run(`Initiative ${i}`, `Old data ${i} `.repeat(8), (i % 40) + 1, at, at, at).lastInsertRowid,
      );
      move.run(id, at);
    }
  })();
  db.close();
  return path;
}

/** The schema each version defines, from an empty file: an intermediate state must be exactly one of these. */
function referenceSchemas(): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const m of MIGRATIONS) {
    const db = openAt(join(dir, `schema-${m.version}.flightdeck`), m.version);
    out.set(m.version, schemaOf(db));
    db.close();
  }
  return out;
}

function schemaOf(db: Db): string[] {
  return (
    db
      .prepare(
        `SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'`,
      )
      .pluck()
      .all() as string[]
  ).sort();
}

/** The old version's rows as the app reads them after any number of migrations (columns of the first version). */
function keptRows(db: Db): unknown[] {
  return [
    db.prepare('SELECT id, name, created_at FROM people ORDER BY id').all(),
    db.prepare('SELECT id, name, description, sponsor_id, phase, phase_entered_at FROM initiatives ORDER BY id').all(),
    db.prepare('SELECT id, initiative_id, to_phase, reason FROM phase_transitions ORDER BY id').all(),
  ];
}

/**
 * Whether migrate() runs all pending migrations in one transaction: a failing last step then leaves the file
 * at its old version. Decides whether intermediate versions are acceptable after a kill.
 */
function allOrNothing(pristine: string, from: number): boolean {
  const probe = join(dir, `probe-${from}.flightdeck`);
  copyFileSync(pristine, probe);
  const failing: Migration = {
    version: LATEST_SCHEMA_VERSION + 1,
    name: 'fails',
    up: () => {
      throw new Error('probe');
    },
  };
  const r = openPortfolio(probe, { create: false, migrations: [...MIGRATIONS, failing] });
  expect(r.ok).toBe(false);
  const db = openSqlite(probe);
  const v = db.pragma('user_version', { simple: true }) as number;
  db.close();
  return v === from;
}

function clearWork(work: string): void {
  const base = work.replace(/^.*\//, '');
  for (const f of readdirSync(dir)) if (f.startsWith(base)) rmSync(join(dir, f), { force: true });
}

/** Backups the killed opens left beside the file that do not open as sound SQLite databases. */
function brokenBackups(work: string): number {
  const base = work.replace(/^.*\//, '');
  let broken = 0;
  for (const f of readdirSync(dir).filter((n) => n.startsWith(base) && n.endsWith('.bak'))) {
    try {
      const db = openSqlite(join(dir, f), { readonly: true, fileMustExist: true });
      if (db.pragma('integrity_check', { simple: true }) !== 'ok') broken++;
      db.close();
    } catch {
      broken++;
    }
  }
  return broken;
}

describe('SIGKILL during a migration', () => {
  it(`leaves the old version or the new one, never a mix (${FROM_VERSIONS.length} × ${KILLS_PER_VERSION} kills)`, async () => {
    const schemas = referenceSchemas();
    const rnd = seededRandom(8);
    const outcomes = { old: 0, latest: 0, intermediate: 0, brokenBackups: 0, allOrNothing: [] as boolean[] };
    const problems: string[] = [];
    let kills = 0;

    for (const from of FROM_VERSIONS) {
      const pristine = oldPortfolio(from);
      const pristineDb = openSqlite(pristine);
      const before = dumpTables(pristineDb);
      const kept = keptRows(pristineDb);
      pristineDb.close();
      const atomic = allOrNothing(pristine, from);
      outcomes.allOrNothing.push(atomic);

      // One clean run: it must migrate, and its length sets the window the kills are spread over.
      const work = join(dir, `work-${from}.flightdeck`);
      copyFileSync(pristine, work);
      const t0 = Date.now();
      const clean = await runAndKill(worker, [work], null, STARTED);
      const totalMs = Date.now() - t0;
      const migrateMs = totalMs - (clean.openedAfterMs ?? 0);
      expect(clean.lines.at(-1)).toEqual({ op: 'migrated', from, to: LATEST_SCHEMA_VERSION });

      for (let k = 0; k < KILLS_PER_VERSION; k++) {
        clearWork(work);
        copyFileSync(pristine, work);
        // The first kill at once; one in five during Node's start; the rest inside openPortfolio (backup and
        // migrations), spread over the clean run's time from the worker's "started" line to its exit.
        const killAt: KillAt =
          k === 0
            ? { afterSpawnMs: 0 }
            : k % 5 === 0
              ? { afterSpawnMs: Math.floor(rnd() * (clean.openedAfterMs ?? 100)) }
              : { afterOpenMs: Math.floor(rnd() * migrateMs) };
        const run = await runAndKill(worker, [work], killAt, STARTED);
        if (run.exit.signal === 'SIGKILL') kills++;
        const where = `from v${from}, kill ${JSON.stringify(killAt)} (${run.exit.signal ?? 'exited'})`;

        const db = openSqlite(work, { fileMustExist: true });
        const integrity = db.pragma('integrity_check', { simple: true });
        const v = db.pragma('user_version', { simple: true }) as number;
        if (integrity !== 'ok') problems.push(`${where}: integrity_check: ${String(integrity)}`);
        else if (v === from) {
          outcomes.old++;
          if (JSON.stringify(dumpTables(db)) !== JSON.stringify(before))
            problems.push(`${where}: old version, data changed`);
        } else {
          if (v === LATEST_SCHEMA_VERSION) outcomes.latest++;
          else outcomes.intermediate++;
          if (v !== LATEST_SCHEMA_VERSION && atomic) problems.push(`${where}: left at intermediate version ${v}`);
          if (JSON.stringify(schemaOf(db)) !== JSON.stringify(schemas.get(v)))
            problems.push(`${where}: schema is not version ${v}'s`);
          if (JSON.stringify(keptRows(db)) !== JSON.stringify(kept)) problems.push(`${where}: data changed at v${v}`);
        }
        db.close();
        // The pre-migration copy is written under a temporary name and renamed: a kill never leaves a broken .bak.
        const broken = brokenBackups(work);
        outcomes.brokenBackups += broken;
        if (broken > 0) problems.push(`${where}: ${broken} pre-migration backup(s) left unsound`);

        // The next start finishes the upgrade with the data.
        const reopened = openPortfolio(work, { create: false });
        if (!reopened.ok) problems.push(`${where}: the app's open failed: ${reopened.reason}: ${reopened.message}`);
        else {
          if (reopened.schemaVersion !== LATEST_SCHEMA_VERSION)
            problems.push(`${where}: reopened at ${reopened.schemaVersion}`);
          if (reopened.db.pragma('integrity_check', { simple: true }) !== 'ok')
            problems.push(`${where}: unsound after the upgrade`);
          if (JSON.stringify(keptRows(reopened.db)) !== JSON.stringify(kept))
            problems.push(`${where}: data lost by the upgrade`);
          reopened.db.close();
        }
      }
      clearWork(work);
    }

    console.log(`migration kills: ${kills} (${JSON.stringify(outcomes)})`);
    expect(problems).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(30);
  }, 600_000);
});
