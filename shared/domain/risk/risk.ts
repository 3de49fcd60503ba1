import { vocabulary } from '../enums';
import { z } from 'zod';
import { entityId, isoDate } from '../initiative';
import { isTaxonomyRef, RISK_CATEGORY_IDS, type RiskCategory } from './taxonomy';
import { REVIEW_CADENCE_IDS, type ReviewCadence, type RiskFlags } from './review';
import { RISK_BANDS, type Level, type RiskBand, type Scored } from './scales';

/**
 * The risk entity (domain.md §2.3), reduced to what the register edits: statement (cause → event →
 * consequence), category and taxonomy refs, owner, inherent / residual / target scores, appetite,
 * treatment and its actions, linked controls, status, review cadence and dates, and acceptance.
 *
 * Decision on scores that go the wrong way (issue 5 "refused or warned"): refused. §2.2 defines inherent
 * as before any controls, residual as with controls in place and target as after planned treatment, and
 * §2.1 measures control effectiveness as the gap between them; a residual above inherent (or a target
 * above residual) is therefore a scoring mistake, not a finding, and storing it would make the
 * effectiveness negative. The comparison is on the score (L × I): a control may trade likelihood
 * against impact.
 */

/** ISO 31000 / PMBOK responses as §2.3 lists them (threat and opportunity). */
export const TREATMENTS = [
  { id: 'AVOID', label: 'Avoid' },
  { id: 'MITIGATE', label: 'Mitigate' },
  { id: 'TRANSFER_SHARE', label: 'Transfer / share' },
  { id: 'ACCEPT_RETAIN', label: 'Accept / retain' },
  { id: 'ESCALATE', label: 'Escalate' },
  { id: 'EXPLOIT', label: 'Exploit' },
  { id: 'ENHANCE', label: 'Enhance' },
] as const;
export type Treatment = (typeof TREATMENTS)[number]['id'];
const TREATMENT_IDS = vocabulary(TREATMENTS).ids;

export const RISK_STATUSES = [
  { id: 'IDENTIFIED', label: 'Identified' },
  { id: 'ASSESSED', label: 'Assessed' },
  { id: 'TREATMENT_PLANNED', label: 'Treatment planned' },
  { id: 'IN_TREATMENT', label: 'In treatment' },
  { id: 'MONITORING', label: 'Monitoring' },
  { id: 'ACCEPTED', label: 'Accepted' },
  { id: 'CLOSED', label: 'Closed' },
  { id: 'REALIZED_ISSUE', label: 'Realized (issue)' },
] as const;
export type RiskStatus = (typeof RISK_STATUSES)[number]['id'];
export const RISK_STATUS_IDS = vocabulary(RISK_STATUSES).ids;

/** OVERDUE is not stored: it is derived from the due date (see RiskAction.overdue). */
export const ACTION_STATUSES = [
  { id: 'PLANNED', label: 'Planned' },
  { id: 'IN_PROGRESS', label: 'In progress' },
  { id: 'DONE', label: 'Done' },
  { id: 'CANCELLED', label: 'Cancelled' },
] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number]['id'];
const ACTION_STATUS_IDS = vocabulary(ACTION_STATUSES).ids;
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ['PLANNED', 'IN_PROGRESS'];

/** Control mapping entity of §2.4 (framework, ref, title, implementation status). */
export const CONTROL_FRAMEWORKS = [
  { id: 'ISO42001_ANNEX_A', label: 'ISO/IEC 42001 Annex A' },
  { id: 'NIST_AI_RMF', label: 'NIST AI RMF' },
  { id: 'NIST_AI_600_1', label: 'NIST AI 600-1' },
  { id: 'EU_AI_ACT', label: 'EU AI Act' },
  { id: 'OWASP_LLM_2025', label: 'OWASP LLM Top 10 2025' },
  { id: 'OWASP_AGENTIC_2026', label: 'OWASP Agentic Top 10 2026' },
  { id: 'INTERNAL', label: 'Internal control' },
] as const;
export type ControlFramework = (typeof CONTROL_FRAMEWORKS)[number]['id'];
const FRAMEWORK_IDS = vocabulary(CONTROL_FRAMEWORKS).ids;

export const CONTROL_STATUSES = [
  { id: 'NOT_STARTED', label: 'Not started' },
  { id: 'PARTIAL', label: 'Partial' },
  { id: 'IMPLEMENTED', label: 'Implemented' },
  { id: 'VERIFIED', label: 'Verified' },
] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number]['id'];
const CONTROL_STATUS_IDS = vocabulary(CONTROL_STATUSES).ids;

