import { z } from 'zod';
import type { FieldIssue } from '../errors';
import {
  DEFAULT_SIGNAL_THRESHOLDS,
  SIGNAL_RULES,
  type PhaseBudget,
  type SignalRuleId,
  type SignalThresholds,
} from './governance/signals';
import type { KpiCadence } from './governance/snapshot';
import { PHASE_IDS, PHASES, type PhaseId } from './phases';

/**
 * User overrides of the radar's thresholds (settings key 'signals.thresholds'): a partial of
 * DEFAULT_SIGNAL_THRESHOLDS, merged over it. Only what differs from the defaults is stored, so a later
 * release that tunes a default still reaches users who never touched that threshold.
 */
export const THRESHOLDS_SETTING_KEY = 'signals.thresholds';

const num = z.number({ error: 'Enter a number' });
const days = (max = 3650) =>
  num
    .int('Enter whole days')
    .min(1, 'At least 1 day')
    .max(max, `At most ${max.toLocaleString('en')} days`);
const count = (max: number) => num.int('Enter a whole number').min(1, 'At least 1').max(max, `At most ${max}`);
const positive = (max: number) => num.gt(0, 'Must be above 0').max(max, `At most ${max}`);
const share = num.gt(0, 'Must be above 0').max(1, 'At most 1 (100%)');

const phaseBudget = z.strictObject({ warnDays: days().optional(), critDays: days().optional() }).nullable();
const cadences = z.strictObject({
  DAILY: days(366).optional(),
  WEEKLY: days(366).optional(),
  MONTHLY: days(366).optional(),
  QUARTERLY: days(366).optional(),
});

const RULE_IDS = SIGNAL_RULES.map((r) => r.id) as [SignalRuleId, ...SignalRuleId[]];

const overridesShape = z.strictObject({
  timeInPhase: z.partialRecord(z.enum(PHASE_IDS), phaseBudget),
  kpiBaselineMaxAgeDays: days(),
  kpiMeasuredFromPhase: z.enum(PHASE_IDS),
  kpiCadenceDays: cadences,
  kpiMissedCadences: count(52),
  heartbeatMaxAgeDays: days(365),
  evalRunMaxAgeDays: days(),
  costSlopeWarn: positive(10),
  tokensPerRequestWarn: positive(10),
  costOverTargetCrit: num.min(1, 'At least 1 (the target itself)').max(10, 'At most 10'),
  burnIndexWarn: positive(10),
  burnIndexCrit: positive(10),
  burnSpendShare: share,
  burnMilestoneShare: share,
  gateOverdueGraceDays: days(),
  recycleLoopCount: count(20),
  pilotToProductionMinRatio: positive(100),
  productionBudgetGraceDays: days(),
  adoptionMinDaysInProduction: days(),
  adoptionMinShare: share,
  adoptionDeclineWeeks: count(52),
  riskReviewMaxAgeDays: days(),
  evidenceDefaultValidityDays: days(),
  scopeChurnWindowDays: days(),
  scopeChurnMaxChanges: count(100),
  conversionWindowDays: days(),
  conversionBenchmark: share,
  conversionMinCohort: count(10_000),
  severityWeights: z.strictObject({
    info: positive(1000).optional(),
    warning: positive(1000).optional(),
    critical: positive(1000).optional(),
  }),
  ruleWeights: z.partialRecord(z.enum(RULE_IDS), positive(100)),
});

/** The overrides as stored and as `signals/setThresholds` takes them: any subset, merged over the defaults. */
export type ThresholdOverrides = z.output<ReturnType<typeof overridesShape.partial>>;

