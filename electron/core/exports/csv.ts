import { FLIGHTDECK_COLUMNS, TAG_SEPARATOR } from '../../../shared/domain/import/columns';
import { neutraliseText } from '../../../shared/domain/pack/cells';
import { RAG_DIMENSIONS, type PackInitiative, type PackSnapshot, type Rag } from '../../../shared/domain/pack/types';

/**
 * CSV the way Excel, LibreOffice and Sheets all read it: RFC 4180 quoting, CRLF line ends, UTF-8 with a BOM
 * (without it Excel guesses the locale's code page and mangles “smart quotes” and accents). Every text cell goes
 * through neutraliseText, so nothing a user typed can run as a formula; numbers are written as numbers.
 */

export type CsvCell = string | number | boolean | null | undefined;

const BOM = '\uFEFF';

function field(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const text = neutraliseText(v);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text without the BOM: header line, then one line per row, each ended by CRLF. */
export function csvText(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [columns.map(field).join(',')];
  for (const r of rows) lines.push(columns.map((_, i) => field(r[i])).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function tableCsv(columns: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return BOM + csvText(columns, rows);
}

const RAG_LABEL: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red' };
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The columns after FLIGHTDECK_COLUMNS: what the pack adds to each initiative. */
export const PACK_CSV_EXTRA_COLUMNS = [
  'RAG overall',
  ...RAG_DIMENSIONS.map((d) => `RAG ${d}`),
  ...RAG_DIMENSIONS.map((d) => `RAG ${d} reason`),
  'Days in phase',
  'Value realized YTD',
  'Projected value (annual)',
  'NPV',
  'ROI %',
  'Approved budget',
  'Budget basis',
  'Actual to date',
  'EAC',
  'Variance %',
  'Burn index',
  'Next gate',
  'Next gate status',
  'Next gate date',
  'Open signals',
] as const;

function flightdeckCells(i: PackInitiative): CsvCell[] {
  const byField: Record<string, CsvCell> = {
    id: i.id,
    name: i.name,
    businessUnit: i.businessUnit,
    description: i.description,
    type: i.type,
    phase: i.phaseLabel,
    status: i.status,
    riskTier: i.riskTier,
    tags: i.tags.join(TAG_SEPARATOR),
    sponsor: i.sponsor,
    productOwner: i.productOwner,
    techLead: i.techLead,
    plannedStart: i.plannedStart,
    plannedEnd: i.plannedEnd,
    actualStart: i.actualStart,
    actualEnd: i.actualEnd,
  };
  return FLIGHTDECK_COLUMNS.map((c) => byField[c.field] ?? null);
}

export function initiativeCsvRow(i: PackInitiative): CsvCell[] {
  const dim = (d: string) => i.rag.dimensions.find((x) => x.dimension === d);
  return [
    ...flightdeckCells(i),
    RAG_LABEL[i.rag.overall],
    ...RAG_DIMENSIONS.map((d) => {
      const call = dim(d);
      return call ? RAG_LABEL[call.rag] : null;
    }),
    ...RAG_DIMENSIONS.map((d) => dim(d)?.reason ?? null),
    i.daysInPhase,
    i.value.realizedYtd,
    i.value.projectedAnnual,
    i.value.npv,
    i.value.roiPct,
    i.budget.approved,
    i.budget.basis ? cap(i.budget.basis) : null,
    i.budget.actualToDate,
    i.budget.eac,
    i.budget.variancePct,
    i.budget.burnIndex,
    i.nextGate ? `${i.nextGate.gate} ${i.nextGate.label}` : null,
    i.nextGate?.status ?? null,
    i.nextGate?.dueDate ?? null,
    i.signals.length,
  ];
}

/** The pack's initiatives table: Flightdeck's own columns first (so it imports back), then RAG, value, budget. */
export function renderCsv(snapshot: PackSnapshot): string {
  return tableCsv(
    [...FLIGHTDECK_COLUMNS.map((c) => c.header), ...PACK_CSV_EXTRA_COLUMNS],
    snapshot.initiatives.map(initiativeCsvRow),
  );
}
