import { z } from 'zod';
import { PHASE_IDS, type PhaseId } from '../phases';
import { entityId } from '../initiative';

/**
 * Status packs (issue 7; domain.md §5): a frozen `PackSnapshot` of what a pack shows, computed once in the core
 * and then rendered to PDF, PPTX, XLSX, Markdown or CSV. Renderers read only the snapshot, so the stored
 * snapshot (with its SHA-256) is exactly what the file showed.
 */

export const EXPORT_FORMATS = ['pdf', 'pptx', 'xlsx', 'md', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type Rag = 'green' | 'amber' | 'red';
export const RAG_DIMENSIONS = ['schedule', 'budget', 'value', 'risk', 'governance'] as const;
export type RagDimension = (typeof RAG_DIMENSIONS)[number];

export interface RagCall {
  dimension: RagDimension;
  rag: Rag;
  /** Why, in words a board member reads: the figure and the written threshold it crossed. */
  reason: string;
}

export interface InitiativeRag {
  /** Worst of the dimensions (domain.md §5.2). */
  overall: Rag;
  dimensions: RagCall[];
}

/** The written thresholds the pack applies and prints (domain.md §5.2 defaults). */
export interface RagThresholds {
  scheduleAmberSlipPct: number; // 5
  scheduleRedSlipPct: number; // 15
  budgetAmberEacPct: number; // 105
  budgetRedEacPct: number; // 110
  burnAmber: number; // 1.10
  burnRed: number; // 1.30
  valueGreenPct: number; // 90
  valueRedPct: number; // 70
  approvalPendingAmberDays: number; // 30
}

export interface PackKpi {
  name: string;
  unit: string;
  direction: 'increase' | 'decrease';
  baseline: number | null;
  current: number | null;
  target: number | null;
  /** Share of the planned baseline→target trajectory achieved, 0..100+ (null without baseline/target/current). */
  pctOfPlan: number | null;
  trend: 'up' | 'down' | 'flat' | null;
  measuredAt: string | null;
}

export interface PackRisk {
  id: number;
  initiativeId: number | null;
  initiativeName: string | null;
  title: string;
  category: string;
  owner: string | null;
  inherentScore: number;
  residualScore: number;
  /** 'Low' | 'Medium' | 'High' | 'Critical' as the risk scale names it. */
  band: string;
  treatment: string;
  status: string;
  dueDate: string | null;
  overdue: boolean;
}

export interface PackInitiative {
  id: number;
  name: string;
  businessUnit: string;
  description: string;
  tags: string[];
  /** type, status and riskTier carry the labels people read ("Autonomous agent", "On hold", "High risk"). */
  type: string;
  phase: PhaseId;
  phaseLabel: string;
  status: string;
  riskTier: string;
  sponsor: string | null;
  productOwner: string | null;
  techLead: string | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  phaseEnteredAt: string;
  daysInPhase: number;
  rag: InitiativeRag;
  /** Money in the portfolio's currency (USD unless the ROI model says otherwise). */
  value: {
    realizedYtd: number | null; // finance-signed actual benefits this year
    projectedAnnual: number | null; // model projection; never mixed into realized
    npv: number | null;
    roiPct: number | null;
  };
  budget: {
    approved: number | null;
    actualToDate: number | null;
    eac: number | null;
    variancePct: number | null;
    burnIndex: number | null;
    /** Which ROI scenario is the budget: 'approved', else the plan plan-vs-actual falls back to ('current', 'baseline'). */
    basis?: 'approved' | 'current' | 'baseline' | 'what_if' | null;
  };
  kpis: PackKpi[];
  risks: PackRisk[];
  nextGate: { gate: string; label: string; status: string; dueDate: string | null } | null;
  signals: { code: string; severity: string; message: string }[];
  monitoring: {
    spend30d: number | null;
    requests30d: number | null;
    latencyP95s: number | null;
    errorRate: number | null;
  } | null;
}

export interface PackDecision {
  initiativeId: number;
  initiativeName: string;
  decision: string;
  why: string;
  owner: string | null;
  deadline: string | null;
  consequence: string;
}

export interface PackMilestone {
  initiativeId: number;
  initiativeName: string;
  what: string;
  date: string;
}

export interface PackSnapshot {
  version: 1;
  title: string;
  scope: { kind: 'portfolio' | 'initiative'; initiativeId?: number; label: string; filter?: PackFilter };
  /** The day the pack describes (YYYY-MM-DD) and when it was made (ISO). */
  asOf: string;
  generatedAt: string;
  generatedBy: string;
  currency: string;
  headline: string;
  thresholds: RagThresholds;
  totals: {
    initiatives: number;
    inProduction: number;
    criticalRisks: number;
    realizedValueYtd: number;
    projectedValueAnnual: number;
    budgetApproved: number;
    spendToDate: number;
    byPhase: { phase: PhaseId; label: string; count: number }[];
    byRag: Record<Rag, number>;
  };
  initiatives: PackInitiative[];
  /** Top 5 by residual score across the scope. */
  topRisks: PackRisk[];
  decisions: PackDecision[];
  /** Gate reviews in scope, newest first (the XLSX "Gate_Reviews" sheet). */
  gates: {
    initiativeId: number;
    initiativeName: string;
    gate: string;
    label: string;
    status: string;
    decision: string | null;
    requestedAt: string;
    decidedAt: string | null;
  }[];
  /** Next 90 days. */
  milestones: PackMilestone[];
  watchlist: { initiativeId: number; initiativeName: string; code: string; severity: string; message: string }[];
  agents: { total: number; byAutonomy: { level: string; count: number }[]; withoutOwner: number } | null;
  /** "Telemetry as of …; ROI actuals as of …" */
  dataFreshness: string;
  /**
   * How the figures are computed (value realized, budget, EAC, burn index, KPI trajectory, ...), one entry per
   * term, for the XLSX README sheet and the appendix of the other formats. Added by the pack model (H5).
   */
  definitions?: { term: string; definition: string }[];
  /** The written RAG rules with these thresholds filled in, one per dimension plus "Overall". */
  ragRules?: { dimension: string; rule: string }[];
}

export const packFilter = z.strictObject({
  phases: z.array(z.enum(PHASE_IDS)).max(PHASE_IDS.length).optional(),
  businessUnits: z.array(z.string().max(120)).max(200).optional(),
  includeArchived: z.boolean().optional(),
});
export type PackFilter = z.output<typeof packFilter>;

export const exportPackInput = z.strictObject({
  format: z.enum(EXPORT_FORMATS),
  initiativeId: entityId.optional(),
  filter: packFilter.optional(),
  /** The renderer's id for this long job: progress events carry it, and 'job/cancel' takes it. */
  jobId: z.string().min(1).max(100).optional(),
});

/** One stored export: what was written, where, and the frozen snapshot's hash. */
export interface ExportRecord {
  id: number;
  createdAt: string;
  createdBy: string;
  format: ExportFormat;
  scopeLabel: string;
  fileName: string;
  fileSha256: string;
  fileBytes: number;
  snapshotSha256: string;
}

const tableCell = z.union([z.string().max(100_000), z.number(), z.boolean(), z.null()]);
/** "Export CSV" of any table view: the renderer sends what the view shows; the core neutralises and writes it. */
export const exportTableInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  defaultName: z.string().trim().min(1).max(200),
  columns: z.array(z.string().max(500)).min(1).max(500),
  rows: z.array(z.array(tableCell).max(500)).max(200_000),
});
export const exportHistoryInput = z.strictObject({ limit: z.number().int().min(1).max(1000).optional() }).optional();
export const exportSnapshotInput = z.strictObject({ id: entityId });
