import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openPortfolio, type OpenOptions } from '../db/open';
import type { Db } from '../db/sqlite';
import { generateDemo, writeDemo } from '../demo/generate';

/** Opens a portfolio the way the app does and fails the test loudly when that does not work. */
export function openOrThrow(path: string, options: Partial<OpenOptions> = {}): Db {
  const r = openPortfolio(path, { create: true, ...options });
  if (!r.ok) throw new Error(`openPortfolio(${path}) failed: ${r.reason}: ${r.message}`);
  return r.db;
}

/** A closed, fully checkpointed portfolio file, optionally filled with the seeded demo. */
export function writePortfolioFile(
  path: string,
  demo?: { size: number; seed?: number; now?: Date },
  options: Partial<OpenOptions> = {},
): void {
  const db = openOrThrow(path, options);
  try {
    if (demo) {
      writeDemo(
        db,
        generateDemo({ size: demo.size, seed: demo.seed ?? 7, now: demo.now ?? new Date('2026-03-02T09:00:00Z') }),
      );
    }
  } finally {
    db.close();
  }
}

/** Hash of the file's bytes: "the file was not touched" means this did not change. */
export function fileDigest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

const USER_TABLES_SQL = `SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`;

/** Every row of every table, in a stable order: compares contents, not just counts, before and after a call. */
export function dumpTables(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const { name, sql } of db.prepare(USER_TABLES_SQL).all() as { name: string; sql: string }[]) {
    // Table names come from sqlite_schema, not from input; quoting keeps odd names safe anyway. A WITHOUT
    // ROWID table has no rowid: its primary key (the leading columns in these tables) orders it instead.
    const order = /WITHOUT\s+ROWID/i.test(sql) ? '1, 2, 3' : 'rowid';
    out[name] = db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}" ORDER BY ${order}`).all();
  }
  return out;
}

export function rowCounts(db: Db): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, rows] of Object.entries(dumpTables(db))) out[name] = rows.length;
  return out;
}

/**
 * The user's records without the audit trail: undo puts records back exactly, but the log (and its
 * head in settings) only ever grows, so "the same state" compares this.
 */
export function dumpRecords(db: Db): Record<string, unknown[]> {
  const { audit_log: _log, ...rest } = dumpTables(db);
  const settings = (rest['settings'] ?? []) as { key: string }[];
  return { ...rest, settings: settings.filter((s) => s.key !== 'audit_head') };
}
