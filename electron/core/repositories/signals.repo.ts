import type { Db, Statement } from '../db/sqlite';

/**
 * The set-based reads behind the pilot-purgatory radar: one statement per table, never one per
 * initiative, so 10,000 initiatives cost three scans rather than 20,000 look-ups.
 *
 * Dates come back as epoch days computed by SQLite (julianday of the date part minus the Unix epoch's
 * julian day), so the service does no Date parsing per row. A malformed stamp gives NULL.
 */
const EPOCH_DAY = (col: string) => `CAST(julianday(substr(${col}, 1, 10)) - 2440587.5 AS INTEGER)`;

/** Cells of INITIATIVES_SQL, by position (raw arrays: cheaper than 10,000 row objects). */
export type InitiativeCells = [
  id: number,
  name: string,
  type: string,
  riskTier: string,
  status: string,
  phase: string,
  phaseEnteredDay: number | null,
  createdDay: number | null,
  sponsorId: number | null,
  productOwnerId: number | null,
  techLeadId: number | null,
  archivedDay: number | null,
];

export const INITIATIVES_SQL = `
  SELECT id, name, type, risk_tier, status, phase, ${EPOCH_DAY('phase_entered_at')}, ${EPOCH_DAY('created_at')},
    sponsor_id, product_owner_id, tech_lead_id, ${EPOCH_DAY('archived_at')}
  FROM initiatives`;

/** Cells of TRANSITIONS_SQL. Ordered by initiative then time, so grouping is one pass and ties keep insertion order. */
export type TransitionCells = [initiativeId: number, toPhase: string, day: number | null];

export const TRANSITIONS_SQL = `
  SELECT initiative_id, to_phase, ${EPOCH_DAY('at')}
  FROM phase_transitions
  ORDER BY initiative_id, at, id`;

/**
 * Scope changes for SCOPE_CHURN (§3.4 #14), from the audit trail: an `initiative.update` whose row diff
 * touches the name, description or type (what the use case is). Only entries dated in [fromDay, toDay]
 * are read, so the scan stays proportional to the recent log. KPI target changes join this once KPIs
 * are audited.
 */
export type ScopeChangeCells = [initiativeId: number, day: number];

export const SCOPE_CHANGES_SQL = `
  SELECT entity_id, ${EPOCH_DAY('at')} AS day
  FROM audit_log
  WHERE entity_kind = 'initiative' AND action = 'initiative.update'
    AND substr(at, 1, 10) BETWEEN ? AND ?
    AND (json_extract(before_json, '$.name') IS NOT json_extract(after_json, '$.name')
      OR json_extract(before_json, '$.description') IS NOT json_extract(after_json, '$.description')
      OR json_extract(before_json, '$.type') IS NOT json_extract(after_json, '$.type'))`;

/** Prepared per connection: the radar re-runs on every refetch. */
const statements = new WeakMap<Db, Map<string, Statement>>();

function raw(db: Db, sql: string): Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let stmt = byDb.get(sql);
  if (!stmt) byDb.set(sql, (stmt = db.prepare<unknown[]>(sql).raw(true)));
  return stmt;
}

export function readInitiativeCells(db: Db): InitiativeCells[] {
  return raw(db, INITIATIVES_SQL).all() as InitiativeCells[];
}

export function readTransitionCells(db: Db): TransitionCells[] {
  return raw(db, TRANSITIONS_SQL).all() as TransitionCells[];
}

function hasTable(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`).pluck().get(name) === 1;
}

/**
 * Scope changes dated fromIso..toIso (YYYY-MM-DD, inclusive), or null when the file has no audit trail
 * (a file older than migration 0020 opened read-only): then the rule has no data, which is not "no churn".
 */
export function readScopeChangeCells(db: Db, fromIso: string, toIso: string): ScopeChangeCells[] | null {
  if (!hasTable(db, 'audit_log')) return null;
  return raw(db, SCOPE_CHANGES_SQL).all(fromIso, toIso) as ScopeChangeCells[];
}
