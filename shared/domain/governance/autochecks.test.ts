import { describe, expect, it } from 'vitest';
import { AUTO_CHECK_RULE_IDS, runAutoCheck, runAutoChecks } from './autochecks';
import { criteriaFor } from './criteria';
import { evaluateGate } from './gates';
import { agent, businessKpi, DAY0, snapshot } from './snapshot.fixture';

const status = (rule: (typeof AUTO_CHECK_RULE_IDS)[number], s = snapshot(), asOf = DAY0 + 10) =>
  runAutoCheck(rule, s, asOf).status;

describe('auto-checks never pass on absent data', () => {
  it.each(AUTO_CHECK_RULE_IDS.filter((r) => !r.startsWith('owners.') && !r.startsWith('risk.')))(
    '%s reports not_available when its feature data is undefined',
    (rule) => {
      for (const type of ['copilot', 'autonomous_agent'] as const) {
        const out = runAutoCheck(rule, snapshot({ type, phase: 'SCALE_OPTIMIZE' }), DAY0 + 400);
        expect(out.status).toBe('not_available');
        expect(out.reason.length).toBeGreaterThan(0);
      }
    },
  );
});

describe('owners.triad', () => {
  it('passes with three active owners and names the missing ones otherwise', () => {
    expect(status('owners.triad')).toBe('passed');
    const s = snapshot({
      owners: { sponsor: null, productOwner: { personId: 2, active: false }, techLead: { personId: 3, active: true } },
    });
    expect(runAutoCheck('owners.triad', s, DAY0).reason).toBe(
      'Missing or inactive: business sponsor, AI product owner',
    );
  });

  it('counts an owner who left on or before the as-of day as missing, not one who left later', () => {
    const s = snapshot({
      owners: { ...snapshot().owners, techLead: { personId: 3, active: true, leftDay: DAY0 + 10 } },
    });
    expect(status('owners.triad', s, DAY0 + 9)).toBe('passed');
    expect(status('owners.triad', s, DAY0 + 10)).toBe('failed');
  });
});

describe('risk checks', () => {
  it('fails unclassified and prohibited tiers', () => {
    expect(status('risk.classified', snapshot({ riskTier: 'unclassified' }))).toBe('failed');
    expect(status('risk.classified', snapshot({ riskTier: 'prohibited' }))).toBe('failed');
    expect(status('risk.classified', snapshot({ riskTier: 'minimal' }))).toBe('passed');
    expect(status('risk.not_prohibited', snapshot({ riskTier: 'prohibited' }))).toBe('failed');
    expect(status('risk.not_prohibited', snapshot({ riskTier: 'high' }))).toBe('passed');
  });
});

describe('kpi.baseline_and_target', () => {
  it('fails an empty KPI list and passes a business KPI with baseline and target', () => {
    expect(status('kpi.baseline_and_target', snapshot({ kpis: [] }))).toBe('failed');
    expect(status('kpi.baseline_and_target', snapshot({ kpis: [businessKpi()] }))).toBe('passed');
  });

  it('ignores non-business KPIs, missing targets, blank sources and baselines after the as-of day', () => {
    const fails = [
      businessKpi({ kind: 'ADOPTION' }),
      businessKpi({ target: null }),
      businessKpi({ baseline: { value: 1, day: DAY0, source: ' ' } }),
      businessKpi({ baseline: { value: 1, day: DAY0 + 11, source: 'x' } }),
    ];
    for (const k of fails) expect(status('kpi.baseline_and_target', snapshot({ kpis: [k] }), DAY0 + 10)).toBe('failed');
  });

  it('accepts a baseline up to 365 days old and a target due today (boundaries)', () => {
    const k = businessKpi({ target: { value: 1, byDay: DAY0 + 365 } });
    expect(status('kpi.baseline_and_target', snapshot({ kpis: [k] }), DAY0 + 365)).toBe('passed');
    expect(status('kpi.baseline_and_target', snapshot({ kpis: [k] }), DAY0 + 366)).toBe('failed');
    const due = businessKpi({ target: { value: 1, byDay: DAY0 + 100 } });
    expect(status('kpi.baseline_and_target', snapshot({ kpis: [due] }), DAY0 + 100)).toBe('passed');
    expect(status('kpi.baseline_and_target', snapshot({ kpis: [due] }), DAY0 + 101)).toBe('failed');
  });
});

