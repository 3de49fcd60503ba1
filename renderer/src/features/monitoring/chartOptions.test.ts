import { LineChart } from 'echarts/charts';
import {
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { init, use as registerEcharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { describe, expect, it } from 'vitest';
import type { ChartPalette } from '../../components/charts/useEChart';
import { spendOption } from '../spend/spendChart';
import { topAndOther } from '../spend/spendModel';
import { baseOption, dayLabel, niceCeil, pointMeaning, timeLabel } from './SeriesChart';

// echarts draws to SVG text without a DOM (its SSR mode): the options are checked by echarts itself.
registerEcharts([
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  SVGRenderer,
]);

const palette: ChartPalette = {
  surface: '#ffffff',
  text: '#1b1f24',
  muted: '#57606a',
  border: '#d8dde4',
  accent: '#0b5cd5',
  ok: '#1a6330',
  warn: '#7a4d00',
  danger: '#b42318',
};

describe('series chart option', () => {
  it('draws the points and keeps a zoom window set after the data', () => {
    const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 400, height: 220 });
    const from = 1_760_000_000;
    chart.setOption(baseOption('usd', { from, to: from + 86_400 }, 'Spend', palette), { notMerge: true });
    const points = Array.from({ length: 50 }, (_, i) => [(from + i * 1728) * 1000, 10 + i] as [number, number]);
    chart.setOption({
      series: [{ data: points }],
      dataZoom: [
        { startValue: (from + 3600) * 1000, endValue: (from + 7200) * 1000 },
        { startValue: (from + 3600) * 1000, endValue: (from + 7200) * 1000 },
      ],
    });
    const svg = chart.renderToSVGString();
    expect(svg).toContain('<path');
    const dz = (chart.getOption() as { dataZoom: Array<{ start: number; end: number }> }).dataZoom[0]!;
    expect(dz.start).toBeCloseTo((3600 / 86_400) * 100, 3);
    expect(dz.end).toBeCloseTo((7200 / 86_400) * 100, 3);
    chart.dispose();
  });

  it('draws an empty frame before the first points arrive (no extent yet), without throwing', () => {
    const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 400, height: 220 });
    // An empty time axis has NaN bounds, and the slider labels its ends all the same.
    expect(() => {
      chart.setOption(baseOption('usd', null, 'Spend', palette), { notMerge: true });
      chart.setOption({ series: [{ data: [] }] });
      chart.renderToSVGString();
    }).not.toThrow();
    chart.dispose();
  });
});

describe('SLO threshold line', () => {
  it('draws the threshold and stretches the axis to show it above a curve far below', () => {
    const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 400, height: 220 });
    const from = 1_760_000_000;
    chart.setOption(baseOption('ratio', { from, to: from + 3600 }, 'Error rate', palette, 0.05), { notMerge: true });
    chart.setOption({ series: [{ data: [[from * 1000, 0.002] as [number, number], [(from + 3600) * 1000, 0.004]] }] });
    const svg = chart.renderToSVGString();
    expect(svg).toContain('SLO 5 %');
    // The threshold lies inside the plot (below its top edge at y = 14), not clipped above it.
    const y = chart.convertToPixel({ yAxisIndex: 0 }, 0.05);
    expect(y).toBeGreaterThan(14);
    expect(y).toBeLessThan(220 - 40);
    chart.dispose();
  });

  it('rounds the axis top to 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceCeil(0.0575)).toBeCloseTo(0.1);
    expect(niceCeil(7.9)).toBe(10);
    expect(niceCeil(2.2)).toBe(2.5);
    expect(niceCeil(0)).toBe(0);
  });
});

describe('what a point is', () => {
  it('names the period for counted metrics and the average for gauges', () => {
    expect(pointMeaning('spend_usd', 3600)).toBe('Each point: the total per hour');
    expect(pointMeaning('requests', 86_400)).toBe('Each point: the total per day');
    expect(pointMeaning('spend_usd', 0)).toBe('Each point: the amount in one stored sample');
    expect(pointMeaning('latency_p95_s', 60)).toBe('Each point: the average per minute');
    expect(pointMeaning('latency_p95_s', 0)).toBe('Raw samples');
  });
});

describe('time labels', () => {
  it('label days at midnight, times otherwise, and nothing for a missing bound', () => {
    expect(timeLabel(Date.UTC(2026, 10, 1))).toBe('Nov 1');
    expect(timeLabel(Date.UTC(2026, 10, 1, 14, 30))).toBe('14:30');
    expect(timeLabel(Number.NaN)).toBe('');
    expect(dayLabel(Number.NaN)).toBe('');
    expect(dayLabel(Date.UTC(2026, 10, 1, 14, 30))).toBe('Nov 1');
  });
});

describe('spend option', () => {
  it('stacks the top groups and "Other"', () => {
    const days = ['2026-10-30', '2026-10-31', '2026-11-01'];
    const groups = Array.from({ length: 13 }, (_, i) => ({
      key: `g${i}`,
      label: `Group ${i}`,
      initiativeId: i,
      total: 30 - i,
      daily: [10 - i / 3, 10 - i / 3, 10 - i / 3],
    }));
    const chart = init(null, undefined, { renderer: 'svg', ssr: true, width: 800, height: 380 });
    chart.setOption(spendOption(days, topAndOther(groups, days.length), 'Last 30 days', palette));
    const series = (chart.getOption() as { series: Array<{ name: string; stack: string }> }).series;
    expect(series).toHaveLength(11);
    expect(series.at(-1)?.name).toBe('Other (3)');
    expect(series.every((s) => s.stack === 'spend')).toBe(true);
    expect(chart.renderToSVGString()).toContain('Spend per day');
    chart.dispose();
  });
});
