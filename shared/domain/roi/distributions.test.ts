import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../random';
import {
  histogram,
  pertMean,
  quantileSorted,
  samplePert,
  sampleTriangular,
  threePointIssue,
  triangularMean,
  type ThreePoint,
} from './distributions';

const N = 200_000;

function draws(f: (p: ThreePoint, u: () => number) => number, p: ThreePoint, seed = 7): Float64Array {
  const u = seededRandom(seed);
  const out = new Float64Array(N);
  for (let i = 0; i < N; i++) out[i] = f(p, u);
  return out.sort();
}

const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;

describe('three-point estimates', () => {
  it('names what is wrong with an estimate', () => {
    expect(threePointIssue({ low: 1, likely: 2, high: 3 })).toBeNull();
    expect(threePointIssue({ low: 3, likely: 2, high: 1 })).toMatch(/Low is above high/);
    expect(threePointIssue({ low: 1, likely: 5, high: 3 })).toMatch(/between/);
    expect(threePointIssue({ low: Number.NaN, likely: 1, high: 2 })).toMatch(/numbers/);
  });

  it('PERT draws stay in range and match the PERT mean and σ ≈ (b−a)/6', () => {
    const p = { low: 0.15, likely: 0.3, high: 0.4 };
    const d = draws(samplePert, p);
    expect(d[0]).toBeGreaterThanOrEqual(p.low);
    expect(d[N - 1]).toBeLessThanOrEqual(p.high);
    expect(mean(d)).toBeCloseTo(pertMean(p), 3);
    const m = mean(d);
    const sd = Math.sqrt(d.reduce((s, v) => s + (v - m) ** 2, 0) / N);
    expect(sd).toBeGreaterThan(((p.high - p.low) / 6) * 0.85);
    expect(sd).toBeLessThan(((p.high - p.low) / 6) * 1.15);
  });

  it('PERT is right-skewed when the mode sits low (cost over-runs)', () => {
    const d = draws(samplePert, { low: 0.9, likely: 1, high: 1.8 });
    expect(quantileSorted(d, 0.5)).toBeGreaterThan(1);
    expect(mean(d)).toBeCloseTo(pertMean({ low: 0.9, likely: 1, high: 1.8 }), 3);
  });

  it('triangular draws match the triangular mean and its CDF at the mode', () => {
    const p = { low: 0.07, likely: 0.1, high: 0.13 };
    const d = draws(sampleTriangular, p);
    expect(mean(d)).toBeCloseTo(triangularMean(p), 4);
    expect(quantileSorted(d, 0.5)).toBeCloseTo(0.1, 3);
    const skew = { low: 0, likely: 1, high: 4 };
    const s = draws(sampleTriangular, skew);
    // F(mode) = (m − a) / (b − a) = 0.25
    expect(s.findIndex((v) => v > 1) / N).toBeCloseTo(0.25, 2);
  });

  it('returns the value itself for a degenerate estimate and is reproducible by seed', () => {
    const u = seededRandom(1);
    expect(samplePert({ low: 2, likely: 2, high: 2 }, u)).toBe(2);
    expect(sampleTriangular({ low: 2, likely: 2, high: 2 }, u)).toBe(2);
    expect(draws(samplePert, { low: 0, likely: 1, high: 5 }, 3)).toEqual(
      draws(samplePert, { low: 0, likely: 1, high: 5 }, 3),
    );
  });
});

describe('summaries', () => {
  it('interpolates quantiles like a spreadsheet PERCENTILE', () => {
    const s = [1, 2, 3, 4];
    expect(quantileSorted(s, 0)).toBe(1);
    expect(quantileSorted(s, 1)).toBe(4);
    expect(quantileSorted(s, 0.5)).toBe(2.5);
    expect(quantileSorted(s, 0.1)).toBeCloseTo(1.3, 12);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('bins every value once', () => {
    const h = histogram([0, 1, 2, 3, 4, 5, 6, 7, 8, 10], 5);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(10);
    expect(h.counts[4]).toBe(2);
    expect(histogram([3, 3, 3]).counts).toEqual([3]);
  });
});
