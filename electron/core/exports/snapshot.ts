import { AppError } from '../../../shared/errors';
import { INITIATIVE_TYPES, RISK_TIERS, STATUSES } from '../../../shared/domain/enums';
import { epochDay } from '../../../shared/domain/governance/days';
import { DECISIONS, gateInfo, gateLeaving, GATES, type GateId } from '../../../shared/domain/governance/gates';
import type { InitiativeRow } from '../../../shared/domain/initiative';
import { PHASES, phaseInfo, phaseNumber, type PhaseId } from '../../../shared/domain/phases';
import { computeRag, DEFAULT_RAG_THRESHOLDS, formatMoney, ragRulesText } from '../../../shared/domain/pack/rag';
import type {
  PackDecision,
  PackFilter,
  PackInitiative,
  PackKpi,
  PackMilestone,
  PackRisk,
  PackSnapshot,
  Rag,
  RagThresholds,
} from '../../../shared/domain/pack/types';
import { bandLabel, bandOf, categoryLabel, riskFlags, RISK_STATUSES, TREATMENTS } from '../../../shared/domain/risk';
import { evaluateModel, type ModelEvaluation } from '../../../shared/domain/roi/evaluate';
import { roiModelSchema } from '../../../shared/domain/roi/schema';
import { computePlanVsActual, isMonth, monthIndex, preferredPlan } from '../../../shared/domain/roiActuals';
import { AUTONOMY_LEVELS } from '../../../shared/domain/agent';
import type { ScenarioKind } from '../../../shared/domain/roiScenario';
import type { Db } from '../db/sqlite';
import { getInitiativeRow, listInitiatives } from '../repositories/initiatives.repo';
import { preferredSeries, type CostCell } from '../repositories/metrics.repo';
import { hasTable } from '../repositories/signals.repo';
import { buildOverview } from '../services/metrics';
import { evaluatePortfolio } from '../services/signals';

/**
 * The frozen status pack (domain.md §5): everything a pack shows, read once from the portfolio with set-based
 * statements (one per table, never one per initiative, so 10,000 initiatives stay a few statements) and judged
 * by the written RAG rules. Renderers read only this. Where the portfolio has no data a field is null, never a
 * made-up zero.
 */

export interface PackScope {
  initiativeId?: number;
  filter?: PackFilter;
}

export interface PackOptions {
  /** The day the pack describes (YYYY-MM-DD). */
  asOf: string;
  now: Date;
  actor: string;
  title?: string;
  thresholds?: RagThresholds;
}

const CURRENCY = 'USD';
const MILESTONE_DAYS = 90;
const TOP_RISKS = 5;
const CRITICAL_MIN = 20;
/** Above this many initiatives with telemetry, latency and error rate are left out rather than read one by one. */
const MAX_OVERVIEWS = 500;

/** What the figures mean: printed in the pack (README sheet, appendix), so the board reads the same formulas. */
export const PACK_DEFINITIONS: { term: string; definition: string }[] = [
  {
    term: 'Value realized YTD',
    definition:
      'Actual benefits entered in plan vs actual (ROI model → Plan vs actual) for months from January of the as-of year ' +
      'to the as-of month. Flightdeck has no separate finance sign-off flag: entered actuals are the booked figures ' +
      'and count as finance-signed; model projections are never included.',
  },
  {
    term: 'Projected value (annual)',
    definition:
      'The benefit the ROI model plans for its model year that contains the as-of month (year 1 before the start, ' +
      'the last year after the horizon), from the scenario that counts (current, else approved, else baseline). ' +
      'A projection: never mixed into realized value or payback.',
  },
  {
    term: 'Approved budget',
    definition:
      'Total planned cost over the horizon of the approved ROI scenario, at likely values (not risk-adjusted). ' +
      'Without an approved scenario, the plan that plan vs actual measures against (current, else baseline), as ' +
      'the app does; the budget basis column says which. No ROI model: no budget (blank, budget RAG Amber).',
  },
  {
    term: 'Actual to date',
    definition: 'Sum of actual cost entries (manual and gateway spend) for months up to the as-of month.',
  },
  {
    term: 'EAC (estimate at completion)',
    definition:
      'Actual to date + the cost still planned after the as-of month by the latest estimate (the current scenario, ' +
      'else the approved one). Without a start month the plan cannot be phased in time: EAC = the larger of the ' +
      "estimate's total and the actual to date.",
  },
  { term: 'Variance %', definition: '(EAC − approved budget) ÷ approved budget.' },
  {
    term: 'Burn index',
    definition:
      'Actual cost to date ÷ the approved plan’s cost due by the as-of month (year 0 in full, later years prorated ' +
      'by month): the time-phased form of (spend ÷ budget) ÷ (elapsed ÷ planned time).',
  },
  {
    term: 'KPI % of plan',
    definition:
      '(current − baseline) ÷ (planned value at the date of the current measurement − baseline), with the plan a ' +
      'straight line from the baseline (at its date) to the target (at its date); without a target date, the target.',
  },
  { term: 'In production', definition: 'Active initiatives in phase 5 (production deployment) or later.' },
  {
    term: 'Critical risks',
    definition: 'Open risks with a residual score of 20 or more (likelihood × impact on the 5×5 scale).',
  },
];

