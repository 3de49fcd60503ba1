import { SIGNAL_RULES, type SignalRuleId } from '../../../shared/domain/governance/signals';
import type { SignalState, SignalStateView } from '../../../shared/domain/watchlist';
import type { Db, Statement } from '../db/sqlite';
import { getSetting, setSetting } from './settings.repo';
import { hasTable } from './signals.repo';

/** A row of signal_states (migration 0060), column for column. */
export interface SignalStateRecord {
  initiative_id: number;
  rule_id: string;
  first_seen: string;
  last_seen: string;
  state: SignalState;
  snoozed_until: string | null;
  note: string;
  updated_by: string | null;
  updated_at: string;
}

const COLUMNS =
  'initiative_id, rule_id, first_seen, last_seen, state, snoozed_until, note, updated_by, updated_at' as const;

const statements = new WeakMap<Db, Map<string, Statement>>();
function stmt(db: Db, sql: string): Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let s = byDb.get(sql);
  if (!s) byDb.set(sql, (s = db.prepare<unknown[]>(sql)));
  return s;
}

const RULE_INDEX = new Map<string, number>(SIGNAL_RULES.map((r, i) => [r.id, i]));
const RULE_SLOTS = 64;

/** A number per (initiative, rule): cheaper to build and hash than a string for 20,000 signals. */
export const stateKey = (initiativeId: number, ruleId: string): number =>
  initiativeId * RULE_SLOTS + (RULE_INDEX.get(ruleId) ?? RULE_SLOTS - 1);

/** Cells of the lifecycle read, in COLUMNS order (raw arrays: no 20,000 row objects per radar run). */
export type SignalStateCells = [
  initiativeId: number,
  ruleId: string,
  firstSeen: string,
  lastSeen: string,
  state: SignalState,
  snoozedUntil: string | null,
  note: string,
  updatedBy: string | null,
  updatedAt: string,
];

export const recordOf = (c: SignalStateCells): SignalStateRecord => ({
  initiative_id: c[0],
  rule_id: c[1],
  first_seen: c[2],
  last_seen: c[3],
  state: c[4],
  snoozed_until: c[5],
  note: c[6],
  updated_by: c[7],
  updated_at: c[8],
});

/** Every lifecycle row in one read, keyed by stateKey; null when the file predates migration 0060. */
export function readSignalStates(db: Db): Map<number, SignalStateCells> | null {
  if (!hasTable(db, 'signal_states')) return null;
  const rows = rawStmt(db, `SELECT ${COLUMNS} FROM signal_states`).all() as SignalStateCells[];
  const out = new Map<number, SignalStateCells>();
  for (const r of rows) {
    // A rule this version does not know (a newer file's) cannot fire here; keep it out of the slots.
    if (RULE_INDEX.has(r[1])) out.set(stateKey(r[0], r[1]), r);
  }
  return out;
}

const rawStatements = new WeakMap<Db, Map<string, Statement>>();
function rawStmt(db: Db, sql: string): Statement {
  let byDb = rawStatements.get(db);
  if (!byDb) rawStatements.set(db, (byDb = new Map()));
  let s = byDb.get(sql);
  if (!s) byDb.set(sql, (s = db.prepare<unknown[]>(sql).raw(true)));
  return s;
}

export function getSignalState(db: Db, initiativeId: number, ruleId: string): SignalStateRecord | null {
  if (!hasTable(db, 'signal_states')) return null;
  return (
    (stmt(db, `SELECT ${COLUMNS} FROM signal_states WHERE initiative_id = ? AND rule_id = ?`).get(
      initiativeId,
      ruleId,
    ) as SignalStateRecord | undefined) ?? null
  );
}

const UPSERT_SQL = `
  INSERT INTO signal_states (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (initiative_id, rule_id) DO UPDATE SET
    first_seen = excluded.first_seen, last_seen = excluded.last_seen, state = excluded.state,
    snoozed_until = excluded.snoozed_until, note = excluded.note, updated_by = excluded.updated_by,
    updated_at = excluded.updated_at`;

/** Writes whole rows (new or changed) in one transaction: the radar's bookkeeping batch. */
export function upsertSignalStates(db: Db, rows: readonly SignalStateRecord[]): void {
  if (rows.length === 0) return;
  const s = stmt(db, UPSERT_SQL);
  db.transaction(() => {
    for (const r of rows) {
      s.run(
        r.initiative_id,
        r.rule_id,
        r.first_seen,
        r.last_seen,
        r.state,
        r.snoozed_until,
        r.note,
        r.updated_by,
        r.updated_at,
      );
    }
  })();
}

export function insertSignalState(db: Db, r: SignalStateRecord): void {
  upsertSignalStates(db, [r]);
}

/**
 * A person's decision: only the decision columns. Undo goes through here too, so undoing an
 * acknowledgement does not move first/last seen back (those are the radar's, not the person's).
 */
export function updateSignalDecision(db: Db, r: SignalStateRecord): void {
  stmt(
    db,
    `UPDATE signal_states SET state = ?, snoozed_until = ?, note = ?, updated_by = ?, updated_at = ?
     WHERE initiative_id = ? AND rule_id = ?`,
  ).run(r.state, r.snoozed_until, r.note, r.updated_by, r.updated_at, r.initiative_id, r.rule_id);
}

export function deleteSignalState(db: Db, initiativeId: number, ruleId: string): void {
  stmt(db, 'DELETE FROM signal_states WHERE initiative_id = ? AND rule_id = ?').run(initiativeId, ruleId);
}

export function toSignalStateView(r: SignalStateRecord): SignalStateView {
  return {
    initiativeId: r.initiative_id,
    ruleId: r.rule_id as SignalRuleId,
    state: r.state,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    snoozedUntil: r.snoozed_until,
    note: r.note,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}

/* ---- Undo/redo and audit of the two aggregates this feature owns (used by services/history.ts) ---- */

/** One signal's lifecycle row, as history captures it. */
export interface SignalSnapshot {
  kind: 'signal';
  id: number;
  ruleId: string;
  record: SignalStateRecord | null;
}

export function captureSignal(db: Db, id: number, ruleId: string): SignalSnapshot {
  return { kind: 'signal', id, ruleId, record: getSignalState(db, id, ruleId) };
}

export function restoreSignal(db: Db, s: SignalSnapshot): void {
  const exists = getSignalState(db, s.id, s.ruleId) !== null;
  if (!s.record) {
    if (exists) deleteSignalState(db, s.id, s.ruleId);
  } else if (exists) updateSignalDecision(db, s.record);
  else insertSignalState(db, s.record);
}

/** The radar's thresholds setting, as history captures it (the whole stored JSON, or none). */
export interface ThresholdsSnapshot {
  kind: 'signalThresholds';
  id: 0;
  /** The stored text, which undo puts back byte for byte. */
  raw: string | null;
  /** What the audit shows: the parsed value. */
  record: { key: string; value: unknown } | null;
}

export function captureThresholds(db: Db, key: string): ThresholdsSnapshot {
  const raw = getSetting(db, key);
  let value: unknown = raw;
  try {
    value = raw === null ? null : JSON.parse(raw);
  } catch {
    // Kept as the raw text: what was there is what undo must put back.
  }
  return { kind: 'signalThresholds', id: 0, raw, record: raw === null ? null : { key, value } };
}

export function restoreThresholds(db: Db, key: string, s: ThresholdsSnapshot): void {
  if (s.raw === null) db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  else setSetting(db, key, s.raw);
}
