import type { LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { LineRow } from '../../../../../shared/domain/roi/evaluate';
import type { RoiModel } from '../../../../../shared/domain/roi/schema';
import type { RoiScenarioDetail } from '../../../../../shared/domain/roiScenario';
import type { ChartPalette } from '../../../components/charts/useEChart';
import { compactMoney, money, months, percent, plainNumber, signed } from '../simulation/format';

/**
 * The figures, differences and chart of the scenario comparison, computed from the scenarios as `roi/get`
 * returns them. Pure, so the tests can check every difference and its direction.
 */

export interface ScenarioFigures {
  npv: number | null;
  npvRiskAdjusted: number | null;
  roi: number | null;
  irr: number | null;
  paybackMonths: number | null;
  discountedPaybackMonths: number | null;
  pvCosts: number | null;
  pvBenefits: number | null;
  initialCost: number | null;
  horizonYears: number | null;
  annualRate: number | null;
}

const finiteOrNull = (x: number | null | undefined): number | null =>
  typeof x === 'number' && Number.isFinite(x) ? x : null;

/** From the evaluation when the model is valid; otherwise what the stored summary holds. */
export function figuresOf(detail: RoiScenarioDetail): ScenarioFigures {
  const e = detail.evaluation;
  const s = detail.scenario;
  if (e.ok) {
    const u = e.unadjusted;
    return {
      npv: finiteOrNull(u.cashFlow.npv),
      npvRiskAdjusted: finiteOrNull(e.riskAdjusted.cashFlow.npv),
      roi: finiteOrNull(u.cashFlow.roi),
      irr: finiteOrNull(u.annualIrr),
      paybackMonths: finiteOrNull(u.paybackMonths),
      discountedPaybackMonths: finiteOrNull(u.discountedPaybackMonths),
      pvCosts: finiteOrNull(u.cashFlow.pvCosts),
      pvBenefits: finiteOrNull(u.cashFlow.pvBenefits),
      initialCost: finiteOrNull(s.initialCost),
      horizonYears: e.horizonYears,
      annualRate: finiteOrNull(e.annualRate),
    };
  }
  return {
    npv: finiteOrNull(s.npv),
    npvRiskAdjusted: finiteOrNull(s.npvRiskAdjusted),
    roi: finiteOrNull(s.roi),
    irr: finiteOrNull(s.irr),
    paybackMonths: finiteOrNull(s.paybackMonths),
    discountedPaybackMonths: null,
    pvCosts: finiteOrNull(s.pvCosts),
    pvBenefits: finiteOrNull(s.pvBenefits),
    initialCost: finiteOrNull(s.initialCost),
    horizonYears: detail.model.horizonYears,
    annualRate: finiteOrNull(detail.model.discountRate),
  };
}

export type Direction = 'higher' | 'lower' | null;

export interface FigureRow {
  key: keyof ScenarioFigures;
  label: string;
  /** Which way is better; null when neither is (horizon, rate). */
  better: Direction;
  format: (v: number | null) => string;
  /** A difference: money, percentage points, months, years. */
  formatDiff: (d: number) => string;
}

const pp = (d: number) => signed(d * 100, (v) => `${v.toFixed(1)} pp`);
const moneyDiff = (d: number) => signed(d, money);

export const FIGURE_ROWS: readonly FigureRow[] = [
  { key: 'npv', label: 'NPV', better: 'higher', format: money, formatDiff: moneyDiff },
  { key: 'npvRiskAdjusted', label: 'Risk-adjusted NPV', better: 'higher', format: money, formatDiff: moneyDiff },
  { key: 'roi', label: 'ROI', better: 'higher', format: (v) => percent(v), formatDiff: pp },
  { key: 'irr', label: 'IRR', better: 'higher', format: (v) => percent(v), formatDiff: pp },
  {
    key: 'paybackMonths',
    label: 'Payback',
    better: 'lower',
    format: (v) => (v === null ? 'never' : months(v)),
    formatDiff: (d) => signed(d, (v) => `${v.toFixed(1)} mo`),
  },
  {
    key: 'discountedPaybackMonths',
    label: 'Discounted payback',
    better: 'lower',
    format: (v) => (v === null ? 'never' : months(v)),
    formatDiff: (d) => signed(d, (v) => `${v.toFixed(1)} mo`),
  },
  { key: 'pvCosts', label: 'PV of costs', better: 'lower', format: money, formatDiff: moneyDiff },
  { key: 'pvBenefits', label: 'PV of benefits', better: 'higher', format: money, formatDiff: moneyDiff },
  { key: 'initialCost', label: 'Initial cost (year 0)', better: 'lower', format: money, formatDiff: moneyDiff },
  {
    key: 'horizonYears',
    label: 'Horizon',
    better: null,
    format: (v) => (v === null ? '—' : `${v} ${v === 1 ? 'year' : 'years'}`),
    formatDiff: (d) => signed(d, (v) => `${v} y`),
  },
  { key: 'annualRate', label: 'Discount rate', better: null, format: (v) => percent(v), formatDiff: pp },
];

export type Tone = 'better' | 'worse' | 'same' | 'neutral';

export interface Difference {
  text: string;
  tone: Tone;
}

/**
 * A value against the reference column. Null when there is nothing to say (the reference itself, or a
 * figure unknown on either side). A payback that never comes is worse than any payback that does.
 */
export function difference(row: FigureRow, reference: number | null, value: number | null): Difference | null {
  const isPayback = row.key === 'paybackMonths' || row.key === 'discountedPaybackMonths';
  if (isPayback && reference === null && value !== null) return { text: 'pays back', tone: 'better' };
  if (isPayback && reference !== null && value === null) return { text: 'never pays back', tone: 'worse' };
  if (reference === null || value === null) return null;
  const d = value - reference;
  if (!Number.isFinite(d)) return null;
  const scale = Math.max(Math.abs(reference), Math.abs(value), 1);
  if (Math.abs(d) <= 1e-9 * scale) return { text: 'same', tone: 'same' };
  const tone: Tone = row.better === null ? 'neutral' : d > 0 === (row.better === 'higher') ? 'better' : 'worse';
  return { text: row.formatDiff(d), tone };
}

export interface DriverDifference {
  key: string;
  label: string;
  unit: string;
  /** The likely value in each scenario (series drivers: their multiplier); null where the driver is absent. */
  likely: (number | null)[];
  /** Series drivers whose base per year differs, though the multiplier may not. */
  seriesDiffers: boolean;
}

/** Drivers whose likely value (or, for series, base per year) differs, or that exist in only some scenarios. */
export function driverDifferences(models: readonly RoiModel[]): DriverDifference[] {
  const keys: string[] = [];
  for (const m of models) for (const d of m.drivers) if (!keys.includes(d.key)) keys.push(d.key);
  const out: DriverDifference[] = [];
  for (const key of keys) {
    const found = models.map((m) => m.drivers.find((d) => d.key === key) ?? null);
    const likely = found.map((d) => (d ? d.likely : null));
    const series = found.map((d) => (d && d.kind === 'series' ? JSON.stringify(d.perYear ?? []) : null));
    const likelyDiffers = likely.some((v) => v !== likely[0]);
    const seriesDiffers = series.some((v) => v !== series[0]);
    if (!likelyDiffers && !seriesDiffers) continue;
    const first = found.find((d) => d !== null)!;
    out.push({ key, label: first.label, unit: first.unit, likely, seriesDiffers });
  }
  return out;
}

export interface LineDifference {
  side: 'cost' | 'benefit';
  id: string;
  name: string;
  /** Total over the horizon (unadjusted) per scenario; null where the line does not exist. */
  totals: (number | null)[];
  why: 'only-some' | 'total-differs';
}

/** Lines (matched by side and id) that exist in only some scenarios, or whose totals differ. */
export function lineDifferences(lines: readonly (readonly LineRow[])[]): LineDifference[] {
  const order: { side: 'cost' | 'benefit'; id: string; name: string }[] = [];
  const seen = new Set<string>();
  for (const rows of lines) {
    for (const r of rows) {
      const k = `${r.side}:${r.id}`;
      if (seen.has(k)) continue;
      seen.add(k);
      order.push({ side: r.side, id: r.id, name: r.name });
    }
  }
  const out: LineDifference[] = [];
  for (const { side, id, name } of order) {
    const totals = lines.map((rows) => {
      const row = rows.find((r) => r.side === side && r.id === id);
      return row ? finiteOrNull(row.total) : null;
    });
    const present = lines.map((rows) => rows.some((r) => r.side === side && r.id === id));
    if (present.some((p) => !p)) {
      out.push({ side, id, name, totals, why: 'only-some' });
      continue;
    }
    const ref = totals[0] ?? null;
    const differs = totals.some((t) => {
      if (t === null || ref === null) return t !== ref;
      return Math.abs(t - ref) > 1e-9 * Math.max(1, Math.abs(ref), Math.abs(t));
    });
    if (differs) out.push({ side, id, name, totals, why: 'total-differs' });
  }
  return out;
}

export function driverValue(d: DriverDifference, v: number | null): string {
  if (v === null) return 'absent';
  return `${plainNumber(v)}${d.unit ? ` ${d.unit}` : ''}`;
}

export type CompareChartOption = ComposeOption<
  LineSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption
>;

export interface CashFlowSeries {
  name: string;
  periodicity: 'yearly' | 'monthly';
  cumulativeNet: readonly number[];
}

/** Series colours, in column order; they repeat past the palette's length. */
export function seriesColours(p: ChartPalette): string[] {
  return [p.accent, p.ok, p.warn, p.danger, p.text, p.muted];
}

/**
 * One cumulative net cash-flow line per scenario on a shared axis of years, so yearly and monthly models
 * and different horizons line up (month m sits at year m / 12).
 */
export function cashFlowOption(series: readonly CashFlowSeries[], p: ChartPalette): CompareChartOption {
  const colours = seriesColours(p);
  const maxYears = Math.max(
    1,
    ...series.map((s) =>
      s.periodicity === 'monthly' ? (s.cumulativeNet.length - 1) / 12 : s.cumulativeNet.length - 1,
    ),
  );
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, textStyle: { color: p.muted }, type: 'plain' },
    tooltip: {
      trigger: 'item',
      renderMode: 'richText',
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text },
      confine: true,
      formatter: (params: unknown) => {
        const item = params as { seriesName?: string; value?: unknown };
        const v = Array.isArray(item.value) ? item.value : [];
        const x = typeof v[0] === 'number' ? v[0] : null;
        const y = typeof v[1] === 'number' ? v[1] : null;
        if (x === null) return '';
        const when = Number.isInteger(x) ? `Year ${x}` : `Month ${Math.round(x * 12)}`;
        return `${item.seriesName ?? ''}\n${when}: cumulative net ${money(y)}`;
      },
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: Math.ceil(maxYears),
      interval: 1,
      axisLabel: { color: p.muted, formatter: (v: number) => `Y${v}` },
      axisLine: { lineStyle: { color: p.border } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: p.muted, formatter: (v: number) => compactMoney(v) },
      splitLine: { lineStyle: { color: p.border } },
    },
    series: series.map((s, i) => ({
      name: s.name,
      type: 'line' as const,
      data: s.cumulativeNet.map((y, t) => [s.periodicity === 'monthly' ? t / 12 : t, y]),
      symbol: s.periodicity === 'monthly' ? 'none' : 'circle',
      symbolSize: 6,
      itemStyle: { color: colours[i % colours.length] },
      lineStyle: { color: colours[i % colours.length], width: 2, type: i >= colours.length ? 'dashed' : 'solid' },
      markLine:
        i === 0
          ? {
              symbol: 'none',
              silent: true,
              label: { show: false },
              lineStyle: { color: p.muted, type: 'dashed' },
              data: [{ yAxis: 0 }],
            }
          : undefined,
    })),
  };
}
