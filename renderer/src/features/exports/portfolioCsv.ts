import { INITIATIVE_TYPES, RISK_TIERS, STATUSES } from '../../../../shared/domain/enums';
import { phaseInfo } from '../../../../shared/domain/phases';
import type { PortfolioRow } from '../portfolio/rows';
import type { CsvTable } from './csvExport';

type Cell = string | number | null;

/**
 * The text of each portfolio column as the table shows it. Missing values are empty cells rather than the
 * "—" the screen draws, and dates are ISO days, so the file reads back into a spreadsheet (or Flightdeck).
 */
const CELL: Record<string, (r: PortfolioRow, watchlistScore: (id: number) => number | null) => Cell> = {
  name: (r) => r.name,
  phase: (r) => `${phaseInfo(r.phase).n}. ${phaseInfo(r.phase).short}`,
  type: (r) => INITIATIVE_TYPES.label(r.type),
  businessUnit: (r) => r.businessUnit,
  status: (r) => STATUSES.label(r.status),
  watchlist: (r, score) => score(r.id),
  riskTier: (r) => RISK_TIERS.label(r.riskTier),
  sponsor: (r) => r.sponsorName ?? '',
  productOwner: (r) => r.productOwnerName ?? '',
  techLead: (r) => r.techLeadName ?? '',
  daysInPhase: (r) => r.daysInPhase,
  tags: (r) => r.tags.join(', '),
  plannedEnd: (r) => r.plannedEnd ?? '',
};

export interface VisibleColumn {
  id: string;
  /** The header the table shows. */
  header: string;
}

/** The portfolio table as a CSV: the visible columns in order and the rows as filtered and sorted on screen. */
export function portfolioCsv(
  columns: readonly VisibleColumn[],
  rows: readonly PortfolioRow[],
  watchlistScore: (id: number) => number | null,
): CsvTable {
  const cols = columns.filter((c) => CELL[c.id] !== undefined);
  return {
    title: 'Portfolio',
    defaultName: 'portfolio',
    columns: cols.map((c) => c.header),
    rows: rows.map((r) => cols.map((c) => CELL[c.id]!(r, watchlistScore))),
  };
}
