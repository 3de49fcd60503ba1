import { describe, expect, it } from 'vitest';
import {
  BAND_RANGES,
  DEFAULT_APPETITE,
  IMPACT_SCALE,
  LIKELIHOOD_SCALE,
  RISK_CATEGORIES,
  RISK_LIBRARY,
  TAXONOMIES,
  addMonths,
  bandOf,
  bandScoreRange,
  consistencyIssues,
  effectiveCadence,
  isAcceptanceExpired,
  isTaxonomyRef,
  nextReviewDate,
  riskCreateInput,
  riskFlags,
  riskScore,
  scaleDefinition,
  type ConsistencyState,
} from './index';

describe('5×5 scoring and bands (domain.md §2.2)', () => {
  it('scores L × I and refuses anything outside 1–5 rather than return NaN', () => {
    expect(riskScore(1, 1)).toBe(1);
    expect(riskScore(5, 5)).toBe(25);
    expect(riskScore(4, 3)).toBe(12);
    for (const [l, i] of [
      [0, 3],
      [6, 1],
      [2.5, 2],
      [Number.NaN, 1],
    ])
      expect(() => riskScore(l!, i!)).toThrow(RangeError);
  });

  it('bands at every boundary: 1–4 Low, 5–9 Medium, 10–16 High, 20–25 Critical', () => {
    const at = (s: number) => bandOf(s);
    expect([1, 4].map(at)).toEqual(['LOW', 'LOW']);
    expect([5, 9].map(at)).toEqual(['MEDIUM', 'MEDIUM']);
    expect([10, 16].map(at)).toEqual(['HIGH', 'HIGH']);
    expect([20, 25].map(at)).toEqual(['CRITICAL', 'CRITICAL']);
    // Every product of two levels lands in a band, and none in the 17–19 gap.
    for (let l = 1; l <= 5; l++)
      for (let i = 1; i <= 5; i++) {
        const s = l * i;
        const b = bandOf(s);
        expect(s).toBeGreaterThanOrEqual(BAND_RANGES[b].min);
        expect(s).toBeLessThanOrEqual(BAND_RANGES[b].max);
      }
    expect(() => bandOf(0)).toThrow(RangeError);
    expect(() => bandOf(26)).toThrow(RangeError);
    expect(bandScoreRange('CRITICAL')).toEqual({ min: 17, max: 25 });
    expect(bandScoreRange('HIGH')).toEqual({ min: 10, max: 16 });
  });

  it('ships written definitions for every level', () => {
    expect(LIKELIHOOD_SCALE.map((l) => l.label)).toEqual(['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain']);
    expect(IMPACT_SCALE.map((l) => l.label)).toEqual(['Insignificant', 'Minor', 'Moderate', 'Major', 'Catastrophic']);
    expect(scaleDefinition('likelihood', 3)).toBe('Possible: 20–50% over the horizon');
    expect(scaleDefinition('impact', 5)).toContain('financial > $10M');
  });
});

describe('review dates by cadence', () => {
  it('adds calendar months, clamping month ends and honouring leap years', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2028-02-29', 48)).toBe('2032-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-05-31', 1)).toBe('2026-06-30');
  });

  it('follows the residual band unless the risk has its own cadence', () => {
    expect(effectiveCadence(null, 25)).toBe('MONTHLY');
    expect(effectiveCadence(null, 12)).toBe('QUARTERLY');
    expect(effectiveCadence(null, 6)).toBe('SEMI_ANNUAL');
    expect(effectiveCadence(null, 4)).toBe('ANNUAL');
    expect(effectiveCadence('MONTHLY', 4)).toBe('MONTHLY');
    expect(nextReviewDate('2026-03-31', 'MONTHLY')).toBe('2026-04-30');
    expect(nextReviewDate('2026-03-31', 'QUARTERLY')).toBe('2026-06-30');
    expect(nextReviewDate('2026-08-31', 'SEMI_ANNUAL')).toBe('2027-02-28');
    expect(nextReviewDate('2028-02-29', 'ANNUAL')).toBe('2029-02-28');
  });
});

