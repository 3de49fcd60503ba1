import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASE_IDS } from '../../../shared/domain/phases';
import { RAG_DIMENSIONS, type PackSnapshot } from '../../../shared/domain/pack/types';
import type { Db } from '../db/sqlite';
import { openOrThrow, writePortfolioFile } from '../testing/portfolio-files';
import { makeTempDir, removeTempDir } from '../testing/temp-dir';
import { buildPackSnapshot, kpiPctOfPlan } from './snapshot';

const NOW = new Date('2026-11-01T09:00:00.000Z');
const AS_OF = '2026-11-01';
let dir: string;
let db: Db;
let pack: PackSnapshot;

beforeAll(() => {
  dir = makeTempDir();
  const path = join(dir, 'demo.flightdeck');
  writePortfolioFile(path, { size: 50, seed: 20_260_101, now: NOW });
  db = openOrThrow(path);
  pack = buildPackSnapshot(db, {}, { asOf: AS_OF, now: NOW, actor: 'Test Lead' });
});
afterAll(() => {
  db.close();
  removeTempDir(dir);
});

/** Every number in the snapshot, with its JSON path. */
function numbers(v: unknown, path = '$'): [string, number][] {
  if (typeof v === 'number') return [[path, v]];
  if (Array.isArray(v)) return v.flatMap((x, i) => numbers(x, `${path}[${i}]`));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => numbers(x, `${path}.${k}`));
  return [];
}

