import {
  DEFAULT_APPETITE,
  consistencyIssues,
  type ActionStatus,
  type ControlFramework,
  type ControlStatus,
  type LibraryEntry,
  type ReviewCadence,
  type Risk,
  type RiskCategory,
  type RiskCreateInput,
  type RiskPatch,
  type RiskStatus,
  type Treatment,
} from '../../../../shared/domain/risk';
import type { FieldIssue } from '../../../../shared/errors';

/** Errors keyed by the field's full dotted path ("residual.likelihood", "actions.0.ownerId"). */
export type PathErrors = Record<string, string>;

export interface ControlDraft {
  /** Stable React key; never sent. */
  key: number;
  framework: ControlFramework;
  ref: string;
  title: string;
  status: ControlStatus;
}

export interface ActionDraft {
  key: number;
  /** The stored action's id; null until the core has it. */
  id: number | null;
  description: string;
  ownerId: string;
  dueOn: string;
  status: ActionStatus;
}

/** Everything the risk form edits, as its controls hold it ('' = not set). */
export interface RiskDraft {
  initiativeId: string;
  title: string;
  description: string;
  cause: string;
  event: string;
  consequence: string;
  category: RiskCategory | '';
  taxonomyRefs: string[];
  ownerId: string;
  inherentL: string;
  inherentI: string;
  residualL: string;
  residualI: string;
  targetL: string;
  targetI: string;
  appetite: string;
  treatment: Treatment | '';
  status: RiskStatus;
  reviewCadence: ReviewCadence | '';
  identifiedOn: string;
  lastReviewedOn: string;
  nextReviewOn: string;
  approverId: string;
  acceptReason: string;
  acceptedOn: string;
  expiresOn: string;
  controls: ControlDraft[];
  actions: ActionDraft[];
  libraryId: string | null;
}

let nextKey = 1;
export const newKey = () => nextKey++;

const str = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function blankDraft(initiativeId: number | null): RiskDraft {
  return {
    initiativeId: str(initiativeId),
    title: '',
    description: '',
    cause: '',
    event: '',
    consequence: '',
    category: '',
    taxonomyRefs: [],
    ownerId: '',
    inherentL: '',
    inherentI: '',
    residualL: '',
    residualI: '',
    targetL: '',
    targetI: '',
    appetite: '',
    treatment: '',
    status: 'IDENTIFIED',
    reviewCadence: '',
    identifiedOn: '',
    lastReviewedOn: '',
    nextReviewOn: '',
    approverId: '',
    acceptReason: '',
    acceptedOn: '',
    expiresOn: '',
    controls: [],
    actions: [],
    libraryId: null,
  };
}

/**
 * A library entry as a pre-filled, editable draft. Residual starts at inherent, as risk/addFromLibrary
 * does: the entry's controls are suggestions, not yet in place and verified. Its suggested actions come in
 * without owner or due date, so the form asks for both before anything is saved.
 */
export function draftFromLibrary(e: LibraryEntry, initiativeId: number | null): RiskDraft {
  return {
    ...blankDraft(initiativeId),
    title: e.title,
    description: e.description,
    cause: e.cause,
    event: e.event,
    consequence: e.consequence,
    category: e.category,
    taxonomyRefs: [...e.taxonomyRefs],
    inherentL: str(e.inherent.likelihood),
    inherentI: str(e.inherent.impact),
    residualL: str(e.inherent.likelihood),
    residualI: str(e.inherent.impact),
    targetL: str(e.target.likelihood),
    targetI: str(e.target.impact),
    appetite: str(DEFAULT_APPETITE[e.category]),
    treatment: e.treatment,
    controls: e.controls.map((c) => ({ key: newKey(), ...c, status: 'NOT_STARTED' })),
    actions: e.actions.map((description) => ({
      key: newKey(),
      id: null,
      description,
      ownerId: '',
      dueOn: '',
      status: 'PLANNED',
    })),
    libraryId: e.id,
  };
}

