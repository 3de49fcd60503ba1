import type { RoiModel } from './schema';

/**
 * A wide model for speed checks (montecarlo.test.ts, tools/bench/rows/roi.ts): 30 drivers, every one with
 * a range (half PERT, half triangular, six of them series), read by 17 lines of every kind, so a Monte
 * Carlo iteration samples 30 distributions and evaluates about 70 formulas per year.
 */
export function wideModel(options: { horizonYears?: number; periodicity?: 'yearly' | 'monthly' } = {}): RoiModel {
  const H = options.horizonYears ?? 5;
  const years = (start: number, growth: number) => Array.from({ length: H }, (_, i) => start * Math.pow(growth, i));
  const d = (key: string, likely: number, spread = 0.3, perYear?: number[]): RoiModel['drivers'][number] => ({
    key,
    label: key,
    unit: '',
    kind: perYear ? 'series' : 'value',
    low: perYear ? 1 - spread : likely * (1 - spread),
    likely: perYear ? 1 : likely,
    high: perYear ? 1 + spread : likely * (1 + spread / 2),
    ...(perYear ? { perYear } : {}),
    distribution: key.length % 2 === 0 ? 'pert' : 'triangular',
  });
  const drivers = [
    d('volume', 0, 0.2, years(1_000_000, 1.1)),
    d(
      'adoption',
      0,
      0.3,
      years(0.4, 1.2).map((x) => Math.min(x, 0.9)),
    ),
    d('deflect', 0, 0.5, years(0.05, 1.3)),
    d('cases', 0, 0.25, years(50_000, 1.05)),
    d('leads', 0, 0.25, years(20_000, 1.08)),
    d('incidents', 0, 0.4, years(12, 1)),
    d('minutes', 6),
    d('reduction', 0.3),
    d('rate', 40),
    d('recapture', 0.5),
    d('bpo', 5),
    d('case_value', 80),
    d('conversion', 0.02),
    d('deal', 3000),
    d('margin', 0.6),
    d('loss', 250_000),
    d('risk_cut', 0.3),
    d('tokens_in', 2500),
    d('tokens_out', 500),
    d('price_in', 3),
    d('price_out', 15),
    d('calls', 2),
    d('overhead', 0.25),
    d('review_share', 0.1),
    d('review_min', 3),
    d('review_rate', 45),
    d('fte', 2),
    d('fte_cost', 150_000),
    d('run_mult', 1),
    d('build', 900_000),
  ];
  const line = { riskAdjustment: 0.1, notes: '', timing: { type: 'recurring', from: 1 } } as const;
  const costs: RoiModel['costs'] = [
    {
      ...line,
      id: 'build',
      name: 'Build',
      kind: 'amount',
      category: 'PEOPLE_BUILD',
      inputs: { amount: 'build' },
      timing: { type: 'initial' },
    },
    ...['volume * adoption', 'volume * deflect * 3', 'cases * 0.5'].map((requests, i) => ({
      ...line,
      id: `inf${i}`,
      name: `Inference ${i}`,
      kind: 'inference' as const,
      category: 'INFERENCE' as const,
      inputs: {
        requests,
        callsPerRequest: 'calls',
        tokensIn: 'tokens_in',
        tokensOut: 'tokens_out',
        cachedShare: '0.3',
        priceInPerM: 'price_in',
        priceOutPerM: 'price_out',
        cacheReadFactor: '0.1',
        overhead: 'overhead',
      },
    })),
    ...['volume * adoption', 'cases'].map((items, i) => ({
      ...line,
      id: `rev${i}`,
      name: `Review ${i}`,
      kind: 'human_review' as const,
      category: 'HUMAN_REVIEW' as const,
      inputs: {
        items,
        reviewRate: 'review_share',
        minutesPerReview: 'review_min',
        hourlyRate: 'review_rate',
        fixedPerYear: '40000 * run_mult',
      },
    })),
    {
      ...line,
      id: 'people',
      name: 'Run team',
      kind: 'people',
      category: 'PEOPLE_RUN',
      inputs: { fte: 'fte', annualCost: 'fte_cost * run_mult' },
    },
    ...['90000', '48000', '120000', '60000'].map((amount, i) => ({
      ...line,
      id: `fixed${i}`,
      name: `Fixed ${i}`,
      kind: 'amount' as const,
      category: 'PLATFORM' as const,
      inputs: { amount: `${amount} * run_mult` },
    })),
  ];
  const benefits: RoiModel['benefits'] = [
    {
      ...line,
      id: 'time',
      name: 'Time',
      kind: 'time_savings',
      category: 'TIME_SAVINGS',
      inputs: {
        tasks: 'volume * (1 - deflect)',
        adoption: 'adoption',
        minutesSavedPerTask: 'minutes * reduction',
        loadedRate: 'rate',
        recapture: 'recapture',
      },
    },
    {
      ...line,
      id: 'time2',
      name: 'Time on cases',
      kind: 'time_savings',
      category: 'TIME_SAVINGS',
      inputs: {
        tasks: 'cases',
        adoption: 'min(adoption * 1.1, 1)',
        minutesSavedPerTask: 'minutes * 2',
        loadedRate: 'rate',
        recapture: 'recapture',
      },
    },
    {
      ...line,
      id: 'bpo',
      name: 'BPO',
      kind: 'units_x_price',
      category: 'COST_AVOIDANCE',
      inputs: { units: 'volume * deflect', unitPrice: 'bpo' },
    },
    {
      ...line,
      id: 'cases',
      name: 'Cases',
      kind: 'units_x_price',
      category: 'CAPACITY_THROUGHPUT',
      inputs: { units: 'cases * 0.1', unitPrice: 'case_value' },
    },
    {
      ...line,
      id: 'sales',
      name: 'Sales',
      kind: 'revenue_uplift',
      category: 'REVENUE_UPLIFT',
      inputs: { customers: 'leads', valuePerCustomer: 'deal', upliftRate: 'conversion', margin: 'margin' },
    },
    {
      ...line,
      id: 'risk',
      name: 'Risk',
      kind: 'risk_reduction',
      category: 'RISK_REDUCTION',
      inputs: { probabilityReduction: 'risk_cut', impact: 'loss * incidents / 12' },
    },
  ];
  return {
    horizonYears: H,
    discountRate: 0.1,
    discountRateDriver: null,
    periodicity: options.periodicity ?? 'yearly',
    pilotActualCost: null,
    startMonth: null,
    drivers,
    costs,
    benefits,
  };
}
