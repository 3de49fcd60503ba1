import { daysBetween } from '../../../../shared/domain/initiative';
import type { TableRow } from '../../../../shared/domain/portfolio';

/** A table row: the initiative plus values derived once per fetch, not per render or keystroke. */
export interface PortfolioRow extends TableRow {
  daysInPhase: number;
  /** Lower-cased text the free-text filter searches: name, description, tags, owners, BU. */
  searchText: string;
  missingOwner: boolean;
}

export function toPortfolioRows(rows: readonly TableRow[], now = new Date()): PortfolioRow[] {
  const nowIso = now.toISOString();
  return rows.map((r) => ({
    ...r,
    daysInPhase: daysBetween(r.phaseEnteredAt, nowIso),
    searchText: [
      r.name,
      r.description,
      r.businessUnit,
      r.tags.join(' '),
      r.sponsorName,
      r.productOwnerName,
      r.techLeadName,
    ]
      .filter(Boolean)
      .join('\n')
      .toLowerCase(),
    missingOwner: r.sponsorId == null || r.productOwnerId == null || r.techLeadId == null,
  }));
}
