import { describe, expect, it } from 'vitest';
import {
  computeRag,
  DEFAULT_RAG_THRESHOLDS as T,
  formatMoney,
  ragBudget,
  ragGovernance,
  ragRisk,
  ragSchedule,
  ragValue,
  worstRag,
  type RagGovernanceInput,
  type RagInput,
} from './rag';

// A 100-day plan: 2026-01-01 → 2026-04-11.
const plan = { plannedStart: '2026-01-01', plannedEnd: '2026-04-11', actualEnd: null, missedGates: [] };
const endPlus = (days: number) => new Date(Date.parse('2026-04-11') + days * 86_400_000).toISOString().slice(0, 10);

describe('schedule', () => {
  it.each([
    [0, 'green'],
    [5, 'green'],
    [6, 'amber'],
    [15, 'amber'],
    [16, 'red'],
  ] as const)('finished %i days late on a 100-day plan is %s', (late, rag) => {
    const call = ragSchedule({ ...plan, actualEnd: endPlus(late) }, '2026-12-01', T);
    expect(call.rag).toBe(rag);
    expect(call.reason).toContain(`${late}%`);
  });

  it('counts today as the earliest forecast once the planned end has passed', () => {
    expect(ragSchedule(plan, endPlus(5), T).rag).toBe('green');
    const late = ragSchedule(plan, endPlus(20), T);
    expect(late.rag).toBe('red');
    expect(late.reason).toMatch(/passed 20 days ago.*20% of the 100-day plan \(> 15%\)/);
  });

  it('is on track before the planned end, whatever the date', () => {
    expect(ragSchedule(plan, '2026-02-01', T).rag).toBe('green');
  });

  it('is red on a missed gate even when the dates are fine', () => {
    const call = ragSchedule({ ...plan, missedGates: [{ gate: 'G3', scheduledDate: '2026-01-20' }] }, '2026-02-01', T);
    expect(call.rag).toBe('red');
    expect(call.reason).toContain('G3 review was scheduled for 2026-01-20');
  });

  it('is amber, and says why, without plan dates', () => {
    const call = ragSchedule({ ...plan, plannedEnd: null }, '2026-02-01', T);
    expect(call.rag).toBe('amber');
    expect(call.reason).toMatch(/No planned start and end dates/);
  });
});

describe('budget', () => {
  const M = 1_000_000;
  it.each([
    [1.05 * M, null, 'green'],
    [1.05 * M + 1, null, 'amber'],
    [1.1 * M, null, 'amber'],
    [1.1 * M + 1, null, 'red'],
    [M, 1.1, 'green'],
    [M, 1.11, 'amber'],
    [M, 1.3, 'amber'],
    [M, 1.31, 'red'],
  ] as const)('EAC %d, burn %s on a $1M budget is %s', (eac, burnIndex, rag) => {
    expect(ragBudget({ approved: M, eac, burnIndex }, T).rag).toBe(rag);
  });

  it('names the figure and the threshold', () => {
    const call = ragBudget({ approved: 1_100_000, eac: 1_232_000, burnIndex: 1 }, T);
    expect(call.reason).toBe('EAC $1.23M is 112% of approved $1.10M (> 110%)');
  });

  it('is amber without an approved budget', () => {
    expect(ragBudget({ approved: null, eac: 5, burnIndex: null }, T).rag).toBe('amber');
    expect(ragBudget({ approved: 0, eac: 5, burnIndex: null }, T).rag).toBe('amber');
    expect(ragBudget({ approved: 10, eac: null, burnIndex: null }, T).rag).toBe('amber');
  });
});

describe('value', () => {
  const kpi = (pctOfPlan: number | null, hasBaseline = true) => ({ name: 'Handle time', hasBaseline, pctOfPlan });
  it.each([
    [90, 'green'],
    [89.9, 'amber'],
    [70, 'amber'],
    [69.9, 'red'],
  ] as const)('%d%% of trajectory is %s', (p, rag) => {
    expect(ragValue({ kpis: [kpi(p)] }, T).rag).toBe(rag);
  });

  it('judges the lowest KPI', () => {
    const call = ragValue({ kpis: [kpi(120), { ...kpi(64), name: 'Deflection' }] }, T);
    expect(call.rag).toBe('red');
    expect(call.reason).toBe('“Deflection” is at 64% of its planned trajectory (lowest of 2 KPIs) (< 70%)');
  });

  it('is red without KPIs or without a baseline, amber when nothing is measured yet', () => {
    expect(ragValue({ kpis: [] }, T).rag).toBe('red');
    expect(ragValue({ kpis: [kpi(95), kpi(null, false)] }, T).rag).toBe('red');
    expect(ragValue({ kpis: [kpi(null)] }, T).rag).toBe('amber');
  });
});

