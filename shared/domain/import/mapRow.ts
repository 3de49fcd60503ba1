import { INITIATIVE_TYPES, RISK_TIERS, STATUSES } from '../enums';
import { LIMITS } from '../initiative';
import { phaseInfo } from '../phases';
import { decideDayOrder, parseDateCell, type DateParse, type DayOrder } from './dates';
import { resolveRules, type ResolvedRule } from './fit';
import { cellText, headerMatches, normaliseHeader, oneLine } from './normalise';
import type { Cell, ImportField, ImportKey, MappedFields, MappedRow, MappingProfile, RowProblem } from './types';
import { ENUM_FIELDS, lookupEnum, profileValueTable, type EnumField, type EnumLookup } from './values';

/**
 * A profile applied to one sheet: which columns feed each field, and how each date column reads a/b/yyyy.
 * Plain data (it may cross IPC); mapRow keeps its lookup caches beside it, not in it.
 */
export interface PreparedMapping {
  profile: MappingProfile;
  headers: readonly string[];
  /** One entry per field the profile maps, with the sheet columns found for it (in the rules' header order). */
  fields: ResolvedRule[];
  /**
   * The key re-import matches on. The profile's, except that 'id' without an ID column in this sheet falls back
   * to name + business unit (a Flightdeck export whose ID column was removed).
   */
  key: ImportKey;
  /** Per date column: the order used for a/b/yyyy and why (shown in the wizard). */
  dateOrders: { index: number; header: string; order: DayOrder; why: string }[];
  /** Things about the profile itself: headers not in the sheet, value-map pairs naming no known value. */
  warnings: string[];
}

const DATE_FIELDS = ['plannedStart', 'plannedEnd', 'actualStart', 'actualEnd'] as const;
type DateField = (typeof DATE_FIELDS)[number];
const DATE_PAIRS = [
  ['plannedStart', 'plannedEnd'],
  ['actualStart', 'actualEnd'],
] as const;
const PEOPLE_FIELDS = ['sponsor', 'productOwner', 'techLead'] as const;
type PersonField = (typeof PEOPLE_FIELDS)[number];

const FIELD_LABEL: Record<ImportField, string> = {
  id: 'ID',
  name: 'Name',
  description: 'Description',
  businessUnit: 'Business unit',
  type: 'Type',
  phase: 'Phase',
  status: 'Status',
  riskTier: 'Risk tier',
  tags: 'Tags',
  sponsor: 'Business sponsor',
  productOwner: 'AI product owner',
  techLead: 'Tech lead',
  plannedStart: 'Planned start',
  plannedEnd: 'Planned end',
  actualStart: 'Actual start',
  actualEnd: 'Actual end',
};

function isDateField(f: ImportField): f is DateField {
  return (DATE_FIELDS as readonly string[]).includes(f);
}

export function prepareMapping(
  profile: MappingProfile,
  headers: readonly string[],
  rows: readonly Cell[][],
): PreparedMapping {
  const warnings: string[] = [];
  // Rules naming the same field act as one rule with their headers in order.
  const grouped = new Map<ImportField, ResolvedRule>();
  for (const r of resolveRules(profile.columns, headers)) {
    const g = grouped.get(r.field);
    if (!g) grouped.set(r.field, { field: r.field, columns: [...r.columns] });
    else for (const c of r.columns) if (!g.columns.some((x) => x.index === c.index)) g.columns.push(c);
  }
  const keys = headers.map(normaliseHeader);
  for (const rule of profile.columns) {
    for (const h of rule.headers) {
      const k = normaliseHeader(h);
      if (!keys.some((sk) => headerMatches(k, sk))) {
        warnings.push(`${FIELD_LABEL[rule.field]}: the sheet has no column "${h}"`);
      }
    }
  }
  for (const f of ENUM_FIELDS) {
    const { invalid } = profileValueTable(f, profile.values[f]);
    for (const pair of invalid) warnings.push(`${FIELD_LABEL[f]} value map: ${pair} names no known value; ignored`);
  }
  const dateOrders: PreparedMapping['dateOrders'] = [];
  for (const g of grouped.values()) {
    if (!isDateField(g.field)) continue;
    for (const c of g.columns) {
      if (dateOrders.some((d) => d.index === c.index)) continue;
      if (profile.dateOrder !== 'auto') {
        dateOrders.push({ ...c, order: profile.dateOrder, why: 'set in the profile' });
        continue;
      }
      const vote = decideDayOrder(columnCells(rows, c.index));
      const why =
        vote.mdy + vote.dmy === 0
          ? 'no value decides it; month first'
          : `${vote.mdy} value(s) only month/day, ${vote.dmy} only day/month`;
      dateOrders.push({ ...c, order: vote.order, why });
    }
  }
  const fields = [...grouped.values()];
  const hasId = fields.some((f) => f.field === 'id' && f.columns.length > 0);
  return {
    profile,
    headers,
    fields,
    key: profile.key === 'id' && !hasId ? 'nameAndUnit' : profile.key,
    dateOrders,
    warnings,
  };
}

