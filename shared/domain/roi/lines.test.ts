import { describe, expect, it } from 'vitest';
import type { Evaluator } from './formula';
import { boundIssue, INPUT_INFO, LINE_AMOUNT } from './lines';
import { LINE_KINDS, type LineKind } from './schema';

const NONE = new Float64Array(0);
const amount = (kind: LineKind, inputs: Record<string, number>) =>
  LINE_AMOUNT[kind](
    LINE_KINDS[kind].map(
      (n): Evaluator =>
        () =>
          inputs[n]!,
    ),
    NONE,
    1,
  );

describe('line kinds (domain.md §1.3, §1.4)', () => {
  it('inference: requests × calls × per-call token cost × (1 + overhead), cached input at the read factor', () => {
    // §1.7: 3,000 in / 400 out at $3 / $15 per M = $0.015 a call, $0.01875 with 25 % overhead; 1.8M calls.
    const base = { tokensIn: 3000, tokensOut: 400, priceInPerM: 3, priceOutPerM: 15, cacheReadFactor: 0.1 };
    expect(
      amount('inference', { ...base, requests: 1.2e6, callsPerRequest: 1.5, cachedShare: 0, overhead: 0.25 }),
    ).toBeCloseTo(33_750, 6);
    // Half the input cached at 0.1×: input cost 0.009 × 0.55.
    expect(
      amount('inference', { ...base, requests: 1, callsPerRequest: 1, cachedShare: 0.5, overhead: 0 }),
    ).toBeCloseTo(0.009 * 0.55 + 0.006, 12);
  });
  it('human review: items × rate × minutes / 60 × hourly + fixed', () => {
    expect(
      amount('human_review', {
        items: 1.2e6,
        reviewRate: 0.05,
        minutesPerReview: 3,
        hourlyRate: 45,
        fixedPerYear: 40_000,
      }),
    ).toBeCloseTo(175_000, 6);
  });
  it('time savings: tasks × adoption × minutes / 60 × loaded rate × recapture', () => {
    expect(
      amount('time_savings', { tasks: 2.4e6, adoption: 0.5, minutesSavedPerTask: 2.7, loadedRate: 35, recapture: 0.5 }),
    ).toBeCloseTo(945_000, 6);
  });
  it('the products', () => {
    expect(amount('people', { fte: 0.25, annualCost: 160_000 })).toBe(40_000);
    expect(amount('units_x_price', { units: 126_000, unitPrice: 6 })).toBe(756_000);
    expect(
      amount('revenue_uplift', { customers: 200_000, valuePerCustomer: 1200, upliftRate: 0.001, margin: 0.6 }),
    ).toBeCloseTo(144_000, 6);
    expect(amount('risk_reduction', { probabilityReduction: 0.02, impact: 5e6 })).toBe(100_000);
    expect(amount('amount', { amount: -5 })).toBe(-5);
  });
  it('every input of every kind has a label and a bound', () => {
    for (const names of Object.values(LINE_KINDS)) for (const n of names) expect(INPUT_INFO[n]).toBeDefined();
  });
  it('bounds: negatives refused for volumes and prices, shares kept within 0..1', () => {
    expect(boundIssue('priceInPerM', -1)).toBe('input price per M tokens is negative');
    expect(boundIssue('adoption', 1.2)).toBe('adoption is above 1 (100 %)');
    expect(boundIssue('adoption', 1)).toBeNull();
    expect(boundIssue('amount', -100)).toBeNull();
    expect(boundIssue('units', Infinity)).toBe('units is not a finite number');
  });
});
