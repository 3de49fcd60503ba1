import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { epochDay } from '../../../shared/domain/governance/days';
import type { Db } from '../db/sqlite';
import { ingestBatches } from '../repositories/metrics.repo';
import { openOrThrow } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { costsById, monitoringById, slosById } from './metricsSnapshot';
import { loadSnapshot } from './snapshots';

const temp = new TempDirs();
let db: Db;
const AS_OF = epochDay('2026-03-10');
const DAY = 86_400;

function addInitiative(name: string): number {
  const at = '2026-01-01T00:00:00.000Z';
  return Number(
    db
      .prepare(
        `INSERT INTO initiatives (name, type, phase, status, risk_tier, phase_entered_at, created_at, updated_at)
         VALUES (?, 'chatbot', 'MONITOR_OBSERVE', 'active', 'limited', ?, ?, ?)`,
      )
      .run(name, at, at, at).lastInsertRowid,
  );
}

function addConnection(kind = 'prometheus'): number {
  const at = '2026-01-01T00:00:00.000Z';
  return Number(
    db
      .prepare(
        `INSERT INTO connections (kind, name, base_url, auth_kind, timeout_ms, poll_interval_s, created_at, updated_at)
         VALUES (?, ?, 'http://127.0.0.1:9', 'none', 5000, 60, ?, ?)`,
      )
      .run(kind, `${kind}-${Math.random()}`, at, at).lastInsertRowid,
  );
}

/** One point per day over the 28 days up to as-of (day 0 = the oldest). */
const daily = (f: (d: number) => number): Array<[number, number]> =>
  Array.from({ length: 28 }, (_, d) => [(AS_OF - 27 + d) * DAY + 3600, f(d)]);

beforeEach(() => {
  db = openOrThrow(join(temp.make(), 'snap.flightdeck'));
});
afterEach(() => {
  db.close();
  temp.cleanup();
});

describe('monitoringById', () => {
  it('gives initiatives with telemetry a heartbeat and eval day; the others have never sent one', () => {
    const quiet = addInitiative('No telemetry');
    const bound = addInitiative('Bound, no data');
    const live = addInitiative('Live');
    const c = addConnection();
    db.prepare(
      `INSERT INTO connection_bindings (initiative_id, connection_id, selector, created_at) VALUES (?, ?, '{}', 'x')`,
    ).run(bound, c);
    ingestBatches(db, c, [
      { initiativeId: live, metric: 'requests', family: 'litellm', dims: {}, points: [[AS_OF * DAY + 60, 3]] },
      { initiativeId: live, metric: 'quality_score', family: 'otel', dims: {}, points: [[(AS_OF - 3) * DAY, 0.8]] },
    ]);
    const m = monitoringById(db)!;
    expect(m.has(quiet)).toBe(false);
    expect(m.get(bound)).toEqual({ lastHeartbeatDay: null, lastEvalRunDay: null });
    expect(m.get(live)).toEqual({ lastHeartbeatDay: AS_OF, lastEvalRunDay: AS_OF - 3 });
    expect(loadSnapshot(db, quiet, AS_OF)!.monitoring).toEqual({ lastHeartbeatDay: null, lastEvalRunDay: null });
    expect(loadSnapshot(db, live, AS_OF)!.monitoring).toEqual(m.get(live));
  });
});

describe('costsById', () => {
  it('measures the cost-per-request trend, its level, the target and the tokens-per-request change', () => {
    const id = addInitiative('Creeping');
    const flat = addInitiative('Flat');
    const c = addConnection('litellm');
    const batch = (
      initiativeId: number,
      metric: 'requests' | 'spend_usd' | 'input_tokens',
      f: (d: number) => number,
    ) => ({
      initiativeId,
      metric,
      family: 'litellm',
      dims: {},
      points: daily(f),
    });
    ingestBatches(db, c, [
      batch(id, 'requests', () => 1000),
      // Cost per request from 0.010 to 0.0154: +54 % of its start over the window.
      batch(id, 'spend_usd', (d) => 10 + (d * 4) / 27),
      batch(id, 'input_tokens', (d) => 1000 * (500 + d * 10)),
      batch(flat, 'requests', () => 100),
      batch(flat, 'spend_usd', () => 1),
    ]);
    db.prepare(
      `INSERT INTO slos (initiative_id, kind, threshold, updated_at) VALUES (?, 'cost_per_request', 0.012, 'x')`,
    ).run(id);
    const costs = costsById(db, AS_OF)!;
    const c1 = costs.get(id)!;
    expect(c1.costPerRequestSlope28d).toBeGreaterThan(0.3);
    expect(c1.costPerRequest).toBeCloseTo((7 * 10 + ((21 + 22 + 23 + 24 + 25 + 26 + 27) * 4) / 27) / 7000, 10);
    expect(c1.targetCostPerRequest).toBe(0.012);
    // Tokens per request: first week mean 530, last week 740.
    expect(c1.tokensPerRequestChange).toBeCloseTo(740 / 530 - 1, 10);
    expect(costs.get(flat)).toEqual({
      costPerRequestSlope28d: 0,
      costPerRequest: 0.01,
      targetCostPerRequest: null,
      tokensPerRequestChange: 0,
    });
    expect(loadSnapshot(db, id, AS_OF)!.costs).toEqual(c1);
  });

  it('leaves out initiatives without both spend and requests', () => {
    const id = addInitiative('Spend only');
    ingestBatches(db, addConnection(), [
      { initiativeId: id, metric: 'spend_usd', family: 'litellm', dims: {}, points: daily(() => 5) },
    ]);
    expect(costsById(db, AS_OF)!.has(id)).toBe(false);
    expect(loadSnapshot(db, id, AS_OF)!.costs).toBeUndefined();
  });
});

describe('slosById', () => {
  const setSlo = (id: number, kind: string, threshold: number) =>
    db
      .prepare('INSERT INTO slos (initiative_id, kind, threshold, updated_at) VALUES (?, ?, ?, ?)')
      .run(id, kind, threshold, '2026-01-01T00:00:00.000Z');

  it('judges SLOs on the newest data, feeds SLO_BREACH, and does not replay them for an earlier as-of day', () => {
    const breached = addInitiative('Slow');
    const fine = addInitiative('Fast');
    const silent = addInitiative('No data');
    const c = addConnection();
    const at = AS_OF * DAY + 7200;
    ingestBatches(db, c, [
      { initiativeId: breached, metric: 'latency_p95_s', family: 'litellm', dims: {}, points: [[at, 3.5]] },
      { initiativeId: fine, metric: 'latency_p95_s', family: 'litellm', dims: {}, points: [[at, 0.8]] },
    ]);
    for (const id of [breached, fine, silent]) setSlo(id, 'latency_p95', 2);
    const m = slosById(db, AS_OF)!;
    expect(m.get(breached)).toEqual([{ kind: 'latency_p95', threshold: 2, actual: 3.5, state: 'breached' }]);
    expect(m.get(fine)?.[0]?.state).toBe('met');
    expect(m.has(silent)).toBe(false);
    expect(loadSnapshot(db, breached, AS_OF)!.slos?.[0]?.state).toBe('breached');
    expect(slosById(db, AS_OF - 1)!.has(breached)).toBe(false);
  });
});