// ─── Reads ─────────────────────────────────────────────────────────────────────────────────────────────

function scoped(sql: string, id: number | undefined, column: string): { sql: string; params: unknown[] } {
  return id === undefined
    ? { sql, params: [] }
    : { sql: `${sql} ${sql.includes('WHERE') ? 'AND' : 'WHERE'} ${column} = ?`, params: [id] };
}

function rows<T>(db: Db, sql: string, params: unknown[] = []): T[] {
  return db.prepare<unknown[]>(sql).all(...params) as T[];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

interface ReviewRow {
  id: number;
  initiative_id: number;
  gate: GateId;
  status: 'open' | 'decided' | 'cancelled';
  decision: string | null;
  requested_at: string;
  decided_at: string | null;
  scheduled_date: string | null;
}

interface ConditionRow {
  initiative_id: number;
  gate: string;
  text: string;
  due_date: string;
  owner: string | null;
}

interface KpiRow {
  id: number;
  initiative_id: number;
  name: string;
  unit: string;
  direction: string;
  baseline_value: number | null;
  baseline_date: string | null;
  target_value: number | null;
  target_date: string | null;
}

interface RiskRowCells {
  id: number;
  initiative_id: number | null;
  initiative_name: string | null;
  title: string;
  category: string;
  owner: string | null;
  inherent: number;
  residual: number;
  appetite: number;
  treatment: string | null;
  status: string;
  next_review_on: string;
  open_action_due_on: string | null;
  acceptance_expires_on: string | null;
  accepted_by: number | null;
}

interface ScenarioRow {
  id: number;
  initiative_id: number;
  name: string;
  kind: ScenarioKind;
  model_json: string;
  updated_at: string;
  npv: number;
  roi: number | null;
}

const label = <T extends { id: string; label: string }>(list: readonly T[], id: string | null): string =>
  id === null ? '' : (list.find((x) => x.id === id)?.label ?? id);

const addDays = (iso: string, days: number) =>
  new Date(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const round2 = (x: number) => Math.round(x * 100) / 100;
const finiteOrNull = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

// ─── KPIs ──────────────────────────────────────────────────────────────────────────────────────────────

/** Share of the planned baseline→target trajectory reached by `current` at the date it was measured. */
export function kpiPctOfPlan(
  k: Pick<KpiRow, 'baseline_value' | 'baseline_date' | 'target_value' | 'target_date'>,
  current: { value: number; date: string } | null,
): number | null {
  if (k.baseline_value === null || k.target_value === null || current === null) return null;
  let planned = k.target_value;
  if (k.baseline_date !== null && k.target_date !== null && k.target_date > k.baseline_date) {
    const span = Date.parse(k.target_date) - Date.parse(k.baseline_date);
    const frac = Math.min(1, Math.max(0, (Date.parse(current.date) - Date.parse(k.baseline_date)) / span));
    planned = k.baseline_value + (k.target_value - k.baseline_value) * frac;
  }
  const delta = planned - k.baseline_value;
  if (Math.abs(delta) < 1e-12) return null; // Nothing planned yet by that date: no share to speak of.
  return finiteOrNull(round2(((current.value - k.baseline_value) / delta) * 100));
}

function readKpis(db: Db, asOf: string, id?: number): Map<number, PackKpi[]> {
  const out = new Map<number, PackKpi[]>();
  if (!hasTable(db, 'kpis')) return out;
  const k = scoped(
    'SELECT id, initiative_id, name, unit, direction, baseline_value, baseline_date, target_value, target_date FROM kpis',
    id,
    'initiative_id',
  );
  const kpis = rows<KpiRow>(db, `${k.sql} ORDER BY initiative_id, id`, k.params);
  // The latest two measurements on or before as-of per KPI: current value and trend.
  const m = rows<{ kpi_id: number; period_end: string; value: number }>(
    db,
    `SELECT kpi_id, period_end, value FROM (
       SELECT m.kpi_id, m.period_end, m.value,
              row_number() OVER (PARTITION BY m.kpi_id ORDER BY m.period_end DESC, m.id DESC) AS rn
       FROM kpi_measurements m ${id === undefined ? '' : 'JOIN kpis k ON k.id = m.kpi_id AND k.initiative_id = ?'}
       WHERE m.period_end <= ?)
     WHERE rn <= 2 ORDER BY kpi_id, period_end DESC`,
    id === undefined ? [asOf] : [id, asOf],
  );
  const latest = new Map<number, { period_end: string; value: number }[]>();
  for (const r of m) push(latest, r.kpi_id, r);
  for (const kpi of kpis) {
    const [cur, prev] = latest.get(kpi.id) ?? [];
    const current = cur ? { value: cur.value, date: cur.period_end } : null;
    const trend: PackKpi['trend'] =
      cur && prev ? (cur.value > prev.value ? 'up' : cur.value < prev.value ? 'down' : 'flat') : null;
    push(out, kpi.initiative_id, {
      name: kpi.name,
      unit: kpi.unit,
      direction: kpi.direction === 'lower_is_better' ? 'decrease' : 'increase',
      baseline: kpi.baseline_value,
      current: current?.value ?? null,
      target: kpi.target_value,
      pctOfPlan: kpiPctOfPlan(kpi, current),
      trend,
      measuredAt: current?.date ?? null,
    });
  }
  return out;
}

// ─── Risks ─────────────────────────────────────────────────────────────────────────────────────────────

interface RiskFacts {
  pack: PackRisk;
  appetite: number;
  aboveAppetiteUnaccepted: boolean;
  actionOverdue: boolean;
}

function readRisks(db: Db, asOf: string, id?: number): RiskFacts[] {
  if (!hasTable(db, 'risks')) return [];
  const q = scoped(
    `SELECT r.id, r.initiative_id, i.name AS initiative_name, r.title, r.category, p.name AS owner,
            r.inherent_l * r.inherent_i AS inherent, r.residual_l * r.residual_i AS residual, r.appetite, r.treatment,
            r.status, r.next_review_on, r.open_action_due_on, r.acceptance_expires_on, r.accepted_by
     FROM risks r LEFT JOIN initiatives i ON i.id = r.initiative_id LEFT JOIN people p ON p.id = r.owner_id
     WHERE r.status <> 'CLOSED'`,
    id,
    'r.initiative_id',
  );
  return rows<RiskRowCells>(db, `${q.sql} ORDER BY residual DESC, r.id`, q.params).map((r) => {
    const flags = riskFlags(
      {
        residualScore: r.residual,
        appetite: r.appetite,
        status: r.status,
        acceptance:
          r.accepted_by !== null && r.acceptance_expires_on !== null ? { expiresOn: r.acceptance_expires_on } : null,
        nextReviewOn: r.next_review_on,
        openActionDueOn: r.open_action_due_on,
      },
      asOf,
    );
    return {
      pack: {
        id: r.id,
        initiativeId: r.initiative_id,
        initiativeName: r.initiative_name,
        title: r.title,
        category: categoryLabel(r.category),
        owner: r.owner,
        inherentScore: r.inherent,
        residualScore: r.residual,
        band: bandLabel(bandOf(r.residual)),
        treatment: label(TREATMENTS, r.treatment) || 'Not decided',
        status: label(RISK_STATUSES, r.status),
        dueDate: r.open_action_due_on ?? r.next_review_on,
        overdue: flags.actionOverdue || flags.reviewOverdue,
      },
      appetite: r.appetite,
      aboveAppetiteUnaccepted: flags.aboveAppetiteUnaccepted,
      actionOverdue: flags.actionOverdue,
    };
  });
}

// ─── ROI, budget and value ─────────────────────────────────────────────────────────────────────────────

interface Money {
  value: PackInitiative['value'];
  budget: PackInitiative['budget'];
}

function evaluate(s: ScenarioRow, phase: PhaseId): { startMonth: string | null; evaluation: ModelEvaluation } | null {
  let json: unknown;
  try {
    json = JSON.parse(s.model_json);
  } catch {
    return null;
  }
  const parsed = roiModelSchema.safeParse(json);
  if (!parsed.success) return null;
  return { startMonth: parsed.data.startMonth, evaluation: evaluateModel(parsed.data, { phase: phaseNumber(phase) }) };
}

/** The plan's benefit in the model year holding the as-of month (year 1 before the start, last year after). */
function annualBenefit(
  e: Extract<ModelEvaluation, { ok: true }>,
  startMonth: string | null,
  asOfMonth: string,
): number {
  let year = 1;
  if (startMonth !== null && isMonth(startMonth)) {
    year = Math.floor((monthIndex(asOfMonth) - monthIndex(startMonth)) / 12) + 1;
  }
  year = Math.min(e.horizonYears, Math.max(1, year));
  const b = e.unadjusted.benefits;
  if (e.periodicity === 'yearly') return b[year] ?? 0;
  let sum = 0;
  for (let p = (year - 1) * 12 + 1; p <= year * 12; p++) sum += b[p] ?? 0;
  return sum;
}

function readMoney(db: Db, rowsById: Map<number, InitiativeRow>, asOf: string, id?: number): Map<number, Money> {
  const out = new Map<number, Money>();
  if (!hasTable(db, 'roi_scenarios')) return out;
  const asOfMonth = asOf.slice(0, 7);
  const yearStart = `${asOf.slice(0, 4)}-01`;
  const sq = scoped(
    'SELECT id, initiative_id, name, kind, model_json, updated_at, npv, roi FROM roi_scenarios',
    id,
    'initiative_id',
  );
  const scenarios = new Map<number, ScenarioRow[]>();
  for (const s of rows<ScenarioRow>(db, sq.sql, sq.params))
    if (rowsById.has(s.initiative_id)) push(scenarios, s.initiative_id, s);
  const actuals = new Map<
    number,
    { month: string; side: 'cost' | 'benefit'; category: string; amount: number; id: number }[]
  >();
  if (hasTable(db, 'roi_actuals')) {
    const aq = scoped('SELECT id, initiative_id, month, side, category, amount FROM roi_actuals', id, 'initiative_id');
    for (const a of rows<{
      id: number;
      initiative_id: number;
      month: string;
      side: 'cost' | 'benefit';
      category: string;
      amount: number;
    }>(db, aq.sql, aq.params)) {
      if (rowsById.has(a.initiative_id)) push(actuals, a.initiative_id, a);
    }
  }
  const ids = new Set([...scenarios.keys(), ...actuals.keys()]);
  for (const iid of ids) {
    const row = rowsById.get(iid)!;
    const list = scenarios.get(iid) ?? [];
    const entries = (actuals.get(iid) ?? []).filter((a) => isMonth(a.month) && a.month <= asOfMonth);
    const choice = list.map((s) => ({ ...s, updatedAt: s.updated_at }));
    // Which scenario counts for value and NPV (the executive ROI view's rule) and which is the approved budget.
    const rank: Record<ScenarioKind, number> = { current: 0, approved: 1, baseline: 2, what_if: 3 };
    const counts =
      [...choice].sort(
        (a, b) => rank[a.kind] - rank[b.kind] || b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id,
      )[0] ?? null;
    // The budget is the plan that plan vs actual holds spend to: approved, else current, else baseline.
    const approved = preferredPlan(choice);
    const estimate = choice.find((s) => s.kind === 'current') ?? approved;

    const actualToDate = entries.filter((e) => e.side === 'cost').reduce((a, e) => a + e.amount, 0);
    const realizedYtd = entries
      .filter((e) => e.side === 'benefit' && e.month >= yearStart)
      .reduce((a, e) => a + e.amount, 0);
    const hasActuals = (actuals.get(iid) ?? []).length > 0;

    const evalCache = new Map<number, ReturnType<typeof evaluate>>();
    const evalOf = (s: ScenarioRow) => {
      if (!evalCache.has(s.id)) evalCache.set(s.id, evaluate(s, row.phase));
      return evalCache.get(s.id)!;
    };
    const pvaCache = new Map<number, Extract<ReturnType<typeof computePlanVsActual>, { state: 'ok' }> | null>();
    const pva = (s: ScenarioRow) => {
      if (!pvaCache.has(s.id)) {
        const e = evalOf(s);
        const r = e
          ? computePlanVsActual({ startMonth: e.startMonth, evaluation: e.evaluation, entries, asOfMonth })
          : null;
        pvaCache.set(s.id, r && r.state === 'ok' ? r : null);
      }
      return pvaCache.get(s.id) ?? null;
    };
    const totalCost = (s: ScenarioRow): number | null => {
      const e = evalOf(s);
      return e && e.evaluation.ok ? e.evaluation.unadjusted.costs.reduce((a, c) => a + c, 0) : null;
    };

    let approvedBudget: number | null = null;
    let burnIndex: number | null = null;
    if (approved) {
      approvedBudget = totalCost(approved);
      burnIndex = pva(approved)?.totals.burn ?? null;
    }
    let eac: number | null = null;
    if (estimate) {
      const r = pva(estimate);
      const total = totalCost(estimate);
      if (r) eac = actualToDate + Math.max(0, r.totals.plannedCostTotal - r.totals.plannedCostToDate);
      else if (total !== null) eac = Math.max(total, actualToDate);
    }
    let projectedAnnual: number | null = null;
    if (counts) {
      const e = evalOf(counts);
      if (e && e.evaluation.ok) projectedAnnual = annualBenefit(e.evaluation, e.startMonth, asOfMonth);
    }
    out.set(iid, {
      value: {
        realizedYtd: hasActuals ? realizedYtd : null,
        projectedAnnual: finiteOrNull(projectedAnnual),
        npv: counts ? finiteOrNull(counts.npv) : null,
        roiPct: counts && counts.roi !== null ? finiteOrNull(round2(counts.roi * 100)) : null,
      },
      budget: {
        approved: finiteOrNull(approvedBudget),
        actualToDate: hasActuals || approved ? actualToDate : null,
        eac: finiteOrNull(eac),
        variancePct:
          approvedBudget !== null && approvedBudget > 0 && eac !== null
            ? finiteOrNull(round2(((eac - approvedBudget) / approvedBudget) * 100))
            : null,
        burnIndex: burnIndex === null ? null : finiteOrNull(round2(burnIndex)),
        basis: approved ? approved.kind : null,
      },
    });
  }
  return out;
}

// ─── Monitoring ────────────────────────────────────────────────────────────────────────────────────────

function readMonitoring(
  db: Db,
  asOf: string,
  now: Date | null,
  id?: number,
): Map<number, NonNullable<PackInitiative['monitoring']>> {
  const out = new Map<number, NonNullable<PackInitiative['monitoring']>>();
  if (!hasTable(db, 'metric_series') || !hasTable(db, 'metric_rollups')) return out;
  const toDay = epochDay(asOf) * 86_400;
  const fromDay = toDay - 29 * 86_400;
  const cells = rows<CostCell>(
    db,
    `SELECT s.id AS series_id, s.initiative_id, s.metric, s.source, s.dims, s.last_ts, c.kind AS connection_kind,
            r.bucket, r.sum
     FROM metric_series s
     JOIN metric_rollups r ON r.series_id = s.id AND r.level = 86400 AND r.bucket BETWEEN ? AND ?
     LEFT JOIN connections c ON c.id = s.connection_id
     WHERE s.metric IN ('spend_usd', 'requests') ${id === undefined ? '' : 'AND s.initiative_id = ?'}`,
    id === undefined ? [fromDay, toDay] : [fromDay, toDay, id],
  );
  const byInitiative = new Map<number, CostCell[]>();
  for (const c of cells) push(byInitiative, c.initiative_id, c);
  for (const [iid, list] of byInitiative) {
    const bySeries = new Map<number, CostCell[]>();
    for (const c of list) push(bySeries, c.series_id, c);
    const heads = [...bySeries.values()].map((l) => l[0]!);
    const total = (metric: 'spend_usd' | 'requests'): number | null => {
      const chosen = preferredSeries(heads, metric);
      if (chosen.length === 0) return null;
      let sum = 0;
      for (const s of chosen) for (const c of bySeries.get(s.series_id)!) sum += c.sum;
      return sum;
    };
    out.set(iid, { spend30d: total('spend_usd'), requests30d: total('requests'), latencyP95s: null, errorRate: null });
  }
  // Latency and error rate are gauges read as "the latest sample" (the Monitoring section's overview): true of
  // today, not of a past as-of, so only a pack as of today shows them. One read per initiative with telemetry,
  // bounded, so a huge portfolio does not turn this into thousands of queries.
  if (now !== null && out.size <= MAX_OVERVIEWS) {
    for (const [iid, m] of out) {
      const readings = buildOverview(db, iid, now).readings;
      const value = (metric: string) => finiteOrNull(readings.find((r) => r.metric === metric)?.value ?? null);
      m.latencyP95s = value('latency_p95_s');
      m.errorRate = value('error_rate');
    }
  }
  return out;
}

// ─── The snapshot ──────────────────────────────────────────────────────────────────────────────────────

function inScope(r: InitiativeRow, scope: PackScope): boolean {
  const f = scope.filter;
  if (!f) return true;
  if (f.phases && f.phases.length > 0 && !f.phases.includes(r.phase)) return false;
  if (f.businessUnits && f.businessUnits.length > 0 && !f.businessUnits.includes(r.businessUnit)) return false;
  return true;
}

/** A filter that actually leaves initiatives out (an empty list filters nothing). */
function narrowed(scope: PackScope): boolean {
  const f = scope.filter;
  return (f?.phases?.length ?? 0) > 0 || (f?.businessUnits?.length ?? 0) > 0;
}

function scopeLabel(scope: PackScope, single: InitiativeRow | null): string {
  if (single) return single.name;
  const f = scope.filter;
  const parts: string[] = [];
  if (f?.phases && f.phases.length > 0) parts.push(f.phases.map((p) => phaseInfo(p).short).join(', '));
  if (f?.businessUnits && f.businessUnits.length > 0) parts.push(f.businessUnits.join(', '));
  return parts.length > 0 ? `Portfolio (${parts.join('; ')})` : 'Portfolio';
}

function maxOf(db: Db, table: string, sql: string, ...params: unknown[]): string | null {
  if (!hasTable(db, table)) return null;
  const v = db
    .prepare<unknown[]>(sql)
    .pluck()
    .get(...params) as string | number | null | undefined;
  return v === null || v === undefined ? null : String(v);
}

function freshness(db: Db, asOf: string): string {
  const telemetry = maxOf(db, 'metric_series', 'SELECT max(last_ts) FROM metric_series');
  const actuals = maxOf(db, 'roi_actuals', 'SELECT max(month) FROM roi_actuals WHERE month <= ?', asOf.slice(0, 7));
  const kpis = maxOf(
    db,
    'kpi_measurements',
    'SELECT max(period_end) FROM kpi_measurements WHERE period_end <= ?',
    asOf,
  );
  const t =
    telemetry === null
      ? 'No telemetry'
      : `Telemetry as of ${new Date(Number(telemetry) * 1000).toISOString().slice(0, 10)}`;
  return [
    t,
    actuals === null ? 'no ROI actuals' : `ROI actuals as of ${actuals}`,
    kpis === null ? 'no KPI measurements' : `KPI measurements as of ${kpis}`,
  ].join('; ');
}

export function buildPackSnapshot(db: Db, scope: PackScope, opts: PackOptions): PackSnapshot {
  const t = opts.thresholds ?? DEFAULT_RAG_THRESHOLDS;
  const asOf = opts.asOf;
  const id = scope.initiativeId;
  let single: InitiativeRow | null = null;
  let initiatives: InitiativeRow[];
  if (id !== undefined) {
    single = getInitiativeRow(db, id);
    if (!single) throw new AppError('NOT_FOUND', `Initiative ${id} does not exist.`);
    initiatives = [single];
  } else {
    initiatives = listInitiatives(db, scope.filter?.includeArchived === true).filter((r) => inScope(r, scope));
  }
  const byId = new Map(initiatives.map((r) => [r.id, r]));

  // Gate reviews, the moves into each current phase, and open conditions: the governance facts.
  const reviews = new Map<number, ReviewRow[]>();
  const conditions = new Map<number, ConditionRow[]>();
  const lastMove = new Map<number, { to_phase: string; gate_review_id: number | null; is_override: number }>();
  if (hasTable(db, 'gate_reviews')) {
    const rq = scoped(
      'SELECT id, initiative_id, gate, status, decision, requested_at, decided_at, scheduled_date FROM gate_reviews',
      id,
      'initiative_id',
    );
    for (const r of rows<ReviewRow>(db, `${rq.sql} ORDER BY requested_at DESC, id DESC`, rq.params)) {
      if (byId.has(r.initiative_id)) push(reviews, r.initiative_id, r);
    }
    const cq = scoped(
      `SELECT r.initiative_id, r.gate, c.text, c.due_date, p.name AS owner
       FROM gate_conditions c JOIN gate_reviews r ON r.id = c.review_id LEFT JOIN people p ON p.id = c.owner_id
       WHERE c.status = 'open'`,
      id,
      'r.initiative_id',
    );
    for (const c of rows<ConditionRow>(db, `${cq.sql} ORDER BY c.due_date, c.id`, cq.params)) {
      if (byId.has(c.initiative_id)) push(conditions, c.initiative_id, c);
    }
  }
  const tq = scoped(
    `SELECT initiative_id, to_phase, ${hasTable(db, 'gate_reviews') ? 'gate_review_id, is_override' : 'NULL AS gate_review_id, 0 AS is_override'} FROM phase_transitions`,
    id,
    'initiative_id',
  );
  for (const m of rows<{ initiative_id: number; to_phase: string; gate_review_id: number | null; is_override: number }>(
    db,
    `${tq.sql} ORDER BY initiative_id, at, id`,
    tq.params,
  )) {
    lastMove.set(m.initiative_id, m);
  }

  const kpis = readKpis(db, asOf, id);
  const allRisks = readRisks(db, asOf, id);
  const risksBy = new Map<number, RiskFacts[]>();
  for (const r of allRisks)
    if (r.pack.initiativeId !== null && byId.has(r.pack.initiativeId)) push(risksBy, r.pack.initiativeId, r);
  const money = readMoney(db, byId, asOf, id);
  // Gauges (latency, error rate) only for a pack as of today: see readMonitoring.
  const monitoring = readMonitoring(db, asOf, asOf === opts.now.toISOString().slice(0, 10) ? opts.now : null, id);

  const report = evaluatePortfolio(db, epochDay(asOf), {
    today: epochDay(opts.now.toISOString()),
    ...(id !== undefined ? { initiativeId: id } : {}),
  });
  const signalsBy = new Map<number, PackInitiative['signals']>();
  const watchlist: PackSnapshot['watchlist'] = [];
  for (const s of report.signals) {
    if (!byId.has(s.initiativeId) || !(s.state === 'open' || s.state === 'acknowledged')) continue;
    push(signalsBy, s.initiativeId, { code: s.ruleId, severity: s.severity, message: s.message });
    watchlist.push({
      initiativeId: s.initiativeId,
      initiativeName: s.initiativeName,
      code: s.ruleId,
      severity: s.severity,
      message: s.message,
    });
  }

  const decisions: PackDecision[] = [];
  const milestones: PackMilestone[] = [];
  const horizon = addDays(asOf, MILESTONE_DAYS);
  const inWindow = (d: string | null): d is string => d !== null && d > asOf && d <= horizon;
  const gates: PackSnapshot['gates'] = [];

  const pack: PackInitiative[] = initiatives.map((r) => {
    const phase = phaseInfo(r.phase);
    const myReviews = reviews.get(r.id) ?? [];
    const open = myReviews.find((x) => x.status === 'open') ?? null;
    const entryGate = phase.n > 1 ? gateLeaving(PHASES[phase.n - 2]!.id).id : null;
    const move = lastMove.get(r.id);
    const entry: 'approved' | 'override' | 'missing' =
      move && move.to_phase === r.phase && move.is_override === 1
        ? 'override'
        : myReviews.some(
              (x) =>
                x.gate === entryGate &&
                x.status === 'decided' &&
                (x.decision === 'GO' || x.decision === 'CONDITIONAL_GO'),
            )
          ? 'approved'
          : 'missing';
    const overdue = (conditions.get(r.id) ?? []).filter((c) => c.due_date < asOf);
    const myRisks = risksBy.get(r.id) ?? [];
    const myKpis = kpis.get(r.id) ?? [];
    const m = money.get(r.id) ?? null;

    const rag = computeRag(
      {
        asOf,
        currency: CURRENCY,
        schedule: {
          plannedStart: r.plannedStart,
          plannedEnd: r.plannedEnd,
          actualEnd: r.actualEnd,
          missedGates: myReviews
            .filter((x) => x.status === 'open' && x.scheduled_date !== null && x.scheduled_date < asOf)
            .map((x) => ({ gate: x.gate, scheduledDate: x.scheduled_date! })),
        },
        budget: {
          approved: m?.budget.approved ?? null,
          eac: m?.budget.eac ?? null,
          burnIndex: m?.budget.burnIndex ?? null,
        },
        value: {
          kpis: myKpis.map((k) => ({ name: k.name, hasBaseline: k.baseline !== null, pctOfPlan: k.pctOfPlan })),
        },
        risk: {
          risks: myRisks.map((x) => ({
            title: x.pack.title,
            residualScore: x.pack.residualScore,
            appetite: x.appetite,
            aboveAppetiteUnaccepted: x.aboveAppetiteUnaccepted,
            actionOverdue: x.actionOverdue,
          })),
        },
        governance: {
          prohibited: r.riskTier === 'prohibited',
          phaseNumber: phase.n,
          phaseLabel: phase.label,
          entryGate,
          entry,
          pending: open ? { gate: open.gate, requestedAt: open.requested_at } : null,
          overdueConditions:
            overdue.length > 0
              ? { gate: overdue[0]!.gate, count: overdue.length, oldestDue: overdue[0]!.due_date }
              : null,
        },
      },
      t,
    );

    const live = r.status !== 'killed' && r.status !== 'retired';
    const next = open
      ? {
          gate: open.gate,
          label: gateInfo(open.gate).name,
          status: open.scheduled_date ? 'Scheduled' : 'Requested',
          dueDate: open.scheduled_date,
        }
      : live
        ? { gate: gateLeaving(r.phase).id, label: gateLeaving(r.phase).name, status: 'Not requested', dueDate: null }
        : null;

    // Decisions the board is asked for: Red means decide or rebaseline (§5.2), gates await a decision,
    // lapsed conditions need closing or waiving.
    if (rag.overall === 'red' && live) {
      decisions.push({
        initiativeId: r.id,
        initiativeName: r.name,
        decision: 'Recover, rebaseline or stop',
        why: rag.dimensions
          .filter((d) => d.rag === 'red')
          .map((d) => `${d.dimension}: ${d.reason}`)
          .join('; '),
        owner: r.sponsorName,
        deadline: open?.scheduled_date ?? null,
        consequence: 'Stays Red: the commitments are not achievable under the current plan',
      });
    }
    if (open) {
      decisions.push({
        initiativeId: r.id,
        initiativeName: r.name,
        decision: `Decide ${open.gate} (${gateInfo(open.gate).name})`,
        why: `Gate review requested ${open.requested_at.slice(0, 10)}${open.scheduled_date ? `, scheduled ${open.scheduled_date}` : ', not scheduled'}`,
        owner: r.sponsorName,
        deadline: open.scheduled_date,
        consequence: `Cannot leave ${phase.label} until the gate is decided`,
      });
    }
    for (const c of overdue) {
      decisions.push({
        initiativeId: r.id,
        initiativeName: r.name,
        decision: `Close or waive ${c.gate} condition: ${c.text}`,
        why: `Due ${c.due_date}, still open`,
        owner: c.owner,
        deadline: c.due_date,
        consequence: `The Conditional go at ${c.gate} lapses (governance Red)`,
      });
    }

    if (inWindow(r.plannedEnd) && r.actualEnd === null) {
      milestones.push({ initiativeId: r.id, initiativeName: r.name, what: 'Planned end', date: r.plannedEnd });
    }
    if (open && inWindow(open.scheduled_date)) {
      milestones.push({
        initiativeId: r.id,
        initiativeName: r.name,
        what: `${open.gate} gate review (${gateInfo(open.gate).name})`,
        date: open.scheduled_date,
      });
    }
    for (const c of conditions.get(r.id) ?? []) {
      if (inWindow(c.due_date)) {
        milestones.push({
          initiativeId: r.id,
          initiativeName: r.name,
          what: `${c.gate} condition due: ${c.text}`,
          date: c.due_date,
        });
      }
    }
    for (const x of myReviews) {
      gates.push({
        initiativeId: r.id,
        initiativeName: r.name,
        gate: x.gate,
        label: gateInfo(x.gate).name,
        status: x.status,
        decision: x.decision === null ? null : (DECISIONS.find((d) => d.id === x.decision)?.label ?? x.decision),
        requestedAt: x.requested_at,
        decidedAt: x.decided_at,
      });
    }

    return {
      id: r.id,
      name: r.name,
      businessUnit: r.businessUnit,
      description: r.description,
      tags: r.tags,
      type: INITIATIVE_TYPES.label(r.type),
      phase: r.phase,
      phaseLabel: phase.label,
      status: STATUSES.label(r.status),
      riskTier: RISK_TIERS.label(r.riskTier),
      sponsor: r.sponsorName,
      productOwner: r.productOwnerName,
      techLead: r.techLeadName,
      plannedStart: r.plannedStart,
      plannedEnd: r.plannedEnd,
      actualStart: r.actualStart,
      actualEnd: r.actualEnd,
      phaseEnteredAt: r.phaseEnteredAt,
      daysInPhase: Math.max(
        0,
        Math.floor((Date.parse(`${asOf}T23:59:59Z`) - Date.parse(r.phaseEnteredAt)) / 86_400_000),
      ),
      rag,
      value: m?.value ?? { realizedYtd: null, projectedAnnual: null, npv: null, roiPct: null },
      budget: m?.budget ?? { approved: null, actualToDate: null, eac: null, variancePct: null, burnIndex: null },
      kpis: myKpis,
      risks: myRisks.map((x) => x.pack),
      nextGate: next,
      signals: signalsBy.get(r.id) ?? [],
      monitoring: monitoring.get(r.id) ?? null,
    };
  });

  decisions.sort(
    (a, b) =>
      (a.deadline === null ? 1 : 0) - (b.deadline === null ? 1 : 0) ||
      (a.deadline ?? '').localeCompare(b.deadline ?? '') ||
      a.initiativeName.localeCompare(b.initiativeName),
  );
  milestones.sort((a, b) => a.date.localeCompare(b.date) || a.initiativeName.localeCompare(b.initiativeName));
  gates.sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));

  // Portfolio-wide risks (no initiative) belong to an unfiltered portfolio pack only.
  const scopeRisks = allRisks.filter((r) =>
    r.pack.initiativeId === null ? id === undefined && !narrowed(scope) : byId.has(r.pack.initiativeId),
  );
  const topRisks = scopeRisks.slice(0, TOP_RISKS).map((r) => r.pack);

  const byRag: Record<Rag, number> = { green: 0, amber: 0, red: 0 };
  for (const p of pack) byRag[p.rag.overall]++;
  const sum = (f: (p: PackInitiative) => number | null) => pack.reduce((a, p) => a + (f(p) ?? 0), 0);
  const totals: PackSnapshot['totals'] = {
    initiatives: pack.length,
    inProduction: initiatives.filter((r) => r.status === 'active' && phaseNumber(r.phase) >= 5).length,
    criticalRisks: scopeRisks.filter((r) => r.pack.residualScore >= CRITICAL_MIN).length,
    realizedValueYtd: sum((p) => p.value.realizedYtd),
    projectedValueAnnual: sum((p) => p.value.projectedAnnual),
    budgetApproved: sum((p) => p.budget.approved),
    spendToDate: sum((p) => p.budget.actualToDate),
    byPhase: PHASES.map((ph) => ({
      phase: ph.id,
      label: ph.label,
      count: pack.filter((p) => p.phase === ph.id).length,
    })),
    byRag,
  };

  let agents: PackSnapshot['agents'] = null;
  if (hasTable(db, 'agents')) {
    const aq = scoped(
      `SELECT initiative_id, autonomy_level, accountable_owner_id FROM agents WHERE status = 'active'`,
      id,
      'initiative_id',
    );
    const list = rows<{ initiative_id: number; autonomy_level: string | null; accountable_owner_id: number | null }>(
      db,
      aq.sql,
      aq.params,
    ).filter((a) => byId.has(a.initiative_id));
    const levels = new Map<string, number>();
    for (const a of list) {
      const key = a.autonomy_level === null ? 'Not set' : label(AUTONOMY_LEVELS.items, a.autonomy_level);
      levels.set(key, (levels.get(key) ?? 0) + 1);
    }
    agents = {
      total: list.length,
      byAutonomy: [...levels.entries()]
        .map(([level, count]) => ({ level, count }))
        .sort((a, b) => a.level.localeCompare(b.level)),
      withoutOwner: list.filter((a) => a.accountable_owner_id === null).length,
    };
  }

  const label0 = scopeLabel(scope, single);
  const snapshot: PackSnapshot = {
    version: 1,
    title: opts.title ?? `${label0} status pack`,
    scope: {
      kind: single ? 'initiative' : 'portfolio',
      ...(single ? { initiativeId: single.id } : {}),
      label: label0,
      ...(scope.filter ? { filter: scope.filter } : {}),
    },
    asOf,
    generatedAt: opts.now.toISOString(),
    generatedBy: opts.actor,
    currency: CURRENCY,
    headline: '',
    thresholds: t,
    totals,
    initiatives: pack,
    topRisks,
    decisions,
    gates,
    milestones,
    watchlist,
    agents,
    dataFreshness: freshness(db, asOf),
    definitions: PACK_DEFINITIONS,
    ragRules: ragRulesText(t),
  };
  snapshot.headline = packHeadline(snapshot);
  return snapshot;
}

