import type { ActualSide, ActualSource, RoiActual } from '../../../shared/domain/roiActuals';
import type { Db } from '../db/sqlite';

/** A roi_actuals row as stored (migration 0080). */
export interface RoiActualRecord {
  id: number;
  initiative_id: number;
  month: string;
  side: ActualSide;
  category: string;
  amount: number;
  note: string;
  source: ActualSource;
  created_at: string;
  updated_at: string;
}

const COLUMNS = [
  'id',
  'initiative_id',
  'month',
  'side',
  'category',
  'amount',
  'note',
  'source',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof RoiActualRecord)[];

export function toActual(r: RoiActualRecord): RoiActual {
  return {
    id: r.id,
    initiativeId: r.initiative_id,
    month: r.month,
    side: r.side,
    category: r.category,
    amount: r.amount,
    note: r.note,
    source: r.source,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getActualRecord(db: Db, id: number): RoiActualRecord | null {
  return (db.prepare('SELECT * FROM roi_actuals WHERE id = ?').get(id) as RoiActualRecord | undefined) ?? null;
}

/** An initiative's entries, newest month first (costs before benefits within a month). */
export function listActualRecords(db: Db, initiativeId: number): RoiActualRecord[] {
  return db
    .prepare('SELECT * FROM roi_actuals WHERE initiative_id = ? ORDER BY month DESC, side DESC, category, id')
    .all(initiativeId) as RoiActualRecord[];
}

const placeholders = COLUMNS.map((c) => `@${c}`).join(', ');

/** Inserts a row with its id (a new entry passes id: null and gets one). */
export function insertActual(db: Db, r: Omit<RoiActualRecord, 'id'> & { id: number | null }): number {
  return Number(
    db.prepare(`INSERT INTO roi_actuals (${COLUMNS.join(', ')}) VALUES (${placeholders})`).run(r).lastInsertRowid,
  );
}

export function updateActual(db: Db, r: RoiActualRecord): void {
  const sets = COLUMNS.filter((c) => c !== 'id')
    .map((c) => `${c} = @${c}`)
    .join(', ');
  db.prepare(`UPDATE roi_actuals SET ${sets} WHERE id = @id`).run(r);
}

export function deleteActual(db: Db, id: number): void {
  db.prepare('DELETE FROM roi_actuals WHERE id = ?').run(id);
}

/**
 * Actual cost and realised benefit per initiative, for the portfolio roll-up: one pass over the covering
 * index roi_actuals_sums, in initiative order.
 */
export const ACTUAL_SUMS_SQL = `
  SELECT initiative_id,
         total(CASE WHEN side = 'cost' THEN amount END) AS actual_cost,
         total(CASE WHEN side = 'benefit' THEN amount END) AS realised_value
  FROM roi_actuals
  GROUP BY initiative_id`;
