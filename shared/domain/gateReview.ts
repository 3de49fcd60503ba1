import { z } from 'zod';
import type { PhaseId } from './phases';
import { entityId, isoDate } from './initiative';
import type { AutoCheckOutcome } from './governance/autochecks';
import type { Criterion } from './governance/criteria';
import {
  DECISION_IDS,
  GATE_IDS,
  GATEKEEPER_ROLES,
  type CriterionResultValue,
  type DecisionId,
  type GateEvaluation,
  type GateId,
  type GatekeeperRole,
} from './governance/gates';

/**
 * Gate reviews as the app stores and shows them (domain.md §3.1): a review is requested for the gate
 * leaving the initiative's current phase, collects criterion results, evidence and sign-offs, and ends
 * with one decision. The rules themselves (tailoring, evaluation, decision checks) live in governance/.
 */

export const GATE_REVIEW_LIMITS = {
  note: 4000,
  title: 200,
  url: 2048,
  reason: 2000,
  conditionText: 1000,
  /** Default evidence file size limit; the user can change it in the gate settings. */
  evidenceMaxBytes: 100 * 1024 * 1024,
} as const;

const ROLE_IDS = GATEKEEPER_ROLES.map((r) => r.id) as [GatekeeperRole, ...GatekeeperRole[]];
export const gateId = z.enum(GATE_IDS);
export const gatekeeperRole = z.enum(ROLE_IDS);

const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .transform((s) => s.trim());
const required = (max: number, what: string, message: string) => text(max, what).pipe(z.string().min(1, message));

export const RESULT_VALUES = [
  'MET',
  'PARTIAL',
  'NOT_MET',
  'NA',
  'WAIVED',
] as const satisfies readonly CriterionResultValue[];

export const gateRequestInput = z.strictObject({
  initiativeId: entityId,
  /** When the review meeting is planned (feeds the "gate overdue" signal); optional. */
  scheduledDate: isoDate.nullable().optional(),
});

export const criterionResultInput = z.strictObject({
  reviewId: entityId,
  criterionId: z.string().min(1).max(40),
  result: z.enum(RESULT_VALUES),
  /** Should-meets only, 0..4. */
  score: z.number().int().min(0, 'Score is 0 to 4').max(4, 'Score is 0 to 4').nullable().optional(),
  waiverReason: text(GATE_REVIEW_LIMITS.reason, 'Waiver reason').optional(),
  note: text(GATE_REVIEW_LIMITS.note, 'Note').optional(),
});

const evidenceCommon = {
  reviewId: entityId,
  /** The criterion the evidence supports; null for evidence on the review as a whole. */
  criterionId: z.string().min(1).max(40).nullable(),
  validUntil: isoDate.nullable().optional(),
};

/** Link or note evidence. File evidence goes through `gate/addEvidenceFile`: the host asks for the file. */
export const evidenceAddInput = z.discriminatedUnion('kind', [
  z.strictObject({
    ...evidenceCommon,
    kind: z.literal('link'),
    title: required(GATE_REVIEW_LIMITS.title, 'Title', 'Give the link a title'),
    url: z
      .string()
      .max(GATE_REVIEW_LIMITS.url)
      .refine((u) => /^https?:/i.test(u) && URL.canParse(u), 'Use a full http(s) address'),
  }),
  z.strictObject({
    ...evidenceCommon,
    kind: z.literal('note'),
    title: required(GATE_REVIEW_LIMITS.title, 'Title', 'Give the note a title'),
    note: required(GATE_REVIEW_LIMITS.note, 'Note', 'Write the note'),
  }),
]);

/** The renderer never sends a path: the host shows an open dialog and the core copies what the user picked. */
export const evidenceFileInput = z.strictObject({
  ...evidenceCommon,
  title: text(GATE_REVIEW_LIMITS.title, 'Title').optional(),
});

export const signOffInput = z.strictObject({
  reviewId: entityId,
  role: gatekeeperRole,
  personId: entityId,
  vote: z.enum(['APPROVE', 'REJECT', 'ABSTAIN']),
  comment: text(GATE_REVIEW_LIMITS.note, 'Comment').optional(),
});

export const conditionInput = z.object({
  text: text(GATE_REVIEW_LIMITS.conditionText, 'Condition'),
  ownerId: entityId.nullable(),
  dueDate: z.string().max(10).nullable(),
});

