import { z } from 'zod';
import { PHASE_IDS } from '../phases';
import { INITIATIVE_TYPES, RISK_TIERS, STATUSES } from '../enums';
import { entityId } from '../initiative';

/**
 * The shapes of spreadsheet import (issue 7), shared by the core (reading, mapping, writing), the CLI and the
 * wizard. Reading a file gives a `SheetTable` of plain cells; a `MappingProfile` says which columns feed which
 * initiative fields; each row then becomes a `MappedRow` or a list of `RowProblem`s.
 */

/** A cell as read: text, a number, a boolean, or empty. XLSX dates arrive as 'YYYY-MM-DD' (or full ISO with a time). */
export type Cell = string | number | boolean | null;

export const SOURCE_ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252', 'xlsx'] as const;
export type SourceEncoding = (typeof SOURCE_ENCODINGS)[number];

export interface SheetInfo {
  name: string;
  /** Rows and columns as the file declares them (XLSX dimension) or as counted (CSV). */
  rows: number;
  columns: number;
}

/** What was opened: enough for the wizard's first step. */
export interface ImportSource {
  /** Opaque handle for the chosen file; the renderer never sends a path. */
  token: string;
  fileName: string;
  kind: 'csv' | 'xlsx';
  sizeBytes: number;
  /** One entry for a CSV (named after the file). */
  sheets: SheetInfo[];
}

/** One sheet read into header + data rows. */
export interface SheetTable {
  /** The sheet's name; for a CSV the file name. */
  sheet: string;
  encoding: SourceEncoding;
  /** 1-based row number of the header row in the file (it is not always the first). */
  headerRow: number;
  /** Header texts, trimmed and with line breaks collapsed; duplicates made unique as "Name (2)". */
  headers: string[];
  /** Data rows below the header, each as long as `headers`; wholly empty rows are skipped. */
  rows: Cell[][];
  /** 1-based row number in the file of each data row (what a rejects file names). */
  rowNumbers: number[];
  /** Things the reader repaired or noticed (duplicate headers renamed, invalid bytes, formulas read as values). */
  warnings: string[];
}

/** The initiative fields an import can fill. `sponsor`, `productOwner`, `techLead` are people's names. */
export const IMPORT_FIELDS = [
  'id',
  'name',
  'description',
  'businessUnit',
  'type',
  'phase',
  'status',
  'riskTier',
  'tags',
  'sponsor',
  'productOwner',
  'techLead',
  'plannedStart',
  'plannedEnd',
  'actualStart',
  'actualEnd',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** How a re-import finds the initiative a row updates. Default: name + business unit. */
export const IMPORT_KEYS = ['nameAndUnit', 'name', 'id'] as const;
export type ImportKey = (typeof IMPORT_KEYS)[number];

/** 'validOnly': valid rows go in, the rest are listed as rejects. 'allOrNothing': any reject means nothing changes. */
export const IMPORT_MODES = ['validOnly', 'allOrNothing'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const DATE_ORDERS = ['auto', 'MDY', 'DMY', 'YMD'] as const;

const headerName = z.string().trim().min(1, 'A header cannot be empty').max(500);
const valueMap = z.record(z.string().max(500), z.string().max(80));

export const columnRuleSchema = z.strictObject({
  field: z.enum(IMPORT_FIELDS),
  /**
   * Header names this field reads, in order, matched after normalising case, spaces and punctuation. With
   * several: `description`, `tags` and `businessUnit` (as "DHS / CBP") join every non-empty one; other fields
   * take the first non-empty.
   */
  headers: z.array(headerName).min(1).max(12),
});
export type ColumnRule = z.output<typeof columnRuleSchema>;

export const mappingProfileSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name the profile').max(80),
  description: z.string().trim().max(500).default(''),
  columns: z
    .array(columnRuleSchema)
    .min(1, 'Map at least one column')
    .max(IMPORT_FIELDS.length * 2),
  /** Extra "cell text → vocabulary id" pairs, over the built-in synonyms (keys compared normalised). */
  values: z
    .strictObject({ phase: valueMap, status: valueMap, type: valueMap, riskTier: valueMap })
    .partial()
    .default({}),
  /** Values for fields no column gives (or whose cell is empty), e.g. a business unit for a whole file. */
  defaults: z
    .strictObject({
      businessUnit: z.string().trim().max(120),
      type: z.enum(INITIATIVE_TYPES.ids),
      phase: z.enum(PHASE_IDS),
      status: z.enum(STATUSES.ids),
      riskTier: z.enum(RISK_TIERS.ids),
    })
    .partial()
    .default({}),
  /** How to read ambiguous dates like 03/04/2024; 'auto' decides from the whole column. */
  dateOrder: z.enum(DATE_ORDERS).default('auto'),
  /** Which rows a re-import updates. */
  key: z.enum(IMPORT_KEYS).default('nameAndUnit'),
  /** 1-based header row when the profile knows it; otherwise detected. */
  headerRow: z.number().int().min(1).max(1000).optional(),
});
export type MappingProfile = z.output<typeof mappingProfileSchema>;
export type MappingProfileInput = z.input<typeof mappingProfileSchema>;

