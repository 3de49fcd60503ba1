import type { Migration } from './types';

const PHASES = `'STRATEGY','DATA_FOUNDATION','ARCHITECTURE','DEVELOP_VALIDATE','PRODUCTION_DEPLOY','MONITOR_OBSERVE','SCALE_OPTIMIZE'`;
const GATES = `'G1','G2','G3','G4','G5','G6','G7'`;
const DECISIONS = `'GO','CONDITIONAL_GO','HOLD','RECYCLE','KILL','DEFER'`;
const RESULTS = `'MET','PARTIAL','NOT_MET','NA','WAIVED'`;
const ROLES = `'CHAIR','BUSINESS_SPONSOR','AI_PRODUCT_OWNER','TECH_LEAD','SECURITY','PRIVACY','LEGAL','RISK','FINANCE','OPS','AI_GOVERNANCE_BOARD'`;
/** YYYY-MM-DD; the zod schemas check it is a real day, this keeps other writers from storing junk. */
const isDate = (col: string) => `${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;
const isBool = (col: string) => `${col} IN (0, 1)`;

/**
 * Stage-gate reviews (domain.md §3.1, §6): one review per gate passage with its criterion results,
 * evidence, sign-offs and the conditions of a Conditional go. A phase move now records whether it was a
 * gate decision (gate_review_id) or a marked override (is_override).
 */
export const m0040GateReviews: Migration = {
  version: 40,
  name: 'gate reviews',
  up(db) {
    db.exec(`
      CREATE TABLE gate_reviews (
        id                INTEGER PRIMARY KEY,
        initiative_id     INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
        gate              TEXT NOT NULL CHECK (gate IN (${GATES})),
        catalogue_version TEXT NOT NULL CHECK (length(catalogue_version) BETWEEN 1 AND 40),
        status            TEXT NOT NULL CHECK (status IN ('open','decided','cancelled')),
        from_phase        TEXT NOT NULL CHECK (from_phase IN (${PHASES})),
        to_phase          TEXT NOT NULL CHECK (to_phase IN (${PHASES})),
        requested_at      TEXT NOT NULL,
        requested_by      TEXT NOT NULL,
        scheduled_date    TEXT CHECK (scheduled_date IS NULL OR ${isDate('scheduled_date')}),
        decision          TEXT CHECK (decision IS NULL OR decision IN (${DECISIONS})),
        decided_at        TEXT,
        decided_by        TEXT,
        is_override       INTEGER NOT NULL DEFAULT 0 CHECK (${isBool('is_override')}),
        override_reason   TEXT,
        notes             TEXT NOT NULL DEFAULT '',
        score_at_decision REAL CHECK (score_at_decision IS NULL OR score_at_decision BETWEEN 0 AND 1),
        updated_at        TEXT NOT NULL,
        -- A decided review has its decision, who and when; an open or cancelled one has none.
        CHECK ((status = 'decided') = (decision IS NOT NULL AND decided_at IS NOT NULL AND decided_by IS NOT NULL)),
        CHECK (is_override = 0 OR (override_reason IS NOT NULL AND length(override_reason) > 0))
      ) STRICT;
      -- One open review per initiative at a time.
      CREATE UNIQUE INDEX gate_reviews_one_open ON gate_reviews (initiative_id) WHERE status = 'open';
      -- An initiative's reviews, newest first.
      CREATE INDEX gate_reviews_initiative ON gate_reviews (initiative_id, requested_at);
      -- The board: open reviews across the portfolio.
      CREATE INDEX gate_reviews_open ON gate_reviews (requested_at) WHERE status = 'open';

      CREATE TABLE gate_criterion_results (
        review_id     INTEGER NOT NULL REFERENCES gate_reviews(id) ON DELETE CASCADE,
        criterion_id  TEXT NOT NULL CHECK (length(criterion_id) BETWEEN 1 AND 40),
        result        TEXT NOT NULL CHECK (result IN (${RESULTS})),
        score         INTEGER CHECK (score IS NULL OR score BETWEEN 0 AND 4),
        waiver_reason TEXT NOT NULL DEFAULT '',
        note          TEXT NOT NULL DEFAULT '',
        updated_at    TEXT NOT NULL,
        updated_by    TEXT NOT NULL,
        CHECK (result <> 'WAIVED' OR length(waiver_reason) > 0),
        PRIMARY KEY (review_id, criterion_id)
      ) STRICT;

      CREATE TABLE gate_evidence (
        id           INTEGER PRIMARY KEY,
        review_id    INTEGER NOT NULL REFERENCES gate_reviews(id) ON DELETE CASCADE,
        criterion_id TEXT CHECK (criterion_id IS NULL OR length(criterion_id) BETWEEN 1 AND 40),
        kind         TEXT NOT NULL CHECK (kind IN ('file','link','note')),
        title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 255),
        file_name    TEXT,
        sha256       TEXT CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
        size_bytes   INTEGER CHECK (size_bytes IS NULL OR size_bytes >= 0),
        url          TEXT,
        note         TEXT,
        valid_until  TEXT CHECK (valid_until IS NULL OR ${isDate('valid_until')}),
        added_by     TEXT NOT NULL,
        added_at     TEXT NOT NULL,
        CHECK (kind <> 'file' OR (file_name IS NOT NULL AND sha256 IS NOT NULL AND size_bytes IS NOT NULL)),
        CHECK (kind <> 'link' OR url IS NOT NULL),
        CHECK (kind <> 'note' OR note IS NOT NULL)
      ) STRICT;
      CREATE INDEX gate_evidence_review ON gate_evidence (review_id, id);
      -- "Does another row still use this file?" when a failed or removed attachment is cleaned up.
      CREATE INDEX gate_evidence_sha256 ON gate_evidence (sha256) WHERE sha256 IS NOT NULL;

      CREATE TABLE gate_signoffs (
        id        INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES gate_reviews(id) ON DELETE CASCADE,
        role      TEXT NOT NULL CHECK (role IN (${ROLES})),
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
        vote      TEXT NOT NULL CHECK (vote IN ('APPROVE','REJECT','ABSTAIN')),
        comment   TEXT NOT NULL DEFAULT '',
        signed_at TEXT NOT NULL,
        UNIQUE (review_id, role, person_id)
      ) STRICT;
      -- Person delete checks (RESTRICT) must not scan.
      CREATE INDEX gate_signoffs_person ON gate_signoffs (person_id);

      CREATE TABLE gate_conditions (
        id        INTEGER PRIMARY KEY,
        review_id INTEGER NOT NULL REFERENCES gate_reviews(id) ON DELETE CASCADE,
        text      TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 1000),
        owner_id  INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
        due_date  TEXT NOT NULL CHECK (${isDate('due_date')}),
        status    TEXT NOT NULL CHECK (status IN ('open','met','waived')),
        closed_at TEXT,
        note      TEXT NOT NULL DEFAULT '',
        CHECK ((status = 'open') = (closed_at IS NULL))
      ) STRICT;
      CREATE INDEX gate_conditions_review ON gate_conditions (review_id, id);
      -- Open conditions across the portfolio, due first.
      CREATE INDEX gate_conditions_open ON gate_conditions (due_date) WHERE status = 'open';
      CREATE INDEX gate_conditions_owner ON gate_conditions (owner_id);

      -- A phase move is either a gate decision (the review's id) or a marked override.
      ALTER TABLE phase_transitions ADD COLUMN gate_review_id INTEGER;
      ALTER TABLE phase_transitions ADD COLUMN is_override INTEGER NOT NULL DEFAULT 0 CHECK (${isBool('is_override')});
    `);
  },
};