describe('buildPackSnapshot on the demo portfolio', () => {
  it('has sane totals: phases and RAG counts add up to the initiatives', () => {
    const t = pack.totals;
    expect(t.initiatives).toBe(pack.initiatives.length);
    expect(t.initiatives).toBeGreaterThan(40);
    expect(t.byPhase.map((p) => p.phase)).toEqual(PHASE_IDS);
    expect(t.byPhase.reduce((a, p) => a + p.count, 0)).toBe(t.initiatives);
    expect(t.byRag.green + t.byRag.amber + t.byRag.red).toBe(t.initiatives);
    expect(t.inProduction).toBeLessThanOrEqual(t.initiatives);
    expect(t.spendToDate).toBe(pack.initiatives.reduce((a, i) => a + (i.budget.actualToDate ?? 0), 0));
    expect(t.realizedValueYtd).toBeGreaterThan(0); // the demo carries realised benefits for monitored initiatives
    expect(t.realizedValueYtd).toBeLessThan(t.projectedValueAnnual * 2);
  });

  it('has no NaN or Infinity anywhere', () => {
    const all = numbers(pack);
    expect(all.length).toBeGreaterThan(500);
    expect(all.filter(([, n]) => !Number.isFinite(n))).toEqual([]);
  });

  it('judges every initiative on all five dimensions with a reason each; overall is the worst', () => {
    const rank = { green: 0, amber: 1, red: 2 } as const;
    for (const i of pack.initiatives) {
      expect(i.rag.dimensions.map((d) => d.dimension)).toEqual([...RAG_DIMENSIONS]);
      for (const d of i.rag.dimensions) expect(d.reason.length).toBeGreaterThan(10);
      expect(rank[i.rag.overall]).toBe(Math.max(...i.rag.dimensions.map((d) => rank[d.rag])));
    }
    expect(pack.ragRules?.map((r) => r.dimension)).toEqual([
      'Schedule',
      'Budget',
      'Value',
      'Risk',
      'Governance',
      'Overall',
    ]);
  });

  it('keeps actuals and projections apart and leaves unknowns null', () => {
    const withoutModel = pack.initiatives.filter((i) => i.value.npv === null);
    for (const i of withoutModel) expect(i.value.projectedAnnual).toBeNull();
    const withBudget = pack.initiatives.filter((i) => i.budget.approved !== null);
    expect(withBudget.length).toBeGreaterThan(0);
    for (const i of withBudget) {
      expect(i.budget.basis).not.toBeNull();
      expect(i.budget.eac).not.toBeNull();
    }
  });

  it('lists top risks worst first, decisions, milestones inside 90 days and the watchlist', () => {
    expect(pack.topRisks.length).toBeLessThanOrEqual(5);
    const scores = pack.topRisks.map((r) => r.residualScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const m of pack.milestones) {
      expect(m.date > AS_OF).toBe(true);
      expect(m.date <= '2027-01-30').toBe(true);
    }
    const reds = pack.initiatives.filter((i) => i.rag.overall === 'red' && i.status === 'Active');
    for (const r of reds) expect(pack.decisions.some((d) => d.initiativeId === r.id)).toBe(true);
    expect(pack.watchlist.length).toBeGreaterThan(0);
    expect(pack.headline).toMatch(/initiatives?, \d+ in production/);
  });

  it('narrows to one initiative or a filter, and refuses an unknown initiative', () => {
    const first = pack.initiatives[0]!;
    const one = buildPackSnapshot(db, { initiativeId: first.id }, { asOf: AS_OF, now: NOW, actor: 'x' });
    expect(one.scope).toEqual({ kind: 'initiative', initiativeId: first.id, label: first.name });
    expect(one.initiatives.map((i) => i.id)).toEqual([first.id]);
    expect(one.initiatives[0]!.rag).toEqual(first.rag);
    const filtered = buildPackSnapshot(db, { filter: { phases: ['STRATEGY'] } }, { asOf: AS_OF, now: NOW, actor: 'x' });
    expect(filtered.initiatives.every((i) => i.phase === 'STRATEGY')).toBe(true);
    expect(filtered.topRisks.every((r) => r.initiativeId !== null)).toBe(true);
    expect(() => buildPackSnapshot(db, { initiativeId: 999_999 }, { asOf: AS_OF, now: NOW, actor: 'x' })).toThrow(
      /Initiative 999999 does not exist/,
    );
  });

  it('shows telemetry: 30-day spend, and the latest gauges only in a pack as of today', () => {
    const watched = pack.initiatives.filter((i) => i.monitoring !== null);
    expect(watched.length).toBeGreaterThan(0);
    expect(watched.some((i) => (i.monitoring?.spend30d ?? 0) > 0)).toBe(true);
    expect(watched.some((i) => i.monitoring?.latencyP95s !== null)).toBe(true);
    const past = buildPackSnapshot(db, {}, { asOf: '2026-10-15', now: NOW, actor: 'x' });
    expect(past.initiatives.every((i) => i.monitoring === null || i.monitoring.latencyP95s === null)).toBe(true);
  });

  it('is deterministic for the same data and as-of', () => {
    expect(buildPackSnapshot(db, {}, { asOf: AS_OF, now: NOW, actor: 'Test Lead' })).toEqual(pack);
  });
});

describe('kpiPctOfPlan', () => {
  const k = { baseline_value: 10, baseline_date: '2026-01-01', target_value: 20, target_date: '2026-12-31' };
  it('measures against the straight line from baseline to target at the measurement date', () => {
    expect(kpiPctOfPlan(k, { value: 20, date: '2026-12-31' })).toBe(100);
    expect(kpiPctOfPlan(k, { value: 15, date: '2026-12-31' })).toBe(50);
    // Half-way through the year the plan is ~15: reaching it is ~100%.
    expect(kpiPctOfPlan(k, { value: 15, date: '2026-07-02' })).toBeCloseTo(100, 0);
  });
  it('works for lower-is-better KPIs and is null without the pieces', () => {
    const down = { ...k, baseline_value: 8, target_value: 4 };
    expect(kpiPctOfPlan(down, { value: 6, date: '2026-12-31' })).toBe(50);
    expect(kpiPctOfPlan({ ...k, baseline_value: null }, { value: 6, date: '2026-12-31' })).toBeNull();
    expect(kpiPctOfPlan(k, null)).toBeNull();
    expect(kpiPctOfPlan(k, { value: 12, date: '2025-06-01' })).toBeNull(); // before the baseline: nothing planned yet
  });
});
