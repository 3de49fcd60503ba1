import { phaseNumber, type PhaseId } from '../phases';
import { productionEntryDay } from './autochecks';
import type { EpochDay } from './days';
import { gateLeaving } from './gates';
import type { InitiativeSnapshot, KpiCadence, SloSnapshot } from './snapshot';

/**
 * The pilot-purgatory signals of domain.md §3.4, as pure functions of (snapshot, as-of day, thresholds).
 *
 * Conventions:
 * - A rule fires when the measured value EXCEEDS its threshold (the threshold is the last value still
 *   fine), except where §3.4 itself writes "≥" (adoption: "in production ≥ 60 d"; recycle: "≥ 2").
 * - As-of: the rules look at the initiative as it was on `asOf`. Transitions, measurements, reviews and
 *   changes dated after `asOf` are ignored. Without a transition history, an initiative whose current
 *   phase began after `asOf` yields no signals (its earlier phase is unknown).
 * - A rule whose data part is `undefined` in the snapshot stays silent: absence of a feature is not a
 *   finding. Killed and retired initiatives are out of purgatory and yield nothing.
 *
 * Speed: no Date parsing here; all dates are epoch-day integers. Micro-check (tsx on Node 20.20.2, this
 * sandbox, one core): 10,000 synthetic initiatives, each with a transition history, 3 KPIs x 12
 * measurements, 4 gate reviews, 6 evidence items, a risk register and scope changes (about 4 signals
 * fire per initiative): all 15 rules plus purgatoryScore and the portfolio rule took ~185 ms on the cold
 * first pass and ~40-50 ms once warm. The 1 s budget of issue 3 also covers loading from SQLite.
 */

export type SignalSeverity = 'info' | 'warning' | 'critical';

export const SIGNAL_RULES = [
  { id: 'TIME_IN_PHASE', label: 'Time in phase', level: 'initiative' },
  { id: 'MISSING_OWNER', label: 'Missing owner', level: 'initiative' },
  { id: 'NO_KPI_BASELINE', label: 'No KPI baseline', level: 'initiative' },
  { id: 'KPI_NOT_MEASURED', label: 'KPI not measured', level: 'initiative' },
  { id: 'NO_MONITORING_CONNECTION', label: 'No monitoring connection', level: 'initiative' },
  { id: 'COST_PER_REQUEST_TREND', label: 'Cost per request rising', level: 'initiative' },
  { id: 'BUDGET_BURN', label: 'Budget burn', level: 'initiative' },
  { id: 'GATE_OVERDUE', label: 'Gate overdue', level: 'initiative' },
  { id: 'RECYCLE_LOOP', label: 'Recycled twice at a gate', level: 'initiative' },
  { id: 'PILOT_ONLY_ECONOMICS', label: 'Pilot-only economics', level: 'initiative' },
  { id: 'NO_PRODUCTION_BUDGET', label: 'No production budget', level: 'initiative' },
  { id: 'ADOPTION_STALL', label: 'Adoption stall', level: 'initiative' },
  { id: 'STALE_RISK_REGISTER', label: 'Stale risk register', level: 'initiative' },
  { id: 'STALE_EVIDENCE', label: 'Stale evidence', level: 'initiative' },
  { id: 'SCOPE_CHURN', label: 'Scope churn', level: 'initiative' },
  { id: 'SLO_BREACH', label: 'SLO breached', level: 'initiative' },
  { id: 'PORTFOLIO_CONVERSION', label: 'Portfolio conversion', level: 'portfolio' },
] as const;
export type SignalRuleId = (typeof SIGNAL_RULES)[number]['id'];

export interface SignalHit {
  ruleId: SignalRuleId;
  severity: SignalSeverity;
  /** What was measured (days, a count, a ratio); the message says which. */
  value: number;
  /** The threshold it was compared with, in the same unit. */
  threshold: number;
  message: string;
}

export interface PhaseBudget {
  warnDays: number;
  critDays: number;
}

