import type { Migration } from './types';

const TYPES = `'copilot','chatbot','predictive','recommendation','document_intelligence','autonomous_agent','other'`;
const PHASES = `'STRATEGY','DATA_FOUNDATION','ARCHITECTURE','DEVELOP_VALIDATE','PRODUCTION_DEPLOY','MONITOR_OBSERVE','SCALE_OPTIMIZE'`;
const STATUSES = `'active','on_hold','killed','retired'`;
const TIERS = `'unclassified','prohibited','high','limited','minimal'`;

export const m0010Initial: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE people (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        email         TEXT NOT NULL DEFAULT '',
        title         TEXT NOT NULL DEFAULT '',
        business_unit TEXT NOT NULL DEFAULT '',
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;

      CREATE TABLE initiatives (
        id               INTEGER PRIMARY KEY,
        name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description      TEXT NOT NULL DEFAULT '',
        business_unit    TEXT NOT NULL DEFAULT '',
        type             TEXT NOT NULL CHECK (type IN (${TYPES})),
        phase            TEXT NOT NULL CHECK (phase IN (${PHASES})),
        status           TEXT NOT NULL CHECK (status IN (${STATUSES})),
        risk_tier        TEXT NOT NULL CHECK (risk_tier IN (${TIERS})),
        tags             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags) AND json_type(tags) = 'array'),
        sponsor_id       INTEGER REFERENCES people(id) ON DELETE RESTRICT,
        product_owner_id INTEGER REFERENCES people(id) ON DELETE RESTRICT,
        tech_lead_id     INTEGER REFERENCES people(id) ON DELETE RESTRICT,
        planned_start    TEXT,
        planned_end      TEXT,
        actual_start     TEXT,
        actual_end       TEXT,
        phase_entered_at TEXT NOT NULL,
        archived_at      TEXT,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
      ) STRICT;

      -- The portfolio query: live (or all) initiatives ordered by name.
      CREATE INDEX initiatives_portfolio ON initiatives (archived_at, name COLLATE NOCASE);
      -- Owner look-ups (people directory counts, delete checks) must not scan.
      CREATE INDEX initiatives_sponsor ON initiatives (sponsor_id) WHERE sponsor_id IS NOT NULL;
      CREATE INDEX initiatives_product_owner ON initiatives (product_owner_id) WHERE product_owner_id IS NOT NULL;
      CREATE INDEX initiatives_tech_lead ON initiatives (tech_lead_id) WHERE tech_lead_id IS NOT NULL;

      CREATE TABLE phase_transitions (
        id            INTEGER PRIMARY KEY,
        initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
        from_phase    TEXT CHECK (from_phase IS NULL OR from_phase IN (${PHASES})),
        to_phase      TEXT NOT NULL CHECK (to_phase IN (${PHASES})),
        at            TEXT NOT NULL,
        by            TEXT NOT NULL,
        reason        TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX phase_transitions_initiative ON phase_transitions (initiative_id, at);

      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
