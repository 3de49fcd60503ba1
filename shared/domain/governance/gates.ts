import type { FieldIssue } from '../../errors';
import type { InitiativeType, RiskTier } from '../enums';
import { PHASES, type PhaseId } from '../phases';
import type { AutoCheckOutcome, AutoCheckRuleId } from './autochecks';
import type { Criterion } from './criteria';

/** The seven gates (domain.md §3.2). Gate n leaves phase n; G7 is recurring and stays in SCALE_OPTIMIZE. */
export const GATES = [
  { id: 'G1', fromPhase: 'STRATEGY', toPhase: 'DATA_FOUNDATION', name: 'Fund discovery / data work', recurring: false },
  { id: 'G2', fromPhase: 'DATA_FOUNDATION', toPhase: 'ARCHITECTURE', name: 'Data ready for build', recurring: false },
  { id: 'G3', fromPhase: 'ARCHITECTURE', toPhase: 'DEVELOP_VALIDATE', name: 'Architecture approved', recurring: false },
  {
    id: 'G4',
    fromPhase: 'DEVELOP_VALIDATE',
    toPhase: 'PRODUCTION_DEPLOY',
    name: 'Production readiness review',
    recurring: false,
  },
  {
    id: 'G5',
    fromPhase: 'PRODUCTION_DEPLOY',
    toPhase: 'MONITOR_OBSERVE',
    name: 'Hypercare exit / BAU acceptance',
    recurring: false,
  },
  {
    id: 'G6',
    fromPhase: 'MONITOR_OBSERVE',
    toPhase: 'SCALE_OPTIMIZE',
    name: 'Value confirmed; approve scale',
    recurring: false,
  },
  {
    id: 'G7',
    fromPhase: 'SCALE_OPTIMIZE',
    toPhase: 'SCALE_OPTIMIZE',
    name: 'Expand / optimize / retire',
    recurring: true,
  },
] as const satisfies readonly { id: string; fromPhase: PhaseId; toPhase: PhaseId; name: string; recurring: boolean }[];

export type GateId = (typeof GATES)[number]['id'];
export type GateInfo = (typeof GATES)[number];
export const GATE_IDS = GATES.map((g) => g.id) as [GateId, ...GateId[]];

const gateById = new Map<GateId, GateInfo>(GATES.map((g) => [g.id, g]));
const gateByPhase = new Map<PhaseId, GateInfo>(GATES.map((g) => [g.fromPhase, g]));

export function gateInfo(id: GateId): GateInfo {
  const g = gateById.get(id);
  if (!g) throw new Error(`Unknown gate ${String(id)}`);
  return g;
}

/** The gate an initiative in `phase` passes to move on (G7 for SCALE_OPTIMIZE, which recurs). */
export function gateLeaving(phase: PhaseId): GateInfo {
  const g = gateByPhase.get(phase);
  if (!g) throw new Error(`No gate leaves ${String(phase)}`);
  return g;
}

// Every phase has exactly one gate leaving it; checked once at load so a PHASES edit cannot drift silently.
if (gateByPhase.size !== PHASES.length) throw new Error('Every phase needs exactly one gate');

/** Decisions of §3.1. `DEFER` is the catalogue's DEFER_DECISION. */
export const DECISIONS = [
  { id: 'GO', label: 'Go', advances: true },
  { id: 'CONDITIONAL_GO', label: 'Conditional go', advances: true },
  { id: 'HOLD', label: 'Hold', advances: false },
  { id: 'RECYCLE', label: 'Recycle', advances: false },
  { id: 'KILL', label: 'Kill', advances: false },
  { id: 'DEFER', label: 'Defer decision', advances: false },
] as const;
export type DecisionId = (typeof DECISIONS)[number]['id'];
export const DECISION_IDS = DECISIONS.map((d) => d.id) as [DecisionId, ...DecisionId[]];
const decisionLabels = new Map<DecisionId, string>(DECISIONS.map((d) => [d.id, d.label]));
export function decisionLabel(id: DecisionId): string {
  return decisionLabels.get(id) ?? id;
}
/** Only Go and Conditional go move the phase on (issue 3). */
export function decisionAdvances(id: DecisionId): boolean {
  return id === 'GO' || id === 'CONDITIONAL_GO';
}

