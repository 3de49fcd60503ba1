import { PHASES } from '../../../../shared/domain/phases';
import { INITIATIVE_TYPES, RISK_TIERS, STATUSES } from '../../../../shared/domain/enums';
import { FLIGHTDECK_COLUMNS } from '../../../../shared/domain/import/columns';
import { normaliseHeader } from '../../../../shared/domain/import/normalise';
import {
  IMPORT_FIELDS,
  type DATE_ORDERS,
  type ImportField,
  type ImportKey,
  type MappingProfile,
} from '../../../../shared/domain/import/types';

/**
 * The mapping editor's state and its conversion to and from a `MappingProfile`. The editor works on the sheet's
 * own header texts (what its selects offer), while a profile may spell a header differently (case, spacing,
 * punctuation): loading a profile resolves its headers to the sheet's, and keeps the ones the sheet lacks so a
 * saved profile is not silently narrowed by opening it on a different file.
 */

export type DateOrder = (typeof DATE_ORDERS)[number];

export const DEFAULTABLE_FIELDS = ['businessUnit', 'type', 'phase', 'status', 'riskTier'] as const;
export type DefaultableField = (typeof DEFAULTABLE_FIELDS)[number];

export interface MappingDraft {
  /** Headers feeding each field, in order; an empty list means the field is not imported. */
  columns: Record<ImportField, string[]>;
  /** '' means no default. */
  defaults: Record<DefaultableField, string>;
  dateOrder: DateOrder;
  key: ImportKey;
  /** Value synonyms of the profile the draft came from: the editor does not change them, a saved profile keeps them. */
  values: MappingProfile['values'];
  headerRow: number | undefined;
  description: string;
}

const LABELS = new Map<ImportField, string>(FLIGHTDECK_COLUMNS.map((c) => [c.field, c.header]));

/** The field's name as people read it (Flightdeck's own column header). */
export function fieldLabel(field: ImportField): string {
  return LABELS.get(field) ?? field;
}

/** Fields whose several columns are joined; the others take the first non-empty one. */
export function joinsColumns(field: ImportField): boolean {
  return field === 'description' || field === 'tags';
}

export const KEY_LABELS: Record<ImportKey, string> = {
  nameAndUnit: 'Name and business unit',
  name: 'Name',
  id: 'Flightdeck ID',
};

export const DATE_ORDER_LABELS: Record<DateOrder, string> = {
  auto: 'Detect from the column',
  MDY: 'Month/day/year',
  DMY: 'Day/month/year',
  YMD: 'Year-month-day',
};

/** Choices for each defaultable enum field (the business unit is free text). */
export const DEFAULT_CHOICES: Record<Exclude<DefaultableField, 'businessUnit'>, { id: string; label: string }[]> = {
  type: INITIATIVE_TYPES.items.map((i) => ({ id: i.id, label: i.label })),
  phase: PHASES.map((p) => ({ id: p.id, label: `${p.n}. ${p.label}` })),
  status: STATUSES.items.map((i) => ({ id: i.id, label: i.label })),
  riskTier: RISK_TIERS.items.map((i) => ({ id: i.id, label: i.label })),
};

/** Case, spacing and punctuation do not distinguish headers: the core's own comparison key. */
export function normalizeHeader(h: string): string {
  return normaliseHeader(h);
}

function emptyColumns(): Record<ImportField, string[]> {
  return Object.fromEntries(IMPORT_FIELDS.map((f) => [f, [] as string[]])) as unknown as Record<ImportField, string[]>;
}

/** The editor's state for `profile` as applied to a sheet with `headers`. */
export function draftFromProfile(profile: MappingProfile, headers: readonly string[]): MappingDraft {
  const byNorm = new Map<string, string>();
  for (const h of headers) {
    const n = normalizeHeader(h);
    if (!byNorm.has(n)) byNorm.set(n, h);
  }
  const columns = emptyColumns();
  for (const rule of profile.columns) {
    const list = columns[rule.field];
    for (const h of rule.headers) {
      const resolved = byNorm.get(normalizeHeader(h)) ?? h;
      if (!list.includes(resolved)) list.push(resolved);
    }
  }
  const d = profile.defaults;
  return {
    columns,
    defaults: {
      businessUnit: d.businessUnit ?? '',
      type: d.type ?? '',
      phase: d.phase ?? '',
      status: d.status ?? '',
      riskTier: d.riskTier ?? '',
    },
    dateOrder: profile.dateOrder,
    key: profile.key,
    values: profile.values,
    headerRow: profile.headerRow,
    description: profile.description,
  };
}

