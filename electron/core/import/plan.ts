import {
  cellText,
  displayValues,
  importKeyOf,
  mapRow,
  prepareMapping,
  type PreparedMapping,
} from '../../../shared/domain/import';
import type {
  Cell,
  ImportField,
  ImportKey,
  MappedFields,
  MappingProfile,
  PreviewRow,
  RowProblem,
  SheetTable,
} from '../../../shared/domain/import/types';
import { LIMITS } from '../../../shared/domain/initiative';
import { INITIATIVE_TYPES, RISK_TIERS, STATUSES } from '../../../shared/domain/enums';
import { PHASE_IDS } from '../../../shared/domain/phases';
import type { Db } from '../db/sqlite';
import type { InitiativeRecord } from '../repositories/initiatives.repo';
import { throwIfCancelled, yieldToLoop } from '../services/jobs';

/** Rows mapped between two yields: small enough that progress and cancel get through every few milliseconds. */
const CHUNK = 500;

export type PlannedAction = 'create' | 'update' | 'reject';

/** What the import will do with one data row. */
export interface PlannedRow {
  /** 1-based row number in the file. */
  row: number;
  /** Index into the table's rows (for the preview's raw values). */
  index: number;
  action: PlannedAction;
  /** The mapped values (null for a row that could not be mapped). */
  fields: MappedFields | null;
  /** The initiative an 'update' row changes. */
  targetId: number | null;
  problems: RowProblem[];
  warnings: RowProblem[];
}

export interface ImportPlan {
  key: ImportKey;
  prepared: PreparedMapping;
  rows: PlannedRow[];
  counts: { total: number; create: number; update: number; reject: number };
}

export interface PlanOptions {
  signal: AbortSignal;
  progress: (phase: string, done: number, total: number) => void;
}

const KEY_WORDS: Record<ImportKey, string> = {
  nameAndUnit: 'name and business unit',
  name: 'name',
  id: 'ID',
};

/** The sheet header a field is read from (its first column), else ''. */
export function headerOfField(prepared: PreparedMapping, field: ImportField): string {
  return prepared.fields.find((f) => f.field === field)?.columns[0]?.header ?? '';
}

/**
 * The portfolio as the import matches against it: every initiative by its key (a key two initiatives share is
 * ambiguous and matches neither), by id, and the full record of each (an update's date checks need them).
 */
export interface ExistingIndex {
  /** Keys of every kind asked for; importKeyOf prefixes them ('id:', 'name:'), so they cannot collide. */
  byKey: Map<string, number[]>;
  byId: Map<number, InitiativeRecord>;
}

export function loadExisting(db: Db, keys: readonly ImportKey[]): ExistingIndex {
  const records = db.prepare('SELECT * FROM initiatives').all() as InitiativeRecord[];
  const byKey = new Map<string, number[]>();
  const byId = new Map<number, InitiativeRecord>();
  for (const r of records) {
    byId.set(r.id, r);
    for (const key of keys) {
      const k = importKeyOf({ id: r.id, name: r.name, businessUnit: r.business_unit }, key);
      if (k === null) continue;
      const list = byKey.get(k);
      if (list) list.push(r.id);
      else byKey.set(k, [r.id]);
    }
  }
  return { byKey, byId };
}

/**
 * The key one row matches on. On the ID key a row without an ID (a line added to an exported sheet) matches
 * on name + business unit, so importing the same sheet twice still updates instead of duplicating it.
 */
function rowKey(fields: MappedFields, key: ImportKey): ImportKey {
  return key === 'id' && fields.id === undefined ? 'nameAndUnit' : key;
}

const DATE_FIELDS = [
  ['plannedStart', 'plannedEnd', 'planned_start', 'planned_end', 'Planned'],
  ['actualStart', 'actualEnd', 'actual_start', 'actual_end', 'Actual'],
] as const;

/**
 * What the database would refuse, checked here so one odd row becomes a reject instead of failing the whole
 * transaction. The mapper checks these too; this is the last line before the CHECK constraints.
 */
