import { phaseNumber } from '../phases';
import type { Criterion } from './criteria';
import type { EpochDay } from './days';
import type { AgentSnapshot, InitiativeSnapshot, KpiSnapshot, OwnerRef } from './snapshot';

/**
 * Criteria the app checks by itself (§3.2 ⚙). A rule whose data does not exist yet — the feature is not
 * built, or was not loaded into the snapshot — answers 'not_available', never 'passed' (issue 3).
 */
export type AutoCheckStatus = 'passed' | 'failed' | 'not_available';

export interface AutoCheckOutcome {
  status: AutoCheckStatus;
  reason: string;
}

export const AUTO_CHECK_RULE_IDS = [
  'owners.triad',
  'risk.classified',
  'risk.not_prohibited',
  'risks.register_current',
  'kpi.baseline_and_target',
  'kpi.pilot_vs_baseline',
  'kpi.production_history',
  'roi.model_exists',
  'roi.production_tco',
  'budget.production_approved',
  'monitoring.reports_data',
  'monitoring.model_health',
  'costs.unit_economics',
  'adoption.tracking_live',
  'agents.inventory_complete',
  'agents.owners',
  'agents.tool_scopes',
  'agents.kill_switch',
  'agents.autonomy_level',
  'data.quality_assessed',
  'eval.golden_set',
  'nfr.targets_set',
  'release.record',
  'logs.retention',
  'hypercare.exit',
] as const;
export type AutoCheckRuleId = (typeof AUTO_CHECK_RULE_IDS)[number];

/** Thresholds the checks use; all [P] and cited where domain.md gives them. */
export const AUTO_CHECK_LIMITS = {
  /** A baseline older than 12 months no longer counts (§3.4 #3). */
  kpiBaselineMaxAgeDays: 365,
  /** "At least 3 months of production KPI data" (§3.2 G6). */
  productionHistoryDays: 90,
  /** "No telemetry heartbeat in 24 h" (§3.4 #5), at day resolution. */
  heartbeatMaxAgeDays: 1,
  /** "No eval run in 30 d" (§3.4 #5). */
  evalRunMaxAgeDays: 30,
  /** AGENT_KILL_SWITCH_UNTESTED: > 90 days (§4.3). */
  killSwitchTestMaxAgeDays: 90,
  /** G6: "risk register reviewed in the last 90 days" (§3.2). */
  riskRegisterReviewMaxAgeDays: 90,
  /** §1.6: production (C0 + Y1 run) / pilot cost below 3× looks like pilot-only economics. */
  pilotToProductionMinRatio: 3,
} as const;

const na = (reason: string): AutoCheckOutcome => ({ status: 'not_available', reason });
const pass = (reason: string): AutoCheckOutcome => ({ status: 'passed', reason });
const fail = (reason: string): AutoCheckOutcome => ({ status: 'failed', reason });

function ownerActive(o: OwnerRef | null, asOf: EpochDay): boolean {
  if (!o || !o.active) return false;
  return o.leftDay == null || o.leftDay > asOf;
}

/** A business KPI whose baseline and target are usable on `asOf` (§3.2 G1, §3.4 #3). */
export function usableBusinessKpi(k: KpiSnapshot, asOf: EpochDay): boolean {
  return (
    k.kind === 'BUSINESS_OUTCOME' &&
    k.baseline !== null &&
    k.target !== null &&
    k.baseline.day <= asOf &&
    k.baseline.source.trim().length > 0 &&
    asOf - k.baseline.day <= AUTO_CHECK_LIMITS.kpiBaselineMaxAgeDays &&
    k.target.byDay >= asOf
  );
}

function isAgentic(s: InitiativeSnapshot): boolean {
  return s.type === 'autonomous_agent';
}

/** Runs `check` on every agent; the first agent it rejects fails the rule. */
function everyAgent(s: InitiativeSnapshot, what: string, check: (a: AgentSnapshot) => string | null): AutoCheckOutcome {
  if (!isAgentic(s)) return na('Applies to autonomous agents only');
  if (s.agents === undefined) return na('The agent inventory is not available yet');
  if (s.agents.length === 0) return fail('No agent is in the inventory');
  for (const a of s.agents) {
    const problem = check(a);
    if (problem !== null) return fail(`${a.agentId}: ${problem}`);
  }
  return pass(`All ${s.agents.length} agent(s) have ${what}`);
}