/** Overrides merged over the defaults (nested objects field by field). */
export function mergeThresholds(
  o: ThresholdOverrides,
  d: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): SignalThresholds {
  const timeInPhase = { ...d.timeInPhase };
  for (const id of PHASE_IDS) {
    const b = o.timeInPhase?.[id];
    if (b === undefined) continue;
    const base = d.timeInPhase[id];
    const warnDays = b?.warnDays ?? base?.warnDays;
    const critDays = b?.critDays ?? base?.critDays;
    // Null turns the budget off; a half-given budget on a phase without a default stays off (refused below).
    timeInPhase[id] = b === null || warnDays === undefined || critDays === undefined ? null : { warnDays, critDays };
  }
  const { timeInPhase: _t, kpiCadenceDays, severityWeights, ruleWeights, ...flat } = o;
  const cadence: Partial<Record<KpiCadence, number>> = {};
  for (const [k, v] of Object.entries(kpiCadenceDays ?? {})) if (v !== undefined) cadence[k as KpiCadence] = v;
  const weights: Partial<SignalThresholds['severityWeights']> = {};
  for (const [k, v] of Object.entries(severityWeights ?? {})) if (v !== undefined) weights[k as 'info'] = v;
  const flatDefined = Object.fromEntries(Object.entries(flat).filter(([, v]) => v !== undefined));
  return {
    ...d,
    ...flatDefined,
    timeInPhase,
    kpiCadenceDays: { ...d.kpiCadenceDays, ...cadence },
    severityWeights: { ...d.severityWeights, ...weights },
    ruleWeights: { ...d.ruleWeights, ...ruleWeights },
  };
}

/** Checks that need the merged values (an override of a warning level is checked against the default critical one). */
function crossFieldIssues(o: ThresholdOverrides): { path: (string | number)[]; message: string }[] {
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const id of PHASE_IDS) {
    const b = o.timeInPhase?.[id];
    if (!b) continue;
    const base: PhaseBudget | null = DEFAULT_SIGNAL_THRESHOLDS.timeInPhase[id];
    const warn = b.warnDays ?? base?.warnDays;
    const crit = b.critDays ?? base?.critDays;
    if (warn === undefined) out.push({ path: ['timeInPhase', id, 'warnDays'], message: 'Give the warning budget too' });
    else if (crit === undefined)
      out.push({ path: ['timeInPhase', id, 'critDays'], message: 'Give the critical budget too' });
    else if (crit <= warn) {
      out.push({
        path: ['timeInPhase', id, b.critDays !== undefined ? 'critDays' : 'warnDays'],
        message: 'The critical budget must be longer than the warning budget',
      });
    }
  }
  const m = mergeThresholds(o);
  if (m.burnIndexCrit <= m.burnIndexWarn) {
    out.push({
      path: [o.burnIndexCrit !== undefined ? 'burnIndexCrit' : 'burnIndexWarn'],
      message: 'The critical burn index must be above the warning one',
    });
  }
  const w = m.severityWeights;
  if (!(w.info <= w.warning && w.warning <= w.critical)) {
    const key =
      o.severityWeights?.critical !== undefined ? 'critical' : o.severityWeights?.warning ? 'warning' : 'info';
    out.push({ path: ['severityWeights', key], message: 'Weights must rise from info to warning to critical' });
  }
  return out;
}

