import {
  DEFAULT_APPETITE,
  RISK_LIBRARY,
  consistencyIssues,
  effectiveCadence,
  libraryEntry,
  nextReviewDate,
  type ActionFields,
  type ControlInput,
  type Risk,
  type RiskFilter,
  type RiskPage,
  type RiskRow,
} from '../../../shared/domain/risk';
import { AppError, type FieldIssue } from '../../../shared/errors';
import type { Handlers, ParsedInput } from '../../../shared/ipc/contract';
import type { Db } from '../db/sqlite';
import { getInitiativeRecord } from '../repositories/initiatives.repo';
import { getPersonRecord } from '../repositories/people.repo';
import {
  deleteAction,
  deleteControlsOf,
  deleteRisk,
  getActionRecord,
  getRisk,
  getRiskRecord,
  heatmapCounts,
  insertAction,
  insertControl,
  insertRisk,
  listRiskPage,
  refreshOpenActionDue,
  updateAction,
  updateRisk,
  type RiskActionRecord,
  type RiskRecord,
} from '../repositories/risks.repo';
import { change, nowIso, type CoreContext } from './context';

type RiskChannels =
  | 'risk/list'
  | 'risk/get'
  | 'risk/create'
  | 'risk/update'
  | 'risk/review'
  | 'risk/delete'
  | 'risk/library'
  | 'risk/addFromLibrary'
  | 'risk/heatmap'
  | 'risk/cell'
  | 'risk/top'
  | 'risk/addAction'
  | 'risk/updateAction'
  | 'risk/deleteAction';
type RiskHandlers = Pick<Handlers, RiskChannels>;

const DEFAULT_PAGE = 100;

function refuse(issues: readonly FieldIssue[]): void {
  const first = issues[0];
  if (first) throw new AppError('VALIDATION', first.message, [...issues]);
}

function mustGet(db: Db, id: number): RiskRecord {
  const r = getRiskRecord(db, id);
  if (!r) throw new AppError('NOT_FOUND', `Risk ${id} does not exist.`);
  return r;
}

/** Whether each person named exists; issues at the paths given. */
function peopleIssues(db: Db, named: readonly [string, number | null][]): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const [path, id] of named) {
    if (id !== null && !getPersonRecord(db, id)) out.push({ path, message: `Person ${id} does not exist` });
  }
  return out;
}

/** Completed only when done: a reopened action loses its completion day, a done one gets today by default. */
function completion(status: string, completedOn: string | null, today: string): string | null {
  return status === 'DONE' ? (completedOn ?? today) : null;
}

function actionRecord(riskId: number, a: ActionFields, today: string): Omit<RiskActionRecord, 'id'> {
  return {
    risk_id: riskId,
    description: a.description,
    owner_id: a.ownerId,
    due_on: a.dueOn,
    status: a.status,
    completed_on: completion(a.status, a.completedOn, today),
    evidence: a.evidence,
  };
}

function controlRecords(riskId: number, controls: readonly ControlInput[]) {
  return controls.map((c) => ({
    risk_id: riskId,
    framework: c.framework,
    ref: c.ref ?? '',
    title: c.title,
    status: c.status ?? 'NOT_STARTED',
  }));
}

/** The next review: the stored override, else last review (or the day identified) + the cadence in force. */
function nextReview(rec: Omit<RiskRecord, 'id' | 'next_review_on'>): string {
  const cadence = effectiveCadence(rec.review_cadence, rec.residual_l * rec.residual_i);
  return nextReviewDate(rec.last_reviewed_on ?? rec.identified_on, cadence);
}

