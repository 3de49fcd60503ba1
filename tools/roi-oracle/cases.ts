// The cash-flow cases both Calc (build.ts) and finance.ts evaluate. Hand-picked edge cases first, then
// seeded random ones; changing this list means re-running build.ts.
import { rng } from '../../electron/core/demo/random';

export interface OracleCase {
  name: string;
  rate: number;
  costs: number[];
  benefits: number[];
}

const zeros = (n: number) => new Array<number>(n).fill(0);

const hand: OracleCase[] = [
  {
    name: 'worked example §1.7, unadjusted',
    rate: 0.1,
    costs: [750_000, 571_750, 707_467, 780_438],
    benefits: [0, 945_000, 2_313_956, 3_180_978],
  },
  {
    name: 'worked example §1.7, risk-adjusted totals',
    rate: 0.1,
    costs: [862_500, 636_375, 790_563, 874_154],
    benefits: [0, 803_250, 1_815_700, 2_445_200],
  },
  { name: 'textbook 10%', rate: 0.1, costs: [100, 0], benefits: [0, 110] },
  { name: 'annuity', rate: 0.08, costs: [1000, 0, 0, 0], benefits: [0, 500, 500, 500] },
  { name: 'zero rate', rate: 0, costs: [500, 100, 100, 100], benefits: [0, 300, 300, 300] },
  { name: 'all costs (no IRR, no payback)', rate: 0.1, costs: [100, 50, 50], benefits: [0, 0, 0] },
  { name: 'all benefits (no IRR, payback 0)', rate: 0.1, costs: [0, 0, 0], benefits: [10, 20, 30] },
  { name: 'never pays back', rate: 0.1, costs: [1000, 10, 10, 10], benefits: [0, 100, 100, 100] },
  { name: 'pays back exactly at a period end', rate: 0.05, costs: [300, 0, 0, 0], benefits: [0, 100, 200, 50] },
  { name: 'negative IRR', rate: 0.1, costs: [100, 0, 0, 0], benefits: [0, 30, 30, 20] },
  { name: 'two sign changes, roots 10% and 20%', rate: 0.1, costs: [1, 0, 1.32], benefits: [0, 2.3, 0] },
  { name: 'late big outlay (mine closure)', rate: 0.1, costs: [1600, 0, 10_000], benefits: [0, 10_000, 0] },
  { name: 'negative discount rate', rate: -0.05, costs: [1000, 200, 200, 200], benefits: [0, 500, 500, 500] },
  { name: 'rate near -100%', rate: -0.9, costs: [10, 0, 0], benefits: [0, 5, 5] },
  { name: 'high rate', rate: 2.5, costs: [100, 10, 10, 10], benefits: [0, 200, 200, 200] },
  { name: 'single period', rate: 0.1, costs: [100], benefits: [40] },
  { name: 'huge amounts', rate: 0.12, costs: [4e9, 1e9, 1e9, 1e9, 1e9], benefits: [0, 2e9, 3e9, 3.5e9, 3.5e9] },
  { name: 'tiny amounts', rate: 0.1, costs: [0.003, 0.001, 0.001], benefits: [0, 0.004, 0.004] },
  {
    name: 'monthly, 36 periods, monthly rate',
    rate: 0.1 / 12,
    costs: [120_000, ...new Array<number>(36).fill(8_000)],
    benefits: [0, ...Array.from({ length: 36 }, (_, m) => Math.min(25_000, 1_000 * (m + 1)))],
  },
  {
    name: 'long horizon, 40 years',
    rate: 0.07,
    costs: [5_000_000, ...new Array<number>(40).fill(150_000)],
    benefits: [0, ...Array.from({ length: 40 }, (_, y) => 400_000 * Math.min(1, (y + 1) / 5))],
  },
  {
    name: 'long horizon, 120 months, slow ramp',
    rate: 0.006,
    costs: [2_000_000, ...new Array<number>(120).fill(20_000)],
    benefits: [0, ...Array.from({ length: 120 }, (_, m) => 60_000 * Math.min(1, (m + 1) / 48))],
  },
  { name: 'zero flows', rate: 0.1, costs: zeros(4), benefits: zeros(4) },
];

function random(seed: number, count: number): OracleCase[] {
  const r = rng(seed);
  const cases: OracleCase[] = [];
  for (let i = 0; i < count; i++) {
    const n = r.int(2, 12);
    const scale = 10 ** r.int(2, 7);
    const costs = Array.from(
      { length: n },
      (_, t) => Math.round((t === 0 ? r.next() * 3 : r.next()) * scale * 100) / 100,
    );
    const benefits = Array.from({ length: n }, (_, t) =>
      t === 0 ? 0 : Math.round(r.next() * 1.6 * scale * Math.min(1, t / 2) * 100) / 100,
    );
    // Now and then a mid-life reinvestment, which makes flows change sign more than once.
    if (n > 4 && r.chance(0.3)) costs[r.int(2, n - 1)]! += scale * 2;
    cases.push({ name: `random ${i + 1}`, rate: Math.round(r.next() * 0.2 * 10_000) / 10_000, costs, benefits });
  }
  return cases;
}

export const ORACLE_CASES: readonly OracleCase[] = [...hand, ...random(424_242, 18)];