export function draftFromRisk(r: Risk): RiskDraft {
  return {
    initiativeId: str(r.initiativeId),
    title: r.title,
    description: r.description,
    cause: r.cause,
    event: r.event,
    consequence: r.consequence,
    category: r.category,
    taxonomyRefs: [...r.taxonomyRefs],
    ownerId: str(r.ownerId),
    inherentL: str(r.inherent.likelihood),
    inherentI: str(r.inherent.impact),
    residualL: str(r.residual.likelihood),
    residualI: str(r.residual.impact),
    targetL: str(r.target?.likelihood),
    targetI: str(r.target?.impact),
    appetite: str(r.appetite),
    treatment: r.treatment ?? '',
    status: r.status,
    reviewCadence: r.reviewCadence ?? '',
    identifiedOn: r.identifiedOn,
    lastReviewedOn: r.lastReviewedOn ?? '',
    nextReviewOn: r.nextReviewOn,
    approverId: str(r.acceptance?.approverId),
    acceptReason: r.acceptance?.reason ?? '',
    acceptedOn: r.acceptance?.acceptedOn ?? '',
    expiresOn: r.acceptance?.expiresOn ?? '',
    controls: r.controls.map((c) => ({
      key: newKey(),
      framework: c.framework,
      ref: c.ref,
      title: c.title,
      status: c.status,
    })),
    actions: r.actions.map((a) => ({
      key: newKey(),
      id: a.id,
      description: a.description,
      ownerId: str(a.ownerId),
      dueOn: a.dueOn,
      status: a.status,
    })),
    libraryId: r.libraryId,
  };
}

const num = (s: string) => (s.trim() === '' ? null : Number(s));
const pair = (l: string, i: string) => (l === '' || i === '' ? null : { likelihood: Number(l), impact: Number(i) });

/** Whether any acceptance field holds something: an empty acceptance block means "not accepted". */
export function hasAcceptance(d: RiskDraft): boolean {
  return Boolean(d.approverId || d.acceptReason.trim() || d.acceptedOn || d.expiresOn);
}

/** Control rows left wholly blank are dropped: an empty row is the editor's way of adding one. */
export function filledControls(d: RiskDraft): ControlDraft[] {
  return d.controls.filter((c) => c.ref.trim() || c.title.trim());
}

/** The risk's fields as the core takes them (everything but the actions). */
export function riskFields(d: RiskDraft) {
  return {
    initiativeId: num(d.initiativeId),
    title: d.title,
    description: d.description,
    cause: d.cause,
    event: d.event,
    consequence: d.consequence,
    category: d.category as RiskCategory,
    taxonomyRefs: d.taxonomyRefs,
    ownerId: num(d.ownerId),
    inherent: pair(d.inherentL, d.inherentI) ?? { likelihood: 0, impact: 0 },
    residual: pair(d.residualL, d.residualI) ?? { likelihood: 0, impact: 0 },
    target: pair(d.targetL, d.targetI),
    appetite: Number(d.appetite),
    treatment: d.treatment || null,
    status: d.status,
    reviewCadence: d.reviewCadence || null,
    identifiedOn: d.identifiedOn,
    nextReviewOn: d.nextReviewOn || null,
    acceptance: hasAcceptance(d)
      ? {
          approverId: Number(d.approverId),
          reason: d.acceptReason,
          ...(d.acceptedOn ? { acceptedOn: d.acceptedOn } : {}),
          expiresOn: d.expiresOn,
        }
      : null,
    controls: filledControls(d).map((c) => ({ framework: c.framework, ref: c.ref, title: c.title, status: c.status })),
  };
}

type Fields = ReturnType<typeof riskFields>;

export function createInput(d: RiskDraft): RiskCreateInput {
  const { identifiedOn, ...f } = riskFields(d);
  return {
    ...f,
    ...(identifiedOn ? { identifiedOn } : {}),
    libraryId: d.libraryId,
    actions: d.actions.map((a) => ({
      description: a.description,
      ownerId: Number(a.ownerId),
      dueOn: a.dueOn,
      status: a.status,
    })),
  };
}