/** Gatekeeper roles of §3.1 GateReview. */
export const GATEKEEPER_ROLES = [
  { id: 'CHAIR', label: 'Chair' },
  { id: 'BUSINESS_SPONSOR', label: 'Business sponsor' },
  { id: 'AI_PRODUCT_OWNER', label: 'AI product owner' },
  { id: 'TECH_LEAD', label: 'Tech lead' },
  { id: 'SECURITY', label: 'Security' },
  { id: 'PRIVACY', label: 'Privacy' },
  { id: 'LEGAL', label: 'Legal' },
  { id: 'RISK', label: 'Risk' },
  { id: 'FINANCE', label: 'Finance' },
  { id: 'OPS', label: 'Operations' },
  { id: 'AI_GOVERNANCE_BOARD', label: 'AI governance board' },
] as const;
export type GatekeeperRole = (typeof GATEKEEPER_ROLES)[number]['id'];
const roleLabels = new Map<GatekeeperRole, string>(GATEKEEPER_ROLES.map((r) => [r.id, r.label]));
export function gatekeeperRoleLabel(id: GatekeeperRole): string {
  return roleLabels.get(id) ?? id;
}

/**
 * Default sign-offs a Go needs [P]: always the owner triad; G4 adds security, privacy and legal (its
 * approvals must-meet) and the AI governance board for high-risk or agentic systems; G5 adds operations
 * (handover to BAU); G6 adds finance (finance-signed value). Portfolios can configure more.
 */
export function defaultRequiredRoles(
  gate: GateId,
  initiative: { riskTier: RiskTier; type: InitiativeType },
): GatekeeperRole[] {
  const roles: GatekeeperRole[] = ['BUSINESS_SPONSOR', 'AI_PRODUCT_OWNER', 'TECH_LEAD'];
  if (gate === 'G4') {
    roles.push('SECURITY', 'PRIVACY', 'LEGAL');
    if (initiative.riskTier === 'high' || initiative.type === 'autonomous_agent') roles.push('AI_GOVERNANCE_BOARD');
  }
  if (gate === 'G5') roles.push('OPS');
  if (gate === 'G6') roles.push('FINANCE');
  return roles;
}

// ─── Gate evaluation ─────────────────────────────────────────────────────────────────────────────

export type CriterionResultValue = 'MET' | 'NOT_MET' | 'PARTIAL' | 'NA' | 'WAIVED';

export interface CriterionResult {
  criterionId: string;
  result: CriterionResultValue;
  /** Should-meets only: 0..4 (§3.1). Without it the result maps to MET 4, PARTIAL 2, NOT_MET 0. */
  score?: number;
  /** Required for WAIVED to count. */
  waiverReason?: string;
}

/** Score threshold for Go: ≥ 70% of the weighted should-meet score (domain.md §3.1, [P]). */
export const DEFAULT_PASS_THRESHOLD = 0.7;
const MAX_SCORE = 4;
const DEFAULT_SCORE: Record<'MET' | 'PARTIAL' | 'NOT_MET', number> = { MET: 4, PARTIAL: 2, NOT_MET: 0 };
/** Tolerance so a score of exactly 70% (e.g. 14/20) is not failed by floating-point rounding. */
const EPSILON = 1e-9;

export interface EvaluateGateOptions {
  threshold?: number;
  /** Auto-check outcomes by rule id. A failed auto-check overrides a reviewer's MET (see evaluateGate). */
  autoChecks?: Partial<Record<AutoCheckRuleId, AutoCheckOutcome>>;
}

