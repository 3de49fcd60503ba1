import { useMemo } from 'react';
// Only what this chart draws, so the bundle carries bars and a line, not all of echarts.
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
import type { ModelView } from '../../../../../shared/domain/roi/evaluate';
import { useChartPalette, useEChart, type ChartPalette } from '../../../components/charts/useEChart';
import { formatMoney, formatMoneyCompact } from '../roiFormat';

registerEcharts([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>;

/** "Y0", "Y1"… or, for monthly models, "M0", "M1"… (month 0 is the initial investment). */
export function periodLabels(count: number, monthly: boolean): string[] {
  return Array.from({ length: count }, (_, t) => (monthly ? `M${t}` : `Y${t}`));
}

export function cashFlowOption(view: ModelView, monthly: boolean, p: ChartPalette): Option {
  const labels = periodLabels(view.net.length, monthly);
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { color: p.text }, data: ['Net cash flow', 'Cumulative'] },
    // Drawn on the canvas (richText): HTML tooltips carry inline styles the CSP refuses.
    tooltip: {
      trigger: 'axis',
      renderMode: 'richText',
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text },
      valueFormatter: (v) => formatMoney(typeof v === 'number' ? v : Number(v)),
    },
    xAxis: {
      type: 'category',
      data: labels,
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
        name: 'Net cash flow',
        // The series colour is the legend's; each bar then says by its colour whether it is in the red.
        itemStyle: { color: p.accent },
        data: view.net.map((x) => ({ value: x, itemStyle: { color: x < 0 ? p.danger : p.accent } })),
        barMaxWidth: 48,
      },
      {
        type: 'line',
        name: 'Cumulative',
        data: view.cumulativeNet,
        symbolSize: monthly ? 3 : 7,
        itemStyle: { color: p.ok },
        lineStyle: { color: p.ok, width: 2 },
      },
    ],
  };
}

/** Net cash flow per period as bars and the cumulative net as a line. */
export function CashFlowChart({ view, monthly, label }: { view: ModelView; monthly: boolean; label: string }) {
  const palette = useChartPalette();
  const option = useMemo(() => cashFlowOption(view, monthly, palette), [view, monthly, palette]);
  const { ref } = useEChart(option);
  return <div ref={ref} className="roi-chart" role="img" aria-label={label} data-testid="roi-cashflow-chart" />;
}
