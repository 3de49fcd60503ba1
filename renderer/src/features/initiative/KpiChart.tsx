import { useEffect, useRef, useState } from 'react';
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
import { init, use as registerEcharts, type ComposeOption, type EChartsType } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { KpiWithMeasurements } from '../../../../shared/domain/kpi';

registerEcharts([LineChart, GridComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<LineSeriesOption | GridComponentOption | MarkLineComponentOption | TooltipComponentOption>;

interface Palette {
  surface: string;
  text: string;
  muted: string;
  border: string;
  line: string;
  baseline: string;
  target: string;
}

/** The chart paints on a canvas, which cannot read CSS variables: take the theme's colours as they are now. */
function readPalette(): Palette {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    surface: v('--surface'),
    text: v('--text'),
    muted: v('--text-muted'),
    border: v('--border'),
    line: v('--accent'),
    baseline: v('--text-muted'),
    target: v('--ok-soft-text'),
  };
}

const DARK = '(prefers-color-scheme: dark)';

/** Re-reads the palette when the OS switches between light and dark. */
function usePalette(): Palette {
  const [palette, setPalette] = useState(readPalette);
  useEffect(() => {
    const mq = window.matchMedia(DARK);
    const onChange = () => setPalette(readPalette());
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);
  return palette;
}

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

export function chartOption(kpi: KpiWithMeasurements, p: Palette): Option {
  const marks: NonNullable<LineSeriesOption['markLine']>['data'] = [];
  if (kpi.baselineValue !== null) {
    marks.push({ name: 'Baseline', yAxis: kpi.baselineValue, lineStyle: { color: p.baseline, type: 'dashed' } });
  }
  if (kpi.targetValue !== null) {
    marks.push({ name: 'Target', yAxis: kpi.targetValue, lineStyle: { color: p.target, type: 'solid', width: 2 } });
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
        itemStyle: { color: p.line },
        lineStyle: { color: p.line, width: 2 },
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
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const palette = usePalette();

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, undefined, { renderer: 'canvas' });
    chart.current = c;
    // The detail panel can change width (window resize); the canvas has to follow.
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(chartOption(kpi, palette), { notMerge: true });
  }, [kpi, palette]);

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
