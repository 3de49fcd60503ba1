import { describe, expect, it } from 'vitest';
import { fromFirstSpend, topAndOther, type SpendGroup } from './spendModel';

const g = (key: string, total: number, daily: number[]): SpendGroup => ({
  key,
  label: key,
  initiativeId: null,
  total,
  daily,
});

describe('topAndOther', () => {
  it('keeps every group when there are few', () => {
    const groups = [g('a', 1, [1, 0]), g('b', 5, [2, 3])];
    expect(topAndOther(groups, 2).map((x) => x.key)).toEqual(['b', 'a']);
  });

  it('sums the tail into "Other" day by day', () => {
    const groups = [g('a', 10, [4, 6]), g('b', 3, [1, 2]), g('c', 2, [2, 0]), g('d', 1, [0, 1])];
    const out = topAndOther(groups, 2, 1);
    expect(out.map((x) => x.key)).toEqual(['a', '__other']);
    expect(out[1]).toMatchObject({ label: 'Other (3)', total: 6, daily: [3, 3] });
  });
});

describe('fromFirstSpend', () => {
  it('drops the days before any spend was recorded, never the zeros after', () => {
    const days = ['d1', 'd2', 'd3', 'd4'];
    const out = fromFirstSpend(days, [g('a', 3, [0, 0, 3, 0]), g('b', 1, [0, 0, 0, 1])]);
    expect(out.trimmed).toBe(2);
    expect(out.days).toEqual(['d3', 'd4']);
    expect(out.groups.map((x) => x.daily)).toEqual([
      [3, 0],
      [0, 1],
    ]);
    expect(out.groups.map((x) => x.total)).toEqual([3, 1]);
  });

  it('keeps the whole range when the first day has spend, or when nothing was recorded', () => {
    expect(fromFirstSpend(['d1', 'd2'], [g('a', 1, [1, 0])]).trimmed).toBe(0);
    expect(fromFirstSpend(['d1', 'd2'], [g('a', 0, [0, 0])]).days).toEqual(['d1', 'd2']);
  });
});
