import {
  OPEN_ACTION_STATUSES,
  riskFlags,
  riskRef,
  riskStatement,
  bandScoreRange,
  effectiveCadence,
  scored,
  type ActionStatus,
  type ControlFramework,
  type ControlStatus,
  type HeatmapWhich,
  type Level,
  type ReviewCadence,
  type Risk,
  type RiskAction,
  type RiskCategory,
  type RiskControl,
  type RiskFilter,
  type RiskRow,
  type RiskSortKey,
  type RiskStatus,
  type Treatment,
} from '../../../shared/domain/risk';
import type { Db, Statement } from '../db/sqlite';

/** A risks row as stored (the generated score columns left out: they are derived, never written). */
export interface RiskRecord {
  id: number;
  initiative_id: number | null;
  title: string;
  category: RiskCategory;
  owner_id: number | null;
  inherent_l: number;
  inherent_i: number;
  residual_l: number;
  residual_i: number;
  target_l: number | null;
  target_i: number | null;
  appetite: number;
  treatment: Treatment | null;
  status: RiskStatus;
  review_cadence: ReviewCadence | null;
  identified_on: string;
  last_reviewed_on: string | null;
  next_review_on: string;
  open_action_due_on: string | null;
  accepted_by: number | null;
  accepted_on: string | null;
  acceptance_expires_on: string | null;
  acceptance_reason: string;
  library_id: string | null;
  /** JSON array of taxonomy refs (`<taxonomy>:<item>`). */
  taxonomy_refs: string;
  created_at: string;
  updated_at: string;
  description: string;
  cause: string;
  event: string;
  consequence: string;
}

export interface RiskActionRecord {
  id: number;
  risk_id: number;
  description: string;
  owner_id: number;
  due_on: string;
  status: ActionStatus;
  completed_on: string | null;
  evidence: string;
}

export interface RiskControlRecord {
  id: number;
  risk_id: number;
  framework: ControlFramework;
  ref: string;
  title: string;
  status: ControlStatus;
}

export const RISK_COLUMNS = [
  'initiative_id',
  'title',
  'category',
  'owner_id',
  'inherent_l',
  'inherent_i',
  'residual_l',
  'residual_i',
  'target_l',
  'target_i',
  'appetite',
  'treatment',
  'status',
  'review_cadence',
  'identified_on',
  'last_reviewed_on',
  'next_review_on',
  'open_action_due_on',
  'accepted_by',
  'accepted_on',
  'acceptance_expires_on',
  'acceptance_reason',
  'library_id',
  'taxonomy_refs',
  'created_at',
  'updated_at',
  'description',
  'cause',
  'event',
  'consequence',
] as const satisfies readonly (keyof RiskRecord)[];

export const ACTION_COLUMNS = [
  'risk_id',
  'description',
  'owner_id',
  'due_on',
  'status',
  'completed_on',
  'evidence',
] as const satisfies readonly (keyof RiskActionRecord)[];

export const CONTROL_COLUMNS = [
  'risk_id',
  'framework',
  'ref',
  'title',
  'status',
] as const satisfies readonly (keyof RiskControlRecord)[];

const SELECT_RISK = `SELECT id, ${RISK_COLUMNS.join(', ')} FROM risks`;

/** Prepared once per connection: the register re-queries on every scroll window and filter change. */
const statements = new WeakMap<Db, Map<string, Statement>>();
function stmt(db: Db, sql: string): Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let s = byDb.get(sql);
  if (!s) {
    if (byDb.size > 500) byDb.clear(); // filter combinations are many; keep the cache bounded
    byDb.set(sql, (s = db.prepare<unknown[]>(sql)));
  }
  return s;
}

function insertSql(table: string, columns: readonly string[], withId: boolean): string {
  const cols = withId ? ['id', ...columns] : [...columns];
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
}

export function getRiskRecord(db: Db, id: number): RiskRecord | null {
  return (stmt(db, `${SELECT_RISK} WHERE id = ?`).get(id) as RiskRecord | undefined) ?? null;
}

/** An initiative's risks, for its snapshot (undo of an initiative delete). */
export function listInitiativeRiskRecords(db: Db, initiativeId: number): RiskRecord[] {
  return stmt(db, `${SELECT_RISK} WHERE initiative_id = ? ORDER BY id`).all(initiativeId) as RiskRecord[];
}

export function listActionRecords(db: Db, riskId: number): RiskActionRecord[] {
  return stmt(db, 'SELECT * FROM risk_actions WHERE risk_id = ? ORDER BY id').all(riskId) as RiskActionRecord[];
}

