import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../../../shared/domain/roi/model';
import { runMonteCarlo, tornado } from '../../../../../shared/domain/roi/montecarlo';
import { SUPPORT_ASSISTANT_TEMPLATE } from '../../../../../shared/domain/roi/templates';
import type { ChartPalette } from '../../../components/charts/useEChart';
import { compactMoney } from './format';
import { dataIndexOf, fanOption, histogramOption, histogramRange, tornadoOption } from './charts';

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

type AnySeries = { name?: string; data?: unknown[]; markLine?: { data?: unknown[] } };
const seriesOf = (o: { series?: unknown }) => o.series as AnySeries[];
const call = (f: unknown, params: unknown) => (f as (p: unknown) => string)(params);

const compiled = compileModel(SUPPORT_ASSISTANT_TEMPLATE);
const run = runMonteCarlo(compiled, { iterations: 2000, seed: 1 });

describe('fanOption', () => {
  it('stacks the P10→P90 spread on an invisible P10 floor and draws P50 on top', () => {
    const o = fanOption(run.fan, 'yearly', palette);
    const [floor, band, median] = seriesOf(o);
    expect(floor!.data).toEqual(run.fan.p10);
    expect(band!.data).toEqual(run.fan.p90.map((hi, t) => hi - run.fan.p10[t]!));
    expect(median!.data).toEqual(run.fan.p50);
    expect((band!.data as number[]).every((x) => x >= 0)).toBe(true);
    expect((o.xAxis as { data: string[] }).data).toEqual(run.fan.p50.map((_, t) => `Y${t}`));
    const tip = call((o.tooltip as { formatter: unknown }).formatter, [{ dataIndex: 1 }]);
    expect(tip).toContain('Year 1: cumulative net');
    expect(tip).toContain('P90');
    expect(tip).not.toMatch(/NaN|Infinity/);
  });
  it('labels monthly periods as months', () => {
    const o = fanOption({ p10: [0, 1, 2], p50: [0, 1, 2], p90: [0, 1, 2] }, 'monthly', palette);
    expect((o.xAxis as { data: string[] }).data).toEqual(['M0', 'M1', 'M2']);
  });
});

describe('histogramOption', () => {
  it('puts one bar per bin at its centre, losses in the danger colour, and a zero line when 0 is in range', () => {
    const h = { edges: [-100, -50, 0, 50], width: 50, counts: [1, 2, 3, 4] };
    const o = histogramOption(h, palette);
    const [bars] = seriesOf(o);
    const data = bars!.data as { value: [number, number]; itemStyle: { color: string } }[];
    expect(data.map((d) => d.value)).toEqual([
      [-75, 1],
      [-25, 2],
      [25, 3],
      [75, 4],
    ]);
    expect(data.map((d) => d.itemStyle.color)).toEqual(['#b00', '#b00', '#05d', '#05d']);
    expect(bars!.markLine!.data).toEqual([{ xAxis: 0 }]);
    expect(o.xAxis).toMatchObject({ min: -100, max: 100 });
    expect(call((o.tooltip as { formatter: unknown }).formatter, { dataIndex: 3 })).toBe(
      'NPV $50 to $100\n4 iterations (40.0 %)',
    );
  });
  it('has no zero line when every NPV is positive, and survives a single-valued run', () => {
    expect(seriesOf(histogramOption({ edges: [10, 20], width: 10, counts: [1, 1] }, palette))[0]!.markLine).toBe(
      undefined,
    );
    const single = { edges: [500], width: 0, counts: [100] };
    const range = histogramRange(single)!;
    expect(range.min).toBeLessThan(500);
    expect(range.max).toBeGreaterThan(500);
    expect(histogramRange({ edges: [], width: 0, counts: [] })).toBeNull();
  });
  it('bins the real run', () => {
    const o = histogramOption(run.histogram, palette);
    const data = seriesOf(o)[0]!.data as { value: [number, number] }[];
    expect(data.reduce((a, d) => a + d.value[1], 0)).toBe(run.valid);
  });
});

describe('tornadoOption', () => {
  it('plots each driver as offsets from the base NPV, largest swing first, labelled with its range', () => {
    const t = tornado(compiled);
    const o = tornadoOption(t, palette, 3);
    const [low, high] = seriesOf(o);
    const shown = t.bars.slice(0, 3);
    expect((low!.data as { value: number }[]).map((d) => d.value)).toEqual(shown.map((b) => b.npvAtLow - t.baseNpv));
    expect((high!.data as { value: number }[]).map((d) => d.value)).toEqual(shown.map((b) => b.npvAtHigh - t.baseNpv));
    const labels = (o.yAxis as { data: string[] }).data;
    expect(labels).toHaveLength(3);
    expect(labels[0]).toContain(shown[0]!.label);
    expect((o.yAxis as { inverse: boolean }).inverse).toBe(true);
    const axis = (o.xAxis as { axisLabel: { formatter: (v: number) => string } }).axisLabel.formatter;
    expect(axis(0)).toBe(compactMoney(t.baseNpv));
    expect(axis(500_000)).toBe('+$500k');
    expect(axis(-1_000_000)).toBe('\u2212$1M');
    const tip = call((o.tooltip as { formatter: unknown }).formatter, [{ dataIndex: 0 }]);
    expect(tip.split('\n')[0]).toBe(shown[0]!.label);
    expect(tip).toContain('Swing');
  });
  it('works out each row from the data index of tooltip params', () => {
    expect(dataIndexOf([{ dataIndex: 4 }])).toBe(4);
    expect(dataIndexOf({ dataIndex: 2 })).toBe(2);
    expect(dataIndexOf(undefined)).toBe(-1);
  });
});
