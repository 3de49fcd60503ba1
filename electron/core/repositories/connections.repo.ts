import type {
  AuthKind,
  Connection,
  ConnectionKind,
  ConnectionState,
  DiagnosisStage,
} from '../../../shared/domain/connections/connection';
import type { Binding, CanonicalMetric, MetricPreset } from '../../../shared/domain/connections/metrics';
import type { BindingTarget } from '../connections/types';
import type { Db } from '../db/sqlite';

/** A connections row as stored (migration 0100). `secret_ref` is a reference, never the secret. */
export interface ConnectionRecord {
  id: number;
  kind: ConnectionKind;
  name: string;
  base_url: string;
  auth_kind: AuthKind;
  username: string | null;
  secret_ref: string | null;
  timeout_ms: number;
  poll_interval_s: number;
  paused: 0 | 1;
  version: string | null;
  last_ok_at: string | null;
  last_error_at: string | null;
  last_error_stage: DiagnosisStage | null;
  last_error_message: string | null;
  consecutive_failures: number;
  circuit_open_until: string | null;
  next_poll_at: string | null;
  cursor: number | null;
  created_at: string;
  updated_at: string;
}

/** The settings a user edits; the rest of the row is poll status. */
export type ConnectionSettings = Pick<
  ConnectionRecord,
  'name' | 'base_url' | 'auth_kind' | 'username' | 'secret_ref' | 'timeout_ms' | 'poll_interval_s'
>;

/** A connection_bindings row as stored; selector and detected are JSON text. */
export interface BindingRecord {
  id: number;
  initiative_id: number;
  connection_id: number;
  preset: MetricPreset | null;
  selector: string;
  detected: string;
  created_at: string;
}

/**
 * Paused wins (the user said stop); an open circuit stays visible until a probe succeeds, even while
 * its half-open probe is due, so a flapping server is never shown as "connected".
 */
export function connectionState(r: ConnectionRecord): ConnectionState {
  if (r.paused === 1) return 'paused';
  if (r.circuit_open_until !== null) return 'circuit_open';
  if (r.consecutive_failures > 0) return 'failing';
  if (r.last_ok_at === null) return 'never';
  return 'ok';
}

export function secretSourceOf(ref: string | null): Connection['secretSource'] {
  if (ref === null) return null;
  if (ref.startsWith('env:')) return ref as `env:${string}`;
  return 'store';
}

