import { PREFERRED_SCENARIO_SQL } from './roi.repo';
import type { Db, Statement } from '../db/sqlite';

/**
 * The set-based reads behind the pilot-purgatory radar: one statement per table, never one per
 * initiative, so 10,000 initiatives cost three scans rather than 20,000 look-ups.
 *
 * Dates come back as epoch days computed by SQLite (julianday of the date part minus the Unix epoch's
 * julian day), so the service does no Date parsing per row. A malformed stamp gives NULL.
 */
const EPOCH_DAY = (col: string) => `CAST(julianday(substr(${col}, 1, 10)) - 2440587.5 AS INTEGER)`;

/** Cells of INITIATIVES_SQL, by position (raw arrays: cheaper than 10,000 row objects). */
export type InitiativeCells = [
  id: number,
  name: string,
  type: string,
  riskTier: string,
  status: string,
  phase: string,
  phaseEnteredDay: number | null,
  createdDay: number | null,
  sponsorId: number | null,
  productOwnerId: number | null,
  techLeadId: number | null,
  archivedDay: number | null,
];

export const INITIATIVES_SQL = `
  SELECT id, name, type, risk_tier, status, phase, ${EPOCH_DAY('phase_entered_at')}, ${EPOCH_DAY('created_at')},
    sponsor_id, product_owner_id, tech_lead_id, ${EPOCH_DAY('archived_at')}
  FROM initiatives`;

/** Cells of TRANSITIONS_SQL. Ordered by initiative then time, so grouping is one pass and ties keep insertion order. */
export type TransitionCells = [initiativeId: number, toPhase: string, day: number | null];

export const TRANSITIONS_SQL = `
  SELECT initiative_id, to_phase, ${EPOCH_DAY('at')}
  FROM phase_transitions
  ORDER BY initiative_id, at, id`;

/**
 * Scope changes for SCOPE_CHURN (§3.4 #14), from the audit trail: an `initiative.update` whose row diff
 * touches the name, description or type (what the use case is), and a `kpi.update` that moves a KPI's
 * target value or date (attributed to the KPI's initiative; a deleted KPI's changes leave with it). Only
 * entries dated in [fromDay, toDay] are read, so the scan stays proportional to the recent log.
 */
export type ScopeChangeCells = [initiativeId: number, day: number];

const INITIATIVE_SCOPE_WHERE = `entity_kind = 'initiative' AND action = 'initiative.update'
    AND substr(at, 1, 10) BETWEEN ? AND ?
    AND (json_extract(before_json, '$.name') IS NOT json_extract(after_json, '$.name')
      OR json_extract(before_json, '$.description') IS NOT json_extract(after_json, '$.description')
      OR json_extract(before_json, '$.type') IS NOT json_extract(after_json, '$.type'))`;

const KPI_TARGET_WHERE = `a.entity_kind = 'kpi' AND a.action = 'kpi.update'
    AND substr(a.at, 1, 10) BETWEEN ? AND ?
    AND (json_extract(a.before_json, '$.target_value') IS NOT json_extract(a.after_json, '$.target_value')
      OR json_extract(a.before_json, '$.target_date') IS NOT json_extract(a.after_json, '$.target_date'))`;

export const SCOPE_CHANGES_SQL = `
  SELECT entity_id, ${EPOCH_DAY('at')} AS day FROM audit_log WHERE ${INITIATIVE_SCOPE_WHERE}`;

const KPI_TARGET_CHANGES_SQL = `
  SELECT k.initiative_id, ${EPOCH_DAY('a.at')} AS day
  FROM audit_log a JOIN kpis k ON k.id = a.entity_id
  WHERE ${KPI_TARGET_WHERE}`;

/** One initiative's: the entity index finds its entries (and its KPIs'), no scan of the log. */
const ONE_SCOPE_CHANGES_SQL = `
  SELECT entity_id, ${EPOCH_DAY('at')} AS day FROM audit_log WHERE entity_id = ? AND ${INITIATIVE_SCOPE_WHERE}`;
