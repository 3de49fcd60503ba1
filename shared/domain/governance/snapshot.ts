import type { InitiativeStatus, InitiativeType, RiskTier } from '../enums';
import type { PhaseId } from '../phases';
import type { EpochDay } from './days';
import type { DecisionId, GateId } from './gates';

/**
 * The plain data the governance rules read. The core builds it from the database; the rules never touch
 * storage. Every optional part is `undefined` while the feature that owns the data does not exist (or was
 * not loaded), and the rules then say "not available" or stay silent rather than guess. An empty array is
 * different: it means the feature exists and holds nothing for this initiative.
 *
 * All dates are epoch days (see days.ts) so the rules only compare integers.
 */
export interface InitiativeSnapshot {
  id: number;
  type: InitiativeType;
  riskTier: RiskTier;
  status: InitiativeStatus;
  createdDay: EpochDay;
  /** Current phase and when it was entered. Used when `transitions` is absent. */
  phase: PhaseId;
  phaseEnteredDay: EpochDay;
  /** The phase history, any order. With it, the rules can look at the initiative as of a past date. */
  transitions?: readonly TransitionSnapshot[];
  owners: OwnerTriad;
  kpis?: readonly KpiSnapshot[];
  gateReviews?: readonly GateReviewSnapshot[];
  /** Gate evidence (§3.1 Evidence). */
  evidence?: readonly EvidenceSnapshot[];
  /** Days on which a KPI target or the use-case scope changed (§3.4 #14). */
  scopeChanges?: readonly EpochDay[];
  /** Production budget approval (§3.4 #10); `approvedDay` null while no production budget line is approved. */
  productionBudget?: { approvedDay: EpochDay | null };
  riskRegister?: RiskRegisterSnapshot;
  /** Null: ROI models exist as a feature, but this initiative has none. */
  roi?: RoiSnapshot | null;
  monitoring?: MonitoringSnapshot;
  costs?: CostSnapshot;
  /** The initiative's SLOs with their latest status (issue 6); absent when it has none. */
  slos?: readonly SloSnapshot[];
  budgetBurn?: BudgetBurnSnapshot;
  adoption?: AdoptionSnapshot;
  agents?: readonly AgentSnapshot[];
}

export interface TransitionSnapshot {
  toPhase: PhaseId;
  day: EpochDay;
}

/** One named owner. `leftDay` is when the person left the organisation, if they did. */
export interface OwnerRef {
  personId: number;
  active: boolean;
  leftDay?: EpochDay | null;
}

export interface OwnerTriad {
  sponsor: OwnerRef | null;
  productOwner: OwnerRef | null;
  techLead: OwnerRef | null;
}

export type KpiKind =
  'BUSINESS_OUTCOME' | 'MODEL_QUALITY' | 'OPERATIONAL' | 'ADOPTION' | 'COST_UNIT_ECONOMICS' | 'RISK_SAFETY';
export type KpiCadence = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'QUARTERLY';

/** A KPI per domain.md §6, reduced to what the rules read. */
export interface KpiSnapshot {
  id: number;
  kind: KpiKind;
  cadence: KpiCadence;
  createdDay: EpochDay;
  baseline: { value: number; day: EpochDay; source: string } | null;
  target: { value: number; byDay: EpochDay } | null;
  /** Measurements by period end; any order. */
  measurements: readonly { day: EpochDay; verifiedByFinance: boolean }[];
}

export interface GateReviewSnapshot {
  gate: GateId;
  scheduledDay: EpochDay | null;
  /** The day the review was held and decided; null while it is still open. */
  heldDay: EpochDay | null;
  decision: DecisionId | null;
}

export interface EvidenceSnapshot {
  id: number;
  gate: GateId;
  submittedDay: EpochDay;
  /** Null means "not given": the default validity (180 d, §3.4 #13) applies from `submittedDay`. */
  validUntilDay: EpochDay | null;
}

export interface RiskRegisterSnapshot {
  reviewDays: readonly EpochDay[];
  /** Open risks with a Critical residual score. */
  criticalRisks: readonly { id: number; nextReviewDay: EpochDay | null }[];
  treatments: readonly { id: number; dueDay: EpochDay; completedDay: EpochDay | null }[];
  /** Risks on the register, closed ones included; 0 is an empty register (undefined: not known). */
  riskCount?: number;
  /** Open risks above their appetite with no acceptance in force on the day (undefined: not loaded). */
  aboveAppetiteUnaccepted?: readonly number[];
}

export interface RoiSnapshot {
  /** An ROI model exists (any scenario); the rules only read the latest one. */
  horizonYears: number;
  /** The model has the production cost categories of §1.3, not pilot cost only. */
  hasProductionCostCategories: boolean;
  /** C0 + Y1 run cost, and what the pilot actually cost; either may be unknown. */
  productionCostC0PlusY1: number | null;
  pilotActualCost: number | null;
}

export interface MonitoringSnapshot {
  lastHeartbeatDay: EpochDay | null;
  lastEvalRunDay: EpochDay | null;
}

/** One SLO as the SLO_BREACH rule reads it: the threshold and what the telemetry says now. */
export interface SloSnapshot {
  kind: 'latency_p95' | 'error_rate' | 'cost_per_day' | 'cost_per_request';
  threshold: number;
  actual: number | null;
  state: 'met' | 'breached' | 'no_data' | 'stale';
}

export interface CostSnapshot {
  /** 28-day OLS slope of cost per request (or outcome), as a share of the window's mean (0.2 = +20%). */
  costPerRequestSlope28d: number;
  costPerRequest: number;
  targetCostPerRequest: number | null;
  /** Change in tokens per request over the window, as a share (0.3 = +30%). */
  tokensPerRequestChange: number;
}

export interface BudgetBurnSnapshot {
  approved: number;
  actual: number;
  startDay: EpochDay;
  plannedEndDay: EpochDay;
  milestonesTotal: number;
  milestonesComplete: number;
}

export interface AdoptionSnapshot {
  eligibleUsers: number;
  /** Weekly active users by week-end day; any order. */
  weekly: readonly { day: EpochDay; activeUsers: number }[];
}

/** Autonomy levels of Feng, McDonald & Zhang (domain.md §4.2, §4.3). */
export type AutonomyLevel = 'L1_OPERATOR' | 'L2_COLLABORATOR' | 'L3_CONSULTANT' | 'L4_APPROVER' | 'L5_OBSERVER';

/** An agent inventory entry (domain.md §4.3), reduced to what the agent-control checks read. */
export interface AgentSnapshot {
  agentId: string;
  accountableOwnerId: number | null;
  autonomyLevel: AutonomyLevel | null;
  tools: readonly { toolName: string; scopes: readonly string[] }[];
  killSwitch: {
    mechanism: 'CREDENTIAL_REVOKE' | 'GATEWAY_BLOCK' | 'FEATURE_FLAG' | 'ORCHESTRATOR_HALT' | null;
    ownerId: number | null;
    procedure: string;
    lastTestedDay: EpochDay | null;
  } | null;
}