function storageProblems(f: MappedFields, header: (field: ImportField) => string, row: number): RowProblem[] {
  const out: RowProblem[] = [];
  const p = (field: ImportField, reason: string) => out.push({ row, column: header(field), reason });
  const name = f.name.trim();
  if (name.length === 0) p('name', 'The name is empty.');
  else if (name.length > LIMITS.name) p('name', `The name is longer than ${LIMITS.name} characters.`);
  if (f.businessUnit !== undefined && f.businessUnit.length > LIMITS.businessUnit)
    p('businessUnit', `The business unit is longer than ${LIMITS.businessUnit} characters.`);
  if (f.description !== undefined && f.description.length > LIMITS.description)
    p('description', `The description is longer than ${LIMITS.description} characters.`);
  if (f.type !== undefined && !(INITIATIVE_TYPES.ids as readonly string[]).includes(f.type))
    p('type', `"${f.type}" is not a type.`);
  if (f.phase !== undefined && !(PHASE_IDS as readonly string[]).includes(f.phase))
    p('phase', `"${f.phase}" is not a phase.`);
  if (f.status !== undefined && !(STATUSES.ids as readonly string[]).includes(f.status))
    p('status', `"${f.status}" is not a status.`);
  if (f.riskTier !== undefined && !(RISK_TIERS.ids as readonly string[]).includes(f.riskTier))
    p('riskTier', `"${f.riskTier}" is not a risk tier.`);
  if (f.tags !== undefined && f.tags.length > LIMITS.tags) p('tags', `More than ${LIMITS.tags} tags.`);
  for (const role of ['sponsor', 'productOwner', 'techLead'] as const) {
    const person = f[role];
    if (typeof person === 'string' && person.trim().length > LIMITS.personName)
      p(role, `The person's name is longer than ${LIMITS.personName} characters.`);
  }
  return out;
}

/** Dates after merging with the initiative's stored ones: an update that only gives an end must not precede its start. */
function dateOrderProblems(
  f: MappedFields,
  existing: InitiativeRecord | null,
  header: (field: ImportField) => string,
  row: number,
): RowProblem[] {
  const out: RowProblem[] = [];
  for (const [startField, endField, startCol, endCol, what] of DATE_FIELDS) {
    const start = f[startField] !== undefined ? f[startField] : (existing?.[startCol] ?? null);
    const end = f[endField] !== undefined ? f[endField] : (existing?.[endCol] ?? null);
    if (start && end && end < start) {
      const stored = f[startField] === undefined ? ` (the stored start is ${start})` : '';
      out.push({
        row,
        column: header(endField),
        reason: `${what} end ${end} is before ${what.toLowerCase()} start${stored}.`,
      });
    }
  }
  return out;
}

/**
 * Maps every row and decides create / update / reject against the portfolio as it is now. Runs in chunks with
 * yields between them, so a 10,000-row file reports progress and can be cancelled; nothing is written.
 */
export async function planImport(
  db: Db,
  table: SheetTable,
  profile: MappingProfile,
  key: ImportKey,
  options: PlanOptions,
): Promise<ImportPlan> {
  // The mapper decides the effective key: 'id' on a sheet without an ID column falls back to name + unit.
  const prepared = prepareMapping({ ...profile, key }, table.headers, table.rows);
  const effectiveKey = prepared.key;
  const existing = loadExisting(db, effectiveKey === 'id' ? ['id', 'nameAndUnit'] : [effectiveKey]);
  const headerCache = new Map<ImportField, string>();
  const header = (field: ImportField) => {
    let h = headerCache.get(field);
    if (h === undefined) headerCache.set(field, (h = headerOfField(prepared, field)));
    return h;
  };
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = new Array<PlannedRow>(table.rows.length);
  const counts = { total: table.rows.length, create: 0, update: 0, reject: 0 };
  const total = table.rows.length;

  for (let start = 0; start < total; start += CHUNK) {
    throwIfCancelled(options.signal, 'The import');
    options.progress('checking', start, total);
    const end = Math.min(total, start + CHUNK);
    for (let i = start; i < end; i++) {
      const rowNumber = table.rowNumbers[i] ?? i + 1;
      const mapped = mapRow(prepared, table.rows[i] ?? [], rowNumber);
      let planned: PlannedRow;
      if (!mapped.ok) {
        planned = {
          row: rowNumber,
          index: i,
          action: 'reject',
          fields: null,
          targetId: null,
          problems: mapped.problems,
          warnings: mapped.warnings,
        };
      } else {
        planned = decide(mapped.fields, rowNumber, i, mapped.warnings, effectiveKey, existing, seen, header);
      }
      rows[i] = planned;
      counts[planned.action]++;
    }
    await yieldToLoop();
  }
  throwIfCancelled(options.signal, 'The import');
  options.progress('checking', total, total);
  return { key: effectiveKey, prepared, rows, counts };
}

