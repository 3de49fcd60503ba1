import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/sqlite';
import { openOrThrow } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { insertAll, withIndexesBuiltAfter } from './bulkInsert';
import { generateDemo, writeDemo } from './generate';

const temp = new TempDirs();
afterEach(() => temp.cleanup());
const now = new Date('2026-03-02T09:00:00.000Z');

const schema = (db: Db) => db.prepare(`SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name`).all();

describe('withIndexesBuiltAfter', () => {
  it('leaves the schema exactly as the migrations made it, indexes included and used', () => {
    const db = openOrThrow(join(temp.make(), 'demo.flightdeck'));
    try {
      const before = schema(db);
      writeDemo(db, generateDemo({ size: 200, seed: 7, now }));
      expect(schema(db)).toEqual(before);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const plan = db.prepare(`EXPLAIN QUERY PLAN SELECT * FROM phase_transitions WHERE initiative_id = 3`).all() as {
        detail: string;
      }[];
      expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX phase_transitions_initiative/);
    } finally {
      db.close();
    }
  });

  it('a load that breaks a UNIQUE index fails whole: no rows, every index back', () => {
    const db = openOrThrow(join(temp.make(), 'dup.flightdeck'));
    try {
      db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT NOT NULL); CREATE UNIQUE INDEX t_k ON t (k);`);
      const before = schema(db);
      const load = db.transaction(() =>
        withIndexesBuiltAfter(db, () =>
          insertAll(db, 't', [
            { id: 1, k: 'same' },
            { id: 2, k: 'same' },
          ]),
        ),
      );
      expect(() => load()).toThrow(/UNIQUE/);
      expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(0);
      expect(schema(db)).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('refuses to run outside a transaction (the index drops would not be undone on failure)', () => {
    const db = openOrThrow(join(temp.make(), 'bare.flightdeck'));
    try {
      expect(() => withIndexesBuiltAfter(db, () => undefined)).toThrow(/inside a transaction/);
    } finally {
      db.close();
    }
  });
});
