import { describe, expect, it } from 'vitest';
import type { RoiPoint } from '../../../../shared/domain/roiPortfolio';
import {
  filterPoints,
  groupTotals,
  jitter,
  npvWaterfall,
  ratio,
  riskX,
  topAndBottom,
  totalsOf,
  NO_BUSINESS_UNIT,
} from './aggregate';

let nextId = 1;
function point(over: Partial<RoiPoint>): RoiPoint {
  const id = nextId++;
  return {
    initiativeId: id,
    name: `Initiative ${id}`,
    phase: 'STRATEGY',
    businessUnit: 'Finance',
    type: 'copilot',
    riskTier: 'minimal',
    scenarioId: id,
    scenarioName: 'Baseline',
    npv: 0,
    npvRiskAdjusted: 0,
    pvCosts: 0,
    pvBenefits: 0,
    roi: null,
    paybackMonths: null,
    initialCost: 0,
    actualCost: 0,
    realisedValue: 0,
    ...over,
  };
}

const points = [
  point({ npv: 500, npvRiskAdjusted: 400, pvCosts: 100, pvBenefits: 600, phase: 'STRATEGY', businessUnit: 'Finance' }),
  point({
    npv: -200,
    npvRiskAdjusted: -250,
    pvCosts: 300,
    pvBenefits: 100,
    phase: 'DEVELOP_VALIDATE',
    type: 'chatbot',
  }),
  point({ npv: 50, npvRiskAdjusted: 30, pvCosts: 20, pvBenefits: 70, phase: 'STRATEGY', businessUnit: 'HR' }),
  point({ npv: 1000, npvRiskAdjusted: 900, pvCosts: 400, pvBenefits: 1400, phase: 'SCALE_OPTIMIZE', businessUnit: '' }),
  point({ npv: 10, npvRiskAdjusted: 5, pvCosts: 5, pvBenefits: 15, actualCost: 3, realisedValue: 7 }),
];

describe('totals and groups', () => {
  it('sums every figure, and the groups add up to the totals whatever the grouping', () => {
    const t = totalsOf(points);
    expect(t).toEqual({
      key: 'portfolio',
      count: 5,
      npv: 1360,
      npvRiskAdjusted: 1085,
      pvCosts: 825,
      pvBenefits: 2185,
      actualCost: 3,
      realisedValue: 7,
    });
    for (const by of ['phase', 'businessUnit', 'type'] as const) {
      const groups = groupTotals(points, by);
      expect(groups.reduce((s, g) => s + g.npv, 0)).toBe(t.npv);
      expect(groups.reduce((s, g) => s + g.pvCosts, 0)).toBe(t.pvCosts);
      expect(groups.reduce((s, g) => s + g.count, 0)).toBe(t.count);
    }
  });

  it('orders phases as the roadmap does and ranks the other groupings by NPV', () => {
    expect(groupTotals(points, 'phase').map((g) => g.key)).toEqual(['STRATEGY', 'DEVELOP_VALIDATE', 'SCALE_OPTIMIZE']);
    expect(groupTotals(points, 'businessUnit').map((g) => [g.key, g.npv])).toEqual([
      [NO_BUSINESS_UNIT, 1000],
      ['Finance', 310],
      ['HR', 50],
    ]);
  });

  it('filters by phase and business unit, and the totals follow', () => {
    const strategy = filterPoints(points, { phase: 'STRATEGY', businessUnit: null });
    expect(strategy).toHaveLength(3);
    expect(totalsOf(strategy).npv).toBe(560);
    const strategyFinance = filterPoints(points, { phase: 'STRATEGY', businessUnit: 'Finance' });
    expect(totalsOf(strategyFinance).npv).toBe(510);
    expect(filterPoints(points, { phase: null, businessUnit: '' }).map((p) => p.npv)).toEqual([1000]);
    expect(filterPoints(points, { phase: null, businessUnit: null })).toBe(points);
    expect(totalsOf(filterPoints(points, { phase: 'MONITOR_OBSERVE', businessUnit: null })).count).toBe(0);
  });

  it('never turns a non-finite figure into NaN totals', () => {
    expect(totalsOf([point({ npv: Number.NaN, pvCosts: Infinity })])).toMatchObject({ npv: 0, pvCosts: 0 });
  });

  it('ratio is null rather than Infinity or NaN', () => {
    expect(ratio(50, 100)).toBe(0.5);
    expect(ratio(50, 0)).toBeNull();
    expect(ratio(50, -1)).toBeNull();
    expect(ratio(Number.NaN, 5)).toBeNull();
  });
});

