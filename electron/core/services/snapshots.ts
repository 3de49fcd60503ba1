import type { InitiativeStatus, InitiativeType, RiskTier } from '../../../shared/domain/enums';
import { isoFromEpochDay, type EpochDay } from '../../../shared/domain/governance/days';
import type { DecisionId, GateId } from '../../../shared/domain/governance/gates';
import { DEFAULT_SIGNAL_THRESHOLDS, type SignalThresholds } from '../../../shared/domain/governance/signals';
import type {
  AgentSnapshot,
  RoiSnapshot,
  RiskRegisterSnapshot,
  AutonomyLevel,
  EvidenceSnapshot,
  GateReviewSnapshot,
  InitiativeSnapshot,
  KpiCadence,
  KpiKind,
  KpiSnapshot,
  OwnerRef,
  TransitionSnapshot,
} from '../../../shared/domain/governance/snapshot';
import type { PhaseId } from '../../../shared/domain/phases';
import type { CostSnapshot, MonitoringSnapshot, SloSnapshot } from '../../../shared/domain/governance/snapshot';
import { costsById, monitoringById, slosById } from './metricsSnapshot';
import type { Db } from '../db/sqlite';
import {
  readAgentCells,
  readRoiCells,
  readRadarRiskCells,
  readRiskActionCells,
  readRiskCells,
  RISK_CRITICAL_MIN_SCORE,
  readAgentToolCells,
  readEvidenceCells,
  readGateReviewCells,
  readInitiativeCells,
  readKpiCells,
  readLatestMeasurementCells,
  readMeasurementCells,
  readRadarEvidenceCells,
  readRadarGateReviewCells,
  readScopeChangeCells,
  readTransitionCells,
  type InitiativeCells,
} from '../repositories/signals.repo';

/**
 * Governance snapshots (shared/domain/governance/snapshot.ts) built from the database with set-based reads:
 * the radar loads all of them at once (one statement per table, never one per initiative), a gate review
 * loads one (the same statements with `WHERE initiative_id = ?`) for its auto-checks.
 *
 * Each feature's part is read only when its tables exist, so a file from before that feature's migration
 * still loads: the part stays undefined and its rules say "not available" instead of "nothing there".
 */

/** A snapshot plus the name the report needs; the rules never read names. */
export interface Loaded {
  snapshot: InitiativeSnapshot;
  name: string;
  archivedDay: EpochDay | null;
}

/**
 * People cannot be deactivated yet and an owner id always points at a person (foreign key, ON DELETE
 * RESTRICT), so a set id is an active owner. `leftDay` joins once people get an end date.
 */
const owner = (id: number | null): OwnerRef | null => (id === null ? null : { personId: id, active: true });

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Groups the ordered transition rows by initiative in one pass. */
function transitionsById(db: Db, id?: number): Map<number, TransitionSnapshot[]> {
  const byId = new Map<number, TransitionSnapshot[]>();
  for (const [iid, toPhase, day] of readTransitionCells(db, id)) {
    if (day === null) continue; // A malformed stamp cannot be placed in time; the current phase still counts.
    push(byId, iid, { toPhase: toPhase as PhaseId, day });
  }
  return byId;
}

function scopeChangesById(db: Db, asOf: EpochDay, t: SignalThresholds, id?: number): Map<number, EpochDay[]> | null {
  const from = isoFromEpochDay(asOf - t.scopeChurnWindowDays + 1);
  const cells = readScopeChangeCells(db, from, isoFromEpochDay(asOf), id);
  if (cells === null) return null;
  const byId = new Map<number, EpochDay[]>();
  for (const [iid, day] of cells) push(byId, iid, day);
  return byId;
}

/**
 * KPIs with their measurements (§6). Kind and cadence are stored lower case and read upper case by the
 * rules. Finance verification does not exist yet, so no measurement counts as verified by finance.
 */