const ONE_KPI_TARGET_CHANGES_SQL = `
  SELECT k.initiative_id, ${EPOCH_DAY('a.at')} AS day
  FROM kpis k JOIN audit_log a ON a.entity_kind = 'kpi' AND a.entity_id = k.id
  WHERE k.initiative_id = ? AND ${KPI_TARGET_WHERE}`;

/** Prepared per connection: the radar re-runs on every refetch. */
const statements = new WeakMap<Db, Map<string, Statement>>();

function raw(db: Db, sql: string): Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let stmt = byDb.get(sql);
  if (!stmt) byDb.set(sql, (stmt = db.prepare<unknown[]>(sql).raw(true)));
  return stmt;
}

const HAS_TABLE_SQL = `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`;

/** Whether the file has a table: older files (opened before a migration ran) lack the newer features. */
export function hasTable(db: Db, name: string): boolean {
  return (raw(db, HAS_TABLE_SQL).get(name) as [number])[0] > 0;
}

/** `WHERE id = ?` for one initiative, nothing for all of them; the id binds as the statement's first value. */
const one = (id: number | undefined) => (id === undefined ? [] : [id]);

export function readInitiativeCells(db: Db, id?: number): InitiativeCells[] {
  return raw(db, id === undefined ? INITIATIVES_SQL : `${INITIATIVES_SQL} WHERE id = ?`).all(
    ...one(id),
  ) as InitiativeCells[];
}

export function readTransitionCells(db: Db, id?: number): TransitionCells[] {
  const sql =
    id === undefined
      ? TRANSITIONS_SQL
      : `SELECT initiative_id, to_phase, ${EPOCH_DAY('at')} FROM phase_transitions WHERE initiative_id = ? ORDER BY at, id`;
  return raw(db, sql).all(...one(id)) as TransitionCells[];
}

/**
 * Scope changes dated fromIso..toIso (YYYY-MM-DD, inclusive), or null when the file has no audit trail
 * (a file older than migration 0020 opened read-only): then the rule has no data, which is not "no churn".
 */
export function readScopeChangeCells(db: Db, fromIso: string, toIso: string, id?: number): ScopeChangeCells[] | null {
  if (!hasTable(db, 'audit_log')) return null;
  const cells = raw(db, id === undefined ? SCOPE_CHANGES_SQL : ONE_SCOPE_CHANGES_SQL).all(
    ...one(id),
    fromIso,
    toIso,
  ) as ScopeChangeCells[];
  if (hasTable(db, 'kpis')) {
    const kpi = raw(db, id === undefined ? KPI_TARGET_CHANGES_SQL : ONE_KPI_TARGET_CHANGES_SQL).all(
      ...one(id),
      fromIso,
      toIso,
    ) as ScopeChangeCells[];
    for (const c of kpi) cells.push(c);
  }
  return cells;
}

/** KPIs (migration 0030). Kind and cadence as stored (lower case); the service maps them. */
export type KpiCells = [
  initiativeId: number,
  id: number,
  kind: string,
  cadence: string,
  createdDay: number | null,
  baselineValue: number | null,
  baselineDay: number | null,
  baselineSource: string,
  targetValue: number | null,
  targetDay: number | null,
];

const KPIS_SQL = `
  SELECT initiative_id, id, kind, cadence, ${EPOCH_DAY('created_at')}, baseline_value, ${EPOCH_DAY('baseline_date')},
    baseline_source, target_value, ${EPOCH_DAY('target_date')}
  FROM kpis`;

export function readKpiCells(db: Db, id?: number): KpiCells[] | null {
  if (!hasTable(db, 'kpis')) return null;
  return raw(db, id === undefined ? KPIS_SQL : `${KPIS_SQL} WHERE initiative_id = ?`).all(...one(id)) as KpiCells[];
}

export type MeasurementCells = [kpiId: number, day: number | null];

const MEASUREMENTS_SQL = `SELECT kpi_id, ${EPOCH_DAY('period_end')} FROM kpi_measurements`;
const ONE_MEASUREMENTS_SQL = `
  SELECT m.kpi_id, ${EPOCH_DAY('m.period_end')}
  FROM kpis k JOIN kpi_measurements m ON m.kpi_id = k.id
  WHERE k.initiative_id = ?`;

