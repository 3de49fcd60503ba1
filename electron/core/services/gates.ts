import {
  GATE_REVIEW_LIMITS,
  gateSettingsInput,
  type CriterionView,
  type GateReviewDetail,
  type GateSettings,
} from '../../../shared/domain/gateReview';
import type { InitiativeType, RiskTier } from '../../../shared/domain/enums';
import { runAutoChecks } from '../../../shared/domain/governance/autochecks';
import { CRITERIA_CATALOGUE, tailorGate, type TailoredGate } from '../../../shared/domain/governance/criteria';
import { epochDay } from '../../../shared/domain/governance/days';
import {
  decisionAdvances,
  decisionAllowed,
  decisionLabel,
  defaultRequiredRoles,
  evaluateGate,
  gateInfo,
  gateLeaving,
  gatekeeperRoleLabel,
  type CriterionResult,
  type GateId,
  type GatekeeperRole,
} from '../../../shared/domain/governance/gates';
import { PHASES, phaseInfo, phaseNumber, type PhaseId } from '../../../shared/domain/phases';
import { AppError, type FieldIssue } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import type { Db } from '../db/sqlite';
import type { Dialogs } from '../ports';
import {
  countEvidenceWithHash,
  countOpenConditions,
  deleteEvidence,
  deleteSignOff,
  getConditionRecord,
  getConditionView,
  getEvidenceRecord,
  getOpenReviewOf,
  getReviewRecord,
  getSignOffRecord,
  insertCondition,
  insertEvidence,
  insertReview,
  listConditionViews,
  listEvidenceRecords,
  listOpenConditionViews,
  listOpenReviewSummaries,
  listResultRecords,
  listReviewSummaries,
  listSignOffRows,
  toEvidence,
  toSummary,
  updateCondition,
  updateReview,
  upsertResult,
  upsertSignOff,
  GATE_SETTINGS_KEY,
  type EvidenceRecord,
  type GateReviewRecord,
} from '../repositories/gates.repo';
import {
  getInitiativeRecord,
  insertTransition,
  updateInitiativeColumns,
  type InitiativeRecord,
} from '../repositories/initiatives.repo';
import { personExists } from '../repositories/people.repo';
import { getSetting, setSetting } from '../repositories/settings.repo';
import { change, nowIso, type CoreContext } from './context';
import { formatMb, removeStoredFile, storeEvidenceFile } from './evidenceStore';
import { loadSnapshot } from './snapshots';

type GateChannel = Extract<keyof Handlers, `gate/${string}`>;
export type GateHandlers = Pick<Handlers, GateChannel>;

export interface GateDeps {
  dialogs: Dialogs;
  /** The user-data folder; evidence files go to `<dataDir>/evidence`. */
  dataDir: string;
}

export const DEFAULT_GATE_SETTINGS: GateSettings = {
  extraRoles: {},
  evidenceMaxBytes: GATE_REVIEW_LIMITS.evidenceMaxBytes,
};

/** The stored gate settings, or the defaults when absent or not valid (a hand-edited file cannot break reviews). */
export function readGateSettings(db: Db): GateSettings {
  const raw = getSetting(db, GATE_SETTINGS_KEY);
  if (raw === null) return DEFAULT_GATE_SETTINGS;
  try {
    const parsed = gateSettingsInput.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : DEFAULT_GATE_SETTINGS;
  } catch {
    return DEFAULT_GATE_SETTINGS;
  }
}

function today(ctx: CoreContext): string {
  return nowIso(ctx).slice(0, 10);
}

function mustGetReview(db: Db, id: number): GateReviewRecord {
  const r = getReviewRecord(db, id);
  if (!r) throw new AppError('NOT_FOUND', `Gate review ${id} does not exist.`);
  return r;
}

function mustGetInitiative(db: Db, id: number): InitiativeRecord {
  const r = getInitiativeRecord(db, id);
  if (!r) throw new AppError('NOT_FOUND', `Initiative ${id} does not exist.`);
  return r;
}

/** Results, evidence and sign-offs change only while the review is open: a decided review is a record. */
function mustBeOpen(r: GateReviewRecord): void {
  if (r.status === 'open') return;
  throw new AppError(
    'CONFLICT',
    r.status === 'decided'
      ? `The ${r.gate} review is already decided; its record cannot change.`
      : `The ${r.gate} review was cancelled; request a new one.`,
  );
}

