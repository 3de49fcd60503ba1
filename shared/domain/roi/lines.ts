import type { Evaluator } from './formula';
import { LINE_KINDS, type LineKind } from './schema';

/**
 * What each line kind computes from its inputs per year (domain.md §1.3, §1.4) and how its inputs are
 * named and bounded in messages. The inputs arrive as compiled formulas in LINE_KINDS order, so the hot
 * path indexes an array and never looks a name up.
 */

type AmountFn = (inputs: readonly Evaluator[], values: Float64Array, year: number) => number;

export const LINE_AMOUNT: Record<LineKind, AmountFn> = {
  amount: (f, v, y) => f[0]!(v, y),
  // requests × calls × cost per call × (1 + overhead); prices are per 1M tokens, cached input tokens are
  // billed at cacheReadFactor × the input price (about 0.1 on Anthropic, §1.3).
  inference: (f, v, y) => {
    const cached = f[4]!(v, y);
    const perCall = (f[2]!(v, y) * (1 - cached + cached * f[7]!(v, y)) * f[5]!(v, y) + f[3]!(v, y) * f[6]!(v, y)) / 1e6;
    return f[0]!(v, y) * f[1]!(v, y) * perCall * (1 + f[8]!(v, y));
  },
  human_review: (f, v, y) => ((f[0]!(v, y) * f[1]!(v, y) * f[2]!(v, y)) / 60) * f[3]!(v, y) + f[4]!(v, y),
  people: (f, v, y) => f[0]!(v, y) * f[1]!(v, y),
  time_savings: (f, v, y) => ((f[0]!(v, y) * f[1]!(v, y) * f[2]!(v, y)) / 60) * f[3]!(v, y) * f[4]!(v, y),
  units_x_price: (f, v, y) => f[0]!(v, y) * f[1]!(v, y),
  revenue_uplift: (f, v, y) => f[0]!(v, y) * f[1]!(v, y) * f[2]!(v, y) * f[3]!(v, y),
  risk_reduction: (f, v, y) => f[0]!(v, y) * f[1]!(v, y),
};

/** How an input may range: any number, ≥ 0 (volumes, prices, rates of pay), or a share 0..1. */
export type InputBound = 'any' | 'nonNegative' | 'share';

export interface InputInfo {
  label: string;
  bound: InputBound;
}

export const INPUT_INFO: Record<string, InputInfo> = {
  amount: { label: 'amount', bound: 'any' },
  requests: { label: 'requests', bound: 'nonNegative' },
  callsPerRequest: { label: 'calls per request', bound: 'nonNegative' },
  tokensIn: { label: 'input tokens', bound: 'nonNegative' },
  tokensOut: { label: 'output tokens', bound: 'nonNegative' },
  cachedShare: { label: 'cached share', bound: 'share' },
  priceInPerM: { label: 'input price per M tokens', bound: 'nonNegative' },
  priceOutPerM: { label: 'output price per M tokens', bound: 'nonNegative' },
  cacheReadFactor: { label: 'cache read factor', bound: 'nonNegative' },
  overhead: { label: 'overhead', bound: 'nonNegative' },
  items: { label: 'items', bound: 'nonNegative' },
  reviewRate: { label: 'review rate', bound: 'share' },
  minutesPerReview: { label: 'minutes per review', bound: 'nonNegative' },
  hourlyRate: { label: 'hourly rate', bound: 'nonNegative' },
  fixedPerYear: { label: 'fixed per year', bound: 'nonNegative' },
  fte: { label: 'FTE', bound: 'nonNegative' },
  annualCost: { label: 'annual cost', bound: 'nonNegative' },
  tasks: { label: 'tasks', bound: 'nonNegative' },
  adoption: { label: 'adoption', bound: 'share' },
  minutesSavedPerTask: { label: 'minutes saved per task', bound: 'nonNegative' },
  loadedRate: { label: 'loaded rate', bound: 'nonNegative' },
  recapture: { label: 'recapture', bound: 'share' },
  units: { label: 'units', bound: 'nonNegative' },
  unitPrice: { label: 'unit price', bound: 'nonNegative' },
  customers: { label: 'customers', bound: 'nonNegative' },
  valuePerCustomer: { label: 'value per customer', bound: 'nonNegative' },
  upliftRate: { label: 'uplift rate', bound: 'share' },
  margin: { label: 'margin', bound: 'share' },
  probabilityReduction: { label: 'probability reduction', bound: 'share' },
  impact: { label: 'impact', bound: 'nonNegative' },
};

export function inputNames(kind: LineKind): readonly string[] {
  return LINE_KINDS[kind];
}

/** Why a value is out of the input's bound, or null. */
export function boundIssue(input: string, value: number): string | null {
  const info = INPUT_INFO[input];
  const label = info?.label ?? input;
  if (!Number.isFinite(value)) return `${label} is not a finite number`;
  if (!info || info.bound === 'any') return null;
  if (value < 0) return `${label} is negative`;
  if (info.bound === 'share' && value > 1) return `${label} is above 1 (100 %)`;
  return null;
}