export interface SignalThresholds {
  /** §3.4 #1. Null: no time budget (SCALE_OPTIMIZE recurs; G7 reviews cover it). */
  timeInPhase: Record<PhaseId, PhaseBudget | null>;
  /** §3.4 #3: a baseline older than 12 months no longer counts. */
  kpiBaselineMaxAgeDays: number;
  /** §3.4 #4: measurement is expected from this phase on (pilots measure; strategy-phase KPIs need not). */
  kpiMeasuredFromPhase: PhaseId;
  /** §3.4 #4: days per cadence; MONTHLY/QUARTERLY use the longest month/quarter so month-end entry is fine. */
  kpiCadenceDays: Record<KpiCadence, number>;
  /** §3.4 #4: "no measurement in > 2 × cadence". */
  kpiMissedCadences: number;
  /** §3.4 #5: heartbeat within 24 h (day resolution) and an eval run within 30 d. */
  heartbeatMaxAgeDays: number;
  evalRunMaxAgeDays: number;
  /** §3.4 #6 */
  costSlopeWarn: number;
  tokensPerRequestWarn: number;
  costOverTargetCrit: number;
  /** §3.4 #7 */
  burnIndexWarn: number;
  burnIndexCrit: number;
  burnSpendShare: number;
  burnMilestoneShare: number;
  /** §3.4 #8: planned gate date + 30 d; ≥ 2 recycles at the same gate. */
  gateOverdueGraceDays: number;
  recycleLoopCount: number;
  /** §3.4 #9, §1.6 */
  pilotToProductionMinRatio: number;
  /** §3.4 #10: > 60 d in DEVELOP_VALIDATE without an approved production budget. */
  productionBudgetGraceDays: number;
  /** §3.4 #11 */
  adoptionMinDaysInProduction: number;
  adoptionMinShare: number;
  adoptionDeclineWeeks: number;
  /** §3.4 #12 */
  riskReviewMaxAgeDays: number;
  /** §3.4 #13: evidence without a valid-until date is valid this long after submission. */
  evidenceDefaultValidityDays: number;
  /** §3.4 #14: more than 2 changes in 90 days. */
  scopeChurnWindowDays: number;
  scopeChurnMaxChanges: number;
  /** §3.4 #15: trailing 12 months, IDC benchmark 4/33; fewer pilots than this give no signal. */
  conversionWindowDays: number;
  conversionBenchmark: number;
  conversionMinCohort: number;
  /** `purgatory_score = Σ w_rule · severity_weight`, INFO 1, WARN 3, CRIT 8 (§3.4). */
  severityWeights: Record<SignalSeverity, number>;
  ruleWeights: Partial<Record<SignalRuleId, number>>;
}

export const DEFAULT_SIGNAL_THRESHOLDS: SignalThresholds = {
  timeInPhase: {
    STRATEGY: { warnDays: 45, critDays: 90 },
    DATA_FOUNDATION: { warnDays: 60, critDays: 120 },
    ARCHITECTURE: { warnDays: 45, critDays: 90 },
    DEVELOP_VALIDATE: { warnDays: 120, critDays: 180 },
    PRODUCTION_DEPLOY: { warnDays: 30, critDays: 60 },
    MONITOR_OBSERVE: { warnDays: 180, critDays: 270 },
    SCALE_OPTIMIZE: null,
  },
  kpiBaselineMaxAgeDays: 365,
  kpiMeasuredFromPhase: 'DEVELOP_VALIDATE',
  kpiCadenceDays: { DAILY: 1, WEEKLY: 7, MONTHLY: 31, QUARTERLY: 92 },
  kpiMissedCadences: 2,
  heartbeatMaxAgeDays: 1,
  evalRunMaxAgeDays: 30,
  costSlopeWarn: 0.2,
  tokensPerRequestWarn: 0.3,
  costOverTargetCrit: 1.25,
  burnIndexWarn: 1.15,
  burnIndexCrit: 1.3,
  burnSpendShare: 0.8,
  burnMilestoneShare: 0.6,
  gateOverdueGraceDays: 30,
  recycleLoopCount: 2,
  pilotToProductionMinRatio: 3,
  productionBudgetGraceDays: 60,
  adoptionMinDaysInProduction: 60,
  adoptionMinShare: 0.3,
  adoptionDeclineWeeks: 3,
  riskReviewMaxAgeDays: 90,
  evidenceDefaultValidityDays: 180,
  scopeChurnWindowDays: 90,
  scopeChurnMaxChanges: 2,
  conversionWindowDays: 365,
  conversionBenchmark: 4 / 33,
  conversionMinCohort: 5,
  severityWeights: { info: 1, warning: 3, critical: 8 },
  ruleWeights: {},
};

