import { describe, expect, it } from 'vitest';
import oracle from './spreadsheet-oracle.json';
import { evaluateCashFlows, presentValue } from './finance';

/**
 * finance.ts against LibreOffice Calc on the cases of tools/roi-oracle/cases.ts (Calc's NPV() and IRR(),
 * payback spelled out in cell formulas; regenerate with `npx tsx tools/roi-oracle/build.ts`).
 */
const REL = 1e-9;

function close(actual: number | null, expected: number | null, what: string): void {
  if (expected === null || actual === null) {
    expect(actual, what).toBe(expected);
    return;
  }
  // Relative agreement; values at zero (Calc prints −8e−15 for a root at 0) compare absolutely.
  const scale = Math.max(Math.abs(expected), Math.abs(actual));
  expect(
    Math.abs(actual - expected) <= REL * scale || Math.abs(actual - expected) < 1e-12,
    `${what}: ${actual} vs Calc ${expected}`,
  ).toBe(true);
}

describe('cash-flow figures agree with LibreOffice Calc', () => {
  it('has enough cases', () => {
    expect(oracle.cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of oracle.cases) {
    it(c.name, () => {
      const r = evaluateCashFlows(c.costs, c.benefits, c.rate);
      close(r.pvCosts, c.calc.pvCosts, 'PV costs');
      close(r.pvBenefits, c.calc.pvBenefits, 'PV benefits');
      close(r.paybackPeriods, c.calc.paybackPeriods, 'payback');
      close(r.discountedPaybackPeriods, c.calc.discountedPaybackPeriods, 'discounted payback');
      if (c.calc.irr !== null) {
        close(r.irr, c.calc.irr, 'IRR');
      } else if (r.irr !== null) {
        // Calc's IRR() gives up (Err:523) when Newton's method from its 10% guess does not converge, for
        // example on roots near −100% or long monthly series. Where a root exists we return it: check it
        // really is one.
        const net = c.costs.map((cost, t) => c.benefits[t]! - cost);
        const scale = net.reduce((s, v) => s + Math.abs(v), 0);
        expect(Math.abs(presentValue(net, r.irr)) / scale, 'NPV at our IRR').toBeLessThan(1e-9);
      }
    });
  }
});