/**
 * The review's criteria, tailored to the initiative as it is now: re-classifying an initiative (say, to
 * high risk) changes what its open review must show. The catalogue version used is stored on the review.
 */
function tailored(db: Db, r: GateReviewRecord): { initiative: InitiativeRecord; tailoring: TailoredGate } {
  const initiative = mustGetInitiative(db, r.initiative_id);
  const tailoring = tailorGate(r.gate, {
    riskTier: initiative.risk_tier as RiskTier,
    type: initiative.type as InitiativeType,
  });
  return { initiative, tailoring };
}

function requiredRolesFor(db: Db, gate: GateId, initiative: InitiativeRecord): GatekeeperRole[] {
  const roles = defaultRequiredRoles(gate, {
    riskTier: initiative.risk_tier as RiskTier,
    type: initiative.type as InitiativeType,
  });
  for (const extra of readGateSettings(db).extraRoles[gate] ?? []) if (!roles.includes(extra)) roles.push(extra);
  return roles;
}

function toCriterionResult(r: ReturnType<typeof listResultRecords>[number]): CriterionResult {
  return {
    criterionId: r.criterion_id,
    result: r.result,
    ...(r.score !== null ? { score: r.score } : {}),
    ...(r.waiver_reason ? { waiverReason: r.waiver_reason } : {}),
  };
}

/** Everything the review screen shows, computed from the stored rows and today's auto-checks. */
export function buildDetail(db: Db, id: number, todayIso: string): GateReviewDetail {
  const r = mustGetReview(db, id);
  const { initiative, tailoring } = tailored(db, r);
  const criteria = tailoring.criteria;
  const results = listResultRecords(db, id);
  const resultById = new Map(results.map((x) => [x.criterion_id, x]));
  const asOf = epochDay(todayIso);
  const snapshot = loadSnapshot(db, r.initiative_id, asOf);
  const autoChecks = snapshot ? runAutoChecks(criteria, snapshot, asOf) : {};
  const evaluation = evaluateGate(criteria, results.map(toCriterionResult), { autoChecks });

  const evidence = listEvidenceRecords(db, id).map((e) => toEvidence(e, todayIso));
  const shown = new Set(criteria.map((c) => c.id));
  const views: CriterionView[] = criteria.map((c) => {
    const res = resultById.get(c.id);
    return {
      criterion: c,
      result: res?.result ?? null,
      score: res?.score ?? null,
      waiverReason: res?.waiver_reason ?? '',
      note: res?.note ?? '',
      autoCheck: c.autoCheck ? (autoChecks[c.autoCheck] ?? null) : null,
      unmetReason: evaluation.unmetReasons[c.id] ?? null,
      evidence: evidence.filter((e) => e.criterionId === c.id),
    };
  });

  return {
    review: toSummary(r, countOpenConditions(db, id)),
    initiativeName: initiative.name,
    gateName: gateInfo(r.gate).name,
    criteria: views,
    notApplicable: tailoring.notApplicable,
    // Evidence for a criterion that re-tailoring no longer shows stays visible here rather than vanishing.
    generalEvidence: evidence.filter((e) => e.criterionId === null || !shown.has(e.criterionId)),
    evaluation,
    requiredRoles: requiredRolesFor(db, r.gate, initiative),
    signOffs: listSignOffRows(db, id).map((s) => ({
      id: s.id,
      role: s.role,
      personId: s.person_id,
      personName: s.person_name,
      vote: s.vote,
      comment: s.comment,
      signedAt: s.signed_at,
    })),
    conditions: listConditionViews(db, id, todayIso),
  };
}

/** A criterion id must be one the review shows (field issue otherwise). */
function checkCriterion(tailoring: TailoredGate, criterionId: string, gate: GateId, path = 'criterionId'): void {
  if (tailoring.criteria.some((c) => c.id === criterionId)) return;
  const message = tailoring.notApplicable.some((n) => n.criterion.id === criterionId)
    ? `${criterionId} does not apply to this initiative (lite gate)`
    : `${criterionId} is not a criterion of this ${gate} review`;
  throw new AppError('VALIDATION', message, [{ path, message }]);
}