/** The initiative's phase on `asOf`, or null when it cannot be known (not yet created / entered). */
export interface PhaseAsOf {
  phase: PhaseId;
  enteredDay: EpochDay;
  n: number;
}

export function phaseAsOf(s: InitiativeSnapshot, asOf: EpochDay): PhaseAsOf | null {
  if (s.transitions !== undefined && s.transitions.length > 0) {
    let best: { toPhase: PhaseId; day: EpochDay } | null = null;
    for (const t of s.transitions) {
      // On a tie the later entry in the list wins: the history is stored in order.
      if (t.day <= asOf && (best === null || t.day >= best.day)) best = t;
    }
    return best === null ? null : { phase: best.toPhase, enteredDay: best.day, n: phaseNumber(best.toPhase) };
  }
  return s.phaseEnteredDay <= asOf ? { phase: s.phase, enteredDay: s.phaseEnteredDay, n: phaseNumber(s.phase) } : null;
}

interface Ctx {
  asOf: EpochDay;
  at: PhaseAsOf;
  t: SignalThresholds;
}

type Rule = (s: InitiativeSnapshot, c: Ctx) => SignalHit | null;

const hit = (
  ruleId: SignalRuleId,
  severity: SignalSeverity,
  value: number,
  threshold: number,
  message: string,
): SignalHit => ({ ruleId, severity, value, threshold, message });

const DEVELOP_N = phaseNumber('DEVELOP_VALIDATE');
const PRODUCTION_N = phaseNumber('PRODUCTION_DEPLOY');

/** #1 TIME_IN_PHASE: days in the current phase vs its warn/crit budget. */
export const timeInPhase: Rule = (_s, { asOf, at, t }) => {
  const budget = t.timeInPhase[at.phase];
  if (budget === null) return null;
  const days = asOf - at.enteredDay;
  if (days > budget.critDays) {
    return hit(
      'TIME_IN_PHASE',
      'critical',
      days,
      budget.critDays,
      `${days} days in phase (critical after ${budget.critDays})`,
    );
  }
  if (days > budget.warnDays) {
    return hit(
      'TIME_IN_PHASE',
      'warning',
      days,
      budget.warnDays,
      `${days} days in phase (warning after ${budget.warnDays})`,
    );
  }
  return null;
};

/** #2 MISSING_OWNER: sponsor, product owner or tech lead unset, inactive, or gone by `asOf`. Critical at once. */
export const missingOwner: Rule = (s, { asOf }) => {
  const missing: string[] = [];
  const check = (o: InitiativeSnapshot['owners']['sponsor'], role: string): void => {
    if (!o || !o.active || (o.leftDay != null && o.leftDay <= asOf)) missing.push(role);
  };
  check(s.owners.sponsor, 'business sponsor');
  check(s.owners.productOwner, 'AI product owner');
  check(s.owners.techLead, 'tech lead');
  return missing.length === 0
    ? null
    : hit('MISSING_OWNER', 'critical', missing.length, 0, `Missing or inactive owner: ${missing.join(', ')}`);
};

