import { describe, expect, it } from 'vitest';
import { wideModel } from './fixtures';
import { compileModel, evaluateModel } from './model';
import { runMonteCarlo, tornado } from './montecarlo';
import type { RoiModelInput } from './schema';

/** Benefit volume × price; costs: initial build and a fixed run cost. Drivers ranged as the test needs. */
function model(
  drivers: {
    volume?: [number, number, number];
    price?: [number, number, number];
    rate?: [number, number, number];
  } = {},
) {
  const [vl, vm, vh] = drivers.volume ?? [1, 1, 1];
  const [pl, pm, ph] = drivers.price ?? [10, 10, 10];
  const m: RoiModelInput = {
    horizonYears: 3,
    drivers: [
      { key: 'volume', label: 'Volume', kind: 'series', low: vl, likely: vm, high: vh, perYear: [1000, 2000, 3000] },
      { key: 'price', label: 'Price', low: pl, likely: pm, high: ph, distribution: 'triangular' },
    ],
    costs: [
      {
        id: 'build',
        name: 'Build',
        kind: 'amount',
        category: 'PEOPLE_BUILD',
        inputs: { amount: '30000' },
        timing: { type: 'initial' },
        riskAdjustment: 0.2,
      },
      {
        id: 'run',
        name: 'Run',
        kind: 'amount',
        category: 'PEOPLE_RUN',
        inputs: { amount: '2000' },
        timing: { type: 'recurring' },
      },
    ],
    benefits: [
      {
        id: 'sales',
        name: 'Sales',
        kind: 'units_x_price',
        category: 'REVENUE_UPLIFT',
        inputs: { units: 'volume', unitPrice: 'price' },
        timing: { type: 'recurring' },
        riskAdjustment: 0.1,
      },
    ],
  };
  if (drivers.rate) {
    const [rl, rm, rh] = drivers.rate;
    m.drivers!.push({ key: 'rate', label: 'Discount rate', low: rl, likely: rm, high: rh });
    m.discountRateDriver = 'rate';
  }
  return m;
}

