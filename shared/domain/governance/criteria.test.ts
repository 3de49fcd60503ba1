import { describe, expect, it } from 'vitest';
import type { RiskTier } from '../enums';
import { CRITERIA_CATALOGUE, criteriaFor, matches, tailorGate } from './criteria';
import { GATE_IDS } from './gates';

const ids = (gate: (typeof GATE_IDS)[number], riskTier: RiskTier, type = 'copilot' as const) =>
  criteriaFor(gate, { riskTier, type }).map((c) => c.id);

describe('CRITERIA_CATALOGUE', () => {
  it('is versioned and has unique ids prefixed by their gate', () => {
    expect(CRITERIA_CATALOGUE.version).toBe('2026.1');
    const all = CRITERIA_CATALOGUE.criteria.map((c) => c.id);
    expect(new Set(all).size).toBe(all.length);
    for (const c of CRITERIA_CATALOGUE.criteria) expect(c.id.startsWith(`${c.gate}.`)).toBe(true);
  });

  it('gives every gate must-meets, positive should-meet weights and at least one evidence type', () => {
    for (const gate of GATE_IDS) {
      const base = criteriaFor(gate, { riskTier: 'limited', type: 'copilot' });
      expect(base.some((c) => c.kind === 'must')).toBe(true);
    }
    for (const c of CRITERIA_CATALOGUE.criteria) {
      if (c.kind === 'should') expect(c.weight).toBeGreaterThan(0);
      expect(c.evidenceTypes.length).toBeGreaterThan(0);
    }
  });

  it('has the §3.2 auto-checks on the criteria the issue names', () => {
    const byId = new Map(CRITERIA_CATALOGUE.criteria.map((c) => [c.id, c]));
    expect(byId.get('G1.M1')?.autoCheck).toBe('owners.triad');
    expect(byId.get('G1.M3')?.autoCheck).toBe('kpi.baseline_and_target');
    expect(byId.get('G1.M4')?.autoCheck).toBe('roi.model_exists');
    expect(byId.get('G5.M2')?.autoCheck).toBe('monitoring.reports_data');
    expect(byId.get('G4.A1')?.autoCheck).toBe('agents.inventory_complete');
  });
});

describe('tailoring (§3.1)', () => {
  it('adds EU AI Act Articles 9–15 must-meets for high-risk initiatives only', () => {
    const highEu = GATE_IDS.flatMap((g) => ids(g, 'high')).filter((id) => id.includes('.EU'));
    for (const article of [9, 10, 11, 12, 13, 14, 15]) {
      expect(highEu.some((id) => id.endsWith(`.EU${article}`))).toBe(true);
    }
    for (const tier of ['limited', 'minimal', 'unclassified'] as const) {
      expect(GATE_IDS.flatMap((g) => ids(g, tier)).filter((id) => id.includes('.EU'))).toEqual([]);
    }
    const g4high = criteriaFor('G4', { riskTier: 'high', type: 'copilot' });
    expect(g4high.filter((c) => c.id.includes('.EU')).every((c) => c.kind === 'must')).toBe(true);
  });

  it('adds agent-control must-meets for autonomous agents', () => {
    const g4 = criteriaFor('G4', { riskTier: 'limited', type: 'autonomous_agent' });
    const agentIds = g4.filter((c) => c.id.startsWith('G4.A')).map((c) => c.id);
    expect(agentIds).toEqual(['G4.A1', 'G4.A2', 'G4.A3', 'G4.A4', 'G4.A5']);
    expect(g4.filter((c) => c.id.startsWith('G4.A')).every((c) => c.kind === 'must')).toBe(true);
    expect(ids('G4', 'limited', 'copilot').some((id) => id.startsWith('G4.A'))).toBe(false);
  });

  it('asks for the AI governance board when high-risk OR agentic', () => {
    expect(ids('G4', 'high')).toContain('G4.M10');
    expect(criteriaFor('G4', { riskTier: 'minimal', type: 'autonomous_agent' }).map((c) => c.id)).toContain('G4.M10');
    expect(ids('G4', 'limited')).not.toContain('G4.M10');
  });

  it('makes some should-meets N/A for minimal-risk ("lite" gates) and says why', () => {
    const lite = tailorGate('G1', { riskTier: 'minimal', type: 'copilot' });
    expect(lite.criteria.map((c) => c.id)).not.toContain('G1.S2');
    expect(lite.criteria.map((c) => c.id)).toContain('G1.S1');
    expect(lite.notApplicable.map((n) => n.criterion.id)).toEqual(['G1.S2']);
    expect(lite.notApplicable[0]?.reason).toMatch(/Lite gate/);
    expect(ids('G1', 'limited')).toContain('G1.S2');
    // Lite never drops must-meets.
    const fullMusts = ids('G4', 'limited').filter((id) => id.includes('.M'));
    const liteMusts = ids('G4', 'minimal').filter((id) => id.includes('.M'));
    expect(liteMusts).toEqual(fullMusts);
  });

  it('puts a blocking criterion on every gate of a prohibited initiative, and only then', () => {
    for (const gate of GATE_IDS) {
      const blocker = criteriaFor(gate, { riskTier: 'prohibited', type: 'copilot' }).find((c) => c.id === `${gate}.X1`);
      expect(blocker?.kind === 'must' && blocker.blocking).toBe(true);
      expect(ids(gate, 'high')).not.toContain(`${gate}.X1`);
    }
  });
});

describe('matches', () => {
  it('is true for an empty descriptor and ORs tiers with types', () => {
    expect(matches({}, { riskTier: 'minimal', type: 'other' })).toBe(true);
    expect(matches({ riskTiers: [] }, { riskTier: 'minimal', type: 'other' })).toBe(true);
    const d = { riskTiers: ['high'] as const, types: ['autonomous_agent'] as const };
    expect(matches(d, { riskTier: 'high', type: 'other' })).toBe(true);
    expect(matches(d, { riskTier: 'minimal', type: 'autonomous_agent' })).toBe(true);
    expect(matches(d, { riskTier: 'minimal', type: 'other' })).toBe(false);
  });
});
