import { afterEach, describe, expect, it } from 'vitest';
import type { SampleBatch } from '../connections/types';
import { ingestBatches } from '../repositories/metrics.repo';
import { FixedClock } from '../testing/fakes';
import { createTestCore, type TestCore } from '../testing/test-core';

const NOW = '2026-03-10T12:00:00.000Z';
const NOW_SEC = Date.parse(NOW) / 1000;
const HOUR = 3600;
const DAY = 86_400;

let t: TestCore;
afterEach(() => t?.dispose());

async function emptyCore(): Promise<TestCore> {
  t = createTestCore({ clock: new FixedClock(NOW) });
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  return t;
}

async function addInitiative(name: string, businessUnit = 'Claims'): Promise<number> {
  return (await t.ok('initiative/create', { name, businessUnit })).id;
}

function addConnection(name: string, kind = 'prometheus', pollSec = 60): number {
  const at = '2026-01-01T00:00:00.000Z';
  return Number(
    t
      .db()
      .prepare(
        `INSERT INTO connections (kind, name, base_url, auth_kind, timeout_ms, poll_interval_s, created_at, updated_at)
         VALUES (?, ?, 'http://127.0.0.1:9', 'none', 5000, ?, ?, ?)`,
      )
      .run(kind, name, pollSec, at, at).lastInsertRowid,
  );
}

const b = (
  initiativeId: number,
  metric: SampleBatch['metric'],
  points: Array<[number, number]>,
  dims: Record<string, string> = {},
): SampleBatch => ({ initiativeId, metric, family: 'litellm', dims, points });