function* columnCells(rows: readonly Cell[][], index: number): Iterable<Cell> {
  for (const r of rows) yield r[index] ?? null;
}

/** Lookup tables and per-value caches built once per prepared mapping (values repeat across rows). */
interface Internal {
  own: Partial<Record<EnumField, Map<string, string>>>;
  enumCache: Record<EnumField, Map<string, EnumLookup>>;
  orders: Map<number, DayOrder>;
  dateCache: Map<number, Map<string | number, DateParse>>;
  tagCache: Map<string, CleanTag[]>;
}

const internals = new WeakMap<PreparedMapping, Internal>();
/** Caches stop growing here; a column of unique values then simply parses each one. */
const CACHE_LIMIT = 20_000;

function internal(p: PreparedMapping): Internal {
  let i = internals.get(p);
  if (!i) {
    const own: Internal['own'] = {};
    for (const f of ENUM_FIELDS) {
      const t = profileValueTable(f, p.profile.values[f]).table;
      if (t.size > 0) own[f] = t;
    }
    i = {
      own,
      enumCache: { phase: new Map(), status: new Map(), type: new Map(), riskTier: new Map() },
      orders: new Map(p.dateOrders.map((d) => [d.index, d.order])),
      dateCache: new Map(),
      tagCache: new Map(),
    };
    internals.set(p, i);
  }
  return i;
}

function remember<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const v = make();
  if (cache.size < CACHE_LIMIT) cache.set(key, v);
  return v;
}

/** Same rule as initiative.ts's tag schema: a letter or digit first, then letters, digits, space . _ / - */
const TAG_OK = /^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u;
const TAG_BAD_CHARS = /[^\p{L}\p{N} ._/-]+/gu;
const TAG_LEAD = /^[^\p{L}\p{N}]+/u;
const TAG_SPLIT = /[;,|\n]+/;

interface CleanTag {
  tag: string | null;
  /** Set when the tag lost words (shortened) or was dropped; plain case and punctuation changes are silent. */
  warning?: string;
}

function tidyTag(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(TAG_BAD_CHARS, ' ')
    .replace(/\s+/g, ' ')
    .replace(TAG_LEAD, '')
    .trim();
}

function cleanTag(raw: string): CleanTag {
  const shown = raw.trim();
  let t = tidyTag(shown);
  if (t.length > LIMITS.tag) {
    // "Government Services (includes Benefits and Service Delivery)": the part before the aside names it.
    const short = tidyTag(shown.replace(/\([^)]*\)/g, ' '));
    t = short.length > 0 && short.length <= LIMITS.tag ? short : cutAtWord(short || t, LIMITS.tag);
    if (!TAG_OK.test(t)) return { tag: null, warning: `Tag "${clip(shown)}" dropped: no usable text` };
    return { tag: t, warning: `Tag "${clip(shown)}" shortened to "${t}" (tags hold at most ${LIMITS.tag} characters)` };
  }
  if (!t || !TAG_OK.test(t)) return { tag: null, warning: `Tag "${clip(shown)}" dropped: it has no letters or digits` };
  return { tag: t };
}

function cutAtWord(s: string, max: number): string {
  const cut = s.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  return (space > 0 ? cut.slice(0, space) : s.slice(0, max)).replace(/[ ._/-]+$/, '');
}

