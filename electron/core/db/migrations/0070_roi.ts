import type { Migration } from './types';

/**
 * ROI models (domain.md §1), as named scenarios per initiative: the baseline, the approved and the
 * current plan (one of each at most) and any number of what-ifs. The model itself is a JSON document
 * validated by shared/domain/roi (schema + compile) before it is stored; the figures at its likely values
 * are kept beside it, so the portfolio roll-up is one aggregate query rather than 10,000 evaluations.
 */
export const m0070Roi: Migration = {
  version: 70,
  name: 'roi scenarios',
  up(db) {
    db.exec(`
      CREATE TABLE roi_scenarios (
        id                        INTEGER PRIMARY KEY,
        initiative_id             INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
        name                      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
        kind                      TEXT NOT NULL CHECK (kind IN ('baseline','approved','current','what_if')),
        horizon_years             INTEGER NOT NULL CHECK (horizon_years BETWEEN 1 AND 10),
        npv                       REAL NOT NULL,
        roi                       REAL,
        irr                       REAL,
        pv_costs                  REAL NOT NULL,
        pv_benefits               REAL NOT NULL,
        payback_months            REAL,
        npv_risk_adjusted         REAL NOT NULL,
        roi_risk_adjusted         REAL,
        payback_months_risk_adjusted REAL,
        initial_cost              REAL NOT NULL,
        production_c0_plus_y1     REAL NOT NULL,
        has_production_categories INTEGER NOT NULL CHECK (has_production_categories IN (0, 1)),
        pilot_actual_cost         REAL,
        warnings                  INTEGER NOT NULL DEFAULT 0 CHECK (warnings >= 0),
        created_at                TEXT NOT NULL,
        updated_at                TEXT NOT NULL,
        -- Last on purpose: a model runs to a few kilobytes (overflow pages), and every column after it
        -- would have to be read through them; the roll-up reads only the figures before it.
        model_json                TEXT NOT NULL CHECK (json_valid(model_json)),
        UNIQUE (initiative_id, name)
      ) STRICT;
      -- One baseline, one approved and one current plan per initiative; what-ifs are free.
      CREATE UNIQUE INDEX roi_scenarios_one_kind ON roi_scenarios (initiative_id, kind) WHERE kind <> 'what_if';
      -- Covers the ranking of PREFERRED_SCENARIO_SQL (which scenario counts), so it never touches the rows.
      CREATE INDEX roi_scenarios_rank ON roi_scenarios (initiative_id, kind, updated_at);
    `);
  },
};
