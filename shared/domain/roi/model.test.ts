import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { evaluateCashFlows } from './finance';
import { breakEven, compileModel, evaluateModel, validateModel } from './model';
import type { RoiModelInput } from './schema';

/** A small model: volume × price benefit, an inference cost, a fixed run cost and an initial build. */
function base(): RoiModelInput {
  return {
    horizonYears: 3,
    discountRate: 0.1,
    drivers: [
      { key: 'volume', label: 'Volume', kind: 'series', low: 0.8, likely: 1, high: 1.2, perYear: [1000, 2000, 3000] },
      { key: 'adoption', label: 'Adoption multiplier', low: 0.5, likely: 0.8, high: 1 },
      { key: 'price', label: 'Price', low: 5, likely: 10, high: 12 },
    ],
    costs: [
      {
        id: 'build',
        name: 'Build',
        kind: 'amount',
        category: 'PEOPLE_BUILD',
        inputs: { amount: '20000' },
        timing: { type: 'initial' },
      },
      {
        id: 'inf',
        name: 'Inference',
        kind: 'inference',
        category: 'INFERENCE',
        inputs: {
          requests: 'volume',
          callsPerRequest: '2',
          tokensIn: '1000',
          tokensOut: '100',
          cachedShare: '0',
          priceInPerM: '3',
          priceOutPerM: '15',
          cacheReadFactor: '0.1',
          overhead: '0.25',
        },
        timing: { type: 'recurring' },
        riskAdjustment: 0.2,
      },
      {
        id: 'run',
        name: 'Run',
        kind: 'amount',
        category: 'PEOPLE_RUN',
        inputs: { amount: '1000' },
        timing: { type: 'recurring' },
      },
    ],
    benefits: [
      {
        id: 'sales',
        name: 'Sales',
        kind: 'units_x_price',
        category: 'REVENUE_UPLIFT',
        inputs: { units: 'volume * adoption', unitPrice: 'price' },
        timing: { type: 'recurring', from: 1, to: 3 },
        riskAdjustment: 0.1,
      },
    ],
  };
}

type Mutable = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
function withChange(change: (m: Mutable) => void): RoiModelInput {
  const m = structuredClone(base()) as Mutable;
  change(m);
  return m as RoiModelInput;
}

function issuesOf(change: (m: Mutable) => void) {
  return validateModel(withChange(change));
}

function allFinite(x: unknown): boolean {
  if (typeof x === 'number') return Number.isFinite(x);
  if (Array.isArray(x)) return x.every(allFinite);
  if (x && typeof x === 'object') return Object.values(x).every(allFinite);
  return true;
}

