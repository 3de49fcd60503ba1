import type { Db } from '../db/sqlite';

/**
 * Inserts rows that all share the first row's keys, many rows per statement: the per-statement cost
 * (bind, step, reset across the native boundary) dominated one-row inserts of these wide rows.
 */
const ROWS_PER_INSERT = 64;
export function insertAll(db: Db, table: string, rows: readonly object[]): void {
  const first = rows[0];
  if (!first) return;
  const cols = Object.keys(first);
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const sql = (n: number) =>
    `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${new Array<string>(n).fill(tuple).join(', ')}`;
  const full = db.prepare<unknown[]>(sql(ROWS_PER_INSERT));
  const values: unknown[] = [];
  const flush = (stmt: typeof full) => {
    stmt.run(values);
    values.length = 0;
  };
  let inBatch = 0;
  for (const row of rows) {
    const rec = row as Record<string, unknown>;
    for (const c of cols) values.push(rec[c]);
    if (++inBatch === ROWS_PER_INSERT) {
      flush(full);
      inBatch = 0;
    }
  }
  if (inBatch > 0) flush(db.prepare<unknown[]>(sql(inBatch)));
}
