import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { Histogram } from '../../../../../shared/domain/roi/distributions';
import type { MonteCarloResult, TornadoBar } from '../../../../../shared/domain/roi/montecarlo';
import type { ChartPalette } from '../../../components/charts/useEChart';
import { compactMoney, money, periodLabel, plainNumber, signed } from './format';

/**
 * echarts options of the Simulation panel, built from a run's result. Pure, so the tests can check what
 * each chart is asked to draw. Tooltips are drawn on the canvas (richText): echarts' HTML tooltips carry
 * inline styles the strict CSP refuses.
 */

export type SimulationChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

/** The first dataIndex of an echarts tooltip callback's params (one item or a list of them). */
export function dataIndexOf(params: unknown): number {
  const first: unknown = Array.isArray(params) ? params[0] : params;
  if (typeof first === 'object' && first !== null && 'dataIndex' in first) {
    const i = (first as { dataIndex: unknown }).dataIndex;
    if (typeof i === 'number') return i;
  }
  return -1;
}

function tooltipBase(p: ChartPalette): TooltipComponentOption {
  return {
    renderMode: 'richText',
    backgroundColor: p.surface,
    borderColor: p.border,
    textStyle: { color: p.text },
    confine: true,
  };
}

function valueAxis(p: ChartPalette) {
  return {
    type: 'value' as const,
    axisLabel: { color: p.muted, formatter: (v: number) => compactMoney(v) },
    splitLine: { lineStyle: { color: p.border } },
  };
}

/** Cumulative net cash flow per period: the P10–P90 band (a stacked pair of lines) and the P50 line. */
export function fanOption(
  fan: MonteCarloResult['fan'],
  periodicity: 'yearly' | 'monthly',
  p: ChartPalette,
): SimulationChartOption {
  const monthly = periodicity === 'monthly';
  const labels = fan.p50.map((_, t) => (monthly ? `M${t}` : `Y${t}`));
  const spread = fan.p90.map((hi, t) => hi - fan.p10[t]!);
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: {
      top: 0,
      right: 0,
      textStyle: { color: p.muted },
      data: [{ name: 'P10–P90', icon: 'rect' }, { name: 'P50 (median)' }],
    },
    tooltip: {
      ...tooltipBase(p),
      trigger: 'axis',
      formatter: (params: unknown) => {
        const t = dataIndexOf(params);
        if (t < 0) return '';
        return [
          `${periodLabel(t, periodicity)}: cumulative net`,
          `P90  ${money(fan.p90[t])}`,
          `P50  ${money(fan.p50[t])}`,
          `P10  ${money(fan.p10[t])}`,
        ].join('\n');
      },
    },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: false,
      axisLabel: { color: p.muted, interval: monthly ? 11 : 0 },
      axisLine: { lineStyle: { color: p.border } },
    },
    yAxis: valueAxis(p),
    series: [
      {
        // The band's invisible floor; the band itself stacks the P10→P90 spread on top of it.
        name: 'P10',
        type: 'line',
        data: fan.p10,
        stack: 'band',
        stackStrategy: 'all',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        silent: true,
      },
      {
        name: 'P10–P90',
        type: 'line',
        data: spread,
        stack: 'band',
        stackStrategy: 'all',
        symbol: 'none',
        lineStyle: { opacity: 0 },
        itemStyle: { color: p.accent },
        areaStyle: { color: p.accent, opacity: 0.28 },
      },
      {
        name: 'P50 (median)',
        type: 'line',
        data: fan.p50,
        symbol: monthly ? 'none' : 'circle',
        symbolSize: 6,
        itemStyle: { color: p.accent },
        lineStyle: { color: p.accent, width: 2 },
        markLine: {
          symbol: 'none',
          silent: true,
          label: { show: false },
          lineStyle: { color: p.muted, type: 'dashed' },
          data: [{ yAxis: 0 }],
        },
      },
    ],
  };
}

/** The x range the histogram's bars cover (a single-valued run gets a narrow bar of its own). */
export function histogramRange(h: Histogram): { min: number; max: number; width: number } | null {
  if (h.counts.length === 0 || h.edges.length === 0) return null;
  const first = h.edges[0]!;
  const width = h.width > 0 ? h.width : Math.max(1, Math.abs(first) * 0.02);
  const min = h.width > 0 ? first : first - width / 2;
  return { min, max: min + width * h.counts.length, width };
}

