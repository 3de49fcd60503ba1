import type { Migration } from './types';

/**
 * Plan vs actual (issue 4): what an initiative really spent and realised, one row per entry, by calendar
 * month. A cost carries a COST_CATEGORIES id, a benefit a BENEFIT_TYPES id (checked by the service's zod
 * schema: the vocabularies may grow without a migration). The database itself refuses what no version
 * may store: a NaN binds as NULL (NOT NULL), negative or infinite amounts, malformed months.
 * `source` is 'manual' today; 'gateway' is reserved for spend read from a live gateway connection.
 */
export const m0080RoiActuals: Migration = {
  version: 80,
  name: 'roi actuals',
  up(db) {
    db.exec(`
      CREATE TABLE roi_actuals (
        id            INTEGER PRIMARY KEY,
        initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
        month         TEXT NOT NULL CHECK (
                        length(month) = 7 AND month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'
                        AND substr(month, 6, 2) BETWEEN '01' AND '12'),
        side          TEXT NOT NULL CHECK (side IN ('cost', 'benefit')),
        category      TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 40),
        amount        REAL NOT NULL CHECK (amount >= 0 AND amount <= 1e12),
        note          TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 500),
        source        TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'gateway')),
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL
      ) STRICT;
      -- An initiative's entries by month (the list and the plan-vs-actual read).
      CREATE INDEX roi_actuals_initiative_month ON roi_actuals (initiative_id, month);
      -- Covers the portfolio sums (GROUP BY initiative, side): read in order from the index, never the rows.
      CREATE INDEX roi_actuals_sums ON roi_actuals (initiative_id, side, amount);
    `);
  },
};