export function readMeasurementCells(db: Db, id?: number): MeasurementCells[] | null {
  if (!hasTable(db, 'kpi_measurements')) return null;
  return raw(db, id === undefined ? MEASUREMENTS_SQL : ONE_MEASUREMENTS_SQL).all(...one(id)) as MeasurementCells[];
}

/**
 * The radar's narrowing (see RadarScope in services/snapshots.ts): per KPI only its latest measurement on
 * or before the as-of day, which is all KPI_NOT_MEASURED reads. A skip-scan of kpi_measurements_kpi.
 */
const LATEST_MEASUREMENTS_SQL = `
  SELECT kpi_id, ${EPOCH_DAY('MAX(period_end)')} FROM kpi_measurements WHERE period_end <= ? GROUP BY kpi_id`;

export function readLatestMeasurementCells(db: Db, asOfIso: string): MeasurementCells[] | null {
  if (!hasTable(db, 'kpi_measurements')) return null;
  return raw(db, LATEST_MEASUREMENTS_SQL).all(asOfIso) as MeasurementCells[];
}

/** Gate reviews (migration 0040), cancelled ones left out: a withdrawn review was never held nor due. */
export type GateReviewCells = [
  initiativeId: number,
  gate: string,
  scheduledDay: number | null,
  decidedDay: number | null,
  decision: string | null,
];

const GATE_REVIEWS_SQL = `
  SELECT initiative_id, gate, ${EPOCH_DAY('scheduled_date')},
    CASE WHEN status = 'decided' THEN ${EPOCH_DAY('decided_at')} END, CASE WHEN status = 'decided' THEN decision END
  FROM gate_reviews
  WHERE status <> 'cancelled'`;

/**
 * The radar's narrowing: only reviews GATE_OVERDUE or RECYCLE_LOOP can read as of the day: Recycle
 * decisions, and reviews not yet held then (open, or decided after it). A review held by then with
 * another decision changes neither rule.
 */
const RADAR_GATE_REVIEWS_SQL = `${GATE_REVIEWS_SQL}
  AND (status = 'open' OR decision = 'RECYCLE' OR substr(decided_at, 1, 10) > ?)`;

export function readRadarGateReviewCells(db: Db, asOfIso: string): GateReviewCells[] | null {
  if (!hasTable(db, 'gate_reviews')) return null;
  return raw(db, RADAR_GATE_REVIEWS_SQL).all(asOfIso) as GateReviewCells[];
}

export function readGateReviewCells(db: Db, id?: number): GateReviewCells[] | null {
  if (!hasTable(db, 'gate_reviews')) return null;
  return raw(db, id === undefined ? GATE_REVIEWS_SQL : `${GATE_REVIEWS_SQL} AND initiative_id = ?`).all(
    ...one(id),
  ) as GateReviewCells[];
}

/** Gate evidence with the gate of its review; evidence of a cancelled review went with it. */
export type EvidenceCells = [
  initiativeId: number,
  id: number,
  gate: string,
  addedDay: number | null,
  validUntilDay: number | null,
];

const EVIDENCE_SQL = `
  SELECT r.initiative_id, e.id, r.gate, ${EPOCH_DAY('e.added_at')}, ${EPOCH_DAY('e.valid_until')}
  FROM gate_evidence e JOIN gate_reviews r ON r.id = e.review_id
  WHERE r.status <> 'cancelled'`;

/**
 * The radar's narrowing: only evidence STALE_EVIDENCE counts as of the day: submitted by then and expired
 * (its valid-until, or submission + the default validity, before the day).
 */
const RADAR_EVIDENCE_SQL = `${EVIDENCE_SQL}
  AND substr(e.added_at, 1, 10) <= ?
  AND coalesce(e.valid_until, date(substr(e.added_at, 1, 10), '+' || ? || ' days')) < ?`;

