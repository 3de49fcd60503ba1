import { describe, expect, it } from 'vitest';
import type { PhaseId } from '../phases';
import { epochDay, isoFromEpochDay } from './days';
import {
  adoptionStall,
  budgetBurn,
  costPerRequestTrend,
  DEFAULT_SIGNAL_THRESHOLDS as T,
  evaluateSignals,
  gateOverdue,
  kpiNotMeasured,
  missingOwner,
  noKpiBaseline,
  noMonitoringConnection,
  noProductionBudget,
  phaseAsOf,
  pilotOnlyEconomics,
  portfolioConversion,
  purgatoryScore,
  recycleLoop,
  scopeChurn,
  sloBreach,
  staleEvidence,
  staleRiskRegister,
  timeInPhase,
  type SignalHit,
} from './signals';
import type { InitiativeSnapshot } from './snapshot';
import { businessKpi, DAY0, snapshot } from './snapshot.fixture';

type Rule = (
  s: InitiativeSnapshot,
  c: { asOf: number; at: NonNullable<ReturnType<typeof phaseAsOf>>; t: typeof T },
) => SignalHit | null;

/** Runs one rule the way evaluateSignals does. */
function run(rule: Rule, s: InitiativeSnapshot, asOf: number): SignalHit | null {
  const at = phaseAsOf(s, asOf);
  if (at === null) throw new Error('no phase as of that day');
  return rule(s, { asOf, at, t: T });
}
const inPhase = (phase: PhaseId, over: Partial<InitiativeSnapshot> = {}) =>
  snapshot({ phase, phaseEnteredDay: DAY0, ...over });
const sev = (h: SignalHit | null) => h?.severity ?? null;

describe('days', () => {
  it('round-trips dates and instants through epoch days', () => {
    expect(isoFromEpochDay(epochDay('2026-03-01'))).toBe('2026-03-01');
    expect(epochDay('2026-03-01T23:59:59.999Z')).toBe(epochDay('2026-03-01'));
    expect(epochDay('2026-03-01') - epochDay('2026-02-28')).toBe(1);
    expect(() => epochDay('soon')).toThrow();
  });
});

describe('TIME_IN_PHASE (§3.4 #1)', () => {
  const budgets: [PhaseId, number, number][] = [
    ['STRATEGY', 45, 90],
    ['DATA_FOUNDATION', 60, 120],
    ['ARCHITECTURE', 45, 90],
    ['DEVELOP_VALIDATE', 120, 180],
    ['PRODUCTION_DEPLOY', 30, 60],
    ['MONITOR_OBSERVE', 180, 270],
  ];
  it.each(budgets)('%s warns after %i days and is critical after %i', (phase, warn, crit) => {
    const s = inPhase(phase);
    expect(sev(run(timeInPhase, s, DAY0 + warn - 1))).toBeNull();
    expect(sev(run(timeInPhase, s, DAY0 + warn))).toBeNull();
    expect(run(timeInPhase, s, DAY0 + warn + 1)).toMatchObject({
      severity: 'warning',
      value: warn + 1,
      threshold: warn,
    });
    expect(sev(run(timeInPhase, s, DAY0 + crit - 1))).toBe('warning');
    expect(sev(run(timeInPhase, s, DAY0 + crit))).toBe('warning');
    expect(run(timeInPhase, s, DAY0 + crit + 1)).toMatchObject({
      severity: 'critical',
      value: crit + 1,
      threshold: crit,
    });
  });

  it('has no time budget in SCALE_OPTIMIZE', () => {
    expect(run(timeInPhase, inPhase('SCALE_OPTIMIZE'), DAY0 + 2000)).toBeNull();
  });

  it('reads the phase as of a past date and ignores transitions after it', () => {
    const s = snapshot({
      phase: 'DATA_FOUNDATION',
      phaseEnteredDay: DAY0 + 100,
      transitions: [
        { toPhase: 'DATA_FOUNDATION', day: DAY0 + 100 },
        { toPhase: 'STRATEGY', day: DAY0 },
      ],
    });
    expect(run(timeInPhase, s, DAY0 + 50)).toMatchObject({ severity: 'warning', value: 50 });
    expect(run(timeInPhase, s, DAY0 + 99)).toMatchObject({ severity: 'critical', value: 99 });
    expect(run(timeInPhase, s, DAY0 + 100)).toBeNull();
    expect(phaseAsOf(s, DAY0 - 1)).toBeNull();
  });
});