/** NPV histogram: bars by bin (losses in the danger colour), and a line at NPV = 0 when it is in range. */
export function histogramOption(h: Histogram, p: ChartPalette): SimulationChartOption {
  const range = histogramRange(h);
  const total = h.counts.reduce((a, b) => a + b, 0);
  const bins = h.counts.map((count, i) => {
    const lo = (range?.min ?? 0) + i * (range?.width ?? 0);
    const hi = lo + (range?.width ?? 0);
    return { lo, hi, count };
  });
  const zeroInRange = range !== null && range.min < 0 && range.max > 0;
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      ...tooltipBase(p),
      trigger: 'item',
      formatter: (params: unknown) => {
        const bin = bins[dataIndexOf(params)];
        if (!bin) return '';
        const share = total > 0 ? ((bin.count / total) * 100).toFixed(1) : '0.0';
        return `NPV ${money(bin.lo)} to ${money(bin.hi)}\n${bin.count.toLocaleString('en')} iterations (${share} %)`;
      },
    },
    xAxis: {
      ...valueAxis(p),
      ...(range ? { min: range.min, max: range.max } : {}),
      splitLine: { show: false },
      axisLine: { lineStyle: { color: p.border } },
      axisLabel: { color: p.muted, hideOverlap: true, formatter: (v: number) => compactMoney(v) },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: p.muted },
      splitLine: { lineStyle: { color: p.border } },
    },
    series: [
      {
        name: 'NPV',
        type: 'bar',
        barWidth: '96%',
        data: bins.map((b) => ({
          value: [(b.lo + b.hi) / 2, b.count],
          itemStyle: { color: b.hi <= 0 ? p.danger : p.accent, opacity: b.lo < 0 && b.hi > 0 ? 0.6 : 1 },
        })),
        markLine: zeroInRange
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: p.text, type: 'solid', width: 1.5 },
              label: { color: p.text, formatter: 'NPV = 0', position: 'end' },
              data: [{ xAxis: 0 }],
            }
          : undefined,
      },
    ],
  };
}

/** Driver labels of the tornado's rows: the name, then the low – high range it swings over. */
export function tornadoRowLabel(bar: TornadoBar): string {
  return `${bar.label}\n${plainNumber(bar.low)} – ${plainNumber(bar.high)}`;
}

/** A tornado axis tick: the base NPV at 0, else the change from it. */
export function tornadoTick(base: number, delta: number): string {
  return delta === 0 ? compactMoney(base) : signed(delta, compactMoney);
}

/**
 * Tornado: per driver, a bar from the base NPV to the NPV with the driver at its low, and one to its
 * high, largest swing on top. Plotted as changes from the base NPV so both bars grow from the centre line;
 * each bar's label gives the NPV itself.
 */
export function tornadoOption(
  t: { baseNpv: number; bars: readonly TornadoBar[] },
  p: ChartPalette,
  limit = 12,
): SimulationChartOption {
  const bars = t.bars.slice(0, limit);
  const base = t.baseNpv;
  const point = (npv: number) => {
    const value = npv - base;
    return { value, label: { position: value < 0 ? ('left' as const) : ('right' as const) } };
  };
  const label = {
    show: true,
    color: p.text,
    fontSize: 11,
    formatter: (params: unknown) => {
      const v = (params as { value?: unknown }).value;
      return typeof v === 'number' ? compactMoney(base + v) : '';
    },
  };
  return {
    animation: false,
    grid: { left: 8, right: 56, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, right: 0, textStyle: { color: p.muted }, data: ['Driver at low', 'Driver at high'] },
    tooltip: {
      ...tooltipBase(p),
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (params: unknown) => {
        const bar = bars[dataIndexOf(params)];
        if (!bar) return '';
        return [
          bar.label,
          `At low (${plainNumber(bar.low)}): NPV ${money(bar.npvAtLow)} (${signed(bar.npvAtLow - base, money)})`,
          `At high (${plainNumber(bar.high)}): NPV ${money(bar.npvAtHigh)} (${signed(bar.npvAtHigh - base, money)})`,
          `Swing ${money(bar.swing)}`,
        ].join('\n');
      },
    },
    // Ticks fall on round changes from the base (0 reads as the base NPV itself), so they stay legible.
    xAxis: {
      ...valueAxis(p),
      axisLabel: { color: p.muted, hideOverlap: true, formatter: (v: number) => tornadoTick(base, v) },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map(tornadoRowLabel),
      axisLabel: { color: p.text, lineHeight: 14 },
      axisTick: { show: false },
      axisLine: { show: false },
    },
    series: [
      {
        name: 'Driver at low',
        type: 'bar',
        data: bars.map((b) => point(b.npvAtLow)),
        barGap: '-100%',
        barWidth: '60%',
        itemStyle: { color: p.muted },
        label,
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: p.text, type: 'solid' },
          // The category axis is inverted, so 'start' is the top of the line, clear of the value axis labels.
          label: { color: p.text, formatter: `Base NPV ${compactMoney(base)}`, position: 'start' },
          data: [{ xAxis: 0 }],
        },
      },
      {
        name: 'Driver at high',
        type: 'bar',
        data: bars.map((b) => point(b.npvAtHigh)),
        barGap: '-100%',
        barWidth: '60%',
        itemStyle: { color: p.accent },
        label,
      },
    ],
  };
}
