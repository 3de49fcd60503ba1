import type { RoiScenarioSummary, ScenarioKind } from '../../../shared/domain/roiScenario';
import type { Db } from '../db/sqlite';

/** A roi_scenarios row as stored. */
export interface RoiScenarioRecord {
  id: number;
  initiative_id: number;
  name: string;
  kind: ScenarioKind;
  model_json: string;
  horizon_years: number;
  npv: number;
  roi: number | null;
  irr: number | null;
  pv_costs: number;
  pv_benefits: number;
  payback_months: number | null;
  npv_risk_adjusted: number;
  roi_risk_adjusted: number | null;
  payback_months_risk_adjusted: number | null;
  initial_cost: number;
  production_c0_plus_y1: number;
  has_production_categories: 0 | 1;
  pilot_actual_cost: number | null;
  warnings: number;
  created_at: string;
  updated_at: string;
}

const COLUMNS = [
  'id',
  'initiative_id',
  'name',
  'kind',
  'model_json',
  'horizon_years',
  'npv',
  'roi',
  'irr',
  'pv_costs',
  'pv_benefits',
  'payback_months',
  'npv_risk_adjusted',
  'roi_risk_adjusted',
  'payback_months_risk_adjusted',
  'initial_cost',
  'production_c0_plus_y1',
  'has_production_categories',
  'pilot_actual_cost',
  'warnings',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof RoiScenarioRecord)[];

export function toScenarioSummary(r: RoiScenarioRecord): RoiScenarioSummary {
  return {
    id: r.id,
    initiativeId: r.initiative_id,
    name: r.name,
    kind: r.kind,
    horizonYears: r.horizon_years,
    npv: r.npv,
    roi: r.roi,
    irr: r.irr,
    pvCosts: r.pv_costs,
    pvBenefits: r.pv_benefits,
    paybackMonths: r.payback_months,
    npvRiskAdjusted: r.npv_risk_adjusted,
    roiRiskAdjusted: r.roi_risk_adjusted,
    paybackMonthsRiskAdjusted: r.payback_months_risk_adjusted,
    initialCost: r.initial_cost,
    warnings: r.warnings,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getScenarioRecord(db: Db, id: number): RoiScenarioRecord | null {
  return (db.prepare('SELECT * FROM roi_scenarios WHERE id = ?').get(id) as RoiScenarioRecord | undefined) ?? null;
}

/** An initiative's scenarios: baseline, approved, current, then what-ifs by name. */
export function listScenarioRecords(db: Db, initiativeId: number): RoiScenarioRecord[] {
  return db
    .prepare(
      `SELECT * FROM roi_scenarios WHERE initiative_id = ?
       ORDER BY CASE kind WHEN 'baseline' THEN 0 WHEN 'approved' THEN 1 WHEN 'current' THEN 2 ELSE 3 END,
                name COLLATE NOCASE`,
    )
    .all(initiativeId) as RoiScenarioRecord[];
}

export function findScenarioByName(db: Db, initiativeId: number, name: string): RoiScenarioRecord | null {
  return (
    (db.prepare('SELECT * FROM roi_scenarios WHERE initiative_id = ? AND name = ?').get(initiativeId, name) as
      RoiScenarioRecord | undefined) ?? null
  );
}

export function findScenarioByKind(db: Db, initiativeId: number, kind: ScenarioKind): RoiScenarioRecord | null {
  return (
    (db.prepare('SELECT * FROM roi_scenarios WHERE initiative_id = ? AND kind = ?').get(initiativeId, kind) as
      RoiScenarioRecord | undefined) ?? null
  );
}

const placeholders = COLUMNS.map((c) => `@${c}`).join(', ');

/** Inserts a row with its id (a new scenario passes id: null and gets one). */
export function insertScenario(db: Db, r: Omit<RoiScenarioRecord, 'id'> & { id: number | null }): number {
  return Number(
    db.prepare(`INSERT INTO roi_scenarios (${COLUMNS.join(', ')}) VALUES (${placeholders})`).run(r).lastInsertRowid,
  );
}

export function updateScenario(db: Db, r: RoiScenarioRecord): void {
  const sets = COLUMNS.filter((c) => c !== 'id')
    .map((c) => `${c} = @${c}`)
    .join(', ');
  db.prepare(`UPDATE roi_scenarios SET ${sets} WHERE id = @id`).run(r);
}

export function deleteScenario(db: Db, id: number): void {
  db.prepare('DELETE FROM roi_scenarios WHERE id = ?').run(id);
}

/**
 * The scenario the portfolio counts for each initiative: its current plan, else the approved one, else
 * the baseline, else its most recently changed what-if. A correlated pick per initiative over the covering
 * index roi_scenarios_rank (one or two entries each), rather than a window over the whole table: SQLite
 * 3.53 planned the window form as a co-routine it re-ran per initiative (77 s for 10,000).
 */
export const PREFERRED_SCENARIO_SQL = `
  SELECT s.* FROM roi_scenarios s
  WHERE s.id = (
    SELECT x.id FROM roi_scenarios x
    WHERE x.initiative_id = s.initiative_id
    ORDER BY CASE x.kind WHEN 'current' THEN 0 WHEN 'approved' THEN 1 WHEN 'baseline' THEN 2 ELSE 3 END,
             x.updated_at DESC, x.id DESC
    LIMIT 1
  )`;
