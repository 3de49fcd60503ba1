import type { HistoryState } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import type { Db } from '../db/sqlite';
import {
  deleteInitiative,
  deleteTransitions,
  getInitiativeRecord,
  insertInitiative,
  insertTransition,
  listTransitionRecords,
  updateInitiativeColumns,
  type InitiativeRecord,
  type TransitionRecord,
} from '../repositories/initiatives.repo';
import {
  deletePerson,
  getPersonRecord,
  insertPerson,
  updatePerson,
  type PersonRecord,
} from '../repositories/people.repo';
import {
  deleteKpi,
  deleteMeasurementsOf,
  getKpiRecord,
  insertKpi,
  insertMeasurement,
  listInitiativeMeasurementRecords,
  listKpiRecords,
  listMeasurementRecords,
  updateKpi,
  type KpiRecord,
  type MeasurementRecord,
} from '../repositories/kpis.repo';
import {
  deleteAgent,
  deleteAgentToolsOf,
  getAgentRecord,
  insertAgent,
  insertAgentTool,
  listAgentRecords,
  listAgentToolRecords,
  listInitiativeAgentToolRecords,
  updateAgent,
  type AgentRecord,
  type AgentToolRecord,
} from '../repositories/agents.repo';
import {
  GATE_SETTINGS_KEY,
  auditedReview,
  parseGateSettingsValue,
  captureReview,
  captureReviewsOf,
  deleteReview,
  getReviewRecord,
  restoreReview,
  type GateReviewAggregate,
  type GateReviewRecord,
} from '../repositories/gates.repo';
import { deleteSetting, getSetting, setSetting } from '../repositories/settings.repo';
import {
  deleteScenario,
  getScenarioRecord,
  insertScenario,
  listScenarioRecords,
  updateScenario,
  type RoiScenarioRecord,
} from '../repositories/roi.repo';
import {
  deleteActual,
  getActualRecord,
  insertActual,
  listActualRecords,
  updateActual,
  type RoiActualRecord,
} from '../repositories/roiActuals.repo';
import {
  captureSignal,
  captureThresholds,
  restoreSignal,
  restoreThresholds,
  type SignalSnapshot,
  type ThresholdsSnapshot,
} from '../repositories/signalStates.repo';
import { THRESHOLDS_SETTING_KEY } from '../../../shared/domain/signalThresholds';
import {
  deleteActionsOf as deleteRiskActionsOf,
  deleteControlsOf as deleteRiskControlsOf,
  deleteRisk,
  getRiskRecord,
  insertAction as insertRiskAction,
  insertControl as insertRiskControl,
  insertRisk,
  listActionRecords as listRiskActionRecords,
  listControlRecords as listRiskControlRecords,
  listInitiativeActionRecords as listInitiativeRiskActionRecords,
  listInitiativeControlRecords as listInitiativeRiskControlRecords,
  listInitiativeRiskRecords,
  updateRisk,
  type RiskActionRecord,
  type RiskControlRecord,
  type RiskRecord,
} from '../repositories/risks.repo';
import {
  listBindingRecords,
  listSloRecords,
  restoreBindingRecord,
  upsertSlo,
  type BindingRecord,
  type SloRecord,
} from '../repositories/metrics.repo';
import { appendAudit, auditPair, type AuditEvent, type AuditMeta, type AuditWriter } from '../audit/audit.repo';

/** Which aggregate a change touches. Later features add kinds (and their child rows) here. */
export type EntityRef =
  | { kind: 'initiative'; id: number }
  /** A risk with its treatment actions and linked controls. */
  | { kind: 'risk'; id: number }
  | { kind: 'person'; id: number }
  | { kind: 'kpi'; id: number }
  | { kind: 'agent'; id: number }
  | { kind: 'signal'; id: number; ruleId: string }
  | { kind: 'signalThresholds'; id: 0 }
  | { kind: 'gateReview'; id: number }
  /** The gate settings (one settings row); id is always 0. */
  | { kind: 'gateSettings'; id: 0 }
  | { kind: 'roiScenario'; id: number }
  | { kind: 'roiActual'; id: number };

