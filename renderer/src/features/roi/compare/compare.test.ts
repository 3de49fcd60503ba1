import { describe, expect, it } from 'vitest';
import { evaluateModel } from '../../../../../shared/domain/roi/model';
import type { RoiModel } from '../../../../../shared/domain/roi/schema';
import { SUPPORT_ASSISTANT_TEMPLATE } from '../../../../../shared/domain/roi/templates';
import type { RoiScenarioDetail } from '../../../../../shared/domain/roiScenario';
import type { ChartPalette } from '../../../components/charts/useEChart';
import {
  cashFlowOption,
  difference,
  driverDifferences,
  figuresOf,
  FIGURE_ROWS,
  lineDifferences,
  type FigureRow,
} from './compare';

function detail(id: number, model: RoiModel): RoiScenarioDetail {
  const evaluation = evaluateModel(model);
  const u = evaluation.ok ? evaluation.unadjusted : null;
  return {
    scenario: {
      id,
      initiativeId: 1,
      name: `S${id}`,
      kind: 'what_if',
      horizonYears: model.horizonYears,
      npv: u?.cashFlow.npv ?? 0,
      roi: u?.cashFlow.roi ?? null,
      irr: u?.annualIrr ?? null,
      pvCosts: u?.cashFlow.pvCosts ?? 0,
      pvBenefits: u?.cashFlow.pvBenefits ?? 0,
      paybackMonths: u?.paybackMonths ?? null,
      npvRiskAdjusted: evaluation.ok ? evaluation.riskAdjusted.cashFlow.npv : 0,
      roiRiskAdjusted: null,
      paybackMonthsRiskAdjusted: null,
      initialCost: 1000,
      warnings: 0,
      createdAt: '2026-11-01T00:00:00Z',
      updatedAt: '2026-11-01T00:00:00Z',
    },
    model,
    evaluation,
  };
}

const row = (key: FigureRow['key']) => FIGURE_ROWS.find((r) => r.key === key)!;

describe('figuresOf', () => {
  it('reads the evaluation of a valid model', () => {
    const d = detail(1, SUPPORT_ASSISTANT_TEMPLATE);
    const f = figuresOf(d);
    if (!d.evaluation.ok) throw new Error('template invalid');
    expect(f.npv).toBe(d.evaluation.unadjusted.cashFlow.npv);
    expect(f.npvRiskAdjusted).toBe(d.evaluation.riskAdjusted.cashFlow.npv);
    expect(f.discountedPaybackMonths).toBe(d.evaluation.unadjusted.discountedPaybackMonths);
    expect(f.horizonYears).toBe(SUPPORT_ASSISTANT_TEMPLATE.horizonYears);
    expect(f.initialCost).toBe(1000);
  });
  it('falls back to the stored summary when the model has errors', () => {
    const broken = structuredClone(SUPPORT_ASSISTANT_TEMPLATE);
    broken.drivers[0]!.low = broken.drivers[0]!.high + 1;
    const d = detail(2, broken);
    d.scenario.npv = 1234;
    d.scenario.irr = Number.NaN;
    expect(d.evaluation.ok).toBe(false);
    const f = figuresOf(d);
    expect(f.npv).toBe(1234);
    expect(f.irr).toBeNull();
    expect(f.discountedPaybackMonths).toBeNull();
  });
});

