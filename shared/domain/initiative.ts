import { z } from 'zod';
import { PHASE_IDS, type PhaseId } from './phases';
import {
  INITIATIVE_TYPES,
  RISK_TIERS,
  STATUSES,
  type InitiativeStatus,
  type InitiativeType,
  type RiskTier,
} from './enums';

export const LIMITS = {
  name: 200,
  description: 10_000,
  businessUnit: 120,
  tag: 40,
  tags: 20,
  reason: 2_000,
  personName: 120,
  email: 254,
  title: 120,
} as const;

/** A calendar date as stored and sent: YYYY-MM-DD, checked to be a real day. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'Not a real date');

const trimmed = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .transform((s) => s.trim());

export const entityId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const tag = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(
    z
      .string()
      .min(1, 'Tags cannot be empty')
      .max(LIMITS.tag, `A tag must be at most ${LIMITS.tag} characters`)
      .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u, 'Tags use letters, digits, space, . _ / -'),
  );

const fieldsShape = {
  name: trimmed(LIMITS.name, 'Name').pipe(z.string().min(1, 'Name is required')),
  description: trimmed(LIMITS.description, 'Description'),
  businessUnit: trimmed(LIMITS.businessUnit, 'Business unit'),
  type: z.enum(INITIATIVE_TYPES.ids),
  phase: z.enum(PHASE_IDS),
  status: z.enum(STATUSES.ids),
  riskTier: z.enum(RISK_TIERS.ids),
  tags: z
    .array(tag)
    .max(LIMITS.tags, `At most ${LIMITS.tags} tags`)
    .transform((tags) => [...new Set(tags)]),
  sponsorId: entityId.nullable(),
  productOwnerId: entityId.nullable(),
  techLeadId: entityId.nullable(),
  plannedStart: isoDate.nullable(),
  plannedEnd: isoDate.nullable(),
  actualStart: isoDate.nullable(),
  actualEnd: isoDate.nullable(),
};

function datesInOrder(
  v: {
    plannedStart?: string | null;
    plannedEnd?: string | null;
    actualStart?: string | null;
    actualEnd?: string | null;
  },
  ctx: z.RefinementCtx,
): void {
  if (v.plannedStart && v.plannedEnd && v.plannedEnd < v.plannedStart) {
    ctx.addIssue({ code: 'custom', path: ['plannedEnd'], message: 'Planned end is before planned start' });
  }
  if (v.actualStart && v.actualEnd && v.actualEnd < v.actualStart) {
    ctx.addIssue({ code: 'custom', path: ['actualEnd'], message: 'Actual end is before actual start' });
  }
}

/** What a user fills in to create an initiative. Optional fields get sensible defaults. */
export const initiativeCreateInput = z
  .strictObject({
    ...fieldsShape,
    description: fieldsShape.description.default(''),
    businessUnit: fieldsShape.businessUnit.default(''),
    type: fieldsShape.type.default('other'),
    phase: fieldsShape.phase.default('STRATEGY'),
    status: fieldsShape.status.default('active'),
    riskTier: fieldsShape.riskTier.default('unclassified'),
    tags: fieldsShape.tags.default([]),
    sponsorId: fieldsShape.sponsorId.default(null),
    productOwnerId: fieldsShape.productOwnerId.default(null),
    techLeadId: fieldsShape.techLeadId.default(null),
    plannedStart: fieldsShape.plannedStart.default(null),
    plannedEnd: fieldsShape.plannedEnd.default(null),
    actualStart: fieldsShape.actualStart.default(null),
    actualEnd: fieldsShape.actualEnd.default(null),
  })
  .superRefine(datesInOrder);
export type InitiativeCreateInput = z.input<typeof initiativeCreateInput>;
export type InitiativeFields = z.output<typeof initiativeCreateInput>;

/** A partial edit. The phase is not here: it moves only through changePhase, which records history. */
const { phase: _phase, ...editableShape } = fieldsShape;
export const initiativePatch = z.strictObject(editableShape).partial();
export type InitiativePatch = z.input<typeof initiativePatch>;

export const initiativeUpdateInput = z.strictObject({ id: entityId, patch: initiativePatch });

export const changePhaseInput = z.strictObject({
  id: entityId,
  toPhase: z.enum(PHASE_IDS),
  reason: trimmed(LIMITS.reason, 'Reason').pipe(z.string().min(1, 'Say why the phase changes')),
});

export interface Initiative {
  id: number;
  name: string;
  description: string;
  businessUnit: string;
  type: InitiativeType;
  phase: PhaseId;
  status: InitiativeStatus;
  riskTier: RiskTier;
  tags: string[];
  sponsorId: number | null;
  productOwnerId: number | null;
  techLeadId: number | null;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  phaseEnteredAt: string;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One row of the portfolio table: the initiative plus the names its owner ids point at. */
export interface InitiativeRow extends Initiative {
  sponsorName: string | null;
  productOwnerName: string | null;
  techLeadName: string | null;
}

/** A stint in one phase; leftAt is null for the current phase. */
export interface PhaseStint {
  phase: PhaseId;
  enteredAt: string;
  leftAt: string | null;
  by: string;
  reason: string;
  /** The move skipped a gate decision (forward without a decided gate, or a Go overriding a failed gate). */
  isOverride?: boolean;
  /** The gate review whose decision made the move. */
  gateReviewId?: number;
}

export interface PhaseTransition {
  id: number;
  initiativeId: number;
  fromPhase: PhaseId | null;
  toPhase: PhaseId;
  at: string;
  by: string;
  reason: string;
  isOverride?: boolean;
  gateReviewId?: number;
}

export function missingOwnerRoles(
  i: Pick<Initiative, 'sponsorId' | 'productOwnerId' | 'techLeadId'>,
): ('sponsor' | 'productOwner' | 'techLead')[] {
  const missing: ('sponsor' | 'productOwner' | 'techLead')[] = [];
  if (i.sponsorId == null) missing.push('sponsor');
  if (i.productOwnerId == null) missing.push('productOwner');
  if (i.techLeadId == null) missing.push('techLead');
  return missing;
}

/** Phase stints from the ordered transitions: each transition opens a stint and closes the previous one. */
export function stintsFrom(transitions: readonly PhaseTransition[]): PhaseStint[] {
  const sorted = [...transitions].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id - b.id));
  return sorted.map((t, i) => ({
    phase: t.toPhase,
    enteredAt: t.at,
    leftAt: sorted[i + 1]?.at ?? null,
    by: t.by,
    reason: t.reason,
    ...(t.isOverride ? { isOverride: true } : {}),
    ...(t.gateReviewId !== undefined ? { gateReviewId: t.gateReviewId } : {}),
  }));
}

/** Whole days between two ISO instants, never negative. */
export function daysBetween(fromIso: string, toIso: string): number {
  const ms = Date.parse(toIso) - Date.parse(fromIso);
  return Math.max(0, Math.floor(ms / 86_400_000));
}
