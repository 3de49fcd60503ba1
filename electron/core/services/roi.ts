import { AppError, type FieldIssue } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import { phaseNumber, type PhaseId } from '../../../shared/domain/phases';
import { evaluateModel, type ModelEvaluation } from '../../../shared/domain/roi/evaluate';
import { roiModelSchema, type RoiModel } from '../../../shared/domain/roi/schema';
import { ROI_TEMPLATES } from '../../../shared/domain/roi/templates';
import type { RoiScenarioDetail, ScenarioKind } from '../../../shared/domain/roiScenario';
import type { Db } from '../db/sqlite';
import { getInitiativeRecord } from '../repositories/initiatives.repo';
import {
  deleteScenario,
  findScenarioByKind,
  findScenarioByName,
  getScenarioRecord,
  insertScenario,
  listScenarioRecords,
  toScenarioSummary,
  updateScenario,
  type RoiScenarioRecord,
} from '../repositories/roi.repo';
import { change, nowIso, type CoreContext } from './context';
import { figuresOf } from './roiFigures';
import { roiPortfolio } from './roiPortfolio';

type RoiHandlers = Pick<
  Handlers,
  'roi/list' | 'roi/get' | 'roi/save' | 'roi/delete' | 'roi/templates' | 'roi/fromTemplate' | 'roi/portfolio'
>;

type Evaluated = Extract<ModelEvaluation, { ok: true }>;

function mustInitiative(db: Db, id: number) {
  const i = getInitiativeRecord(db, id);
  if (!i) throw new AppError('NOT_FOUND', `Initiative ${id} does not exist.`);
  return i;
}

function mustScenario(db: Db, id: number): RoiScenarioRecord {
  const s = getScenarioRecord(db, id);
  if (!s) throw new AppError('NOT_FOUND', `ROI scenario ${id} does not exist.`);
  return s;
}

/** The engine's verdict on a model, or a VALIDATION error whose issues point into `model.…`. */
function evaluateOrThrow(model: unknown, phase: PhaseId): { model: RoiModel; evaluation: Evaluated } {
  const evaluation = evaluateModel(model, { phase: phaseNumber(phase) });
  if (!evaluation.ok) {
    const issues: FieldIssue[] = evaluation.issues.map((i) => ({ path: `model.${i.path}`, message: i.message }));
    throw new AppError('VALIDATION', issues[0]?.message ?? 'The ROI model is not valid.', issues);
  }
  // The engine accepted it, so the schema does too; parsing again gives the defaults-filled form to store.
  return { model: roiModelSchema.parse(model), evaluation };
}

/** Refuses a second scenario with the same name, or a second baseline / approved / current plan. */
function assertFree(db: Db, initiativeId: number, name: string, kind: ScenarioKind, selfId: number | null): void {
  const byName = findScenarioByName(db, initiativeId, name);
  if (byName && byName.id !== selfId) {
    throw new AppError('VALIDATION', `A scenario named “${name}” already exists.`, [
      { path: 'name', message: `A scenario named “${name}” already exists` },
    ]);
  }
  if (kind === 'what_if') return;
  const byKind = findScenarioByKind(db, initiativeId, kind);
  if (byKind && byKind.id !== selfId) {
    const message = `“${byKind.name}” is already the ${kind} scenario; make that one a what-if first`;
    throw new AppError('VALIDATION', message, [{ path: 'kind', message }]);
  }
}

/**
 * The stored model, read back. Flightdeck only stores models the engine accepted, so a row that does not
 * parse was written by something else (or a newer version): say so and which scenario, never crash.
 */
function storedModel(s: RoiScenarioRecord): RoiModel {
  let json: unknown;
  try {
    json = JSON.parse(s.model_json);
  } catch {
    json = undefined;
  }
  const parsed = roiModelSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'DB_ERROR',
      `The stored model of ROI scenario “${s.name}” cannot be read (written by another program or a newer Flightdeck?).`,
    );
  }
  return parsed.data;
}

function detail(db: Db, id: number): RoiScenarioDetail {
  const s = mustScenario(db, id);
  const initiative = mustInitiative(db, s.initiative_id);
  const model = storedModel(s);
  return {
    scenario: toScenarioSummary(s),
    model,
    evaluation: evaluateModel(model, { phase: phaseNumber(initiative.phase as PhaseId) }),
  };
}

export function roiHandlers(ctx: CoreContext): RoiHandlers {
  const save = (
    initiativeId: number,
    id: number | undefined,
    name: string,
    kind: ScenarioKind,
    rawModel: unknown,
  ): RoiScenarioDetail => {
    const db = ctx.workspace.db();
    const initiative = mustInitiative(db, initiativeId);
    const current = id === undefined ? null : mustScenario(db, id);
    if (current && current.initiative_id !== initiativeId) {
      throw new AppError('VALIDATION', 'That scenario belongs to another initiative.', [
        { path: 'id', message: 'That scenario belongs to another initiative' },
      ]);
    }
    const { model, evaluation } = evaluateOrThrow(rawModel, initiative.phase as PhaseId);
    assertFree(db, initiativeId, name, kind, current?.id ?? null);
    const at = nowIso(ctx);
    const row = {
      initiative_id: initiativeId,
      name,
      kind,
      model_json: JSON.stringify(model),
      ...figuresOf(evaluation),
      pilot_actual_cost: model.pilotActualCost,
      updated_at: at,
    };
    return change(
      ctx,
      current ? `Edit ROI scenario “${name}”` : `Add ROI scenario “${name}”`,
      // An edit snapshots the scenario before and after; a new one only after (before it did not exist).
      current
        ? () => [{ kind: 'roiScenario', id: current.id }]
        : (saved) => (saved ? [{ kind: 'roiScenario', id: saved.scenario.id }] : []),
      (tx) => {
        const savedId = current
          ? (updateScenario(tx, { ...row, id: current.id, created_at: current.created_at }), current.id)
          : insertScenario(tx, { ...row, id: null, created_at: at });
        return detail(tx, savedId);
      },
    );
  };

  return {
    'roi/list': ({ initiativeId }) => {
      const db = ctx.workspace.db();
      mustInitiative(db, initiativeId);
      return listScenarioRecords(db, initiativeId).map(toScenarioSummary);
    },
    'roi/get': ({ id }) => detail(ctx.workspace.db(), id),
    'roi/save': ({ initiativeId, id, name, kind, model }) => save(initiativeId, id, name, kind, model),
    'roi/delete': ({ id }) => {
      const s = mustScenario(ctx.workspace.db(), id);
      return change(
        ctx,
        `Delete ROI scenario “${s.name}”`,
        () => [{ kind: 'roiScenario', id }],
        (db) => {
          deleteScenario(db, id);
          return { id };
        },
      );
    },
    'roi/templates': () => ROI_TEMPLATES.map((t) => ({ id: t.id, name: t.name, description: t.description })),
    'roi/fromTemplate': ({ initiativeId, templateId, name, kind }) => {
      const template = ROI_TEMPLATES.find((t) => t.id === templateId);
      if (!template) {
        throw new AppError('VALIDATION', `There is no ROI template “${templateId}”.`, [
          { path: 'templateId', message: 'Choose one of the templates' },
        ]);
      }
      return save(initiativeId, undefined, name ?? template.name, kind, template.model);
    },
    'roi/portfolio': () => roiPortfolio(ctx.workspace.db()),
  };
}
