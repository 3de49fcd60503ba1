import { vocabulary } from '../enums';
import { bandOf, type RiskBand } from './scales';
import type { RiskCategory } from './taxonomy';

/**
 * Review cadence, appetite and the register's flags (domain.md §2.2–§2.3). Pure date arithmetic on
 * YYYY-MM-DD strings in UTC, so the renderer and the core agree to the day.
 */

export const REVIEW_CADENCES = [
  { id: 'MONTHLY', label: 'Monthly', months: 1 },
  { id: 'QUARTERLY', label: 'Quarterly', months: 3 },
  { id: 'SEMI_ANNUAL', label: 'Semi-annually', months: 6 },
  { id: 'ANNUAL', label: 'Annually', months: 12 },
] as const;
export type ReviewCadence = (typeof REVIEW_CADENCES)[number]['id'];
export const REVIEW_CADENCE_IDS = vocabulary(REVIEW_CADENCES).ids;

/** §2.2 [P]: Critical monthly, High quarterly, Medium semi-annually, Low annually (by residual band). */
export const CADENCE_BY_BAND: Readonly<Record<RiskBand, ReviewCadence>> = {
  CRITICAL: 'MONTHLY',
  HIGH: 'QUARTERLY',
  MEDIUM: 'SEMI_ANNUAL',
  LOW: 'ANNUAL',
};

/** The cadence that applies: the risk's own, or the one its residual band calls for. */
export function effectiveCadence(cadence: ReviewCadence | null, residualScore: number): ReviewCadence {
  return cadence ?? CADENCE_BY_BAND[bandOf(residualScore)];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(iso: string): [number, number, number] {
  const m = DATE.exec(iso);
  if (!m) throw new RangeError(`Not a YYYY-MM-DD date: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * `iso` plus whole calendar months. A day the target month lacks clamps to its last day (31 Jan + 1 month
 * = 28 Feb, or 29 Feb in a leap year; 29 Feb 2028 + 12 months = 28 Feb 2029), so a review never skips a month.
 */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = parts(iso);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, daysInMonth(year, month)))}`;
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = parts(iso);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function cadenceMonths(c: ReviewCadence): number {
  return REVIEW_CADENCES.find((x) => x.id === c)!.months;
}

/** The next review after one held (or the risk identified) on `fromIso`. */
export function nextReviewDate(fromIso: string, cadence: ReviewCadence): string {
  return addMonths(fromIso, cadenceMonths(cadence));
}

/** Strictly before today: a review due today is not yet overdue. */
export function isReviewOverdue(nextReviewOn: string, today: string): boolean {
  return nextReviewOn < today;
}

/** An acceptance stops counting the day after its expiry date. */
export function isAcceptanceExpired(expiresOn: string | null, today: string): boolean {
  return expiresOn !== null && expiresOn < today;
}

/**
 * Default appetite per category [P] (the workspace's `risk_appetite {category -> max_residual_score}`,
 * §6): a residual score at or below it is within appetite. Most categories tolerate Medium (≤ 9);
 * privacy, security and fairness tolerate 6; safety and legal/regulatory tolerate Low only (≤ 4), since
 * their Major impacts are rights, safety or enforcement findings.
 */
export const DEFAULT_APPETITE: Readonly<Record<RiskCategory, number>> = {
  STRATEGIC_VALUE: 9,
  DATA: 9,
  MODEL_PERFORMANCE: 9,
  SECURITY: 6,
  PRIVACY: 6,
  FAIRNESS_BIAS: 6,
  SAFETY: 4,
  TRANSPARENCY_EXPLAINABILITY: 9,
  LEGAL_REGULATORY: 4,
  THIRD_PARTY_VENDOR: 9,
  OPERATIONAL_RELIABILITY: 9,
  FINANCIAL_COST: 9,
  PEOPLE_ADOPTION_CHANGE: 9,
  REPUTATIONAL: 9,
  AGENTIC_AUTONOMY: 6,
  ENVIRONMENTAL: 9,
};

/** §2.2: within_appetite = residual_score ≤ appetite_threshold. */
export function withinAppetite(residualScore: number, appetite: number): boolean {
  return residualScore <= appetite;
}

/** What the flags read about a risk. */
export interface FlagInput {
  residualScore: number;
  appetite: number;
  status: string;
  acceptance: { expiresOn: string } | null;
  nextReviewOn: string;
  /** Earliest due date of the risk's open actions (planned or in progress), null when none. */
  openActionDueOn: string | null;
}

export interface RiskFlags {
  withinAppetite: boolean;
  /** An acceptance is on record and still in force today. */
  acceptedInForce: boolean;
  acceptanceExpired: boolean;
  /**
   * Above appetite with no accepted decision in force (§2.2: "anything above appetite needs either
   * treatment or a formal acceptance"): treatment alone does not clear it until the residual score is
   * back within appetite, because only a formal acceptance is a decision to live with the excess.
   */
  aboveAppetiteUnaccepted: boolean;
  reviewOverdue: boolean;
  actionOverdue: boolean;
}

/** Closed risks raise no flags: nothing is left to review, treat or accept. */
export function riskFlags(r: FlagInput, today: string): RiskFlags {
  const closed = r.status === 'CLOSED';
  const within = withinAppetite(r.residualScore, r.appetite);
  const expired = r.acceptance !== null && isAcceptanceExpired(r.acceptance.expiresOn, today);
  const inForce = r.acceptance !== null && !expired;
  return {
    withinAppetite: within,
    acceptedInForce: inForce,
    acceptanceExpired: expired,
    aboveAppetiteUnaccepted: !closed && !within && !inForce,
    reviewOverdue: !closed && isReviewOverdue(r.nextReviewOn, today),
    actionOverdue: !closed && r.openActionDueOn !== null && r.openActionDueOn < today,
  };
}