export function readRadarEvidenceCells(db: Db, asOfIso: string, defaultValidityDays: number): EvidenceCells[] | null {
  if (!hasTable(db, 'gate_evidence') || !hasTable(db, 'gate_reviews')) return null;
  return raw(db, RADAR_EVIDENCE_SQL).all(asOfIso, defaultValidityDays, asOfIso) as EvidenceCells[];
}

export function readEvidenceCells(db: Db, id?: number): EvidenceCells[] | null {
  if (!hasTable(db, 'gate_evidence') || !hasTable(db, 'gate_reviews')) return null;
  return raw(db, id === undefined ? EVIDENCE_SQL : `${EVIDENCE_SQL} AND r.initiative_id = ?`).all(
    ...one(id),
  ) as EvidenceCells[];
}

/** Active agents (migration 0050); retired agents are out of the inventory the checks look at. */
export type AgentCells = [
  initiativeId: number,
  id: number,
  agentKey: string,
  accountableOwnerId: number | null,
  autonomyLevel: string | null,
  killSwitchMechanism: string | null,
  killSwitchOwnerId: number | null,
  killSwitchProcedure: string,
  killSwitchLastTestedDay: number | null,
];

const AGENTS_SQL = `
  SELECT initiative_id, id, agent_key, accountable_owner_id, autonomy_level, kill_switch_mechanism,
    kill_switch_owner_id, kill_switch_procedure, ${EPOCH_DAY('kill_switch_last_tested')}
  FROM agents
  WHERE status = 'active'`;

export function readAgentCells(db: Db, id?: number): AgentCells[] | null {
  if (!hasTable(db, 'agents')) return null;
  return raw(db, id === undefined ? AGENTS_SQL : `${AGENTS_SQL} AND initiative_id = ?`).all(...one(id)) as AgentCells[];
}

/** Tool grants of active agents; `scopes` is the stored JSON array text. */
export type AgentToolCells = [agentId: number, toolName: string, scopes: string];

const AGENT_TOOLS_SQL = `
  SELECT t.agent_id, t.tool_name, t.scopes
  FROM agent_tools t JOIN agents a ON a.id = t.agent_id
  WHERE a.status = 'active'`;

export function readAgentToolCells(db: Db, id?: number): AgentToolCells[] | null {
  if (!hasTable(db, 'agent_tools') || !hasTable(db, 'agents')) return null;
  return raw(db, id === undefined ? AGENT_TOOLS_SQL : `${AGENT_TOOLS_SQL} AND a.initiative_id = ?`).all(
    ...one(id),
  ) as AgentToolCells[];
}

/** Per initiative, the ROI scenario that counts (current, else approved, else baseline, else latest what-if). */
export type RoiCells = [
  initiativeId: number,
  horizonYears: number,
  hasProductionCategories: number,
  productionC0PlusY1: number,
  pilotActualCost: number | null,
];

const ROI_SQL = `
  SELECT initiative_id, horizon_years, has_production_categories, production_c0_plus_y1, pilot_actual_cost
  FROM (${PREFERRED_SCENARIO_SQL})`;

export function readRoiCells(db: Db, id?: number): RoiCells[] | null {
  if (!hasTable(db, 'roi_scenarios')) return null;
  return raw(db, id === undefined ? ROI_SQL : `${ROI_SQL} WHERE initiative_id = ?`).all(...one(id)) as RoiCells[];
}

/**
 * The risk register (migration 0090) per initiative, for STALE_RISK_REGISTER (§3.4 #12) and the G6 register
 * check; portfolio-level risks (no initiative) are left out. A review day is the last review, or the day the
 * risk was identified (its first assessment). Closed risks count as reviewed but raise nothing else.
 */
/** A stored column of risks: coalesce(last_reviewed_on, identified_on), in the risks_initiative index. */
const RISK_REVIEW_DAY = `reviewed_on`;
/** Residual scores in the Critical band (no product of two levels lies in 17–19). */
const RISK_CRITICAL_MIN = 17;

/** Every risk of one initiative or all, with what the rules and the G6 check read. */
export type RiskCells = [
  initiativeId: number,
  id: number,
  reviewDay: number | null,
  closed: number,
  residualScore: number,
  appetite: number,
  nextReviewDay: number | null,
  acceptanceExpiresDay: number | null,
];

