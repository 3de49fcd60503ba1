import { INITIATIVE_TYPES, type RiskTier } from '../../../../shared/domain/enums';
import { PHASES, phaseInfo, type PhaseId } from '../../../../shared/domain/phases';
import type { RoiGroupTotals, RoiPoint } from '../../../../shared/domain/roiPortfolio';

/**
 * The executive view's arithmetic, kept pure so it can be tested without a browser: filtering the points
 * the core sent, and everything recomputed from what is left (totals, groups, the waterfall, top and bottom).
 * The core's own totals (roi/portfolio) cover the whole portfolio; with a filter on, these are the truth.
 */

export type GroupBy = 'phase' | 'businessUnit' | 'type';

export const GROUP_BY: { id: GroupBy; label: string }[] = [
  { id: 'phase', label: 'Phase' },
  { id: 'businessUnit', label: 'Business unit' },
  { id: 'type', label: 'Type' },
];

export interface RoiFilter {
  /** null: every phase. */
  phase: PhaseId | null;
  /** null: every business unit; '' is the initiatives without one. */
  businessUnit: string | null;
}

export const NO_FILTER: RoiFilter = { phase: null, businessUnit: null };

export const NO_BUSINESS_UNIT = '(none)';

export function filterPoints(points: readonly RoiPoint[], filter: RoiFilter): readonly RoiPoint[] {
  if (filter.phase === null && filter.businessUnit === null) return points;
  return points.filter(
    (p) =>
      (filter.phase === null || p.phase === filter.phase) &&
      (filter.businessUnit === null || p.businessUnit === filter.businessUnit),
  );
}

function emptyTotals(key: string): RoiGroupTotals {
  return { key, count: 0, npv: 0, npvRiskAdjusted: 0, pvCosts: 0, pvBenefits: 0, actualCost: 0, realisedValue: 0 };
}

/** Adds a point into a running total; a non-finite figure (never expected from the core) counts as 0. */
function add(t: RoiGroupTotals, p: RoiPoint): void {
  const f = (x: number) => (Number.isFinite(x) ? x : 0);
  t.count++;
  t.npv += f(p.npv);
  t.npvRiskAdjusted += f(p.npvRiskAdjusted);
  t.pvCosts += f(p.pvCosts);
  t.pvBenefits += f(p.pvBenefits);
  t.actualCost += f(p.actualCost);
  t.realisedValue += f(p.realisedValue);
}

export function totalsOf(points: readonly RoiPoint[]): RoiGroupTotals {
  const t = emptyTotals('portfolio');
  for (const p of points) add(t, p);
  return t;
}

const keyOf: Record<GroupBy, (p: RoiPoint) => string> = {
  phase: (p) => p.phase,
  businessUnit: (p) => p.businessUnit || NO_BUSINESS_UNIT,
  type: (p) => p.type,
};

/**
 * Totals per group. Phases keep the roadmap's order (a funnel reads left to right); business units and
 * types are ranked by NPV, biggest first, ties by name.
 */
export function groupTotals(points: readonly RoiPoint[], by: GroupBy): RoiGroupTotals[] {
  const byKey = new Map<string, RoiGroupTotals>();
  const keyFn = keyOf[by];
  for (const p of points) {
    const key = keyFn(p);
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = emptyTotals(key)));
    add(g, p);
  }
  const groups = [...byKey.values()];
  if (by === 'phase') {
    const order = new Map<string, number>(PHASES.map((ph, i) => [ph.id, i]));
    return groups.sort((a, b) => (order.get(a.key) ?? 99) - (order.get(b.key) ?? 99));
  }
  return groups.sort((a, b) => b.npv - a.npv || a.key.localeCompare(b.key));
}

export function groupLabel(by: GroupBy, key: string): string {
  if (by === 'phase') {
    const info = PHASES.find((p) => p.id === key);
    return info ? `${info.n}. ${info.short}` : key;
  }
  if (by === 'type') return INITIATIVE_TYPES.label(key as (typeof INITIATIVE_TYPES.ids)[number]);
  return key;
}

export function phaseLabel(phase: PhaseId): string {
  const info = phaseInfo(phase);
  return `${info.n}. ${info.short}`;
}

/** NPV per unit of investment (NPV / PV of costs); null when nothing was invested, never Infinity. */
export function ratio(numerator: number, denominator: number): number | null {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return null;
  return numerator / denominator;
}

/** Biggest NPV first; ties by name then id so the order is stable across reloads. */
export function byNpvDesc(a: RoiPoint, b: RoiPoint): number {
  return b.npv - a.npv || a.name.localeCompare(b.name) || a.initiativeId - b.initiativeId;
}

