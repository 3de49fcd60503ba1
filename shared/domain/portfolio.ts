import type { InitiativeStatus, InitiativeType, RiskTier } from './enums';
import type { InitiativeRow } from './initiative';
import type { PhaseId } from './phases';

/**
 * The portfolio table's rows, packed. SQLite builds one JSON array of tuples, so 10,000 rows cross the
 * IPC boundary as one string instead of 10,000 structured-cloned objects, and the core never
 * materialises per-row objects. The column order below is the contract between the two ends.
 */
export const TABLE_COLUMNS = [
  'id',
  'name',
  'description',
  'businessUnit',
  'type',
  'phase',
  'status',
  'riskTier',
  'tags',
  'sponsorId',
  'productOwnerId',
  'techLeadId',
  'sponsorName',
  'productOwnerName',
  'techLeadName',
  'plannedEnd',
  'phaseEnteredAt',
  'archivedAt',
  'updatedAt',
] as const;

/** A table row: the initiative fields the table shows, filters and sorts on. */
export type TableRow = Pick<InitiativeRow, (typeof TABLE_COLUMNS)[number]>;

export interface PackedTable {
  columns: readonly string[];
  /** JSON array of tuples in `columns` order. */
  json: string;
}

type Tuple = [
  number,
  string,
  string,
  string,
  InitiativeType,
  PhaseId,
  InitiativeStatus,
  RiskTier,
  string[],
  number | null,
  number | null,
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  string | null,
  string,
];

/** Turns the packed payload back into row objects; refuses a payload whose columns it does not know. */
export function unpackTable(p: PackedTable): TableRow[] {
  if (p.columns.length !== TABLE_COLUMNS.length || p.columns.some((c, i) => c !== TABLE_COLUMNS[i])) {
    throw new Error(`Unexpected portfolio columns: ${p.columns.join(', ')}`);
  }
  const tuples = JSON.parse(p.json) as Tuple[];
  const rows = new Array<TableRow>(tuples.length);
  for (let i = 0; i < tuples.length; i++) {
    const t = tuples[i]!;
    rows[i] = {
      id: t[0],
      name: t[1],
      description: t[2],
      businessUnit: t[3],
      type: t[4],
      phase: t[5],
      status: t[6],
      riskTier: t[7],
      tags: t[8],
      sponsorId: t[9],
      productOwnerId: t[10],
      techLeadId: t[11],
      sponsorName: t[12],
      productOwnerName: t[13],
      techLeadName: t[14],
      plannedEnd: t[15],
      phaseEnteredAt: t[16],
      archivedAt: t[17],
      updatedAt: t[18],
    };
  }
  return rows;
}
