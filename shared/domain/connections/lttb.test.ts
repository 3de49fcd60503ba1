import { describe, expect, it } from 'vitest';
import { lttb } from './lttb';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('lttb', () => {
  it('returns the input when it already fits', () => {
    expect(lttb([1, 2, 3], [4, 5, 6], 10)).toEqual({ t: [1, 2, 3], v: [4, 5, 6] });
    expect(lttb([], [], 10)).toEqual({ t: [], v: [] });
  });

  it('keeps exactly n points, the first and the last, in time order, all taken from the input', () => {
    const t = range(10_000);
    const v = t.map((x) => Math.sin(x / 50) * 100 + (x % 7));
    const out = lttb(t, v, 500);
    expect(out.t).toHaveLength(500);
    expect(out.t[0]).toBe(0);
    expect(out.t.at(-1)).toBe(9999);
    for (let i = 1; i < out.t.length; i++) expect(out.t[i]!).toBeGreaterThan(out.t[i - 1]!);
    out.t.forEach((x, i) => expect(out.v[i]).toBe(v[x]));
  });

  it('keeps a single spike that averaging or striding would lose', () => {
    const t = range(1000);
    const v = t.map((x) => (x === 517 ? 1000 : 1));
    const out = lttb(t, v, 20);
    expect(out.v).toContain(1000);
    expect(out.t).toContain(517);
  });

  it('degrades to the end points for tiny thresholds', () => {
    expect(lttb([1, 2, 3, 4], [1, 2, 3, 4], 2)).toEqual({ t: [1, 4], v: [1, 4] });
    expect(lttb([1, 2, 3, 4], [1, 2, 3, 4], 1)).toEqual({ t: [1], v: [1] });
  });
});