export const RISK_LIMITS = {
  title: 200,
  description: 4_000,
  statementPart: 1_000,
  reason: 2_000,
  actionDescription: 1_000,
  evidence: 2_000,
  controlRef: 60,
  controlTitle: 300,
  taxonomyRefs: 40,
  controls: 50,
  actions: 50,
} as const;

const text = (max: number, what: string) =>
  z
    .string({ error: `${what} must be text` })
    .max(max, `${what} must be at most ${max} characters`)
    .transform((s) => s.trim());
const required = (max: number, what: string, message: string) => text(max, what).pipe(z.string().min(1, message));

/** A 1–5 score with messages a form can show beside the picker. */
export const level = z
  .number({
    error: (iss) => (iss.input === undefined ? 'Choose a score from 1 to 5' : 'Scores are whole numbers from 1 to 5'),
  })
  .int('Scores are whole numbers from 1 to 5')
  .min(1, 'Scores run from 1 (lowest) to 5 (highest)')
  .max(5, 'Scores run from 1 (lowest) to 5 (highest)')
  .transform((n) => n as Level);

export const scoredPairInput = z.strictObject({ likelihood: level, impact: level });
export type ScoredPairInput = z.input<typeof scoredPairInput>;

const requiredId = (message: string) =>
  z
    .number({ error: (iss) => (iss.input === undefined || iss.input === null ? message : 'Choose a person') })
    .pipe(entityId);
const requiredDate = (message: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined || iss.input === null ? message : 'Use the form YYYY-MM-DD') })
    .pipe(isoDate);

export const acceptanceInput = z.strictObject({
  approverId: requiredId('An acceptance needs an approver'),
  reason: required(RISK_LIMITS.reason, 'The reason', 'Say why the risk is accepted'),
  /** Default: today. */
  acceptedOn: isoDate.optional(),
  expiresOn: requiredDate('An acceptance needs an expiry date'),
});
export type AcceptanceInput = z.input<typeof acceptanceInput>;

export const controlInput = z.strictObject({
  framework: z.enum(FRAMEWORK_IDS, { error: 'Choose a framework' }),
  /** The framework's reference (A.6.2.6, MG-2.4, ART14) or an internal control id; may be empty for a text-only control. */
  ref: text(RISK_LIMITS.controlRef, 'The reference').default(''),
  title: required(RISK_LIMITS.controlTitle, 'The control', 'Describe the control'),
  status: z.enum(CONTROL_STATUS_IDS).default('NOT_STARTED'),
});
export type ControlInput = z.input<typeof controlInput>;

const actionShape = {
  description: required(RISK_LIMITS.actionDescription, 'The action', 'Describe the action'),
  ownerId: requiredId('An action needs an owner'),
  dueOn: requiredDate('An action needs a due date'),
  status: z.enum(ACTION_STATUS_IDS),
  /** When it was done; default: today when the status becomes Done. */
  completedOn: isoDate.nullable(),
  evidence: text(RISK_LIMITS.evidence, 'Evidence'),
};

export const actionInput = z.strictObject({
  ...actionShape,
  status: actionShape.status.default('PLANNED'),
  completedOn: actionShape.completedOn.default(null),
  evidence: actionShape.evidence.default(''),
});
export type ActionInput = z.input<typeof actionInput>;
export type ActionFields = z.output<typeof actionInput>;

export const actionAddInput = z.strictObject({ riskId: entityId, ...actionInput.shape });
export const actionPatch = z.strictObject(actionShape).partial();
export const actionUpdateInput = z.strictObject({ id: entityId, patch: actionPatch });

const taxonomyRefs = z
  .array(z.string().refine(isTaxonomyRef, 'Not a reference of the shipped taxonomies'))
  .max(RISK_LIMITS.taxonomyRefs, `At most ${RISK_LIMITS.taxonomyRefs} taxonomy references`)
  .transform((list) => [...new Set(list)]);

const appetite = z
  .number({ error: 'Appetite is a score from 1 to 25' })
  .int('Appetite is a whole score from 1 to 25')
  .min(1, 'Appetite is a score from 1 to 25')
  .max(25, 'Appetite is a score from 1 to 25');

