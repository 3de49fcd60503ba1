/**
 * Three-point estimates and their sampling (domain.md §1.5): Beta-PERT and triangular, from a seeded
 * uniform source, plus the summary statistics a Monte Carlo run reports. Pure; no allocation per sample.
 */

export type DistributionKind = 'pert' | 'triangular';

export interface ThreePoint {
  low: number;
  likely: number;
  high: number;
}

/** Why a three-point estimate cannot be sampled, or null when it can. */
export function threePointIssue(p: ThreePoint): string | null {
  if (![p.low, p.likely, p.high].every(Number.isFinite)) return 'Low, likely and high must be numbers';
  if (p.low > p.high) return 'Low is above high';
  if (p.likely < p.low || p.likely > p.high) return 'Likely must lie between low and high';
  return null;
}

export function pertMean({ low, likely, high }: ThreePoint): number {
  return (low + 4 * likely + high) / 6;
}

export function triangularMean({ low, likely, high }: ThreePoint): number {
  return (low + likely + high) / 3;
}

/** Standard normal by Marsaglia's polar method; needs two uniforms per pair, one value kept. */
function normal(u: () => number): number {
  for (;;) {
    const x = 2 * u() - 1;
    const y = 2 * u() - 1;
    const s = x * x + y * y;
    if (s > 0 && s < 1) return x * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 boosted with U^(1/shape). */
function gamma(shape: number, u: () => number): number {
  if (shape < 1) return gamma(shape + 1, u) * Math.pow(u() || Number.MIN_VALUE, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * One draw from Beta-PERT(low, likely, high): α = 1 + 4(m−a)/(b−a), β = 1 + 4(b−m)/(b−a), scaled to
 * [a, b]. A degenerate estimate (low = high) returns that value.
 */
export function samplePert({ low, likely, high }: ThreePoint, u: () => number): number {
  const span = high - low;
  if (span <= 0) return likely;
  const alpha = 1 + (4 * (likely - low)) / span;
  const beta = 1 + (4 * (high - likely)) / span;
  const x = gamma(alpha, u);
  const y = gamma(beta, u);
  return low + (span * x) / (x + y);
}

/** One draw from the triangular distribution by its inverse CDF. */
export function sampleTriangular({ low, likely, high }: ThreePoint, u: () => number): number {
  const span = high - low;
  if (span <= 0) return likely;
  const p = u();
  const cut = (likely - low) / span;
  return p < cut ? low + Math.sqrt(p * span * (likely - low)) : high - Math.sqrt((1 - p) * span * (high - likely));
}

export function sample(kind: DistributionKind, p: ThreePoint, u: () => number): number {
  return kind === 'pert' ? samplePert(p, u) : sampleTriangular(p, u);
}

/** The q-quantile (0..1) of sorted values, linearly interpolated (the "R-7" / spreadsheet PERCENTILE rule). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface Histogram {
  /** Left edge of each bin; bins are equally wide. */
  edges: number[];
  width: number;
  counts: number[];
}

/** Equal-width histogram of sorted values. All-equal values give one bin. */
export function histogram(sorted: ArrayLike<number>, bins = 30): Histogram {
  const n = sorted.length;
  if (n === 0) return { edges: [], width: 0, counts: [] };
  const min = sorted[0]!;
  const max = sorted[n - 1]!;
  if (max === min) return { edges: [min], width: 0, counts: [n] };
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.floor((sorted[i]! - min) / width));
    counts[b]!++;
  }
  return { edges: counts.map((_, b) => min + b * width), width, counts };
}