/** #3 NO_KPI_BASELINE: no business KPI with a current baseline and a future target. Warning in Strategy, critical from G2 on. */
export const noKpiBaseline: Rule = (s, { asOf, at, t }) => {
  if (s.kpis === undefined) return null;
  let stale = false;
  let targetPassed = false;
  for (const k of s.kpis) {
    if (k.kind !== 'BUSINESS_OUTCOME' || k.baseline === null || k.target === null || k.baseline.day > asOf) continue;
    const fresh = asOf - k.baseline.day <= t.kpiBaselineMaxAgeDays;
    const targetAhead = k.target.byDay >= asOf;
    if (fresh && targetAhead && k.baseline.source.trim().length > 0) return null;
    if (!fresh) stale = true;
    if (!targetAhead) targetPassed = true;
  }
  const why = stale
    ? `the baseline is older than ${t.kpiBaselineMaxAgeDays} days`
    : targetPassed
      ? 'the target date has passed'
      : 'no business KPI has both a baseline and a target';
  return hit('NO_KPI_BASELINE', at.n === 1 ? 'warning' : 'critical', 0, 1, `No usable KPI baseline: ${why}`);
};

/** #4 KPI_NOT_MEASURED: some KPI has gone more than 2 × its cadence without a measurement. */
export const kpiNotMeasured: Rule = (s, { asOf, at, t }) => {
  if (s.kpis === undefined || at.n < phaseNumber(t.kpiMeasuredFromPhase)) return null;
  let worst: { gap: number; limit: number; id: number } | null = null;
  for (const k of s.kpis) {
    if (k.createdDay > asOf) continue;
    let last = k.baseline !== null && k.baseline.day <= asOf ? k.baseline.day : k.createdDay;
    for (const m of k.measurements) if (m.day <= asOf && m.day > last) last = m.day;
    const gap = asOf - last;
    const limit = t.kpiMissedCadences * t.kpiCadenceDays[k.cadence];
    if (gap > limit && (worst === null || gap / limit > worst.gap / worst.limit)) worst = { gap, limit, id: k.id };
  }
  return worst === null
    ? null
    : hit(
        'KPI_NOT_MEASURED',
        'warning',
        worst.gap,
        worst.limit,
        `KPI ${worst.id} not measured for ${worst.gap} days (limit ${worst.limit})`,
      );
};

/** #5 NO_MONITORING_CONNECTION: in production with no heartbeat in a day or no eval run in 30 days. */
export const noMonitoringConnection: Rule = (s, { asOf, at, t }) => {
  if (s.monitoring === undefined || at.n < PRODUCTION_N) return null;
  const { lastHeartbeatDay: hb, lastEvalRunDay: ev } = s.monitoring;
  if (hb === null || hb > asOf) {
    return hit(
      'NO_MONITORING_CONNECTION',
      'critical',
      asOf - at.enteredDay,
      t.heartbeatMaxAgeDays,
      'No telemetry heartbeat ever received',
    );
  }
  if (asOf - hb > t.heartbeatMaxAgeDays) {
    return hit(
      'NO_MONITORING_CONNECTION',
      'critical',
      asOf - hb,
      t.heartbeatMaxAgeDays,
      `No telemetry heartbeat for ${asOf - hb} days`,
    );
  }
  if (ev === null || ev > asOf) {
    return hit(
      'NO_MONITORING_CONNECTION',
      'critical',
      asOf - at.enteredDay,
      t.evalRunMaxAgeDays,
      'No evaluation run recorded',
    );
  }
  if (asOf - ev > t.evalRunMaxAgeDays) {
    return hit(
      'NO_MONITORING_CONNECTION',
      'critical',
      asOf - ev,
      t.evalRunMaxAgeDays,
      `No evaluation run for ${asOf - ev} days`,
    );
  }
  return null;
};

/**
 * #6 COST_PER_REQUEST_TREND. §3.4 gives "WARN / CRIT" without a split; judgement [P]: critical when the
 * cost per request is already over target × 1.25, warning for a rising trend (slope > 20%, tokens > 30%).
 */