const riskShape = {
  /** Null: a portfolio-level risk. */
  initiativeId: entityId.nullable(),
  title: required(RISK_LIMITS.title, 'Title', 'Title is required'),
  description: text(RISK_LIMITS.description, 'Description'),
  cause: text(RISK_LIMITS.statementPart, 'Cause'),
  event: text(RISK_LIMITS.statementPart, 'Event'),
  consequence: text(RISK_LIMITS.statementPart, 'Consequence'),
  category: z.enum(RISK_CATEGORY_IDS, { error: 'Choose a category' }),
  taxonomyRefs,
  ownerId: entityId.nullable(),
  inherent: scoredPairInput,
  residual: scoredPairInput,
  target: scoredPairInput.nullable(),
  appetite,
  treatment: z.enum(TREATMENT_IDS).nullable(),
  status: z.enum(RISK_STATUS_IDS),
  /** Null: the cadence of the residual band (§2.2). */
  reviewCadence: z.enum(REVIEW_CADENCE_IDS).nullable(),
  identifiedOn: isoDate,
  lastReviewedOn: isoDate.nullable(),
  /** Null: derived from the last review (or the day identified) and the cadence. */
  nextReviewOn: isoDate.nullable(),
  acceptance: acceptanceInput.nullable(),
  controls: z.array(controlInput).max(RISK_LIMITS.controls, `At most ${RISK_LIMITS.controls} controls`),
};

export const riskCreateInput = z.strictObject({
  ...riskShape,
  initiativeId: riskShape.initiativeId.default(null),
  description: riskShape.description.default(''),
  cause: riskShape.cause.default(''),
  event: riskShape.event.default(''),
  consequence: riskShape.consequence.default(''),
  taxonomyRefs: riskShape.taxonomyRefs.default([]),
  ownerId: riskShape.ownerId.default(null),
  /** Default: the inherent scores (nothing in place yet). */
  residual: riskShape.residual.optional(),
  target: riskShape.target.default(null),
  /** Default: the category's appetite (DEFAULT_APPETITE). */
  appetite: riskShape.appetite.optional(),
  treatment: riskShape.treatment.default(null),
  status: riskShape.status.default('IDENTIFIED'),
  reviewCadence: riskShape.reviewCadence.default(null),
  /** Default: today. */
  identifiedOn: riskShape.identifiedOn.optional(),
  lastReviewedOn: riskShape.lastReviewedOn.default(null),
  nextReviewOn: riskShape.nextReviewOn.default(null),
  acceptance: riskShape.acceptance.default(null),
  controls: riskShape.controls.default([]),
  /** Library entry it was taken from, if any. */
  libraryId: z.string().max(80).nullable().default(null),
  actions: z.array(actionInput).max(RISK_LIMITS.actions, `At most ${RISK_LIMITS.actions} actions`).default([]),
});
export type RiskCreateInput = z.input<typeof riskCreateInput>;
export type RiskCreateFields = z.output<typeof riskCreateInput>;

/** A partial edit; `controls`, when given, replaces the list. `acceptance: null` withdraws an acceptance. */
export const riskPatch = z.strictObject(riskShape).partial();
export type RiskPatch = z.input<typeof riskPatch>;
export const riskUpdateInput = z.strictObject({ id: entityId, patch: riskPatch });

/** Marks a review held (default today): the next review date follows from the cadence. */
export const riskReviewInput = z.strictObject({ id: entityId, on: isoDate.optional() });

export const addFromLibraryInput = z.strictObject({
  libraryId: z.string().min(1, 'Choose a library entry').max(80),
  initiativeId: entityId.nullable(),
  ownerId: entityId.nullable().default(null),
  /** Also add the entry's suggested actions, owned by this person and due on this day. */
  actions: z
    .strictObject({
      ownerId: requiredId('An action needs an owner'),
      dueOn: requiredDate('An action needs a due date'),
    })
    .nullable()
    .default(null),
});

export const RISK_SORT_KEYS = [
  'residualScore',
  'inherentScore',
  'title',
  'category',
  'nextReviewOn',
  'openActionDueOn',
  'status',
  'createdAt',
  'id',
] as const;
export type RiskSortKey = (typeof RISK_SORT_KEYS)[number];

export const heatmapWhich = z.enum(['inherent', 'residual']);
export type HeatmapWhich = z.infer<typeof heatmapWhich>;

