import { mappingProfileSchema, type MappingProfile, type ProfileInfo } from '../../../shared/domain/import/types';
import type { Db } from '../db/sqlite';

/** A saved mapping profile as SQLite returns it (migration 0110). */
export interface ImportProfileRecord {
  id: number;
  name: string;
  profile_json: string;
  created_at: string;
  updated_at: string;
}

/** Saved profiles are listed as 'saved:N' so they can sit in one list with the built-in ones. */
export const SAVED_PREFIX = 'saved:';

export function savedProfileId(id: number): string {
  return `${SAVED_PREFIX}${id}`;
}

/** The row id behind 'saved:N', or null for any other id. */
export function parseSavedProfileId(id: string): number | null {
  if (!id.startsWith(SAVED_PREFIX)) return null;
  const raw = id.slice(SAVED_PREFIX.length);
  if (!/^[1-9]\d{0,15}$/.test(raw)) return null;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * A stored profile as listed. The JSON is parsed through the schema again: a row written by an older version
 * (or edited by hand) that no longer validates is skipped by the caller rather than breaking the list.
 */
export function toProfileInfo(r: ImportProfileRecord): ProfileInfo | null {
  let raw: unknown;
  try {
    raw = JSON.parse(r.profile_json);
  } catch {
    return null;
  }
  const parsed = mappingProfileSchema.safeParse(raw);
  if (!parsed.success) return null;
  // The row's name is the one that is unique; it wins over whatever the JSON says.
  return { ...parsed.data, name: r.name, id: savedProfileId(r.id), builtIn: false };
}

export function listImportProfileRecords(db: Db): ImportProfileRecord[] {
  return db.prepare('SELECT * FROM import_profiles ORDER BY name COLLATE NOCASE, id').all() as ImportProfileRecord[];
}

export function listSavedProfiles(db: Db): ProfileInfo[] {
  const out: ProfileInfo[] = [];
  for (const r of listImportProfileRecords(db)) {
    const p = toProfileInfo(r);
    if (p) out.push(p);
  }
  return out;
}

export function getImportProfileRecord(db: Db, id: number): ImportProfileRecord | null {
  return (db.prepare('SELECT * FROM import_profiles WHERE id = ?').get(id) as ImportProfileRecord | undefined) ?? null;
}

/** Case-insensitive, like the column's collation. */
export function findImportProfileByName(db: Db, name: string): ImportProfileRecord | null {
  return (
    (db.prepare('SELECT * FROM import_profiles WHERE name = ? COLLATE NOCASE').get(name) as
      ImportProfileRecord | undefined) ?? null
  );
}

export function insertImportProfile(db: Db, profile: MappingProfile, at: string): number {
  const info = db
    .prepare('INSERT INTO import_profiles (name, profile_json, created_at, updated_at) VALUES (@name, @json, @at, @at)')
    .run({ name: profile.name, json: JSON.stringify(profile), at });
  return Number(info.lastInsertRowid);
}

export function updateImportProfile(db: Db, id: number, profile: MappingProfile, at: string): boolean {
  return (
    db
      .prepare('UPDATE import_profiles SET name = @name, profile_json = @json, updated_at = @at WHERE id = @id')
      .run({ id, name: profile.name, json: JSON.stringify(profile), at }).changes > 0
  );
}

export function deleteImportProfile(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM import_profiles WHERE id = ?').run(id).changes > 0;
}