export const costPerRequestTrend: Rule = (s, { t }) => {
  const c = s.costs;
  if (c === undefined) return null;
  if (c.targetCostPerRequest !== null && c.costPerRequest > c.targetCostPerRequest * t.costOverTargetCrit) {
    const ratio = c.costPerRequest / c.targetCostPerRequest;
    return hit(
      'COST_PER_REQUEST_TREND',
      'critical',
      ratio,
      t.costOverTargetCrit,
      `Cost per request at ${ratio.toFixed(2)}× target`,
    );
  }
  if (c.costPerRequestSlope28d > t.costSlopeWarn) {
    return hit(
      'COST_PER_REQUEST_TREND',
      'warning',
      c.costPerRequestSlope28d,
      t.costSlopeWarn,
      'Cost per request rising over 28 days',
    );
  }
  if (c.tokensPerRequestChange > t.tokensPerRequestWarn) {
    return hit(
      'COST_PER_REQUEST_TREND',
      'warning',
      c.tokensPerRequestChange,
      t.tokensPerRequestWarn,
      'Tokens per request rising',
    );
  }
  return null;
};

/** #7 BUDGET_BURN: burn index (spend share ÷ time share) over 1.15 / 1.30, or ≥ 80% spent with < 60% of milestones done. */
export const budgetBurn: Rule = (s, { asOf, t }) => {
  const b = s.budgetBurn;
  if (b === undefined) return null;
  const planned = b.plannedEndDay - b.startDay;
  const elapsed = asOf - b.startDay;
  if (planned <= 0 || elapsed <= 0 || b.approved <= 0) return null;
  const spendShare = b.actual / b.approved;
  const index = spendShare / (elapsed / planned);
  if (index > t.burnIndexCrit)
    return hit('BUDGET_BURN', 'critical', index, t.burnIndexCrit, `Burn index ${index.toFixed(2)}`);
  if (index > t.burnIndexWarn)
    return hit('BUDGET_BURN', 'warning', index, t.burnIndexWarn, `Burn index ${index.toFixed(2)}`);
  const milestoneShare = b.milestonesTotal > 0 ? b.milestonesComplete / b.milestonesTotal : 1;
  if (spendShare >= t.burnSpendShare && milestoneShare < t.burnMilestoneShare) {
    return hit(
      'BUDGET_BURN',
      'warning',
      spendShare,
      t.burnSpendShare,
      `${Math.round(spendShare * 100)}% spent with ${Math.round(milestoneShare * 100)}% of milestones done`,
    );
  }
  return null;
};

/** #8a GATE_OVERDUE: the next gate's scheduled review is more than 30 days past and not held. */
export const gateOverdue: Rule = (s, { asOf, at, t }) => {
  if (s.gateReviews === undefined) return null;
  const gate = gateLeaving(at.phase).id;
  let earliest: EpochDay | null = null;
  for (const r of s.gateReviews) {
    if (r.gate !== gate || r.scheduledDay === null || r.scheduledDay > asOf) continue;
    if (r.heldDay !== null && r.heldDay <= asOf) continue;
    if (earliest === null || r.scheduledDay < earliest) earliest = r.scheduledDay;
  }
  if (earliest === null) return null;
  const late = asOf - earliest;
  return late > t.gateOverdueGraceDays
    ? hit('GATE_OVERDUE', 'warning', late, t.gateOverdueGraceDays, `${gate} review ${late} days past its planned date`)
    : null;
};

/** #8b RECYCLE_LOOP: two or more Recycle decisions at the gate the initiative now faces. */
export const recycleLoop: Rule = (s, { asOf, at, t }) => {
  if (s.gateReviews === undefined) return null;
  const gate = gateLeaving(at.phase).id;
  let count = 0;
  for (const r of s.gateReviews) {
    if (r.gate === gate && r.decision === 'RECYCLE' && r.heldDay !== null && r.heldDay <= asOf) count++;
  }
  return count >= t.recycleLoopCount
    ? hit('RECYCLE_LOOP', 'critical', count, t.recycleLoopCount, `Recycled ${count} times at ${gate}`)
    : null;
};