type Snapshot =
  | {
      kind: 'initiative';
      id: number;
      record: InitiativeRecord | null;
      transitions: TransitionRecord[];
      /** Cascaded away with the initiative; kept so undoing its delete brings them back too. */
      kpis: KpiRecord[];
      measurements: MeasurementRecord[];
      /** Also cascaded away; absent in the snapshot of an initiative that did not exist. */
      agents?: AgentRecord[];
      agentTools?: AgentToolRecord[];
      /** Gate reviews with their results, evidence, sign-offs and conditions (cascaded away too). */
      gateReviews?: GateReviewAggregate[];
      /** ROI scenarios (cascaded away too). */
      roiScenarios?: RoiScenarioRecord[];
      /** Risks with their actions and controls (cascaded away too). */
      risks?: RiskRecord[];
      riskActions?: RiskActionRecord[];
      riskControls?: RiskControlRecord[];
      /** Plan-vs-actual entries (cascaded away too). */
      roiActuals?: RoiActualRecord[];
      /** Telemetry bindings and SLOs (cascaded away too); metric series have no FK and simply re-attach. */
      bindings?: BindingRecord[];
      slos?: SloRecord[];
    }
  | {
      kind: 'risk';
      id: number;
      record: RiskRecord | null;
      actions: RiskActionRecord[];
      controls: RiskControlRecord[];
    }
  | { kind: 'person'; id: number; record: PersonRecord | null }
  | { kind: 'kpi'; id: number; record: KpiRecord | null; measurements: MeasurementRecord[] }
  | { kind: 'agent'; id: number; record: AgentRecord | null; tools: AgentToolRecord[] }
  | { kind: 'gateReview'; id: number; record: GateReviewRecord | null; review: GateReviewAggregate | null }
  | { kind: 'gateSettings'; id: 0; record: { value: string } | null }
  | { kind: 'roiScenario'; id: number; record: RoiScenarioRecord | null }
  | { kind: 'roiActual'; id: number; record: RoiActualRecord | null }
  | SignalSnapshot
  | ThresholdsSnapshot;

interface Entry {
  label: string;
  tables: string[];
  before: Snapshot[];
  after: Snapshot[];
}

const TABLES: Record<EntityRef['kind'], string[]> = {
  // An initiative delete cascades to its KPIs, and undoing it brings them back.
  initiative: [
    'initiatives',
    'phase_transitions',
    'kpis',
    'kpi_measurements',
    'agents',
    'agent_tools',
    'gate_reviews',
    'gate_criterion_results',
    'gate_evidence',
    'gate_signoffs',
    'gate_conditions',
    'roi_scenarios',
    'risks',
    'risk_actions',
    'risk_controls',
    'roi_actuals',
    'connection_bindings',
    'slos',
    'audit_log',
  ],
  risk: ['risks', 'risk_actions', 'risk_controls', 'audit_log'],
  person: ['people', 'initiatives', 'audit_log'],
  kpi: ['kpis', 'kpi_measurements', 'audit_log'],
  agent: ['agents', 'agent_tools', 'audit_log'],
  signal: ['signal_states', 'audit_log'],
  signalThresholds: ['settings', 'audit_log'],
  gateReview: [
    'gate_reviews',
    'gate_criterion_results',
    'gate_evidence',
    'gate_signoffs',
    'gate_conditions',
    'audit_log',
  ],
  gateSettings: ['settings', 'audit_log'],
  roiScenario: ['roi_scenarios', 'audit_log'],
  roiActual: ['roi_actuals', 'audit_log'],
};

/**
 * The audited form of a snapshot: the aggregate's own row. Phase transitions are left out: they are
 * already an append-only history with who, when and why, and the phase change shows in the row's diff.
 */
function audited(s: Snapshot): Record<string, unknown> | null {
  if (!s.record) return null;
  // A KPI's measurements are part of it (no life of their own), so adding one shows as a KPI update.
  if (s.kind === 'kpi') {
    return { ...s.record, measurements: s.measurements.map((m) => ({ period_end: m.period_end, value: m.value })) };
  }
  // Likewise an agent's tool grants, with their scopes as the array they are.
  if (s.kind === 'agent') {
    return {
      ...s.record,
      tools: s.tools.map((t) => ({ tool_name: t.tool_name, scopes: JSON.parse(t.scopes) as unknown })),
    };
  }
  // A gate review's results, evidence, sign-offs and conditions, compactly (see auditedReview).
  if (s.kind === 'gateReview') return s.review ? auditedReview(s.review) : null;
  if (s.kind === 'gateSettings') return { value: parseGateSettingsValue(s.record.value) };
  // A risk's actions and controls are part of it, like an agent's tools.
  if (s.kind === 'risk') {
    return {
      ...s.record,
      taxonomy_refs: JSON.parse(s.record.taxonomy_refs) as unknown,
      actions: s.actions.map(({ risk_id: _r, ...a }) => a),
      controls: s.controls.map(({ risk_id: _r, ...c }) => c),
    };
  }
  // The model as the JSON it is, so a timeline entry can show which lines changed.
  if (s.kind === 'roiScenario') return { ...s.record, model_json: JSON.parse(s.record.model_json) as unknown };
  return { ...s.record };
}