export const riskFilterInput = z.strictObject({
  /** A number: that initiative's risks; null: portfolio-level risks only; absent: all. */
  initiativeId: entityId.nullable().optional(),
  categories: z.array(z.enum(RISK_CATEGORY_IDS)).max(RISK_CATEGORY_IDS.length).optional(),
  /** Residual-score bands. */
  bands: z
    .array(z.enum(RISK_BANDS as unknown as [RiskBand, ...RiskBand[]]))
    .max(4)
    .optional(),
  /** Owners; `null` in the list matches risks without an owner. */
  ownerIds: z.array(entityId.nullable()).max(200).optional(),
  statuses: z.array(z.enum(RISK_STATUS_IDS)).max(RISK_STATUS_IDS.length).optional(),
  /** Closed risks are left out unless asked for (or a status filter names CLOSED). */
  includeClosed: z.boolean().optional(),
  overdueReview: z.boolean().optional(),
  overdueAction: z.boolean().optional(),
  /** Above appetite with no acceptance in force. */
  aboveAppetite: z.boolean().optional(),
  /** Words in the title (case-insensitive). */
  search: z.string().max(200).optional(),
  /** One heatmap cell (drill-down). */
  cell: z.strictObject({ which: heatmapWhich, likelihood: level, impact: level }).optional(),
});
export type RiskFilter = z.output<typeof riskFilterInput>;

export const RISK_PAGE_MAX = 500;

export const riskListInput = z
  .strictObject({
    filter: riskFilterInput.optional(),
    sort: z.strictObject({ key: z.enum(RISK_SORT_KEYS), dir: z.enum(['asc', 'desc']) }).optional(),
    offset: z.number().int().min(0).max(10_000_000).optional(),
    limit: z.number().int().min(1).max(RISK_PAGE_MAX).optional(),
  })
  .optional();
export type RiskListInput = z.input<typeof riskListInput>;

export const riskHeatmapInput = z.strictObject({ initiativeId: entityId.optional(), which: heatmapWhich });
export const riskCellInput = z.strictObject({
  initiativeId: entityId.optional(),
  which: heatmapWhich,
  likelihood: level,
  impact: level,
  offset: z.number().int().min(0).max(10_000_000).optional(),
  limit: z.number().int().min(1).max(RISK_PAGE_MAX).optional(),
});
export const riskTopInput = z
  .strictObject({ initiativeId: entityId.optional(), limit: z.number().int().min(1).max(100).optional() })
  .optional();

export interface RiskAcceptance {
  approverId: number;
  reason: string;
  acceptedOn: string;
  expiresOn: string;
}

export interface RiskAction {
  id: number;
  riskId: number;
  description: string;
  ownerId: number;
  dueOn: string;
  status: ActionStatus;
  completedOn: string | null;
  evidence: string;
  /** Open (planned or in progress) and due before today. */
  overdue: boolean;
}

export interface RiskControl {
  id: number;
  framework: ControlFramework;
  ref: string;
  title: string;
  status: ControlStatus;
}

export interface Risk {
  id: number;
  /** Display reference, RSK-000042. */
  ref: string;
  initiativeId: number | null;
  title: string;
  description: string;
  cause: string;
  event: string;
  consequence: string;
  /** "Because <cause>, <event> may occur, leading to <consequence>" (§2.3), empty when parts are missing. */
  statement: string;
  category: RiskCategory;
  taxonomyRefs: string[];
  libraryId: string | null;
  ownerId: number | null;
  inherent: Scored;
  residual: Scored;
  target: Scored | null;
  appetite: number;
  treatment: Treatment | null;
  status: RiskStatus;
  reviewCadence: ReviewCadence | null;
  /** The cadence in force: the risk's own or its residual band's. */
  effectiveCadence: ReviewCadence;
  identifiedOn: string;
  lastReviewedOn: string | null;
  nextReviewOn: string;
  /** Earliest due date of the open actions. */
  openActionDueOn: string | null;
  acceptance: RiskAcceptance | null;
  flags: RiskFlags;
  actions: RiskAction[];
  controls: RiskControl[];
  createdAt: string;
  updatedAt: string;
}

/** One register row: what the virtualized table shows, names resolved. */
export interface RiskRow {
  id: number;
  ref: string;
  initiativeId: number | null;
  initiativeName: string | null;
  title: string;
  category: RiskCategory;
  ownerId: number | null;
  ownerName: string | null;
  inherent: Scored;
  residual: Scored;
  target: Scored | null;
  appetite: number;
  treatment: Treatment | null;
  status: RiskStatus;
  nextReviewOn: string;
  openActionDueOn: string | null;
  acceptanceExpiresOn: string | null;
  flags: RiskFlags;
}

export interface RiskPage {
  /** The day flags are computed for (the core clock's UTC date). */
  asOf: string;
  /** Rows matching the filter, all pages. */
  total: number;
  offset: number;
  rows: RiskRow[];
}

