import { z } from 'zod';
import {
  changePhaseInput,
  entityId,
  initiativeCreateInput,
  initiativeUpdateInput,
  isoDate,
  type Initiative,
  type InitiativeRow,
  type PhaseStint,
} from '../domain/initiative';
import { personCreateInput, personUpdateInput, type Person, type PersonRow } from '../domain/person';
import { kpiCreateInput, kpiUpdateInput, measurementAddInput, type KpiWithMeasurements } from '../domain/kpi';
import {
  agentCreateInput,
  agentDeleteInput,
  agentListInput,
  agentUpdateInput,
  type Agent,
  type AgentInventory,
} from '../domain/agent';
import type { PackedTable } from '../domain/portfolio';
import type { AuditTimelineEntry } from '../domain/audit';
import {
  signalNoteInput,
  signalRefInput,
  signalSnoozeInput,
  type SignalsReport,
  type SignalStateView,
  type ThresholdsView,
} from '../domain/watchlist';
import { setThresholdsInput } from '../domain/signalThresholds';
import { portfolioFlowInput, type PhaseFlow } from '../domain/flow';
import {
  roiFromTemplateInput,
  roiSaveInput,
  type RoiScenarioDetail,
  type RoiScenarioSummary,
} from '../domain/roiScenario';
import type { RoiPortfolio } from '../domain/roiPortfolio';
import {
  actualDeleteInput,
  actualListInput,
  actualSaveInput,
  planVsActualInput,
  type PlanVsActualView,
  type RoiActual,
} from '../domain/roiActuals';
import {
  conditionStatusInput,
  criterionResultInput,
  decideInput,
  evidenceAddInput,
  evidenceFileInput,
  gateRequestInput,
  gateSettingsInput,
  signOffInput,
  type ConditionView,
  type GateReviewDetail,
  type GateReviewSummary,
  type GateSettings,
} from '../domain/gateReview';
import {
  actionAddInput,
  actionUpdateInput,
  addFromLibraryInput,
  riskCellInput,
  riskCreateInput,
  riskHeatmapInput,
  riskListInput,
  riskReviewInput,
  riskTopInput,
  riskUpdateInput,
  type LibraryEntry,
  type Risk,
  type RiskHeatmap,
  type RiskPage,
  type RiskRow,
} from '../domain/risk';
import {
  BACKUP_LIMITS,
  type AppInfo,
  type BackupInfo,
  type BackupList,
  type BackupSettings,
  type HistoryState,
  type RestoreResult,
  type WorkspaceStatus,
} from '../domain/workspace';
import {
  connectionCreateInput,
  connectionPauseInput,
  connectionTestInput,
  connectionUpdateInput,
  type Connection,
  type Diagnosis,
} from '../domain/connections/connection';
import {
  bindingSaveInput,
  retentionInput,
  seriesInput,
  sloDeleteInput,
  sloSaveInput,
  spendInput,
  type Binding,
  type MonitoringOverview,
  type PresetDetection,
  type SeriesView,
  type SloStatus,
  type SpendView,
} from '../domain/connections/metrics';
import {
  importDeleteProfileInput,
  importPreviewInput,
  importRunInput,
  importSaveProfileInput,
  importSaveRejectsInput,
  type ImportPreview,
  type ImportResult,
  type ImportSource,
  type ProfileInfo,
} from '../domain/import/types';
import {
  exportHistoryInput,
  exportPackInput,
  exportSnapshotInput,
  exportTableInput,
  type ExportRecord,
  type PackSnapshot,
} from '../domain/pack/types';
import type { Result } from '../errors';

/** Channel names on the Electron transport. Everything goes through these two. */
export const IPC_INVOKE = 'fd:invoke';
export const IPC_EVENT = 'fd:event';

const none = z.strictObject({}).optional();
const byId = z.strictObject({ id: entityId });

/** The longest PNG data URL `export/png` takes: a 20 MB image in base64 with its prefix, rounded up. */
export const PNG_EXPORT_MAX_DATA_URL = 28_000_000;

/**
 * The one contract: every 'domain/verb' with its input schema. The router validates against
 * these before any handler runs, and the types below are derived from them.
 */