describe('flags', () => {
  const base = {
    residualScore: 12,
    appetite: 9,
    status: 'IN_TREATMENT',
    acceptance: null,
    nextReviewOn: '2026-03-02',
    openActionDueOn: null,
  };
  it('above appetite without an accepted decision in force; expired acceptances do not count', () => {
    expect(riskFlags(base, '2026-03-02')).toMatchObject({
      withinAppetite: false,
      aboveAppetiteUnaccepted: true,
      reviewOverdue: false,
    });
    const accepted = { ...base, acceptance: { expiresOn: '2026-03-02' } };
    expect(riskFlags(accepted, '2026-03-02').aboveAppetiteUnaccepted).toBe(false);
    expect(riskFlags(accepted, '2026-03-03')).toMatchObject({ acceptanceExpired: true, aboveAppetiteUnaccepted: true });
    expect(isAcceptanceExpired('2026-03-02', '2026-03-02')).toBe(false);
    expect(riskFlags({ ...base, residualScore: 9 }, '2026-03-02').aboveAppetiteUnaccepted).toBe(false);
  });
  it('overdue review and action the day after their date; closed risks raise none', () => {
    const late = { ...base, openActionDueOn: '2026-03-01' };
    expect(riskFlags(late, '2026-03-03')).toMatchObject({ reviewOverdue: true, actionOverdue: true });
    expect(riskFlags({ ...late, status: 'CLOSED' }, '2026-03-03')).toMatchObject({
      reviewOverdue: false,
      actionOverdue: false,
      aboveAppetiteUnaccepted: false,
    });
  });
});

describe('consistency across fields', () => {
  const state = (over: Partial<ConsistencyState> = {}): ConsistencyState => ({
    inherent: { likelihood: 4, impact: 4 },
    residual: { likelihood: 3, impact: 3 },
    target: { likelihood: 2, impact: 2 },
    status: 'ASSESSED',
    treatment: 'MITIGATE',
    acceptance: null,
    lastReviewedOn: null,
    identifiedOn: '2026-01-01',
    ...over,
  });
  it('passes a consistent risk and refuses inverted scores on the field that moved', () => {
    expect(consistencyIssues(state(), '2026-03-02')).toEqual([]);
    const up = consistencyIssues(state({ residual: { likelihood: 5, impact: 4 } }), '2026-03-02');
    expect(up.map((i) => i.path)).toEqual(['residual.likelihood']);
    const lowered = consistencyIssues(
      state({ inherent: { likelihood: 2, impact: 4 } }),
      '2026-03-02',
      new Set(['inherent']),
    );
    expect(lowered.map((i) => i.path)).toEqual(['inherent.likelihood']);
  });
  it('an acceptance expires after it is given; accepted status or treatment needs one', () => {
    const same = consistencyIssues(
      state({ acceptance: { acceptedOn: '2026-03-01', expiresOn: '2026-03-01' } }),
      '2026-03-02',
    );
    expect(same.map((i) => i.path)).toEqual(['acceptance.expiresOn']);
    expect(consistencyIssues(state({ treatment: 'ACCEPT_RETAIN' }), '2026-03-02').map((i) => i.path)).toEqual([
      'acceptance',
    ]);
  });
});

describe('reference data', () => {
  it('ships each taxonomy of domain.md §2.4 with its full item count', () => {
    const count = (id: string) => TAXONOMIES.find((t) => t.id === id)?.items.length;
    expect(count('nist_trustworthy')).toBe(7);
    expect(count('nist_gai_600_1')).toBe(12);
    expect(count('owasp_llm_2025')).toBe(10);
    expect(count('owasp_agentic_2026')).toBe(10);
    expect(count('mit_domain')).toBe(7 + 24);
    expect(count('iso42001')).toBe(9);
    expect(RISK_CATEGORIES).toHaveLength(16);
    for (const c of RISK_CATEGORIES) expect(DEFAULT_APPETITE[c.id]).toBeGreaterThan(0);
  });

  it('every library entry is a valid create input: known refs, scores that only go down', () => {
    const ids = new Set<string>();
    for (const e of RISK_LIBRARY) {
      expect(ids.has(e.id)).toBe(false);
      ids.add(e.id);
      for (const ref of e.taxonomyRefs) expect(isTaxonomyRef(ref), `${e.id}: ${ref}`).toBe(true);
      const parsed = riskCreateInput.safeParse({
        title: e.title,
        description: e.description,
        cause: e.cause,
        event: e.event,
        consequence: e.consequence,
        category: e.category,
        taxonomyRefs: e.taxonomyRefs,
        inherent: e.inherent,
        residual: e.residual,
        target: e.target,
        treatment: e.treatment,
        controls: e.controls,
      });
      expect(parsed.success, e.id).toBe(true);
      expect(
        consistencyIssues(
          {
            inherent: e.inherent,
            residual: e.residual,
            target: e.target,
            status: 'ASSESSED',
            treatment: e.treatment,
            acceptance: null,
            lastReviewedOn: null,
            identifiedOn: '2026-01-01',
          },
          '2026-03-02',
        ),
        e.id,
      ).toEqual([]);
      expect(e.actions.length).toBeGreaterThan(0);
    }
    for (const required of [
      'prompt-injection',
      'hallucination-operational',
      'data-drift',
      'pii-leakage',
      'vendor-model-deprecation',
      'cost-overrun',
      'ownership-gap',
      'shadow-agents',
      'privilege-drift',
    ])
      expect(ids.has(required), required).toBe(true);
  });
});