export const decideInput = z.strictObject({
  reviewId: entityId,
  decision: z.enum(DECISION_IDS),
  notes: text(GATE_REVIEW_LIMITS.note, 'Notes').optional(),
  /** Go / Conditional go on a gate that does not pass. The decision is then marked as an override. */
  overrideReason: text(GATE_REVIEW_LIMITS.reason, 'Override reason').optional(),
  /** Conditional go: each with text, owner and due date (checked by decisionAllowed, as field issues). */
  conditions: z.array(conditionInput).max(50).optional(),
});

export const conditionStatusInput = z.strictObject({
  id: entityId,
  status: z.enum(['open', 'met', 'waived']),
  note: text(GATE_REVIEW_LIMITS.note, 'Note').optional(),
});

/** Extra sign-off roles per gate on top of defaultRequiredRoles (the triad plus the gate's own). */
export const gateSettingsInput = z.strictObject({
  extraRoles: z.partialRecord(gateId, z.array(gatekeeperRole).max(ROLE_IDS.length)),
  evidenceMaxBytes: z
    .number()
    .int()
    .min(1024, 'At least 1 KB')
    .max(2 * 1024 * 1024 * 1024, 'At most 2 GB'),
});

export type ReviewStatus = 'open' | 'decided' | 'cancelled';
export type EvidenceKind = 'file' | 'link' | 'note';
export type ConditionStatus = 'open' | 'met' | 'waived';

export interface GateReviewSummary {
  id: number;
  initiativeId: number;
  gate: GateId;
  catalogueVersion: string;
  status: ReviewStatus;
  fromPhase: PhaseId;
  toPhase: PhaseId;
  requestedAt: string;
  requestedBy: string;
  scheduledDate: string | null;
  decision: DecisionId | null;
  decidedAt: string | null;
  decidedBy: string | null;
  /** True when Go / Conditional go was recorded on a gate that did not pass. */
  isOverride: boolean;
  overrideReason: string | null;
  notes: string;
  /** Evaluation at decision time (score 0..1, passes); null while open. */
  scoreAtDecision: number | null;
  openConditions: number;
}

export interface Evidence {
  id: number;
  reviewId: number;
  criterionId: string | null;
  kind: EvidenceKind;
  title: string;
  /** file: the original file name; the copy lives in the data folder, named by its hash. */
  fileName: string | null;
  sha256: string | null;
  sizeBytes: number | null;
  url: string | null;
  note: string | null;
  validUntil: string | null;
  addedBy: string;
  addedAt: string;
  /** validUntil is before today. */
  expired: boolean;
}

export interface CriterionView {
  criterion: Criterion;
  result: CriterionResultValue | null;
  score: number | null;
  waiverReason: string;
  note: string;
  /** Present when the criterion has an auto-check: passed / failed / not available, with the reason. */
  autoCheck: AutoCheckOutcome | null;
  /** Why it counts as unmet (must-meets), from the evaluation. */
  unmetReason: string | null;
  evidence: Evidence[];
}

export interface SignOffView {
  id: number;
  role: GatekeeperRole;
  personId: number;
  personName: string;
  vote: 'APPROVE' | 'REJECT' | 'ABSTAIN';
  comment: string;
  signedAt: string;
}

export interface ConditionView {
  id: number;
  reviewId: number;
  text: string;
  ownerId: number;
  ownerName: string;
  dueDate: string;
  status: ConditionStatus;
  closedAt: string | null;
  note: string;
  overdue: boolean;
}

export interface GateReviewDetail {
  review: GateReviewSummary;
  initiativeName: string;
  gateName: string;
  criteria: CriterionView[];
  /** Should-meets left out by lite tailoring, with the reason. */
  notApplicable: { criterion: Criterion; reason: string }[];
  /** Evidence on the review as a whole (criterionId null). */
  generalEvidence: Evidence[];
  evaluation: GateEvaluation;
  requiredRoles: GatekeeperRole[];
  signOffs: SignOffView[];
  conditions: ConditionView[];
}

export interface GateSettings {
  extraRoles: Partial<Record<GateId, GatekeeperRole[]>>;
  evidenceMaxBytes: number;
}