describe('evaluateSignals', () => {
  it('yields nothing before the initiative or its known phase existed, or once killed or retired', () => {
    const old = inPhase('STRATEGY', { owners: { sponsor: null, productOwner: null, techLead: null } });
    expect(evaluateSignals(old, DAY0 + 200).map((h) => h.ruleId)).toEqual(['TIME_IN_PHASE', 'MISSING_OWNER']);
    expect(evaluateSignals({ ...old, createdDay: DAY0 + 201 }, DAY0 + 200)).toEqual([]);
    expect(evaluateSignals({ ...old, phaseEnteredDay: DAY0 + 201 }, DAY0 + 200)).toEqual([]);
    expect(evaluateSignals({ ...old, status: 'killed' }, DAY0 + 200)).toEqual([]);
    expect(evaluateSignals({ ...old, status: 'retired' }, DAY0 + 200)).toEqual([]);
  });

  it('stays silent on every data-dependent rule when the data is undefined', () => {
    const bare = inPhase('MONITOR_OBSERVE', { type: 'autonomous_agent' });
    expect(evaluateSignals(bare, DAY0 + 10)).toEqual([]);
  });
});

describe('MISSING_OWNER (§3.4 #2)', () => {
  it('is critical for a null, inactive or departed owner, as of the day', () => {
    const owners = snapshot().owners;
    expect(run(missingOwner, snapshot(), DAY0)).toBeNull();
    expect(run(missingOwner, snapshot({ owners: { ...owners, sponsor: null } }), DAY0)).toMatchObject({
      severity: 'critical',
      value: 1,
      message: 'Missing or inactive owner: business sponsor',
    });
    expect(
      sev(run(missingOwner, snapshot({ owners: { ...owners, techLead: { personId: 3, active: false } } }), DAY0)),
    ).toBe('critical');
    const leaving = snapshot({
      owners: { ...owners, productOwner: { personId: 2, active: true, leftDay: DAY0 + 30 } },
    });
    expect(run(missingOwner, leaving, DAY0 + 29)).toBeNull();
    expect(sev(run(missingOwner, leaving, DAY0 + 30))).toBe('critical');
  });
});

describe('NO_KPI_BASELINE (§3.4 #3)', () => {
  it('is silent without KPI data, warns in Strategy and is critical from Data on', () => {
    expect(run(noKpiBaseline, inPhase('STRATEGY'), DAY0)).toBeNull();
    expect(sev(run(noKpiBaseline, inPhase('STRATEGY', { kpis: [] }), DAY0))).toBe('warning');
    expect(sev(run(noKpiBaseline, inPhase('DATA_FOUNDATION', { kpis: [] }), DAY0))).toBe('critical');
    expect(run(noKpiBaseline, inPhase('STRATEGY', { kpis: [businessKpi()] }), DAY0)).toBeNull();
  });

  it('fires when the baseline is older than 365 days (boundary)', () => {
    const s = inPhase('STRATEGY', { kpis: [businessKpi()] });
    expect(run(noKpiBaseline, s, DAY0 + 364)).toBeNull();
    expect(run(noKpiBaseline, s, DAY0 + 365)).toBeNull();
    expect(run(noKpiBaseline, s, DAY0 + 366)?.message).toContain('older than 365');
  });

  it('fires the day after the target date passes, and ignores a baseline set after as-of', () => {
    const s = inPhase('STRATEGY', { kpis: [businessKpi({ target: { value: 1, byDay: DAY0 + 50 } })] });
    expect(run(noKpiBaseline, s, DAY0 + 50)).toBeNull();
    expect(run(noKpiBaseline, s, DAY0 + 51)?.message).toContain('target date has passed');
    const later = inPhase('STRATEGY', { kpis: [businessKpi({ baseline: { value: 1, day: DAY0 + 5, source: 'x' } })] });
    expect(sev(run(noKpiBaseline, later, DAY0 + 4))).toBe('warning');
    expect(run(noKpiBaseline, later, DAY0 + 5)).toBeNull();
  });
});

