import type { Db, Statement } from '../db/sqlite';
import { getSetting } from '../repositories/settings.repo';
import { GENESIS_HASH, entryHash } from './chain';

/** A change to one record, as the writer hands it over. before/after are null for create/delete. */
export interface AuditEvent {
  action: string;
  label: string;
  kind: string;
  id: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditMeta {
  actor: string;
  at: string;
}

/** Appends events to the chain; the History takes one so a bench can measure the cost of the log. */
export type AuditWriter = (db: Db, meta: AuditMeta, events: readonly AuditEvent[]) => void;

/**
 * Where the newest entry's seq and hash are kept besides the log itself. Deleting the last rows of a
 * hash chain leaves a chain that is still valid, just shorter: only a copy of the head kept elsewhere
 * can show the tail is gone. This copy lives in the same file (updated in the same transaction), so
 * it catches a truncation by someone who forgets it; a determined editor can rewrite both, which is
 * why the head is also meant to be exported (reports, status packs) as an outside commitment (B6.2).
 */
export const AUDIT_HEAD_KEY = 'audit_head';

export interface AuditHead {
  seq: number;
  hash: string;
}

export function readAuditHeadSetting(db: Db): AuditHead | null {
  const raw = getSetting(db, AUDIT_HEAD_KEY);
  const m = raw ? /^(\d+):([0-9a-f]{64})$/.exec(raw) : null;
  return m ? { seq: Number(m[1]), hash: m[2]! } : null;
}

/** Prepared once per connection: appends are the hot path of every change. */
const statements = new WeakMap<Db, { last: Statement; insert: Statement; head: Statement }>();

function prepared(db: Db): { last: Statement; insert: Statement; head: Statement } {
  let s = statements.get(db);
  if (!s) {
    s = {
      last: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').raw(true),
      insert: db.prepare(
        `INSERT INTO audit_log (seq, at, actor, action, label, entity_kind, entity_id, before_json, after_json, prev_hash, hash)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      head: db.prepare(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
    };
    statements.set(db, s);
  }
  return s;
}

/**
 * Appends events to the chain. Must run inside the caller's transaction, so the log and the change
 * commit or roll back together. The head is read once per call (one primary-key probe) and carried
 * in memory across the batch; it is not cached across calls because a rolled-back transaction or
 * another writer (demo setup, a migration) would leave a cached head wrong.
 */
export const appendAudit: AuditWriter = (db, meta, events) => {
  if (events.length === 0) return;
  if (!db.inTransaction) throw new Error('appendAudit must run inside the transaction of the change');
  const s = prepared(db);
  const last = s.last.get() as [number, string] | undefined;
  let seq = last ? last[0] : 0;
  let prev = last ? last[1] : GENESIS_HASH;
  for (const e of events) {
    seq++;
    const before = e.before === null ? null : JSON.stringify(e.before);
    const after = e.after === null ? null : JSON.stringify(e.after);
    const h = entryHash(seq, meta.at, meta.actor, e.action, e.label, e.kind, e.id, before, after, prev);
    s.insert.run(seq, meta.at, meta.actor, e.action, e.label, e.kind, e.id, before, after, prev, h);
    prev = h;
  }
  s.head.run(AUDIT_HEAD_KEY, `${seq}:${prev}`);
};

/**
 * What the audit keeps of a change: the whole record on create and delete, only the fields that
 * differ on an update (so a million entries stay small enough to verify in seconds). Null when
 * nothing changed: a no-op is not an event.
 */
export function auditPair(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } | null {
  if (before === null || after === null) return before === after ? null : { before, after };
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  let changed = false;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const x = before[key];
    const y = after[key];
    // Records hold strings, numbers and nulls; only something structured needs the slower comparison.
    const differs = typeof x === 'object' && x !== null ? JSON.stringify(x) !== JSON.stringify(y) : x !== y;
    if (differs) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
      changed = true;
    }
  }
  return changed ? { before: b, after: a } : null;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  label: string;
  entity_kind: string;
  entity_id: number;
  before_json: string | null;
  after_json: string | null;
}

/** Newest first; walks audit_log_entity backwards, no sort step. */
export function listEntityAudit(db: Db, kind: string, id: number, limit: number): AuditRow[] {
  return db
    .prepare(
      `SELECT seq, at, actor, action, label, entity_kind, entity_id, before_json, after_json
       FROM audit_log WHERE entity_kind = ? AND entity_id = ? ORDER BY seq DESC LIMIT ?`,
    )
    .all(kind, id, limit) as AuditRow[];
}