export function getActionRecord(db: Db, id: number): RiskActionRecord | null {
  return (stmt(db, 'SELECT * FROM risk_actions WHERE id = ?').get(id) as RiskActionRecord | undefined) ?? null;
}

export function listControlRecords(db: Db, riskId: number): RiskControlRecord[] {
  return stmt(db, 'SELECT * FROM risk_controls WHERE risk_id = ? ORDER BY id').all(riskId) as RiskControlRecord[];
}

export function listInitiativeActionRecords(db: Db, initiativeId: number): RiskActionRecord[] {
  return stmt(
    db,
    `SELECT a.* FROM risk_actions a JOIN risks r ON r.id = a.risk_id WHERE r.initiative_id = ? ORDER BY a.id`,
  ).all(initiativeId) as RiskActionRecord[];
}

export function listInitiativeControlRecords(db: Db, initiativeId: number): RiskControlRecord[] {
  return stmt(
    db,
    `SELECT c.* FROM risk_controls c JOIN risks r ON r.id = c.risk_id WHERE r.initiative_id = ? ORDER BY c.id`,
  ).all(initiativeId) as RiskControlRecord[];
}

/** Inserts a risk; an id is given only when undo puts a deleted one back. */
export function insertRisk(db: Db, rec: Omit<RiskRecord, 'id'> & { id?: number }): number {
  return Number(stmt(db, insertSql('risks', RISK_COLUMNS, rec.id !== undefined)).run(rec).lastInsertRowid);
}

export function updateRisk(db: Db, rec: RiskRecord): void {
  const sets = RISK_COLUMNS.map((c) => `${c} = @${c}`).join(', ');
  stmt(db, `UPDATE risks SET ${sets} WHERE id = @id`).run(rec);
}

export function deleteRisk(db: Db, id: number): boolean {
  return stmt(db, 'DELETE FROM risks WHERE id = ?').run(id).changes > 0;
}

export function insertAction(db: Db, rec: Omit<RiskActionRecord, 'id'> & { id?: number }): number {
  return Number(stmt(db, insertSql('risk_actions', ACTION_COLUMNS, rec.id !== undefined)).run(rec).lastInsertRowid);
}

export function updateAction(db: Db, rec: RiskActionRecord): void {
  const sets = ACTION_COLUMNS.map((c) => `${c} = @${c}`).join(', ');
  stmt(db, `UPDATE risk_actions SET ${sets} WHERE id = @id`).run(rec);
}

export function deleteAction(db: Db, id: number): void {
  stmt(db, 'DELETE FROM risk_actions WHERE id = ?').run(id);
}

export function deleteActionsOf(db: Db, riskId: number): void {
  stmt(db, 'DELETE FROM risk_actions WHERE risk_id = ?').run(riskId);
}

export function insertControl(db: Db, rec: Omit<RiskControlRecord, 'id'> & { id?: number }): number {
  return Number(stmt(db, insertSql('risk_controls', CONTROL_COLUMNS, rec.id !== undefined)).run(rec).lastInsertRowid);
}

export function deleteControlsOf(db: Db, riskId: number): void {
  stmt(db, 'DELETE FROM risk_controls WHERE risk_id = ?').run(riskId);
}