const notBuilt = (feature: string) => (): AutoCheckOutcome => na(`Needs ${feature}, which the app does not record yet`);

type Rule = (s: InitiativeSnapshot, asOf: EpochDay) => AutoCheckOutcome;

const RULES: Record<AutoCheckRuleId, Rule> = {
  'owners.triad': (s, asOf) => {
    const missing: string[] = [];
    if (!ownerActive(s.owners.sponsor, asOf)) missing.push('business sponsor');
    if (!ownerActive(s.owners.productOwner, asOf)) missing.push('AI product owner');
    if (!ownerActive(s.owners.techLead, asOf)) missing.push('tech lead');
    return missing.length === 0
      ? pass('Business sponsor, AI product owner and tech lead are named and active')
      : fail(`Missing or inactive: ${missing.join(', ')}`);
  },

  'risk.classified': (s) => {
    if (s.riskTier === 'unclassified') return fail('The EU AI Act risk tier is not set');
    if (s.riskTier === 'prohibited') return fail('Classified as a prohibited practice: the initiative must be killed');
    return pass(`Risk tier set (${s.riskTier})`);
  },

  'risk.not_prohibited': (s) =>
    s.riskTier === 'prohibited'
      ? fail('Classified as a prohibited AI practice (EU AI Act Art 5)')
      : pass('Not classified as a prohibited practice'),

  /** G6.M4 (§3.2): reviewed in the last 90 days, no open Critical residual risk, above-appetite risks accepted. */
  'risks.register_current': (s, asOf) => {
    const r = s.riskRegister;
    if (r === undefined || r.riskCount === undefined || r.aboveAppetiteUnaccepted === undefined) {
      return na('The risk register is not available');
    }
    if (r.riskCount === 0) return fail('No risk is on the register');
    let last: EpochDay | null = null;
    for (const d of r.reviewDays) if (d <= asOf && (last === null || d > last)) last = d;
    if (last === null || asOf - last > AUTO_CHECK_LIMITS.riskRegisterReviewMaxAgeDays) {
      return fail(last === null ? 'No risk was reviewed yet' : `Last risk review ${asOf - last} days ago`);
    }
    if (r.criticalRisks.length > 0) return fail(`${r.criticalRisks.length} open Critical residual risk(s)`);
    const above = r.aboveAppetiteUnaccepted.length;
    if (above > 0) return fail(`${above} risk(s) above appetite without an acceptance in force`);
    return pass(`Reviewed ${asOf - last} days ago; no Critical residual risk; nothing above appetite unaccepted`);
  },

  'kpi.baseline_and_target': (s, asOf) => {
    if (s.kpis === undefined) return na('KPIs are not available yet');
    const n = s.kpis.filter((k) => usableBusinessKpi(k, asOf)).length;
    return n > 0
      ? pass(`${n} business KPI(s) with a current baseline and a target`)
      : fail('No business KPI with a baseline (under 12 months old, with a source) and a target date still ahead');
  },

  'kpi.pilot_vs_baseline': (s, asOf) => {
    if (s.kpis === undefined) return na('KPIs are not available yet');
    const measured = s.kpis.some(
      (k) =>
        k.kind === 'BUSINESS_OUTCOME' &&
        k.baseline !== null &&
        k.measurements.some((m) => m.day > k.baseline!.day && m.day <= asOf),
    );
    return measured
      ? pass('A business KPI has measurements after its baseline')
      : fail('No business KPI has been measured since its baseline');
  },

  'kpi.production_history': (s, asOf) => {
    if (s.kpis === undefined) return na('KPIs are not available yet');
    const inProduction = productionEntryDay(s, asOf);
    if (inProduction === null) return fail('Not in production yet');
    for (const k of s.kpis) {
      if (k.kind !== 'BUSINESS_OUTCOME' || k.baseline === null) continue;
      const prod = k.measurements.filter((m) => m.day >= inProduction && m.day <= asOf);
      if (prod.length === 0) continue;
      let first = Infinity;
      let last = -Infinity;
      for (const m of prod) {
        first = Math.min(first, m.day);
        last = Math.max(last, m.day);
      }
      // Three months of data: from the production start to the latest measurement, at least 90 days.
      if (last - inProduction >= AUTO_CHECK_LIMITS.productionHistoryDays && prod.some((m) => m.verifiedByFinance)) {
        return pass(`KPI ${k.id}: ${last - first + 1} days of production data, finance-verified`);
      }
    }
    return fail('No business KPI with 3 months of production data and a finance-verified measurement');
  },

  'roi.model_exists': (s) => {
    if (s.roi === undefined) return na('ROI models are not available yet');
    if (s.roi === null) return fail('No ROI model yet');
    if (s.roi.horizonYears < 3) return fail(`The ROI model covers ${s.roi.horizonYears} year(s), not 3`);
    if (!s.roi.hasProductionCostCategories) return fail('The ROI model has pilot costs only, no production categories');
    return pass('A 3-year ROI model with production cost categories exists');
  },

  'roi.production_tco': (s) => {
    if (s.roi === undefined) return na('ROI models are not available yet');
    if (s.roi === null) return fail('No ROI model yet, so no production TCO');
    const { productionCostC0PlusY1: prod, pilotActualCost: pilot } = s.roi;
    if (!s.roi.hasProductionCostCategories) return fail('The ROI model has no production cost categories');
    if (prod === null || pilot === null || pilot <= 0) return fail('Production TCO or pilot cost missing');
    const ratio = prod / pilot;
    return ratio >= AUTO_CHECK_LIMITS.pilotToProductionMinRatio
      ? pass(`Production / pilot cost ratio ${ratio.toFixed(1)}×`)
      : fail(
          `Production / pilot cost ratio ${ratio.toFixed(1)}× is under 3× (§1.6): production cost looks underestimated`,
        );
  },

  'budget.production_approved': (s, asOf) => {
    if (s.productionBudget === undefined) return na('Budgets are not available yet');
    const day = s.productionBudget.approvedDay;
    return day !== null && day <= asOf
      ? pass('A production budget line is approved')
      : fail('No approved production budget');
  },

  'monitoring.reports_data': (s, asOf) => {
    if (s.monitoring === undefined) return na('Monitoring data was not loaded for this check');
    const hb = s.monitoring.lastHeartbeatDay;
    if (hb === null || hb > asOf) return fail('No telemetry received yet');
    const age = asOf - hb;
    return age <= AUTO_CHECK_LIMITS.heartbeatMaxAgeDays
      ? pass('Telemetry received in the last day')
      : fail(`Last telemetry ${age} days ago`);
  },

  'monitoring.model_health': (s, asOf) => {
    if (s.monitoring === undefined) return na('Monitoring data was not loaded for this check');
    const ev = s.monitoring.lastEvalRunDay;
    if (ev === null || ev > asOf) return fail('No evaluation run recorded');
    const age = asOf - ev;
    return age <= AUTO_CHECK_LIMITS.evalRunMaxAgeDays
      ? pass(`Last evaluation run ${age} day(s) ago`)
      : fail(`Last evaluation run ${age} days ago (over 30)`);
  },

  'costs.unit_economics': (s) => {
    if (s.costs === undefined) return na('Cost data is not available yet');
    const { costPerRequest, targetCostPerRequest, costPerRequestSlope28d } = s.costs;
    if (targetCostPerRequest === null) return fail('No cost-per-request target set');
    if (costPerRequest > targetCostPerRequest) return fail('Cost per request is above target');
    if (costPerRequestSlope28d > 0) return fail('Cost per request is rising');
    return pass('Cost per request at or below target, trend flat or declining');
  },

  'adoption.tracking_live': (s, asOf) => {
    if (s.adoption === undefined) return na('Adoption data is not available yet');
    return s.adoption.eligibleUsers > 0 && s.adoption.weekly.some((w) => w.day <= asOf)
      ? pass('Active and eligible users are tracked')
      : fail('No adoption data recorded');
  },

  'agents.inventory_complete': (s, asOf) =>
    everyAgent(s, 'a complete inventory entry', (a) => {
      const gaps = [
        ...(a.accountableOwnerId === null ? ['owner'] : []),
        ...(a.autonomyLevel === null ? ['autonomy level'] : []),
        ...(a.tools.some((t) => t.scopes.length === 0) ? ['tool scopes'] : []),
        ...(killSwitchProblem(a, asOf, false) !== null ? ['kill switch'] : []),
      ];
      return gaps.length === 0 ? null : `missing ${gaps.join(', ')}`;
    }),

  'agents.owners': (s) =>
    everyAgent(s, 'an accountable owner', (a) => (a.accountableOwnerId === null ? 'no owner' : null)),

  'agents.tool_scopes': (s) =>
    everyAgent(s, 'scoped tool grants', (a) => {
      const unscoped = a.tools.filter((t) => t.scopes.length === 0).map((t) => t.toolName);
      return unscoped.length === 0 ? null : `tools without scopes: ${unscoped.join(', ')}`;
    }),

  'agents.kill_switch': (s, asOf) => everyAgent(s, 'a tested kill switch', (a) => killSwitchProblem(a, asOf, true)),

  'agents.autonomy_level': (s) =>
    everyAgent(s, 'an autonomy level', (a) => (a.autonomyLevel === null ? 'no autonomy level' : null)),

  'data.quality_assessed': notBuilt('data-quality assessments'),
  'eval.golden_set': notBuilt('evaluation datasets and runs'),
  'nfr.targets_set': notBuilt('non-functional targets'),
  'release.record': notBuilt('release records'),
  'logs.retention': notBuilt('log-retention settings'),
  'hypercare.exit': notBuilt('incident data'),
};

