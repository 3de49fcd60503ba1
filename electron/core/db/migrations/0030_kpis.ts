import type { Migration } from './types';

const KINDS = `'business_outcome','model_quality','operational','adoption','cost_unit_economics','risk_safety'`;
const DIRECTIONS = `'higher_is_better','lower_is_better'`;
const CADENCES = `'daily','weekly','monthly','quarterly'`;
/** YYYY-MM-DD; the zod schema checks it is a real day, this keeps other writers from storing junk. */
const isDate = (col: string) => `${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;

/**
 * KPIs per initiative (domain.md §6) and their measurements over time. Baseline and target are
 * optional so a KPI can be named before it is measured (the "no KPI baseline" purgatory signal).
 */
export const m0030Kpis: Migration = {
  version: 30,
  name: 'kpis',
  up(db) {
    db.exec(`
      CREATE TABLE kpis (
        id              INTEGER PRIMARY KEY,
        initiative_id   INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
        name            TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        unit            TEXT NOT NULL DEFAULT '' CHECK (length(unit) <= 40),
        kind            TEXT NOT NULL CHECK (kind IN (${KINDS})),
        direction       TEXT NOT NULL CHECK (direction IN (${DIRECTIONS})),
        baseline_value  REAL,
        baseline_date   TEXT CHECK (baseline_date IS NULL OR ${isDate('baseline_date')}),
        baseline_source TEXT NOT NULL DEFAULT '',
        target_value    REAL,
        target_date     TEXT CHECK (target_date IS NULL OR ${isDate('target_date')}),
        cadence         TEXT NOT NULL CHECK (cadence IN (${CADENCES})),
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        CHECK (baseline_date IS NULL OR target_date IS NULL OR target_date >= baseline_date)
      ) STRICT;
      CREATE INDEX kpis_initiative ON kpis (initiative_id);

      CREATE TABLE kpi_measurements (
        id         INTEGER PRIMARY KEY,
        kpi_id     INTEGER NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
        period_end TEXT NOT NULL CHECK (${isDate('period_end')}),
        value      REAL NOT NULL,
        source     TEXT NOT NULL DEFAULT '',
        entered_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      -- A KPI's series in time order (the chart, "latest value", "not measured since").
      CREATE INDEX kpi_measurements_kpi ON kpi_measurements (kpi_id, period_end);
    `);
  },
};