function kpisById(db: Db, asOf: EpochDay, radar: boolean, id?: number): Map<number, KpiSnapshot[]> | null {
  const kpis = readKpiCells(db, id);
  if (kpis === null) return null;
  const measurements = new Map<number, { day: EpochDay; verifiedByFinance: boolean }[]>();
  const cells = radar ? readLatestMeasurementCells(db, isoFromEpochDay(asOf)) : readMeasurementCells(db, id);
  for (const [kpiId, day] of cells ?? []) {
    if (day !== null) push(measurements, kpiId, { day, verifiedByFinance: false });
  }
  const byId = new Map<number, KpiSnapshot[]>();
  for (const [iid, kid, kind, cadence, created, bValue, bDay, bSource, tValue, tDay] of kpis) {
    push(byId, iid, {
      id: kid,
      kind: kind.toUpperCase() as KpiKind,
      cadence: cadence.toUpperCase() as KpiCadence,
      createdDay: created ?? asOf,
      baseline: bValue !== null && bDay !== null ? { value: bValue, day: bDay, source: bSource } : null,
      target: tValue !== null && tDay !== null ? { value: tValue, byDay: tDay } : null,
      measurements: measurements.get(kid) ?? NONE,
    });
  }
  return byId;
}

/** Gate reviews (held = decided; cancelled ones are not read) and the evidence gathered for them. */
function gateReviewsById(
  db: Db,
  asOf: EpochDay,
  radar: boolean,
  id?: number,
): Map<number, GateReviewSnapshot[]> | null {
  const cells = radar ? readRadarGateReviewCells(db, isoFromEpochDay(asOf)) : readGateReviewCells(db, id);
  if (cells === null) return null;
  const byId = new Map<number, GateReviewSnapshot[]>();
  for (const [iid, gate, scheduled, decided, decision] of cells) {
    push(byId, iid, {
      gate: gate as GateId,
      scheduledDay: scheduled,
      heldDay: decided,
      decision: (decision as DecisionId | null) ?? null,
    });
  }
  return byId;
}

function evidenceById(
  db: Db,
  asOf: EpochDay,
  t: SignalThresholds,
  radar: boolean,
  id?: number,
): Map<number, EvidenceSnapshot[]> | null {
  const cells = radar
    ? readRadarEvidenceCells(db, isoFromEpochDay(asOf), t.evidenceDefaultValidityDays)
    : readEvidenceCells(db, id);
  if (cells === null) return null;
  const byId = new Map<number, EvidenceSnapshot[]>();
  for (const [iid, eid, gate, added, validUntil] of cells) {
    push(byId, iid, { id: eid, gate: gate as GateId, submittedDay: added ?? asOf, validUntilDay: validUntil });
  }
  return byId;
}

function scopesOf(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return []; // The table's CHECK keeps this from happening; a hand-edited file must not break the radar.
  }
}

/** Active agents with their tool grants (§4.3). A kill switch with nothing set is no kill switch. */
function agentsById(db: Db, id?: number): Map<number, AgentSnapshot[]> | null {
  const agents = readAgentCells(db, id);
  if (agents === null) return null;
  const tools = new Map<number, { toolName: string; scopes: readonly string[] }[]>();
  for (const [agentId, toolName, scopes] of readAgentToolCells(db, id) ?? []) {
    push(tools, agentId, { toolName, scopes: scopesOf(scopes) });
  }
  const byId = new Map<number, AgentSnapshot[]>();
  for (const [iid, aid, key, accountable, autonomy, mechanism, ksOwner, procedure, tested] of agents) {
    const none = mechanism === null && ksOwner === null && procedure.trim() === '' && tested === null;
    push(byId, iid, {
      agentId: key,
      accountableOwnerId: accountable,
      autonomyLevel: autonomy as AutonomyLevel | null,
      tools: tools.get(aid) ?? NONE,
      killSwitch: none
        ? null
        : {
            mechanism: mechanism as NonNullable<AgentSnapshot['killSwitch']>['mechanism'],
            ownerId: ksOwner,
            procedure,
            lastTestedDay: tested,
          },
    });
  }
  return byId;
}

const NONE: readonly never[] = [];

const NO_TELEMETRY: MonitoringSnapshot = { lastHeartbeatDay: null, lastEvalRunDay: null };

interface Parts {
  transitions: Map<number, TransitionSnapshot[]>;
  scope: Map<number, EpochDay[]> | null;
  kpis: Map<number, KpiSnapshot[]> | null;
  gateReviews: Map<number, GateReviewSnapshot[]> | null;
  evidence: Map<number, EvidenceSnapshot[]> | null;
  agents: Map<number, AgentSnapshot[]> | null;
  roi: Map<number, RoiSnapshot> | null;
  risks: Map<number, RiskRegisterSnapshot> | null;
  risksRadar: boolean;
  monitoring: Map<number, MonitoringSnapshot> | null;
  costs: Map<number, CostSnapshot> | null;
  slos: Map<number, SloSnapshot[]> | null;
}

