import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SampleBatch } from '../connections/types';
import type { Db } from '../db/sqlite';
import { openOrThrow } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import {
  canonicalDims,
  getRawRetentionDays,
  ingestBatches,
  setRawRetentionDays,
  sweepRetention,
  syncGatewayActuals,
  upsertAlerts,
} from './metrics.repo';

const temp = new TempDirs();
let db: Db;
const NOW = new Date('2026-03-10T12:00:00Z');
const T0 = Date.UTC(2026, 2, 1) / 1000; // 2026-03-01T00:00:00Z

function addInitiative(name: string): number {
  const at = '2026-01-01T00:00:00.000Z';
  return Number(
    db
      .prepare(
        `INSERT INTO initiatives (name, type, phase, status, risk_tier, phase_entered_at, created_at, updated_at)
         VALUES (?, 'chatbot', 'PRODUCTION_DEPLOY', 'active', 'limited', ?, ?, ?)`,
      )
      .run(name, at, at, at).lastInsertRowid,
  );
}

function addConnection(name: string, kind = 'prometheus'): number {
  const at = '2026-01-01T00:00:00.000Z';
  return Number(
    db
      .prepare(
        `INSERT INTO connections (kind, name, base_url, auth_kind, timeout_ms, poll_interval_s, created_at, updated_at)
         VALUES (?, ?, 'http://127.0.0.1:9', 'none', 5000, 60, ?, ?)`,
      )
      .run(kind, name, at, at).lastInsertRowid,
  );
}

const batch = (
  initiativeId: number,
  points: Array<[number, number]>,
  over: Partial<SampleBatch> = {},
): SampleBatch => ({
  initiativeId,
  metric: 'requests',
  family: 'litellm',
  dims: {},
  points,
  ...over,
});

type Rollup = { level: number; bucket: number; n: number; sum: number; min: number; max: number; last: number };
const rollups = (level?: number): Rollup[] =>
  db
    .prepare(
      `SELECT level, bucket, n, sum, min, max, last FROM metric_rollups WHERE @level IS NULL OR level = @level
       ORDER BY series_id, level, bucket`,
    )
    .all({ level: level ?? null }) as Rollup[];

/** Roll-ups as they must be: recomputed from scratch from every raw sample. */
function expectedRollups(level?: number): Rollup[] {
  return db
    .prepare(
      `SELECT level, bucket, count(*) AS n, total(value) AS sum, min(value) AS min, max(value) AS max,
              (SELECT value FROM metric_samples x WHERE x.series_id = g.series_id AND x.ts / level * level = bucket
               ORDER BY ts DESC LIMIT 1) AS last
       FROM (SELECT s.series_id, s.ts, s.value, l.level, s.ts / l.level * l.level AS bucket
             FROM metric_samples s, (SELECT 60 AS level UNION ALL SELECT 3600 UNION ALL SELECT 86400) l) g
       WHERE @level IS NULL OR level = @level
       GROUP BY series_id, level, bucket ORDER BY series_id, level, bucket`,
    )
    .all({ level: level ?? null }) as Rollup[];
}

const count = (table: string) => (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number) ?? 0;

