import { describe, expect, it } from 'vitest';
import { PHASE_IDS } from '../phases';
import { criteriaFor, type Criterion } from './criteria';
import {
  DECISIONS,
  decisionAdvances,
  decisionAllowed,
  decisionLabel,
  defaultRequiredRoles,
  evaluateGate,
  GATE_IDS,
  gateInfo,
  gateLeaving,
  type CriterionResult,
  type GateEvaluation,
  type SignOff,
} from './gates';

const must = (id: string, extra: Partial<Criterion> = {}): Criterion =>
  ({ id, gate: 'G1', kind: 'must', category: 'VALUE', text: id, evidenceTypes: ['DOC'], ...extra }) as Criterion;
const should = (id: string, weight = 1): Criterion => ({
  id,
  gate: 'G1',
  kind: 'should',
  weight,
  category: 'VALUE',
  text: id,
  evidenceTypes: ['DOC'],
});
const met = (criterionId: string, extra: Partial<CriterionResult> = {}): CriterionResult => ({
  criterionId,
  result: 'MET',
  ...extra,
});

describe('gate ↔ phase mapping', () => {
  it('maps gate n to the phase it leaves, G7 recurring in SCALE_OPTIMIZE', () => {
    PHASE_IDS.forEach((phase, i) => {
      const g = gateLeaving(phase);
      expect(g.id).toBe(`G${i + 1}`);
      expect(g.fromPhase).toBe(phase);
      if (i < 6) expect(g.toPhase).toBe(PHASE_IDS[i + 1]);
    });
    expect(gateInfo('G7')).toMatchObject({ fromPhase: 'SCALE_OPTIMIZE', toPhase: 'SCALE_OPTIMIZE', recurring: true });
    expect(gateInfo('G4').name).toBe('Production readiness review');
  });

  it('labels decisions; only Go and Conditional go advance', () => {
    expect(DECISIONS.map((d) => d.id)).toEqual(['GO', 'CONDITIONAL_GO', 'HOLD', 'RECYCLE', 'KILL', 'DEFER']);
    expect(decisionLabel('CONDITIONAL_GO')).toBe('Conditional go');
    expect(DECISIONS.filter((d) => decisionAdvances(d.id)).map((d) => d.id)).toEqual(['GO', 'CONDITIONAL_GO']);
  });
});

describe('evaluateGate: must-meets are knock-outs', () => {
  const criteria = [must('M1'), must('M2'), should('S1')];

  it('passes when every must-meet is met and the score reaches the threshold', () => {
    const e = evaluateGate(criteria, [met('M1'), met('M2'), met('S1')]);
    expect(e).toMatchObject({ mustMet: true, unmetMust: [], score: 1, passes: true });
    expect(e.blockedReason).toBeUndefined();
  });

  it('refuses to pass with one must-meet unmet, even with a perfect score', () => {
    const e = evaluateGate(criteria, [met('M1'), { criterionId: 'M2', result: 'NOT_MET' }, met('S1')]);
    expect(e.mustMet).toBe(false);
    expect(e.unmetMust).toEqual(['M2']);
    expect(e.score).toBe(1);
    expect(e.passes).toBe(false);
  });

  it('refuses the real G4 with every criterion met but one', () => {
    const g4 = criteriaFor('G4', { riskTier: 'limited', type: 'copilot' });
    const results = g4.map((c) => met(c.id, c.id === 'G4.M8' ? { result: 'NOT_MET' } : {}));
    const e = evaluateGate(g4, results);
    expect(e.unmetMust).toEqual(['G4.M8']);
    expect(e.passes).toBe(false);
    expect(
      evaluateGate(
        g4,
        g4.map((c) => met(c.id)),
      ).passes,
    ).toBe(true);
  });

  it.each([
    ['missing', undefined, 'Not assessed'],
    ['PARTIAL', { criterionId: 'M2', result: 'PARTIAL' }, 'Only partly met'],
    ['NA', { criterionId: 'M2', result: 'NA' }, 'N/A'],
    ['WAIVED without reason', { criterionId: 'M2', result: 'WAIVED' }, 'without a reason'],
    ['WAIVED with blank reason', { criterionId: 'M2', result: 'WAIVED', waiverReason: '  ' }, 'without a reason'],
  ] as const)('counts a must-meet %s as unmet', (_label, r, reason) => {
    const results: CriterionResult[] = [met('M1'), met('S1'), ...(r ? [r] : [])];
    const e = evaluateGate(criteria, results);
    expect(e.unmetMust).toEqual(['M2']);
    expect(e.unmetReasons['M2']).toContain(reason);
    expect(e.passes).toBe(false);
  });

  it('counts a WAIVED must-meet with a reason as met', () => {
    const e = evaluateGate(criteria, [
      met('M1'),
      met('S1'),
      { criterionId: 'M2', result: 'WAIVED', waiverReason: 'Board accepted' },
    ]);
    expect(e.mustMet).toBe(true);
    expect(e.passes).toBe(true);
  });

  it('lets a failed auto-check outvote a reviewer MET, but not a reasoned waiver; not_available defers to the reviewer', () => {
    const c = [must('M1', { autoCheck: 'owners.triad' }), should('S1')];
    const failed = { 'owners.triad': { status: 'failed', reason: 'Missing: tech lead' } } as const;
    const na = { 'owners.triad': { status: 'not_available', reason: 'n/a' } } as const;
    expect(evaluateGate(c, [met('M1'), met('S1')], { autoChecks: failed }).unmetReasons['M1']).toBe(
      'Auto-check failed: Missing: tech lead',
    );
    expect(
      evaluateGate(c, [{ criterionId: 'M1', result: 'WAIVED', waiverReason: 'Interim lead' }, met('S1')], {
        autoChecks: failed,
      }).passes,
    ).toBe(true);
    expect(evaluateGate(c, [met('M1'), met('S1')], { autoChecks: na }).passes).toBe(true);
  });
});