/** Only what changed against the stored risk, so the core reports problems beside what the user touched. */
export function patchOf(original: RiskDraft, d: RiskDraft): RiskPatch {
  const before = riskFields(original);
  const after = riskFields(d);
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(after) as (keyof Fields)[]) {
    if (JSON.stringify(after[k]) !== JSON.stringify(before[k])) patch[k] = after[k];
  }
  return patch as RiskPatch;
}

export function actionIssues(a: Pick<ActionDraft, 'description' | 'ownerId' | 'dueOn'>): PathErrors {
  const e: PathErrors = {};
  if (!a.description.trim()) e.description = 'Describe the action';
  if (!a.ownerId) e.ownerId = 'An action needs an owner';
  if (!a.dueOn) e.dueOn = 'An action needs a due date';
  return e;
}

const levelError = 'Choose a score from 1 to 5';

/**
 * The mistakes caught before a round trip: required parts, scores, the acceptance and action rules, and the
 * shared cross-field checks (residual above inherent and the like) with the core's own wording. `moved`
 * names what an edit changed, so an inconsistency is reported beside what the user touched.
 */
export function checkDraft(d: RiskDraft, today: string, moved?: ReadonlySet<string>): PathErrors {
  const e: PathErrors = {};
  if (!d.title.trim()) e.title = 'Title is required';
  if (!d.category) e.category = 'Choose a category';
  for (const [k, v] of [
    ['inherent.likelihood', d.inherentL],
    ['inherent.impact', d.inherentI],
    ['residual.likelihood', d.residualL],
    ['residual.impact', d.residualI],
  ] as const) {
    if (v === '') e[k] = levelError;
  }
  if ((d.targetL === '') !== (d.targetI === '')) {
    e[d.targetL === '' ? 'target.likelihood' : 'target.impact'] = 'Give both target scores, or neither';
  }
  const appetite = Number(d.appetite);
  if (d.appetite.trim() === '' || !Number.isInteger(appetite) || appetite < 1 || appetite > 25) {
    e.appetite = 'Appetite is a whole score from 1 to 25';
  }
  const accepting = hasAcceptance(d) || d.status === 'ACCEPTED' || d.treatment === 'ACCEPT_RETAIN';
  if (accepting) {
    if (!d.approverId) e['acceptance.approverId'] = 'An acceptance needs an approver';
    if (!d.acceptReason.trim()) e['acceptance.reason'] = 'Say why the risk is accepted';
    if (!d.expiresOn) e['acceptance.expiresOn'] = 'An acceptance needs an expiry date';
  }
  d.actions.forEach((a, i) => {
    for (const [k, m] of Object.entries(actionIssues(a))) e[`actions.${i}.${k}`] = m;
  });
  filledControls(d).forEach((c, i) => {
    if (!c.title.trim()) e[`controls.${i}.title`] = 'Describe the control';
  });
  const f = riskFields(d);
  const complete = !Object.keys(e).some((k) => /^(inherent|residual|target)\./.test(k));
  if (complete) {
    const acceptedOn = d.acceptedOn || today;
    for (const issue of consistencyIssues(
      {
        inherent: f.inherent,
        residual: f.residual,
        target: f.target,
        status: d.status,
        treatment: f.treatment,
        acceptance: d.expiresOn && d.approverId ? { acceptedOn, expiresOn: d.expiresOn } : null,
        lastReviewedOn: d.lastReviewedOn || null,
        identifiedOn: d.identifiedOn || today,
      },
      today,
      moved,
    )) {
      // The acceptance rules above already say which part is missing, beside it.
      if (issue.path === 'acceptance' || ((issue.path === 'status' || issue.path === 'treatment') && accepting))
        continue;
      e[issue.path] ??= issue.message;
    }
  }
  return e;
}

/** The core's issues keyed by path: "patch." dropped, the first message per path kept. */
export function errorsFromIssues(issues: readonly FieldIssue[]): PathErrors {
  const out: PathErrors = {};
  for (const i of issues) {
    const path = i.path.replace(/^patch\./, '').replace(/^patch$/, '');
    out[path] ??= i.message;
  }
  return out;
}

/** Which top-level parts an edit touched, for the cross-field checks' blame. */
export function movedKeys(patch: RiskPatch): Set<string> {
  return new Set(Object.keys(patch));
}