/**
 * The `n` best initiatives by NPV, and the `n` worst (worst first). With fewer than 2n points the bottom
 * list holds what the top list left, so no initiative shows twice.
 */
export function topAndBottom(points: readonly RoiPoint[], n: number): { top: RoiPoint[]; bottom: RoiPoint[] } {
  const sorted = [...points].sort(byNpvDesc);
  const top = sorted.slice(0, n);
  const bottom = sorted.slice(Math.max(n, sorted.length - n)).reverse();
  return { top, bottom };
}

export interface WaterfallStep {
  label: string;
  /** The initiative a bar stands for; null for "Others" and the total. */
  initiativeId: number | null;
  kind: 'up' | 'down' | 'others' | 'total';
  /** This bar's contribution (the total's is the whole). */
  value: number;
  /** Where the bar starts and ends on the value axis. */
  from: number;
  to: number;
}

/**
 * The NPV bridge: the `n` largest contributors to total NPV by size (positive or negative), the rest
 * summed as "Others (k)", ending at the portfolio total. Positives come first, biggest first, then
 * "Others", then the negatives, smallest loss first, so the bars climb and then fall to the total.
 */
export function npvWaterfall(
  points: readonly RoiPoint[],
  n: number,
  npvOf: (p: RoiPoint) => number = (p) => p.npv,
): WaterfallStep[] {
  if (points.length === 0) return [];
  const value = (p: RoiPoint) => (Number.isFinite(npvOf(p)) ? npvOf(p) : 0);
  const bySize = [...points].sort((a, b) => Math.abs(value(b)) - Math.abs(value(a)) || a.initiativeId - b.initiativeId);
  // Showing "Others (1)" instead of that one initiative would hide its name for nothing.
  const shown = bySize.length <= n + 1 ? bySize : bySize.slice(0, n);
  const rest = bySize.slice(shown.length);
  const positives = shown.filter((p) => value(p) >= 0).sort((a, b) => value(b) - value(a));
  const negatives = shown.filter((p) => value(p) < 0).sort((a, b) => value(b) - value(a));
  const steps: WaterfallStep[] = [];
  let level = 0;
  const push = (label: string, initiativeId: number | null, kind: WaterfallStep['kind'], v: number) => {
    steps.push({ label, initiativeId, kind, value: v, from: level, to: level + v });
    level += v;
  };
  for (const p of positives) push(p.name, p.initiativeId, 'up', value(p));
  if (rest.length > 0) {
    push(
      `Others (${rest.length.toLocaleString('en')})`,
      null,
      'others',
      rest.reduce((s, p) => s + value(p), 0),
    );
  }
  for (const p of negatives) push(p.name, p.initiativeId, 'down', value(p));
  steps.push({ label: 'Portfolio NPV', initiativeId: null, kind: 'total', value: level, from: 0, to: level });
  return steps;
}

/** EU AI Act tiers from least to most risky; an unclassified initiative is a governance gap, so it sits last. */
export const RISK_BANDS: { tier: RiskTier; label: string }[] = [
  { tier: 'minimal', label: 'Minimal' },
  { tier: 'limited', label: 'Limited' },
  { tier: 'high', label: 'High' },
  { tier: 'prohibited', label: 'Prohibited' },
  { tier: 'unclassified', label: 'Unclassified' },
];
const BAND_INDEX = new Map<RiskTier, number>(RISK_BANDS.map((b, i) => [b.tier, i]));

/** A stable pseudo-random fraction in [0, 1) per initiative (integer hash), so bubbles never move between renders. */
export function jitter(id: number): number {
  let h = Math.imul(id ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4_294_967_296;
}

/** How far a purgatory score of `s` pushes a bubble along its band: 0 at 0, half at HALF_SCORE, towards 1. */
export const HALF_SCORE = 10;

/**
 * The value-vs-risk chart's x: the risk tier's band (0 = minimal … 4 = unclassified) plus a position
 * inside it, −0.4 … +0.4 around the band's centre. The watchlist's purgatory score moves a bubble right
 * (score / (score + 10), so it saturates instead of one outlier squashing the rest), and a small
 * deterministic jitter keeps initiatives with the same score from hiding each other.
 */
export function riskX(tier: RiskTier, score: number, id: number): number {
  const band = BAND_INDEX.get(tier) ?? RISK_BANDS.length - 1;
  const s = Number.isFinite(score) && score > 0 ? score : 0;
  const within = 0.15 * jitter(id) + 0.85 * (s / (s + HALF_SCORE));
  return band - 0.4 + 0.8 * within;
}