describe('difference', () => {
  it('colours by which way is better', () => {
    expect(difference(row('npv'), 100, 150)).toEqual({ text: '+$50', tone: 'better' });
    expect(difference(row('npv'), 100, 40)).toEqual({ text: '\u2212$60', tone: 'worse' });
    expect(difference(row('pvCosts'), 100, 150)).toEqual({ text: '+$50', tone: 'worse' });
    expect(difference(row('paybackMonths'), 20, 14)).toEqual({ text: '\u22126.0 mo', tone: 'better' });
    expect(difference(row('roi'), 0.1, 0.15)).toEqual({ text: '+5.0 pp', tone: 'better' });
    expect(difference(row('horizonYears'), 3, 5)).toEqual({ text: '+2 y', tone: 'neutral' });
    expect(difference(row('npv'), 100, 100)).toEqual({ text: 'same', tone: 'same' });
  });
  it('treats a payback that never comes as worse, and says nothing about unknowns', () => {
    expect(difference(row('paybackMonths'), 20, null)).toEqual({ text: 'never pays back', tone: 'worse' });
    expect(difference(row('paybackMonths'), null, 20)).toEqual({ text: 'pays back', tone: 'better' });
    expect(difference(row('irr'), null, 0.2)).toBeNull();
    expect(difference(row('npv'), 1, Number.POSITIVE_INFINITY)).toBeNull();
  });
});

describe('driver and line differences', () => {
  const base = SUPPORT_ASSISTANT_TEMPLATE;
  const other = structuredClone(base);
  Object.assign(other.drivers[0]!, { low: 0.8, likely: 0.9, high: 1.1 });
  other.drivers.push({
    key: 'extra',
    label: 'Extra',
    unit: '',
    kind: 'value',
    low: 1,
    likely: 2,
    high: 3,
    distribution: 'pert',
  });
  other.costs[0]!.inputs = Object.fromEntries(
    Object.entries(other.costs[0]!.inputs).map(([k, v]) => [k, `(${v}) * 2`]),
  );
  const removed = other.benefits.pop()!;

  it('lists drivers whose likely value differs or that only some scenarios have', () => {
    const diffs = driverDifferences([base, other]);
    expect(diffs.map((d) => d.key)).toEqual([base.drivers[0]!.key, 'extra']);
    expect(diffs[0]!.likely).toEqual([base.drivers[0]!.likely, other.drivers[0]!.likely]);
    expect(diffs[1]!.likely).toEqual([null, 2]);
    expect(driverDifferences([base, structuredClone(base)])).toEqual([]);
  });
  it('lists lines only in some scenarios and lines whose totals differ', () => {
    const a = evaluateModel(base);
    const b = evaluateModel(other);
    if (!a.ok || !b.ok) throw new Error('invalid');
    const diffs = lineDifferences([a.unadjusted.lines, b.unadjusted.lines]);
    const byId = new Map(diffs.map((d) => [`${d.side}:${d.id}`, d]));
    expect(byId.get(`cost:${base.costs[0]!.id}`)?.why).toBe('total-differs');
    expect(byId.get(`benefit:${removed.id}`)).toMatchObject({ why: 'only-some', totals: [expect.any(Number), null] });
    expect(lineDifferences([a.unadjusted.lines, a.unadjusted.lines])).toEqual([]);
  });
});

describe('cashFlowOption', () => {
  const palette: ChartPalette = {
    surface: '#fff',
    text: '#111',
    muted: '#666',
    border: '#ddd',
    accent: '#05d',
    ok: '#0a0',
    warn: '#a60',
    danger: '#b00',
  };
  it('puts yearly and monthly models on one axis of years, one line each', () => {
    const o = cashFlowOption(
      [
        { name: 'Yearly', periodicity: 'yearly', cumulativeNet: [-10, 0, 10, 20] },
        { name: 'Monthly', periodicity: 'monthly', cumulativeNet: Array.from({ length: 25 }, (_, m) => m - 12) },
      ],
      palette,
    );
    const series = o.series as { name: string; data: [number, number][] }[];
    expect(series.map((s) => s.name)).toEqual(['Yearly', 'Monthly']);
    expect(series[0]!.data[3]).toEqual([3, 20]);
    expect(series[1]!.data[24]).toEqual([2, 12]);
    expect(o.xAxis).toMatchObject({ min: 0, max: 3 });
    const tip = (o.tooltip as { formatter: (p: unknown) => string }).formatter({
      seriesName: 'Monthly',
      value: [0.5, 3],
    });
    expect(tip).toBe('Monthly\nMonth 6: cumulative net $3');
  });
});
