import { describe, expect, it } from 'vitest';
import { topAndOther, type SpendGroup } from './spendModel';

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