export function riskHandlers(ctx: CoreContext): RiskHandlers {
  const today = () => ctx.clock.now().toISOString().slice(0, 10);
  const read = (db: Db, id: number): Risk => {
    const r = getRisk(db, id, today());
    if (!r) throw new AppError('NOT_FOUND', `Risk ${id} does not exist.`);
    return r;
  };
  const page = (filter: RiskFilter, input: ParsedInput<'risk/list'>): RiskPage => {
    const day = today();
    const offset = input?.offset ?? 0;
    const res = listRiskPage(
      ctx.workspace.db(),
      {
        filter,
        sort: input?.sort ?? { key: 'residualScore', dir: 'desc' },
        offset,
        limit: input?.limit ?? DEFAULT_PAGE,
      },
      day,
    );
    return { asOf: day, total: res.total, offset, rows: res.rows };
  };

  const create = (input: ParsedInput<'risk/create'>, label: string): Risk => {
    const db = ctx.workspace.db();
    const day = today();
    const at = nowIso(ctx);
    const residual = input.residual ?? input.inherent;
    const base: Omit<RiskRecord, 'id' | 'next_review_on'> = {
      initiative_id: input.initiativeId,
      title: input.title,
      category: input.category,
      owner_id: input.ownerId,
      inherent_l: input.inherent.likelihood,
      inherent_i: input.inherent.impact,
      residual_l: residual.likelihood,
      residual_i: residual.impact,
      target_l: input.target?.likelihood ?? null,
      target_i: input.target?.impact ?? null,
      appetite: input.appetite ?? DEFAULT_APPETITE[input.category],
      treatment: input.treatment,
      status: input.status,
      review_cadence: input.reviewCadence,
      identified_on: input.identifiedOn ?? day,
      last_reviewed_on: input.lastReviewedOn,
      open_action_due_on: null,
      accepted_by: input.acceptance?.approverId ?? null,
      accepted_on: input.acceptance ? (input.acceptance.acceptedOn ?? day) : null,
      acceptance_expires_on: input.acceptance?.expiresOn ?? null,
      acceptance_reason: input.acceptance?.reason ?? '',
      library_id: input.libraryId,
      taxonomy_refs: JSON.stringify(input.taxonomyRefs),
      created_at: at,
      updated_at: at,
      description: input.description,
      cause: input.cause,
      event: input.event,
      consequence: input.consequence,
    };
    const rec: Omit<RiskRecord, 'id'> = { ...base, next_review_on: input.nextReviewOn ?? nextReview(base) };
    const issues: FieldIssue[] = [];
    if (rec.initiative_id !== null && !getInitiativeRecord(db, rec.initiative_id)) {
      issues.push({ path: 'initiativeId', message: `Initiative ${rec.initiative_id} does not exist` });
    }
    issues.push(
      ...peopleIssues(db, [
        ['ownerId', rec.owner_id],
        ['acceptance.approverId', rec.accepted_by],
        ...input.actions.map((a, i) => [`actions.${i}.ownerId`, a.ownerId] as [string, number]),
      ]),
      ...consistencyIssues(stateOf(rec), day),
    );
    refuse(issues);
    return change<Risk>(
      ctx,
      label,
      (created) => (created ? [{ kind: 'risk', id: created.id }] : []),
      (tx) => {
        const id = insertRisk(tx, rec);
        for (const a of input.actions) insertAction(tx, actionRecord(id, a, day));
        for (const c of controlRecords(id, input.controls)) insertControl(tx, c);
        refreshOpenActionDue(tx, id);
        return read(tx, id);
      },
    );
  };

  /** Runs an edit of a risk's actions as a change of the risk (its aggregate), then returns the risk. */
  const editRisk = (riskId: number, label: string, mutate: (tx: Db) => void): Risk =>
    change(
      ctx,
      label,
      () => [{ kind: 'risk', id: riskId }],
      (tx) => {
        mustGet(tx, riskId);
        mutate(tx);
        refreshOpenActionDue(tx, riskId);
        tx.prepare('UPDATE risks SET updated_at = ? WHERE id = ?').run(nowIso(ctx), riskId);
        return read(tx, riskId);
      },
    );

  return {
    'risk/list': (input) => page(input?.filter ?? {}, input),

    'risk/get': ({ id }) => read(ctx.workspace.db(), id),

    'risk/create': (input) => create(input, `Add risk “${input.title}”`),

    'risk/update': ({ id, patch }) => {
      const db = ctx.workspace.db();
      const cur = mustGet(db, id);
      const day = today();
      const keep = <T>(v: T | undefined, stored: T): T => (v !== undefined ? v : stored);
      const acc = patch.acceptance;
      const next: RiskRecord = {
        ...cur,
        initiative_id: keep(patch.initiativeId, cur.initiative_id),
        title: keep(patch.title, cur.title),
        description: keep(patch.description, cur.description),
        cause: keep(patch.cause, cur.cause),
        event: keep(patch.event, cur.event),
        consequence: keep(patch.consequence, cur.consequence),
        category: keep(patch.category, cur.category),
        taxonomy_refs: patch.taxonomyRefs !== undefined ? JSON.stringify(patch.taxonomyRefs) : cur.taxonomy_refs,
        owner_id: keep(patch.ownerId, cur.owner_id),
        inherent_l: patch.inherent?.likelihood ?? cur.inherent_l,
        inherent_i: patch.inherent?.impact ?? cur.inherent_i,
        residual_l: patch.residual?.likelihood ?? cur.residual_l,
        residual_i: patch.residual?.impact ?? cur.residual_i,
        target_l: patch.target === undefined ? cur.target_l : (patch.target?.likelihood ?? null),
        target_i: patch.target === undefined ? cur.target_i : (patch.target?.impact ?? null),
        appetite: keep(patch.appetite, cur.appetite),
        treatment: keep(patch.treatment, cur.treatment),
        status: keep(patch.status, cur.status),
        review_cadence: keep(patch.reviewCadence, cur.review_cadence),
        identified_on: keep(patch.identifiedOn, cur.identified_on),
        last_reviewed_on: keep(patch.lastReviewedOn, cur.last_reviewed_on),
        accepted_by: acc === undefined ? cur.accepted_by : (acc?.approverId ?? null),
        accepted_on: acc === undefined ? cur.accepted_on : acc ? (acc.acceptedOn ?? day) : null,
        acceptance_expires_on: acc === undefined ? cur.acceptance_expires_on : (acc?.expiresOn ?? null),
        acceptance_reason: acc === undefined ? cur.acceptance_reason : (acc?.reason ?? ''),
        updated_at: nowIso(ctx),
      };
      // The next review follows a new last review or a new cadence (own, or the band's) unless it is given.
      const cadenceMoved =
        effectiveCadence(next.review_cadence, next.residual_l * next.residual_i) !==
        effectiveCadence(cur.review_cadence, cur.residual_l * cur.residual_i);
      if (patch.nextReviewOn !== undefined && patch.nextReviewOn !== null) next.next_review_on = patch.nextReviewOn;
      else if (
        patch.nextReviewOn === null ||
        cadenceMoved ||
        (patch.lastReviewedOn !== undefined && patch.lastReviewedOn !== cur.last_reviewed_on) ||
        (patch.identifiedOn !== undefined && cur.last_reviewed_on === null)
      ) {
        next.next_review_on = nextReview(next);
      }
      const moved = new Set(Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined));
      const issues: FieldIssue[] = [];
      if (
        patch.initiativeId !== undefined &&
        patch.initiativeId !== null &&
        !getInitiativeRecord(db, patch.initiativeId)
      ) {
        issues.push({ path: 'patch.initiativeId', message: `Initiative ${patch.initiativeId} does not exist` });
      }
      issues.push(
        ...peopleIssues(db, [
          ['patch.ownerId', patch.ownerId ?? null],
          ['patch.acceptance.approverId', acc?.approverId ?? null],
        ]),
        ...consistencyIssues(stateOf(next), day, moved).map((i) => ({ ...i, path: `patch.${i.path}` })),
      );
      refuse(issues);
      return change(
        ctx,
        `Edit risk “${next.title}”`,
        () => [{ kind: 'risk', id }],
        (tx) => {
          mustGet(tx, id);
          updateRisk(tx, next);
          if (patch.controls !== undefined) {
            deleteControlsOf(tx, id);
            for (const c of controlRecords(id, patch.controls)) insertControl(tx, c);
          }
          refreshOpenActionDue(tx, id);
          return read(tx, id);
        },
      );
    },

    'risk/review': ({ id, on }) => {
      const db = ctx.workspace.db();
      const cur = mustGet(db, id);
      const day = on ?? today();
      if (day > today()) refuse([{ path: 'on', message: 'A review cannot be recorded for a day after today' }]);
      if (day < cur.identified_on) {
        refuse([{ path: 'on', message: 'A review cannot be before the day the risk was identified' }]);
      }
      const next: RiskRecord = { ...cur, last_reviewed_on: day, updated_at: nowIso(ctx) };
      next.next_review_on = nextReview(next);
      return change(
        ctx,
        `Review risk “${cur.title}”`,
        () => [{ kind: 'risk', id }],
        (tx) => {
          updateRisk(tx, next);
          return read(tx, id);
        },
      );
    },

    'risk/delete': ({ id }) =>
      change(
        ctx,
        `Delete risk “${mustGet(ctx.workspace.db(), id).title}”`,
        () => [{ kind: 'risk', id }],
        (tx) => {
          deleteRisk(tx, id);
          return { id };
        },
      ),

    'risk/library': () => RISK_LIBRARY.map((e) => ({ ...e })),

    'risk/addFromLibrary': ({ libraryId, initiativeId, ownerId, actions }) => {
      const e = libraryEntry(libraryId);
      if (!e)
        throw new AppError('VALIDATION', 'No such library entry', [
          { path: 'libraryId', message: 'No such library entry' },
        ]);
      const extra = actions ? peopleIssues(ctx.workspace.db(), [['actions.ownerId', actions.ownerId]]) : [];
      refuse(extra);
      // Residual starts at inherent: the entry's controls are suggestions, not yet in place and verified (§2.2).
      return create(
        {
          initiativeId,
          title: e.title,
          description: e.description,
          cause: e.cause,
          event: e.event,
          consequence: e.consequence,
          category: e.category,
          taxonomyRefs: [...e.taxonomyRefs],
          ownerId,
          inherent: { ...e.inherent },
          residual: { ...e.inherent },
          target: { ...e.target },
          appetite: undefined,
          treatment: e.treatment,
          status: 'IDENTIFIED',
          reviewCadence: null,
          identifiedOn: undefined,
          lastReviewedOn: null,
          nextReviewOn: null,
          acceptance: null,
          controls: e.controls.map((c) => ({ ...c, status: 'NOT_STARTED' as const })),
          libraryId: e.id,
          actions: actions
            ? e.actions.map((description) => ({
                description,
                ownerId: actions.ownerId,
                dueOn: actions.dueOn,
                status: 'PLANNED' as const,
                completedOn: null,
                evidence: '',
              }))
            : [],
        },
        `Add risk “${e.title}” from the library`,
      );
    },

    'risk/heatmap': ({ initiativeId, which }) => {
      const { counts, total } = heatmapCounts(ctx.workspace.db(), which, initiativeId);
      return { which, initiativeId: initiativeId ?? null, counts, total };
    },

    'risk/cell': ({ initiativeId, which, likelihood, impact, offset, limit }) =>
      page(
        {
          ...(initiativeId !== undefined ? { initiativeId } : {}),
          cell: { which, likelihood, impact },
        },
        { offset, limit, sort: { key: 'residualScore', dir: 'desc' } },
      ),

    'risk/top': (input): RiskRow[] =>
      page(input?.initiativeId !== undefined ? { initiativeId: input.initiativeId } : {}, {
        limit: input?.limit ?? 5,
        sort: { key: 'residualScore', dir: 'desc' },
      }).rows,

    'risk/addAction': ({ riskId, ...a }) => {
      const db = ctx.workspace.db();
      const cur = mustGet(db, riskId);
      refuse(peopleIssues(db, [['ownerId', a.ownerId]]));
      return editRisk(riskId, `Add action to risk “${cur.title}”`, (tx) => {
        insertAction(tx, actionRecord(riskId, a, today()));
      });
    },

    'risk/updateAction': ({ id, patch }) => {
      const db = ctx.workspace.db();
      const cur = getActionRecord(db, id);
      if (!cur) throw new AppError('NOT_FOUND', `Action ${id} does not exist.`);
      refuse(peopleIssues(db, [['patch.ownerId', patch.ownerId ?? null]]));
      const status = patch.status ?? cur.status;
      const next: RiskActionRecord = {
        ...cur,
        description: patch.description ?? cur.description,
        owner_id: patch.ownerId ?? cur.owner_id,
        due_on: patch.dueOn ?? cur.due_on,
        status,
        completed_on: completion(
          status,
          patch.completedOn !== undefined ? patch.completedOn : cur.completed_on,
          today(),
        ),
        evidence: patch.evidence ?? cur.evidence,
      };
      const risk = mustGet(db, cur.risk_id);
      return editRisk(cur.risk_id, `Edit action of risk “${risk.title}”`, (tx) => updateAction(tx, next));
    },

    'risk/deleteAction': ({ id }) => {
      const db = ctx.workspace.db();
      const cur = getActionRecord(db, id);
      if (!cur) throw new AppError('NOT_FOUND', `Action ${id} does not exist.`);
      const risk = mustGet(db, cur.risk_id);
      return editRisk(cur.risk_id, `Remove action from risk “${risk.title}”`, (tx) => deleteAction(tx, id));
    },
  };
}

function stateOf(r: Omit<RiskRecord, 'id'>) {
  return {
    inherent: { likelihood: r.inherent_l, impact: r.inherent_i },
    residual: { likelihood: r.residual_l, impact: r.residual_i },
    target: r.target_l !== null && r.target_i !== null ? { likelihood: r.target_l, impact: r.target_i } : null,
    status: r.status,
    treatment: r.treatment,
    acceptance:
      r.accepted_on !== null && r.acceptance_expires_on !== null
        ? { acceptedOn: r.accepted_on, expiresOn: r.acceptance_expires_on }
        : null,
    lastReviewedOn: r.last_reviewed_on,
    identifiedOn: r.identified_on,
  };
}