/** #9 PILOT_ONLY_ECONOMICS: ROI model without production cost categories, or production/pilot cost < 3×. */
export const pilotOnlyEconomics: Rule = (s, { t }) => {
  const roi = s.roi;
  // No model at all is a different finding (the roi.model_exists gate check), not pilot-only economics.
  if (roi === undefined || roi === null) return null;
  if (!roi.hasProductionCostCategories) {
    return hit(
      'PILOT_ONLY_ECONOMICS',
      'warning',
      0,
      t.pilotToProductionMinRatio,
      'ROI model has no production cost categories',
    );
  }
  if (roi.productionCostC0PlusY1 === null || roi.pilotActualCost === null || roi.pilotActualCost <= 0) return null;
  const ratio = roi.productionCostC0PlusY1 / roi.pilotActualCost;
  return ratio < t.pilotToProductionMinRatio
    ? hit(
        'PILOT_ONLY_ECONOMICS',
        'warning',
        ratio,
        t.pilotToProductionMinRatio,
        `Production / pilot cost only ${ratio.toFixed(1)}×`,
      )
    : null;
};

/** #10 NO_PRODUCTION_BUDGET: > 60 days in DEVELOP_VALIDATE, or past G4, without an approved production budget. */
export const noProductionBudget: Rule = (s, { asOf, at, t }) => {
  const pb = s.productionBudget;
  if (pb === undefined || at.n < DEVELOP_N) return null;
  if (pb.approvedDay !== null && pb.approvedDay <= asOf) return null;
  const days = asOf - at.enteredDay;
  if (at.n > DEVELOP_N) {
    return hit(
      'NO_PRODUCTION_BUDGET',
      'critical',
      days,
      0,
      'Past the production readiness gate without an approved production budget',
    );
  }
  return days > t.productionBudgetGraceDays
    ? hit(
        'NO_PRODUCTION_BUDGET',
        'critical',
        days,
        t.productionBudgetGraceDays,
        `${days} days in build & validate without a production budget`,
      )
    : null;
};

/** #11 ADOPTION_STALL: in production ≥ 60 days and active/eligible < 30%, or 3 weekly declines in a row. */
export const adoptionStall: Rule = (s, { asOf, t }) => {
  const a = s.adoption;
  if (a === undefined) return null;
  const since = productionEntryDay(s, asOf);
  if (since === null || asOf - since < t.adoptionMinDaysInProduction) return null;
  const weeks = a.weekly.filter((w) => w.day <= asOf).sort((x, y) => x.day - y.day);
  const latest = weeks[weeks.length - 1];
  if (latest === undefined || a.eligibleUsers <= 0) return null;
  const share = latest.activeUsers / a.eligibleUsers;
  if (share < t.adoptionMinShare) {
    return hit(
      'ADOPTION_STALL',
      'warning',
      share,
      t.adoptionMinShare,
      `${Math.round(share * 100)}% of eligible users active`,
    );
  }
  const n = t.adoptionDeclineWeeks;
  if (weeks.length > n) {
    let declines = 0;
    for (let i = weeks.length - n; i < weeks.length; i++) {
      if (weeks[i]!.activeUsers < weeks[i - 1]!.activeUsers) declines++;
    }
    if (declines === n) return hit('ADOPTION_STALL', 'warning', declines, n, `Active users fell ${n} weeks in a row`);
  }
  return null;
};

/**
 * #12 STALE_RISK_REGISTER. §3.4 says "WARN / CRIT"; judgement [P]: a Critical risk past its review date
 * is critical; no review in 90 days, or overdue treatment actions, is a warning.
 */
