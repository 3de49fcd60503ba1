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
import { baseOption } from './SeriesChart';

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