/** One audit event per aggregate that actually changed; the verb comes from the snapshots. */
function auditEvents(label: string, before: Snapshot[], after: Snapshot[], action?: string): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const a of after) {
    const b = before.find((x) => x.kind === a.kind && x.id === a.id);
    const pair = auditPair(b ? audited(b) : null, audited(a));
    if (!pair) continue;
    const verb = pair.before === null ? 'create' : pair.after === null ? 'delete' : 'update';
    events.push({ action: action ?? `${a.kind}.${verb}`, label, kind: a.kind, id: a.id, ...pair });
  }
  return events;
}

export interface HistoryOptions {
  /** Who and when, read at each change. */
  meta: () => AuditMeta;
  /** The audit log writer; the bench swaps in a no-op to measure what the log costs. */
  writeAudit?: AuditWriter;
}

function capture(db: Db, ref: EntityRef): Snapshot {
  if (ref.kind === 'signal') return captureSignal(db, ref.id, ref.ruleId);
  if (ref.kind === 'signalThresholds') return captureThresholds(db, THRESHOLDS_SETTING_KEY);
  if (ref.kind === 'initiative') {
    const record = getInitiativeRecord(db, ref.id);
    if (!record) return { kind: 'initiative', id: ref.id, record, transitions: [], kpis: [], measurements: [] };
    return {
      kind: 'initiative',
      id: ref.id,
      record,
      transitions: listTransitionRecords(db, ref.id),
      kpis: listKpiRecords(db, ref.id),
      measurements: listInitiativeMeasurementRecords(db, ref.id),
      agents: listAgentRecords(db, ref.id),
      agentTools: listInitiativeAgentToolRecords(db, ref.id),
      gateReviews: captureReviewsOf(db, ref.id),
      roiScenarios: listScenarioRecords(db, ref.id),
      risks: listInitiativeRiskRecords(db, ref.id),
      riskActions: listInitiativeRiskActionRecords(db, ref.id),
      riskControls: listInitiativeRiskControlRecords(db, ref.id),
      roiActuals: listActualRecords(db, ref.id),
      bindings: listBindingRecords(db, ref.id),
      slos: listSloRecords(db, ref.id),
    };
  }
  if (ref.kind === 'risk') {
    const record = getRiskRecord(db, ref.id);
    return {
      kind: 'risk',
      id: ref.id,
      record,
      actions: record ? listRiskActionRecords(db, ref.id) : [],
      controls: record ? listRiskControlRecords(db, ref.id) : [],
    };
  }
  if (ref.kind === 'roiScenario') return { kind: 'roiScenario', id: ref.id, record: getScenarioRecord(db, ref.id) };
  if (ref.kind === 'roiActual') return { kind: 'roiActual', id: ref.id, record: getActualRecord(db, ref.id) };
  if (ref.kind === 'gateReview') {
    const review = captureReview(db, ref.id);
    return { kind: 'gateReview', id: ref.id, record: review?.record ?? null, review };
  }
  if (ref.kind === 'gateSettings') {
    const value = getSetting(db, GATE_SETTINGS_KEY);
    return { kind: 'gateSettings', id: 0, record: value === null ? null : { value } };
  }
  if (ref.kind === 'agent') {
    const record = getAgentRecord(db, ref.id);
    return { kind: 'agent', id: ref.id, record, tools: record ? listAgentToolRecords(db, ref.id) : [] };
  }
  if (ref.kind === 'kpi') {
    const record = getKpiRecord(db, ref.id);
    return { kind: 'kpi', id: ref.id, record, measurements: record ? listMeasurementRecords(db, ref.id) : [] };
  }
  return { kind: 'person', id: ref.id, record: getPersonRecord(db, ref.id) };
}