export const staleRiskRegister: Rule = (s, { asOf, t }) => {
  const r = s.riskRegister;
  // An empty register is not a stale one: nothing was ever put on it to review (the G6 check fails it).
  if (r === undefined || r.riskCount === 0) return null;
  const lateCritical = r.criticalRisks.filter((k) => k.nextReviewDay !== null && k.nextReviewDay < asOf).length;
  if (lateCritical > 0) {
    return hit(
      'STALE_RISK_REGISTER',
      'critical',
      lateCritical,
      0,
      `${lateCritical} Critical risk(s) past their review date`,
    );
  }
  let last = s.createdDay;
  for (const d of r.reviewDays) if (d <= asOf && d > last) last = d;
  const age = asOf - last;
  if (age > t.riskReviewMaxAgeDays) {
    return hit('STALE_RISK_REGISTER', 'warning', age, t.riskReviewMaxAgeDays, `No risk review for ${age} days`);
  }
  const overdue = r.treatments.filter(
    (x) => x.dueDay < asOf && (x.completedDay === null || x.completedDay > asOf),
  ).length;
  return overdue > 0
    ? hit('STALE_RISK_REGISTER', 'warning', overdue, 0, `${overdue} overdue treatment action(s)`)
    : null;
};

/**
 * #13 STALE_EVIDENCE. §3.4 says "INFO / WARN"; judgement [P]: expired evidence for the gate the
 * initiative now faces is a warning (the review would rely on it); expired evidence of other gates is info.
 */
export const staleEvidence: Rule = (s, { asOf, at, t }) => {
  if (s.evidence === undefined) return null;
  const gate = gateLeaving(at.phase).id;
  let current = 0;
  let other = 0;
  for (const e of s.evidence) {
    if (e.submittedDay > asOf) continue;
    const validUntil = e.validUntilDay ?? e.submittedDay + t.evidenceDefaultValidityDays;
    if (asOf <= validUntil) continue;
    if (e.gate === gate) current++;
    else other++;
  }
  if (current > 0)
    return hit('STALE_EVIDENCE', 'warning', current, 0, `${current} evidence item(s) for ${gate} expired`);
  if (other > 0) return hit('STALE_EVIDENCE', 'info', other, 0, `${other} evidence item(s) of earlier gates expired`);
  return null;
};

/** #14 SCOPE_CHURN: KPI target or scope changed more than twice in the last 90 days (asOf − 89 … asOf). */
export const scopeChurn: Rule = (s, { asOf, t }) => {
  if (s.scopeChanges === undefined) return null;
  let n = 0;
  for (const d of s.scopeChanges) if (d <= asOf && asOf - d < t.scopeChurnWindowDays) n++;
  return n > t.scopeChurnMaxChanges
    ? hit(
        'SCOPE_CHURN',
        'warning',
        n,
        t.scopeChurnMaxChanges,
        `${n} scope or target changes in ${t.scopeChurnWindowDays} days`,
      )
    : null;
};

const SLO_WORDING: Record<SloSnapshot['kind'], { what: string; fmt: (v: number) => string }> = {
  latency_p95: { what: 'Latency p95', fmt: (v) => `${v < 1 ? Math.round(v * 1000) + ' ms' : v.toFixed(2) + ' s'}` },
  error_rate: { what: 'Error rate', fmt: (v) => `${(v * 100).toFixed(v < 0.1 ? 2 : 1)} %` },
  cost_per_day: { what: 'Cost per day', fmt: (v) => `$${v.toFixed(2)}` },
  cost_per_request: { what: 'Cost per request', fmt: (v) => `$${v.toFixed(v < 0.1 ? 4 : 2)}` },
};

/**
 * SLO_BREACH (issue 6, not in §3.4): an SLO the initiative set for itself is breached by its live telemetry.
 * Judgement [P]: critical at 1.5× the threshold or more, else a warning. The worst SLO (by its ratio) is the
 * one reported; missing or stale data is not a breach (NO_MONITORING_CONNECTION covers silence).
 */
export const sloBreach: Rule = (s) => {
  let worst: { slo: SloSnapshot; ratio: number } | null = null;
  for (const slo of s.slos ?? []) {
    if (slo.state !== 'breached' || slo.actual === null || !(slo.threshold > 0)) continue;
    const ratio = slo.actual / slo.threshold;
    if (!worst || ratio > worst.ratio) worst = { slo, ratio };
  }
  if (!worst) return null;
  const { what, fmt } = SLO_WORDING[worst.slo.kind];
  return hit(
    'SLO_BREACH',
    worst.ratio >= 1.5 ? 'critical' : 'warning',
    worst.ratio,
    1,
    `${what} ${fmt(worst.slo.actual ?? 0)} over its SLO of ${fmt(worst.slo.threshold)}`,
  );
};