function decide(
  fields: MappedFields,
  row: number,
  index: number,
  warnings: RowProblem[],
  planKey: ImportKey,
  existing: ExistingIndex,
  seen: Map<string, number>,
  header: (field: ImportField) => string,
): PlannedRow {
  const reject = (problems: RowProblem[]): PlannedRow => ({
    row,
    index,
    action: 'reject',
    fields,
    targetId: null,
    problems,
    warnings,
  });
  const stored = storageProblems(fields, header, row);
  if (stored.length) return reject(stored);
  const key = rowKey(fields, planKey);

  const k = importKeyOf(fields, key);
  if (k !== null) {
    const earlier = seen.get(k);
    if (earlier !== undefined) {
      const column = key === 'id' ? header('id') : header('name');
      return reject([{ row, column, reason: `Duplicate of row ${earlier} (same ${KEY_WORDS[key]}).` }]);
    }
    seen.set(k, row);
  }

  let target: InitiativeRecord | null = null;
  const extra: RowProblem[] = [];
  if (k !== null) {
    const ids = existing.byKey.get(k) ?? [];
    if (ids.length > 1) {
      return reject([
        {
          row,
          column: key === 'id' ? header('id') : header('name'),
          reason: `Matches ${ids.length} initiatives in the portfolio (IDs ${ids.join(', ')}); match on ID instead.`,
        },
      ]);
    }
    if (ids.length === 1) target = existing.byId.get(ids[0]!) ?? null;
    else if (key === 'id' && fields.id !== undefined) {
      extra.push({
        row,
        column: header('id'),
        reason: `ID ${fields.id} is not in this portfolio; the row is imported as a new initiative.`,
      });
    }
  }

  const order = dateOrderProblems(fields, target, header, row);
  if (order.length) return reject(order);
  return {
    row,
    index,
    action: target ? 'update' : 'create',
    fields,
    targetId: target ? target.id : null,
    problems: [],
    warnings: extra.length ? [...warnings, ...extra] : warnings,
  };
}

/** The raw text a rejected row has for each mapped field, so the preview shows what was wrong with it. */
function rawValues(prepared: PreparedMapping, cells: readonly Cell[]): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  for (const rule of prepared.fields) {
    for (const c of rule.columns) {
      const text = cellText(cells[c.index]).trim();
      if (text) {
        out[rule.field] = text.length > 200 ? `${text.slice(0, 199)}…` : text;
        break;
      }
    }
  }
  return out;
}

/** Every planned row as the wizard's preview grid shows it. */
export function previewRows(plan: ImportPlan, table: SheetTable): PreviewRow[] {
  return plan.rows.map((r) => ({
    row: r.row,
    action: r.action,
    values: r.fields ? displayValues(r.fields) : rawValues(plan.prepared, table.rows[r.index] ?? []),
    problems: r.problems,
    warnings: r.warnings,
  }));
}

/** Every reject as rejects-file lines; a reject with no stated problem still gets one line. */
export function rejectsOf(plan: ImportPlan): RowProblem[] {
  const out: RowProblem[] = [];
  for (const r of plan.rows) {
    if (r.action !== 'reject') continue;
    if (r.problems.length === 0) out.push({ row: r.row, column: '', reason: 'The row could not be imported.' });
    else out.push(...r.problems);
  }
  return out;
}