/** Counts per cell: `counts[likelihood - 1][impact - 1]`. */
export interface RiskHeatmap {
  which: HeatmapWhich;
  initiativeId: number | null;
  counts: number[][];
  total: number;
}

export function riskRef(id: number): string {
  return `RSK-${String(id).padStart(6, '0')}`;
}

/** §2.3 statement form, when all three parts are there. */
export function riskStatement(cause: string, event: string, consequence: string): string {
  if (!cause || !event || !consequence) return '';
  const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
  return `Because ${lower(cause)}, ${lower(event)} may occur, leading to ${lower(consequence)}`.replace(/\.,/g, ',');
}

export interface ConsistencyState {
  inherent: { likelihood: number; impact: number };
  residual: { likelihood: number; impact: number };
  target: { likelihood: number; impact: number } | null;
  status: RiskStatus;
  treatment: Treatment | null;
  acceptance: { acceptedOn: string; expiresOn: string } | null;
  lastReviewedOn: string | null;
  identifiedOn: string;
}

export interface RiskIssue {
  path: string;
  message: string;
}

/**
 * Checks across fields (the schema checks each field alone). `moved` names the parts a patch changed, so
 * an inconsistency is reported beside the field the user touched: lowering the inherent score below the
 * residual is an error on the inherent score, raising the residual above it one on the residual.
 */
export function consistencyIssues(s: ConsistencyState, today: string, moved?: ReadonlySet<string>): RiskIssue[] {
  const out: RiskIssue[] = [];
  const touched = (k: string) => moved === undefined || moved.has(k);
  const score = (p: { likelihood: number; impact: number }) => p.likelihood * p.impact;
  const compare = (
    upper: 'inherent' | 'residual',
    lower: 'residual' | 'target',
    lowerPair: { likelihood: number; impact: number },
  ) => {
    const u = s[upper];
    if (score(lowerPair) <= score(u)) return;
    const blame = touched(lower) || !touched(upper) ? lower : upper;
    const name = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);
    const message =
      `${name(lower)} risk (${score(lowerPair)}) cannot be above ${upper} risk (${score(u)}): ` +
      (lower === 'residual' ? 'controls in place do not add risk' : 'planned treatment does not add risk');
    // Beside the score(s) that make the difference: the lower pair's parts that exceed the upper's, or the reverse.
    const [a, b] = blame === lower ? [lowerPair, u] : [u, lowerPair];
    const parts = (['likelihood', 'impact'] as const).filter((k) => (blame === lower ? a[k] > b[k] : a[k] < b[k]));
    for (const k of parts.length > 0 ? parts : (['likelihood'] as const)) {
      out.push({ path: `${blame}.${k}`, message });
    }
  };
  compare('inherent', 'residual', s.residual);
  if (s.target) compare('residual', 'target', s.target);
  if (s.acceptance) {
    if (s.acceptance.expiresOn <= s.acceptance.acceptedOn) {
      out.push({ path: 'acceptance.expiresOn', message: 'The expiry must be after the day the risk was accepted' });
    }
    if (s.acceptance.acceptedOn > today && touched('acceptance')) {
      out.push({ path: 'acceptance.acceptedOn', message: 'The acceptance date is in the future' });
    }
  } else if ((s.status === 'ACCEPTED' || s.treatment === 'ACCEPT_RETAIN') && touched('acceptance')) {
    out.push({
      path: 'acceptance',
      message:
        s.status === 'ACCEPTED'
          ? 'An accepted risk needs the acceptance on record: approver, reason and expiry'
          : 'Accepting a risk needs the acceptance on record: approver, reason and expiry',
    });
  } else if (s.status === 'ACCEPTED' || s.treatment === 'ACCEPT_RETAIN') {
    out.push({
      path: touched('status') ? 'status' : 'treatment',
      message: 'An accepted risk needs the acceptance on record: approver, reason and expiry',
    });
  }
  if (s.lastReviewedOn !== null && touched('lastReviewedOn')) {
    if (s.lastReviewedOn > today)
      out.push({ path: 'lastReviewedOn', message: 'The last review date is in the future' });
    else if (s.lastReviewedOn < s.identifiedOn) {
      out.push({ path: 'lastReviewedOn', message: 'The last review is before the day the risk was identified' });
    }
  }
  if (s.identifiedOn > today && touched('identifiedOn')) {
    out.push({ path: 'identifiedOn', message: 'The day identified is in the future' });
  }
  return out;
}