describe('KPI history checks', () => {
  it('kpi.pilot_vs_baseline needs a measurement after the baseline and not after as-of', () => {
    const k = businessKpi({ measurements: [{ day: DAY0 + 20, verifiedByFinance: false }] });
    expect(status('kpi.pilot_vs_baseline', snapshot({ kpis: [k] }), DAY0 + 20)).toBe('passed');
    expect(status('kpi.pilot_vs_baseline', snapshot({ kpis: [k] }), DAY0 + 19)).toBe('failed');
  });

  it('kpi.production_history needs 90 days of production data with a finance-verified point', () => {
    const transitions = [
      { toPhase: 'STRATEGY' as const, day: DAY0 },
      { toPhase: 'PRODUCTION_DEPLOY' as const, day: DAY0 + 100 },
    ];
    const k = businessKpi({
      measurements: [
        { day: DAY0 + 120, verifiedByFinance: true },
        { day: DAY0 + 190, verifiedByFinance: false },
      ],
    });
    const s = snapshot({ transitions, kpis: [k] });
    expect(status('kpi.production_history', s, DAY0 + 189)).toBe('failed');
    expect(status('kpi.production_history', s, DAY0 + 190)).toBe('passed');
    expect(status('kpi.production_history', snapshot({ kpis: [k] }), DAY0 + 190)).toBe('failed');
  });
});

describe('ROI, budget, monitoring, costs, adoption', () => {
  const roi = { horizonYears: 3, hasProductionCostCategories: true, productionCostC0PlusY1: 300, pilotActualCost: 100 };

  it('roi checks pass only on a 3-year model with production costs at ≥ 3× the pilot', () => {
    expect(status('roi.model_exists', snapshot({ roi }))).toBe('passed');
    expect(status('roi.model_exists', snapshot({ roi: { ...roi, horizonYears: 1 } }))).toBe('failed');
    expect(status('roi.model_exists', snapshot({ roi: { ...roi, hasProductionCostCategories: false } }))).toBe(
      'failed',
    );
    expect(status('roi.production_tco', snapshot({ roi }))).toBe('passed');
    expect(status('roi.production_tco', snapshot({ roi: { ...roi, productionCostC0PlusY1: 299 } }))).toBe('failed');
  });

  it('roi checks fail when the feature exists but the initiative has no model (null), and are n/a without it', () => {
    expect(runAutoCheck('roi.model_exists', snapshot({ roi: null }), DAY0)).toEqual({
      status: 'failed',
      reason: 'No ROI model yet',
    });
    expect(status('roi.production_tco', snapshot({ roi: null }))).toBe('failed');
    expect(status('roi.model_exists', snapshot())).toBe('not_available');
  });

  it('budget.production_approved counts an approval on or before as-of only', () => {
    const s = snapshot({ productionBudget: { approvedDay: DAY0 + 5 } });
    expect(status('budget.production_approved', s, DAY0 + 5)).toBe('passed');
    expect(status('budget.production_approved', s, DAY0 + 4)).toBe('failed');
    expect(status('budget.production_approved', snapshot({ productionBudget: { approvedDay: null } }))).toBe('failed');
  });

  it('monitoring.reports_data needs a heartbeat within a day', () => {
    const s = (d: number | null) => snapshot({ monitoring: { lastHeartbeatDay: d, lastEvalRunDay: null } });
    expect(status('monitoring.reports_data', s(DAY0 + 9), DAY0 + 10)).toBe('passed');
    expect(status('monitoring.reports_data', s(DAY0 + 8), DAY0 + 10)).toBe('failed');
    expect(status('monitoring.reports_data', s(null), DAY0 + 10)).toBe('failed');
    expect(status('monitoring.model_health', s(DAY0), DAY0 + 10)).toBe('failed');
  });

  it('costs.unit_economics and adoption.tracking_live read their data when present', () => {
    const costs = { costPerRequest: 1, targetCostPerRequest: 1, costPerRequestSlope28d: 0, tokensPerRequestChange: 0 };
    expect(status('costs.unit_economics', snapshot({ costs }))).toBe('passed');
    expect(status('costs.unit_economics', snapshot({ costs: { ...costs, costPerRequestSlope28d: 0.01 } }))).toBe(
      'failed',
    );
    expect(status('costs.unit_economics', snapshot({ costs: { ...costs, costPerRequest: 1.1 } }))).toBe('failed');
    const adoption = { eligibleUsers: 10, weekly: [{ day: DAY0, activeUsers: 4 }] };
    expect(status('adoption.tracking_live', snapshot({ adoption }))).toBe('passed');
    expect(status('adoption.tracking_live', snapshot({ adoption: { eligibleUsers: 10, weekly: [] } }))).toBe('failed');
  });
});

