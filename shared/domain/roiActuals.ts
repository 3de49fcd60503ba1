import { z } from 'zod';
import { vocabulary } from './enums';
import { entityId } from './initiative';
import type { ModelEvaluation } from './roi/evaluate';
import { BENEFIT_TYPES, COST_CATEGORIES, type BenefitType, type CostCategory } from './roi/schema';
import type { ScenarioKind } from './roiScenario';

/**
 * Plan vs actual (issue 4): what an initiative really spent and realised, month by month, against the
 * ROI plan. Entries are typed in by hand today; `gateway` is reserved for spend read from a live AI
 * gateway connection later. The computation below is pure: the core feeds it the plan's evaluation and
 * the entries, the UI shows what it returns.
 */

export const ACTUAL_SIDES = vocabulary([
  { id: 'cost', label: 'Cost' },
  { id: 'benefit', label: 'Benefit' },
] as const);
export type ActualSide = (typeof ACTUAL_SIDES.ids)[number];

export const ACTUAL_SOURCES = vocabulary([
  { id: 'manual', label: 'Entered by hand' },
  { id: 'gateway', label: 'Gateway spend' },
] as const);
export type ActualSource = (typeof ACTUAL_SOURCES.ids)[number];

export const ACTUAL_LIMITS = {
  /** Larger than any single AI initiative's monthly line; keeps typos like an extra six zeros out. */
  maxAmount: 1e12,
  note: 500,
} as const;

const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

export const actualMonth = z.string().trim().regex(MONTH_RE, 'Use a month like 2026-03');

const amount = z
  .number({ error: 'Enter an amount' })
  .min(0, 'Amount must be 0 or more')
  .max(ACTUAL_LIMITS.maxAmount, 'Amount must be at most 1,000,000,000,000');

const costIds = new Set<string>(COST_CATEGORIES.ids);
const benefitIds = new Set<string>(BENEFIT_TYPES.ids);

/** Whether `category` is one of the side's ids: a cost category for costs, a benefit type for benefits. */
export function categoryFits(side: ActualSide, category: string): boolean {
  return side === 'cost' ? costIds.has(category) : benefitIds.has(category);
}

export function categoryLabel(side: ActualSide, category: string): string {
  if (!categoryFits(side, category)) return category;
  return side === 'cost'
    ? COST_CATEGORIES.label(category as CostCategory)
    : BENEFIT_TYPES.label(category as BenefitType);
}

/** Creates (no id) or replaces an entry. */
export const actualSaveInput = z
  .strictObject({
    initiativeId: entityId,
    id: entityId.optional(),
    month: actualMonth,
    side: z.enum(ACTUAL_SIDES.ids, { error: 'Choose cost or benefit' }),
    category: z.string({ error: 'Choose a category' }).trim().min(1, 'Choose a category').max(40),
    amount,
    note: z.string().trim().max(ACTUAL_LIMITS.note, `At most ${ACTUAL_LIMITS.note} characters`).default(''),
  })
  .superRefine((v, ctx) => {
    if (v.category && !categoryFits(v.side, v.category)) {
      ctx.addIssue({
        code: 'custom',
        path: ['category'],
        message: v.side === 'cost' ? 'Choose a cost category' : 'Choose a benefit type',
      });
    }
  });
export type ActualSaveInput = z.input<typeof actualSaveInput>;

export const actualListInput = z.strictObject({ initiativeId: entityId });
export const actualDeleteInput = z.strictObject({ id: entityId });
export const planVsActualInput = z.strictObject({ initiativeId: entityId, scenarioId: entityId.optional() });

export interface RoiActual {
  id: number;
  initiativeId: number;
  month: string;
  side: ActualSide;
  category: string;
  amount: number;
  note: string;
  source: ActualSource;
  createdAt: string;
  updatedAt: string;
}

// ---------------------------------------------------------------------------------------------------
// Months

export function isMonth(s: string): boolean {
  return MONTH_RE.test(s);
}

/** Months since year 0, so month arithmetic is integer arithmetic. */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