function clip(s: string, max = 60): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Maps one data row. Never throws on cell content: what cannot be read becomes a problem naming the column. */
export function mapRow(prepared: PreparedMapping, cells: readonly Cell[], rowNumber: number): MappedRow {
  const st = internal(prepared);
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const problem = (column: string, reason: string) => problems.push({ row: rowNumber, column, reason });
  const warn = (column: string, reason: string) => warnings.push({ row: rowNumber, column, reason });
  const fields: MappedFields = { name: '' };
  const out = fields as unknown as Record<string, unknown>;
  let nameHeader = '';
  let impliedStatus: MappedFields['status'];
  const dateHeader: Partial<Record<DateField, string>> = {};

  for (const g of prepared.fields) {
    const f = g.field;
    if (g.columns.length === 0) continue;
    if (f === 'name') nameHeader = g.columns[0]?.header ?? '';

    if (f === 'description') {
      const parts: string[] = [];
      for (const c of g.columns) {
        const t = cellText(cells[c.index]);
        if (t) parts.push(t);
      }
      if (parts.length === 0) continue;
      let text = parts.join('\n\n');
      if (text.length > LIMITS.description) {
        let cut = LIMITS.description - 1;
        // Do not split a surrogate pair (an emoji) in two.
        if (/[\uD800-\uDBFF]/.test(text.charAt(cut - 1))) cut--;
        text = `${text.slice(0, cut)}…`;
        warn(
          g.columns[0]?.header ?? '',
          `Description shortened to ${LIMITS.description.toLocaleString('en-US')} characters`,
        );
      }
      fields.description = text;
      continue;
    }

    if (f === 'businessUnit') {
      const parts: string[] = [];
      const seen = new Set<string>();
      for (const c of g.columns) {
        const t = oneLine(cellText(cells[c.index]));
        if (!t) continue;
        const k = g.columns.length > 1 ? normaliseHeader(t) : t;
        if (seen.has(k)) continue;
        seen.add(k);
        parts.push(t);
      }
      if (parts.length === 0) continue;
      const unit = parts.join(' / ');
      if (unit.length > LIMITS.businessUnit) {
        problem(
          g.columns.map((c) => c.header).join(' + '),
          `Business unit "${clip(unit)}" is ${unit.length} characters; at most ${LIMITS.businessUnit}`,
        );
      } else {
        fields.businessUnit = unit;
      }
      continue;
    }

    if (f === 'tags') {
      const tags: string[] = [];
      for (const c of g.columns) {
        const t = cellText(cells[c.index]);
        if (!t) continue;
        const cleaned = remember(st.tagCache, t, () =>
          t
            .split(TAG_SPLIT)
            .map((s) => s.trim())
            .filter((s) => s && !isPlaceholderTag(s))
            .map(cleanTag),
        );
        for (const ct of cleaned) {
          if (ct.warning) warn(c.header, ct.warning);
          if (ct.tag && !tags.includes(ct.tag)) tags.push(ct.tag);
        }
      }
      if (tags.length > LIMITS.tags) {
        warn(g.columns[0]?.header ?? '', `${tags.length} tags; kept the first ${LIMITS.tags}`);
        tags.length = LIMITS.tags;
      }
      if (tags.length > 0) fields.tags = tags;
      continue;
    }

    if (isDateField(f)) {
      for (const c of g.columns) {
        const cell = cells[c.index] ?? null;
        const order = st.orders.get(c.index) ?? 'MDY';
        let cache = st.dateCache.get(c.index);
        if (!cache) st.dateCache.set(c.index, (cache = new Map()));
        const r =
          typeof cell === 'string' || typeof cell === 'number'
            ? remember(cache, cell, () => parseDateCell(cell, order))
            : parseDateCell(cell, order);
        if (r.kind === 'empty') {
          if (r.note) warn(c.header, r.note);
          continue;
        }
        if (r.kind === 'invalid') problem(c.header, `${FIELD_LABEL[f]}: ${r.reason}`);
        else {
          out[f] = r.date;
          dateHeader[f] = c.header;
          if (r.note) warn(c.header, r.note);
        }
        break;
      }
      continue;
    }

    // Single-valued fields: the first column with a value.
    let c: { index: number; header: string } | undefined;
    let text = '';
    for (const col of g.columns) {
      text = cellText(cells[col.index]);
      if (text !== '') {
        c = col;
        break;
      }
    }
    if (!c) continue;
    const cell = cells[c.index] ?? null;

    if (f === 'id') {
      const n = typeof cell === 'number' ? cell : Number(text);
      if (Number.isSafeInteger(n) && n > 0) fields.id = n;
      else problem(c.header, `ID "${clip(text)}" is not a Flightdeck ID (a whole number above 0)`);
      continue;
    }

    if (f === 'name') {
      const name = oneLine(text);
      nameHeader = c.header;
      if (name.length > LIMITS.name) {
        problem(c.header, `Name is ${name.length} characters; at most ${LIMITS.name}`);
      }
      fields.name = name;
      continue;
    }

    if ((PEOPLE_FIELDS as readonly string[]).includes(f)) {
      const person = oneLine(text);
      if (person.length > LIMITS.personName) {
        problem(
          c.header,
          `${FIELD_LABEL[f]} "${clip(person)}" is ${person.length} characters; at most ${LIMITS.personName}`,
        );
      } else {
        fields[f as PersonField] = person;
      }
      continue;
    }

    const ef = f as EnumField;
    const r = remember(st.enumCache[ef], text, () => lookupEnum(ef, text, st.own[ef]));
    if (r.kind === 'value') out[ef] = r.id;
    else if (r.kind === 'status') impliedStatus = r.id;
    else if (r.kind === 'unknown') problem(c.header, r.reason);
  }

  if (impliedStatus && fields.status === undefined) fields.status = impliedStatus;
  const d = prepared.profile.defaults;
  if (fields.businessUnit === undefined && d.businessUnit) fields.businessUnit = d.businessUnit;
  if (fields.type === undefined && d.type) fields.type = d.type;
  if (fields.phase === undefined && d.phase) fields.phase = d.phase;
  if (fields.status === undefined && d.status) fields.status = d.status;
  if (fields.riskTier === undefined && d.riskTier) fields.riskTier = d.riskTier;

  if (!fields.name) {
    problem(nameHeader, nameHeader ? 'Name is empty' : 'No column gives the name');
  }
  for (const [start, end] of DATE_PAIRS) {
    const s = fields[start];
    const e = fields[end];
    if (s && e && e < s) {
      problem(dateHeader[end] ?? '', `${FIELD_LABEL[end]} ${e} is before ${FIELD_LABEL[start].toLowerCase()} ${s}`);
    }
  }

  return problems.length > 0
    ? { row: rowNumber, ok: false, problems, warnings }
    : { row: rowNumber, ok: true, fields, warnings };
}