describe('metrics/overview', () => {
  it('reports no data as null (never 0), with no source and not stale', async () => {
    await emptyCore();
    const id = await addInitiative('Quiet');
    const o = await t.ok('metrics/overview', { initiativeId: id });
    expect(o.readings).toHaveLength(9);
    for (const r of o.readings) expect(r).toMatchObject({ value: null, source: null, asOf: null, stale: false });
    expect(o.sampleData).toBe(false);
    expect(o.bindings).toEqual([]);
  });

  it('sums the last day of sum metrics, takes the newest gauge, and marks old data stale (3 polls, 15 min floor)', async () => {
    await emptyCore();
    const id = await addInitiative('Live');
    const c = addConnection('prom', 'prometheus', 60);
    const hours = (n: number, v: (k: number) => number): Array<[number, number]> =>
      Array.from({ length: n }, (_, k) => [NOW_SEC - (n - k) * HOUR, v(k)]);
    ingestBatches(t.db(), c, [
      b(
        id,
        'requests',
        hours(30, () => 10),
      ),
      b(
        id,
        'latency_p95_s',
        hours(30, (k) => k),
      ),
    ]);
    let o = await t.ok('metrics/overview', { initiativeId: id });
    const req = o.readings.find((r) => r.metric === 'requests')!;
    // 24 hourly buckets ending at the newest one.
    expect(req).toMatchObject({ value: 240, source: 'prometheus:litellm', connectionName: 'prom', ageSec: HOUR });
    // An hour old, the limit is max(3 × 60 s, 15 min): stale.
    expect(req.stale).toBe(true);
    const p95 = o.readings.find((r) => r.metric === 'latency_p95_s')!;
    expect(p95.value).toBe(29);
    // A fresh sample (5 min old) is current.
    ingestBatches(t.db(), c, [b(id, 'latency_p95_s', [[NOW_SEC - 300, 1.5]])]);
    o = await t.ok('metrics/overview', { initiativeId: id });
    expect(o.readings.find((r) => r.metric === 'latency_p95_s')).toMatchObject({ value: 1.5, stale: false });
  });

  it('evaluates SLOs: met, breached, stale, and no_data when a figure is missing', async () => {
    await emptyCore();
    const id = await addInitiative('Slo');
    const c = addConnection('gw', 'litellm', 300);
    const recent = NOW_SEC - 120;
    ingestBatches(t.db(), c, [
      b(id, 'latency_p95_s', [[recent, 2]]),
      b(id, 'spend_usd', [[recent, 30]]),
      b(id, 'requests', [[recent, 1000]]),
    ]);
    await t.ok('slo/save', { initiativeId: id, kind: 'latency_p95', threshold: 3 });
    await t.ok('slo/save', { initiativeId: id, kind: 'cost_per_request', threshold: 0.02 });
    await t.ok('slo/save', { initiativeId: id, kind: 'error_rate', threshold: 0.05 });
    const slos = await t.ok('slo/save', { initiativeId: id, kind: 'cost_per_day', threshold: 50 });
    const by = new Map(slos.map((s) => [s.kind, s]));
    expect(by.get('latency_p95')).toMatchObject({ state: 'met', actual: 2 });
    expect(by.get('cost_per_request')).toMatchObject({ state: 'breached', actual: 0.03 });
    expect(by.get('cost_per_day')).toMatchObject({ state: 'met', actual: 30 });
    expect(by.get('error_rate')).toMatchObject({ state: 'no_data', actual: null });
    expect(t.events.of('db/changed').at(-1)).toEqual({ tables: ['slos'] });
    // A day later nothing new arrived: stale, not met.
    t.clock.advanceDays(1);
    const o = await t.ok('metrics/overview', { initiativeId: id });
    expect(o.slos.find((s) => s.kind === 'latency_p95')!.state).toBe('stale');
    const after = await t.ok('slo/delete', { initiativeId: id, kind: 'latency_p95' });
    expect(after.map((s) => s.kind).sort()).toEqual(['cost_per_day', 'cost_per_request', 'error_rate']);
  });

  it('lists open alerts and bindings', async () => {
    await emptyCore();
    const id = await addInitiative('Alerted');
    const c = addConnection('am', 'alertmanager');
    const db = t.db();
    db.prepare(
      `INSERT INTO connection_bindings (initiative_id, connection_id, selector, created_at) VALUES (?, ?, '{"team":"x"}', ?)`,
    ).run(id, c, NOW);
    db.prepare(
      `INSERT INTO monitor_alerts (connection_id, initiative_id, fingerprint, name, labels, starts_at, last_seen_at, resolved_at)
       VALUES (?, ?, 'a', 'HighLatency', '{"team":"x"}', ?, ?, NULL), (?, ?, 'b', 'Old', '{}', ?, ?, ?)`,
    ).run(c, id, NOW, NOW, c, id, NOW, NOW, NOW);
    const o = await t.ok('metrics/overview', { initiativeId: id });
    expect(o.alerts.map((a) => a.name)).toEqual(['HighLatency']);
    expect(o.alerts[0]!.labels).toEqual({ team: 'x' });
    expect(o.bindings).toMatchObject([{ connectionName: 'am', selector: { team: 'x' } }]);
  });
});

describe('metrics/series', () => {
  it('picks the finest resolution that fits, merges series by sum, and returns at most maxPoints', async () => {
    await emptyCore();
    const id = await addInitiative('Series');
    const c = addConnection('prom');
    const start = NOW_SEC - 10 * DAY;
    const pts = (step: number, v: number): Array<[number, number]> =>
      Array.from({ length: (10 * DAY) / step }, (_, k) => [start + k * step, v]);
    ingestBatches(t.db(), c, [
      b(id, 'requests', pts(30, 1), { model: 'a' }),
      b(id, 'requests', pts(30, 2), { model: 'b' }),
    ]);
    // 28,800 raw rows per series: too many for 4 × 100; 14,400 minutes too; 240 hours fit.
    const whole = await t.ok('metrics/series', { initiativeId: id, metric: 'requests', maxPoints: 100 });
    expect(whole.resolution).toBe(3600);
    expect(whole.t.length).toBeLessThanOrEqual(100);
    expect(whole.rawCount).toBe(2 * 28_800);
    // Each hour: 120 samples × (1 + 2) summed across the two series.
    expect(new Set(whole.v.slice(1, -1))).toEqual(new Set([360]));
    expect(whole.extent).toEqual({ from: start, to: start + 10 * DAY - 30 });
    // Zoomed to an hour: raw samples, summed per timestamp.
    const zoom = await t.ok('metrics/series', {
      initiativeId: id,
      metric: 'requests',
      from: start + DAY,
      to: start + DAY + HOUR,
      maxPoints: 100,
    });
    expect(zoom.resolution).toBe(0);
    expect(zoom.t.length).toBe(100);
    expect(zoom.v.every((v) => v === 3)).toBe(true);
    expect(zoom.t[0]).toBe((start + DAY) * 1000);
  });

  it('averages gauges over roll-ups and skips raw samples cut by retention', async () => {
    await emptyCore();
    const id = await addInitiative('Gauge');
    const c = addConnection('prom');
    const start = NOW_SEC - 3 * DAY;
    ingestBatches(t.db(), c, [
      b(
        id,
        'latency_p95_s',
        Array.from({ length: 3 * 24 * 4 }, (_, k): [number, number] => [start + k * 900, k % 2 === 0 ? 1 : 3]),
      ),
    ]);
    await t.ok('metrics/setRetention', { rawDays: 1 });
    expect(await t.ok('metrics/retention')).toEqual({ rawDays: 1 });
    const s = await t.ok('metrics/series', { initiativeId: id, metric: 'latency_p95_s', maxPoints: 10 });
    // Raw samples older than a day are gone: the whole range must come from roll-ups, whole.
    expect(s.resolution).toBeGreaterThan(0);
    expect(s.v.every((v) => v === 2)).toBe(true);
    const empty = await t.ok('metrics/series', { initiativeId: id, metric: 'requests' });
    expect(empty).toMatchObject({ t: [], v: [], extent: null, rawCount: 0 });
  });
});