/** Puts an aggregate back exactly as captured. Updates in place so rows that hang off it are not cascaded away. */
function restore(db: Db, s: Snapshot): void {
  if (s.kind === 'signal') return restoreSignal(db, s);
  if (s.kind === 'signalThresholds') return restoreThresholds(db, THRESHOLDS_SETTING_KEY, s);
  if (s.kind === 'initiative') {
    const exists = getInitiativeRecord(db, s.id) !== null;
    if (!s.record) {
      if (exists) deleteInitiative(db, s.id);
      return;
    }
    if (exists) updateInitiativeColumns(db, s.id, s.record);
    else insertInitiative(db, s.record);
    deleteTransitions(db, s.id);
    for (const t of s.transitions) insertTransition(db, t);
    // Only a re-created initiative needs its KPIs back; a live one's KPIs have their own history entries.
    if (!exists) {
      for (const k of s.kpis) insertKpi(db, k);
      for (const m of s.measurements) insertMeasurement(db, m);
      for (const a of s.agents ?? []) insertAgent(db, a);
      for (const t of s.agentTools ?? []) insertAgentTool(db, t);
      for (const g of s.gateReviews ?? []) restoreReview(db, g);
      for (const r of s.roiScenarios ?? []) insertScenario(db, r);
      for (const r of s.risks ?? []) insertRisk(db, r);
      for (const a of s.riskActions ?? []) insertRiskAction(db, a);
      for (const c of s.riskControls ?? []) insertRiskControl(db, c);
      for (const a of s.roiActuals ?? []) insertActual(db, a);
      for (const b of s.bindings ?? []) restoreBindingRecord(db, b);
      for (const o of s.slos ?? []) upsertSlo(db, o);
    }
    return;
  }
  if (s.kind === 'risk') {
    const exists = getRiskRecord(db, s.id) !== null;
    if (!s.record) {
      if (exists) deleteRisk(db, s.id);
      return;
    }
    if (exists) updateRisk(db, s.record);
    else insertRisk(db, s.record);
    deleteRiskActionsOf(db, s.id);
    for (const a of s.actions) insertRiskAction(db, a);
    deleteRiskControlsOf(db, s.id);
    for (const c of s.controls) insertRiskControl(db, c);
    return;
  }
  if (s.kind === 'gateReview') {
    if (!s.review) {
      if (getReviewRecord(db, s.id)) deleteReview(db, s.id);
    } else restoreReview(db, s.review);
    return;
  }
  if (s.kind === 'roiScenario') {
    const exists = getScenarioRecord(db, s.id) !== null;
    if (!s.record) {
      if (exists) deleteScenario(db, s.id);
    } else if (exists) updateScenario(db, s.record);
    else insertScenario(db, s.record);
    return;
  }
  if (s.kind === 'roiActual') {
    const exists = getActualRecord(db, s.id) !== null;
    if (!s.record) {
      if (exists) deleteActual(db, s.id);
    } else if (exists) updateActual(db, s.record);
    else insertActual(db, s.record);
    return;
  }
  if (s.kind === 'gateSettings') {
    if (s.record) setSetting(db, GATE_SETTINGS_KEY, s.record.value);
    else deleteSetting(db, GATE_SETTINGS_KEY);
    return;
  }
  if (s.kind === 'agent') {
    const exists = getAgentRecord(db, s.id) !== null;
    if (!s.record) {
      if (exists) deleteAgent(db, s.id);
      return;
    }
    if (exists) updateAgent(db, s.record);
    else insertAgent(db, s.record);
    deleteAgentToolsOf(db, s.id);
    for (const t of s.tools) insertAgentTool(db, t);
    return;
  }
  if (s.kind === 'kpi') {
    const exists = getKpiRecord(db, s.id) !== null;
    if (!s.record) {
      if (exists) deleteKpi(db, s.id);
      return;
    }
    if (exists) updateKpi(db, s.record);
    else insertKpi(db, s.record);
    deleteMeasurementsOf(db, s.id);
    for (const m of s.measurements) insertMeasurement(db, m);
    return;
  }
  const exists = getPersonRecord(db, s.id) !== null;
  if (!s.record) {
    if (exists) deletePerson(db, s.id);
  } else if (exists) updatePerson(db, s.record);
  else insertPerson(db, s.record);
}

