import type { Initiative, InitiativeFields, InitiativeRow, PhaseTransition } from '../../../shared/domain/initiative';
import type { PhaseId } from '../../../shared/domain/phases';
import type { Db } from '../db/sqlite';

/** The initiatives table as SQLite returns it. Undo snapshots keep this shape verbatim. */
export interface InitiativeRecord {
  id: number;
  name: string;
  description: string;
  business_unit: string;
  type: string;
  phase: string;
  status: string;
  risk_tier: string;
  tags: string;
  sponsor_id: number | null;
  product_owner_id: number | null;
  tech_lead_id: number | null;
  planned_start: string | null;
  planned_end: string | null;
  actual_start: string | null;
  actual_end: string | null;
  phase_entered_at: string;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TransitionRecord {
  id: number;
  initiative_id: number;
  from_phase: string | null;
  to_phase: string;
  at: string;
  by: string;
  reason: string;
  /** The gate review whose Go / Conditional go made this move; null for other moves (0040). */
  gate_review_id?: number | null;
  /** 1 when the move skipped a gate decision (a forward move without one, or a Go overriding a failed gate). */
  is_override?: number;
}

const COLUMNS = [
  'id',
  'name',
  'description',
  'business_unit',
  'type',
  'phase',
  'status',
  'risk_tier',
  'tags',
  'sponsor_id',
  'product_owner_id',
  'tech_lead_id',
  'planned_start',
  'planned_end',
  'actual_start',
  'actual_end',
  'phase_entered_at',
  'archived_at',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof InitiativeRecord)[];

export function toInitiative(r: InitiativeRecord): Initiative {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    businessUnit: r.business_unit,
    type: r.type as Initiative['type'],
    phase: r.phase as PhaseId,
    status: r.status as Initiative['status'],
    riskTier: r.risk_tier as Initiative['riskTier'],
    tags: JSON.parse(r.tags) as string[],
    sponsorId: r.sponsor_id,
    productOwnerId: r.product_owner_id,
    techLeadId: r.tech_lead_id,
    plannedStart: r.planned_start,
    plannedEnd: r.planned_end,
    actualStart: r.actual_start,
    actualEnd: r.actual_end,
    phaseEnteredAt: r.phase_entered_at,
    archivedAt: r.archived_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * The portfolio query. Kept as one statement so its plan can be tested (it must walk initiatives_portfolio).
 * Columns are listed, not `i.*`, because the list reads rows as arrays by position (see rowFromCells).
 */
export const PORTFOLIO_SQL = `
  SELECT i.id, i.name, i.description, i.business_unit, i.type, i.phase, i.status, i.risk_tier, i.tags,
    i.sponsor_id, i.product_owner_id, i.tech_lead_id, i.planned_start, i.planned_end, i.actual_start,
    i.actual_end, i.phase_entered_at, i.archived_at, i.created_at, i.updated_at,
    s.name AS sponsor_name, po.name AS product_owner_name, tl.name AS tech_lead_name
  FROM initiatives i
  LEFT JOIN people s ON s.id = i.sponsor_id
  LEFT JOIN people po ON po.id = i.product_owner_id
  LEFT JOIN people tl ON tl.id = i.tech_lead_id
  WHERE i.archived_at IS NULL
  ORDER BY i.archived_at, i.name COLLATE NOCASE`;

const PORTFOLIO_ALL_SQL = PORTFOLIO_SQL.replace('WHERE i.archived_at IS NULL', '');

const ROW_SQL = PORTFOLIO_SQL.replace('WHERE i.archived_at IS NULL', 'WHERE i.id = ?');

type Cell = string | number | null;
const prepareRaw = (db: Db, sql: string) => db.prepare<unknown[]>(sql).raw(true);
type Statement = ReturnType<typeof prepareRaw>;

/** Prepared raw-mode statements per connection: the list runs on every refetch, so it skips re-preparing. */
const rawStatements = new WeakMap<Db, Map<string, Statement>>();

function rawStatement(db: Db, sql: string): Statement {
  let byDb = rawStatements.get(db);
  if (!byDb) rawStatements.set(db, (byDb = new Map()));
  let stmt = byDb.get(sql);
  if (!stmt) byDb.set(sql, (stmt = prepareRaw(db, sql)));
  return stmt;
}

/**
 * One portfolio row from the cells of PORTFOLIO_SQL, by position. Raw arrays plus one object literal are
 * several times faster than the driver's per-row objects (23 keys each) followed by a spread, which was
 * most of the list's time at 10,000 rows. The key order matches toInitiative + the three names.
 */
function rowFromCells(c: Cell[], tagsCache: Map<string, readonly string[]>): InitiativeRow {
  const tagsJson = c[8] as string;
  let tags = tagsCache.get(tagsJson);
  if (!tags) tagsCache.set(tagsJson, (tags = JSON.parse(tagsJson) as string[]));
  return {
    id: c[0] as number,
    name: c[1] as string,
    description: c[2] as string,
    businessUnit: c[3] as string,
    type: c[4] as Initiative['type'],
    phase: c[5] as PhaseId,
    status: c[6] as Initiative['status'],
    riskTier: c[7] as Initiative['riskTier'],
    // A copy per row: rows must not share a mutable array just because their tags are equal.
    tags: tags.slice(),
    sponsorId: c[9] as number | null,
    productOwnerId: c[10] as number | null,
    techLeadId: c[11] as number | null,
    plannedStart: c[12] as string | null,
    plannedEnd: c[13] as string | null,
    actualStart: c[14] as string | null,
    actualEnd: c[15] as string | null,
    phaseEnteredAt: c[16] as string,
    archivedAt: c[17] as string | null,
    createdAt: c[18] as string,
    updatedAt: c[19] as string,
    sponsorName: c[20] as string | null,
    productOwnerName: c[21] as string | null,
    techLeadName: c[22] as string | null,
  };
}

export function listInitiatives(db: Db, includeArchived: boolean): InitiativeRow[] {
  const cells = rawStatement(db, includeArchived ? PORTFOLIO_ALL_SQL : PORTFOLIO_SQL).all() as Cell[][];
  // Tag lists repeat a lot across a portfolio; parse each distinct one once per call.
  const tagsCache = new Map<string, readonly string[]>();
  const rows = new Array<InitiativeRow>(cells.length);
  for (let i = 0; i < cells.length; i++) rows[i] = rowFromCells(cells[i]!, tagsCache);
  return rows;
}

export function getInitiativeRow(db: Db, id: number): InitiativeRow | null {
  const c = rawStatement(db, ROW_SQL).get(id) as Cell[] | undefined;
  return c ? rowFromCells(c, new Map()) : null;
}

export function getInitiativeRecord(db: Db, id: number): InitiativeRecord | null {
  return (db.prepare('SELECT * FROM initiatives WHERE id = ?').get(id) as InitiativeRecord | undefined) ?? null;
}

export function countInitiatives(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM initiatives').get() as { n: number }).n;
}

export function fieldsToColumns(f: Partial<InitiativeFields>): Partial<InitiativeRecord> {
  const c: Partial<InitiativeRecord> = {};
  if (f.name !== undefined) c.name = f.name;
  if (f.description !== undefined) c.description = f.description;
  if (f.businessUnit !== undefined) c.business_unit = f.businessUnit;
  if (f.type !== undefined) c.type = f.type;
  if (f.phase !== undefined) c.phase = f.phase;
  if (f.status !== undefined) c.status = f.status;
  if (f.riskTier !== undefined) c.risk_tier = f.riskTier;
  if (f.tags !== undefined) c.tags = JSON.stringify(f.tags);
  if (f.sponsorId !== undefined) c.sponsor_id = f.sponsorId;
  if (f.productOwnerId !== undefined) c.product_owner_id = f.productOwnerId;
  if (f.techLeadId !== undefined) c.tech_lead_id = f.techLeadId;
  if (f.plannedStart !== undefined) c.planned_start = f.plannedStart;
  if (f.plannedEnd !== undefined) c.planned_end = f.plannedEnd;
  if (f.actualStart !== undefined) c.actual_start = f.actualStart;
  if (f.actualEnd !== undefined) c.actual_end = f.actualEnd;
  return c;
}

/** Inserts a full record; `id` may be given (undo restores a deleted row under its old id). */
export function insertInitiative(db: Db, rec: Omit<InitiativeRecord, 'id'> & { id?: number }): number {
  const cols = COLUMNS.filter((c) => c !== 'id' || rec.id !== undefined);
  const sql = `INSERT INTO initiatives (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`;
  const info = db.prepare(sql).run(rec);
  return Number(info.lastInsertRowid);
}

export function updateInitiativeColumns(db: Db, id: number, cols: Partial<InitiativeRecord>): void {
  const keys = (Object.keys(cols) as (keyof InitiativeRecord)[]).filter((k) => k !== 'id' && COLUMNS.includes(k));
  if (keys.length === 0) return;
  const sql = `UPDATE initiatives SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`;
  db.prepare(sql).run({ ...cols, id });
}

export function deleteInitiative(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM initiatives WHERE id = ?').run(id).changes > 0;
}

export function listTransitionRecords(db: Db, initiativeId: number): TransitionRecord[] {
  return db
    .prepare('SELECT * FROM phase_transitions WHERE initiative_id = ? ORDER BY at, id')
    .all(initiativeId) as TransitionRecord[];
}

export function toTransition(r: TransitionRecord): PhaseTransition {
  return {
    id: r.id,
    initiativeId: r.initiative_id,
    fromPhase: r.from_phase as PhaseId | null,
    toPhase: r.to_phase as PhaseId,
    at: r.at,
    by: r.by,
    reason: r.reason,
    ...(r.is_override ? { isOverride: true } : {}),
    ...(r.gate_review_id != null ? { gateReviewId: r.gate_review_id } : {}),
  };
}

export function insertTransition(db: Db, t: Omit<TransitionRecord, 'id'> & { id?: number }): number {
  const cols = 'initiative_id, from_phase, to_phase, at, by, reason, gate_review_id, is_override';
  const vals = '@initiative_id, @from_phase, @to_phase, @at, @by, @reason, @gate_review_id, @is_override';
  const info = db
    .prepare(
      t.id === undefined
        ? `INSERT INTO phase_transitions (${cols}) VALUES (${vals})`
        : `INSERT INTO phase_transitions (id, ${cols}) VALUES (@id, ${vals})`,
    )
    .run({ gate_review_id: null, is_override: 0, ...t });
  return Number(info.lastInsertRowid);
}

export function deleteTransitions(db: Db, initiativeId: number): void {
  db.prepare('DELETE FROM phase_transitions WHERE initiative_id = ?').run(initiativeId);
}

export function distinctBusinessUnits(db: Db): string[] {
  return (
    db
      .prepare(
        `SELECT business_unit AS bu FROM initiatives WHERE business_unit <> ''
         UNION SELECT business_unit FROM people WHERE business_unit <> '' ORDER BY 1 COLLATE NOCASE`,
      )
      .all() as { bu: string }[]
  ).map((r) => r.bu);
}