describe('metrics/spend', () => {
  it('groups daily spend by initiative, team and model over the last N days', async () => {
    await emptyCore();
    const a = await addInitiative('Alpha', 'Claims');
    const z = await addInitiative('Zeta', 'Retail');
    const c = addConnection('gw', 'litellm');
    const today = NOW_SEC - (NOW_SEC % DAY);
    ingestBatches(t.db(), c, [
      b(
        a,
        'spend_usd',
        [
          [today - DAY, 5],
          [today + 60, 1],
        ],
        { model: 'gpt', team: 'core' },
      ),
      b(a, 'spend_usd', [[today, 2]], { model: 'claude' }),
      b(z, 'spend_usd', [
        [today - 5 * DAY, 100],
        [today, 4],
      ]),
    ]);
    const byInit = await t.ok('metrics/spend', { groupBy: 'initiative', days: 3 });
    expect(byInit.days).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
    expect(byInit.groups).toEqual([
      { key: String(a), label: 'Alpha', initiativeId: a, total: 8, daily: [0, 5, 3] },
      { key: String(z), label: 'Zeta', initiativeId: z, total: 4, daily: [0, 0, 4] },
    ]);
    expect(byInit.total).toBe(12);
    expect(byInit.sampleData).toBe(false);
    const byTeam = await t.ok('metrics/spend', { groupBy: 'team', days: 3 });
    expect(byTeam.groups.map((g) => [g.label, g.total])).toEqual([
      ['core', 6],
      ['Retail', 4],
      ['Claims', 2],
    ]);
    const byModel = await t.ok('metrics/spend', { groupBy: 'model', days: 7 });
    expect(byModel.groups.map((g) => [g.label, g.total])).toEqual([
      ['unspecified', 104],
      ['gpt', 6],
      ['claude', 2],
    ]);
  });
});

describe('the demo portfolio', () => {
  it('has sample-data history that feeds the overview, the spend view and the signals', async () => {
    t = createTestCore({ demoSize: 40, clock: new FixedClock('2026-03-02T09:00:00.000Z') });
    await t.ok('workspace/openDefault');
    await t.ok('workspace/setup', { mode: 'demo' });
    const ids = t.db().prepare('SELECT DISTINCT initiative_id FROM metric_series').pluck().all() as number[];
    expect(ids.length).toBeGreaterThan(0);
    const o = await t.ok('metrics/overview', { initiativeId: ids[0]! });
    expect(o.sampleData).toBe(true);
    const spend = o.readings.find((r) => r.metric === 'spend_usd')!;
    expect(spend).toMatchObject({ source: 'demo', connectionName: 'Sample data', stale: false });
    expect(spend.value).toBeGreaterThan(0);
    const view = await t.ok('metrics/spend', { groupBy: 'initiative', days: 30 });
    expect(view.sampleData).toBe(true);
    expect(view.groups.length).toBe(ids.length);
    const signals = await t.ok('signals/list');
    expect(signals.signals.some((s) => s.ruleId === 'COST_PER_REQUEST_TREND')).toBe(true);
    // Demo spend is not gateway spend: no actuals from it.
    expect(t.db().prepare("SELECT count(*) FROM roi_actuals WHERE source = 'gateway'").pluck().get()).toBe(0);
  });
});

