import { describe, expect, it } from 'vitest';
import type { RiskRow } from '../../../../shared/domain/risk/risk';
import { riskRowsCsv } from './riskCsv';

const risk = (r: Partial<RiskRow>): RiskRow =>
  ({
    id: 12,
    ref: 'RSK-000012',
    initiativeId: 3,
    initiativeName: 'Claims triage',
    title: 'Prompt injection',
    category: 'owasp-llm:LLM01',
    ownerId: null,
    ownerName: null,
    inherent: { likelihood: 4, impact: 5, score: 20, band: 'CRITICAL' },
    residual: { likelihood: 3, impact: 4, score: 12, band: 'HIGH' },
    target: null,
    appetite: 8,
    treatment: 'mitigate',
    status: 'open',
    nextReviewOn: '2026-12-01',
    openActionDueOn: null,
    acceptanceExpiresOn: null,
    flags: { aboveAppetiteUnaccepted: true, acceptanceExpired: false },
    ...r,
  }) as RiskRow;

describe('riskRowsCsv', () => {
  it('one row per risk: scores as numbers beside their band, flags as words, portfolio risks named', () => {
    const t = riskRowsCsv([risk({}), risk({ id: 13, ref: 'RSK-000013', initiativeId: null, initiativeName: null })]);
    expect(t.columns).toHaveLength(16);
    const row = t.rows[0] ?? [];
    const at = (col: string) => row[t.columns.indexOf(col)];
    expect(at('Ref')).toBe('RSK-000012');
    expect(at('Inherent')).toBe(20);
    expect(at('Residual')).toBe(12);
    expect(at('Flags')).toBe('Above appetite');
    expect(at('Owner')).toBe('');
    expect(at('Target')).toBeNull();
    expect(at('Next review')).toBe('2026-12-01');
    expect(at('Inherent band')).toBe('Critical');
    expect(at('Residual band')).toBe('High');
    expect(t.rows[1]?.[t.columns.indexOf('Initiative')]).toBe('Portfolio');
  });
});