export const thresholdOverrides = overridesShape.partial().superRefine((o, ctx) => {
  for (const i of crossFieldIssues(o)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
});

/** `signals/setThresholds`: the complete set of overrides (what is left out goes back to its default). */
export const setThresholdsInput = z.strictObject({ overrides: thresholdOverrides });
export type SetThresholdsInput = z.input<typeof setThresholdsInput>;

/** Parses a stored override; anything unreadable counts as "no override" and is reported to the caller. */
export function parseStoredOverrides(
  raw: string | null,
): { ok: true; overrides: ThresholdOverrides } | { ok: false; issues: FieldIssue[] } {
  if (raw === null) return { ok: true, overrides: {} };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, issues: [{ path: '', message: 'The stored thresholds are not JSON' }] };
  }
  const r = thresholdOverrides.safeParse(json);
  return r.success
    ? { ok: true, overrides: r.data }
    : { ok: false, issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

/** Drops overrides equal to the default, so the stored JSON says only what the user changed. */
export function minimalOverrides(o: ThresholdOverrides): ThresholdOverrides {
  const m = mergeThresholds(o);
  const d = DEFAULT_SIGNAL_THRESHOLDS;
  const out: Record<string, unknown> = {};
  const tip: Partial<Record<PhaseId, PhaseBudget | null>> = {};
  for (const id of PHASE_IDS) {
    const a = m.timeInPhase[id];
    const b = d.timeInPhase[id];
    if (JSON.stringify(a) !== JSON.stringify(b)) tip[id] = a;
  }
  if (Object.keys(tip).length) out.timeInPhase = tip;
  for (const key of ['kpiCadenceDays', 'severityWeights', 'ruleWeights'] as const) {
    const diff = Object.fromEntries(
      Object.entries(m[key]).filter(([k, v]) => (d[key] as Record<string, number | undefined>)[k] !== v),
    );
    if (Object.keys(diff).length) out[key] = diff;
  }
  for (const [k, v] of Object.entries(m)) {
    if (k === 'timeInPhase' || k === 'kpiCadenceDays' || k === 'severityWeights' || k === 'ruleWeights') continue;
    if (d[k as keyof SignalThresholds] !== v) out[k] = v;
  }
  return out as ThresholdOverrides;
}

/** What the thresholds dialog shows per rule: its fields, in the rule's own words, and its severities. */
export type ThresholdUnit = 'days' | 'count' | 'ratio' | 'share' | 'phase';
export interface ThresholdField {
  /** Path in SignalThresholds, e.g. ['timeInPhase', 'STRATEGY', 'warnDays']. */
  path: readonly string[];
  label: string;
  unit: ThresholdUnit;
}
export interface RuleThresholds {
  ruleId: SignalRuleId;
  label: string;
  /** How the rule grades what it finds, as the rule code does it. */
  severity: string;
  fields: readonly ThresholdField[];
}

const f = (path: string[], label: string, unit: ThresholdUnit): ThresholdField => ({ path, label, unit });
const ruleLabel = (id: SignalRuleId) => SIGNAL_RULES.find((r) => r.id === id)?.label ?? id;

export const RULE_THRESHOLDS: readonly RuleThresholds[] = [
  {
    ruleId: 'TIME_IN_PHASE',
    label: ruleLabel('TIME_IN_PHASE'),
    severity: 'Warning after the warning budget, critical after the critical budget',
    fields: PHASES.filter((p) => p.id !== 'SCALE_OPTIMIZE').flatMap((p) => [
      f(['timeInPhase', p.id, 'warnDays'], `${p.short}: warning after`, 'days'),
      f(['timeInPhase', p.id, 'critDays'], `${p.short}: critical after`, 'days'),
    ]),
  },
  { ruleId: 'MISSING_OWNER', label: ruleLabel('MISSING_OWNER'), severity: 'Critical at once', fields: [] },
  {
    ruleId: 'NO_KPI_BASELINE',
    label: ruleLabel('NO_KPI_BASELINE'),
    severity: 'Warning in Strategy, critical from the Data phase on',
    fields: [f(['kpiBaselineMaxAgeDays'], 'Baseline older than', 'days')],
  },
  {
    ruleId: 'KPI_NOT_MEASURED',
    label: ruleLabel('KPI_NOT_MEASURED'),
    severity: 'Warning',
    fields: [
      f(['kpiMeasuredFromPhase'], 'Measured from phase', 'phase'),
      f(['kpiMissedCadences'], 'Missed cadences', 'count'),
      f(['kpiCadenceDays', 'DAILY'], 'Daily cadence', 'days'),
      f(['kpiCadenceDays', 'WEEKLY'], 'Weekly cadence', 'days'),
      f(['kpiCadenceDays', 'MONTHLY'], 'Monthly cadence', 'days'),
      f(['kpiCadenceDays', 'QUARTERLY'], 'Quarterly cadence', 'days'),
    ],
  },
  {
    ruleId: 'NO_MONITORING_CONNECTION',
    label: ruleLabel('NO_MONITORING_CONNECTION'),
    severity: 'Critical',
    fields: [
      f(['heartbeatMaxAgeDays'], 'No heartbeat for more than', 'days'),
      f(['evalRunMaxAgeDays'], 'No evaluation run for more than', 'days'),
    ],
  },
  {
    ruleId: 'COST_PER_REQUEST_TREND',
    label: ruleLabel('COST_PER_REQUEST_TREND'),
    severity: 'Critical over target × factor; warning for a rising trend',
    fields: [
      f(['costOverTargetCrit'], 'Critical above target ×', 'ratio'),
      f(['costSlopeWarn'], 'Warning: 28-day cost slope above', 'share'),
      f(['tokensPerRequestWarn'], 'Warning: tokens per request up by', 'share'),
    ],
  },
  {
    ruleId: 'BUDGET_BURN',
    label: ruleLabel('BUDGET_BURN'),
    severity: 'Warning / critical by burn index; warning when spent ahead of milestones',
    fields: [
      f(['burnIndexWarn'], 'Warning: burn index above', 'ratio'),
      f(['burnIndexCrit'], 'Critical: burn index above', 'ratio'),
      f(['burnSpendShare'], 'Spent at least', 'share'),
      f(['burnMilestoneShare'], 'with milestones done below', 'share'),
    ],
  },
  {
    ruleId: 'GATE_OVERDUE',
    label: ruleLabel('GATE_OVERDUE'),
    severity: 'Warning',
    fields: [f(['gateOverdueGraceDays'], 'Days past the planned review', 'days')],
  },
  {
    ruleId: 'RECYCLE_LOOP',
    label: ruleLabel('RECYCLE_LOOP'),
    severity: 'Critical',
    fields: [f(['recycleLoopCount'], 'Recycle decisions at one gate', 'count')],
  },
  {
    ruleId: 'PILOT_ONLY_ECONOMICS',
    label: ruleLabel('PILOT_ONLY_ECONOMICS'),
    severity: 'Warning',
    fields: [f(['pilotToProductionMinRatio'], 'Production / pilot cost below', 'ratio')],
  },
  {
    ruleId: 'NO_PRODUCTION_BUDGET',
    label: ruleLabel('NO_PRODUCTION_BUDGET'),
    severity: 'Critical',
    fields: [f(['productionBudgetGraceDays'], 'Days in build & validate without one', 'days')],
  },
  {
    ruleId: 'ADOPTION_STALL',
    label: ruleLabel('ADOPTION_STALL'),
    severity: 'Warning',
    fields: [
      f(['adoptionMinDaysInProduction'], 'Checked after days in production', 'days'),
      f(['adoptionMinShare'], 'Active share of eligible users below', 'share'),
      f(['adoptionDeclineWeeks'], 'Weekly declines in a row', 'count'),
    ],
  },
  {
    ruleId: 'STALE_RISK_REGISTER',
    label: ruleLabel('STALE_RISK_REGISTER'),
    severity: 'Critical for a Critical risk past review; warning otherwise',
    fields: [f(['riskReviewMaxAgeDays'], 'No risk review for more than', 'days')],
  },
  {
    ruleId: 'STALE_EVIDENCE',
    label: ruleLabel('STALE_EVIDENCE'),
    severity: 'Warning for the next gate, info for earlier gates',
    fields: [f(['evidenceDefaultValidityDays'], 'Evidence without a date is valid for', 'days')],
  },
  {
    ruleId: 'SCOPE_CHURN',
    label: ruleLabel('SCOPE_CHURN'),
    severity: 'Warning',
    fields: [f(['scopeChurnWindowDays'], 'Window', 'days'), f(['scopeChurnMaxChanges'], 'More changes than', 'count')],
  },
  {
    ruleId: 'SLO_BREACH',
    label: ruleLabel('SLO_BREACH'),
    severity: 'Warning over the SLO, critical at 1.5× it; each initiative sets its own SLOs',
    fields: [],
  },
  {
    ruleId: 'PORTFOLIO_CONVERSION',
    label: ruleLabel('PORTFOLIO_CONVERSION'),
    severity: 'Info',
    fields: [
      f(['conversionWindowDays'], 'Trailing window', 'days'),
      f(['conversionBenchmark'], 'Benchmark share', 'share'),
      f(['conversionMinCohort'], 'Smallest cohort', 'count'),
    ],
  },
];

/** Reads a value at a threshold path (undefined when a phase has no budget). */
export function thresholdAt(t: SignalThresholds, path: readonly string[]): number | string | undefined {
  let v: unknown = t;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}