describe('initiative delete and undo', () => {
  it('brings back the bindings and SLOs, and the series re-attach', async () => {
    await emptyCore();
    const id = await addInitiative('Undo me');
    const c = addConnection('prom');
    t.db()
      .prepare(
        `INSERT INTO connection_bindings (initiative_id, connection_id, selector, created_at) VALUES (?, ?, '{}', ?)`,
      )
      .run(id, c, NOW);
    await t.ok('slo/save', { initiativeId: id, kind: 'error_rate', threshold: 0.1 });
    ingestBatches(t.db(), c, [b(id, 'requests', [[NOW_SEC - 60, 5]])]);
    await t.ok('initiative/delete', { id });
    expect(t.db().prepare('SELECT count(*) FROM slos').pluck().get()).toBe(0);
    await t.ok('history/undo');
    expect(t.db().prepare('SELECT count(*) FROM slos').pluck().get()).toBe(1);
    expect(t.db().prepare('SELECT count(*) FROM connection_bindings').pluck().get()).toBe(1);
    const o = await t.ok('metrics/overview', { initiativeId: id });
    expect(o.readings.find((r) => r.metric === 'requests')!.value).toBe(5);
  });
});

describe('totals and their parts', () => {
  it('counts a source that sends a total and per-model parts once, and splits by model only in the model view', async () => {
    await emptyCore();
    const id = await addInitiative('Split');
    const c = addConnection('prom', 'prometheus', 60);
    const at = NOW_SEC - HOUR;
    ingestBatches(t.db(), c, [
      { ...b(id, 'spend_usd', [[at, 3]]), family: 'kong' },
      { ...b(id, 'spend_usd', [[at, 1]], { model: 'gpt-4o' }), family: 'kong' },
      { ...b(id, 'spend_usd', [[at, 2]], { model: 'claude-3-5-sonnet' }), family: 'kong' },
    ]);
    const o = await t.ok('metrics/overview', { initiativeId: id });
    expect(o.readings.find((r) => r.metric === 'spend_usd')?.value).toBeCloseTo(3, 9);
    const byInitiative = await t.ok('metrics/spend', { groupBy: 'initiative', days: 7 });
    expect(byInitiative.total).toBeCloseTo(3, 9);
    const byModel = await t.ok('metrics/spend', { groupBy: 'model', days: 7 });
    expect(byModel.total).toBeCloseTo(3, 9);
    expect(byModel.groups.map((g) => [g.label, g.total]).sort()).toEqual([
      ['claude-3-5-sonnet', 2],
      ['gpt-4o', 1],
    ]);
  });

  it('sums per-model parts when no total was sent, and prefers real spend over a price-table estimate', async () => {
    await emptyCore();
    const id = await addInitiative('Parts');
    const c = addConnection('prom', 'prometheus', 60);
    const at = NOW_SEC - HOUR;
    ingestBatches(t.db(), c, [
      { ...b(id, 'spend_usd', [[at, 1]], { model: 'a', estimate: 'price-table' }), family: 'otel' },
      { ...b(id, 'spend_usd', [[at, 2]], { model: 'b', estimate: 'price-table' }), family: 'otel' },
    ]);
    let o = await t.ok('metrics/overview', { initiativeId: id });
    expect(o.readings.find((r) => r.metric === 'spend_usd')?.value).toBeCloseTo(3, 9);
    ingestBatches(t.db(), c, [{ ...b(id, 'spend_usd', [[at, 5]]), family: 'otel' }]);
    o = await t.ok('metrics/overview', { initiativeId: id });
    expect(o.readings.find((r) => r.metric === 'spend_usd')?.value).toBeCloseTo(5, 9);
  });
});