export const inputSchemas = {
  'app/info': none,
  /** Links leave the app only through here, to the OS browser, and only for web and mail addresses. */
  'app/openExternal': z.strictObject({
    url: z
      .string()
      .max(2048)
      .refine((u) => /^(https?:|mailto:)/i.test(u) && URL.canParse(u), 'Only http(s) and mailto links can be opened'),
  }),
  'workspace/status': none,
  'workspace/setup': z.strictObject({ mode: z.enum(['demo', 'empty']) }),
  /** Open, New and Save a copy ask the user for a path through the host's dialog; the renderer never sends a path. */
  'workspace/open': none,
  'workspace/create': none,
  'workspace/saveCopy': none,
  'workspace/openDefault': none,
  /** Open the file of the last failure again (after "in use": the other program may have let go). */
  'workspace/reopen': none,
  /** After a storage failure: check the file takes writes again and, if so, leave read-only mode. */
  'workspace/retryWrite': none,
  /** Backups of the open portfolio, or of the one that failed to open; checked with quick_check. */
  'backup/list': none,
  'backup/now': none,
  /** Restore by name from 'backup/list' (never a path). The damaged file is moved aside, not overwritten. */
  'backup/restore': z.strictObject({
    name: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[A-Za-z0-9._-]+$/, 'A backup name from the list'),
  }),
  'backup/settings': none,
  'backup/setSettings': z.strictObject({
    enabled: z.boolean(),
    keep: z.number().int().min(BACKUP_LIMITS.keepMin).max(BACKUP_LIMITS.keepMax),
    intervalMinutes: z.number().int().min(BACKUP_LIMITS.intervalMin).max(BACKUP_LIMITS.intervalMax),
  }),
  'initiative/list': z.strictObject({ includeArchived: z.boolean().optional() }).optional(),
  /** The portfolio table, packed for speed (see shared/domain/portfolio.ts). */
  'initiative/table': z.strictObject({ includeArchived: z.boolean().optional() }).optional(),
  'initiative/get': byId,
  'initiative/create': initiativeCreateInput,
  'initiative/update': initiativeUpdateInput,
  'initiative/changePhase': changePhaseInput,
  'initiative/archive': z.strictObject({ id: entityId, archived: z.boolean() }),
  'initiative/delete': byId,
  'initiative/businessUnits': none,
  'person/list': none,
  'person/create': personCreateInput,
  'person/update': personUpdateInput,
  'person/delete': byId,
  /** An initiative's KPIs, each with its measurements oldest first. */
  'kpi/list': z.strictObject({ initiativeId: entityId }),
  'kpi/create': kpiCreateInput,
  'kpi/update': kpiUpdateInput,
  /** Destructive (takes the measurements along): the UI confirms first; undo brings both back. */
  'kpi/delete': byId,
  'kpi/addMeasurement': measurementAddInput,
  'kpi/deleteMeasurement': byId,
  /** An initiative's agent inventory (§4.3), each agent with its tool grants, oldest first. */
  'agent/list': agentListInput,
  'agent/create': agentCreateInput,
  /** `patch.tools`, when given, replaces the whole tool list. */
  'agent/update': agentUpdateInput,
  /** Takes the tool grants along: the UI confirms first; undo brings both back. */
  'agent/delete': agentDeleteInput,
  /**
   * The risk register (issue 5), one window at a time for a virtualized table: filters, sort, offset and
   * limit (≤ 500) in; the total count and that window's rows out. Closed risks only when asked for.
   */
  'risk/list': riskListInput,
  /** One risk with its actions, controls, statement and flags. */
  'risk/get': byId,
  /** Field errors for scores outside 1–5, acceptance without approver or expiry, actions without owner. */
  'risk/create': riskCreateInput,
  /** `patch.controls`, when given, replaces the list; `patch.acceptance: null` withdraws the acceptance. */
  'risk/update': riskUpdateInput,
  /** Records a review held (default today); the next review date follows from the cadence. */
  'risk/review': riskReviewInput,
  /** Takes its actions and controls along: the UI confirms first; undo brings them back. */
  'risk/delete': byId,
  /** The library of common AI risks, pre-filled. */
  'risk/library': none,
  'risk/addFromLibrary': addFromLibraryInput,
  /** 5×5 counts of open risks (inherent or residual) for one initiative or the portfolio. */
  'risk/heatmap': riskHeatmapInput,
  /** The risks of one heatmap cell (drill-down), paged like risk/list. */
  'risk/cell': riskCellInput,
  /** Top open risks by residual score (default 5). */
  'risk/top': riskTopInput,
  'risk/addAction': actionAddInput,
  'risk/updateAction': actionUpdateInput,
  'risk/deleteAction': byId,
  /** Live connections (issue 6). Secrets go in through create/update/test only and never come back out. */
  'connection/list': none,
  'connection/create': connectionCreateInput,
  'connection/update': connectionUpdateInput,
  /** Destructive (bindings and alerts go with it; stored metric history stays): the UI confirms first. */
  'connection/delete': byId,
  /** Diagnoses a saved connection or an unsaved draft: which stage failed, or version and sample series. */
  'connection/test': connectionTestInput,
  'connection/pause': connectionPauseInput,
  /** Polls now, outside the schedule (also closes an open circuit breaker). */
  'connection/pollNow': byId,
  'binding/list': z.strictObject({ initiativeId: entityId }),
  'binding/save': bindingSaveInput,
  'binding/delete': byId,
  /** Lists the metric names a Prometheus connection exposes and which presets they match. */
  'binding/detect': z.strictObject({ connectionId: entityId }),
  'metrics/overview': z.strictObject({ initiativeId: entityId }),
  'metrics/series': seriesInput,
  'metrics/spend': spendInput,
  'metrics/retention': none,
  'metrics/setRetention': retentionInput,
  'slo/save': sloSaveInput,
  'slo/delete': sloDeleteInput,
  'history/state': none,
  'history/undo': none,
  'history/redo': none,
  /** An initiative's audit entries, newest first. */
  'audit/timeline': z.strictObject({ initiativeId: entityId, limit: z.number().int().min(1).max(1000).optional() }),
  /** The pilot-purgatory radar: every open signal as of a day (default: today), and the watchlist. */
  /** With `initiativeId`: that initiative's signals only (no portfolio-level ones, no watchlist ranking work). */
  'signals/list': z.strictObject({ asOf: isoDate.optional(), initiativeId: entityId.optional() }).optional(),
  /** A signal's lifecycle (see shared/domain/watchlist.ts): user decisions, undoable and audited. */
  'signals/acknowledge': signalNoteInput,
  /** `until` must be after today (field error). */
  'signals/snooze': signalSnoozeInput,
  'signals/resolve': signalNoteInput,
  'signals/reopen': signalRefInput,
  /** The radar's thresholds: effective values, defaults and the user's overrides. */
  'signals/thresholds': none,
  /** Replaces the overrides (what is left out goes back to its default); `{ overrides: {} }` resets all. */
  'signals/setThresholds': setThresholdsInput,
  /** Per phase: live initiatives in it now, and how many entered and left it in the last `days` (default 90). */
  'portfolio/flow': portfolioFlowInput,
  /** Gate reviews of one initiative, newest first. */
  'gate/list': z.strictObject({ initiativeId: entityId }),
  /** Open (not decided, not cancelled) reviews of the whole portfolio, for the board. */
  'gate/openReviews': none,
  'gate/get': byId,
  /** Opens a review of the gate leaving the initiative's current phase; one open review at a time. */
  'gate/request': gateRequestInput,
  /** Withdraws an open review (decided reviews are history and stay). */
  'gate/cancel': byId,
  'gate/setResult': criterionResultInput,
  'gate/addEvidence': evidenceAddInput,
  /** Asks the user for a file through the host's dialog, copies it into the data folder, stores its SHA-256. */
  'gate/addEvidenceFile': evidenceFileInput,
  'gate/removeEvidence': byId,
  'gate/signOff': signOffInput,
  'gate/removeSignOff': byId,
  /** Records the decision; Go / Conditional go move the phase on (override marked), checked by decisionAllowed. */
  'gate/decide': decideInput,
  'gate/setConditionStatus': conditionStatusInput,
  /** Conditions of Conditional go decisions still open across the portfolio, due first. */
  'gate/openConditions': none,
  'gate/settings': none,
  'gate/setSettings': gateSettingsInput,
  /** An initiative's ROI scenarios (figures only): baseline, approved, current, then what-ifs. */
  'roi/list': z.strictObject({ initiativeId: entityId }),
  /** One scenario with its model and the engine's evaluation. */
  'roi/get': byId,
  /** Creates (no id) or replaces a scenario; the model is checked by the ROI engine, issues under `model.`. */
  'roi/save': roiSaveInput,
  'roi/delete': byId,
  'roi/templates': none,
  'roi/fromTemplate': roiFromTemplateInput,
  /** The executive roll-up over the live portfolio. */
  'roi/portfolio': none,
  /** Plan vs actual: an initiative's actual cost and benefit entries, newest month first. */
  'roi/actuals/list': actualListInput,
  /** Creates (no id) or replaces an entry; months after the current one are refused (field error). */
  'roi/actuals/save': actualSaveInput,
  'roi/actuals/delete': actualDeleteInput,
  /** The plan (default: approved, else current, else baseline scenario) against the entries, to date. */
  'roi/planVsActual': planVsActualInput,
  /**
   * Saves a chart image: the host asks where (save dialog); the core checks it is a PNG (signature, 20 MB cap;
   * issues under `dataUrl`) and writes it atomically. Cancel answers `{ cancelled: true }`, not an error.
   */
  'export/png': z.strictObject({
    title: z.string().trim().min(1, 'Give the dialog a title').max(200),
    defaultName: z.string().trim().min(1, 'Give the file a name').max(200),
    dataUrl: z.string().max(PNG_EXPORT_MAX_DATA_URL, 'The image is larger than 20 MB'),
  }),
  /** Long jobs (import, export) take a renderer-chosen jobId; this stops one. */
  'job/cancel': z.strictObject({ jobId: z.string().min(1).max(100) }),
  'import/profiles': none,
  'import/saveProfile': importSaveProfileInput,
  'import/deleteProfile': importDeleteProfileInput,
  /** Asks for the file through the host's dialog; returns a token the other import channels take. */
  'import/open': none,
  'import/preview': importPreviewInput,
  'import/run': importRunInput,
  /** Saves the last run's rejects (row, column, reason) as CSV where the user chooses. */
  'import/saveRejects': importSaveRejectsInput,
  /** Writes a status pack where the user chooses (save dialog); stores its frozen snapshot and hash. */
  'export/pack': exportPackInput,
  'export/table': exportTableInput,
  'export/history': exportHistoryInput,
  'export/snapshot': exportSnapshotInput,
} as const;

