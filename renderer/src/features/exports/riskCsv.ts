import { RISK_PAGE_MAX, type RiskListInput, type RiskRow } from '../../../../shared/domain/risk/risk';
import { invoke } from '../../api/client';
import { bandText, categoryName, flagList, statusLabel, treatmentLabel } from '../risks/riskFormat';
import type { CsvTable } from './csvExport';

/** The contract's cap on rows per table export. */
const MAX_ROWS = 200_000;

/**
 * The register's columns as the table shows them, with each score split into number and band so a spreadsheet
 * can sort by it.
 */
export function riskRowsCsv(rows: readonly RiskRow[]): CsvTable {
  return {
    title: 'Risk register',
    defaultName: 'risk-register',
    columns: [
      'Ref',
      'Risk',
      'Initiative',
      'Category',
      'Owner',
      'Inherent',
      'Inherent band',
      'Residual',
      'Residual band',
      'Flags',
      'Next review',
      'Open actions due',
      'Target',
      'Target band',
      'Treatment',
      'Status',
    ],
    rows: rows.map((r) => [
      r.ref,
      r.title,
      r.initiativeName ?? 'Portfolio',
      categoryName(r.category),
      r.ownerName ?? '',
      r.inherent.score,
      bandText(r.inherent.band),
      r.residual.score,
      bandText(r.residual.band),
      flagList(r.flags, r.appetite, r.residual.score)
        .map((f) => f.label)
        .join('; '),
      r.nextReviewOn,
      r.openActionDueOn ?? '',
      r.target?.score ?? null,
      r.target ? bandText(r.target.band) : '',
      treatmentLabel(r.treatment),
      statusLabel(r.status),
    ]),
  };
}

type Query = Pick<NonNullable<RiskListInput>, 'filter' | 'sort'>;

/**
 * Every risk the register's filter matches, in its sort order: the table on screen holds only the pages in
 * view, so the export reads them all (a page at a time, as the table does).
 */
export async function riskRegisterCsv(query: Query): Promise<CsvTable> {
  const rows: RiskRow[] = [];
  for (let offset = 0; offset < MAX_ROWS; offset += RISK_PAGE_MAX) {
    const page = await invoke('risk/list', { ...query, offset, limit: RISK_PAGE_MAX });
    rows.push(...page.rows);
    if (page.rows.length < RISK_PAGE_MAX || rows.length >= page.total) break;
  }
  return riskRowsCsv(rows.slice(0, MAX_ROWS));
}