/** A profile as listed: built-in ('builtin:federal-2024', ...) or saved in the portfolio ('saved:12'). */
export type ProfileInfo = MappingProfile & { id: string; builtIn: boolean };

/** How well a profile fits a sheet's headers. */
export interface ProfileFit {
  profileId: string;
  profileName: string;
  /** 0..1: share of the profile's rules whose headers are present, weighted toward the required `name`. */
  score: number;
  /** Headers of the sheet that the profile reads. */
  matched: string[];
  /** Headers of the sheet that nothing reads. */
  unmatched: string[];
  /** Fields the profile needs (at least `name`) whose headers are all missing. */
  missing: ImportField[];
  /** True when the profile can import this sheet at all (its `name` column is present). */
  usable: boolean;
}

/** One row's values after mapping; a field absent here was not given (an update leaves it as it is). */
export interface MappedFields {
  id?: number;
  name: string;
  description?: string;
  businessUnit?: string;
  type?: (typeof INITIATIVE_TYPES.ids)[number];
  phase?: (typeof PHASE_IDS)[number];
  status?: (typeof STATUSES.ids)[number];
  riskTier?: (typeof RISK_TIERS.ids)[number];
  tags?: string[];
  sponsor?: string | null;
  productOwner?: string | null;
  techLead?: string | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  actualStart?: string | null;
  actualEnd?: string | null;
}

export interface RowProblem {
  /** 1-based row number in the file. */
  row: number;
  /** The header of the column at fault ('' for the row as a whole). */
  column: string;
  reason: string;
}

export type MappedRow =
  | { row: number; ok: true; fields: MappedFields; warnings: RowProblem[] }
  | { row: number; ok: false; problems: RowProblem[]; warnings: RowProblem[] };

export interface PreviewRow {
  row: number;
  action: 'create' | 'update' | 'reject';
  /** Display text of each mapped field (enums as labels), for the preview grid. */
  values: Partial<Record<ImportField, string>>;
  problems: RowProblem[];
  warnings: RowProblem[];
}

export interface ImportPreview {
  sheet: string;
  encoding: SourceEncoding;
  headerRow: number;
  headers: string[];
  /** Every profile's fit, best first; `profile` below is the one applied. */
  fits: ProfileFit[];
  profileId: string | null;
  profile: MappingProfile;
  rows: PreviewRow[];
  counts: { total: number; create: number; update: number; reject: number };
  warnings: string[];
}

export interface ImportResult {
  /** The profile's name (as the CLI prints it). */
  profile: string;
  imported: number;
  updated: number;
  rejected: number;
  rejects: RowProblem[];
  /** People created because an owner name matched nobody. */
  peopleCreated: number;
  /** 'allOrNothing' with rejects, or a dry run: nothing was written. */
  committed: boolean;
}

/** Which sheet/profile to use: shared by preview and run. */
const importSelection = {
  token: z.string().min(1).max(100),
  sheet: z.string().max(200).optional(),
  headerRow: z.number().int().min(1).max(100_000).optional(),
  /** A listed profile's id; or `profile` for an edited, unsaved mapping. Neither: the best-fitting profile. */
  profileId: z.string().max(100).optional(),
  profile: mappingProfileSchema.optional(),
  key: z.enum(IMPORT_KEYS).optional(),
  /** The renderer's id for this long job: progress events carry it, and 'job/cancel' takes it. */
  jobId: z.string().min(1).max(100).optional(),
};
export const importPreviewInput = z.strictObject(importSelection);
export const importRunInput = z.strictObject({ ...importSelection, mode: z.enum(IMPORT_MODES).default('validOnly') });
export const importSaveProfileInput = z.strictObject({ profile: mappingProfileSchema, id: entityId.optional() });
export const importDeleteProfileInput = z.strictObject({ id: entityId });
export const importSaveRejectsInput = z.strictObject({ token: z.string().min(1).max(100) });