export function toConnection(r: ConnectionRecord, bindingCount: number): Connection {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    baseUrl: r.base_url,
    authKind: r.auth_kind,
    username: r.username,
    hasSecret: r.secret_ref !== null,
    secretSource: secretSourceOf(r.secret_ref),
    timeoutMs: r.timeout_ms,
    pollIntervalSec: r.poll_interval_s,
    paused: r.paused === 1,
    state: connectionState(r),
    version: r.version,
    lastOkAt: r.last_ok_at,
    lastErrorAt: r.last_error_at,
    lastError: r.last_error_stage !== null ? { stage: r.last_error_stage, message: r.last_error_message ?? '' } : null,
    consecutiveFailures: r.consecutive_failures,
    nextPollAt: r.next_poll_at,
    bindingCount,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getConnectionRecord(db: Db, id: number): ConnectionRecord | null {
  return (db.prepare('SELECT * FROM connections WHERE id = ?').get(id) as ConnectionRecord | undefined) ?? null;
}

/** Names are unique case-insensitively for people (the column is exact; "Prom" and "prom" would confuse). */
export function findConnectionByName(db: Db, name: string): ConnectionRecord | null {
  return (
    (db.prepare('SELECT * FROM connections WHERE lower(name) = lower(?)').get(name) as ConnectionRecord | undefined) ??
    null
  );
}

export function listConnectionRecords(db: Db): ConnectionRecord[] {
  return db.prepare('SELECT * FROM connections ORDER BY lower(name), id').all() as ConnectionRecord[];
}

function bindingCounts(db: Db): Map<number, number> {
  const rows = db
    .prepare('SELECT connection_id AS id, count(*) AS n FROM connection_bindings GROUP BY connection_id')
    .all() as { id: number; n: number }[];
  return new Map(rows.map((r) => [r.id, r.n]));
}

export function listConnections(db: Db): Connection[] {
  const counts = bindingCounts(db);
  return listConnectionRecords(db).map((r) => toConnection(r, counts.get(r.id) ?? 0));
}

export function getConnection(db: Db, id: number): Connection | null {
  const r = getConnectionRecord(db, id);
  if (!r) return null;
  const { n } = db.prepare('SELECT count(*) AS n FROM connection_bindings WHERE connection_id = ?').get(id) as {
    n: number;
  };
  return toConnection(r, n);
}

export function insertConnection(
  db: Db,
  r: ConnectionSettings & Pick<ConnectionRecord, 'kind' | 'created_at' | 'updated_at'>,
): number {
  const info = db
    .prepare(
      `INSERT INTO connections (kind, name, base_url, auth_kind, username, secret_ref, timeout_ms, poll_interval_s,
         created_at, updated_at)
       VALUES (@kind, @name, @base_url, @auth_kind, @username, @secret_ref, @timeout_ms, @poll_interval_s,
         @created_at, @updated_at)`,
    )
    .run(r);
  return Number(info.lastInsertRowid);
}

/**
 * Writes new settings. `reset`: 'server' when the address changed (another server: its cursor and version
 * mean nothing there, and earlier failures say nothing about it); 'status' when only the credentials changed
 * (same data, but a fresh chance: failures, circuit and schedule start over); 'none' otherwise.
 */
export function updateConnectionSettings(
  db: Db,
  id: number,
  s: ConnectionSettings,
  at: string,
  reset: 'none' | 'status' | 'server',
): void {
  db.prepare(
    `UPDATE connections SET name = @name, base_url = @base_url, auth_kind = @auth_kind, username = @username,
       secret_ref = @secret_ref, timeout_ms = @timeout_ms, poll_interval_s = @poll_interval_s, updated_at = @at
     WHERE id = @id`,
  ).run({ ...s, id, at });
  if (reset !== 'none') {
    db.prepare(
      'UPDATE connections SET consecutive_failures = 0, circuit_open_until = NULL, next_poll_at = NULL WHERE id = ?',
    ).run(id);
  }
  if (reset === 'server') db.prepare('UPDATE connections SET cursor = NULL, version = NULL WHERE id = ?').run(id);
}

/**
 * The auth a new connection uses when none is chosen: the kind's own (Langfuse basic), else bearer when a
 * secret is given (basic with a user name), else none. A secret that would never be sent helps nobody.
 */
export function inferAuthKind(kind: ConnectionKind, hasSecret: boolean, hasUsername: boolean): AuthKind {
  if (!hasSecret) return 'none';
  if (kind === 'langfuse' || hasUsername) return 'basic';
  return 'bearer';
}

export function deleteConnection(db: Db, id: number): void {
  db.prepare('DELETE FROM connections WHERE id = ?').run(id);
}

/** Resuming clears the circuit and polls soon: the user asked for it to run again. */
export function setConnectionPaused(db: Db, id: number, paused: boolean, at: string): void {
  db.prepare(
    paused
      ? 'UPDATE connections SET paused = 1, next_poll_at = NULL, updated_at = @at WHERE id = @id'
      : `UPDATE connections SET paused = 0, circuit_open_until = NULL, next_poll_at = NULL, updated_at = @at
         WHERE id = @id`,
  ).run({ id, at });
}

/** A successful poll: the cursor advances, failures and the circuit reset. */
export function recordPollSuccess(
  db: Db,
  id: number,
  s: { at: string; version: string | null; cursor: number | null; nextPollAt: string | null },
): void {
  db.prepare(
    `UPDATE connections SET last_ok_at = @at, version = coalesce(@version, version), cursor = coalesce(@cursor, cursor),
       consecutive_failures = 0, circuit_open_until = NULL, next_poll_at = @nextPollAt
     WHERE id = @id`,
  ).run({ ...s, id });
}

/** A failed poll: the cursor and samples stay as they were; only the status moves. */
export function recordPollFailure(
  db: Db,
  id: number,
  s: {
    at: string;
    stage: DiagnosisStage;
    message: string;
    failures: number;
    circuitOpenUntil: string | null;
    nextPollAt: string | null;
  },
): void {
  db.prepare(
    `UPDATE connections SET last_error_at = @at, last_error_stage = @stage, last_error_message = @message,
       consecutive_failures = @failures, circuit_open_until = @circuitOpenUntil, next_poll_at = @nextPollAt
     WHERE id = @id`,
  ).run({ ...s, id });
}

/** What the Test button learnt: the version when it answered, else the failure (without counting it). */
export function recordTestResult(
  db: Db,
  id: number,
  r: { ok: true; version: string | null } | { ok: false; at: string; stage: DiagnosisStage; message: string },
): void {
  if (r.ok) {
    db.prepare('UPDATE connections SET version = coalesce(?, version) WHERE id = ?').run(r.version, id);
  } else {
    db.prepare(
      'UPDATE connections SET last_error_at = ?, last_error_stage = ?, last_error_message = ? WHERE id = ?',
    ).run(r.at, r.stage, r.message, id);
  }
}

// ---- bindings -------------------------------------------------------------------------------------

/** Keys sorted, so one selector has one spelling and the UNIQUE key catches a duplicate. */
export function canonicalJson(o: Record<string, string>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function parseObject<T>(text: string): T {
  const v = JSON.parse(text) as unknown;
  return (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}) as T;
}

export function getBindingRecord(db: Db, id: number): BindingRecord | null {
  return (db.prepare('SELECT * FROM connection_bindings WHERE id = ?').get(id) as BindingRecord | undefined) ?? null;
}

/** Another binding of the same initiative and connection with the same selector, if any. */
export function findDuplicateBinding(
  db: Db,
  b: { id: number | null; initiative_id: number; connection_id: number; selector: string },
): BindingRecord | null {
  return (
    (db
      .prepare(
        `SELECT * FROM connection_bindings WHERE initiative_id = ? AND connection_id = ? AND selector = ?
           AND id IS NOT ?`,
      )
      .get(b.initiative_id, b.connection_id, b.selector, b.id) as BindingRecord | undefined) ?? null
  );
}

export function insertBinding(db: Db, r: Omit<BindingRecord, 'id'>): number {
  const info = db
    .prepare(
      `INSERT INTO connection_bindings (initiative_id, connection_id, preset, selector, detected, created_at)
       VALUES (@initiative_id, @connection_id, @preset, @selector, @detected, @created_at)`,
    )
    .run(r);
  return Number(info.lastInsertRowid);
}

export function updateBinding(db: Db, r: BindingRecord): void {
  db.prepare(
    `UPDATE connection_bindings SET initiative_id = @initiative_id, connection_id = @connection_id,
       preset = @preset, selector = @selector, detected = @detected WHERE id = @id`,
  ).run(r);
}

export function deleteBinding(db: Db, id: number): void {
  db.prepare('DELETE FROM connection_bindings WHERE id = ?').run(id);
}

type BindingRow = BindingRecord & { connection_name: string; connection_kind: string };

function toBinding(r: BindingRow): Binding {
  return {
    id: r.id,
    initiativeId: r.initiative_id,
    connectionId: r.connection_id,
    connectionName: r.connection_name,
    connectionKind: r.connection_kind,
    preset: r.preset,
    selector: parseObject<Record<string, string>>(r.selector),
    detected: parseObject<Partial<Record<CanonicalMetric, string>>>(r.detected),
    createdAt: r.created_at,
  };
}

const BINDING_SELECT = `SELECT b.*, c.name AS connection_name, c.kind AS connection_kind
  FROM connection_bindings b JOIN connections c ON c.id = b.connection_id`;

export function listBindings(db: Db, initiativeId: number): Binding[] {
  return (
    db
      .prepare(`${BINDING_SELECT} WHERE b.initiative_id = ? ORDER BY lower(c.name), b.id`)
      .all(initiativeId) as BindingRow[]
  ).map(toBinding);
}

export function getBinding(db: Db, id: number): Binding | null {
  const r = db.prepare(`${BINDING_SELECT} WHERE b.id = ?`).get(id) as BindingRow | undefined;
  return r ? toBinding(r) : null;
}

/** A connection's bindings as its connector needs them. */
export function listBindingTargets(db: Db, connectionId: number): BindingTarget[] {
  return (
    db
      .prepare('SELECT * FROM connection_bindings WHERE connection_id = ? ORDER BY id')
      .all(connectionId) as BindingRecord[]
  ).map((r) => ({
    bindingId: r.id,
    initiativeId: r.initiative_id,
    preset: r.preset,
    selector: parseObject<Record<string, string>>(r.selector),
    detected: parseObject<Partial<Record<CanonicalMetric, string>>>(r.detected),
  }));
}
