import { describe, expect, it } from 'vitest';
import {
  changePhaseInput,
  daysBetween,
  initiativeCreateInput,
  initiativeUpdateInput,
  isoDate,
  LIMITS,
  missingOwnerRoles,
  stintsFrom,
  type PhaseTransition,
} from './initiative';

function issuePaths(result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }): string[] {
  return (result.error?.issues ?? []).map((i) => i.path.map(String).join('.'));
}

describe('initiativeCreateInput', () => {
  it('accepts a bare name and fills the defaults', () => {
    const r = initiativeCreateInput.parse({ name: '  Invoice copilot  ' });
    expect(r).toEqual({
      name: 'Invoice copilot',
      description: '',
      businessUnit: '',
      type: 'other',
      phase: 'STRATEGY',
      status: 'active',
      riskTier: 'unclassified',
      tags: [],
      sponsorId: null,
      productOwnerId: null,
      techLeadId: null,
      plannedStart: null,
      plannedEnd: null,
      actualStart: null,
      actualEnd: null,
    });
  });

  it.each([
    ['empty name', { name: '' }, 'name'],
    ['blank name (trimmed to empty)', { name: '   ' }, 'name'],
    ['name over the limit', { name: 'x'.repeat(LIMITS.name + 1) }, 'name'],
    ['missing name', {}, 'name'],
    ['unknown type', { name: 'A', type: 'robot' }, 'type'],
    ['unknown phase', { name: 'A', phase: 'PHASE_8' }, 'phase'],
    ['non-integer owner id', { name: 'A', sponsorId: 1.5 }, 'sponsorId'],
    ['zero owner id', { name: 'A', techLeadId: 0 }, 'techLeadId'],
    ['string owner id', { name: 'A', productOwnerId: '3' }, 'productOwnerId'],
  ])('rejects %s', (_what, input, path) => {
    const r = initiativeCreateInput.safeParse(input);
    expect(r.success).toBe(false);
    expect(issuePaths(r)).toContain(path);
  });

  it('accepts a name of exactly the limit', () => {
    expect(initiativeCreateInput.safeParse({ name: 'x'.repeat(LIMITS.name) }).success).toBe(true);
  });

  it('rejects unknown fields instead of silently dropping them', () => {
    const r = initiativeCreateInput.safeParse({ name: 'A', owner: 'me' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.code).toBe('unrecognized_keys');
  });

  it.each(['2025-02-30', '2025-13-01', '2025-00-10', '2023-02-29', '2025-2-3', '20250203', '2025-02-03T00:00:00Z', ''])(
    'rejects the date %j',
    (d) => {
      const r = initiativeCreateInput.safeParse({ name: 'A', plannedStart: d });
      expect(r.success).toBe(false);
      expect(issuePaths(r)).toContain('plannedStart');
    },
  );

  it('accepts real dates including a leap day', () => {
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
    expect(isoDate.safeParse('2025-12-31').success).toBe(true);
  });

  it('rejects an end before its start, on the end field', () => {
    const planned = initiativeCreateInput.safeParse({
      name: 'A',
      plannedStart: '2025-05-02',
      plannedEnd: '2025-05-01',
    });
    expect(planned.success).toBe(false);
    expect(issuePaths(planned)).toEqual(['plannedEnd']);
    const actual = initiativeCreateInput.safeParse({ name: 'A', actualStart: '2025-05-02', actualEnd: '2025-04-30' });
    expect(issuePaths(actual)).toEqual(['actualEnd']);
  });

  it('accepts an end on the same day as its start, and an end without a start', () => {
    expect(
      initiativeCreateInput.safeParse({ name: 'A', plannedStart: '2025-05-02', plannedEnd: '2025-05-02' }).success,
    ).toBe(true);
    expect(initiativeCreateInput.safeParse({ name: 'A', plannedEnd: '2025-05-02' }).success).toBe(true);
  });

  it('normalises tags: trimmed, lower-cased, de-duplicated in first-seen order', () => {
    const r = initiativeCreateInput.parse({ name: 'A', tags: [' GenAI ', 'rag', 'genai', 'RAG', 'EU/AI-act'] });
    expect(r.tags).toEqual(['genai', 'rag', 'eu/ai-act']);
  });

  it.each([
    ['an empty tag', ['']],
    ['a blank tag', ['   ']],
    ['a tag starting with punctuation', ['-x']],
    ['a tag with a forbidden character', ['a;b']],
    ['a tag over the limit', ['t'.repeat(LIMITS.tag + 1)]],
    ['too many tags', Array.from({ length: LIMITS.tags + 1 }, (_, i) => `t${i}`)],
  ])('rejects %s', (_what, tags) => {
    expect(initiativeCreateInput.safeParse({ name: 'A', tags }).success).toBe(false);
  });
});

describe('initiativeUpdateInput', () => {
  it('accepts a partial patch', () => {
    expect(initiativeUpdateInput.parse({ id: 3, patch: { status: 'on_hold' } })).toEqual({
      id: 3,
      patch: { status: 'on_hold' },
    });
  });

  it('refuses to move the phase through an edit (phase changes must be recorded)', () => {
    const r = initiativeUpdateInput.safeParse({ id: 3, patch: { phase: 'ARCHITECTURE' } });
    expect(r.success).toBe(false);
    expect(issuePaths(r)).toEqual(['patch']);
  });

  it('rejects unknown fields at both levels', () => {
    expect(initiativeUpdateInput.safeParse({ id: 3, patch: {}, extra: 1 }).success).toBe(false);
    expect(initiativeUpdateInput.safeParse({ id: 3, patch: { colour: 'red' } }).success).toBe(false);
  });
});

describe('changePhaseInput', () => {
  it('requires a reason', () => {
    const r = changePhaseInput.safeParse({ id: 1, toPhase: 'ARCHITECTURE', reason: '  ' });
    expect(r.success).toBe(false);
    expect(issuePaths(r)).toEqual(['reason']);
  });
  it('trims the reason', () => {
    expect(changePhaseInput.parse({ id: 1, toPhase: 'ARCHITECTURE', reason: ' gate passed ' }).reason).toBe(
      'gate passed',
    );
  });
});

describe('missingOwnerRoles', () => {
  it('names the empty roles', () => {
    expect(missingOwnerRoles({ sponsorId: null, productOwnerId: 2, techLeadId: null })).toEqual([
      'sponsor',
      'techLead',
    ]);
    expect(missingOwnerRoles({ sponsorId: 1, productOwnerId: 2, techLeadId: 3 })).toEqual([]);
  });
});

describe('stintsFrom', () => {
  const t = (id: number, from: PhaseTransition['fromPhase'], to: PhaseTransition['toPhase'], at: string) => ({
    id,
    initiativeId: 1,
    fromPhase: from,
    toPhase: to,
    at,
    by: `user ${id}`,
    reason: `reason ${id}`,
  });

  it('is empty without transitions', () => {
    expect(stintsFrom([])).toEqual([]);
  });

  it('opens a stint per transition and closes it at the next one, whatever the input order', () => {
    const stints = stintsFrom([
      t(3, 'DATA_FOUNDATION', 'ARCHITECTURE', '2025-03-01T00:00:00.000Z'),
      t(1, null, 'STRATEGY', '2025-01-01T00:00:00.000Z'),
      t(2, 'STRATEGY', 'DATA_FOUNDATION', '2025-02-01T00:00:00.000Z'),
    ]);
    expect(stints).toEqual([
      {
        phase: 'STRATEGY',
        enteredAt: '2025-01-01T00:00:00.000Z',
        leftAt: '2025-02-01T00:00:00.000Z',
        by: 'user 1',
        reason: 'reason 1',
      },
      {
        phase: 'DATA_FOUNDATION',
        enteredAt: '2025-02-01T00:00:00.000Z',
        leftAt: '2025-03-01T00:00:00.000Z',
        by: 'user 2',
        reason: 'reason 2',
      },
      { phase: 'ARCHITECTURE', enteredAt: '2025-03-01T00:00:00.000Z', leftAt: null, by: 'user 3', reason: 'reason 3' },
    ]);
  });

  it('orders transitions at the same instant by id', () => {
    const at = '2025-01-01T00:00:00.000Z';
    const stints = stintsFrom([t(2, 'STRATEGY', 'DATA_FOUNDATION', at), t(1, null, 'STRATEGY', at)]);
    expect(stints.map((s) => s.phase)).toEqual(['STRATEGY', 'DATA_FOUNDATION']);
    expect(stints[0]?.leftAt).toBe(at);
  });

  it('does not reorder its input array', () => {
    const input = [
      t(2, 'STRATEGY', 'DATA_FOUNDATION', '2025-02-01T00:00:00.000Z'),
      t(1, null, 'STRATEGY', '2025-01-01T00:00:00.000Z'),
    ];
    stintsFrom(input);
    expect(input.map((x) => x.id)).toEqual([2, 1]);
  });
});

describe('daysBetween', () => {
  it('counts whole days, rounding down', () => {
    expect(daysBetween('2025-01-01T00:00:00.000Z', '2025-01-01T23:59:59.999Z')).toBe(0);
    expect(daysBetween('2025-01-01T00:00:00.000Z', '2025-01-02T00:00:00.000Z')).toBe(1);
    expect(daysBetween('2025-01-01T12:00:00.000Z', '2025-03-01T11:00:00.000Z')).toBe(58);
  });
  it('is never negative', () => {
    expect(daysBetween('2025-01-02T00:00:00.000Z', '2025-01-01T00:00:00.000Z')).toBe(0);
  });
});