describe('KPI_NOT_MEASURED (§3.4 #4)', () => {
  const weekly = businessKpi({ cadence: 'WEEKLY', measurements: [{ day: DAY0 + 10, verifiedByFinance: false }] });

  it('warns after more than 2 × cadence without a measurement (weekly: 14 days)', () => {
    const s = inPhase('DEVELOP_VALIDATE', { kpis: [weekly] });
    expect(run(kpiNotMeasured, s, DAY0 + 23)).toBeNull();
    expect(run(kpiNotMeasured, s, DAY0 + 24)).toBeNull();
    expect(run(kpiNotMeasured, s, DAY0 + 25)).toMatchObject({ severity: 'warning', value: 15, threshold: 14 });
  });

  it('ignores measurements after as-of and phases before build & validate', () => {
    const s = inPhase('DEVELOP_VALIDATE', {
      kpis: [businessKpi({ cadence: 'WEEKLY', measurements: [{ day: DAY0 + 20, verifiedByFinance: false }] })],
    });
    expect(run(kpiNotMeasured, s, DAY0 + 15)).toMatchObject({ value: 15 });
    expect(run(kpiNotMeasured, inPhase('ARCHITECTURE', { kpis: [weekly] }), DAY0 + 100)).toBeNull();
  });

  it('lets month-end entry pass for monthly KPIs (31-day month)', () => {
    const m = businessKpi({
      cadence: 'MONTHLY',
      baseline: null,
      measurements: [{ day: DAY0, verifiedByFinance: false }],
    });
    const s = inPhase('DEVELOP_VALIDATE', { kpis: [m] });
    expect(run(kpiNotMeasured, s, DAY0 + 62)).toBeNull();
    expect(run(kpiNotMeasured, s, DAY0 + 63)).toMatchObject({ value: 63, threshold: 62 });
  });
});

describe('NO_MONITORING_CONNECTION (§3.4 #5)', () => {
  const mon = (hb: number | null, ev: number | null) =>
    inPhase('PRODUCTION_DEPLOY', { monitoring: { lastHeartbeatDay: hb, lastEvalRunDay: ev } });

  it('only applies from production, and only with monitoring data', () => {
    expect(run(noMonitoringConnection, inPhase('PRODUCTION_DEPLOY'), DAY0 + 10)).toBeNull();
    const dev = inPhase('DEVELOP_VALIDATE', { monitoring: { lastHeartbeatDay: null, lastEvalRunDay: null } });
    expect(run(noMonitoringConnection, dev, DAY0 + 10)).toBeNull();
  });

  it('is critical after a day without heartbeat or 30 days without an eval run', () => {
    expect(run(noMonitoringConnection, mon(DAY0 + 9, DAY0), DAY0 + 10)).toBeNull();
    expect(run(noMonitoringConnection, mon(DAY0 + 8, DAY0), DAY0 + 10)).toMatchObject({
      severity: 'critical',
      value: 2,
    });
    expect(run(noMonitoringConnection, mon(DAY0 + 30, DAY0), DAY0 + 30)).toBeNull();
    expect(run(noMonitoringConnection, mon(DAY0 + 31, DAY0), DAY0 + 31)).toMatchObject({ value: 31, threshold: 30 });
    expect(sev(run(noMonitoringConnection, mon(null, null), DAY0 + 1))).toBe('critical');
    expect(sev(run(noMonitoringConnection, mon(DAY0 + 5, DAY0), DAY0 + 4))).toBe('critical');
  });
});

