import { useMemo } from 'react';
// Only what this chart draws: bars and lines, not all of echarts.
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { use as registerEcharts, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { PlanVsActualPeriod } from '../../../../../shared/domain/roiActuals';
import { useChartPalette, useEChart, type ChartPalette } from '../../../components/charts/useEChart';
import { formatMoney, formatMoneyCompact } from '../roiFormat';

registerEcharts([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** Short axis labels: "Y0"… for yearly plans, the month for monthly ones ("Before" for period 0). */
export function axisLabels(periods: readonly PlanVsActualPeriod[], monthly: boolean): string[] {
  return periods.map((p) => (p.index === 0 ? 'Before' : monthly ? (p.fromMonth ?? p.label) : `Y${p.index}`));
}

export const SERIES = {
  plannedCost: 'Planned cost',
  actualCost: 'Actual cost',
  cumPlannedCost: 'Cumulative planned cost',
  cumActualCost: 'Cumulative actual cost',
  cumPlannedBenefit: 'Cumulative planned benefit',
  cumRealised: 'Cumulative realised benefit',
} as const;

export function planVsActualOption(periods: readonly PlanVsActualPeriod[], monthly: boolean, p: ChartPalette): Option {
  const line = (name: string, data: (number | null)[], color: string, dashed: boolean): LineSeriesOption => ({
    type: 'line',
    name,
    data,
    // Lines of what is still to come stop where "to date" stops: null leaves a gap, not a drop to zero.
    connectNulls: false,
    symbolSize: monthly ? 3 : 6,
    itemStyle: { color },
    lineStyle: { color, width: 2, type: dashed ? 'dashed' : 'solid' },
  });
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: p.text }, itemGap: 12 },
    // Drawn on the canvas (richText): HTML tooltips carry inline styles the CSP refuses.
    tooltip: {
      trigger: 'axis',
      renderMode: 'richText',
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text },
      valueFormatter: (v) => (typeof v === 'number' ? formatMoney(v) : '—'),
    },
    xAxis: {
      type: 'category',
      data: axisLabels(periods, monthly),
      axisLabel: { color: p.muted, hideOverlap: true },
      axisLine: { lineStyle: { color: p.border } },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: p.muted, formatter: (v: number) => formatMoneyCompact(v) },
      splitLine: { lineStyle: { color: p.border } },
    },
    series: [
      {
        type: 'bar',
        name: SERIES.plannedCost,
        data: periods.map((x) => x.plannedCost),
        itemStyle: { color: p.muted, opacity: 0.45 },
        barMaxWidth: 32,
      },
      {
        type: 'bar',
        name: SERIES.actualCost,
        // Bars of periods to come stay empty rather than showing a zero.
        data: periods.map((x) => (x.state === 'future' ? null : x.actualCost)),
        itemStyle: { color: p.accent },
        barMaxWidth: 32,
      },
      line(
        SERIES.cumPlannedCost,
        periods.map((x) => x.cumulativePlannedCost),
        p.muted,
        true,
      ),
      line(
        SERIES.cumActualCost,
        periods.map((x) => x.cumulativeActualCost),
        p.danger,
        false,
      ),
      line(
        SERIES.cumPlannedBenefit,
        periods.map((x) => x.cumulativePlannedBenefit),
        p.ok,
        true,
      ),
      line(
        SERIES.cumRealised,
        periods.map((x) => x.cumulativeRealisedBenefit),
        p.ok,
        false,
      ),
    ],
  };
}

/** Planned and actual cost per period (bars) with the cumulative cost and benefit lines, plan dashed. */
export function PlanVsActualChart({
  periods,
  monthly,
  label,
}: {
  periods: readonly PlanVsActualPeriod[];
  monthly: boolean;
  label: string;
}) {
  const palette = useChartPalette();
  const option = useMemo(() => planVsActualOption(periods, monthly, palette), [periods, monthly, palette]);
  const { ref } = useEChart(option);
  return <div ref={ref} className="pva-chart" role="img" aria-label={label} data-testid="pva-chart" />;
}
