import type { Migration } from './types';

/**
 * Spreadsheet import profiles and status-pack exports (issue 7).
 *
 * - `import_profiles` are the user's saved column mappings (the built-in ones live in code). `profile_json` is a
 *   MappingProfile as validated by its zod schema.
 * - `export_snapshots` answers "what did we tell the board in March": the frozen PackSnapshot a file was
 *   rendered from, its SHA-256, and the written file's SHA-256 and size. Rows are never changed or deleted.
 */
export const m0110ImportExport: Migration = {
  version: 110,
  name: 'import profiles and export snapshots',
  up(db) {
    db.exec(`
      CREATE TABLE import_profiles (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(name) BETWEEN 1 AND 80),
        profile_json TEXT NOT NULL CHECK (json_valid(profile_json)),
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE export_snapshots (
        id              INTEGER PRIMARY KEY,
        created_at      TEXT NOT NULL,
        created_by      TEXT NOT NULL,
        format          TEXT NOT NULL CHECK (format IN ('pdf','pptx','xlsx','md','csv')),
        scope_label     TEXT NOT NULL,
        scope_json      TEXT NOT NULL CHECK (json_valid(scope_json)),
        file_name       TEXT NOT NULL,
        file_sha256     TEXT NOT NULL CHECK (length(file_sha256) = 64),
        file_bytes      INTEGER NOT NULL CHECK (file_bytes >= 0),
        snapshot_json   TEXT NOT NULL CHECK (json_valid(snapshot_json)),
        snapshot_sha256 TEXT NOT NULL CHECK (length(snapshot_sha256) = 64)
      ) STRICT;
      CREATE INDEX export_snapshots_created ON export_snapshots (created_at);

      CREATE TRIGGER export_snapshots_no_update BEFORE UPDATE ON export_snapshots
      BEGIN SELECT RAISE(ABORT, 'export snapshots are frozen: they cannot be changed'); END;
      CREATE TRIGGER export_snapshots_no_delete BEFORE DELETE ON export_snapshots
      BEGIN SELECT RAISE(ABORT, 'export snapshots are frozen: they cannot be deleted'); END;
    `);
  },
};
