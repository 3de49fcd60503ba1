import type { RoiModel } from './schema';

/**
 * Template models a user can start from. The first is the worked example of domain.md §1.7 (GenAI
 * support-ticket assistant, 3 years, r = 10 %), built so that it reproduces the published figures
 * (templates.test.ts). How the §1.7 Monte Carlo multipliers are applied, as the published figures imply
 * (the tornado swings pin each one down, see the test):
 * - adoption and deflection are series with a multiplier (0.7–1.1 and 0.25–1.5 of the yearly values);
 *   deflected tickets leave the agent-handled pool, so deflection also lowers time savings and the
 *   assisted inference and QA, and adds deflection-attempt inference (4 calls per attempt, 40 % success);
 * - the token/usage multiplier scales the inference line only;
 * - the recurring-cost multiplier scales every recurring cost except inference (human review included);
 * - the initial-cost multiplier scales the year-0 build;
 * - the discount rate is a driver (8 / 10 / 16 %).
 */

type Driver = RoiModel['drivers'][number];
type Cost = RoiModel['costs'][number];

const value = (key: string, label: string, unit: string, likely: number, low = likely, high = likely): Driver => ({
  key,
  label,
  unit,
  kind: 'value',
  low,
  likely,
  high,
  distribution: 'pert',
});

const series = (key: string, label: string, unit: string, perYear: number[], low = 1, high = 1): Driver => ({
  key,
  label,
  unit,
  kind: 'series',
  low,
  likely: 1,
  high,
  perYear,
  distribution: 'pert',
});

const recurring = { type: 'recurring', from: 1 } as const;

const fixedRun = (id: string, name: string, category: Cost['category'], perYear: number): Cost => ({
  id,
  name,
  kind: 'amount',
  category,
  inputs: { amount: `${perYear} * recurring_mult` },
  timing: recurring,
  riskAdjustment: 0.1,
  notes: '',
});