export type Channel = keyof typeof inputSchemas;
export type Input<C extends Channel> = z.input<(typeof inputSchemas)[C]>;
export type ParsedInput<C extends Channel> = z.output<(typeof inputSchemas)[C]>;

export interface InitiativeDetail {
  initiative: InitiativeRow;
  history: PhaseStint[];
  daysInPhase: number;
}

export interface Outputs {
  'app/info': AppInfo;
  'app/openExternal': { opened: boolean };
  'workspace/status': WorkspaceStatus;
  'workspace/setup': WorkspaceStatus;
  'workspace/open': WorkspaceStatus;
  'workspace/create': WorkspaceStatus;
  'workspace/saveCopy': { path: string };
  'workspace/openDefault': WorkspaceStatus;
  'workspace/reopen': WorkspaceStatus;
  'workspace/retryWrite': WorkspaceStatus;
  'backup/list': BackupList;
  'backup/now': BackupInfo;
  'backup/restore': RestoreResult;
  'backup/settings': BackupSettings;
  'backup/setSettings': BackupSettings;
  'initiative/list': InitiativeRow[];
  'initiative/table': PackedTable;
  'initiative/get': InitiativeDetail;
  'initiative/create': Initiative;
  'initiative/update': Initiative;
  'initiative/changePhase': Initiative;
  'initiative/archive': Initiative;
  'initiative/delete': { id: number };
  'initiative/businessUnits': string[];
  'person/list': PersonRow[];
  'person/create': Person;
  'person/update': Person;
  'person/delete': { id: number };
  'kpi/list': KpiWithMeasurements[];
  'kpi/create': KpiWithMeasurements;
  'kpi/update': KpiWithMeasurements;
  'kpi/delete': { id: number };
  'kpi/addMeasurement': KpiWithMeasurements;
  'kpi/deleteMeasurement': KpiWithMeasurements;
  'agent/list': AgentInventory;
  'agent/create': Agent;
  'agent/update': Agent;
  'agent/delete': { id: number };
  'risk/list': RiskPage;
  'risk/get': Risk;
  'risk/create': Risk;
  'risk/update': Risk;
  'risk/review': Risk;
  'risk/delete': { id: number };
  'risk/library': LibraryEntry[];
  'risk/addFromLibrary': Risk;
  'risk/heatmap': RiskHeatmap;
  'risk/cell': RiskPage;
  'risk/top': RiskRow[];
  'risk/addAction': Risk;
  'risk/updateAction': Risk;
  'risk/deleteAction': Risk;
  'connection/list': Connection[];
  'connection/create': Connection;
  'connection/update': Connection;
  'connection/delete': { id: number };
  'connection/test': Diagnosis;
  'connection/pause': Connection;
  'connection/pollNow': Connection;
  'binding/list': Binding[];
  'binding/save': Binding;
  'binding/delete': { id: number };
  'binding/detect': PresetDetection[];
  'metrics/overview': MonitoringOverview;
  'metrics/series': SeriesView;
  'metrics/spend': SpendView;
  'metrics/retention': { rawDays: number };
  'metrics/setRetention': { rawDays: number };
  'slo/save': SloStatus[];
  'slo/delete': SloStatus[];
  'history/state': HistoryState;
  'history/undo': HistoryState;
  'history/redo': HistoryState;
  'audit/timeline': AuditTimelineEntry[];
  'signals/list': SignalsReport;
  'signals/acknowledge': SignalStateView;
  'signals/snooze': SignalStateView;
  'signals/resolve': SignalStateView;
  'signals/reopen': SignalStateView;
  'signals/thresholds': ThresholdsView;
  'signals/setThresholds': ThresholdsView;
  'portfolio/flow': PhaseFlow[];
  'gate/list': GateReviewSummary[];
  'gate/openReviews': (GateReviewSummary & { initiativeName: string })[];
  'gate/get': GateReviewDetail;
  'gate/request': GateReviewDetail;
  'gate/cancel': GateReviewSummary;
  'gate/setResult': GateReviewDetail;
  'gate/addEvidence': GateReviewDetail;
  'gate/addEvidenceFile': GateReviewDetail;
  'gate/removeEvidence': GateReviewDetail;
  'gate/signOff': GateReviewDetail;
  'gate/removeSignOff': GateReviewDetail;
  'gate/decide': GateReviewDetail;
  'gate/setConditionStatus': ConditionView;
  'gate/openConditions': (ConditionView & { initiativeId: number; initiativeName: string; gate: string })[];
  'gate/settings': GateSettings;
  'gate/setSettings': GateSettings;
  'roi/list': RoiScenarioSummary[];
  'roi/get': RoiScenarioDetail;
  'roi/save': RoiScenarioDetail;
  'roi/delete': { id: number };
  'roi/templates': { id: string; name: string; description: string }[];
  'roi/fromTemplate': RoiScenarioDetail;
  'roi/portfolio': RoiPortfolio;
  'roi/actuals/list': RoiActual[];
  'roi/actuals/save': RoiActual;
  'roi/actuals/delete': { id: number };
  'roi/planVsActual': PlanVsActualView;
  'export/png': { path: string } | { cancelled: true };
  'job/cancel': { cancelled: boolean };
  'import/profiles': ProfileInfo[];
  'import/saveProfile': ProfileInfo;
  'import/deleteProfile': { id: number };
  'import/open': ImportSource;
  'import/preview': ImportPreview;
  'import/run': ImportResult;
  'import/saveRejects': { path: string } | { cancelled: true };
  'export/pack': ({ path: string } & ExportRecord) | { cancelled: true };
  'export/table': { path: string } | { cancelled: true };
  'export/history': ExportRecord[];
  'export/snapshot': ExportRecord & { snapshot: PackSnapshot };
}