/** The ROI scenario that counts per initiative, as the §1.6 rules and the roi.* auto-checks read it. */
function roiById(db: Db, id?: number): Map<number, RoiSnapshot> | null {
  const cells = readRoiCells(db, id);
  if (cells === null) return null;
  const byId = new Map<number, RoiSnapshot>();
  for (const [iid, horizon, production, c0y1, pilot] of cells) {
    byId.set(iid, {
      horizonYears: horizon,
      hasProductionCostCategories: production === 1,
      productionCostC0PlusY1: c0y1,
      pilotActualCost: pilot,
    });
  }
  return byId;
}

type MutableRegister = {
  reviewDays: EpochDay[];
  criticalRisks: { id: number; nextReviewDay: EpochDay | null }[];
  treatments: { id: number; dueDay: EpochDay; completedDay: EpochDay | null }[];
  riskCount: number;
  aboveAppetiteUnaccepted?: number[];
};

function registerOf(m: Map<number, MutableRegister>, id: number, full: boolean): MutableRegister {
  let r = m.get(id);
  if (!r) {
    r = { reviewDays: [], criticalRisks: [], treatments: [], riskCount: 0 };
    if (full) r.aboveAppetiteUnaccepted = [];
    m.set(id, r);
  }
  return r;
}

/** The register of every initiative with risks (§2, §3.4 #12): all its risks and open treatment actions. */
function risksById(db: Db, asOf: EpochDay, id?: number): Map<number, RiskRegisterSnapshot> | null {
  const cells = readRiskCells(db, id);
  const actions = readRiskActionCells(db, id);
  if (cells === null || actions === null) return null;
  const byId = new Map<number, MutableRegister>();
  for (const [iid, rid, reviewDay, closed, score, appetite, nextReview, expires] of cells) {
    const r = registerOf(byId, iid, true);
    r.riskCount++;
    if (reviewDay !== null) r.reviewDays.push(reviewDay);
    if (closed === 1) continue;
    if (score >= RISK_CRITICAL_MIN_SCORE) r.criticalRisks.push({ id: rid, nextReviewDay: nextReview });
    if (score > appetite && (expires === null || expires < asOf)) r.aboveAppetiteUnaccepted!.push(rid);
  }
  for (const [iid, aid, due, completed] of actions) {
    if (due !== null) registerOf(byId, iid, true).treatments.push({ id: aid, dueDay: due, completedDay: completed });
  }
  return byId;
}

/**
 * The radar's narrowing of the register (see readRadarRiskCells): the latest review on or before as-of,
 * Critical risks already past their review date, actions overdue then. STALE_RISK_REGISTER gives the same
 * hit on it as on the full register.
 */
function radarRisksById(db: Db, asOf: EpochDay): Map<number, RiskRegisterSnapshot> | null {
  const cells = readRadarRiskCells(db, isoFromEpochDay(asOf));
  if (cells === null) return null;
  const byId = new Map<number, MutableRegister>();
  for (const [iid, count, last] of cells.summary) {
    const r = registerOf(byId, iid, false);
    r.riskCount = count;
    if (last !== null) r.reviewDays.push(last);
  }
  for (const [iid, rid, next] of cells.lateCritical) {
    registerOf(byId, iid, false).criticalRisks.push({ id: rid, nextReviewDay: next });
  }
  for (const [iid, aid, due, completed] of cells.overdueActions) {
    if (due !== null) registerOf(byId, iid, false).treatments.push({ id: aid, dueDay: due, completedDay: completed });
  }
  return byId;
}

const EMPTY_REGISTER: RiskRegisterSnapshot = {
  reviewDays: [],
  criticalRisks: [],
  treatments: [],
  riskCount: 0,
  aboveAppetiteUnaccepted: [],
};
const EMPTY_RADAR_REGISTER: RiskRegisterSnapshot = { reviewDays: [], criticalRisks: [], treatments: [], riskCount: 0 };

function readParts(db: Db, asOf: EpochDay, t: SignalThresholds, radar: boolean, id?: number): Parts {
  return {
    transitions: transitionsById(db, id),
    scope: scopeChangesById(db, asOf, t, id),
    kpis: kpisById(db, asOf, radar, id),
    gateReviews: gateReviewsById(db, asOf, radar, id),
    evidence: evidenceById(db, asOf, t, radar, id),
    agents: agentsById(db, id),
    roi: roiById(db, id),
    risks: radar ? radarRisksById(db, asOf) : risksById(db, asOf, id),
    risksRadar: radar,
    monitoring: monitoringById(db, id),
    costs: costsById(db, asOf, id),
    slos: slosById(db, asOf, id),
  };
}