describe('risk', () => {
  const risk = (residualScore: number, o: { above?: boolean; overdue?: boolean } = {}) => ({
    title: `R${residualScore}`,
    residualScore,
    appetite: 6,
    aboveAppetiteUnaccepted: o.above ?? false,
    actionOverdue: o.overdue ?? false,
  });
  it('is red on a Critical residual, or an overdue treatment on a High risk', () => {
    expect(ragRisk({ risks: [risk(20)] }).rag).toBe('red');
    expect(ragRisk({ risks: [risk(16)] }).rag).toBe('green');
    expect(ragRisk({ risks: [risk(10, { overdue: true })] }).rag).toBe('red');
    expect(ragRisk({ risks: [risk(9, { overdue: true, above: true })] }).rag).toBe('green');
  });
  it('is amber on a High risk above appetite with treatment on track', () => {
    const call = ragRisk({ risks: [risk(12, { above: true })] });
    expect(call.rag).toBe('amber');
    expect(call.reason).toContain('residual 12 above appetite 6');
  });
  it('is green with no open risks', () => {
    expect(ragRisk({ risks: [] })).toEqual({
      dimension: 'risk',
      rag: 'green',
      reason: 'No open risks on the register',
    });
  });
});

describe('governance', () => {
  const g: RagGovernanceInput = {
    prohibited: false,
    phaseNumber: 4,
    phaseLabel: 'Development & validation',
    entryGate: 'G3',
    entry: 'approved',
    pending: null,
    overdueConditions: null,
  };
  it('is green with the entry gate decided, and needs none in phase 1', () => {
    expect(ragGovernance(g, '2026-06-01', T).rag).toBe('green');
    expect(ragGovernance({ ...g, phaseNumber: 1, entryGate: null, entry: 'missing' }, '2026-06-01', T).rag).toBe(
      'green',
    );
  });
  it('is amber while an approval is pending under 30 days, red from 30', () => {
    const pending = (days: number) => ({
      ...g,
      pending: { gate: 'G4', requestedAt: new Date(Date.parse('2026-06-01') - days * 86_400_000).toISOString() },
    });
    expect(ragGovernance(pending(29), '2026-06-01', T).rag).toBe('amber');
    const red = ragGovernance(pending(30), '2026-06-01', T);
    expect(red.rag).toBe('red');
    expect(red.reason).toContain('G4 approval pending 30 days');
  });
  it('is red when the approval is missing, overridden or lapsed, or the tier is prohibited', () => {
    expect(ragGovernance({ ...g, entry: 'missing' }, '2026-06-01', T).rag).toBe('red');
    expect(ragGovernance({ ...g, entry: 'override' }, '2026-06-01', T).reason).toContain('overriding G3');
    expect(
      ragGovernance({ ...g, overdueConditions: { gate: 'G3', count: 2, oldestDue: '2026-05-01' } }, '2026-06-01', T)
        .rag,
    ).toBe('red');
    expect(ragGovernance({ ...g, prohibited: true }, '2026-06-01', T).rag).toBe('red');
  });
});

describe('overall', () => {
  it('is the worst dimension', () => {
    expect(worstRag(['green', 'amber', 'green'])).toBe('amber');
    expect(worstRag(['amber', 'red'])).toBe('red');
    expect(worstRag([])).toBe('green');
    const input: RagInput = {
      asOf: '2026-02-01',
      schedule: plan,
      budget: { approved: 100, eac: 100, burnIndex: 1 },
      value: { kpis: [{ name: 'k', hasBaseline: true, pctOfPlan: 95 }] },
      risk: { risks: [] },
      governance: {
        prohibited: false,
        phaseNumber: 1,
        phaseLabel: 'Strategy',
        entryGate: null,
        entry: 'missing',
        pending: null,
        overdueConditions: null,
      },
    };
    expect(computeRag(input).overall).toBe('green');
    expect(
      computeRag({
        ...input,
        risk: {
          risks: [{ title: 'x', residualScore: 25, appetite: 4, aboveAppetiteUnaccepted: true, actionOverdue: false }],
        },
      }).overall,
    ).toBe('red');
  });
  it('formats money the way reasons print it', () => {
    expect(formatMoney(1_232_000)).toBe('$1.23M');
    expect(formatMoney(450_000)).toBe('$450k');
    expect(formatMoney(-900, 'EUR')).toBe('-EUR 900');
  });
});
