import type { Person, PersonRow } from '../../../shared/domain/person';
import type { Db } from '../db/sqlite';

export interface PersonRecord {
  id: number;
  name: string;
  email: string;
  title: string;
  business_unit: string;
  created_at: string;
  updated_at: string;
}

export function toPerson(r: PersonRecord): Person {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    title: r.title,
    businessUnit: r.business_unit,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function listPeople(db: Db): PersonRow[] {
  const rows = db
    .prepare(
      `SELECT p.*,
         (SELECT count(*) FROM initiatives WHERE sponsor_id = p.id)
       + (SELECT count(*) FROM initiatives WHERE product_owner_id = p.id)
       + (SELECT count(*) FROM initiatives WHERE tech_lead_id = p.id) AS owned_count
       FROM people p ORDER BY p.name COLLATE NOCASE, p.id`,
    )
    .all() as (PersonRecord & { owned_count: number })[];
  return rows.map((r) => ({ ...toPerson(r), ownedCount: r.owned_count }));
}

export function getPersonRecord(db: Db, id: number): PersonRecord | null {
  return (db.prepare('SELECT * FROM people WHERE id = ?').get(id) as PersonRecord | undefined) ?? null;
}

export function insertPerson(db: Db, rec: Omit<PersonRecord, 'id'> & { id?: number }): number {
  const sql =
    rec.id === undefined
      ? 'INSERT INTO people (name, email, title, business_unit, created_at, updated_at) VALUES (@name, @email, @title, @business_unit, @created_at, @updated_at)'
      : 'INSERT INTO people (id, name, email, title, business_unit, created_at, updated_at) VALUES (@id, @name, @email, @title, @business_unit, @created_at, @updated_at)';
  return Number(db.prepare(sql).run(rec).lastInsertRowid);
}

export function updatePerson(db: Db, rec: PersonRecord): void {
  db.prepare(
    'UPDATE people SET name = @name, email = @email, title = @title, business_unit = @business_unit, created_at = @created_at, updated_at = @updated_at WHERE id = @id',
  ).run(rec);
}

export function deletePerson(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM people WHERE id = ?').run(id).changes > 0;
}

export function countOwnedBy(db: Db, id: number): number {
  return (
    db
      .prepare(
        `SELECT (SELECT count(*) FROM initiatives WHERE sponsor_id = @id)
              + (SELECT count(*) FROM initiatives WHERE product_owner_id = @id)
              + (SELECT count(*) FROM initiatives WHERE tech_lead_id = @id) AS n`,
      )
      .get({ id }) as { n: number }
  ).n;
}

export function personExists(db: Db, id: number): boolean {
  return db.prepare('SELECT 1 FROM people WHERE id = ?').get(id) !== undefined;
}