export interface GateEvaluation {
  mustMet: boolean;
  /** Ids of the must-meets that are not met, in catalogue order. */
  unmetMust: string[];
  /** Why each unmet must-meet counts as unmet. */
  unmetReasons: Record<string, string>;
  /** Weighted should-meet score, 0..1; N/A and reasoned waivers are left out; 1 when nothing is scored. */
  score: number;
  threshold: number;
  passes: boolean;
  /** Set when nothing can make the gate pass (a blocking criterion applies), e.g. a prohibited practice. */
  blockedReason?: string;
}

function hasText(s: string | undefined | null): s is string {
  return typeof s === 'string' && s.trim().length > 0;
}

/** Why a must-meet is not met, or null when it is met. */
function mustMeetProblem(r: CriterionResult | undefined, auto: AutoCheckOutcome | undefined): string | null {
  if (!r) return 'Not assessed';
  switch (r.result) {
    case 'MET':
      // The app checked this itself and it fails: a reviewer's MET cannot outvote the data. A waiver can.
      if (auto?.status === 'failed') return `Auto-check failed: ${auto.reason}`;
      return null;
    case 'WAIVED':
      return hasText(r.waiverReason) ? null : 'Waived without a reason';
    case 'NA':
      // Applicability is decided by tailoring (criteriaFor); a must-meet that applies cannot be N/A.
      return `Marked N/A, but must-meets that apply cannot be N/A (use a waiver with a reason)`;
    case 'PARTIAL':
      return 'Only partly met';
    case 'NOT_MET':
      return 'Not met';
  }
}

/** The 0..1 share a should-meet contributes, or null when it leaves the score. */
function shouldMeetShare(r: CriterionResult | undefined): number | null {
  if (!r) return 0; // not yet assessed counts against the gate, it does not vanish
  if (r.result === 'NA') return null;
  if (r.result === 'WAIVED') return hasText(r.waiverReason) ? null : 0;
  const raw = r.score ?? DEFAULT_SCORE[r.result];
  const clamped = Number.isFinite(raw) ? Math.min(MAX_SCORE, Math.max(0, raw)) : 0;
  return clamped / MAX_SCORE;
}

/**
 * Evaluates a gate (§3.1): every must-meet is a knock-out, should-meets are scored 0..4 and weighted.
 * The gate passes when all must-meets are met AND the score reaches the threshold (default 0.70).
 */
export function evaluateGate(
  criteria: readonly Criterion[],
  results: readonly CriterionResult[],
  options: EvaluateGateOptions = {},
): GateEvaluation {
  const threshold = options.threshold ?? DEFAULT_PASS_THRESHOLD;
  const byId = new Map<string, CriterionResult>();
  for (const r of results) byId.set(r.criterionId, r);

  const unmetMust: string[] = [];
  const unmetReasons: Record<string, string> = {};
  let blockedReason: string | undefined;
  let weighted = 0;
  let totalWeight = 0;

  for (const c of criteria) {
    const r = byId.get(c.id);
    if (c.kind === 'must') {
      if (c.blocking) {
        blockedReason ??= `${c.id}: ${c.text}`;
        unmetMust.push(c.id);
        unmetReasons[c.id] = 'Blocking criterion: no result or waiver can clear it';
        continue;
      }
      const auto = c.autoCheck ? options.autoChecks?.[c.autoCheck] : undefined;
      const problem = mustMeetProblem(r, auto);
      if (problem !== null) {
        unmetMust.push(c.id);
        unmetReasons[c.id] = problem;
      }
    } else {
      const share = shouldMeetShare(r);
      if (share === null) continue;
      weighted += c.weight * share;
      totalWeight += c.weight;
    }
  }

  const score = totalWeight > 0 ? weighted / totalWeight : 1;
  const mustMet = unmetMust.length === 0;
  const evaluation: GateEvaluation = {
    mustMet,
    unmetMust,
    unmetReasons,
    score,
    threshold,
    passes: mustMet && blockedReason === undefined && score + EPSILON >= threshold,
  };
  if (blockedReason !== undefined) evaluation.blockedReason = blockedReason;
  return evaluation;
}