const INITIATIVE_RULES: readonly Rule[] = [
  timeInPhase,
  missingOwner,
  noKpiBaseline,
  kpiNotMeasured,
  noMonitoringConnection,
  costPerRequestTrend,
  budgetBurn,
  gateOverdue,
  recycleLoop,
  pilotOnlyEconomics,
  noProductionBudget,
  adoptionStall,
  staleRiskRegister,
  staleEvidence,
  scopeChurn,
  sloBreach,
];

/** Every initiative-level signal that fires for `snapshot` on `asOf`. */
export function evaluateSignals(
  snapshot: InitiativeSnapshot,
  asOf: EpochDay,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): SignalHit[] {
  if (snapshot.status === 'killed' || snapshot.status === 'retired' || snapshot.createdDay > asOf) return [];
  const at = phaseAsOf(snapshot, asOf);
  if (at === null) return [];
  const ctx: Ctx = { asOf, at, t: thresholds };
  const out: SignalHit[] = [];
  for (const rule of INITIATIVE_RULES) {
    const h = rule(snapshot, ctx);
    if (h !== null) out.push(h);
  }
  return out;
}

/**
 * #15 PORTFOLIO_CONVERSION: of the pilots started (entered DEVELOP_VALIDATE) in the trailing window, the
 * share that reached production (PRODUCTION_DEPLOY or later) by `asOf`. Info when below the IDC 4/33
 * benchmark and the cohort is big enough to mean something.
 */
export function portfolioConversion(
  snapshots: readonly InitiativeSnapshot[],
  asOf: EpochDay,
  thresholds: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): SignalHit | null {
  let started = 0;
  let reached = 0;
  const from = asOf - thresholds.conversionWindowDays;
  for (const s of snapshots) {
    const pilotStart = firstEntryAtOrAfter(s, DEVELOP_N, asOf);
    if (pilotStart === null || pilotStart <= from) continue;
    started++;
    if (productionEntryDay(s, asOf) !== null) reached++;
  }
  if (started < thresholds.conversionMinCohort) return null;
  const share = reached / started;
  return share < thresholds.conversionBenchmark
    ? hit(
        'PORTFOLIO_CONVERSION',
        'info',
        share,
        thresholds.conversionBenchmark,
        `${reached} of ${started} pilots started in the last ${thresholds.conversionWindowDays} days reached production`,
      )
    : null;
}

/** First day on or before `asOf` the initiative entered a phase numbered `n` or higher, or null. */
function firstEntryAtOrAfter(s: InitiativeSnapshot, n: number, asOf: EpochDay): EpochDay | null {
  if (s.transitions !== undefined && s.transitions.length > 0) {
    let first: EpochDay | null = null;
    for (const t of s.transitions) {
      if (t.day <= asOf && phaseNumber(t.toPhase) >= n && (first === null || t.day < first)) first = t.day;
    }
    return first;
  }
  // Without history only an initiative still in exactly phase n shows when it started there.
  return phaseNumber(s.phase) === n && s.phaseEnteredDay <= asOf ? s.phaseEnteredDay : null;
}

/** Watchlist sort key: `Σ w_rule · severity_weight` (§3.4). */
export function purgatoryScore(
  signals: readonly Pick<SignalHit, 'ruleId' | 'severity'>[],
  thresholds: Pick<SignalThresholds, 'severityWeights' | 'ruleWeights'> = DEFAULT_SIGNAL_THRESHOLDS,
): number {
  let score = 0;
  for (const s of signals) score += (thresholds.ruleWeights[s.ruleId] ?? 1) * thresholds.severityWeights[s.severity];
  return score;
}
