import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import { phaseNumber, type PhaseId } from '../../../shared/domain/phases';
import { evaluateModel } from '../../../shared/domain/roi/evaluate';
import { roiModelSchema } from '../../../shared/domain/roi/schema';
import {
  categoryLabel,
  computePlanVsActual,
  monthIndex,
  monthOfDate,
  preferredPlan,
  type PlanVsActualView,
  type RoiActual,
  type ScenarioChoice,
} from '../../../shared/domain/roiActuals';
import type { Db } from '../db/sqlite';
import { getInitiativeRecord } from '../repositories/initiatives.repo';
import { getScenarioRecord, listScenarioRecords, type RoiScenarioRecord } from '../repositories/roi.repo';
import {
  deleteActual,
  getActualRecord,
  insertActual,
  listActualRecords,
  toActual,
  updateActual,
  type RoiActualRecord,
} from '../repositories/roiActuals.repo';
import { change, nowIso, type CoreContext } from './context';

type ActualHandlers = Pick<
  Handlers,
  'roi/actuals/list' | 'roi/actuals/save' | 'roi/actuals/delete' | 'roi/planVsActual'
>;

function mustInitiative(db: Db, id: number) {
  const i = getInitiativeRecord(db, id);
  if (!i) throw new AppError('NOT_FOUND', `Initiative ${id} does not exist.`);
  return i;
}

function mustActual(db: Db, id: number): RoiActualRecord {
  const a = getActualRecord(db, id);
  if (!a) throw new AppError('NOT_FOUND', `Actual entry ${id} does not exist.`);
  return a;
}

const money = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;

/** "Inference cost, 2026-03": how an entry reads in undo labels and messages. */
export function describeActual(a: Pick<RoiActual, 'side' | 'category' | 'month'>): string {
  return `${categoryLabel(a.side, a.category)} ${a.side}, ${a.month}`;
}

const choice = (s: RoiScenarioRecord): ScenarioChoice => ({
  id: s.id,
  name: s.name,
  kind: s.kind,
  updatedAt: s.updated_at,
});

/** The stored model's start month and evaluation, or an explanation when the row cannot be read. */
function planOf(s: RoiScenarioRecord, phase: PhaseId) {
  let json: unknown;
  try {
    json = JSON.parse(s.model_json);
  } catch {
    json = undefined;
  }
  const parsed = roiModelSchema.safeParse(json);
  if (!parsed.success) return null;
  return {
    startMonth: parsed.data.startMonth,
    evaluation: evaluateModel(parsed.data, { phase: phaseNumber(phase) }),
  };
}

export function roiActualHandlers(ctx: CoreContext): ActualHandlers {
  return {
    'roi/actuals/list': ({ initiativeId }) => {
      const db = ctx.workspace.db();
      mustInitiative(db, initiativeId);
      return listActualRecords(db, initiativeId).map(toActual);
    },

    'roi/actuals/save': ({ initiativeId, id, month, side, category, amount, note }) => {
      const db = ctx.workspace.db();
      mustInitiative(db, initiativeId);
      const current = id === undefined ? null : mustActual(db, id);
      if (current && current.initiative_id !== initiativeId) {
        throw new AppError('VALIDATION', 'That entry belongs to another initiative.', [
          { path: 'id', message: 'That entry belongs to another initiative' },
        ]);
      }
      // Actuals are what already happened: a month after this one is a forecast, not an actual.
      const thisMonth = monthOfDate(ctx.clock.now());
      if (monthIndex(month) > monthIndex(thisMonth)) {
        const message = `Actuals can only be entered up to this month (${thisMonth})`;
        throw new AppError('VALIDATION', message, [{ path: 'month', message }]);
      }
      const at = nowIso(ctx);
      const row = { initiative_id: initiativeId, month, side, category, amount, note, updated_at: at };
      const label = current
        ? `Edit actual ${describeActual({ side, category, month })}`
        : `Add actual ${describeActual({ side, category, month })}: ${money(amount)}`;
      return change<RoiActual>(
        ctx,
        label,
        current
          ? () => [{ kind: 'roiActual', id: current.id }]
          : (saved) => (saved ? [{ kind: 'roiActual', id: saved.id }] : []),
        (tx) => {
          const savedId = current
            ? (updateActual(tx, { ...row, id: current.id, source: current.source, created_at: current.created_at }),
              current.id)
            : insertActual(tx, { ...row, id: null, source: 'manual', created_at: at });
          return toActual(mustActual(tx, savedId));
        },
      );
    },

    'roi/actuals/delete': ({ id }) => {
      const a = mustActual(ctx.workspace.db(), id);
      return change(
        ctx,
        `Delete actual ${describeActual(toActual(a))}`,
        () => [{ kind: 'roiActual', id }],
        (db) => {
          deleteActual(db, id);
          return { id };
        },
      );
    },

    'roi/planVsActual': ({ initiativeId, scenarioId }) => {
      const db = ctx.workspace.db();
      const initiative = mustInitiative(db, initiativeId);
      const records = listScenarioRecords(db, initiativeId);
      const scenarios = records.map(choice);
      const entries = listActualRecords(db, initiativeId).map(toActual);
      const preferred = preferredPlan(scenarios);
      let record: RoiScenarioRecord | null;
      if (scenarioId === undefined) {
        record = preferred ? (records.find((r) => r.id === preferred.id) ?? null) : null;
      } else {
        record = getScenarioRecord(db, scenarioId);
        if (!record || record.initiative_id !== initiativeId) {
          throw new AppError('VALIDATION', 'Choose one of this initiative’s scenarios.', [
            { path: 'scenarioId', message: 'Choose one of this initiative’s scenarios' },
          ]);
        }
      }
      const asOfMonth = monthOfDate(ctx.clock.now());
      const base = { initiativeId, scenarios, entryCount: entries.length, asOfMonth };
      if (!record) return { ...base, scenario: null, isPreferred: true, result: null } satisfies PlanVsActualView;
      const plan = planOf(record, initiative.phase as PhaseId);
      const result = plan
        ? computePlanVsActual({
            startMonth: plan.startMonth,
            evaluation: plan.evaluation,
            entries,
            asOfMonth,
          })
        : ({
            state: 'invalid_model',
            message: `The stored model of “${record.name}” cannot be read (written by another program or a newer Flightdeck?)`,
          } as const);
      return {
        ...base,
        scenario: choice(record),
        isPreferred: preferred?.id === record.id,
        result,
      } satisfies PlanVsActualView;
    },
  };
}