export function monthOf(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

/** The calendar month of an instant, in UTC (the app's dates are UTC). */
export function monthOfDate(d: Date): string {
  return monthOf(d.getUTCFullYear() * 12 + d.getUTCMonth());
}

// ---------------------------------------------------------------------------------------------------
// Which scenario is the plan

export interface ScenarioChoice {
  id: number;
  name: string;
  kind: ScenarioKind;
  updatedAt: string;
}

const PLAN_RANK: Record<ScenarioKind, number> = { approved: 0, current: 1, baseline: 2, what_if: 3 };

/**
 * The scenario plan vs actual measures against by default: the approved plan (what was signed off is
 * what spend is held to), else the current plan, else the baseline, else the most recently changed
 * what-if. The user may pick any other.
 */
export function preferredPlan<T extends ScenarioChoice>(scenarios: readonly T[]): T | null {
  let best: T | null = null;
  for (const s of scenarios) {
    if (
      !best ||
      PLAN_RANK[s.kind] < PLAN_RANK[best.kind] ||
      (PLAN_RANK[s.kind] === PLAN_RANK[best.kind] &&
        (s.updatedAt > best.updatedAt || (s.updatedAt === best.updatedAt && s.id > best.id)))
    ) {
      best = s;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------
// The computation

export type PeriodState = 'past' | 'current' | 'future';

export interface PlanVsActualPeriod {
  /** The model's period index (0 = before the start month; yearly 1..H, monthly 1..12H). */
  index: number;
  label: string;
  /** First and last calendar month; `from` is null for period 0 (everything before the start). */
  fromMonth: string | null;
  toMonth: string;
  state: PeriodState;
  plannedCost: number;
  /** The part of the planned cost due by the as-of month (recurring amounts spread evenly over months). */
  plannedCostToDate: number;
  actualCost: number;
  /** Actual minus planned to date (positive: over plan); null for periods still to come. */
  costVariance: number | null;
  plannedBenefit: number;
  plannedBenefitToDate: number;
  realisedBenefit: number;
  benefitVariance: number | null;
  cumulativePlannedCost: number;
  cumulativePlannedBenefit: number;
  /** Null for periods still to come: there is nothing actual about them yet. */
  cumulativeActualCost: number | null;
  cumulativeRealisedBenefit: number | null;
}

export interface CategoryComparison {
  side: ActualSide;
  category: string;
  label: string;
  plannedTotal: number;
  plannedToDate: number;
  actualToDate: number;
  variance: number;
  /** Actual to date as a share of plan to date; null when nothing was planned by now. */
  burn: number | null;
}

export interface PlanVsActualTotals {
  plannedCostTotal: number;
  plannedCostToDate: number;
  actualCostToDate: number;
  costVariance: number;
  /** Actual / planned cost to date; null when nothing was planned by now. */
  burn: number | null;
  /** Actual cost to date / the plan's whole cost. */
  budgetUsed: number | null;
  plannedBenefitTotal: number;
  plannedBenefitToDate: number;
  realisedBenefitToDate: number;
  benefitVariance: number;
  /** Realised / planned benefit to date. */
  realisation: number | null;
}

export interface OutsideHorizon {
  /** Entries after the plan's last month: not in any period, not in the to-date totals. */
  entryIds: number[];
  cost: number;
  benefit: number;
}

export type PlanVsActualResult =
  | { state: 'no_start_month' }
  | { state: 'invalid_model'; message: string }
  | {
      state: 'ok';
      startMonth: string;
      /** The plan's last month. */
      endMonth: string;
      asOfMonth: string;
      periodicity: 'yearly' | 'monthly';
      periods: PlanVsActualPeriod[];
      totals: PlanVsActualTotals;
      categories: CategoryComparison[];
      outsideHorizon: OutsideHorizon;
    };

export interface PlanVsActualInput {
  startMonth: string | null;
  evaluation: ModelEvaluation;
  entries: readonly Pick<RoiActual, 'id' | 'month' | 'side' | 'category' | 'amount'>[];
  /** Today's month: what "to date" means. */
  asOfMonth: string;
}

const ratio = (a: number, b: number): number | null => (b > 0 && Number.isFinite(a / b) ? a / b : null);

/**
 * Plan against actual, period by period and to date. Year 0 (the initial investment) is everything
 * before the start month and counts as due in full; a later period's amount is due month by month
 * (the engine spreads a year's amount evenly over its months too), so the year in progress is prorated.
 * The plan is the model at its likely values, not risk-adjusted: that is the budget people signed.
 */
export function computePlanVsActual({
  startMonth,
  evaluation,
  entries,
  asOfMonth,
}: PlanVsActualInput): PlanVsActualResult {
  if (startMonth === null || !isMonth(startMonth)) return { state: 'no_start_month' };
  if (!evaluation.ok) {
    return { state: 'invalid_model', message: evaluation.issues[0]?.message ?? 'The ROI model is not valid' };
  }
  const view = evaluation.unadjusted;
  const monthly = evaluation.periodicity === 'monthly';
  const H = evaluation.horizonYears;
  const start = monthIndex(startMonth);
  const end = start + 12 * H - 1;
  const asOf = monthIndex(asOfMonth);
  const periodCount = view.costs.length;
  const span = monthly ? 1 : 12;

  /** Share of a period (1..) due by the as-of month. */
  const dueShare = (p: number): number => {
    if (p === 0) return 1;
    const first = start + (p - 1) * span;
    return Math.min(1, Math.max(0, (asOf - first + 1) / span));
  };
  /** Share of model year y (1..H) due by the as-of month. */
  const yearShare = (y: number): number =>
    y === 0 ? 1 : Math.min(1, Math.max(0, (asOf - (start + (y - 1) * 12) + 1) / 12));

  const actualCost = new Array<number>(periodCount).fill(0);
  const realised = new Array<number>(periodCount).fill(0);
  const outside: OutsideHorizon = { entryIds: [], cost: 0, benefit: 0 };
  const byCategory = new Map<string, CategoryComparison>();
  const categoryRow = (side: ActualSide, category: string): CategoryComparison => {
    const key = `${side}|${category}`;
    let row = byCategory.get(key);
    if (!row) {
      row = {
        side,
        category,
        label: categoryLabel(side, category),
        plannedTotal: 0,
        plannedToDate: 0,
        actualToDate: 0,
        variance: 0,
        burn: null,
      };
      byCategory.set(key, row);
    }
    return row;
  };

  for (const line of view.lines) {
    const row = categoryRow(line.side, line.category);
    row.plannedTotal += line.total;
    line.years.forEach((amount, y) => (row.plannedToDate += amount * yearShare(y)));
  }

  for (const e of entries) {
    if (!isMonth(e.month) || !Number.isFinite(e.amount)) continue;
    const m = monthIndex(e.month);
    if (m > end) {
      outside.entryIds.push(e.id);
      if (e.side === 'cost') outside.cost += e.amount;
      else outside.benefit += e.amount;
      continue;
    }
    const p = m < start ? 0 : Math.floor((m - start) / span) + 1;
    if (e.side === 'cost') actualCost[p]! += e.amount;
    else realised[p]! += e.amount;
    if (m <= asOf) categoryRow(e.side, e.category).actualToDate += e.amount;
  }

  const periods: PlanVsActualPeriod[] = [];
  let cumPlannedCost = 0;
  let cumPlannedBenefit = 0;
  let cumActual = 0;
  let cumRealised = 0;
  for (let p = 0; p < periodCount; p++) {
    const share = dueShare(p);
    const first = p === 0 ? null : start + (p - 1) * span;
    const last = p === 0 ? start - 1 : start + p * span - 1;
    const state: PeriodState =
      p === 0 ? (asOf >= start ? 'past' : 'current') : asOf > last ? 'past' : asOf >= first! ? 'current' : 'future';
    const plannedCost = view.costs[p] ?? 0;
    const plannedBenefit = view.benefits[p] ?? 0;
    const plannedCostToDate = plannedCost * share;
    const plannedBenefitToDate = plannedBenefit * share;
    cumPlannedCost += plannedCost;
    cumPlannedBenefit += plannedBenefit;
    cumActual += actualCost[p]!;
    cumRealised += realised[p]!;
    const elapsed = state !== 'future';
    periods.push({
      index: p,
      label:
        p === 0
          ? `Before ${startMonth}`
          : monthly
            ? monthOf(first!)
            : `Year ${p} (${monthOf(first!)} – ${monthOf(last)})`,
      fromMonth: first === null ? null : monthOf(first),
      toMonth: monthOf(last),
      state,
      plannedCost,
      plannedCostToDate,
      actualCost: actualCost[p]!,
      costVariance: elapsed ? actualCost[p]! - plannedCostToDate : null,
      plannedBenefit,
      plannedBenefitToDate,
      realisedBenefit: realised[p]!,
      benefitVariance: elapsed ? realised[p]! - plannedBenefitToDate : null,
      cumulativePlannedCost: cumPlannedCost,
      cumulativePlannedBenefit: cumPlannedBenefit,
      cumulativeActualCost: elapsed ? cumActual : null,
      cumulativeRealisedBenefit: elapsed ? cumRealised : null,
    });
  }

  const sum = (f: (p: PlanVsActualPeriod) => number) => periods.reduce((a, p) => a + f(p), 0);
  const plannedCostToDate = sum((p) => p.plannedCostToDate);
  const plannedBenefitToDate = sum((p) => p.plannedBenefitToDate);
  // Entries dated after today (typed ahead) are in their period but not "to date".
  const actualCostToDate = entries
    .filter((e) => e.side === 'cost' && isMonth(e.month) && monthIndex(e.month) <= Math.min(asOf, end))
    .reduce((a, e) => a + e.amount, 0);
  const realisedBenefitToDate = entries
    .filter((e) => e.side === 'benefit' && isMonth(e.month) && monthIndex(e.month) <= Math.min(asOf, end))
    .reduce((a, e) => a + e.amount, 0);
  const plannedCostTotal = cumPlannedCost;
  const plannedBenefitTotal = cumPlannedBenefit;

  const categories = [...byCategory.values()]
    .map((c) => ({ ...c, variance: c.actualToDate - c.plannedToDate, burn: ratio(c.actualToDate, c.plannedToDate) }))
    // Costs first, then benefits; within a side the biggest plan first, unplanned spend after.
    .sort(
      (a, b) =>
        (a.side === b.side ? 0 : a.side === 'cost' ? -1 : 1) ||
        b.plannedTotal - a.plannedTotal ||
        b.actualToDate - a.actualToDate ||
        a.label.localeCompare(b.label),
    );

  return {
    state: 'ok',
    startMonth,
    endMonth: monthOf(end),
    asOfMonth,
    periodicity: evaluation.periodicity,
    periods,
    totals: {
      plannedCostTotal,
      plannedCostToDate,
      actualCostToDate,
      costVariance: actualCostToDate - plannedCostToDate,
      burn: ratio(actualCostToDate, plannedCostToDate),
      budgetUsed: ratio(actualCostToDate, plannedCostTotal),
      plannedBenefitTotal,
      plannedBenefitToDate,
      realisedBenefitToDate,
      benefitVariance: realisedBenefitToDate - plannedBenefitToDate,
      realisation: ratio(realisedBenefitToDate, plannedBenefitToDate),
    },
    categories,
    outsideHorizon: outside,
  };
}

/** What `roi/planVsActual` returns: the computation, against which scenario, and the other choices. */
export interface PlanVsActualView {
  initiativeId: number;
  /** Null when the initiative has no ROI scenario at all. */
  scenario: ScenarioChoice | null;
  /** Whether `scenario` is the default choice (preferredPlan) rather than one the caller asked for. */
  isPreferred: boolean;
  scenarios: ScenarioChoice[];
  /** Null when there is no scenario. */
  result: PlanVsActualResult | null;
  /** Entries on record, whatever the plan. */
  entryCount: number;
  /** This month by the core's clock: the latest month an entry may have, and what "to date" means. */
  asOfMonth: string;
}