const OPEN = `(${OPEN_ACTION_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** Recomputes the risk's earliest open-action due date from its actions (call after every action write). */
export function refreshOpenActionDue(db: Db, riskId: number): void {
  stmt(
    db,
    `UPDATE risks SET open_action_due_on =
       (SELECT min(due_on) FROM risk_actions WHERE risk_id = risks.id AND status IN ${OPEN})
     WHERE id = ?`,
  ).run(riskId);
}

/** Risks, actions and acceptances a person is named on (all ON DELETE RESTRICT). */
export function countRisksNaming(db: Db, personId: number): number {
  return (
    stmt(
      db,
      `SELECT (SELECT count(*) FROM risks WHERE owner_id = @id) + (SELECT count(*) FROM risks WHERE accepted_by = @id)
        + (SELECT count(*) FROM risk_actions WHERE owner_id = @id) AS n`,
    ).get({ id: personId }) as { n: number }
  ).n;
}

function parseRefs(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

const pairOf = (l: number, i: number) => scored(l as Level, i as Level);

export function toAction(r: RiskActionRecord, today: string): RiskAction {
  return {
    id: r.id,
    riskId: r.risk_id,
    description: r.description,
    ownerId: r.owner_id,
    dueOn: r.due_on,
    status: r.status,
    completedOn: r.completed_on,
    evidence: r.evidence,
    overdue: OPEN_ACTION_STATUSES.includes(r.status) && r.due_on < today,
  };
}

export function toControl(r: RiskControlRecord): RiskControl {
  return { id: r.id, framework: r.framework, ref: r.ref, title: r.title, status: r.status };
}

export function toRisk(
  r: RiskRecord,
  actions: readonly RiskActionRecord[],
  controls: readonly RiskControlRecord[],
  today: string,
): Risk {
  const residual = pairOf(r.residual_l, r.residual_i);
  const acceptance =
    r.accepted_by !== null && r.accepted_on !== null && r.acceptance_expires_on !== null
      ? {
          approverId: r.accepted_by,
          reason: r.acceptance_reason,
          acceptedOn: r.accepted_on,
          expiresOn: r.acceptance_expires_on,
        }
      : null;
  return {
    id: r.id,
    ref: riskRef(r.id),
    initiativeId: r.initiative_id,
    title: r.title,
    description: r.description,
    cause: r.cause,
    event: r.event,
    consequence: r.consequence,
    statement: riskStatement(r.cause, r.event, r.consequence),
    category: r.category,
    taxonomyRefs: parseRefs(r.taxonomy_refs),
    libraryId: r.library_id,
    ownerId: r.owner_id,
    inherent: pairOf(r.inherent_l, r.inherent_i),
    residual,
    target: r.target_l !== null && r.target_i !== null ? pairOf(r.target_l, r.target_i) : null,
    appetite: r.appetite,
    treatment: r.treatment,
    status: r.status,
    reviewCadence: r.review_cadence,
    effectiveCadence: effectiveCadence(r.review_cadence, residual.score),
    identifiedOn: r.identified_on,
    lastReviewedOn: r.last_reviewed_on,
    nextReviewOn: r.next_review_on,
    openActionDueOn: r.open_action_due_on,
    acceptance,
    flags: riskFlags(
      {
        residualScore: residual.score,
        appetite: r.appetite,
        status: r.status,
        acceptance: acceptance ? { expiresOn: acceptance.expiresOn } : null,
        nextReviewOn: r.next_review_on,
        openActionDueOn: r.open_action_due_on,
      },
      today,
    ),
    actions: actions.map((a) => toAction(a, today)),
    controls: controls.map(toControl),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getRisk(db: Db, id: number, today: string): Risk | null {
  const r = getRiskRecord(db, id);
  return r ? toRisk(r, listActionRecords(db, id), listControlRecords(db, id), today) : null;
}

// ---------------------------------------------------------------------------------------------------------
// The register: filters, sort and windowing over up to 100,000 rows.

const SORT_COLUMNS: Record<RiskSortKey, string> = {
  residualScore: 'r.residual_score',
  inherentScore: 'r.inherent_score',
  title: 'r.title',
  category: 'r.category',
  nextReviewOn: 'r.next_review_on',
  openActionDueOn: 'r.open_action_due_on',
  status: 'r.status',
  createdAt: 'r.created_at',
  id: 'r.id',
};

interface Where {
  sql: string;
  params: unknown[];
  /**
   * For the count only: `INDEXED BY risks_title` when the filter searches titles over open risks. The planner
   * otherwise walks another index and reads every row to test the title (~10× slower at 100,000 risks).
   */
  countFrom: string;
  /** The query carries `is_open = 1` (closed risks left out, by default or by the status filter). */
  openOnly: boolean;
}

/**
 * The WHERE clause of a filter. Values are always bound; only fixed column names and placeholders are
 * spliced in. `today` decides what is overdue and which acceptances are in force.
 */
export function whereOf(f: RiskFilter, today: string): Where {
  const parts: string[] = [];
  const params: unknown[] = [];
  const inList = (col: string, values: readonly unknown[]) => {
    parts.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  if (f.initiativeId === null) parts.push('r.initiative_id IS NULL');
  else if (f.initiativeId !== undefined) {
    parts.push('r.initiative_id = ?');
    params.push(f.initiativeId);
  }
  if (f.categories && f.categories.length > 0) inList('r.category', f.categories);
  if (f.bands && f.bands.length > 0) {
    // Adjacent bands merge into one range (High + Critical = 10–25), so the index is searched, not scanned.
    const ranges: { min: number; max: number }[] = [];
    for (const r of [...new Set(f.bands)].map(bandScoreRange).sort((a, b) => a.min - b.min)) {
      const last = ranges.at(-1);
      if (last && r.min <= last.max + 1) last.max = Math.max(last.max, r.max);
      else ranges.push({ ...r });
    }
    parts.push(`(${ranges.map(() => 'r.residual_score BETWEEN ? AND ?').join(' OR ')})`);
    for (const x of ranges) params.push(x.min, x.max);
  }
  if (f.ownerIds && f.ownerIds.length > 0) {
    const ids = f.ownerIds.filter((x): x is number => x !== null);
    const none = f.ownerIds.includes(null);
    const alts: string[] = [];
    if (ids.length > 0) {
      alts.push(`r.owner_id IN (${ids.map(() => '?').join(', ')})`);
      params.push(...ids);
    }
    if (none) alts.push('r.owner_id IS NULL');
    parts.push(alts.length === 1 ? alts[0]! : `(${alts.join(' OR ')})`);
  }
  const openOnly = f.statuses && f.statuses.length > 0 ? !f.statuses.includes('CLOSED') : !f.includeClosed;
  if (openOnly) parts.push(`r.is_open = 1`);
  if (f.statuses && f.statuses.length > 0) inList('r.status', f.statuses);
  if (f.overdueReview) {
    parts.push(`r.next_review_on < ? AND r.is_open = 1`);
    params.push(today);
  }
  if (f.overdueAction) {
    parts.push(`r.open_action_due_on < ? AND r.is_open = 1`);
    params.push(today);
  }
  if (f.aboveAppetite) {
    parts.push(`r.above_appetite = 1 AND r.is_open = 1 AND (r.accepted_by IS NULL OR r.acceptance_expires_on < ?)`);
    params.push(today);
  }
  const words = (f.search ?? '').trim();
  if (words.length > 0) {
    parts.push(`r.title LIKE ? ESCAPE '\\'`);
    params.push(`%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (f.cell) {
    const [l, i] = f.cell.which === 'inherent' ? ['r.inherent_l', 'r.inherent_i'] : ['r.residual_l', 'r.residual_i'];
    parts.push(`${l} = ? AND ${i} = ?`);
    params.push(f.cell.likelihood, f.cell.impact);
  }
  // The is_open-led indexes (risks_title for the count) serve only queries that carry the "open" term.
  return {
    sql: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '',
    params,
    countFrom: words.length > 0 && openOnly ? 'risks r INDEXED BY risks_title' : 'risks r',
    openOnly,
  };
}

