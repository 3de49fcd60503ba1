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

/**
 * Runs a bulk load into an empty file with the secondary indexes built afterwards: SQLite builds an
 * index from sorted keys far faster than it maintains it row by row (the demo's risks alone carry ten).
 * The indexes are recreated from their own stored SQL, so the schema ends byte-for-byte as the migrations
 * left it, and a UNIQUE index that the data breaks fails its CREATE and with it the whole load. Call it
 * inside the load's transaction: DDL is transactional, so a failure restores the indexes too.
 */
export function withIndexesBuiltAfter(db: Db, load: () => void): void {
  if (!db.inTransaction) throw new Error('withIndexesBuiltAfter must run inside a transaction');
  const indexes = db
    .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL ORDER BY name`)
    .all() as { name: string; sql: string }[];
  for (const { name } of indexes) db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
  load();
  for (const { sql } of indexes) db.exec(sql);
}
