import { describe, expect, it } from 'vitest';
import { evaluateCashFlows, irr, paybackPeriods, presentValue } from './finance';

describe('presentValue', () => {
  it('leaves period 0 undiscounted and discounts period t by (1+r)^t', () => {
    expect(presentValue([100], 0.1)).toBe(100);
    expect(presentValue([0, 110], 0.1)).toBeCloseTo(100, 12);
    expect(presentValue([0, 0, 121], 0.1)).toBeCloseTo(100, 12);
  });
  it('is the plain sum at a zero rate', () => {
    expect(presentValue([1, 2, 3], 0)).toBe(6);
  });
});

describe('paybackPeriods', () => {
  it('interpolates inside the crossing period', () => {
    expect(paybackPeriods([-100, 50, 100])).toBeCloseTo(1.5, 12);
    expect(paybackPeriods([-100, 100])).toBe(1);
  });
  it('is 0 without an initial outlay and null when the horizon is too short', () => {
    expect(paybackPeriods([0, 10])).toBe(0);
    expect(paybackPeriods([50, 10])).toBe(0);
    expect(paybackPeriods([-100, 10, 10])).toBeNull();
    expect(paybackPeriods([])).toBeNull();
  });
});

describe('irr', () => {
  it('is null without a sign change', () => {
    expect(irr([-1, -2, -3])).toBeNull();
    expect(irr([1, 2, 3])).toBeNull();
    expect(irr([0, 0])).toBeNull();
  });
  it('finds the textbook rates', () => {
    expect(irr([-100, 110])!).toBeCloseTo(0.1, 12);
    expect(irr([-100, 0, 121])!).toBeCloseTo(0.1, 12);
    expect(irr([-1000, 500, 500, 500])!).toBeCloseTo(0.2337519285, 9);
  });
  it('makes NPV zero at the rate it returns, for negative rates too', () => {
    const flows = [-100, 30, 30, 20];
    const r = irr(flows)!;
    expect(r).toBeLessThan(0);
    expect(presentValue(flows, r)).toBeCloseTo(0, 9);
  });
  it('picks the root nearest 10% when there are two', () => {
    // Roots at 10% and 20%: (1.1)(1.2) = 1.32, 1.1 + 1.2 = 2.3.
    const r = irr([-1, 2.3, -1.32])!;
    expect(r).toBeCloseTo(0.1, 9);
  });
});

describe('evaluateCashFlows', () => {
  it('reproduces the unadjusted worked example of domain.md §1.7', () => {
    const r = evaluateCashFlows([750_000, 571_750, 707_467, 780_438], [0, 945_000, 2_313_956, 3_180_978], 0.1);
    expect(Math.round(r.pvBenefits)).toBe(5_161_367);
    expect(Math.round(r.pvCosts)).toBe(2_440_811);
    expect(r.npv / 1e6).toBeCloseTo(2.72, 2);
    expect(r.roi!).toBeCloseTo(1.11, 2);
    expect(r.paybackPeriods! * 12).toBeCloseTo(14.8, 1);
    expect(r.discountedPaybackPeriods!).toBeGreaterThan(r.paybackPeriods!);
  });
  it('has no ROI without costs and refuses mismatched or impossible inputs', () => {
    expect(evaluateCashFlows([0, 0], [0, 10], 0.1).roi).toBeNull();
    expect(() => evaluateCashFlows([1], [1, 2], 0.1)).toThrow(RangeError);
    expect(() => evaluateCashFlows([1], [1], -1)).toThrow(RangeError);
  });
});
