import { describe, expect, it } from 'vitest';
import { evaluateModel } from './roi/evaluate';
import type { RoiModelInput } from './roi/schema';
import {
  actualSaveInput,
  computePlanVsActual,
  monthIndex,
  monthOf,
  monthOfDate,
  preferredPlan,
  type PlanVsActualResult,
  type RoiActual,
} from './roiActuals';

/** Two years: a 120k build before the start, 24k a year of inference, 60k a year of time saved. */
const model = (over: Partial<RoiModelInput> = {}): RoiModelInput => ({
  horizonYears: 2,
  discountRate: 0.1,
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

let nextId = 1;
const entry = (month: string, side: 'cost' | 'benefit', category: string, amount: number) =>
  ({ id: nextId++, month, side, category, amount }) satisfies Pick<
    RoiActual,
    'id' | 'month' | 'side' | 'category' | 'amount'
  >;

function ok(r: PlanVsActualResult): Extract<PlanVsActualResult, { state: 'ok' }> {
  if (r.state !== 'ok') throw new Error(`expected ok, got ${r.state}`);
  return r;
}

const run = (
  entries: ReturnType<typeof entry>[],
  asOfMonth: string,
  over: Partial<RoiModelInput> = {},
  startMonth: string | null = '2026-01',
) => computePlanVsActual({ startMonth, evaluation: evaluateModel(model(over)), entries, asOfMonth });

describe('months', () => {
  it('round-trips through the index and reads dates in UTC', () => {
    expect(monthOf(monthIndex('2026-01'))).toBe('2026-01');
    expect(monthIndex('2026-01') - monthIndex('2025-12')).toBe(1);
    expect(monthOf(monthIndex('2026-12') + 1)).toBe('2027-01');
    expect(monthOfDate(new Date('2026-03-31T23:59:59Z'))).toBe('2026-03');
    expect(monthOfDate(new Date('2026-04-01T00:00:00Z'))).toBe('2026-04');
  });
});

describe('plan vs actual', () => {
  it('says there is no start month instead of guessing one', () => {
    expect(run([entry('2026-02', 'cost', 'INFERENCE', 1)], '2026-03', {}, null)).toEqual({ state: 'no_start_month' });
  });

  it('reports a model the engine refuses', () => {
    const r = computePlanVsActual({
      startMonth: '2026-01',
      evaluation: evaluateModel({ horizonYears: 0 }),
      entries: [],
      asOfMonth: '2026-03',
    });
    expect(r.state).toBe('invalid_model');
  });

  it('prorates the year in progress and counts year 0 in full', () => {
    const r = ok(
      run(
        [
          entry('2025-11', 'cost', 'PEOPLE_BUILD', 100_000),
          entry('2026-02', 'cost', 'INFERENCE', 3_000),
          entry('2026-03', 'cost', 'INFERENCE', 2_500),
          entry('2026-03', 'benefit', 'TIME_SAVINGS', 4_000),
        ],
        '2026-03',
      ),
    );
    expect(r.endMonth).toBe('2027-12');
    expect(r.totals.plannedCostToDate).toBeCloseTo(120_000 + 24_000 * (3 / 12), 9);
    expect(r.totals.actualCostToDate).toBe(105_500);
    expect(r.totals.costVariance).toBeCloseTo(105_500 - 126_000, 9);
    expect(r.totals.burn).toBeCloseTo(105_500 / 126_000, 12);
    expect(r.totals.budgetUsed).toBeCloseTo(105_500 / (120_000 + 48_000), 12);
    expect(r.totals.plannedBenefitToDate).toBeCloseTo(15_000, 9);
    expect(r.totals.realisation).toBeCloseTo(4_000 / 15_000, 12);
    expect(r.periods.map((p) => p.state)).toEqual(['past', 'current', 'future']);
    expect(r.periods[0]).toMatchObject({ plannedCost: 120_000, actualCost: 100_000, costVariance: -20_000 });
    expect(r.periods[1]).toMatchObject({ plannedCost: 24_000, actualCost: 5_500, cumulativeActualCost: 105_500 });
    expect(r.periods[2]).toMatchObject({
      cumulativeActualCost: null,
      costVariance: null,
      cumulativePlannedCost: 168_000,
    });
    const inference = r.categories.find((c) => c.category === 'INFERENCE')!;
    expect(inference).toMatchObject({ side: 'cost', label: 'Inference', plannedTotal: 48_000, actualToDate: 5_500 });
    expect(inference.plannedToDate).toBeCloseTo(6_000, 9);
    // Costs before benefits, the biggest plan first.
    expect(r.categories.map((c) => c.category)).toEqual(['PEOPLE_BUILD', 'INFERENCE', 'TIME_SAVINGS']);
  });

  it('puts entries on the right side of each boundary and reports those after the horizon', () => {
    const before = entry('2025-12', 'cost', 'INFERENCE', 1);
    const first = entry('2026-01', 'cost', 'INFERENCE', 10);
    const lastOfYear1 = entry('2026-12', 'cost', 'INFERENCE', 100);
    const last = entry('2027-12', 'cost', 'INFERENCE', 1_000);
    const after = entry('2028-01', 'cost', 'INFERENCE', 10_000);
    const afterBenefit = entry('2030-06', 'benefit', 'TIME_SAVINGS', 7);
    const r = ok(run([before, first, lastOfYear1, last, after, afterBenefit], '2030-06'));
    expect(r.periods.map((p) => p.actualCost)).toEqual([1, 110, 1_000]);
    expect(r.outsideHorizon).toEqual({ entryIds: [after.id, afterBenefit.id], cost: 10_000, benefit: 7 });
    // After the horizon the whole plan is due, and the entries beyond it are not compared with it.
    expect(r.totals.plannedCostToDate).toBeCloseTo(168_000, 9);
    expect(r.totals.actualCostToDate).toBe(1_111);
    expect(r.periods.every((p) => p.state === 'past')).toBe(true);
  });

  it('before the start month only year 0 is due, and nothing is NaN with no plan to date', () => {
    const r = ok(run([], '2025-06'));
    expect(r.periods.map((p) => p.state)).toEqual(['current', 'future', 'future']);
    expect(r.totals.plannedCostToDate).toBe(120_000);
    expect(r.totals.plannedBenefitToDate).toBe(0);
    expect(r.totals.realisation).toBeNull();
    expect(r.totals.burn).toBe(0);
    const json = JSON.stringify(r);
    expect(json).not.toMatch(/NaN|Infinity/);
  });

  it('counts an entry typed ahead in its period but not to date', () => {
    const r = ok(run([entry('2026-05', 'cost', 'INFERENCE', 900)], '2026-03'));
    expect(r.periods[1]!.actualCost).toBe(900);
    expect(r.totals.actualCostToDate).toBe(0);
  });

  it('lists spend in a category the plan does not have, with no burn rate', () => {
    const r = ok(run([entry('2026-02', 'cost', 'HUMAN_REVIEW', 5_000)], '2026-03'));
    const review = r.categories.find((c) => c.category === 'HUMAN_REVIEW')!;
    expect(review).toMatchObject({
      plannedTotal: 0,
      plannedToDate: 0,
      actualToDate: 5_000,
      variance: 5_000,
      burn: null,
    });
  });

  it('works month by month for a monthly model', () => {
    const r = ok(
      run([entry('2026-01', 'cost', 'INFERENCE', 2_000), entry('2026-02', 'cost', 'INFERENCE', 2_500)], '2026-02', {
        periodicity: 'monthly',
      }),
    );
    expect(r.periods).toHaveLength(25);
    expect(r.periods[1]).toMatchObject({ label: '2026-01', fromMonth: '2026-01', toMonth: '2026-01', state: 'past' });
    expect(r.periods[1]!.plannedCost).toBeCloseTo(2_000, 9);
    expect(r.periods[1]!.costVariance).toBeCloseTo(0, 9);
    expect(r.periods[2]).toMatchObject({ state: 'current', actualCost: 2_500 });
    expect(r.periods[3]!.state).toBe('future');
    expect(r.totals.plannedCostToDate).toBeCloseTo(124_000, 9);
  });
});

describe('which scenario is the plan', () => {
  const s = (id: number, kind: 'baseline' | 'approved' | 'current' | 'what_if', updatedAt = '2026-01-01') => ({
    id,
    name: `S${id}`,
    kind,
    updatedAt,
  });
  it('prefers approved, then current, then baseline, then the latest what-if', () => {
    expect(preferredPlan([s(1, 'baseline'), s(2, 'current'), s(3, 'approved')])?.id).toBe(3);
    expect(preferredPlan([s(1, 'baseline'), s(2, 'current')])?.id).toBe(2);
    expect(preferredPlan([s(1, 'what_if', '2026-02-01'), s(2, 'baseline')])?.id).toBe(2);
    expect(preferredPlan([s(1, 'what_if', '2026-02-01'), s(2, 'what_if', '2026-01-01')])?.id).toBe(1);
    expect(preferredPlan([])).toBeNull();
  });
});

describe('entry input', () => {
  const valid = { initiativeId: 1, month: '2026-03', side: 'cost', category: 'INFERENCE', amount: 10 } as const;
  const issues = (input: unknown) => {
    const r = actualSaveInput.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  };
  it('accepts 0 and refuses negative, NaN and infinite amounts', () => {
    expect(issues({ ...valid, amount: 0 })).toEqual([]);
    expect(issues({ ...valid, amount: -0.01 })).toEqual([{ path: 'amount', message: 'Amount must be 0 or more' }]);
    expect(issues({ ...valid, amount: Number.NaN })[0]?.path).toBe('amount');
    expect(issues({ ...valid, amount: Number.POSITIVE_INFINITY })[0]?.path).toBe('amount');
  });
  it('asks for a month like 2026-03', () => {
    for (const month of ['2026-13', '2026-00', '2026-3', 'March', '']) {
      expect(issues({ ...valid, month })).toEqual([{ path: 'month', message: 'Use a month like 2026-03' }]);
    }
  });
  it('wants the category to match the side', () => {
    expect(issues({ ...valid, category: 'TIME_SAVINGS' })).toEqual([
      { path: 'category', message: 'Choose a cost category' },
    ]);
    expect(issues({ ...valid, side: 'benefit', category: 'INFERENCE' })).toEqual([
      { path: 'category', message: 'Choose a benefit type' },
    ]);
    expect(issues({ ...valid, side: 'benefit', category: 'TIME_SAVINGS' })).toEqual([]);
  });
});