describe('validateModel', () => {
  it('accepts the base model', () => {
    expect(validateModel(base())).toEqual([]);
  });
  it('reports schema errors with the owner named', () => {
    expect(issuesOf((m) => (m.drivers[2].low = 'five'))).toEqual([
      { path: 'drivers.2.low', message: 'Price: enter a number' },
    ]);
    expect(issuesOf((m) => (m.discountRate = -1))).toEqual([
      { path: 'discountRate', message: 'The rate must be above -100 %' },
    ]);
    expect(issuesOf((m) => (m.benefits[0].riskAdjustment = 1.5))).toEqual([
      { path: 'benefits.0.riskAdjustment', message: 'Sales: at most 1 (100 %)' },
    ]);
  });
  it('checks three-point estimates', () => {
    expect(issuesOf((m) => (m.drivers[1].low = 1.5))).toContainEqual({
      path: 'drivers.1.low',
      message: 'Adoption multiplier: low is above high',
    });
    expect(issuesOf((m) => (m.drivers[2].likely = 20))).toEqual([
      { path: 'drivers.2.likely', message: 'Price: likely must lie between low and high' },
    ]);
  });
  it('checks duplicate keys and ids', () => {
    expect(issuesOf((m) => (m.drivers[2].key = 'adoption'))).toContainEqual({
      path: 'drivers.2.key',
      message: 'Price: duplicate driver key ‘adoption’',
    });
    expect(issuesOf((m) => (m.benefits[0].id = 'run'))).toEqual([
      { path: 'benefits.0.id', message: 'Sales: duplicate line id ‘run’' },
    ]);
  });
  it('checks series length against the horizon', () => {
    expect(issuesOf((m) => (m.drivers[0].perYear = [1, 2]))).toEqual([
      { path: 'drivers.0.perYear', message: 'Volume: enter one value per year (3), not 2' },
    ]);
    expect(issuesOf((m) => (m.horizonYears = 4))).toContainEqual({
      path: 'drivers.0.perYear',
      message: 'Volume: enter one value per year (4), not 3',
    });
  });
  it('names unknown drivers and syntax errors in line inputs', () => {
    expect(issuesOf((m) => (m.costs[1].inputs.tokensIn = 'tokens'))).toEqual([
      { path: 'costs.1.inputs.tokensIn', message: 'Inference: unknown driver ‘tokens’ at position 1 in input tokens' },
    ]);
    expect(issuesOf((m) => (m.benefits[0].inputs.units = 'volume * (adoption'))).toEqual([
      { path: 'benefits.0.inputs.units', message: 'Sales: missing ‘)’ at the end in units' },
    ]);
  });
  it('requires exactly the inputs of the kind', () => {
    expect(
      issuesOf((m) => {
        delete m.costs[1].inputs.priceInPerM;
        m.costs[1].inputs.priceIn = '3';
      }),
    ).toEqual([
      { path: 'costs.1.inputs.priceIn', message: 'Inference: ‘priceIn’ is not an input of the inference kind' },
      { path: 'costs.1.inputs.priceInPerM', message: 'Inference: enter the input price per M tokens' },
    ]);
  });
  it('refuses a kind on the wrong side', () => {
    expect(
      issuesOf((m) => {
        m.costs[2].kind = 'time_savings';
      }),
    ).toEqual([
      {
        path: 'costs.2.kind',
        message:
          'Run: the time_savings kind is not allowed on the cost side (use amount, inference, human_review, people, units_x_price)',
      },
    ]);
  });
  it('keeps periods inside the horizon', () => {
    expect(issuesOf((m) => (m.benefits[0].timing.to = 5))).toEqual([
      { path: 'benefits.0.timing.to', message: 'Sales: ends in year 5, outside the 3-year horizon' },
    ]);
    expect(issuesOf((m) => (m.benefits[0].timing = { type: 'recurring', from: 4 }))).toContainEqual({
      path: 'benefits.0.timing.from',
      message: 'Sales: starts in year 4, outside the 3-year horizon',
    });
    expect(issuesOf((m) => (m.benefits[0].timing = { type: 'recurring', from: 3, to: 2 }))).toEqual([
      { path: 'benefits.0.timing.to', message: 'Sales: ends (year 2) before it starts (year 3)' },
    ]);
    expect(issuesOf((m) => (m.costs[0].timing = { type: 'once', year: 7 }))).toEqual([
      { path: 'costs.0.timing.year', message: 'Build: year 7 is outside the 3-year horizon' },
    ]);
    expect(issuesOf((m) => (m.benefits[0].ramp = [0.5, 1]))).toEqual([
      { path: 'benefits.0.ramp', message: 'Sales: the ramp needs one value per year (3), not 2' },
    ]);
  });
  it('refuses negative volumes and prices, and shares above 100 %', () => {
    expect(issuesOf((m) => (m.costs[1].inputs.priceInPerM = '-3'))).toEqual([
      { path: 'costs.1.inputs.priceInPerM', message: 'Inference: input price per M tokens is negative in year 1' },
    ]);
    expect(issuesOf((m) => (m.drivers[0].perYear = [1000, -5, 3000]))).toContainEqual({
      path: 'costs.1.inputs.requests',
      message: 'Inference: requests is negative in year 2',
    });
    expect(issuesOf((m) => (m.costs[1].inputs.cachedShare = '1.5'))).toEqual([
      { path: 'costs.1.inputs.cachedShare', message: 'Inference: cached share is above 1 (100 %) in year 1' },
    ]);
    // A driver that is the whole input must not reach below zero anywhere in its range.
    expect(issuesOf((m) => (m.drivers[2].low = -1))).toEqual([
      { path: 'drivers.2.low', message: 'Price: low is negative, but it is the unit price of Sales' },
    ]);
  });
  it('reports a division by zero with the line named', () => {
    expect(issuesOf((m) => (m.benefits[0].inputs.unitPrice = 'price / (adoption - 0.8)'))).toEqual([
      { path: 'benefits.0.inputs.unitPrice', message: 'Sales: unit price divides by zero in year 1' },
    ]);
  });
  it('checks the discount-rate driver', () => {
    expect(issuesOf((m) => (m.discountRateDriver = 'rate'))).toEqual([
      { path: 'discountRateDriver', message: 'Unknown driver ‘rate’' },
    ]);
    expect(issuesOf((m) => (m.discountRateDriver = 'volume'))).toEqual([
      { path: 'discountRateDriver', message: 'Volume: a discount rate must be a single value, not a series' },
    ]);
    expect(
      issuesOf((m) => {
        m.drivers.push({ key: 'rate', label: 'Discount rate', low: -1, likely: 0.1, high: 0.2 });
        m.discountRateDriver = 'rate';
      }),
    ).toEqual([{ path: 'drivers.3.low', message: 'Discount rate: the rate must be above -100 %' }]);
  });
  it('compileModel throws the same issues as a VALIDATION error', () => {
    const bad = withChange((m) => (m.drivers[1].low = 2));
    try {
      compileModel(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('VALIDATION');
      expect((e as AppError).issues).toEqual(validateModel(bad));
    }
  });
});

describe('evaluateModel', () => {
  // Inference per request: 2 calls × (1000 × 3 + 100 × 15) / 1e6 × 1.25 = 0.01125.
  const costs = [20_000, 1000 + 11.25, 1000 + 22.5, 1000 + 33.75];
  const benefits = [0, 8000, 16_000, 24_000];

  it('computes the per-year flows and the TEI figures of finance.ts', () => {
    const e = evaluateModel(base());
    if (!e.ok) throw new Error(JSON.stringify(e.issues));
    const u = e.unadjusted;
    u.costs.forEach((c, t) => expect(c).toBeCloseTo(costs[t]!, 9));
    expect(u.benefits).toEqual(benefits);
    expect(u.cashFlow).toEqual(evaluateCashFlows(u.costs, u.benefits, 0.1));
    expect(u.paybackMonths).toBeCloseTo(u.cashFlow.paybackPeriods! * 12, 12);
    expect(u.cumulativeNet.at(-1)).toBeCloseTo(48_000 - 23_067.5, 9);
    expect(u.lines.map((l) => [l.id, l.total])).toEqual([
      ['build', 20_000],
      ['inf', 67.5],
      ['run', 3000],
      ['sales', 48_000],
    ]);
    expect(u.lines[3]!.pv).toBeCloseTo(8000 / 1.1 + 16_000 / 1.21 + 24_000 / 1.331, 9);
  });
  it('risk-adjusts benefits down and costs up, per line', () => {
    const e = evaluateModel(base());
    if (!e.ok) throw new Error('invalid');
    const r = e.riskAdjusted;
    expect(r.lines[1]!.total).toBeCloseTo(67.5 * 1.2, 9);
    expect(r.lines[0]!.total).toBe(20_000);
    expect(r.lines[3]!.total).toBeCloseTo(48_000 * 0.9, 9);
  });
  it('applies ramps and timings', () => {
    const e = evaluateModel(
      withChange((m) => {
        m.benefits[0].ramp = [0.5, 1, 1];
        m.costs[2].timing = { type: 'once', year: 2 };
      }),
    );
    if (!e.ok) throw new Error('invalid');
    expect(e.unadjusted.lines[3]!.years).toEqual([0, 4000, 16_000, 24_000]);
    expect(e.unadjusted.lines[2]!.years).toEqual([0, 0, 1000, 0]);
  });
  it('monthly: year 0 at time 0, each year spread over 12 months, monthly rate, payback in months', () => {
    const e = evaluateModel(withChange((m) => (m.periodicity = 'monthly')));
    if (!e.ok) throw new Error('invalid');
    const u = e.unadjusted;
    expect(e.periodCount).toBe(37);
    expect(u.benefits[0]).toBe(0);
    expect(u.benefits[1]).toBeCloseTo(8000 / 12, 9);
    expect(u.benefits[13]).toBeCloseTo(16_000 / 12, 9);
    const rm = Math.pow(1.1, 1 / 12) - 1;
    expect(u.cashFlow).toEqual(evaluateCashFlows(u.costs, u.benefits, rm));
    expect(u.paybackMonths).toBe(u.cashFlow.paybackPeriods);
    // The cumulative net after 36 months equals the yearly model's.
    expect(u.cumulativeNet.at(-1)).toBeCloseTo(48_000 - 23_067.5, 6);
    expect(u.lines[3]!.years).toEqual([0, 8000, 16_000, 24_000]);
  });
  it('warns when production costs less than 3× the pilot, pilot lines excluded', () => {
    const e = evaluateModel(
      withChange((m) => {
        m.pilotActualCost = 10_000;
        m.costs.push({
          id: 'p',
          name: 'Pilot',
          kind: 'amount',
          category: 'PILOT',
          inputs: { amount: '50000' },
          timing: { type: 'initial' },
        });
      }),
    );
    if (!e.ok) throw new Error('invalid');
    expect(e.warnings).toEqual([
      {
        code: 'PILOT_MULTIPLIER',
        message:
          "Production cost (year 0 + year-1 run, $21,011) is 2.1× the pilot's $10,000; production usually costs 3–5× the pilot, so this plan may model pilot economics only",
      },
    ]);
    const fine = evaluateModel(withChange((m) => (m.pilotActualCost = 5000)));
    expect(fine.ok && fine.warnings).toEqual([]);
  });
  it('warns about missing or zero production categories from gate 3 on', () => {
    const model = withChange((m) => (m.costs[2].inputs.amount = '0'));
    const early = evaluateModel(model, { phase: 2 });
    expect(early.ok && early.warnings).toEqual([]);
    const late = evaluateModel(model, { phase: 3 });
    if (!late.ok) throw new Error('invalid');
    expect(late.warnings.map((w) => [w.category, w.message])).toEqual([
      ['INTEGRATION', 'No Integration cost: a production plan needs one'],
      ['HUMAN_REVIEW', 'No Human review cost: a production plan needs one'],
      ['DATA_PIPELINE', 'No Data pipelines cost: a production plan needs one'],
      ['RETRAINING_EVAL', 'No Evaluation & retraining cost: a production plan needs one'],
      ['GOVERNANCE_COMPLIANCE', 'No Security, governance & compliance cost: a production plan needs one'],
      ['PEOPLE_RUN', 'People (run) cost is zero'],
    ]);
  });
  it('uses the rate driver and says so when it differs from the model rate', () => {
    const e = evaluateModel(
      withChange((m) => {
        m.drivers.push({ key: 'rate', label: 'Discount rate', low: 0.08, likely: 0.12, high: 0.16 });
        m.discountRateDriver = 'rate';
      }),
    );
    if (!e.ok) throw new Error('invalid');
    expect(e.annualRate).toBe(0.12);
    expect(e.unadjusted.cashFlow.npv).toBeCloseTo(evaluateCashFlows(costs, benefits, 0.12).npv, 9);
    expect(e.warnings.map((w) => w.code)).toEqual(['RATE_DRIVER_DIFFERS']);
  });
  it('never returns NaN or Infinity: no costs gives ROI null, no flows gives zeros', () => {
    const noCosts = evaluateModel(withChange((m) => (m.costs = [])));
    if (!noCosts.ok) throw new Error('invalid');
    expect(noCosts.unadjusted.cashFlow.roi).toBeNull();
    expect(allFinite(noCosts)).toBe(true);
    const empty = evaluateModel({ drivers: [] });
    if (!empty.ok) throw new Error('invalid');
    expect(empty.unadjusted.cashFlow.npv).toBe(0);
    expect(empty.unadjusted.cashFlow.irr).toBeNull();
    expect(allFinite(empty)).toBe(true);
    expect(allFinite(evaluateModel(base()))).toBe(true);
  });
  it('returns field issues instead of figures for an invalid model', () => {
    const e = evaluateModel(withChange((m) => (m.benefits[0].inputs.unitPrice = 'price / 0')));
    expect(e).toEqual({
      ok: false,
      issues: [{ path: 'benefits.0.inputs.unitPrice', message: 'Sales: unit price divides by zero in year 1' }],
    });
  });
});

describe('breakEven', () => {
  it('finds the volume multiplier where NPV = 0 by bisection', () => {
    const compiled = compileModel(base());
    const b = breakEven(compiled, 'volume')!;
    expect(b).not.toBeNull();
    const e = evaluateModel(withChange((m) => (m.drivers[0].likely = m.drivers[0].low = b.multiplier)));
    expect(e.ok && Math.abs(e.unadjusted.cashFlow.npv)).toBeLessThan(1e-6);
    expect(b.drivers[0]).toEqual({ key: 'volume', likely: 1000, atBreakEven: 1000 * b.multiplier });
  });
  it('scales up when NPV is negative at likely, and is null when it never breaks even', () => {
    const big = compileModel(withChange((m) => (m.costs[0].inputs.amount = '200000')));
    const b = breakEven(big, ['volume'])!;
    expect(b.multiplier).toBeGreaterThan(1);
    const never = compileModel(withChange((m) => (m.benefits[0].inputs.units = '1')));
    expect(breakEven(never, 'volume')).toBeNull();
    expect(() => breakEven(never, 'nope')).toThrow('Unknown driver ‘nope’');
  });
});
