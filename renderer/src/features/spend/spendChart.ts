import { LineChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { use as registerEcharts, type EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartPalette } from '../../components/charts/useEChart';
import { formatAxis, formatMetric } from '../monitoring/metricFormat';
import type { SpendGroup } from './spendModel';

registerEcharts([
  LineChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Eleven mid-tone hues readable on the light and the dark surface; "Other" is grey. */
const COLORS = [
  '#4e9fd6',
  '#e8a33d',
  '#59a14f',
  '#e15759',
  '#b07aa1',
  '#2bb3a3',
  '#f28e2b',
  '#9c755f',
  '#76b7b2',
  '#d37295',
  '#bab0ac',
];

const dayLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });

function todaySoFar(days: readonly string[], p: ChartPalette) {
  return {
    silent: true,
    itemStyle: { color: p.border, opacity: 0.45 },
    label: { show: true, position: 'insideTopRight', formatter: 'today so far', color: p.muted, fontFamily: FONT },
    data: [[{ xAxis: days[days.length - 2] }, { xAxis: days[days.length - 1] }]],
  };
}

/** Daily spend stacked by group; the title is on the canvas so an exported PNG carries it. */
export function spendOption(
  days: readonly string[],
  groups: readonly SpendGroup[],
  subtitle: string,
  p: ChartPalette,
): EChartsCoreOption {
  return {
    animation: false,
    color: groups.map((g, i) => (g.key === '__other' ? p.muted : (COLORS[i % COLORS.length] ?? p.accent))),
    title: {
      text: 'Spend per day',
      subtext: subtitle,
      left: 4,
      top: 2,
      itemGap: 6,
      textStyle: { color: p.text, fontSize: 14, lineHeight: 18, fontWeight: 600, fontFamily: FONT },
      subtextStyle: { color: p.muted, fontSize: 11.5, lineHeight: 15, fontFamily: FONT },
    },
    legend: {
      // One line whatever the names' lengths (arrows page through the rest), so it never runs into the plot.
      type: 'scroll',
      right: 8,
      pageTextStyle: { color: p.muted },
      pageIconColor: p.accent,
      pageIconInactiveColor: p.border,
      top: 48,
      left: 4,
      itemWidth: 12,
      itemHeight: 10,
      textStyle: { color: p.text, fontFamily: FONT },
    },
    // containLabel: the axis labels sit inside the canvas, not cut off at its bottom and left edges.
    grid: { left: 8, right: 16, top: 84, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      renderMode: 'richText',
      backgroundColor: p.surface,
      borderColor: p.border,
      borderWidth: 1,
      textStyle: { color: p.text, fontSize: 12, fontFamily: FONT },
      confine: true,
      valueFormatter: (v: unknown) => formatMetric(typeof v === 'number' ? v : null, 'usd'),
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: days,
      axisLabel: {
        color: p.muted,
        hideOverlap: true,
        formatter: (d: string) => dayLabel.format(new Date(`${d}T00:00:00Z`)),
      },
      axisLine: { lineStyle: { color: p.border } },
    },
    yAxis: {
      type: 'value',
      axisLabel: { color: p.muted, formatter: (v: number) => formatAxis(v, 'usd'), fontFamily: FONT },
      splitLine: { lineStyle: { color: p.border } },
    },
    series: groups.map((g, i) => ({
      type: 'line',
      name: g.label,
      stack: 'spend',
      showSymbol: false,
      areaStyle: { opacity: 0.55 },
      lineStyle: { width: 1 },
      emphasis: { focus: 'series' },
      data: g.daily,
      // The last day is today, still counting: shaded and named, so its drop does not read as a fall in spend.
      ...(i === 0 && days.length > 1 ? { markArea: todaySoFar(days, p) } : {}),
    })),
  };
}