/** The profile the draft describes, named `name`; fields without a column and empty defaults are left out. */
export function profileFromDraft(draft: MappingDraft, name: string): MappingProfile {
  const columns = IMPORT_FIELDS.flatMap((field) => {
    const headers = draft.columns[field].map((h) => h.trim()).filter((h) => h.length > 0);
    return headers.length > 0 ? [{ field, headers: [...new Set(headers)] }] : [];
  });
  const defaults: MappingProfile['defaults'] = {};
  const bu = draft.defaults.businessUnit.trim();
  if (bu) defaults.businessUnit = bu;
  if (draft.defaults.type) defaults.type = draft.defaults.type as NonNullable<MappingProfile['defaults']['type']>;
  if (draft.defaults.phase) defaults.phase = draft.defaults.phase as NonNullable<MappingProfile['defaults']['phase']>;
  if (draft.defaults.status)
    defaults.status = draft.defaults.status as NonNullable<MappingProfile['defaults']['status']>;
  if (draft.defaults.riskTier)
    defaults.riskTier = draft.defaults.riskTier as NonNullable<MappingProfile['defaults']['riskTier']>;
  return {
    name: name.trim(),
    description: draft.description,
    columns,
    values: draft.values,
    defaults,
    dateOrder: draft.dateOrder,
    key: draft.key,
    ...(draft.headerRow !== undefined ? { headerRow: draft.headerRow } : {}),
  };
}

/** Sets the column at `index` of `field` ('' removes it; an index past the end adds one). */
export function setFieldColumn(draft: MappingDraft, field: ImportField, index: number, header: string): MappingDraft {
  const list = [...draft.columns[field]];
  if (header === '') list.splice(index, 1);
  else if (index >= list.length) list.push(header);
  else list[index] = header;
  return { ...draft, columns: { ...draft.columns, [field]: [...new Set(list)] } };
}

export function setDefault(draft: MappingDraft, field: DefaultableField, value: string): MappingDraft {
  return { ...draft, defaults: { ...draft.defaults, [field]: value } };
}

/** Sheet headers no field reads. */
export function unmappedHeaders(draft: MappingDraft, headers: readonly string[]): string[] {
  const used = new Set(IMPORT_FIELDS.flatMap((f) => draft.columns[f]).map(normalizeHeader));
  return headers.filter((h) => !used.has(normalizeHeader(h)));
}

/** Headers the draft reads that the sheet does not have (a profile made for another layout). */
export function absentHeaders(draft: MappingDraft, headers: readonly string[]): string[] {
  const present = new Set(headers.map(normalizeHeader));
  return [...new Set(IMPORT_FIELDS.flatMap((f) => draft.columns[f]))].filter((h) => !present.has(normalizeHeader(h)));
}

/** What stops the draft from importing anything, in words; null when it can be previewed. */
export function draftProblem(draft: MappingDraft): string | null {
  if (draft.columns.name.length === 0) return 'Choose the column that holds each initiative’s name.';
  return null;
}

/** How re-import matching will really work, when it differs from what was chosen (the core falls back). */
export function keyNote(draft: MappingDraft, key: ImportKey, headers: readonly string[]): string | null {
  const present = new Set(headers.map(normalizeHeader));
  if (key === 'id' && !draft.columns.id.some((h) => present.has(normalizeHeader(h))))
    return 'No column gives the Flightdeck ID, so rows are matched on name and business unit.';
  return null;
}

/** True when two drafts describe the same mapping (used to tell an edited mapping from the applied profile). */
export function sameDraft(a: MappingDraft, b: MappingDraft): boolean {
  return JSON.stringify(profileFromDraft(a, 'x')) === JSON.stringify(profileFromDraft(b, 'x'));
}
