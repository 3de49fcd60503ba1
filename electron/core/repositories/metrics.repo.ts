import { METRIC_AGG, type CanonicalMetric } from '../../../shared/domain/connections/metrics';
import type { AlertSeen, SampleBatch } from '../connections/types';
import type { Db, Statement } from '../db/sqlite';
import { getSetting, setSetting } from './settings.repo';

/**
 * Metric series, raw samples and roll-ups (migration 0100).
 *
 * Ingest is the hot path (≥ 200,000 samples/s): statements are prepared once per connection object and
 * reused; roll-ups are maintained per touched bucket, never rebuilt for the whole series.
 */

export const RETENTION_KEY = 'metrics.rawRetentionDays';
/** Unix s before which raw samples have been swept (a day boundary): older roll-ups can no longer be rebuilt. */
export const SWEPT_BEFORE_KEY = 'metrics.rawSweptBefore';
export const DEFAULT_RAW_DAYS = 90;
const LEVELS = [60, 3600, 86_400] as const;
/** REST kinds whose spend is the gateway's own bill; preferred over spend derived from counters. */
const BILLING_KINDS = ['litellm', 'openrouter'];

/** Keys sorted, so the same dimensions always make the same UNIQUE key. */
export function canonicalDims(dims: Record<string, string>): string {
  const sorted: Record<string, string> = {};
  for (const k of Object.keys(dims).sort()) sorted[k] = String(dims[k]);
  return JSON.stringify(sorted);
}

export function sourceOf(connectionId: number | null, family: string): string {
  return connectionId === null ? 'demo' : `conn:${connectionId}:${family}`.slice(0, 60);
}

interface IngestStatements {
  findSeries: Statement;
  insertSeries: Statement;
  extendSeries: Statement;
  insertSample: Statement;
  insertSamples: Statement;
  addRollups: Statement;
  readSample: Statement;
  addRollup: Statement;
  putRollup: Statement;
  rawRange: Statement;
  rollupRange: Statement;
}

const statementCache = new WeakMap<Db, IngestStatements>();
/** Rows per multi-row statement (8 × 64 = 512 bound values, well under SQLite's limit). */
const CHUNK = 64;
const tuples = (rows: number, width: number) =>
  new Array<string>(rows).fill(`(${new Array<string>(width).fill('?').join(', ')})`).join(', ');