describe('runMonteCarlo', () => {
  it('with no ranges, every percentile is the deterministic NPV (unadjusted or risk-adjusted)', () => {
    const e = evaluateModel(model());
    if (!e.ok) throw new Error('invalid');
    const compiled = compileModel(model());
    const r = runMonteCarlo(compiled, { iterations: 200, seed: 1 });
    expect(r.valid).toBe(200);
    for (const q of [r.npv.p10, r.npv.p50, r.npv.p90, r.npv.mean]) expect(q).toBeCloseTo(e.unadjusted.cashFlow.npv, 6);
    expect(r.roi!.p50).toBeCloseTo(e.unadjusted.cashFlow.roi!, 12);
    expect(r.fan.p50).toEqual(e.unadjusted.cumulativeNet);
    expect(r.histogram.counts).toEqual([200]);
    const adj = runMonteCarlo(compiled, { iterations: 50, riskAdjusted: true });
    expect(adj.npv.p50).toBeCloseTo(e.riskAdjusted.cashFlow.npv, 6);
  });
  it('is deterministic for a seed and differs across seeds', () => {
    const compiled = compileModel(model({ volume: [0.5, 1, 1.5], price: [5, 10, 20], rate: [0.05, 0.1, 0.2] }));
    const a = runMonteCarlo(compiled, { iterations: 2000, seed: 42 });
    const b = runMonteCarlo(compiled, { iterations: 2000, seed: 42 });
    const c = runMonteCarlo(compiled, { iterations: 2000, seed: 43 });
    expect(b).toEqual(a);
    expect(c.npv.p50).not.toBe(a.npv.p50);
  });
  it('orders percentiles, counts P(NPV<0), bins every iteration and fans every period', () => {
    const compiled = compileModel(model({ volume: [0.2, 1, 1.5], price: [2, 10, 14] }));
    const r = runMonteCarlo(compiled, { iterations: 5000, seed: 7 });
    expect(r.npv.p10).toBeLessThan(r.npv.p50);
    expect(r.npv.p50).toBeLessThan(r.npv.p90);
    expect(r.probNegative).toBeGreaterThan(0);
    expect(r.probNegative).toBeLessThan(1);
    expect(r.histogram.counts.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(r.fan.p10).toHaveLength(4);
    r.fan.p10.forEach((x, t) => {
      expect(x).toBeLessThanOrEqual(r.fan.p50[t]!);
      expect(r.fan.p50[t]!).toBeLessThanOrEqual(r.fan.p90[t]!);
    });
    // Year 0 holds only the fixed build: no spread there.
    expect(r.fan.p10[0]).toBe(-30_000);
    expect(r.fan.p90[0]).toBe(-30_000);
  });
  it('samples the discount-rate driver', () => {
    const r = runMonteCarlo(compileModel(model({ rate: [0.02, 0.1, 0.3] })), { iterations: 1000, seed: 3 });
    expect(r.npv.p90 - r.npv.p10).toBeGreaterThan(1000);
    // The undiscounted fan does not depend on the rate.
    expect(r.fan.p10).toEqual(r.fan.p90);
  });
  it('skips iterations whose amounts are not finite instead of returning NaN', () => {
    const m = model({ price: [5, 10, 20] });
    m.benefits![0]!.inputs.unitPrice = '1000 / max(0, price - 8)';
    const r = runMonteCarlo(compileModel(m), { iterations: 2000, seed: 5 });
    expect(r.valid).toBeLessThan(2000);
    expect(r.valid).toBeGreaterThan(0);
    expect(Number.isFinite(r.npv.mean)).toBe(true);
  });
  it('monthly models fan per month', () => {
    const m = model({ volume: [0.5, 1, 1.5] });
    m.periodicity = 'monthly';
    const r = runMonteCarlo(compileModel(m), { iterations: 500, seed: 1 });
    expect(r.fan.p50).toHaveLength(37);
  });
  it('reports progress in chunks without changing the figures', () => {
    const compiled = compileModel(model({ volume: [0.5, 1, 1.5], price: [5, 10, 20], rate: [0.05, 0.1, 0.2] }));
    const calls: [number, number][] = [];
    const withProgress = runMonteCarlo(compiled, {
      iterations: 1234,
      seed: 9,
      onProgress: (done, total) => calls.push([done, total]),
    });
    expect(calls).toEqual([
      [500, 1234],
      [1000, 1234],
      [1234, 1234],
    ]);
    expect(withProgress).toEqual(runMonteCarlo(compiled, { iterations: 1234, seed: 9 }));
    const every: number[] = [];
    runMonteCarlo(compiled, { iterations: 10, progressEvery: 3, onProgress: (done) => every.push(done) });
    expect(every).toEqual([3, 6, 9, 10]);
    // A nonsensical interval still reports, once per iteration at worst.
    const tiny: number[] = [];
    runMonteCarlo(compiled, { iterations: 3, progressEvery: 0, onProgress: (done) => tiny.push(done) });
    expect(tiny).toEqual([1, 2, 3]);
  });
  it('lets a progress callback abort the run by throwing', () => {
    const compiled = compileModel(model({ volume: [0.5, 1, 1.5] }));
    let seen = 0;
    expect(() =>
      runMonteCarlo(compiled, {
        iterations: 5000,
        onProgress: (done) => {
          seen = done;
          if (done >= 1000) throw new Error('cancelled');
        },
      }),
    ).toThrow('cancelled');
    expect(seen).toBe(1000);
  });
  it('runs 10,000 iterations × 30 drivers well within budget (the bench row holds the real target)', () => {
    const compiled = compileModel(wideModel());
    runMonteCarlo(compiled, { iterations: 1000, seed: 1 });
    const t0 = performance.now();
    const r = runMonteCarlo(compiled, { iterations: 10_000, seed: 2 });
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(r.valid).toBe(10_000);
    expect(compiled.drivers.filter((d) => d.high > d.low)).toHaveLength(30);
  });
});

describe('tornado', () => {
  it('swings each ranged driver with the others at likely, largest swing first', () => {
    const compiled = compileModel(model({ volume: [0.9, 1, 1.1], price: [5, 10, 20] }));
    const t = tornado(compiled);
    expect(t.bars.map((b) => b.key)).toEqual(['price', 'volume']);
    const pv = 1000 / 1.1 + 2000 / 1.21 + 3000 / 1.331;
    expect(t.bars[0]!.swing).toBeCloseTo(15 * pv, 6);
    expect(t.bars[1]!.swing).toBeCloseTo(0.2 * 10 * pv, 6);
    expect(t.bars[0]!.npvAtLow).toBeCloseTo(t.baseNpv - 5 * pv, 6);
    // Drivers without a range have no bar.
    expect(tornado(compileModel(model())).bars).toEqual([]);
  });
});