/** Cells of a register row, by position (raw arrays: a page is read at every scroll window). */
type RowCells = [
  id: number,
  initiativeId: number | null,
  initiativeName: string | null,
  title: string,
  category: RiskCategory,
  ownerId: number | null,
  ownerName: string | null,
  inherentL: number,
  inherentI: number,
  residualL: number,
  residualI: number,
  targetL: number | null,
  targetI: number | null,
  appetite: number,
  treatment: Treatment | null,
  status: RiskStatus,
  nextReviewOn: string,
  openActionDueOn: string | null,
  acceptanceExpiresOn: string | null,
];

const ROW_SELECT = `
  SELECT r.id, r.initiative_id, i.name, r.title, r.category, r.owner_id, p.name,
    r.inherent_l, r.inherent_i, r.residual_l, r.residual_i, r.target_l, r.target_i, r.appetite, r.treatment,
    r.status, r.next_review_on, r.open_action_due_on, r.acceptance_expires_on
  FROM risks r
  LEFT JOIN initiatives i ON i.id = r.initiative_id
  LEFT JOIN people p ON p.id = r.owner_id`;

function toRow(c: RowCells, today: string): RiskRow {
  const residual = pairOf(c[9], c[10]);
  const expires = c[18];
  return {
    id: c[0],
    ref: riskRef(c[0]),
    initiativeId: c[1],
    initiativeName: c[2],
    title: c[3],
    category: c[4],
    ownerId: c[5],
    ownerName: c[6],
    inherent: pairOf(c[7], c[8]),
    residual,
    target: c[11] !== null && c[12] !== null ? pairOf(c[11], c[12]) : null,
    appetite: c[13],
    treatment: c[14],
    status: c[15],
    nextReviewOn: c[16],
    openActionDueOn: c[17],
    acceptanceExpiresOn: expires,
    flags: riskFlags(
      {
        residualScore: residual.score,
        appetite: c[13],
        status: c[15],
        acceptance: expires === null ? null : { expiresOn: expires },
        nextReviewOn: c[16],
        openActionDueOn: c[17],
      },
      today,
    ),
  };
}