/** Why an agent's kill switch falls short, or null. `needsRecentTest`: tested in the last 90 days (§4.3). */
function killSwitchProblem(a: AgentSnapshot, asOf: EpochDay, needsRecentTest: boolean): string | null {
  const k = a.killSwitch;
  if (k === null || k.mechanism === null) return 'no kill switch';
  if (k.ownerId === null) return 'kill switch has no owner';
  if (k.procedure.trim().length === 0) return 'kill switch has no procedure';
  if (!needsRecentTest) return null;
  if (k.lastTestedDay === null || k.lastTestedDay > asOf) return 'kill switch never tested';
  const age = asOf - k.lastTestedDay;
  return age > AUTO_CHECK_LIMITS.killSwitchTestMaxAgeDays ? `kill switch last tested ${age} days ago` : null;
}

/** The day the initiative first entered production (phase 5 or later) on or before `asOf`, or null. */
export function productionEntryDay(s: InitiativeSnapshot, asOf: EpochDay): EpochDay | null {
  const production = phaseNumber('PRODUCTION_DEPLOY');
  if (s.transitions !== undefined) {
    let first: EpochDay | null = null;
    for (const t of s.transitions) {
      if (t.day <= asOf && phaseNumber(t.toPhase) >= production && (first === null || t.day < first)) first = t.day;
    }
    return first;
  }
  return phaseNumber(s.phase) >= production && s.phaseEnteredDay <= asOf ? s.phaseEnteredDay : null;
}

export function runAutoCheck(rule: AutoCheckRuleId, snapshot: InitiativeSnapshot, asOf: EpochDay): AutoCheckOutcome {
  return RULES[rule](snapshot, asOf);
}

/** The auto-check outcomes a gate's criteria need, by rule id, ready for evaluateGate's options. */
export function runAutoChecks(
  criteria: readonly Criterion[],
  snapshot: InitiativeSnapshot,
  asOf: EpochDay,
): Partial<Record<AutoCheckRuleId, AutoCheckOutcome>> {
  const out: Partial<Record<AutoCheckRuleId, AutoCheckOutcome>> = {};
  for (const c of criteria) {
    if (c.autoCheck !== undefined && out[c.autoCheck] === undefined)
      out[c.autoCheck] = runAutoCheck(c.autoCheck, snapshot, asOf);
  }
  return out;
}