describe('evaluateGate: should-meet score', () => {
  const five = [must('M1'), should('S1'), should('S2'), should('S3'), should('S4'), should('S5')];
  const scored = (...scores: number[]): CriterionResult[] => [
    met('M1'),
    ...scores.map((score, i) => ({ criterionId: `S${i + 1}`, result: 'MET' as const, score })),
  ];

  it.each([
    [[4, 4, 4, 1, 0], 0.65, false],
    [[4, 4, 4, 2, 0], 0.7, true],
    [[4, 4, 4, 3, 0], 0.75, true],
  ])('scores %j as %f (passes: %s) against the 0.70 threshold', (scores, score, passes) => {
    const e = evaluateGate(five, scored(...scores));
    expect(e.score).toBeCloseTo(score, 10);
    expect(e.passes).toBe(passes);
  });

  it('weights should-meets and maps results without a score: MET 4, PARTIAL 2, NOT_MET 0', () => {
    const c = [should('S1', 2), should('S2', 1), should('S3', 1)];
    const e = evaluateGate(c, [
      met('S1'),
      { criterionId: 'S2', result: 'PARTIAL' },
      { criterionId: 'S3', result: 'NOT_MET' },
    ]);
    expect(e.score).toBeCloseTo((2 * 1 + 1 * 0.5 + 0) / 4, 10);
  });

  it('leaves N/A out of the score instead of counting it as zero', () => {
    const c = [should('S1'), should('S2', 3)];
    expect(evaluateGate(c, [met('S1'), { criterionId: 'S2', result: 'NA' }]).score).toBe(1);
    expect(evaluateGate(c, [met('S1'), { criterionId: 'S2', result: 'NOT_MET' }]).score).toBe(0.25);
  });

  it('leaves reasoned should-meet waivers out; unreasoned ones and missing results score zero', () => {
    const c = [should('S1'), should('S2')];
    expect(
      evaluateGate(c, [met('S1'), { criterionId: 'S2', result: 'WAIVED', waiverReason: 'Vendor tool' }]).score,
    ).toBe(1);
    expect(evaluateGate(c, [met('S1'), { criterionId: 'S2', result: 'WAIVED' }]).score).toBe(0.5);
    expect(evaluateGate(c, [met('S1')]).score).toBe(0.5);
  });

  it('scores 1 when nothing is scored, clamps scores to 0..4, and honours a custom threshold', () => {
    expect(evaluateGate([must('M1')], [met('M1')]).score).toBe(1);
    expect(evaluateGate([should('S1')], [met('S1', { score: 9 })]).score).toBe(1);
    expect(evaluateGate([should('S1')], [met('S1', { score: -3 })]).score).toBe(0);
    const e = evaluateGate([should('S1')], [met('S1', { score: 3 })], { threshold: 0.8 });
    expect(e).toMatchObject({ score: 0.75, threshold: 0.8, passes: false });
  });

  it('ignores results for criteria that are not on the gate', () => {
    expect(evaluateGate([should('S1')], [met('S1'), { criterionId: 'OTHER', result: 'NOT_MET' }]).score).toBe(1);
  });
});

describe('prohibited initiatives never pass', () => {
  it.each(GATE_IDS)('%s stays blocked even with every criterion met or waived', (gate) => {
    const criteria = criteriaFor(gate, { riskTier: 'prohibited', type: 'autonomous_agent' });
    const allMet = evaluateGate(
      criteria,
      criteria.map((c) => met(c.id)),
    );
    expect(allMet.passes).toBe(false);
    expect(allMet.blockedReason).toContain(`${gate}.X1`);
    const waived = evaluateGate(
      criteria,
      criteria.map((c) => ({ criterionId: c.id, result: 'WAIVED' as const, waiverReason: 'please' })),
    );
    expect(waived.passes).toBe(false);
    const check = decisionAllowed('GO', allMet, [], [], { override: { reason: 'CEO wants it' } });
    expect(check.ok).toBe(false);
    expect(check.isOverride).toBe(false);
    expect(check.issues[0]?.path).toBe('decision');
    expect(decisionAllowed('KILL', allMet, [], []).ok).toBe(true);
  });
});