const RISKS_SQL = `
  SELECT initiative_id, id, ${EPOCH_DAY(RISK_REVIEW_DAY)}, status = 'CLOSED', residual_score, appetite,
    ${EPOCH_DAY('next_review_on')}, ${EPOCH_DAY('acceptance_expires_on')}
  FROM risks
  WHERE initiative_id IS NOT NULL`;

export function readRiskCells(db: Db, id?: number): RiskCells[] | null {
  if (!hasTable(db, 'risks')) return null;
  return raw(db, id === undefined ? RISKS_SQL : `${RISKS_SQL} AND initiative_id = ?`).all(...one(id)) as RiskCells[];
}

export const RISK_CRITICAL_MIN_SCORE = RISK_CRITICAL_MIN;

/** Treatment actions of open risks, cancelled ones left out: [initiative, action id, due day, completed day]. */
export type RiskActionCells = [initiativeId: number, id: number, dueDay: number | null, completedDay: number | null];

const RISK_ACTIONS_SQL = `
  SELECT r.initiative_id, a.id, ${EPOCH_DAY('a.due_on')}, ${EPOCH_DAY('a.completed_on')}
  FROM risk_actions a JOIN risks r ON r.id = a.risk_id
  WHERE r.initiative_id IS NOT NULL AND r.status <> 'CLOSED' AND a.status <> 'CANCELLED'`;

export function readRiskActionCells(db: Db, id?: number): RiskActionCells[] | null {
  if (!hasTable(db, 'risk_actions') || !hasTable(db, 'risks')) return null;
  return raw(db, id === undefined ? RISK_ACTIONS_SQL : `${RISK_ACTIONS_SQL} AND r.initiative_id = ?`).all(
    ...one(id),
  ) as RiskActionCells[];
}

/**
 * The radar's narrowing of the register, per initiative: how many risks, and the latest review on or before
 * the as-of day (all "no review in 90 d" reads); then only Critical open risks past their review date and
 * actions overdue as of the day, which is all the rule counts.
 */
export type RadarRiskSummaryCells = [initiativeId: number, count: number, lastReviewDay: number | null];

const RADAR_RISK_SUMMARY_SQL = `
  SELECT initiative_id, count(*), ${EPOCH_DAY(`max(CASE WHEN ${RISK_REVIEW_DAY} <= ? THEN ${RISK_REVIEW_DAY} END)`)}
  FROM risks
  WHERE initiative_id IS NOT NULL
  GROUP BY initiative_id`;

/** Critical scores are few: read them off the score index rather than every overdue review's row. */
const RADAR_LATE_CRITICAL_SQL = `
  SELECT initiative_id, id, ${EPOCH_DAY('next_review_on')}
  FROM risks INDEXED BY risks_residual
  WHERE initiative_id IS NOT NULL AND is_open = 1 AND residual_score >= ${RISK_CRITICAL_MIN}
    AND next_review_on < ?`;

const RADAR_RISK_ACTIONS_SQL = `${RISK_ACTIONS_SQL}
  AND a.due_on < ? AND (a.completed_on IS NULL OR a.completed_on > ?)`;

export function readRadarRiskCells(
  db: Db,
  asOfIso: string,
): {
  summary: RadarRiskSummaryCells[];
  lateCritical: [initiativeId: number, id: number, nextReviewDay: number | null][];
  overdueActions: RiskActionCells[];
} | null {
  if (!hasTable(db, 'risks') || !hasTable(db, 'risk_actions')) return null;
  return {
    summary: raw(db, RADAR_RISK_SUMMARY_SQL).all(asOfIso) as RadarRiskSummaryCells[],
    lateCritical: raw(db, RADAR_LATE_CRITICAL_SQL).all(asOfIso) as [number, number, number | null][],
    overdueActions: raw(db, RADAR_RISK_ACTIONS_SQL).all(asOfIso, asOfIso) as RiskActionCells[],
  };
}
