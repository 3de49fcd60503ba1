import { describe, expect, it } from 'vitest';
import { toPortfolioRows } from '../portfolio/rows';
import { portfolioCsv } from './portfolioCsv';
import type { TableRow } from '../../../../shared/domain/portfolio';

const row = (r: Partial<TableRow>): TableRow => ({
  id: 1,
  name: 'Claims triage',
  description: '',
  businessUnit: 'Claims',
  type: 'copilot',
  phase: 'ARCHITECTURE',
  status: 'active',
  riskTier: 'high',
  tags: ['genai', 'ops'],
  sponsorId: 1,
  productOwnerId: null,
  techLeadId: 3,
  sponsorName: 'Ana',
  productOwnerName: null,
  techLeadName: 'Tom',
  plannedEnd: '2027-03-31',
  phaseEnteredAt: '2026-10-01T00:00:00.000Z',
  archivedAt: null,
  updatedAt: '2026-10-01T00:00:00.000Z',
  ...r,
});

describe('portfolioCsv', () => {
  const now = new Date('2026-11-01T00:00:00Z');
  const rows = toPortfolioRows([row({}), row({ id: 2, name: '=cmd|calc', businessUnit: '', plannedEnd: null })], now);

  it('writes the visible columns in their order, with their headers, and skips filter-only ones', () => {
    const t = portfolioCsv(
      [
        { id: 'name', header: 'Name' },
        { id: 'plannedEnd', header: 'Planned end' },
        { id: 'phase', header: 'Phase' },
        { id: 'search', header: 'search' },
        { id: 'watchlist', header: 'Watchlist' },
      ],
      rows,
      (id) => (id === 1 ? 7 : null),
    );
    expect(t.columns).toEqual(['Name', 'Planned end', 'Phase', 'Watchlist']);
    expect(t.rows).toEqual([
      ['Claims triage', '2027-03-31', '3. Architecture', 7],
      ['=cmd|calc', '', '3. Architecture', null],
    ]);
  });

  it('shows labels, not stored ids, and empty cells for missing owners', () => {
    const t = portfolioCsv(
      ['type', 'status', 'riskTier', 'sponsor', 'productOwner', 'techLead', 'daysInPhase', 'tags', 'businessUnit'].map(
        (id) => ({ id, header: id }),
      ),
      rows.slice(0, 1),
      () => null,
    );
    expect(t.rows[0]).toEqual(['Copilot', 'Active', 'High risk', 'Ana', '', 'Tom', 31, 'genai, ops', 'Claims']);
  });
});
