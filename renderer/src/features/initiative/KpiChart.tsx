import { useMemo } from 'react';
// Only what this chart draws, so the bundle carries a line chart, not all of echarts.
import { LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  MarkLineComponent,
  TooltipComponent,
  type GridComponentOption,
  type MarkLineComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { use as registerEcharts, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { KpiWithMeasurements } from '../../../../shared/domain/kpi';
import { useChartPalette, useEChart, type ChartPalette } from '../../components/charts/useEChart';

registerEcharts([LineChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<LineSeriesOption | GridComponentOption | MarkLineComponentOption | TooltipComponentOption>;

const monthFormat = new Intl.DateTimeFormat('en', { month: 'short', year: '2-digit', timeZone: 'UTC' });
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** The span from baseline to target (widened to any measurement outside it), so progress reads against the plan. */
function span(kpi: KpiWithMeasurements): { min: number; max: number } | null {
  const days = [kpi.baselineDate, kpi.targetDate, ...kpi.measurements.map((m) => m.periodEnd)]
    .filter((d): d is string => d !== null)
    .map(day);
  if (days.length === 0) return null;
  const min = Math.min(...days);
  const max = Math.max(...days);
  // One day alone would make a zero-width axis; give it a month either side.
  return min === max ? { min: min - 30 * 86_400_000, max: max + 30 * 86_400_000 } : { min, max };
}

/** Rounds the range out to a readable step so the axis labels stay short. */
function niceRange({ min, max }: { min: number; max: number }): { min: number; max: number } {
  const step = 10 ** Math.floor(Math.log10(max - min));
  return { min: Math.floor(min / step) * step, max: Math.ceil(max / step) * step };
}

/** The value range that shows every measurement and both marks (echarts fits the series only). */
function valueRange(kpi: KpiWithMeasurements): { min: number; max: number } {
  const values = [kpi.baselineValue, kpi.targetValue, ...kpi.measurements.map((m) => m.value)].filter(
    (v): v is number => v !== null,
  );
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = (hi - lo) * 0.1 || Math.abs(hi) * 0.1 || 1;
  return { min: lo - pad, max: hi + pad };
}

export function chartOption(kpi: KpiWithMeasurements, p: ChartPalette): Option {
  const marks: NonNullable<LineSeriesOption['markLine']>['data'] = [];
  if (kpi.baselineValue !== null) {
    marks.push({ name: 'Baseline', yAxis: kpi.baselineValue, lineStyle: { color: p.muted, type: 'dashed' } });
  }
  if (kpi.targetValue !== null) {
    marks.push({ name: 'Target', yAxis: kpi.targetValue, lineStyle: { color: p.ok, type: 'solid', width: 2 } });
  }
  return {
    animation: false,
    grid: { left: 8, right: 56, top: 12, bottom: 8, containLabel: true },
    // Drawn on the canvas (richText): HTML tooltips carry inline styles the CSP refuses.
    tooltip: {
      trigger: 'axis',
      renderMode: 'richText',
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text },
    },
    xAxis: {
      type: 'time',
      ...span(kpi),
      axisLabel: { color: p.muted, hideOverlap: true, formatter: (v: number) => monthFormat.format(v) },
      axisLine: { lineStyle: { color: p.border } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      ...niceRange(valueRange(kpi)),
      axisLabel: { color: p.muted },
      splitLine: { lineStyle: { color: p.border } },
    },
    series: [
      {
        type: 'line',
        name: kpi.name,
        data: kpi.measurements.map((m) => [m.periodEnd, m.value]),
        symbolSize: 6,
        itemStyle: { color: p.accent },
        lineStyle: { color: p.accent, width: 2 },
        markLine: {
          symbol: 'none',
          silent: true,
          label: { color: p.text, formatter: '{b}', position: 'end' },
          data: marks,
        },
      },
    ],
  };
}

/** A KPI's measurements as a line, with its baseline and target as horizontal marks. */
export function KpiChart({ kpi }: { kpi: KpiWithMeasurements }) {
  const palette = useChartPalette();
  const option = useMemo(() => chartOption(kpi, palette), [kpi, palette]);
  const { ref } = useEChart(option);

  const latest = kpi.measurements.at(-1);
  return (
    <div
      ref={ref}
      className="kpi-chart"
      role="img"
      aria-label={`${kpi.name}: ${kpi.measurements.length} measurements${latest ? `, latest ${latest.value} on ${latest.periodEnd}` : ''}`}
      data-testid="kpi-chart"
    />
  );
}
