import { describe, expect, it } from 'vitest';
import { RISK_LIBRARY, riskCreateInput } from '../../../../shared/domain/risk';
import {
  blankDraft,
  checkDraft,
  createInput,
  draftFromLibrary,
  errorsFromIssues,
  movedKeys,
  patchOf,
  type RiskDraft,
} from './riskDraft';
import { EMPTY_RISK_FILTERS, activeRiskFilters, toListFilter } from './riskFilters';
import { computedNextReview, flagList, scoreOf } from './riskFormat';

const TODAY = '2026-11-01';
const entry = RISK_LIBRARY.find((e) => e.id === 'prompt-injection')!;

function filled(): RiskDraft {
  const d = draftFromLibrary(entry, 7);
  return { ...d, actions: d.actions.map((a) => ({ ...a, ownerId: '3', dueOn: '2026-12-01' })) };
}

describe('risk draft', () => {
  it('a library entry pre-fills a draft the core accepts, residual starting at inherent', () => {
    const d = filled();
    expect(checkDraft(d, TODAY)).toEqual({});
    const input = riskCreateInput.parse(createInput(d));
    expect(input.initiativeId).toBe(7);
    expect(input.residual).toEqual(input.inherent);
    expect(input.libraryId).toBe('prompt-injection');
    expect(input.actions).toHaveLength(entry.actions.length);
  });

  it('library actions without owner or due date are refused beside their row', () => {
    const e = checkDraft(draftFromLibrary(entry, null), TODAY);
    expect(e['actions.0.ownerId']).toBe('An action needs an owner');
    expect(e['actions.0.dueOn']).toBe('An action needs a due date');
  });

  it('residual above inherent is an error on the residual part that exceeds', () => {
    const d = { ...filled(), residualL: '5', residualI: '4' };
    const e = checkDraft(d, TODAY);
    expect(e['residual.likelihood']).toMatch(/cannot be above inherent/);
    expect(e['residual.impact']).toBeUndefined();
  });

  it('an acceptance needs approver, reason and expiry; accepting with nothing names each part', () => {
    const e = checkDraft({ ...filled(), status: 'ACCEPTED' }, TODAY);
    expect(e['acceptance.approverId']).toBe('An acceptance needs an approver');
    expect(e['acceptance.expiresOn']).toBe('An acceptance needs an expiry date');
    const ok = checkDraft(
      { ...filled(), status: 'ACCEPTED', approverId: '2', acceptReason: 'Low volume', expiresOn: '2027-05-01' },
      TODAY,
    );
    expect(ok).toEqual({});
  });

  it('missing scores, appetite out of range and a half target are refused', () => {
    const e = checkDraft({ ...blankDraft(null), title: 'x', category: 'DATA', appetite: '30', targetL: '2' }, TODAY);
    expect(e['inherent.likelihood']).toBe('Choose a score from 1 to 5');
    expect(e.appetite).toMatch(/1 to 25/);
    expect(e['target.impact']).toBe('Give both target scores, or neither');
  });

  it('an edit sends only what changed', () => {
    const before = filled();
    const after = { ...before, residualL: '3', residualI: '3', treatment: 'MITIGATE' as const };
    const patch = patchOf(before, after);
    expect(patch).toEqual({ residual: { likelihood: 3, impact: 3 } });
    expect([...movedKeys(patch)]).toEqual(['residual']);
  });

  it('core issues land under their paths without the patch prefix', () => {
    expect(
      errorsFromIssues([
        { path: 'patch.residual.likelihood', message: 'a' },
        { path: 'patch.residual.likelihood', message: 'b' },
        { path: 'acceptance.expiresOn', message: 'c' },
      ]),
    ).toEqual({ 'residual.likelihood': 'a', 'acceptance.expiresOn': 'c' });
  });
});

describe('risk format', () => {
  it('scores and bands only complete 1–5 pairs, never NaN', () => {
    expect(scoreOf(4, 5)).toEqual({ score: 20, band: 'CRITICAL' });
    expect(scoreOf(2, 2)).toEqual({ score: 4, band: 'LOW' });
    expect(scoreOf(Number(''), 3)).toBeNull();
    expect(scoreOf(null, 3)).toBeNull();
    expect(scoreOf(6, 1)).toBeNull();
  });

  it('derives the default next review from the cadence of the residual band', () => {
    expect(computedNextReview('2026-11-01', null, 12)).toEqual({ date: '2027-02-01', cadence: 'QUARTERLY' });
    expect(computedNextReview('2026-11-01', 'MONTHLY', 2)).toEqual({ date: '2026-12-01', cadence: 'MONTHLY' });
    expect(computedNextReview('', null, 12)).toBeNull();
  });

  it('lists the flags to act on', () => {
    const flags = {
      withinAppetite: false,
      acceptedInForce: false,
      acceptanceExpired: true,
      aboveAppetiteUnaccepted: true,
      reviewOverdue: false,
      actionOverdue: false,
    };
    expect(flagList(flags, 6, 12).map((f) => f.id)).toEqual(['above-appetite', 'acceptance-expired']);
  });
});

describe('register filter', () => {
  it('turns the filter bar into risk/list filters', () => {
    expect(toListFilter(EMPTY_RISK_FILTERS, '')).toEqual({});
    expect(activeRiskFilters(EMPTY_RISK_FILTERS)).toBe(false);
    const f = {
      ...EMPTY_RISK_FILTERS,
      category: 'DATA' as const,
      band: 'HIGH' as const,
      owner: 'none',
      scope: 'portfolio',
    };
    expect(toListFilter({ ...f, overdueReview: true }, ' drift ')).toEqual({
      search: 'drift',
      categories: ['DATA'],
      bands: ['HIGH'],
      ownerIds: [null],
      initiativeId: null,
      overdueReview: true,
    });
    expect(toListFilter({ ...EMPTY_RISK_FILTERS, owner: '4', scope: '12' }, '')).toEqual({
      ownerIds: [4],
      initiativeId: 12,
    });
    expect(activeRiskFilters({ ...EMPTY_RISK_FILTERS, includeClosed: true })).toBe(false);
  });
});