// ─── Decision rules ──────────────────────────────────────────────────────────────────────────────

export interface SignOff {
  role: GatekeeperRole;
  personId: number;
  vote: 'APPROVE' | 'REJECT' | 'ABSTAIN';
}

export interface DecisionCondition {
  text: string;
  ownerId: number | null;
  /** YYYY-MM-DD */
  dueDate: string | null;
}

export interface DecisionDetails {
  /** Go / Conditional go on a gate that does not pass: needs a reason and is recorded as an override. */
  override?: { reason: string };
  conditions?: readonly DecisionCondition[];
  /** The day the decision is taken (YYYY-MM-DD); a condition cannot be due before it. */
  decidedOn?: string;
}

export interface DecisionCheck {
  ok: boolean;
  /** True when the decision goes ahead only because of an override; the record must carry the marker. */
  isOverride: boolean;
  issues: FieldIssue[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function isRealDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Whether a decision may be recorded (§3.1, issue 3 "Bad input"). Go and Conditional go need a passing
 * evaluation, or an override with a reason, and an APPROVE sign-off from every required role. A blocked
 * gate (prohibited practice) cannot be overridden. Conditional go needs at least one condition, each with
 * text, an owner and a real due date. Other decisions move nothing forward and need no sign-offs.
 */
export function decisionAllowed(
  decision: DecisionId,
  evaluation: GateEvaluation,
  signOffs: readonly SignOff[],
  requiredRoles: readonly GatekeeperRole[],
  details: DecisionDetails = {},
): DecisionCheck {
  const issues: FieldIssue[] = [];
  let isOverride = false;
  if (!decisionAdvances(decision)) return { ok: true, isOverride, issues };

  if (evaluation.blockedReason !== undefined) {
    issues.push({ path: 'decision', message: `This gate cannot pass: ${evaluation.blockedReason}` });
  } else if (!evaluation.passes) {
    if (details.override && hasText(details.override.reason)) {
      isOverride = true;
    } else if (details.override) {
      issues.push({ path: 'override.reason', message: 'An override needs a reason' });
    } else {
      const why = evaluation.mustMet
        ? `the score ${Math.round(evaluation.score * 100)}% is below ${Math.round(evaluation.threshold * 100)}%`
        : `must-meets not met: ${evaluation.unmetMust.join(', ')}`;
      issues.push({ path: 'decision', message: `The gate does not pass (${why}); record an override with a reason` });
    }
  }

  const approvedRoles = new Set(signOffs.filter((s) => s.vote === 'APPROVE').map((s) => s.role));
  const missing = requiredRoles.filter((role) => !approvedRoles.has(role));
  if (missing.length > 0) {
    issues.push({
      path: 'signOffs',
      message: `Sign-off missing from: ${missing.map(gatekeeperRoleLabel).join(', ')}`,
    });
  }

  if (decision === 'CONDITIONAL_GO') {
    const conditions = details.conditions ?? [];
    if (conditions.length === 0) {
      issues.push({ path: 'conditions', message: 'A conditional go needs at least one condition' });
    }
    conditions.forEach((c, i) => {
      if (!hasText(c.text)) issues.push({ path: `conditions.${i}.text`, message: 'Say what the condition is' });
      if (c.ownerId == null) issues.push({ path: `conditions.${i}.ownerId`, message: 'A condition needs an owner' });
      if (!hasText(c.dueDate)) {
        issues.push({ path: `conditions.${i}.dueDate`, message: 'A condition needs a due date' });
      } else if (!isRealDate(c.dueDate)) {
        issues.push({ path: `conditions.${i}.dueDate`, message: 'Use a real date in the form YYYY-MM-DD' });
      } else if (details.decidedOn && c.dueDate < details.decidedOn) {
        issues.push({ path: `conditions.${i}.dueDate`, message: 'The due date is before the decision' });
      }
    });
  }

  return { ok: issues.length === 0, isOverride: isOverride && issues.length === 0, issues };
}