describe('COST_PER_REQUEST_TREND (§3.4 #6)', () => {
  const costs = { costPerRequest: 1, targetCostPerRequest: 1, costPerRequestSlope28d: 0, tokensPerRequestChange: 0 };
  const c = (over: Partial<typeof costs>) => run(costPerRequestTrend, snapshot({ costs: { ...costs, ...over } }), DAY0);

  it('warns on slope > 20% or tokens > 30%, critical over target × 1.25', () => {
    expect(run(costPerRequestTrend, snapshot(), DAY0)).toBeNull();
    expect(c({ costPerRequestSlope28d: 0.2 })).toBeNull();
    expect(sev(c({ costPerRequestSlope28d: 0.21 }))).toBe('warning');
    expect(c({ tokensPerRequestChange: 0.3 })).toBeNull();
    expect(sev(c({ tokensPerRequestChange: 0.31 }))).toBe('warning');
    expect(c({ costPerRequest: 1.25 })).toBeNull();
    expect(sev(c({ costPerRequest: 1.26 }))).toBe('critical');
  });
});

describe('BUDGET_BURN (§3.4 #7)', () => {
  // 100 days planned, 50 elapsed: burn index = spend share / 0.5.
  const burn = (actual: number, done = 5) =>
    run(
      budgetBurn,
      snapshot({
        budgetBurn: {
          approved: 1000,
          actual,
          startDay: DAY0,
          plannedEndDay: DAY0 + 100,
          milestonesTotal: 10,
          milestonesComplete: done,
        },
      }),
      DAY0 + 50,
    );

  it('warns above 1.15 and is critical above 1.30', () => {
    expect(burn(575)).toBeNull();
    expect(burn(576)).toMatchObject({ severity: 'warning', threshold: 1.15 });
    expect(sev(burn(650))).toBe('warning');
    expect(burn(651)).toMatchObject({ severity: 'critical', threshold: 1.3 });
  });

  it('warns at ≥ 80% spent with < 60% of milestones done', () => {
    const late = (actual: number, done: number) =>
      run(
        budgetBurn,
        snapshot({
          budgetBurn: {
            approved: 1000,
            actual,
            startDay: DAY0,
            plannedEndDay: DAY0 + 100,
            milestonesTotal: 10,
            milestonesComplete: done,
          },
        }),
        DAY0 + 100,
      );
    expect(late(800, 5)).toMatchObject({ severity: 'warning', value: 0.8 });
    expect(late(799, 5)).toBeNull();
    expect(late(800, 6)).toBeNull();
    expect(burn(100)).toBeNull();
  });
});

describe('GATE_OVERDUE and RECYCLE_LOOP (§3.4 #8)', () => {
  const review = (over: Partial<NonNullable<InitiativeSnapshot['gateReviews']>[number]>) => ({
    gate: 'G2' as const,
    scheduledDay: DAY0 + 10,
    heldDay: null,
    decision: null,
    ...over,
  });

  it('warns more than 30 days after the planned date of an unheld review of the next gate', () => {
    const s = inPhase('DATA_FOUNDATION', { gateReviews: [review({})] });
    expect(run(gateOverdue, s, DAY0 + 40)).toBeNull();
    expect(run(gateOverdue, s, DAY0 + 41)).toMatchObject({ severity: 'warning', value: 31, threshold: 30 });
    expect(run(gateOverdue, inPhase('DATA_FOUNDATION'), DAY0 + 100)).toBeNull();
    expect(run(gateOverdue, inPhase('STRATEGY', { gateReviews: [review({})] }), DAY0 + 100)).toBeNull();
  });

  it('treats a review held after as-of as still open on as-of', () => {
    const s = inPhase('DATA_FOUNDATION', { gateReviews: [review({ heldDay: DAY0 + 60 })] });
    expect(sev(run(gateOverdue, s, DAY0 + 59))).toBe('warning');
    expect(run(gateOverdue, s, DAY0 + 60)).toBeNull();
  });

  it('is critical at two Recycle decisions at the same gate, counting only those decided by as-of', () => {
    const s = inPhase('DATA_FOUNDATION', {
      gateReviews: [
        review({ heldDay: DAY0 + 10, decision: 'RECYCLE' }),
        review({ heldDay: DAY0 + 20, decision: 'RECYCLE' }),
        review({ gate: 'G1', heldDay: DAY0 + 5, decision: 'RECYCLE' }),
        review({ heldDay: DAY0 + 15, decision: 'HOLD' }),
      ],
    });
    expect(run(recycleLoop, s, DAY0 + 19)).toBeNull();
    expect(run(recycleLoop, s, DAY0 + 20)).toMatchObject({ severity: 'critical', value: 2, threshold: 2 });
  });
});