/** The snapshot of an aggregate that did not exist yet (a created row's "before"). */
function absent(r: EntityRef): Snapshot {
  if (r.kind === 'signal') return { kind: 'signal', id: r.id, ruleId: r.ruleId, record: null };
  if (r.kind === 'signalThresholds') return { kind: 'signalThresholds', id: 0, raw: null, record: null };
  if (r.kind === 'initiative')
    return { kind: 'initiative', id: r.id, record: null, transitions: [], kpis: [], measurements: [] };
  if (r.kind === 'kpi') return { kind: 'kpi', id: r.id, record: null, measurements: [] };
  if (r.kind === 'agent') return { kind: 'agent', id: r.id, record: null, tools: [] };
  if (r.kind === 'gateReview') return { kind: 'gateReview', id: r.id, record: null, review: null };
  if (r.kind === 'gateSettings') return { kind: 'gateSettings', id: 0, record: null };
  if (r.kind === 'roiScenario') return { kind: 'roiScenario', id: r.id, record: null };
  if (r.kind === 'risk') return { kind: 'risk', id: r.id, record: null, actions: [], controls: [] };
  if (r.kind === 'roiActual') return { kind: 'roiActual', id: r.id, record: null };
  return { kind: 'person', id: r.id, record: null };
}

const LIMIT = 200;

/**
 * Session undo/redo over aggregate snapshots. Every change goes through `record`, which runs the
 * mutation and the snapshots in one transaction, so history and data never disagree.
 */
export class History {
  private undoStack: Entry[] = [];
  private redoStack: Entry[] = [];
  private readonly writeAudit: AuditWriter;

  constructor(private readonly options: HistoryOptions) {
    this.writeAudit = options.writeAudit ?? appendAudit;
  }

  record<T>(
    db: Db,
    label: string,
    refs: (rows: T | undefined) => EntityRef[],
    mutate: () => T,
  ): { result: T; tables: string[] } {
    return db.transaction(() => {
      // Refs may depend on the result (a created row's id), so "before" uses the refs known up front.
      const known = refs(undefined);
      const before = known.map((r) => capture(db, r));
      const result = mutate();
      const all = refs(result);
      for (const r of all) {
        if (!known.some((k) => k.kind === r.kind && k.id === r.id)) {
          before.push(absent(r));
        }
      }
      const after = all.map((r) => capture(db, r));
      // Same transaction as the change: both commit, or neither does.
      this.writeAudit(db, this.options.meta(), auditEvents(label, before, after));
      const tables = [...new Set(all.flatMap((r) => TABLES[r.kind]))];
      this.undoStack.push({ label, tables, before, after });
      if (this.undoStack.length > LIMIT) this.undoStack.shift();
      this.redoStack = [];
      return { result, tables };
    })();
  }

  undo(db: Db): { label: string; tables: string[] } {
    const entry = this.undoStack.at(-1);
    if (!entry) throw new AppError('NOTHING_TO_UNDO', 'There is nothing to undo.');
    this.apply(db, [...entry.before].reverse(), 'undo', entry.label);
    this.undoStack.pop();
    this.redoStack.push(entry);
    return { label: entry.label, tables: entry.tables };
  }

  redo(db: Db): { label: string; tables: string[] } {
    const entry = this.redoStack.at(-1);
    if (!entry) throw new AppError('NOTHING_TO_UNDO', 'There is nothing to redo.');
    this.apply(db, entry.after, 'redo', entry.label);
    this.redoStack.pop();
    this.undoStack.push(entry);
    return { label: entry.label, tables: entry.tables };
  }

  private apply(db: Db, snapshots: Snapshot[], action: 'undo' | 'redo', label: string): void {
    try {
      db.transaction(() => {
        // "Before" is what the file holds now, not what the entry remembers, so the log tells the truth.
        const current = snapshots.map((s) => capture(db, s));
        for (const s of snapshots) restore(db, s);
        this.writeAudit(db, this.options.meta(), auditEvents(label, current, snapshots, action));
      })();
    } catch (e) {
      throw new AppError('CONFLICT', `Could not undo: ${(e as Error).message}`);
    }
  }

  clear(): void {
    this.undoStack = [];
    this.redoStack = [];
  }

  state(): HistoryState {
    const u = this.undoStack.at(-1);
    const r = this.redoStack.at(-1);
    return { canUndo: !!u, undoLabel: u?.label ?? null, canRedo: !!r, redoLabel: r?.label ?? null };
  }
}
