import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoiModelInput } from '../../../shared/domain/roi/schema';
import { verifyAuditChain } from '../audit/verify';
import { dumpTables } from '../testing/portfolio-files';
import { createTestCore, type TestCore } from '../testing/test-core';

// The test clock reads 2026-03-02: "this month" is 2026-03.
let t: TestCore;
let initiativeId: number;
beforeEach(async () => {
  t = createTestCore();
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  initiativeId = (await t.ok('initiative/create', { name: 'Claims triage', phase: 'PRODUCTION_DEPLOY' })).id;
});
afterEach(() => t.dispose());

/** 120k build before the start, 24k a year of inference, 60k a year of time saved, two years from 2026-01. */
const plan = (over: Partial<RoiModelInput> = {}): RoiModelInput => ({
  horizonYears: 2,
  startMonth: '2026-01',
  costs: [
    {
      id: 'build',
      name: 'Build',
      kind: 'amount',
      category: 'PEOPLE_BUILD',
      inputs: { amount: '120000' },
      timing: { type: 'initial' },
    },
    {
      id: 'inf',
      name: 'Inference',
      kind: 'amount',
      category: 'INFERENCE',
      inputs: { amount: '24000' },
      timing: { type: 'recurring' },
    },
  ],
  benefits: [
    {
      id: 'time',
      name: 'Time saved',
      kind: 'amount',
      category: 'TIME_SAVINGS',
      inputs: { amount: '60000' },
      timing: { type: 'recurring' },
    },
  ],
  ...over,
});

const cost = (month: string, amount: number, category = 'INFERENCE') =>
  ({ initiativeId, month, side: 'cost', category, amount }) as const;

describe('actual entries', () => {
  it('adds, lists, edits and deletes, each one undoable, audited and announced', async () => {
    t.events.clear();
    const a = await t.ok('roi/actuals/save', { ...cost('2026-02', 3_000), note: 'February invoice' });
    expect(a).toMatchObject({
      month: '2026-02',
      side: 'cost',
      amount: 3_000,
      source: 'manual',
      note: 'February invoice',
    });
    expect(t.events.of('db/changed')).toEqual([{ tables: ['roi_actuals', 'audit_log'] }]);
    expect(await t.ok('roi/actuals/list', { initiativeId })).toEqual([a]);

    const edited = await t.ok('roi/actuals/save', { ...cost('2026-02', 3_500), id: a.id });
    expect(edited).toMatchObject({ id: a.id, amount: 3_500, note: '', createdAt: a.createdAt });
    await t.ok('history/undo');
    expect((await t.ok('roi/actuals/list', { initiativeId }))[0]?.amount).toBe(3_000);

    await t.ok('roi/actuals/delete', { id: a.id });
    expect(await t.ok('roi/actuals/list', { initiativeId })).toEqual([]);
    expect((await t.ok('history/state')).undoLabel).toBe('Delete actual Inference cost, 2026-02');
    await t.ok('history/undo');
    expect(await t.ok('roi/actuals/list', { initiativeId })).toEqual([a]);
    await t.ok('history/redo');
    expect(await t.ok('roi/actuals/list', { initiativeId })).toEqual([]);
    await t.ok('history/undo');

    const labels = (await t.ok('audit/timeline', { initiativeId })).map((e) => e.label);
    expect(labels).toContain('Added actual “Inference cost, 2026-02”');
    expect(labels).toContain('Changed actual “Inference cost, 2026-02”');
    expect(labels).toContain('Removed actual “Inference cost, 2026-02”');
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('refuses bad input field by field and writes nothing', async () => {
    const before = dumpTables(t.db());
    const cases: [object, string, RegExp][] = [
      [cost('2026-02', -5), 'amount', /0 or more/],
      [cost('2026-2', 5), 'month', /like 2026-03/],
      [cost('2026-04', 5), 'month', /up to this month \(2026-03\)/],
      [cost('2026-02', 5, 'TIME_SAVINGS'), 'category', /cost category/],
      [{ ...cost('2026-02', 5), side: 'benefit' }, 'category', /benefit type/],
    ];
    for (const [input, path, message] of cases) {
      const r = await t.invoke('roi/actuals/save', input as Parameters<typeof t.invoke<'roi/actuals/save'>>[1]);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.issues?.[0]?.path).toBe(path);
      expect(r.error.issues?.[0]?.message).toMatch(message);
    }
    expect(dumpTables(t.db())).toEqual(before);
  });

  it('has a database that refuses negative, NaN and infinite amounts on its own', () => {
    const insert = t.db().prepare(
      `INSERT INTO roi_actuals (initiative_id, month, side, category, amount, created_at, updated_at)
         VALUES (?, '2026-01', 'cost', 'INFERENCE', ?, 'x', 'x')`,
    );
    expect(() => insert.run(initiativeId, -1)).toThrow(/CHECK/);
    expect(() => insert.run(initiativeId, Number.NaN)).toThrow(/NOT NULL/);
    expect(() => insert.run(initiativeId, Number.POSITIVE_INFINITY)).toThrow(/CHECK/);
    expect(() =>
      t
        .db()
        .prepare(
          `INSERT INTO roi_actuals (initiative_id, month, side, category, amount, created_at, updated_at)
           VALUES (?, '2026-13', 'cost', 'INFERENCE', 1, 'x', 'x')`,
        )
        .run(initiativeId),
    ).toThrow(/CHECK/);
  });

  it('go with the initiative when it is deleted, and come back with it on undo', async () => {
    const a = await t.ok('roi/actuals/save', cost('2026-01', 1_000));
    await t.ok('initiative/delete', { id: initiativeId });
    expect(t.db().prepare('SELECT count(*) FROM roi_actuals').pluck().get()).toBe(0);
    await t.ok('history/undo');
    expect(await t.ok('roi/actuals/list', { initiativeId })).toEqual([a]);
  });

  it('the per-initiative read and the portfolio sums use their indexes', () => {
    const planOf = (sql: string) =>
      (t.db().prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1) as { detail: string }[]).map((r) => r.detail).join('\n');
    expect(planOf('SELECT * FROM roi_actuals WHERE initiative_id = ? ORDER BY month DESC')).toMatch(
      /roi_actuals_initiative_month/,
    );
    expect(planOf(`SELECT initiative_id, total(amount) FROM roi_actuals WHERE ? GROUP BY initiative_id, side`)).toMatch(
      /COVERING INDEX roi_actuals_sums/,
    );
  });
});