beforeEach(() => {
  db = openOrThrow(join(temp.make(), 'metrics.flightdeck'));
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

describe('ingestBatches', () => {
  it('stores series with canonical dims and the source of its connection', () => {
    const i = addInitiative('A');
    const c = addConnection('prom');
    const r = ingestBatches(db, c, [batch(i, [[T0, 1]], { dims: { team: 't', model: 'm' } })], NOW);
    expect(r).toEqual({ series: 1, samples: 1 });
    const s = db.prepare('SELECT * FROM metric_series').get() as Record<string, unknown>;
    expect(s).toMatchObject({
      initiative_id: i,
      connection_id: c,
      dims: '{"model":"m","team":"t"}',
      source: `conn:${c}:litellm`,
      first_ts: T0,
      last_ts: T0,
    });
    expect(canonicalDims({ b: '1', a: '2' })).toBe('{"a":"2","b":"1"}');
    ingestBatches(db, null, [batch(i, [[T0, 1]])], NOW);
    expect(db.prepare("SELECT count(*) FROM metric_series WHERE source = 'demo'").pluck().get()).toBe(1);
  });

  it('is idempotent: a retried poll adds no samples and leaves the roll-ups exact', () => {
    const i = addInitiative('A');
    const c = addConnection('prom');
    const pts: Array<[number, number]> = Array.from({ length: 500 }, (_, k) => [T0 + k * 17, (k % 13) + 0.5]);
    ingestBatches(db, c, [batch(i, pts)], NOW);
    const before = rollups();
    ingestBatches(db, c, [batch(i, pts)], NOW);
    ingestBatches(db, c, [batch(i, pts.slice(100, 300))], NOW);
    expect(count('metric_samples')).toBe(500);
    expect(rollups()).toEqual(before);
    expect(rollups()).toEqual(expectedRollups());
  });

  it('keeps roll-ups exact across bucket boundaries for appends, overlaps, changed values and out-of-order points', () => {
    const i = addInitiative('A');
    const c = addConnection('prom');
    // Straddles minute, hour and day boundaries.
    const start = T0 + 86_400 - 3600 - 90;
    ingestBatches(
      db,
      c,
      [
        batch(i, [
          [start, 1],
          [start + 30, 2],
          [start + 61, 3],
        ]),
      ],
      NOW,
    );
    // Append into the same minute bucket as the last point, then over the hour and day boundary.
    ingestBatches(
      db,
      c,
      [
        batch(i, [
          [start + 65, 4],
          [start + 3600 + 120, 5],
          [start + 3600 + 200, 6],
        ]),
      ],
      NOW,
    );
    expect(rollups()).toEqual(expectedRollups());
    // Overlap: one changed value, one new point in the middle, unsorted, with a duplicate ts (last wins).
    ingestBatches(
      db,
      c,
      [
        batch(i, [
          [start + 30, 20],
          [start + 40, 7],
          [start + 40, 8],
          [start, 1],
        ]),
      ],
      NOW,
    );
    expect(
      db
        .prepare('SELECT value FROM metric_samples WHERE ts = ?')
        .pluck()
        .get(start + 40),
    ).toBe(8);
    expect(
      db
        .prepare('SELECT value FROM metric_samples WHERE ts = ?')
        .pluck()
        .get(start + 30),
    ).toBe(20);
    expect(rollups()).toEqual(expectedRollups());
    const day = rollups(86_400);
    expect(day.map((d) => d.bucket)).toEqual([T0, T0 + 86_400]);
    expect(day[0]!.n + day[1]!.n).toBe(7);
  });

  it('drops non-finite values instead of storing them as numbers', () => {
    const i = addInitiative('A');
    ingestBatches(
      db,
      addConnection('p'),
      [
        batch(i, [
          [T0, Number.NaN],
          [T0 + 1, Infinity],
          [T0 + 2, 3],
        ]),
      ],
      NOW,
    );
    expect(db.prepare('SELECT ts, value FROM metric_samples').all()).toEqual([{ ts: T0 + 2, value: 3 }]);
  });

  it('rolls back the whole call when a write fails', () => {
    const i = addInitiative('A');
    const c = addConnection('p');
    expect(() =>
      ingestBatches(db, c, [batch(i, [[T0, 1]]), batch(i, [[T0, 1]], { metric: 'nope' as never })], NOW),
    ).toThrow();
    expect(count('metric_samples')).toBe(0);
    expect(count('metric_series')).toBe(0);
  });
});

describe('upsertAlerts', () => {
  it('inserts new alerts, restamps present ones and resolves the missing ones of that connection only', () => {
    const i = addInitiative('A');
    const c1 = addConnection('am1', 'alertmanager');
    const c2 = addConnection('am2', 'alertmanager');
    const alert = (fp: string) => ({
      initiativeId: i,
      fingerprint: fp,
      name: `Alert ${fp}`,
      severity: 'critical',
      summary: null,
      labels: { z: '1', a: '2' },
      startsAt: '2026-03-10T10:00:00.000Z',
    });
    upsertAlerts(db, c1, [alert('f1'), alert('f2')], '2026-03-10T11:00:00.000Z');
    upsertAlerts(db, c2, [alert('f9')], '2026-03-10T11:00:00.000Z');
    upsertAlerts(db, c1, [alert('f1')], '2026-03-10T11:05:00.000Z');
    const rows = db
      .prepare('SELECT connection_id, fingerprint, last_seen_at, resolved_at, labels FROM monitor_alerts ORDER BY id')
      .all();
    expect(rows).toEqual([
      {
        connection_id: c1,
        fingerprint: 'f1',
        last_seen_at: '2026-03-10T11:05:00.000Z',
        resolved_at: null,
        labels: '{"a":"2","z":"1"}',
      },
      {
        connection_id: c1,
        fingerprint: 'f2',
        last_seen_at: '2026-03-10T11:00:00.000Z',
        resolved_at: '2026-03-10T11:05:00.000Z',
        labels: '{"a":"2","z":"1"}',
      },
      {
        connection_id: c2,
        fingerprint: 'f9',
        last_seen_at: '2026-03-10T11:00:00.000Z',
        resolved_at: null,
        labels: '{"a":"2","z":"1"}',
      },
    ]);
    // Firing again reopens it, without a second row.
    upsertAlerts(db, c1, [alert('f1'), alert('f2')], '2026-03-10T11:10:00.000Z');
    expect(count('monitor_alerts')).toBe(3);
    expect(db.prepare('SELECT count(*) FROM monitor_alerts WHERE resolved_at IS NULL').pluck().get()).toBe(3);
  });
});

describe('sweepRetention', () => {
  it('drops old raw samples and minute roll-ups, keeps hour and day roll-ups, and removes orphaned series', () => {
    const a = addInitiative('A');
    const b = addInitiative('B');
    const c = addConnection('p');
    const now = new Date((T0 + 30 * 86_400) * 1000);
    const pts: Array<[number, number]> = Array.from({ length: 30 }, (_, k) => [T0 + k * 86_400, k + 1]);
    ingestBatches(db, c, [batch(a, pts), batch(b, pts)], now);
    db.prepare('DELETE FROM initiatives WHERE id = ?').run(b);
    const hoursBefore = db.prepare('SELECT count(*) FROM metric_rollups WHERE level = 3600').pluck().get();
    const r = sweepRetention(db, 10, now);
    expect(r.series).toBe(1);
    expect(db.prepare('SELECT DISTINCT initiative_id FROM metric_series').pluck().all()).toEqual([a]);
    const raw = db.prepare('SELECT min(ts) FROM metric_samples').pluck().get() as number;
    expect(raw).toBeGreaterThanOrEqual(T0 + 20 * 86_400);
    expect(count('metric_samples')).toBe(10);
    const minute = db.prepare('SELECT min(bucket) FROM metric_rollups WHERE level = 60').pluck().get() as number;
    expect(minute).toBeGreaterThanOrEqual(T0 + 10 * 86_400);
    expect(db.prepare('SELECT count(*) FROM metric_rollups WHERE level = 3600').pluck().get()).toBe(
      (hoursBefore as number) / 2,
    );
    expect(db.prepare('SELECT total(sum) FROM metric_rollups WHERE level = 86400').pluck().get()).toBe(465);
    // A late retry of a swept day cannot rebuild its buckets from raw samples: its roll-ups stand, unchanged.
    const frozen = rollups();
    ingestBatches(
      db,
      c,
      [
        batch(a, [
          [T0, 99],
          [T0 + 5, 7],
        ]),
      ],
      now,
    );
    expect(rollups()).toEqual(frozen);
    expect(count('metric_samples')).toBe(10);
  });

  it('reads the retention setting with its default', () => {
    expect(getRawRetentionDays(db)).toBe(90);
    setRawRetentionDays(db, 14);
    expect(getRawRetentionDays(db)).toBe(14);
  });
});

describe('syncGatewayActuals', () => {
  const gatewayRows = () =>
    db
      .prepare(
        `SELECT initiative_id, month, side, category, amount, source FROM roi_actuals ORDER BY initiative_id, month, source`,
      )
      .all();

  it('writes one gateway cost row per month from live spend, replaces it on re-sync and never touches manual rows', () => {
    const i = addInitiative('A');
    const c = addConnection('gw', 'litellm');
    db.prepare(
      `INSERT INTO roi_actuals (initiative_id, month, side, category, amount, note, source, created_at, updated_at)
       VALUES (?, '2026-03', 'cost', 'INFERENCE', 50, 'typed in', 'manual', 'x', 'x')`,
    ).run(i);
    const feb = T0 - 86_400; // 2026-02-28
    const spend = (pts: Array<[number, number]>) => batch(i, pts, { metric: 'spend_usd' });
    ingestBatches(
      db,
      c,
      [
        spend([
          [feb, 10],
          [T0, 1.25],
          [T0 + 3600, 2.5],
        ]),
      ],
      NOW,
    );
    // Demo spend never counts as actual.
    ingestBatches(db, null, [spend([[T0 + 7200, 1000]])], NOW);
    expect(gatewayRows()).toEqual([
      { initiative_id: i, month: '2026-02', side: 'cost', category: 'INFERENCE', amount: 10, source: 'gateway' },
      { initiative_id: i, month: '2026-03', side: 'cost', category: 'INFERENCE', amount: 3.75, source: 'gateway' },
      { initiative_id: i, month: '2026-03', side: 'cost', category: 'INFERENCE', amount: 50, source: 'manual' },
    ]);
    // More spend later in March: the March row is replaced, not added to.
    ingestBatches(db, c, [spend([[T0 + 86_400, 4]])], NOW);
    syncGatewayActuals(db, [i], NOW);
    const march = db
      .prepare("SELECT amount FROM roi_actuals WHERE month = '2026-03' AND source = 'gateway'")
      .pluck()
      .all();
    expect(march).toEqual([7.75]);
    expect(count('roi_actuals')).toBe(3);
  });
});