describe('top and bottom', () => {
  it('lists the best first and the worst first, without repeating an initiative', () => {
    const { top, bottom } = topAndBottom(points, 2);
    expect(top.map((p) => p.npv)).toEqual([1000, 500]);
    expect(bottom.map((p) => p.npv)).toEqual([-200, 10]);
    const few = topAndBottom(points, 4);
    expect(few.top).toHaveLength(4);
    expect(few.bottom.map((p) => p.npv)).toEqual([-200]);
  });
});

describe('NPV waterfall', () => {
  it('climbs through the positives, falls through the negatives and ends at the total', () => {
    const steps = npvWaterfall(points, 3);
    expect(steps.map((s) => [s.label, s.kind, s.value])).toEqual([
      [points[3]!.name, 'up', 1000],
      [points[0]!.name, 'up', 500],
      ['Others (2)', 'others', 60],
      [points[1]!.name, 'down', -200],
      ['Portfolio NPV', 'total', 1360],
    ]);
    for (let i = 1; i < steps.length - 1; i++) expect(steps[i]!.from).toBe(steps[i - 1]!.to);
    expect(steps.at(-2)!.to).toBe(1360);
    expect(steps.at(-1)).toMatchObject({ from: 0, to: 1360 });
  });

  it('names a lone leftover instead of hiding it in "Others (1)", and can use the risk-adjusted figure', () => {
    const steps = npvWaterfall(points, 4, (p) => p.npvRiskAdjusted);
    expect(steps.some((s) => s.kind === 'others')).toBe(false);
    expect(steps).toHaveLength(6);
    expect(steps.at(-1)!.value).toBe(1085);
  });

  it('is empty without points', () => {
    expect(npvWaterfall([], 10)).toEqual([]);
  });
});

describe('risk position', () => {
  it('keeps each tier in its band and moves higher purgatory scores right', () => {
    const id = 42;
    const minimal = riskX('minimal', 0, id);
    expect(minimal).toBeGreaterThanOrEqual(-0.4);
    expect(minimal).toBeLessThan(0.4);
    expect(riskX('minimal', 30, id)).toBeGreaterThan(minimal);
    expect(riskX('minimal', 1e9, id)).toBeLessThanOrEqual(0.4);
    expect(riskX('high', 5, id)).toBeGreaterThan(1.6);
    expect(riskX('high', 5, id)).toBeLessThan(2.4);
    expect(riskX('unclassified', Number.NaN, id)).toBeGreaterThanOrEqual(3.6);
  });

  it('jitter is deterministic and spread over [0, 1)', () => {
    const values = Array.from({ length: 1000 }, (_, i) => jitter(i + 1));
    expect(jitter(7)).toBe(jitter(7));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.filter((v) => v < 0.5).length).toBeGreaterThan(400);
    expect(values.filter((v) => v < 0.5).length).toBeLessThan(600);
  });
});

describe('refresh on change', () => {
  it('reads again when initiatives or any roi_* table change, not for unrelated tables', async () => {
    const { touchesRoi } = await import('./useRoiPortfolio');
    expect(touchesRoi(['initiatives'])).toBe(true);
    expect(touchesRoi(['audit_log', 'roi_scenarios'])).toBe(true);
    expect(touchesRoi(['roi_actuals'])).toBe(true);
    expect(touchesRoi(['kpis', 'people', 'signal_states'])).toBe(false);
  });
});