describe('plan vs actual', () => {
  it('asks for a start month when the plan has none, rather than guessing', async () => {
    await t.ok('roi/save', { initiativeId, name: 'Plan', kind: 'current', model: plan({ startMonth: null }) });
    const v = await t.ok('roi/planVsActual', { initiativeId });
    expect(v.scenario?.name).toBe('Plan');
    expect(v.result).toEqual({ state: 'no_start_month' });
  });

  it('says so when there is no ROI model', async () => {
    const v = await t.ok('roi/planVsActual', { initiativeId });
    expect(v).toMatchObject({ scenario: null, result: null, scenarios: [] });
  });

  it('measures against the approved plan by default, any other on request', async () => {
    const current = await t.ok('roi/save', { initiativeId, name: 'Now', kind: 'current', model: plan() });
    const approved = await t.ok('roi/save', {
      initiativeId,
      name: 'Signed off',
      kind: 'approved',
      model: plan({ costs: [] }),
    });
    await t.ok('roi/actuals/save', cost('2025-11', 100_000, 'PEOPLE_BUILD'));
    await t.ok('roi/actuals/save', cost('2026-02', 3_000));
    await t.ok('roi/actuals/save', {
      initiativeId,
      month: '2026-03',
      side: 'benefit',
      category: 'TIME_SAVINGS',
      amount: 4_000,
    });

    const byDefault = await t.ok('roi/planVsActual', { initiativeId });
    expect(byDefault.scenario?.id).toBe(approved.scenario.id);
    expect(byDefault.isPreferred).toBe(true);
    expect(byDefault.scenarios.map((s) => s.id).sort()).toEqual([current.scenario.id, approved.scenario.id].sort());

    const v = await t.ok('roi/planVsActual', { initiativeId, scenarioId: current.scenario.id });
    expect(v.isPreferred).toBe(false);
    if (v.result?.state !== 'ok') throw new Error('expected a comparison');
    expect(v.result.asOfMonth).toBe('2026-03');
    expect(v.result.totals.plannedCostToDate).toBeCloseTo(126_000, 6);
    expect(v.result.totals.actualCostToDate).toBe(103_000);
    expect(v.result.totals.realisedBenefitToDate).toBe(4_000);

    const other = (await t.ok('initiative/create', { name: 'Other' })).id;
    const foreign = await t.ok('roi/save', { initiativeId: other, name: 'P', kind: 'current', model: plan() });
    const r = await t.invoke('roi/planVsActual', { initiativeId, scenarioId: foreign.scenario.id });
    expect(!r.ok && r.error.issues?.[0]?.path).toBe('scenarioId');
  });

  it('feeds actual cost and realised value into the portfolio roll-up', async () => {
    await t.ok('roi/save', { initiativeId, name: 'Now', kind: 'current', model: plan() });
    const other = (await t.ok('initiative/create', { name: 'Other', phase: 'SCALE_OPTIMIZE' })).id;
    await t.ok('roi/save', { initiativeId: other, name: 'Now', kind: 'current', model: plan() });
    await t.ok('roi/actuals/save', cost('2026-01', 1_000));
    await t.ok('roi/actuals/save', cost('2026-02', 2_500));
    await t.ok('roi/actuals/save', {
      initiativeId,
      month: '2026-02',
      side: 'benefit',
      category: 'TIME_SAVINGS',
      amount: 700,
    });
    await t.ok('roi/actuals/save', { ...cost('2026-02', 50), initiativeId: other });
    const p = await t.ok('roi/portfolio');
    const mine = p.points.find((x) => x.initiativeId === initiativeId)!;
    expect(mine).toMatchObject({ actualCost: 3_500, realisedValue: 700 });
    expect(p.points.find((x) => x.initiativeId === other)).toMatchObject({ actualCost: 50, realisedValue: 0 });
    expect(p.totals).toMatchObject({ actualCost: 3_550, realisedValue: 700 });
    expect(p.byPhase.find((g) => g.key === 'SCALE_OPTIMIZE')).toMatchObject({ actualCost: 50 });
  });
});
