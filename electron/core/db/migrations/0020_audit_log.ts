import type { Migration } from './types';

/**
 * The audit trail: one append-only, hash-chained row per change to a record (see core/audit/).
 * `seq` is assigned by the writer (head + 1), not by SQLite, because it is part of the hashed content.
 */
export const m0020AuditLog: Migration = {
  version: 20,
  name: 'audit log',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq         INTEGER PRIMARY KEY,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        action      TEXT NOT NULL,
        label       TEXT NOT NULL DEFAULT '',
        entity_kind TEXT NOT NULL,
        entity_id   INTEGER NOT NULL,
        before_json TEXT CHECK (before_json IS NULL OR json_valid(before_json)),
        after_json  TEXT CHECK (after_json IS NULL OR json_valid(after_json)),
        prev_hash   TEXT NOT NULL,
        hash        TEXT NOT NULL
      ) STRICT;

      -- The per-initiative (per-entity) timeline, newest first, without a sort step.
      CREATE INDEX audit_log_entity ON audit_log (entity_kind, entity_id, seq);

      -- The app never rewrites history; only someone editing the file outside the app (dropping these
      -- first) can, and that is what verifyAuditChain detects.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be changed'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: entries cannot be deleted'); END;
    `);
  },
};