describe('PILOT_ONLY_ECONOMICS (§3.4 #9)', () => {
  const roi = { horizonYears: 3, hasProductionCostCategories: true, productionCostC0PlusY1: 300, pilotActualCost: 100 };
  it('warns without production categories or under 3×', () => {
    expect(run(pilotOnlyEconomics, snapshot(), DAY0)).toBeNull();
    // No model at all is the gate check's finding, not this signal's.
    expect(run(pilotOnlyEconomics, snapshot({ roi: null }), DAY0)).toBeNull();
    expect(run(pilotOnlyEconomics, snapshot({ roi }), DAY0)).toBeNull();
    expect(sev(run(pilotOnlyEconomics, snapshot({ roi: { ...roi, productionCostC0PlusY1: 299 } }), DAY0))).toBe(
      'warning',
    );
    expect(sev(run(pilotOnlyEconomics, snapshot({ roi: { ...roi, hasProductionCostCategories: false } }), DAY0))).toBe(
      'warning',
    );
  });
});

describe('NO_PRODUCTION_BUDGET (§3.4 #10)', () => {
  const dev = (approvedDay: number | null) => inPhase('DEVELOP_VALIDATE', { productionBudget: { approvedDay } });

  it('is critical after 60 days in build & validate without an approved budget', () => {
    expect(run(noProductionBudget, dev(null), DAY0 + 60)).toBeNull();
    expect(run(noProductionBudget, dev(null), DAY0 + 61)).toMatchObject({
      severity: 'critical',
      value: 61,
      threshold: 60,
    });
    expect(run(noProductionBudget, dev(DAY0 + 61), DAY0 + 61)).toBeNull();
    expect(sev(run(noProductionBudget, dev(DAY0 + 62), DAY0 + 61))).toBe('critical');
    expect(run(noProductionBudget, inPhase('DEVELOP_VALIDATE'), DAY0 + 100)).toBeNull();
  });

  it('is critical at once past G4 and silent before build & validate', () => {
    const prod = inPhase('PRODUCTION_DEPLOY', { productionBudget: { approvedDay: null } });
    expect(sev(run(noProductionBudget, prod, DAY0))).toBe('critical');
    expect(
      run(noProductionBudget, inPhase('ARCHITECTURE', { productionBudget: { approvedDay: null } }), DAY0 + 300),
    ).toBeNull();
  });
});

describe('ADOPTION_STALL (§3.4 #11)', () => {
  const prod = (weekly: { day: number; activeUsers: number }[]) =>
    inPhase('PRODUCTION_DEPLOY', { adoption: { eligibleUsers: 100, weekly } });

  it('waits 60 days in production, then warns under 30% active', () => {
    const s = prod([{ day: DAY0 + 50, activeUsers: 29 }]);
    expect(run(adoptionStall, s, DAY0 + 59)).toBeNull();
    expect(run(adoptionStall, s, DAY0 + 60)).toMatchObject({ severity: 'warning', value: 0.29, threshold: 0.3 });
    expect(run(adoptionStall, prod([{ day: DAY0 + 50, activeUsers: 30 }]), DAY0 + 60)).toBeNull();
  });

  it('warns on three weekly declines in a row, not two, ignoring weeks after as-of', () => {
    const weeks = [60, 55, 50, 45].map((activeUsers, i) => ({ day: DAY0 + 40 + 7 * i, activeUsers }));
    expect(run(adoptionStall, prod(weeks), DAY0 + 70)).toMatchObject({ value: 3 });
    expect(run(adoptionStall, prod([{ day: DAY0 + 30, activeUsers: 40 }, ...weeks.slice(1)]), DAY0 + 70)).toBeNull();
    expect(run(adoptionStall, prod(weeks), DAY0 + 60)).toBeNull();
  });
});

