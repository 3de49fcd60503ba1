import { describe, expect, it } from 'vitest';
import type { TableRow } from '../../../../shared/domain/portfolio';
import { toPortfolioRows } from './rows';

const base: TableRow = {
  id: 1,
  name: 'Claims Triage',
  description: 'Routes incoming CLAIMS',
  businessUnit: 'Operations',
  type: 'chatbot',
  phase: 'DATA_FOUNDATION',
  status: 'active',
  riskTier: 'limited',
  tags: ['GenAI-ready', 'rag'],
  sponsorId: 1,
  productOwnerId: 2,
  techLeadId: 3,
  sponsorName: 'Amara Okafor',
  productOwnerName: 'Ben Lindqvist',
  techLeadName: 'Chen Nakamura',
  plannedEnd: '2027-01-31',
  phaseEnteredAt: '2026-10-01T12:00:00.000Z',
  archivedAt: null,
  updatedAt: '2026-10-02T12:00:00.000Z',
};

describe('toPortfolioRows', () => {
  const now = new Date('2026-11-01T11:00:00.000Z');

  it('derives whole days in phase from the clock it is given', () => {
    const [row] = toPortfolioRows([base], now);
    expect(row?.daysInPhase).toBe(30);
  });

  it('flags any missing owner role', () => {
    const rows = toPortfolioRows(
      [base, { ...base, id: 2, techLeadId: null, techLeadName: null }, { ...base, id: 3, sponsorId: null }],
      now,
    );
    expect(rows.map((r) => r.missingOwner)).toEqual([false, true, true]);
  });

  it('searches name, description, unit, tags and owners, case-insensitively', () => {
    const [row] = toPortfolioRows([base], now);
    for (const needle of ['claims triage', 'routes incoming claims', 'operations', 'genai-ready', 'chen nakamura']) {
      expect(row?.searchText).toContain(needle);
    }
    expect(row?.searchText).not.toContain('Claims');
  });
});
