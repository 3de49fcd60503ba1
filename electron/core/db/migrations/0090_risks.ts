import type { Migration } from './types';

/** Spelled out rather than imported: a migration is frozen once shipped, whatever the catalogue becomes. */
const CATEGORIES = `'STRATEGIC_VALUE','DATA','MODEL_PERFORMANCE','SECURITY','PRIVACY','FAIRNESS_BIAS','SAFETY',
  'TRANSPARENCY_EXPLAINABILITY','LEGAL_REGULATORY','THIRD_PARTY_VENDOR','OPERATIONAL_RELIABILITY','FINANCIAL_COST',
  'PEOPLE_ADOPTION_CHANGE','REPUTATIONAL','AGENTIC_AUTONOMY','ENVIRONMENTAL'`;
const TREATMENTS = `'AVOID','MITIGATE','TRANSFER_SHARE','ACCEPT_RETAIN','ESCALATE','EXPLOIT','ENHANCE'`;
const STATUSES = `'IDENTIFIED','ASSESSED','TREATMENT_PLANNED','IN_TREATMENT','MONITORING','ACCEPTED','CLOSED','REALIZED_ISSUE'`;
const CADENCES = `'MONTHLY','QUARTERLY','SEMI_ANNUAL','ANNUAL'`;
const FRAMEWORKS = `'ISO42001_ANNEX_A','NIST_AI_RMF','NIST_AI_600_1','EU_AI_ACT','OWASP_LLM_2025','OWASP_AGENTIC_2026','INTERNAL'`;
/** YYYY-MM-DD; the zod schema checks it is a real day, this keeps other writers from storing junk. */
const isDate = (col: string) => `${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;
const lvl = (col: string) => `${col} INTEGER NOT NULL CHECK (${col} BETWEEN 1 AND 5)`;

/**
 * The risk register (domain.md §2, issue 5). A risk belongs to an initiative (cascading with it; undo of
 * the initiative's delete brings it back, see history.ts) or to the portfolio (initiative_id NULL).
 *
 * Scores, "above appetite", "open" and the review day are generated columns (STORED) of the levels and
 * dates they derive from, so they can never disagree with them (and never be NaN), and indexes can use them.
 * `open_action_due_on` is the earliest due date of the risk's open actions, kept by the service in the
 * same transaction as every action write: the "overdue action" filter and the radar read one indexed
 * column instead of a correlated subquery per row over 100,000 risks.
 *
 * Indexes are sized for the register at 100,000 risks (bench: tools/bench/rows/risks.ts): every register
 * index leads with is_open (closed risks are out unless asked for), so a filter's count reads one index
 * range and the default order (residual score, then id) is an index walk; one index serves both heatmaps.
 */
export const m0090Risks: Migration = {
  version: 90,
  name: 'risk register',
  up(db) {
    db.exec(`
      CREATE TABLE risks (
        id                    INTEGER PRIMARY KEY,
        initiative_id         INTEGER REFERENCES initiatives(id) ON DELETE CASCADE,
        title                 TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        category              TEXT NOT NULL CHECK (category IN (${CATEGORIES})),
        owner_id              INTEGER REFERENCES people(id) ON DELETE RESTRICT,
        ${lvl('inherent_l')},
        ${lvl('inherent_i')},
        ${lvl('residual_l')},
        ${lvl('residual_i')},
        target_l              INTEGER CHECK (target_l IS NULL OR target_l BETWEEN 1 AND 5),
        target_i              INTEGER CHECK (target_i IS NULL OR target_i BETWEEN 1 AND 5),
        appetite              INTEGER NOT NULL CHECK (appetite BETWEEN 1 AND 25),
        treatment             TEXT CHECK (treatment IS NULL OR treatment IN (${TREATMENTS})),
        status                TEXT NOT NULL CHECK (status IN (${STATUSES})),
        review_cadence        TEXT CHECK (review_cadence IS NULL OR review_cadence IN (${CADENCES})),
        identified_on         TEXT NOT NULL CHECK (${isDate('identified_on')}),
        last_reviewed_on      TEXT CHECK (last_reviewed_on IS NULL OR ${isDate('last_reviewed_on')}),
        next_review_on        TEXT NOT NULL CHECK (${isDate('next_review_on')}),
        open_action_due_on    TEXT CHECK (open_action_due_on IS NULL OR ${isDate('open_action_due_on')}),
        accepted_by           INTEGER REFERENCES people(id) ON DELETE RESTRICT,
        accepted_on           TEXT CHECK (accepted_on IS NULL OR ${isDate('accepted_on')}),
        acceptance_expires_on TEXT CHECK (acceptance_expires_on IS NULL OR ${isDate('acceptance_expires_on')}),
        acceptance_reason     TEXT NOT NULL DEFAULT '' CHECK (length(acceptance_reason) <= 2000),
        library_id            TEXT CHECK (library_id IS NULL OR length(library_id) BETWEEN 1 AND 80),
        taxonomy_refs         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(taxonomy_refs) AND json_type(taxonomy_refs) = 'array'),
        created_at            TEXT NOT NULL,
        updated_at            TEXT NOT NULL,
        -- Free text last: the register's rows and its indexes never read it.
        description           TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
        cause                 TEXT NOT NULL DEFAULT '' CHECK (length(cause) <= 1000),
        event                 TEXT NOT NULL DEFAULT '' CHECK (length(event) <= 1000),
        consequence           TEXT NOT NULL DEFAULT '' CHECK (length(consequence) <= 1000),
        inherent_score        INTEGER GENERATED ALWAYS AS (inherent_l * inherent_i) STORED,
        residual_score        INTEGER GENERATED ALWAYS AS (residual_l * residual_i) STORED,
        target_score          INTEGER GENERATED ALWAYS AS (target_l * target_i) STORED,
        -- Residual above the risk's appetite (§2.2 within_appetite, negated), indexable for the register filter.
        above_appetite        INTEGER GENERATED ALWAYS AS (residual_l * residual_i > appetite) STORED,
        -- Not closed: what the register, heatmaps and radar look at unless asked otherwise.
        is_open               INTEGER GENERATED ALWAYS AS (status <> 'CLOSED') STORED,
        -- The last review, or the day identified (the first assessment): what "no risk review in 90 d" reads.
        reviewed_on           TEXT GENERATED ALWAYS AS (coalesce(last_reviewed_on, identified_on)) STORED,
        -- A target is a pair or nothing; controls never add risk (see shared/domain/risk/risk.ts).
        CHECK ((target_l IS NULL) = (target_i IS NULL)),
        CHECK (residual_l * residual_i <= inherent_l * inherent_i),
        CHECK (target_l IS NULL OR target_l * target_i <= residual_l * residual_i),
        -- An acceptance is approver, date and expiry together, expiring after it was given.
        CHECK ((accepted_by IS NULL) = (acceptance_expires_on IS NULL)
           AND (accepted_by IS NULL) = (accepted_on IS NULL)),
        CHECK (acceptance_expires_on IS NULL OR acceptance_expires_on > accepted_on)
      ) STRICT;
      -- Foreign keys (cascade with the initiative, RESTRICT on people) need full indexes.
      CREATE INDEX risks_initiative ON risks (initiative_id, is_open, residual_score, reviewed_on);
      CREATE INDEX risks_owner ON risks (owner_id, is_open, residual_score);
      CREATE INDEX risks_accepted_by ON risks (accepted_by) WHERE accepted_by IS NOT NULL;
      -- The register shows open risks unless asked otherwise: its indexes lead with is_open, so a filter's
      -- count is read from the index alone and the default order (residual score, then id, both descending)
      -- is the index order, with no sort.
      CREATE INDEX risks_residual ON risks (is_open, residual_score);
      CREATE INDEX risks_category ON risks (is_open, category, residual_score);
      CREATE INDEX risks_next_review ON risks (is_open, next_review_on);
      CREATE INDEX risks_action_due ON risks (is_open, open_action_due_on) WHERE open_action_due_on IS NOT NULL;
      CREATE INDEX risks_above_appetite
        ON risks (is_open, above_appetite, residual_score, accepted_by, acceptance_expires_on);
      CREATE INDEX risks_title ON risks (is_open, title);
      -- The heatmaps: count per (L, I) cell of open risks from one index, the residual map in its order (no
      -- sort), the inherent map from the same entries (a sort of small keys; one index less to keep).
      CREATE INDEX risks_heat ON risks (is_open, residual_l, residual_i, inherent_l, inherent_i);

      CREATE TABLE risk_actions (
        id           INTEGER PRIMARY KEY,
        risk_id      INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
        description  TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 1000),
        owner_id     INTEGER NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
        due_on       TEXT NOT NULL CHECK (${isDate('due_on')}),
        status       TEXT NOT NULL CHECK (status IN ('PLANNED','IN_PROGRESS','DONE','CANCELLED')),
        completed_on TEXT CHECK (completed_on IS NULL OR ${isDate('completed_on')}),
        evidence     TEXT NOT NULL DEFAULT '' CHECK (length(evidence) <= 2000)
      ) STRICT;
      CREATE INDEX risk_actions_risk ON risk_actions (risk_id);
      CREATE INDEX risk_actions_owner ON risk_actions (owner_id);

      CREATE TABLE risk_controls (
        id        INTEGER PRIMARY KEY,
        risk_id   INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
        framework TEXT NOT NULL CHECK (framework IN (${FRAMEWORKS})),
        ref       TEXT NOT NULL DEFAULT '' CHECK (length(ref) <= 60),
        title     TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        status    TEXT NOT NULL CHECK (status IN ('NOT_STARTED','PARTIAL','IMPLEMENTED','VERIFIED'))
      ) STRICT;
      CREATE INDEX risk_controls_risk ON risk_controls (risk_id);
    `);
  },
};