describe('STALE_RISK_REGISTER (§3.4 #12)', () => {
  const reg = (over: Partial<NonNullable<InitiativeSnapshot['riskRegister']>> = {}) =>
    snapshot({ riskRegister: { reviewDays: [DAY0 + 10], criticalRisks: [], treatments: [], ...over } });

  it('warns after 90 days without a review, ignoring reviews after as-of', () => {
    expect(run(staleRiskRegister, reg(), DAY0 + 100)).toBeNull();
    expect(run(staleRiskRegister, reg(), DAY0 + 101)).toMatchObject({ severity: 'warning', value: 91 });
    expect(run(staleRiskRegister, reg({ reviewDays: [DAY0 + 200] }), DAY0 + 91)).toMatchObject({ value: 91 });
  });

  it('is critical for a Critical risk past its review date; warns on overdue treatments', () => {
    expect(
      sev(run(staleRiskRegister, reg({ criticalRisks: [{ id: 1, nextReviewDay: DAY0 + 20 }] }), DAY0 + 20)),
    ).toBeNull();
    expect(sev(run(staleRiskRegister, reg({ criticalRisks: [{ id: 1, nextReviewDay: DAY0 + 20 }] }), DAY0 + 21))).toBe(
      'critical',
    );
    const t = reg({ treatments: [{ id: 1, dueDay: DAY0 + 20, completedDay: DAY0 + 30 }] });
    expect(run(staleRiskRegister, t, DAY0 + 20)).toBeNull();
    expect(run(staleRiskRegister, t, DAY0 + 25)).toMatchObject({ severity: 'warning', value: 1 });
    expect(run(staleRiskRegister, t, DAY0 + 30)).toBeNull();
  });
});

describe('STALE_EVIDENCE (§3.4 #13)', () => {
  const ev = (gate: 'G1' | 'G2', validUntilDay: number | null = null) => ({
    id: 1,
    gate,
    submittedDay: DAY0,
    validUntilDay,
  });

  it('uses 180 days by default: warning for the gate ahead, info for other gates', () => {
    const ahead = inPhase('STRATEGY', { evidence: [ev('G1')] });
    expect(run(staleEvidence, ahead, DAY0 + 180)).toBeNull();
    expect(run(staleEvidence, ahead, DAY0 + 181)).toMatchObject({ severity: 'warning', value: 1 });
    const passed = inPhase('ARCHITECTURE', { evidence: [ev('G1')] });
    expect(sev(run(staleEvidence, passed, DAY0 + 181))).toBe('info');
  });

  it('honours an explicit valid-until and ignores evidence submitted after as-of', () => {
    const s = inPhase('STRATEGY', { evidence: [ev('G1', DAY0 + 10)] });
    expect(run(staleEvidence, s, DAY0 + 10)).toBeNull();
    expect(sev(run(staleEvidence, s, DAY0 + 11))).toBe('warning');
    const future = inPhase('STRATEGY', { evidence: [{ ...ev('G1', DAY0 + 10), submittedDay: DAY0 + 20 }] });
    expect(run(staleEvidence, future, DAY0 + 15)).toBeNull();
  });
});

describe('SCOPE_CHURN (§3.4 #14)', () => {
  it('warns at more than two changes in the last 90 days (asOf − 89 … asOf)', () => {
    const asOf = DAY0 + 200;
    const s = (days: number[]) => snapshot({ scopeChanges: days });
    expect(run(scopeChurn, s([asOf - 1, asOf - 2]), asOf)).toBeNull();
    expect(run(scopeChurn, s([asOf, asOf - 50, asOf - 89]), asOf)).toMatchObject({ severity: 'warning', value: 3 });
    expect(run(scopeChurn, s([asOf, asOf - 50, asOf - 90]), asOf)).toBeNull();
    expect(run(scopeChurn, s([asOf + 1, asOf - 50, asOf - 60]), asOf)).toBeNull();
  });
});