const short = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const RESULT_LABELS = { MET: 'Met', PARTIAL: 'Partly met', NOT_MET: 'Not met', NA: 'N/A', WAIVED: 'Waived' } as const;

/** Whether every gate from `from` up to (not including) `to` has a decided Go / Conditional go on record. */
function gatesDecided(db: Db, initiativeId: number, from: PhaseId, to: PhaseId): boolean {
  const decided = new Set(
    db
      .prepare(
        `SELECT gate FROM gate_reviews WHERE initiative_id = ? AND status = 'decided'
         AND decision IN ('GO','CONDITIONAL_GO')`,
      )
      .pluck()
      .all(initiativeId) as GateId[],
  );
  const passed = PHASES.slice(phaseNumber(from) - 1, phaseNumber(to) - 1);
  return passed.every((p) => decided.has(gateLeaving(p.id).id));
}

/**
 * Whether a manual phase move (initiative/changePhase) is an override: moving forward past a gate without
 * a decided Go on record. Moving backward is a plain move.
 */
export function manualMoveIsOverride(db: Db, initiativeId: number, from: PhaseId, to: PhaseId): boolean {
  if (phaseNumber(to) <= phaseNumber(from)) return false;
  return !gatesDecided(db, initiativeId, from, to);
}

export function gateHandlers(ctx: CoreContext, deps: GateDeps): GateHandlers {
  const detail = (db: Db, id: number) => buildDetail(db, id, today(ctx));
  const ref = (id: number) => ({ kind: 'gateReview' as const, id });

  return {
    'gate/list': ({ initiativeId }) => {
      const db = ctx.workspace.db();
      mustGetInitiative(db, initiativeId);
      return listReviewSummaries(db, initiativeId);
    },

    'gate/openReviews': () => listOpenReviewSummaries(ctx.workspace.db()),

    'gate/get': ({ id }) => detail(ctx.workspace.db(), id),

    'gate/request': ({ initiativeId, scheduledDate }) => {
      const initiative = mustGetInitiative(ctx.workspace.db(), initiativeId);
      const gate = gateLeaving(initiative.phase as PhaseId);
      return change<GateReviewDetail>(
        ctx,
        `Requested ${gate.id} review`,
        (created) => (created ? [ref(created.review.id)] : []),
        (db) => {
          const current = mustGetInitiative(db, initiativeId);
          if (current.archived_at !== null) {
            throw new AppError(
              'CONFLICT',
              `“${current.name}” is archived; restore it before requesting a gate review.`,
            );
          }
          if (current.status === 'killed' || current.status === 'retired') {
            throw new AppError('CONFLICT', `“${current.name}” is ${current.status}; it has no gate to pass.`);
          }
          const open = getOpenReviewOf(db, initiativeId);
          if (open) {
            throw new AppError(
              'CONFLICT',
              `“${current.name}” already has an open ${open.gate} review; decide or cancel it first.`,
            );
          }
          const g = gateLeaving(current.phase as PhaseId);
          const at = nowIso(ctx);
          const id = insertReview(db, {
            initiative_id: initiativeId,
            gate: g.id,
            catalogue_version: CRITERIA_CATALOGUE.version,
            status: 'open',
            from_phase: g.fromPhase,
            to_phase: g.toPhase,
            requested_at: at,
            requested_by: ctx.actor(),
            scheduled_date: scheduledDate ?? null,
            decision: null,
            decided_at: null,
            decided_by: null,
            is_override: 0,
            override_reason: null,
            notes: '',
            score_at_decision: null,
            updated_at: at,
          });
          return detail(db, id);
        },
      );
    },

    'gate/cancel': ({ id }) => {
      const r = mustGetReview(ctx.workspace.db(), id);
      return change(
        ctx,
        `Cancelled ${r.gate} review`,
        () => [ref(id)],
        (db) => {
          const cur = mustGetReview(db, id);
          mustBeOpen(cur);
          updateReview(db, { ...cur, status: 'cancelled', updated_at: nowIso(ctx) });
          return toSummary(mustGetReview(db, id), countOpenConditions(db, id));
        },
      );
    },

    'gate/setResult': ({ reviewId, criterionId, result, score, waiverReason, note }) => {
      const r = mustGetReview(ctx.workspace.db(), reviewId);
      return change(
        ctx,
        `${r.gate} ${criterionId}: ${RESULT_LABELS[result]}`,
        () => [ref(reviewId)],
        (db) => {
          const cur = mustGetReview(db, reviewId);
          mustBeOpen(cur);
          const { tailoring } = tailored(db, cur);
          checkCriterion(tailoring, criterionId, cur.gate);
          const criterion = tailoring.criteria.find((c) => c.id === criterionId)!;
          const issues: FieldIssue[] = [];
          if (score != null && criterion.kind !== 'should') {
            issues.push({ path: 'score', message: 'Only should-meet criteria are scored; must-meets are met or not' });
          }
          if (result === 'WAIVED' && !waiverReason) {
            issues.push({ path: 'waiverReason', message: 'Say why the criterion is waived' });
          }
          if (issues.length) throw new AppError('VALIDATION', issues.map((i) => i.message).join('; '), issues);
          upsertResult(db, {
            review_id: reviewId,
            criterion_id: criterionId,
            result,
            score: score ?? null,
            waiver_reason: result === 'WAIVED' ? (waiverReason ?? '') : '',
            note: note ?? '',
            updated_at: nowIso(ctx),
            updated_by: ctx.actor(),
          });
          return detail(db, reviewId);
        },
      );
    },

    'gate/addEvidence': (input) => {
      const r = mustGetReview(ctx.workspace.db(), input.reviewId);
      return change(
        ctx,
        `Added evidence “${short(input.title)}” to ${r.gate} review`,
        () => [ref(input.reviewId)],
        (db) => {
          const cur = mustGetReview(db, input.reviewId);
          mustBeOpen(cur);
          if (input.criterionId !== null) checkCriterion(tailored(db, cur).tailoring, input.criterionId, cur.gate);
          insertEvidence(db, {
            review_id: input.reviewId,
            criterion_id: input.criterionId,
            kind: input.kind,
            title: input.title,
            file_name: null,
            sha256: null,
            size_bytes: null,
            url: input.kind === 'link' ? input.url : null,
            note: input.kind === 'note' ? input.note : null,
            valid_until: input.validUntil ?? null,
            added_by: ctx.actor(),
            added_at: nowIso(ctx),
          });
          return detail(db, input.reviewId);
        },
      );
    },

    'gate/addEvidenceFile': async ({ reviewId, criterionId, validUntil, title }) => {
      // Everything that can be checked before the dialog is checked first: no pointless file picking.
      const db0 = ctx.workspace.db();
      const r = mustGetReview(db0, reviewId);
      mustBeOpen(r);
      if (criterionId !== null) checkCriterion(tailored(db0, r).tailoring, criterionId, r.gate);
      const maxBytes = readGateSettings(db0).evidenceMaxBytes;

      const picked = await deps.dialogs.chooseEvidenceFile();
      if (!picked) throw new AppError('CANCELLED', 'No file was chosen.');
      const stored = await storeEvidenceFile(deps.dataDir, picked, maxBytes);
      const name = (title || stored.fileName).slice(0, GATE_REVIEW_LIMITS.title);
      try {
        return change(
          ctx,
          `Attached “${short(stored.fileName)}” to ${r.gate} review`,
          () => [ref(reviewId)],
          (db) => {
            const cur = mustGetReview(db, reviewId);
            mustBeOpen(cur); // the dialog was open for a while: the review may have been decided meanwhile
            insertEvidence(db, {
              review_id: reviewId,
              criterion_id: criterionId,
              kind: 'file',
              title: name,
              file_name: stored.fileName,
              sha256: stored.sha256,
              size_bytes: stored.sizeBytes,
              url: null,
              note: null,
              valid_until: validUntil ?? null,
              added_by: ctx.actor(),
              added_at: nowIso(ctx),
            });
            return detail(db, reviewId);
          },
        );
      } catch (e) {
        // Nothing refers to a copy this call made: take it away again (a reused copy belongs to other rows).
        if (stored.created) {
          // No file open to ask: keep the copy (harmless, content-addressed).
          const unused = ((): boolean => {
            try {
              return countEvidenceWithHash(ctx.workspace.db(), stored.sha256) === 0;
            } catch {
              return false;
            }
          })();
          if (unused) await removeStoredFile(deps.dataDir, stored.sha256);
        }
        throw e;
      }
    },

    'gate/removeEvidence': ({ id }) => {
      const e: EvidenceRecord | null = getEvidenceRecord(ctx.workspace.db(), id);
      if (!e) throw new AppError('NOT_FOUND', `Evidence ${id} does not exist.`);
      const r = mustGetReview(ctx.workspace.db(), e.review_id);
      return change(
        ctx,
        `Removed evidence “${short(e.title)}” from ${r.gate} review`,
        () => [ref(e.review_id)],
        (db) => {
          mustBeOpen(mustGetReview(db, e.review_id));
          // Only the row goes. The stored file stays even when no other row uses it, so undo can bring the
          // row back with its file; content-addressed copies are harmless (same bytes, same name).
          deleteEvidence(db, id);
          return detail(db, e.review_id);
        },
      );
    },

    'gate/signOff': ({ reviewId, role, personId, vote, comment }) => {
      const r = mustGetReview(ctx.workspace.db(), reviewId);
      return change(
        ctx,
        `${gatekeeperRoleLabel(role)} sign-off on ${r.gate}: ${vote === 'APPROVE' ? 'Approve' : vote === 'REJECT' ? 'Reject' : 'Abstain'}`,
        () => [ref(reviewId)],
        (db) => {
          mustBeOpen(mustGetReview(db, reviewId));
          if (!personExists(db, personId)) {
            throw new AppError('VALIDATION', `Person ${personId} does not exist.`, [
              { path: 'personId', message: `Person ${personId} does not exist` },
            ]);
          }
          upsertSignOff(db, {
            review_id: reviewId,
            role,
            person_id: personId,
            vote,
            comment: comment ?? '',
            signed_at: nowIso(ctx),
          });
          return detail(db, reviewId);
        },
      );
    },

    'gate/removeSignOff': ({ id }) => {
      const s = getSignOffRecord(ctx.workspace.db(), id);
      if (!s) throw new AppError('NOT_FOUND', `Sign-off ${id} does not exist.`);
      const r = mustGetReview(ctx.workspace.db(), s.review_id);
      return change(
        ctx,
        `Removed ${gatekeeperRoleLabel(s.role)} sign-off on ${r.gate}`,
        () => [ref(s.review_id)],
        (db) => {
          mustBeOpen(mustGetReview(db, s.review_id));
          deleteSignOff(db, id);
          return detail(db, s.review_id);
        },
      );
    },

    'gate/decide': ({ reviewId, decision, notes, overrideReason, conditions }) => {
      const db0 = ctx.workspace.db();
      const r0 = mustGetReview(db0, reviewId);
      mustBeOpen(r0);
      const on = today(ctx);
      const d0 = buildDetail(db0, reviewId, on);
      const conds = decision === 'CONDITIONAL_GO' ? (conditions ?? []) : [];
      const check = decisionAllowed(decision, d0.evaluation, d0.signOffs, d0.requiredRoles, {
        ...(overrideReason ? { override: { reason: overrideReason } } : {}),
        conditions: conds,
        decidedOn: on,
      });
      // The rules name the override reason `override.reason`; the channel's field is `overrideReason`.
      const issues = check.issues.map((i) => (i.path === 'override.reason' ? { ...i, path: 'overrideReason' } : i));
      conds.forEach((c, i) => {
        if (c.ownerId != null && !personExists(db0, c.ownerId)) {
          issues.push({ path: `conditions.${i}.ownerId`, message: `Person ${c.ownerId} does not exist` });
        }
      });
      if (issues.length > 0) {
        throw new AppError('VALIDATION', issues.map((i) => i.message).join('; '), issues);
      }
      const gate = gateInfo(r0.gate);
      const label = `Decision on ${gate.id}: ${decisionLabel(decision)}${check.isOverride ? ' (override)' : ''}`;
      return change(
        ctx,
        label,
        () => [ref(reviewId), { kind: 'initiative', id: r0.initiative_id }],
        (db) => {
          const cur = mustGetReview(db, reviewId);
          mustBeOpen(cur);
          const initiative = mustGetInitiative(db, cur.initiative_id);
          const at = nowIso(ctx);
          if (decisionAdvances(decision)) {
            if (initiative.phase !== cur.from_phase) {
              throw new AppError(
                'CONFLICT',
                `“${initiative.name}” is no longer in ${phaseInfo(cur.from_phase).label}; cancel this review and request the gate of its current phase.`,
              );
            }
            const reason =
              `${gate.id} ${gate.name}: ${decisionLabel(decision)}` +
              (check.isOverride ? ` (override: ${overrideReason ?? ''})` : '');
            insertTransition(db, {
              initiative_id: initiative.id,
              from_phase: initiative.phase,
              to_phase: cur.to_phase,
              at,
              by: ctx.actor(),
              reason,
              gate_review_id: reviewId,
              is_override: check.isOverride ? 1 : 0,
            });
            updateInitiativeColumns(db, initiative.id, {
              phase: cur.to_phase,
              // G7 recurs: the initiative stays in Scale & optimize, so its time in phase keeps counting.
              ...(gate.recurring ? {} : { phase_entered_at: at }),
              // A Go ends a hold: the initiative is moving again.
              ...(initiative.status === 'on_hold' ? { status: 'active' } : {}),
              updated_at: at,
            });
            for (const c of conds) {
              insertCondition(db, {
                review_id: reviewId,
                text: c.text,
                owner_id: c.ownerId!,
                due_date: c.dueDate!,
                status: 'open',
                closed_at: null,
                note: '',
              });
            }
          } else if (decision === 'KILL' || decision === 'HOLD') {
            updateInitiativeColumns(db, initiative.id, {
              status: decision === 'KILL' ? 'killed' : 'on_hold',
              updated_at: at,
            });
          }
          updateReview(db, {
            ...cur,
            status: 'decided',
            decision,
            decided_at: at,
            decided_by: ctx.actor(),
            is_override: check.isOverride ? 1 : 0,
            override_reason: check.isOverride ? (overrideReason ?? null) : null,
            notes: notes ?? '',
            score_at_decision: d0.evaluation.score,
            updated_at: at,
          });
          return detail(db, reviewId);
        },
      );
    },

    'gate/setConditionStatus': ({ id, status, note }) => {
      const c = getConditionRecord(ctx.workspace.db(), id);
      if (!c) throw new AppError('NOT_FOUND', `Condition ${id} does not exist.`);
      const r = mustGetReview(ctx.workspace.db(), c.review_id);
      const verb = status === 'open' ? 'reopened' : status === 'met' ? 'met' : 'waived';
      return change(
        ctx,
        `${r.gate} condition “${short(c.text)}” ${verb}`,
        () => [ref(c.review_id)],
        (db) => {
          const cur = getConditionRecord(db, id);
          if (!cur) throw new AppError('NOT_FOUND', `Condition ${id} does not exist.`);
          if (status === 'waived' && !(note ?? cur.note)) {
            throw new AppError('VALIDATION', 'Say why the condition is waived.', [
              { path: 'note', message: 'Say why the condition is waived' },
            ]);
          }
          const closedAt = status === 'open' ? null : cur.status === status ? cur.closed_at : nowIso(ctx);
          updateCondition(db, { ...cur, status, closed_at: closedAt, note: note ?? cur.note });
          return getConditionView(db, id, today(ctx))!;
        },
      );
    },

    'gate/openConditions': () => listOpenConditionViews(ctx.workspace.db(), today(ctx)),

    'gate/settings': () => readGateSettings(ctx.workspace.db()),

    'gate/setSettings': (settings) =>
      change(
        ctx,
        `Gate settings: evidence limit ${formatMb(settings.evidenceMaxBytes)}`,
        () => [{ kind: 'gateSettings', id: 0 }],
        (db) => {
          const extraRoles: GateSettings['extraRoles'] = {};
          for (const [gate, roles] of Object.entries(settings.extraRoles) as [GateId, GatekeeperRole[]][]) {
            const unique = [...new Set(roles)];
            if (unique.length > 0) extraRoles[gate] = unique;
          }
          const value: GateSettings = { extraRoles, evidenceMaxBytes: settings.evidenceMaxBytes };
          setSetting(db, GATE_SETTINGS_KEY, JSON.stringify(value));
          return readGateSettings(db);
        },
      ),
  };
}