function ingestStatements(db: Db): IngestStatements {
  let s = statementCache.get(db);
  if (s) return s;
  s = {
    findSeries: db.prepare(
      'SELECT id, last_ts FROM metric_series WHERE initiative_id = ? AND metric = ? AND source = ? AND dims = ?',
    ),
    insertSeries: db.prepare(
      'INSERT INTO metric_series (initiative_id, connection_id, metric, dims, source) VALUES (?, ?, ?, ?, ?)',
    ),
    extendSeries: db.prepare(
      `UPDATE metric_series SET first_ts = min(coalesce(first_ts, @first), @first),
         last_ts = max(coalesce(last_ts, @last), @last)
       WHERE id = @id`,
    ),
    insertSample: db.prepare('INSERT OR REPLACE INTO metric_samples (series_id, ts, value) VALUES (?, ?, ?)'),
    // Many rows per statement: the per-call cost across the native boundary is most of a one-row insert.
    insertSamples: db.prepare(
      `INSERT OR REPLACE INTO metric_samples (series_id, ts, value) VALUES ${tuples(CHUNK, 3)}`,
    ),
    addRollups: db.prepare(
      `INSERT INTO metric_rollups (series_id, level, bucket, n, sum, min, max, last) VALUES ${tuples(CHUNK, 8)}
       ON CONFLICT (series_id, level, bucket) DO UPDATE SET
         n = n + excluded.n, sum = sum + excluded.sum, min = min(min, excluded.min), max = max(max, excluded.max),
         last = excluded.last`,
    ),
    readSample: db.prepare('SELECT value FROM metric_samples WHERE series_id = ? AND ts = ?').pluck(),
    // Appending after the series' newest sample: the bucket's existing aggregate plus the new points is exact.
    addRollup: db.prepare(
      `INSERT INTO metric_rollups (series_id, level, bucket, n, sum, min, max, last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (series_id, level, bucket) DO UPDATE SET
         n = n + excluded.n, sum = sum + excluded.sum, min = min(min, excluded.min), max = max(max, excluded.max),
         last = excluded.last`,
    ),
    putRollup: db.prepare(
      'INSERT OR REPLACE INTO metric_rollups (series_id, level, bucket, n, sum, min, max, last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    rawRange: db
      .prepare('SELECT ts, value FROM metric_samples WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts')
      .raw(),
    rollupRange: db
      .prepare(
        `SELECT bucket, n, sum, min, max, last FROM metric_rollups
         WHERE series_id = ? AND level = ? AND bucket >= ? AND bucket < ? ORDER BY bucket`,
      )
      .raw(),
  };
  statementCache.set(db, s);
  return s;
}

/** One bucket's aggregate, built in memory. */
interface Agg {
  bucket: number;
  n: number;
  sum: number;
  min: number;
  max: number;
  last: number;
}

/** Sorted by ts, one point per ts (the last one wins, as INSERT OR REPLACE would), finite values only. */
function cleanPoints(points: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  let sorted = true;
  let prev = -Infinity;
  let clean = true;
  for (const [ts, v] of points) {
    if (!Number.isFinite(v) || !Number.isInteger(ts) || ts < 0) clean = false;
    if (ts <= prev) sorted = false;
    prev = ts;
  }
  if (sorted && clean) return points as Array<[number, number]>;
  const out = points
    .filter(([ts, v]) => Number.isFinite(v) && Number.isInteger(ts) && ts >= 0)
    .map((p) => [p[0], p[1]] as [number, number]);
  // Stable sort keeps input order within one ts, so the later point wins below.
  out.sort((a, b) => a[0] - b[0]);
  const dedup: Array<[number, number]> = [];
  for (const p of out) {
    const last = dedup[dedup.length - 1];
    if (last && last[0] === p[0]) last[1] = p[1];
    else dedup.push(p);
  }
  return dedup;
}

/** Buckets of sorted points at one level. */
function aggregate(points: ReadonlyArray<readonly [number, number]>, level: number): Agg[] {
  const out: Agg[] = [];
  let cur: Agg | null = null;
  for (const [ts, v] of points) {
    const bucket = ts - (ts % level);
    if (!cur || cur.bucket !== bucket) {
      cur = { bucket, n: 0, sum: 0, min: v, max: v, last: v };
      out.push(cur);
    }
    cur.n++;
    cur.sum += v;
    if (v < cur.min) cur.min = v;
    if (v > cur.max) cur.max = v;
    cur.last = v;
  }
  return out;
}

/** Combines finer aggregates (sorted by bucket) into coarser buckets. */
function combine(rows: ReadonlyArray<readonly unknown[]>, level: number): Agg[] {
  const out: Agg[] = [];
  let cur: Agg | null = null;
  for (const r of rows) {
    const [b, n, sum, min, max, last] = r as [number, number, number, number, number, number];
    const bucket = b - (b % level);
    if (!cur || cur.bucket !== bucket) {
      cur = { bucket, n: 0, sum: 0, min, max, last };
      out.push(cur);
    }
    cur.n += n;
    cur.sum += sum;
    if (min < cur.min) cur.min = min;
    if (max > cur.max) cur.max = max;
    cur.last = last;
  }
  return out;
}

/** Distinct buckets of sorted timestamps at one level. */
function bucketsOf(ts: readonly number[], level: number): number[] {
  const out: number[] = [];
  for (const t of ts) {
    const b = t - (t % level);
    if (out[out.length - 1] !== b) out.push(b);
  }
  return out;
}

/**
 * Recomputes exactly the given buckets: minutes from raw samples, hours from minutes, days from hours (each
 * level is complete once the finer one is, and the finer levels outlive raw retention in that order).
 */
function recompute(s: IngestStatements, seriesId: number, changedTs: readonly number[]): void {
  for (const b of bucketsOf(changedTs, 60)) {
    const rows = s.rawRange.all(seriesId, b, b + 60) as Array<[number, number]>;
    for (const a of aggregate(rows, 60)) s.putRollup.run(seriesId, 60, a.bucket, a.n, a.sum, a.min, a.max, a.last);
  }
  for (const [level, finer] of [
    [3600, 60],
    [86_400, 3600],
  ] as const) {
    for (const b of bucketsOf(changedTs, level)) {
      const rows = s.rollupRange.all(seriesId, finer, b, b + level) as unknown[][];
      for (const a of combine(rows, level)) {
        s.putRollup.run(seriesId, level, a.bucket, a.n, a.sum, a.min, a.max, a.last);
      }
    }
  }
}

/**
 * Writes polled (or demo) points in one transaction. Idempotent: a retried poll writes the same (series, ts)
 * keys, and unchanged points leave the roll-ups alone. Live spend flows on into the ROI actuals.
 */
export function ingestBatches(
  db: Db,
  connectionId: number | null,
  batches: readonly SampleBatch[],
  now: Date = new Date(),
): { series: number; samples: number } {
  const s = ingestStatements(db);
  // Below this the raw samples are gone, so a bucket there cannot be recomputed: its roll-ups stand as they were.
  const frozenBefore = Number(getSetting(db, SWEPT_BEFORE_KEY) ?? 0) || 0;
  let seriesCount = 0;
  let samples = 0;
  const spendChanged = new Set<number>();
  db.transaction(() => {
    for (const batch of batches) {
      const points = cleanPoints(batch.points);
      if (points.length === 0) continue;
      const source = sourceOf(connectionId, batch.family);
      const dims = canonicalDims(batch.dims);
      let row = s.findSeries.get(batch.initiativeId, batch.metric, source, dims) as
        { id: number; last_ts: number | null } | undefined;
      if (!row) {
        const id = Number(
          s.insertSeries.run(batch.initiativeId, connectionId, batch.metric, dims, source).lastInsertRowid,
        );
        row = { id, last_ts: null };
      }
      const seriesId = row.id;
      seriesCount++;
      const first = points[0]![0];
      const last = points[points.length - 1]![0];
      let touched = false;
      if (row.last_ts === null || first > row.last_ts) {
        // Append: the common poll. Every point is new, and every touched bucket's old content is older.
        const values: number[] = [];
        for (const [ts, v] of points) {
          values.push(seriesId, ts, v);
          if (values.length === CHUNK * 3) {
            s.insertSamples.run(values);
            values.length = 0;
          }
        }
        for (let k = 0; k < values.length; k += 3) s.insertSample.run(values[k], values[k + 1], values[k + 2]);
        const rows: number[] = [];
        for (const level of LEVELS) {
          for (const a of aggregate(points, level)) {
            rows.push(seriesId, level, a.bucket, a.n, a.sum, a.min, a.max, a.last);
            if (rows.length === CHUNK * 8) {
              s.addRollups.run(rows);
              rows.length = 0;
            }
          }
        }
        for (let k = 0; k < rows.length; k += 8) s.addRollup.run(rows.slice(k, k + 8));
        touched = true;
      } else {
        // Overlap (a retry or a backfill): only points that are new or changed move the roll-ups.
        const changed: number[] = [];
        for (const [ts, v] of points) {
          if (ts < frozenBefore) continue;
          const old = s.readSample.get(seriesId, ts) as number | undefined;
          if (old === v) continue;
          s.insertSample.run(seriesId, ts, v);
          changed.push(ts);
        }
        if (changed.length > 0) {
          recompute(s, seriesId, changed);
          touched = true;
        }
      }
      s.extendSeries.run({ first, last, id: seriesId });
      samples += points.length;
      if (touched && connectionId !== null && batch.metric === 'spend_usd') spendChanged.add(batch.initiativeId);
    }
    if (spendChanged.size > 0) syncGatewayActuals(db, [...spendChanged], now);
  })();
  return { series: seriesCount, samples };
}

/**
 * Alerts of one connection as of this poll: present ones are (re)stamped last seen, and reopened if they had
 * resolved; the connection's open alerts that are no longer present resolve now.
 */
export function upsertAlerts(db: Db, connectionId: number, alerts: readonly AlertSeen[], nowIso: string): void {
  const upsert = db.prepare(
    `INSERT INTO monitor_alerts
       (connection_id, initiative_id, fingerprint, name, severity, summary, labels, starts_at, last_seen_at, resolved_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT (connection_id, fingerprint, initiative_id) DO UPDATE SET
       name = excluded.name, severity = excluded.severity, summary = excluded.summary, labels = excluded.labels,
       starts_at = excluded.starts_at, last_seen_at = excluded.last_seen_at, resolved_at = NULL`,
  );
  db.transaction(() => {
    for (const a of alerts) {
      upsert.run(
        connectionId,
        a.initiativeId,
        a.fingerprint,
        a.name,
        a.severity,
        a.summary,
        canonicalDims(a.labels),
        a.startsAt,
        nowIso,
      );
    }
    // The present set as one JSON value: no temporary table, one statement.
    const present = JSON.stringify(alerts.map((a) => [a.fingerprint, a.initiativeId]));
    db.prepare(
      `UPDATE monitor_alerts SET resolved_at = ?
       WHERE connection_id = ? AND resolved_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM json_each(?) j
                         WHERE j.value ->> 0 = monitor_alerts.fingerprint
                           AND j.value ->> 1 IS monitor_alerts.initiative_id)`,
    ).run(nowIso, connectionId, present);
  })();
}

export function getRawRetentionDays(db: Db): number {
  const v = Number(getSetting(db, RETENTION_KEY));
  return Number.isInteger(v) && v >= 1 ? v : DEFAULT_RAW_DAYS;
}

export function setRawRetentionDays(db: Db, rawDays: number): void {
  setSetting(db, RETENTION_KEY, String(rawDays));
}

/**
 * Drops raw samples older than `rawDays` and minute roll-ups older than twice that (hour and day roll-ups
 * stay), and the series of initiatives that no longer exist, with all their data.
 */
export function sweepRetention(db: Db, rawDays: number, now: Date): { samples: number; series: number } {
  // Whole days, so no minute or hour bucket is ever left half swept.
  const today = Math.floor(now.getTime() / 1000 / 86_400) * 86_400;
  const rawCutoff = today - rawDays * 86_400;
  const minuteCutoff = today - 2 * rawDays * 86_400;
  return db.transaction(() => {
    const before = Number(getSetting(db, SWEPT_BEFORE_KEY) ?? 0) || 0;
    if (rawCutoff > before) setSetting(db, SWEPT_BEFORE_KEY, String(rawCutoff));
    const orphans = db
      .prepare('SELECT id FROM metric_series WHERE initiative_id NOT IN (SELECT id FROM initiatives)')
      .pluck()
      .all() as number[];
    const delSamples = db.prepare('DELETE FROM metric_samples WHERE series_id = ?');
    const delRollups = db.prepare('DELETE FROM metric_rollups WHERE series_id = ?');
    const delSeries = db.prepare('DELETE FROM metric_series WHERE id = ?');
    for (const id of orphans) {
      delSamples.run(id);
      delRollups.run(id);
      delSeries.run(id);
    }
    // Per series, so each delete is a range walk of the primary key.
    const ids = db.prepare('SELECT id FROM metric_series WHERE first_ts < ?').pluck().all(rawCutoff) as number[];
    const oldSamples = db.prepare('DELETE FROM metric_samples WHERE series_id = ? AND ts < ?');
    const oldMinutes = db.prepare('DELETE FROM metric_rollups WHERE series_id = ? AND level = 60 AND bucket < ?');
    let samples = 0;
    for (const id of ids) {
      samples += oldSamples.run(id, rawCutoff).changes;
      oldMinutes.run(id, minuteCutoff);
    }
    return { samples, series: orphans.length };
  })();
}

export function monthOf(tsSec: number): string {
  return new Date(tsSec * 1000).toISOString().slice(0, 7);
}

/**
 * The live series an initiative's figure for `metric` comes from. Sample data (demo) only when there is no
 * live series; for spend, the gateway's own bill (LiteLLM, OpenRouter REST) over spend derived from counters,
 * so one request is never counted twice. Gauges: one source, the freshest.
 */
export interface SeriesRow {
  id: number;
  initiative_id: number;
  connection_id: number | null;
  metric: CanonicalMetric;
  dims: string;
  source: string;
  first_ts: number | null;
  last_ts: number | null;
  connection_name: string | null;
  connection_kind: string | null;
  poll_interval_s: number | null;
}

export function listSeries(db: Db, initiativeId: number, metric?: CanonicalMetric): SeriesRow[] {
  return db
    .prepare(
      `SELECT s.id, s.initiative_id, s.connection_id, s.metric, s.dims, s.source, s.first_ts, s.last_ts,
              c.name AS connection_name, c.kind AS connection_kind, c.poll_interval_s
       FROM metric_series s LEFT JOIN connections c ON c.id = s.connection_id
       WHERE s.initiative_id = @id AND (@metric IS NULL OR s.metric = @metric)
       ORDER BY s.id`,
    )
    .all({ id: initiativeId, metric: metric ?? null }) as SeriesRow[];
}

type Pickable = Pick<SeriesRow, 'metric' | 'source' | 'last_ts' | 'connection_kind' | 'dims'>;

/** Dimensions that split a total into parts: a source sends the total (dims {}) and its parts side by side. */
const BREAKDOWN_KEYS = ['model', 'score'] as const;

function dimsOf(r: Pickable): Record<string, string> {
  try {
    return JSON.parse(r.dims) as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * Of one source's series, the ones that add up to its figure without counting anything twice: its real series
 * over ones estimated from tokens × list price (dims.estimate); then its totals when it sent any, else its
 * parts — or, with `breakdown`, its parts split by that key when it sent any, else its totals.
 */
function nonOverlapping<T extends Pickable>(rows: readonly T[], breakdown?: 'model'): T[] {
  const real = rows.filter((r) => dimsOf(r)['estimate'] === undefined);
  const base = real.length > 0 ? real : [...rows];
  const totals = base.filter((r) => BREAKDOWN_KEYS.every((k) => dimsOf(r)[k] === undefined));
  if (breakdown) {
    const parts = base.filter((r) => dimsOf(r)[breakdown] !== undefined);
    return parts.length > 0 ? parts : totals;
  }
  return totals.length > 0 ? totals : base;
}

export function preferredSeries<T extends Pickable>(
  rows: readonly T[],
  metric: CanonicalMetric,
  breakdown?: 'model',
): T[] {
  const own = rows.filter((r) => r.metric === metric && r.last_ts !== null);
  const live = own.filter((r) => r.source !== 'demo');
  let pick = live.length > 0 ? live : own;
  if (metric === 'spend_usd') {
    const billing = pick.filter((r) => r.connection_kind !== null && BILLING_KINDS.includes(r.connection_kind));
    if (billing.length > 0) pick = billing;
  }
  if (METRIC_AGG[metric] === 'gauge' && pick.length > 1) {
    const newest = pick.reduce((a, b) => ((b.last_ts ?? 0) > (a.last_ts ?? 0) ? b : a));
    // One source for a level (averaging two exporters' p95 would be a number nobody measured); all its dims.
    pick = pick.filter((r) => r.source === newest.source);
  }
  const bySource = new Map<string, T[]>();
  for (const r of pick) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r]);
  return [...bySource.values()].flatMap((group) => nonOverlapping(group, breakdown));
}

/**
 * Live spend into the ROI plan-vs-actual: per initiative and month one 'gateway' cost row (inference) from the
 * day roll-ups of live series. The months present are replaced, not added to; manual rows are never touched.
 */
export function syncGatewayActuals(db: Db, initiativeIds: readonly number[], now: Date): void {
  const nowIso = now.toISOString();
  const existing = db.prepare('SELECT 1 FROM initiatives WHERE id = ?').pluck();
  const daily = db.prepare(
    `SELECT bucket, sum FROM metric_rollups WHERE series_id = ? AND level = 86400 ORDER BY bucket`,
  );
  const del = db.prepare(
    `DELETE FROM roi_actuals WHERE initiative_id = ? AND month = ? AND source = 'gateway' AND side = 'cost'`,
  );
  const ins = db.prepare(
    `INSERT INTO roi_actuals (initiative_id, month, side, category, amount, note, source, created_at, updated_at)
     VALUES (?, ?, 'cost', 'INFERENCE', ?, ?, 'gateway', ?, ?)`,
  );
  db.transaction(() => {
    for (const initiativeId of initiativeIds) {
      if (existing.get(initiativeId) === undefined) continue;
      const live = listSeries(db, initiativeId, 'spend_usd').filter((r) => r.source !== 'demo');
      const series = preferredSeries(live, 'spend_usd');
      const months = new Map<string, number>();
      for (const s of series) {
        for (const r of daily.all(s.id) as { bucket: number; sum: number }[]) {
          const m = monthOf(r.bucket);
          months.set(m, (months.get(m) ?? 0) + r.sum);
        }
      }
      const names = [...new Set(series.map((s) => s.connection_name ?? 'a deleted connection'))].join(', ');
      for (const [month, amount] of months) {
        del.run(initiativeId, month);
        const rounded = Math.round(Math.max(0, amount) * 100) / 100;
        ins.run(initiativeId, month, rounded, `Gateway spend from ${names}`.slice(0, 500), nowIso, nowIso);
      }
    }
  })();
}

/** An slos row as stored. */
export interface SloRecord {
  initiative_id: number;
  kind: string;
  threshold: number;
  updated_at: string;
}

/** A connection_bindings row as stored. */
export interface BindingRecord {
  id: number;
  initiative_id: number;
  connection_id: number;
  preset: string | null;
  selector: string;
  detected: string;
  created_at: string;
}

export function listSloRecords(db: Db, initiativeId: number): SloRecord[] {
  return db.prepare('SELECT * FROM slos WHERE initiative_id = ? ORDER BY kind').all(initiativeId) as SloRecord[];
}

export function upsertSlo(db: Db, r: SloRecord): void {
  db.prepare(
    `INSERT INTO slos (initiative_id, kind, threshold, updated_at) VALUES (@initiative_id, @kind, @threshold, @updated_at)
     ON CONFLICT (initiative_id, kind) DO UPDATE SET threshold = excluded.threshold, updated_at = excluded.updated_at`,
  ).run(r);
}

export function deleteSlo(db: Db, initiativeId: number, kind: string): void {
  db.prepare('DELETE FROM slos WHERE initiative_id = ? AND kind = ?').run(initiativeId, kind);
}

export function listBindingRecords(db: Db, initiativeId: number): BindingRecord[] {
  return db
    .prepare('SELECT * FROM connection_bindings WHERE initiative_id = ? ORDER BY id')
    .all(initiativeId) as BindingRecord[];
}

/**
 * Puts a captured binding back (undoing an initiative delete). A binding whose connection was deleted in the
 * meantime stays gone: there is nothing left for it to bind to.
 */
export function restoreBindingRecord(db: Db, r: BindingRecord): void {
  db.prepare(
    `INSERT OR IGNORE INTO connection_bindings (id, initiative_id, connection_id, preset, selector, detected, created_at)
     SELECT @id, @initiative_id, @connection_id, @preset, @selector, @detected, @created_at
     WHERE EXISTS (SELECT 1 FROM connections WHERE id = @connection_id)`,
  ).run(r);
}

/** Rows of one series in [from, to]: raw as [ts, value, 1]; a roll-up level as [bucket, sum, n]. At most `limit`. */
export function readRange(
  db: Db,
  seriesId: number,
  level: 0 | 60 | 3600 | 86_400,
  from: number,
  to: number,
  limit: number,
): Array<[number, number, number]> {
  if (level === 0) {
    return db
      .prepare('SELECT ts, value, 1 FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts LIMIT ?')
      .raw()
      .all(seriesId, from, to, limit) as Array<[number, number, number]>;
  }
  return db
    .prepare(
      `SELECT bucket, sum, n FROM metric_rollups WHERE series_id = ? AND level = ? AND bucket BETWEEN ? AND ?
       ORDER BY bucket LIMIT ?`,
    )
    .raw()
    .all(seriesId, level, from - (from % level), to, limit) as Array<[number, number, number]>;
}

/** The oldest time still held at a level (raw samples and minute roll-ups are cut by retention). */
export function earliestAt(db: Db, seriesId: number, level: 0 | 60 | 3600 | 86_400): number | null {
  const v =
    level === 0
      ? db.prepare('SELECT ts FROM metric_samples WHERE series_id = ? ORDER BY ts LIMIT 1').pluck().get(seriesId)
      : db
          .prepare('SELECT bucket FROM metric_rollups WHERE series_id = ? AND level = ? ORDER BY bucket LIMIT 1')
          .pluck()
          .get(seriesId, level);
  return (v as number | undefined) ?? null;
}

/**
 * Sum of a series over the hours from ≤ bucket ≤ to: from its hour roll-ups, or from raw samples for a
 * series kept without them (the demo's sparse sample data). null when it has no data there.
 */
export function hourSum(db: Db, seriesId: number, from: number, to: number): number | null {
  const r = db
    .prepare(
      `SELECT count(*) AS c, total(sum) AS s FROM metric_rollups
       WHERE series_id = ? AND level = 3600 AND bucket BETWEEN ? AND ?`,
    )
    .get(seriesId, from, to) as { c: number; s: number };
  if (r.c > 0) return r.s;
  const raw = db
    .prepare('SELECT count(*) AS c, total(value) AS s FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ?')
    .get(seriesId, from, to + 3599) as { c: number; s: number };
  return raw.c === 0 ? null : raw.s;
}

/** The newest value of a series: its newest raw sample, else the last of its newest roll-up. */
export function newestValue(db: Db, seriesId: number): { ts: number; value: number } | null {
  const raw = db
    .prepare('SELECT ts, value FROM metric_samples WHERE series_id = ? ORDER BY ts DESC LIMIT 1')
    .get(seriesId) as { ts: number; value: number } | undefined;
  if (raw) return raw;
  const r = db
    .prepare(
      'SELECT bucket AS ts, last AS value FROM metric_rollups WHERE series_id = ? ORDER BY level, bucket DESC LIMIT 1',
    )
    .get(seriesId) as { ts: number; value: number } | undefined;
  return r ?? null;
}

export interface BindingRow extends BindingRecord {
  connection_name: string;
  connection_kind: string;
}

export function listBindingRows(db: Db, initiativeId: number): BindingRow[] {
  return db
    .prepare(
      `SELECT b.*, c.name AS connection_name, c.kind AS connection_kind
       FROM connection_bindings b JOIN connections c ON c.id = b.connection_id
       WHERE b.initiative_id = ? ORDER BY b.id`,
    )
    .all(initiativeId) as BindingRow[];
}

export interface AlertRow {
  id: number;
  connection_name: string;
  name: string;
  severity: string | null;
  summary: string | null;
  starts_at: string;
  last_seen_at: string;
  labels: string;
}

export function listOpenAlerts(db: Db, initiativeId: number): AlertRow[] {
  return db
    .prepare(
      `SELECT a.id, c.name AS connection_name, a.name, a.severity, a.summary, a.starts_at, a.last_seen_at, a.labels
       FROM monitor_alerts a JOIN connections c ON c.id = a.connection_id
       WHERE a.initiative_id = ? AND a.resolved_at IS NULL ORDER BY a.starts_at DESC, a.id`,
    )
    .all(initiativeId) as AlertRow[];
}

/** Every spend series with its initiative's name and business unit and its connection's kind. */
export interface SpendSeriesRow {
  id: number;
  metric: 'spend_usd';
  initiative_id: number;
  source: string;
  dims: string;
  last_ts: number | null;
  connection_kind: string | null;
  initiative_name: string;
  business_unit: string;
}

export function listSpendSeries(db: Db): SpendSeriesRow[] {
  return db
    .prepare(
      `SELECT s.id, s.metric, s.initiative_id, s.source, s.dims, s.last_ts, c.kind AS connection_kind,
              i.name AS initiative_name, i.business_unit
       FROM metric_series s JOIN initiatives i ON i.id = s.initiative_id
       LEFT JOIN connections c ON c.id = s.connection_id
       WHERE s.metric = 'spend_usd' AND s.last_ts IS NOT NULL`,
    )
    .all() as SpendSeriesRow[];
}

/** Day roll-ups of one series from `fromDay` (unix s) on, as [bucket, sum]. */
export function dailySums(db: Db, seriesId: number, fromDay: number): Array<[number, number]> {
  let s = daySumStatements.get(db);
  if (!s) {
    s = db
      .prepare('SELECT bucket, sum FROM metric_rollups WHERE series_id = ? AND level = 86400 AND bucket >= ?')
      .raw();
    daySumStatements.set(db, s);
  }
  return s.all(seriesId, fromDay) as Array<[number, number]>;
}
const daySumStatements = new WeakMap<Db, Statement>();

/** [initiative id, newest sample ts of any series, newest quality_score ts, newest alert poll ISO, has binding]. */
export type MonitoringCells = [number, number | null, number | null, string | null, 0 | 1];

/**
 * Per initiative with telemetry (a binding, a series or an alert): when data last arrived and when the last
 * evaluation score did. Series and alerts are few per initiative; one grouped pass over each table.
 */
export function readMonitoringCells(db: Db, id?: number): MonitoringCells[] {
  const where = (col: string) => (id === undefined ? '' : `WHERE ${col} = @id`);
  return db
    .prepare(
      `WITH s AS (SELECT initiative_id, max(last_ts) AS hb,
                         max(CASE WHEN metric = 'quality_score' THEN last_ts END) AS ev
                  FROM metric_series ${where('initiative_id')} GROUP BY initiative_id),
            a AS (SELECT initiative_id, max(last_seen_at) AS seen FROM monitor_alerts
                  ${id === undefined ? 'WHERE initiative_id IS NOT NULL' : where('initiative_id')} GROUP BY initiative_id),
            b AS (SELECT DISTINCT initiative_id FROM connection_bindings ${where('initiative_id')}),
            ids AS (SELECT initiative_id FROM s UNION SELECT initiative_id FROM a UNION SELECT initiative_id FROM b)
       SELECT ids.initiative_id, s.hb, s.ev, a.seen, b.initiative_id IS NOT NULL
       FROM ids LEFT JOIN s USING (initiative_id) LEFT JOIN a USING (initiative_id) LEFT JOIN b USING (initiative_id)`,
    )
    .raw()
    .all(id === undefined ? {} : { id }) as MonitoringCells[];
}

/** A day roll-up of a requests / tokens / spend series, with what picks the preferred series. */
export interface CostCell {
  series_id: number;
  initiative_id: number;
  metric: CanonicalMetric;
  source: string;
  dims: string;
  last_ts: number | null;
  connection_kind: string | null;
  bucket: number;
  sum: number;
}

/** Day roll-ups of the cost-relevant metrics from `fromDay` to `toDay` (unix s, inclusive). */
export function readCostCells(db: Db, fromDay: number, toDay: number, id?: number): CostCell[] {
  return db
    .prepare(
      `SELECT s.id AS series_id, s.initiative_id, s.metric, s.source, s.dims, s.last_ts, c.kind AS connection_kind,
              r.bucket, r.sum
       FROM metric_series s
       JOIN metric_rollups r ON r.series_id = s.id AND r.level = 86400 AND r.bucket BETWEEN @from AND @to
       LEFT JOIN connections c ON c.id = s.connection_id
       WHERE s.metric IN ('spend_usd', 'requests', 'input_tokens', 'output_tokens')
         ${id === undefined ? '' : 'AND s.initiative_id = @id'}`,
    )
    .all(id === undefined ? { from: fromDay, to: toDay } : { from: fromDay, to: toDay, id }) as CostCell[];
}

/** Cost-per-request targets (the cost_per_request SLO) by initiative. */
export function readCostTargets(db: Db, id?: number): Map<number, number> {
  const rows = db
    .prepare(
      `SELECT initiative_id, threshold FROM slos WHERE kind = 'cost_per_request'
       ${id === undefined ? '' : 'AND initiative_id = ?'}`,
    )
    .raw()
    .all(...(id === undefined ? [] : [id])) as Array<[number, number]>;
  return new Map(rows);
}

/** Initiatives with SLOs, each with the time of its newest sample (null: no telemetry yet). */
export function readSloSubjects(db: Db, id?: number): Array<{ id: number; newest: number | null }> {
  return db
    .prepare(
      `SELECT s.initiative_id AS id, max(ms.last_ts) AS newest
       FROM (SELECT DISTINCT initiative_id FROM slos ${id === undefined ? '' : 'WHERE initiative_id = @id'}) s
       LEFT JOIN metric_series ms ON ms.initiative_id = s.initiative_id
       GROUP BY s.initiative_id`,
    )
    .all(id === undefined ? {} : { id }) as Array<{ id: number; newest: number | null }>;
}