export type Output<C extends Channel> = Outputs[C];

/** The handler table the core provides and both transports (ipcMain, the browser harness) call. */
export type Handlers = { [C in Channel]: (input: ParsedInput<C>) => Promise<Output<C>> | Output<C> };

/** Pushes from the host to the renderer. */
export interface AppEvents {
  /** Tables written by the last change; the renderer refetches what reads them. */
  'db/changed': { tables: string[] };
  'workspace/changed': WorkspaceStatus;
  'history/changed': HistoryState;
  /** A menu item or accelerator the host owns (File > Open, ...), forwarded to the renderer. */
  'menu/command': { command: MenuCommand };
  /** Progress of a long job the renderer started with this jobId. `phase` says what is being done. */
  'job/progress': { jobId: string; phase: string; done: number; total: number };
}
export type EventName = keyof AppEvents;

export const MENU_COMMANDS = [
  'file/new',
  'file/open',
  'file/saveCopy',
  'file/import',
  'file/exportPack',
  'file/backups',
  'initiative/new',
  'edit/undo',
  'edit/redo',
  'view/palette',
  'view/filter',
] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** What the preload (or the harness) puts on window.flightdeck. Nothing else crosses. */
export interface FlightdeckBridge {
  invoke<C extends Channel>(channel: C, input?: Input<C>): Promise<Result<Output<C>>>;
  on<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void;
}

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(inputSchemas, name);
}