describe('PORTFOLIO_CONVERSION (§3.4 #15)', () => {
  const asOf = DAY0 + 400;
  const pilot = (id: number, pilotDay: number, prodDay?: number): InitiativeSnapshot =>
    snapshot({
      id,
      phase: prodDay === undefined ? 'DEVELOP_VALIDATE' : 'PRODUCTION_DEPLOY',
      transitions: [
        { toPhase: 'STRATEGY', day: DAY0 },
        { toPhase: 'DEVELOP_VALIDATE', day: pilotDay },
        ...(prodDay === undefined ? [] : [{ toPhase: 'PRODUCTION_DEPLOY' as const, day: prodDay }]),
      ],
    });
  const cohort = (converted: number, size = 10) =>
    Array.from({ length: size }, (_, i) => pilot(i, asOf - 100, i < converted ? asOf - 10 : undefined));

  it('is info when under 4/33 of the trailing-year pilots reached production', () => {
    expect(portfolioConversion(cohort(1), asOf)).toMatchObject({
      ruleId: 'PORTFOLIO_CONVERSION',
      severity: 'info',
      value: 0.1,
    });
    expect(portfolioConversion(cohort(2), asOf)).toBeNull();
  });

  it('needs a cohort of 5, excludes pilots started before the window, ignores production after as-of', () => {
    expect(portfolioConversion(cohort(0, 4), asOf)).toBeNull();
    const old = [...cohort(0, 4), pilot(99, asOf - 365)];
    expect(portfolioConversion(old, asOf)).toBeNull();
    const inWindow = [...cohort(0, 4), pilot(99, asOf - 364)];
    expect(portfolioConversion(inWindow, asOf)).toMatchObject({ value: 0 });
    const laterProd = Array.from({ length: 10 }, (_, i) => pilot(i, asOf - 100, i < 2 ? asOf + 5 : undefined));
    expect(portfolioConversion(laterProd, asOf)).toMatchObject({ value: 0 });
  });
});

describe('purgatoryScore', () => {
  it('sums severity weights (1/3/8) times rule weights', () => {
    const hits = [
      { ruleId: 'TIME_IN_PHASE' as const, severity: 'critical' as const },
      { ruleId: 'MISSING_OWNER' as const, severity: 'warning' as const },
      { ruleId: 'STALE_EVIDENCE' as const, severity: 'info' as const },
    ];
    expect(purgatoryScore(hits)).toBe(12);
    expect(purgatoryScore(hits, { ...T, ruleWeights: { TIME_IN_PHASE: 2 } })).toBe(20);
    expect(purgatoryScore([])).toBe(0);
  });
});

describe('SLO_BREACH (issue 6)', () => {
  const asOf = DAY0 + 100;
  it('stays silent without SLOs, when met, and when data is missing or stale', () => {
    expect(run(sloBreach, snapshot(), asOf)).toBeNull();
    const quiet = snapshot({
      slos: [
        { kind: 'latency_p95', threshold: 2, actual: 1.5, state: 'met' },
        { kind: 'error_rate', threshold: 0.02, actual: null, state: 'no_data' },
        { kind: 'cost_per_day', threshold: 10, actual: 50, state: 'stale' },
      ],
    });
    expect(run(sloBreach, quiet, asOf)).toBeNull();
  });

  it('reports the worst breach: a warning under 1.5x the threshold, critical from 1.5x', () => {
    const warn = run(
      sloBreach,
      snapshot({ slos: [{ kind: 'latency_p95', threshold: 2, actual: 2.4, state: 'breached' }] }),
      asOf,
    );
    expect(warn).toMatchObject({ ruleId: 'SLO_BREACH', severity: 'warning', threshold: 1 });
    expect(warn?.value).toBeCloseTo(1.2, 9);
    expect(warn?.message).toBe('Latency p95 2.40 s over its SLO of 2.00 s');
    const crit = run(
      sloBreach,
      snapshot({
        slos: [
          { kind: 'latency_p95', threshold: 2, actual: 2.4, state: 'breached' },
          { kind: 'error_rate', threshold: 0.02, actual: 0.05, state: 'breached' },
        ],
      }),
      asOf,
    );
    expect(crit).toMatchObject({ severity: 'critical', message: 'Error rate 5.00 % over its SLO of 2.00 %' });
    expect(crit?.value).toBeCloseTo(2.5, 9);
  });
});
