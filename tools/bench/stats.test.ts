import { describe, expect, it } from 'vitest';
import { interleaved, median, p95, percentile } from './stats';

describe('bench statistics', () => {
  it('uses nearest rank, so every reported value was actually measured', () => {
    const s = [5, 1, 4, 2, 3];
    expect(median(s)).toBe(3);
    expect(p95(s)).toBe(5);
    expect(percentile(s, 0)).toBe(1);
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(p95(twenty)).toBe(19);
    expect(median(twenty)).toBe(10);
  });

  it('is NaN without samples rather than a made-up zero', () => {
    expect(median([])).toBeNaN();
  });

  it('interleaves measured and baseline runs and drops the warm-up pairs', async () => {
    const order: string[] = [];
    const r = await interleaved(
      3,
      2,
      () => order.push('m'),
      () => order.push('b'),
    );
    expect(order.join('')).toBe('mbmbmbmbmb');
    expect(r.samples).toHaveLength(3);
    expect(r.baseline).toHaveLength(3);
  });
});