/** 2–3 sentences for page 1 (§5.1 #1): what is live, what it earned against plan, what is at risk, the ask. */
export function packHeadline(s: PackSnapshot): string {
  const t = s.totals;
  const n = (x: number, one: string, many = `${one}s`) => `${x.toLocaleString('en-US')} ${x === 1 ? one : many}`;
  const withActuals = s.initiatives.some((i) => i.value.realizedYtd !== null);
  const value = withActuals
    ? `realized value ${formatMoney(t.realizedValueYtd, s.currency)} year to date (actuals), against ${formatMoney(t.projectedValueAnnual, s.currency)} a year projected`
    : `no realized value recorded yet (${formatMoney(t.projectedValueAnnual, s.currency)} a year projected)`;
  return [
    `${n(t.initiatives, 'initiative')}, ${t.inProduction} in production; ${value}.`,
    `RAG: ${t.byRag.red} Red, ${t.byRag.amber} Amber, ${t.byRag.green} Green; ${n(t.criticalRisks, 'Critical risk')}.`,
    s.decisions.length > 0
      ? `Ask: ${n(s.decisions.length, 'decision')} needed (see Decisions).`
      : 'No decisions needed.',
  ].join(' ');
}

/** Gate ids in order, for renderers that lay gates out on a line. */
export const GATE_ORDER: readonly string[] = GATES.map((g) => g.id);