function toSnapshot(c: InitiativeCells, p: Parts, asOf: EpochDay): Loaded {
  const [id, name, type, tier, status, phase, entered, created, sponsor, po, tl, archived] = c;
  // Unparseable stamps: treat as "as of today" so the initiative is not silently dropped or aged wrongly.
  const snapshot: InitiativeSnapshot = {
    id,
    type: type as InitiativeType,
    riskTier: tier as RiskTier,
    status: status as InitiativeStatus,
    createdDay: created ?? asOf,
    phase: phase as PhaseId,
    phaseEnteredDay: entered ?? asOf,
    owners: { sponsor: owner(sponsor), productOwner: owner(po), techLead: owner(tl) },
    // Features that do not exist yet (budget, risks, monitoring, cost, adoption) stay undefined: their
    // rules stay silent rather than report a finding about missing data.
  };
  const transitions = p.transitions.get(id);
  if (transitions) snapshot.transitions = transitions;
  // A part whose tables exist is an array, empty when the initiative has none: "none" is a finding.
  if (p.scope) snapshot.scopeChanges = p.scope.get(id) ?? NONE;
  if (p.kpis) snapshot.kpis = p.kpis.get(id) ?? NONE;
  if (p.gateReviews) snapshot.gateReviews = p.gateReviews.get(id) ?? NONE;
  if (p.evidence) snapshot.evidence = p.evidence.get(id) ?? NONE;
  if (p.agents) snapshot.agents = p.agents.get(id) ?? NONE;
  // With the table there, no scenario is null: "no ROI model", which the roi.model_exists check reports.
  if (p.roi) snapshot.roi = p.roi.get(id) ?? null;
  // With the tables there, an initiative without risks has an empty register (riskCount 0).
  if (p.risks) snapshot.riskRegister = p.risks.get(id) ?? (p.risksRadar ? EMPTY_RADAR_REGISTER : EMPTY_REGISTER);
  // With the connection tables there, an initiative without telemetry has never sent a heartbeat: in
  // production that is the NO_MONITORING_CONNECTION signal and a failed monitoring auto-check, not silence.
  if (p.monitoring) snapshot.monitoring = p.monitoring.get(id) ?? NO_TELEMETRY;
  const costs = p.costs?.get(id);
  if (costs) snapshot.costs = costs;
  const slos = p.slos?.get(id);
  if (slos) snapshot.slos = slos;
  return { snapshot, name, archivedDay: archived };
}

/**
 * `radar`: the snapshots feed only the signal rules (signals.ts) as of `asOf` with thresholds `t`, so the
 * big tables are narrowed in SQL to the rows those rules can read: per KPI the latest measurement on or
 * before as-of (KPI_NOT_MEASURED), gate reviews not yet held then or decided Recycle (GATE_OVERDUE,
 * RECYCLE_LOOP), expired evidence (STALE_EVIDENCE). The rules give the same hits; other readers (gate
 * auto-checks, which look at every measurement) must not use it.
 */
export interface LoadOptions {
  radar?: boolean;
}

/** Every initiative as a governance snapshot, from one set-based read per table. */
export function loadSnapshots(
  db: Db,
  asOf: EpochDay,
  t: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
  options: LoadOptions = {},
): Loaded[] {
  const parts = readParts(db, asOf, t, options.radar === true);
  return readInitiativeCells(db).map((c) => toSnapshot(c, parts, asOf));
}

/** One initiative as `loadSnapshots` gives it (empty when it does not exist), from its own rows only. */
export function loadOne(db: Db, id: number, asOf: EpochDay, t: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS): Loaded[] {
  const cells = readInitiativeCells(db, id)[0];
  return cells ? [toSnapshot(cells, readParts(db, asOf, t, false, id), asOf)] : [];
}

/** One initiative's snapshot (for a gate review's auto-checks), or null when it does not exist. Reads only its rows. */
export function loadSnapshot(
  db: Db,
  id: number,
  asOf: EpochDay,
  t: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): InitiativeSnapshot | null {
  return loadOne(db, id, asOf, t)[0]?.snapshot ?? null;
}
