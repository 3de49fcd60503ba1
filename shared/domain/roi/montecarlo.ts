import { seededRandom } from '../../random';
import type { CompiledModel } from './compile';
import { histogram, quantileSorted, sample, type Histogram, type ThreePoint } from './distributions';
import { npvFor } from './evaluate';

/**
 * Monte Carlo and tornado over a compiled model (domain.md §1.5). Every driver is drawn from its own
 * three-point distribution (the discount-rate driver too, when the model names one); each iteration
 * evaluates the whole model into the compiled model's reused buffers and keeps NPV, ROI and the
 * cumulative net flow per period in preallocated typed arrays, so a 10,000-iteration run allocates only
 * its result. The same seed always gives the same figures. §1.5 advises running on unadjusted values
 * (TEI haircuts and distributions are two treatments of the same uncertainty), hence the default.
 */

export interface Percentiles {
  p10: number;
  p50: number;
  p90: number;
  mean: number;
}

export interface MonteCarloResult {
  iterations: number;
  /** Iterations whose amounts were all finite (a sampled divisor can hit zero); the figures use these. */
  valid: number;
  npv: Percentiles;
  /** Over the iterations with costs (ROI is undefined without); null when there are none. */
  roi: Percentiles | null;
  /** Share of valid iterations with NPV < 0. */
  probNegative: number;
  histogram: Histogram;
  /** P10 / P50 / P90 of the cumulative (undiscounted) net cash flow, per period. */
  fan: { p10: number[]; p50: number[]; p90: number[] };
}

export interface MonteCarloOptions {
  iterations?: number;
  seed?: number;
  riskAdjusted?: boolean;
  bins?: number;
  /**
   * Called after every `progressEvery` iterations (default 500) and once at the end, with the iterations
   * done so far. The loop runs in chunks between calls, so it costs nothing per iteration and the samples
   * (hence the figures) are the same with or without it.
   */
  onProgress?: (done: number, total: number) => void;
  progressEvery?: number;
}

const ZERO: Percentiles = { p10: 0, p50: 0, p90: 0, mean: 0 };

function percentiles(sorted: Float64Array): Percentiles {
  if (sorted.length === 0) return ZERO;
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  return {
    p10: quantileSorted(sorted, 0.1),
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    mean: sum / sorted.length,
  };
}

export function runMonteCarlo(compiled: CompiledModel, options: MonteCarloOptions = {}): MonteCarloResult {
  const n = Math.max(1, Math.floor(options.iterations ?? 10_000));
  const riskAdjusted = options.riskAdjusted ?? false;
  const u = seededRandom(options.seed ?? 1);
  const D = compiled.drivers.length;
  const P = compiled.periodCount;
  // Fixed estimates are skipped (no draw), so adding a constant driver does not shift the others' samples.
  const estimates: ThreePoint[] = compiled.drivers.map((d) => ({ low: d.low, likely: d.likely, high: d.high }));
  const kinds = compiled.drivers.map((d) => d.distribution);
  const sampled = compiled.drivers.map((d) => d.high > d.low);

  const values = Float64Array.from(compiled.likely);
  const npv = new Float64Array(n);
  const roi = new Float64Array(n);
  const cumulative = new Float64Array(n * P);
  const costs = compiled.costs;
  const benefits = compiled.benefits;
  let valid = 0;
  let withCosts = 0;
  let negative = 0;

  const onProgress = options.onProgress;
  const chunk = onProgress ? Math.max(1, Math.floor(options.progressEvery ?? 500)) : n;
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    for (let it = start; it < end; it++) {
      for (let d = 0; d < D; d++) if (sampled[d]) values[d] = sample(kinds[d]!, estimates[d]!, u);
      if (compiled.flows(values, riskAdjusted) >= 0) continue;
      const rate = compiled.periodRate(values);
      const growth = 1 + rate;
      let factor = 1;
      let pvC = 0;
      let pvB = 0;
      let cum = 0;
      const row = valid * P;
      for (let t = 0; t < P; t++) {
        const c = costs[t]!;
        const b = benefits[t]!;
        pvC += c / factor;
        pvB += b / factor;
        factor *= growth;
        cum += b - c;
        cumulative[row + t] = cum;
      }
      const x = pvB - pvC;
      if (!Number.isFinite(x)) continue;
      npv[valid] = x;
      if (x < 0) negative++;
      if (pvC !== 0) roi[withCosts++] = x / pvC;
      valid++;
    }
    onProgress?.(end, n);
  }

  const npvSorted = npv.subarray(0, valid).sort();
  const roiSorted = roi.subarray(0, withCosts).sort();
  const fan = { p10: new Array<number>(P), p50: new Array<number>(P), p90: new Array<number>(P) };
  const column = new Float64Array(valid);
  for (let t = 0; t < P; t++) {
    for (let i = 0; i < valid; i++) column[i] = cumulative[i * P + t]!;
    column.sort();
    fan.p10[t] = valid ? quantileSorted(column, 0.1) : 0;
    fan.p50[t] = valid ? quantileSorted(column, 0.5) : 0;
    fan.p90[t] = valid ? quantileSorted(column, 0.9) : 0;
  }
  return {
    iterations: n,
    valid,
    npv: percentiles(npvSorted),
    roi: withCosts > 0 ? percentiles(roiSorted) : null,
    probNegative: valid ? negative / valid : 0,
    histogram: histogram(npvSorted, options.bins ?? 30),
    fan,
  };
}

export interface TornadoBar {
  key: string;
  label: string;
  low: number;
  high: number;
  /** NPV with this driver at its low / high value, the others at likely. */
  npvAtLow: number;
  npvAtHigh: number;
  /** |npvAtHigh − npvAtLow|. */
  swing: number;
}

/**
 * Each driver with a range swung from low to high while the others stay at likely, sorted by NPV swing
 * (largest first). Drivers without a range (low = high) have no bar. A swing whose NPV is not finite
 * (a divisor reaching zero at an end of the range) is left out rather than shown as NaN.
 */
export function tornado(
  compiled: CompiledModel,
  options: { riskAdjusted?: boolean } = {},
): { baseNpv: number; bars: TornadoBar[] } {
  const riskAdjusted = options.riskAdjusted ?? false;
  const values = Float64Array.from(compiled.likely);
  const baseNpv = npvFor(compiled, values, riskAdjusted);
  const bars: TornadoBar[] = [];
  compiled.drivers.forEach((d, i) => {
    if (!(d.high > d.low)) return;
    values[i] = d.low;
    const npvAtLow = npvFor(compiled, values, riskAdjusted);
    values[i] = d.high;
    const npvAtHigh = npvFor(compiled, values, riskAdjusted);
    values[i] = d.likely;
    if (!Number.isFinite(npvAtLow) || !Number.isFinite(npvAtHigh)) return;
    bars.push({
      key: d.key,
      label: d.label,
      low: d.low,
      high: d.high,
      npvAtLow,
      npvAtHigh,
      swing: Math.abs(npvAtHigh - npvAtLow),
    });
  });
  bars.sort((a, b) => b.swing - a.swing);
  return { baseNpv: Number.isFinite(baseNpv) ? baseNpv : 0, bars };
}