export const SUPPORT_ASSISTANT_TEMPLATE: RoiModel = {
  horizonYears: 3,
  discountRate: 0.1,
  discountRateDriver: 'discount_rate',
  periodicity: 'yearly',
  pilotActualCost: 150_000,
  startMonth: null,
  drivers: [
    series('tickets', 'Tickets per year', 'tickets', [2_400_000, 2_520_000, 2_640_000]),
    value('handle_time', 'Baseline handle time', 'min', 9),
    value('aht_reduction', 'Handle-time reduction', 'share', 0.3, 0.15, 0.4),
    series('adoption', 'Adoption of drafts', 'share', [0.5, 0.75, 0.85], 0.7, 1.1),
    value('loaded_rate', 'Loaded agent rate', '$/h', 35, 30, 42),
    value('recapture', 'Productivity recapture', 'share', 0.5, 0.3, 0.7),
    series('deflection', 'Deflection rate', 'share', [0, 0.05, 0.08], 0.25, 1.5),
    value('bpo_price', 'BPO price per ticket', '$', 6, 5, 7),
    value('customers', 'Customers', 'customers', 200_000),
    value('arpu', 'ARPU', '$/yr', 1_200),
    value('gross_margin', 'Gross margin', 'share', 0.6),
    series('churn_reduction', 'Churn reduction', 'share', [0, 0.001, 0.002]),
    value('tokens_in', 'Input tokens per call', 'tokens', 3_000),
    value('tokens_out', 'Output tokens per call', 'tokens', 400),
    value('price_in', 'Input price', '$/M tokens', 3),
    value('price_out', 'Output price', '$/M tokens', 15),
    value('usage_mult', 'Token/usage multiplier', '×', 1, 0.5, 3),
    value('calls_per_ticket', 'Calls per assisted ticket', 'calls', 1.5),
    value('calls_per_attempt', 'Calls per deflection attempt', 'calls', 4),
    value('deflection_success', 'Deflection success rate', 'share', 0.4),
    value('inference_overhead', 'Inference overhead', 'share', 0.25),
    value('qa_assisted', 'QA sampling, assisted', 'share', 0.05),
    value('qa_deflected', 'QA sampling, deflected', 'share', 0.1),
    value('review_minutes', 'Minutes per QA review', 'min', 3),
    value('reviewer_rate', 'QA reviewer rate', '$/h', 45),
    value('reviewer_fte', 'AI-risk reviewer', 'FTE', 0.25),
    value('reviewer_cost', 'AI-risk reviewer cost', '$/yr', 160_000),
    value('recurring_mult', 'Recurring-cost multiplier', '×', 1, 0.9, 1.4),
    value('initial_mult', 'Initial-cost multiplier', '×', 1, 0.9, 1.8),
    value('discount_rate', 'Discount rate', 'rate', 0.1, 0.08, 0.16),
  ],
  costs: [
    {
      id: 'build',
      name: 'Initial build',
      kind: 'amount',
      category: 'PEOPLE_BUILD',
      inputs: { amount: '750000 * initial_mult' },
      timing: { type: 'initial' },
      riskAdjustment: 0.15,
      notes:
        'Production engineering (about 4 FTE × 6 months), ticketing/CRM integration, SSO, security testing, ' +
        'KB clean-up, eval (golden) set, agent training, AI impact assessment/DPIA.',
    },
    {
      id: 'inference',
      name: 'Inference',
      kind: 'inference',
      category: 'INFERENCE',
      inputs: {
        // Assisted tickets (agent-handled × adoption) at 1.5 calls, plus deflection attempts at 4 calls:
        // a 40 % success rate means deflected / 0.4 attempts.
        requests:
          'tickets * (1 - deflection) * adoption * calls_per_ticket + tickets * deflection / deflection_success * calls_per_attempt',
        callsPerRequest: 'usage_mult',
        tokensIn: 'tokens_in',
        tokensOut: 'tokens_out',
        cachedShare: '0',
        priceInPerM: 'price_in',
        priceOutPerM: 'price_out',
        cacheReadFactor: '0.1',
        overhead: 'inference_overhead',
      },
      timing: recurring,
      riskAdjustment: 0.25,
      notes: '',
    },
    {
      id: 'review',
      name: 'Human review/oversight',
      kind: 'human_review',
      category: 'HUMAN_REVIEW',
      inputs: {
        // Items reviewed: 5 % of assisted tickets and 10 % of deflected ones (the rates are in the formula).
        items: 'tickets * ((1 - deflection) * adoption * qa_assisted + deflection * qa_deflected)',
        reviewRate: '1',
        minutesPerReview: 'review_minutes',
        hourlyRate: 'reviewer_rate * recurring_mult',
        fixedPerYear: 'reviewer_fte * reviewer_cost * recurring_mult',
      },
      timing: recurring,
      riskAdjustment: 0.1,
      notes: '',
    },
    fixedRun('integration', 'Integration maintenance', 'INTEGRATION', 90_000),
    fixedRun('data', 'Data pipeline/vector DB', 'DATA_PIPELINE', 48_000),
    fixedRun('eval', 'Evaluation and model/prompt migration', 'RETRAINING_EVAL', 120_000),
    fixedRun('platform', 'Platform licences', 'PLATFORM', 60_000),
    fixedRun('ops', 'Ops/on-call', 'PEOPLE_RUN', 45_000),
  ],
  benefits: [
    {
      id: 'time',
      name: 'B1 time savings',
      kind: 'time_savings',
      category: 'TIME_SAVINGS',
      inputs: {
        tasks: 'tickets * (1 - deflection)',
        adoption: 'adoption',
        minutesSavedPerTask: 'handle_time * aht_reduction',
        loadedRate: 'loaded_rate',
        recapture: 'recapture',
      },
      timing: recurring,
      riskAdjustment: 0.15,
      notes: '',
    },
    {
      id: 'bpo',
      name: 'B2 BPO avoidance',
      kind: 'units_x_price',
      category: 'COST_AVOIDANCE',
      inputs: { units: 'tickets * deflection', unitPrice: 'bpo_price' },
      timing: recurring,
      riskAdjustment: 0.2,
      notes: '',
    },
    {
      id: 'retention',
      name: 'B3 retention margin',
      kind: 'revenue_uplift',
      category: 'REVENUE_UPLIFT',
      inputs: {
        customers: 'customers',
        valuePerCustomer: 'arpu',
        upliftRate: 'churn_reduction',
        margin: 'gross_margin',
      },
      timing: recurring,
      riskAdjustment: 0.5,
      notes: 'Weak attribution: halved in the risk-adjusted view.',
    },
  ],
};

export interface RoiTemplate {
  id: string;
  name: string;
  description: string;
  model: RoiModel;
  /** Drivers a break-even search scales together. */
  volumeDrivers: readonly string[];
}

export const ROI_TEMPLATES: readonly RoiTemplate[] = [
  {
    id: 'support-assistant',
    name: 'GenAI support-ticket assistant',
    description:
      'Drafted replies, a deflection bot replacing BPO overflow and a small churn reduction for an ' +
      '800-agent contact centre (domain.md §1.7).',
    model: SUPPORT_ASSISTANT_TEMPLATE,
    volumeDrivers: ['tickets', 'customers'],
  },
];