describe('agent checks', () => {
  const agentic = (agents = [agent()]) => snapshot({ type: 'autonomous_agent', agents });

  it('are not available for non-agentic initiatives or without an inventory', () => {
    expect(status('agents.inventory_complete', snapshot({ agents: [agent()] }))).toBe('not_available');
    expect(status('agents.inventory_complete', snapshot({ type: 'autonomous_agent' }))).toBe('not_available');
  });

  it('fail an empty inventory and pass a complete one', () => {
    expect(status('agents.inventory_complete', agentic([]))).toBe('failed');
    for (const rule of ['inventory_complete', 'owners', 'tool_scopes', 'kill_switch', 'autonomy_level'] as const) {
      expect(status(`agents.${rule}`, agentic())).toBe('passed');
    }
  });

  it('name the agent and what it lacks', () => {
    const gaps = agent({ agentId: 'agent-x', accountableOwnerId: null, tools: [{ toolName: 'db', scopes: [] }] });
    expect(runAutoCheck('agents.inventory_complete', agentic([agent(), gaps]), DAY0).reason).toBe(
      'agent-x: missing owner, tool scopes',
    );
    expect(status('agents.owners', agentic([gaps]))).toBe('failed');
    expect(runAutoCheck('agents.tool_scopes', agentic([gaps]), DAY0).reason).toBe('agent-x: tools without scopes: db');
    expect(status('agents.autonomy_level', agentic([agent({ autonomyLevel: null })]))).toBe('failed');
    expect(status('agents.kill_switch', agentic([agent({ killSwitch: null })]))).toBe('failed');
  });

  it('need a kill-switch test within 90 days (boundary)', () => {
    expect(status('agents.kill_switch', agentic(), DAY0 + 90)).toBe('passed');
    expect(status('agents.kill_switch', agentic(), DAY0 + 91)).toBe('failed');
    // Inventory completeness does not depend on test recency.
    expect(status('agents.inventory_complete', agentic(), DAY0 + 91)).toBe('passed');
  });
});

describe('runAutoChecks with evaluateGate', () => {
  it('fails G1 on a missing owner even if the reviewer said MET', () => {
    const criteria = criteriaFor('G1', { riskTier: 'limited', type: 'copilot' });
    const s = snapshot({ owners: { ...snapshot().owners, techLead: null }, kpis: [businessKpi()] });
    const autoChecks = runAutoChecks(criteria, s, DAY0 + 10);
    expect(autoChecks['owners.triad']?.status).toBe('failed');
    expect(autoChecks['kpi.baseline_and_target']?.status).toBe('passed');
    expect(autoChecks['roi.model_exists']?.status).toBe('not_available');
    const e = evaluateGate(
      criteria,
      criteria.map((c) => ({ criterionId: c.id, result: 'MET' as const })),
      { autoChecks },
    );
    expect(e.unmetMust).toEqual(['G1.M1']);
    expect(e.passes).toBe(false);
  });
});