export interface PageQuery {
  filter: RiskFilter;
  sort: { key: RiskSortKey; dir: 'asc' | 'desc' };
  offset: number;
  limit: number;
}

function rawStmt(db: Db, sql: string): Statement {
  return stmt(db, sql).raw(true);
}

/** Above this many matches the window is read in index order (see listRiskPage). */
const DENSE_MATCHES = 2_000;
/** Sort keys whose order an is_open-led index gives directly (ties broken by id, the rowid). */
const ORDER_INDEX: Partial<Record<RiskSortKey, string>> = {
  residualScore: 'risks_residual',
  title: 'risks_title',
  nextReviewOn: 'risks_next_review',
};

/** One window of the register plus the count of all matching rows (two statements, one read transaction). */
export function listRiskPage(db: Db, q: PageQuery, today: string): { total: number; rows: RiskRow[] } {
  const w = whereOf(q.filter, today);
  const dir = q.sort.dir === 'asc' ? 'ASC' : 'DESC';
  // NULLs (no open action) sort last either way: "due first" should not start with the risks that have none.
  const col = SORT_COLUMNS[q.sort.key];
  const nulls = q.sort.key === 'openActionDueOn' ? `${col} IS NULL, ` : '';
  const order = `ORDER BY ${nulls}${col} ${dir}${q.sort.key === 'id' ? '' : `, r.id ${dir}`}`;
  const read = db.transaction(() => {
    const total = (rawStmt(db, `SELECT count(*) FROM ${w.countFrom} ${w.sql}`).get(...w.params) as [number])[0];
    // A dense filter (many matches) reads fastest by walking the sort's index in order and stopping at the
    // window; the planner, without statistics, may instead fetch every match and sort it (~30× slower at
    // 36,000 matches). A sparse one is best found through its filter's index and sorted.
    const walk = w.openOnly && total >= DENSE_MATCHES ? ORDER_INDEX[q.sort.key] : undefined;
    const from = walk ? ROW_SELECT.replace('FROM risks r', `FROM risks r INDEXED BY ${walk}`) : ROW_SELECT;
    const cells = rawStmt(db, `${from} ${w.sql} ${order} LIMIT ? OFFSET ?`).all(
      ...w.params,
      q.limit,
      q.offset,
    ) as RowCells[];
    return { total, rows: cells.map((c) => toRow(c, today)) };
  });
  return read();
}

/** Counts per (likelihood, impact) cell of open risks: `counts[l - 1][i - 1]`. */
export function heatmapCounts(
  db: Db,
  which: HeatmapWhich,
  initiativeId?: number,
): { counts: number[][]; total: number } {
  const [l, i] = which === 'inherent' ? ['inherent_l', 'inherent_i'] : ['residual_l', 'residual_i'];
  const scope = initiativeId === undefined ? '' : 'initiative_id = ? AND ';
  const cells = rawStmt(db, `SELECT ${l}, ${i}, count(*) FROM risks WHERE ${scope}is_open = 1 GROUP BY ${l}, ${i}`).all(
    ...(initiativeId === undefined ? [] : [initiativeId]),
  ) as [number, number, number][];
  const counts = Array.from({ length: 5 }, () => [0, 0, 0, 0, 0]);
  let total = 0;
  for (const [cl, ci, n] of cells) {
    const row = counts[cl - 1];
    if (row && ci >= 1 && ci <= 5) {
      row[ci - 1] = n;
      total += n;
    }
  }
  return { counts, total };
}

/** The raw SQL the portfolio heatmap runs, for the bench baseline. */
export const HEATMAP_BASELINE_SQL = `SELECT residual_l, residual_i, count(*) FROM risks WHERE is_open = 1 GROUP BY residual_l, residual_i`;

export function nextReviewCadenceOf(
  rec: Pick<RiskRecord, 'review_cadence' | 'residual_l' | 'residual_i'>,
): ReviewCadence {
  return effectiveCadence(rec.review_cadence, rec.residual_l * rec.residual_i);
}

/** Every risk of the file with its initiative id, for the CLI (all rows, id order). */
export function listAllRiskRecords(db: Db, initiativeId?: number): RiskRecord[] {
  return initiativeId === undefined
    ? (stmt(db, `${SELECT_RISK} ORDER BY id`).all() as RiskRecord[])
    : listInitiativeRiskRecords(db, initiativeId);
}