/** "N/A", "none" or a lone dash in a tags cell mean no tags, not a tag to warn about. */
function isPlaceholderTag(s: string): boolean {
  if (/^[-\u2013\u2014.]+$/.test(s)) return true;
  const k = normaliseHeader(s);
  return k === 'n a' || k === 'na' || k === 'none' || k === 'tbd';
}

/** Text of each mapped field as the preview grid shows it: labels for enums, tags joined, dates as written. */
export function displayValues(fields: MappedFields): Partial<Record<ImportField, string>> {
  const v: Partial<Record<ImportField, string>> = {};
  if (fields.id !== undefined) v.id = String(fields.id);
  v.name = fields.name;
  if (fields.description !== undefined) v.description = fields.description;
  if (fields.businessUnit !== undefined) v.businessUnit = fields.businessUnit;
  if (fields.type !== undefined) v.type = INITIATIVE_TYPES.label(fields.type);
  if (fields.phase !== undefined) v.phase = phaseInfo(fields.phase).label;
  if (fields.status !== undefined) v.status = STATUSES.label(fields.status);
  if (fields.riskTier !== undefined) v.riskTier = RISK_TIERS.label(fields.riskTier);
  if (fields.tags !== undefined) v.tags = fields.tags.join(', ');
  for (const f of [...PEOPLE_FIELDS, ...DATE_FIELDS]) {
    const x = fields[f];
    if (x !== undefined) v[f] = x ?? '';
  }
  return v;
}

function keyText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * The text two rows (or a row and a stored initiative, passed as its fields) share when a re-import should
 * update rather than create: case and spacing do not count. Null when the row cannot be matched on this key
 * (no ID, or no name); such a row is created.
 */
export function importKeyOf(fields: MappedFields, key: ImportKey): string | null {
  if (key === 'id') return fields.id !== undefined ? `id:${fields.id}` : null;
  const name = keyText(fields.name ?? '');
  if (!name) return null;
  if (key === 'name') return `name:${name}`;
  return `name:${name}\u0000unit:${keyText(fields.businessUnit ?? '')}`;
}

/** Headers of the sheet no field reads (listed by the CLI's refusal and the wizard). */
export function unmappedHeaders(prepared: PreparedMapping): string[] {
  const read = new Set<number>();
  for (const g of prepared.fields) for (const c of g.columns) read.add(c.index);
  return prepared.headers.filter((_, i) => !read.has(i));
}