describe('decisionAllowed', () => {
  const passing: GateEvaluation = evaluateGate([must('M1')], [met('M1')]);
  const failing: GateEvaluation = evaluateGate([must('M1')], []);
  const roles = defaultRequiredRoles('G1', { riskTier: 'limited', type: 'copilot' });
  const approvals: SignOff[] = roles.map((role, i) => ({ role, personId: i + 1, vote: 'APPROVE' }));

  it('allows Go on a passing gate with every required sign-off', () => {
    expect(decisionAllowed('GO', passing, approvals, roles)).toEqual({ ok: true, isOverride: false, issues: [] });
  });

  it('refuses Go on a failing gate unless overridden with a reason, and marks the override', () => {
    const refused = decisionAllowed('GO', failing, approvals, roles);
    expect(refused.ok).toBe(false);
    expect(refused.issues).toEqual([{ path: 'decision', message: expect.stringContaining('M1') as string }]);
    expect(decisionAllowed('GO', failing, approvals, roles, { override: { reason: ' ' } }).issues).toEqual([
      { path: 'override.reason', message: 'An override needs a reason' },
    ]);
    expect(decisionAllowed('GO', failing, approvals, roles, { override: { reason: 'Pilot deadline' } })).toEqual({
      ok: true,
      isOverride: true,
      issues: [],
    });
  });

  it('needs an APPROVE from every required role, override or not', () => {
    const noTechLead = approvals.map((s) => (s.role === 'TECH_LEAD' ? { ...s, vote: 'REJECT' as const } : s));
    const r = decisionAllowed('GO', passing, noTechLead, roles);
    expect(r.issues).toEqual([{ path: 'signOffs', message: 'Sign-off missing from: Tech lead' }]);
    const o = decisionAllowed('GO', failing, [], roles, { override: { reason: 'x' } });
    expect(o.ok).toBe(false);
    expect(o.isOverride).toBe(false);
  });

  it('needs conditions with text, owner and a real due date for a conditional go', () => {
    expect(decisionAllowed('CONDITIONAL_GO', passing, approvals, roles).issues).toEqual([
      { path: 'conditions', message: 'A conditional go needs at least one condition' },
    ]);
    const r = decisionAllowed('CONDITIONAL_GO', passing, approvals, roles, {
      decidedOn: '2026-03-01',
      conditions: [
        { text: 'Pen test retest', ownerId: null, dueDate: null },
        { text: ' ', ownerId: 4, dueDate: '2026-02-30' },
        { text: 'DPIA', ownerId: 4, dueDate: '2026-02-01' },
        { text: 'Runbook', ownerId: 4, dueDate: '2026-04-01' },
      ],
    });
    expect(r.issues.map((i) => i.path)).toEqual([
      'conditions.0.ownerId',
      'conditions.0.dueDate',
      'conditions.1.text',
      'conditions.1.dueDate',
      'conditions.2.dueDate',
    ]);
    const ok = decisionAllowed('CONDITIONAL_GO', passing, approvals, roles, {
      conditions: [{ text: 'Runbook', ownerId: 4, dueDate: '2026-04-01' }],
    });
    expect(ok.ok).toBe(true);
  });

  it.each(['HOLD', 'RECYCLE', 'KILL', 'DEFER'] as const)('allows %s without a passing gate or sign-offs', (d) => {
    expect(decisionAllowed(d, failing, [], roles)).toEqual({ ok: true, isOverride: false, issues: [] });
  });

  it('requires more gatekeepers where §3.2 asks for approvals', () => {
    expect(defaultRequiredRoles('G1', { riskTier: 'high', type: 'copilot' })).toEqual([
      'BUSINESS_SPONSOR',
      'AI_PRODUCT_OWNER',
      'TECH_LEAD',
    ]);
    expect(defaultRequiredRoles('G4', { riskTier: 'limited', type: 'copilot' })).not.toContain('AI_GOVERNANCE_BOARD');
    expect(defaultRequiredRoles('G4', { riskTier: 'high', type: 'copilot' })).toContain('AI_GOVERNANCE_BOARD');
    expect(defaultRequiredRoles('G4', { riskTier: 'minimal', type: 'autonomous_agent' })).toEqual(
      expect.arrayContaining(['SECURITY', 'PRIVACY', 'LEGAL', 'AI_GOVERNANCE_BOARD']),
    );
    expect(defaultRequiredRoles('G6', { riskTier: 'limited', type: 'copilot' })).toContain('FINANCE');
  });
});
