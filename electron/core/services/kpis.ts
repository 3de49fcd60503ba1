import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import { kpiDateIssue, type KpiWithMeasurements } from '../../../shared/domain/kpi';
import type { Db } from '../db/sqlite';
import { getInitiativeRecord } from '../repositories/initiatives.repo';
import {
  deleteKpi,
  deleteMeasurement,
  getKpiRecord,
  getMeasurementRecord,
  insertKpi,
  insertMeasurement,
  listKpis,
  listMeasurementRecords,
  toKpi,
  toMeasurement,
  updateKpi,
  type KpiRecord,
} from '../repositories/kpis.repo';
import { change, nowIso, type CoreContext } from './context';

type KpiHandlers = Pick<
  Handlers,
  'kpi/list' | 'kpi/create' | 'kpi/update' | 'kpi/delete' | 'kpi/addMeasurement' | 'kpi/deleteMeasurement'
>;

function mustGet(db: Db, id: number): KpiRecord {
  const r = getKpiRecord(db, id);
  if (!r) throw new AppError('NOT_FOUND', `KPI ${id} does not exist.`);
  return r;
}

function withMeasurements(db: Db, id: number): KpiWithMeasurements {
  return { ...toKpi(mustGet(db, id)), measurements: listMeasurementRecords(db, id).map(toMeasurement) };
}

export function kpiHandlers(ctx: CoreContext): KpiHandlers {
  return {
    'kpi/list': ({ initiativeId }) => listKpis(ctx.workspace.db(), initiativeId),

    'kpi/create': ({ initiativeId, ...f }) =>
      change<KpiWithMeasurements>(
        ctx,
        `Add KPI “${f.name}”`,
        (created) => (created ? [{ kind: 'kpi', id: created.id }] : []),
        (db) => {
          if (!getInitiativeRecord(db, initiativeId)) {
            throw new AppError('NOT_FOUND', `Initiative ${initiativeId} does not exist.`);
          }
          const at = nowIso(ctx);
          const id = insertKpi(db, {
            initiative_id: initiativeId,
            name: f.name,
            unit: f.unit,
            kind: f.kind,
            direction: f.direction,
            baseline_value: f.baselineValue,
            baseline_date: f.baselineDate,
            baseline_source: f.baselineSource,
            target_value: f.targetValue,
            target_date: f.targetDate,
            cadence: f.cadence,
            created_at: at,
            updated_at: at,
          });
          return withMeasurements(db, id);
        },
      ),

    'kpi/update': ({ id, patch }) => {
      const cur = mustGet(ctx.workspace.db(), id);
      const next: KpiRecord = {
        ...cur,
        name: patch.name ?? cur.name,
        unit: patch.unit ?? cur.unit,
        kind: patch.kind ?? cur.kind,
        direction: patch.direction ?? cur.direction,
        // `undefined` keeps the stored value; `null` clears it.
        baseline_value: patch.baselineValue !== undefined ? patch.baselineValue : cur.baseline_value,
        baseline_date: patch.baselineDate !== undefined ? patch.baselineDate : cur.baseline_date,
        baseline_source: patch.baselineSource ?? cur.baseline_source,
        target_value: patch.targetValue !== undefined ? patch.targetValue : cur.target_value,
        target_date: patch.targetDate !== undefined ? patch.targetDate : cur.target_date,
        cadence: patch.cadence ?? cur.cadence,
        updated_at: nowIso(ctx),
      };
      // The schema saw only the patch; a patch moving one date must still agree with the stored other.
      const issue = kpiDateIssue({ baselineDate: next.baseline_date, targetDate: next.target_date });
      if (issue) throw new AppError('VALIDATION', issue, [{ path: 'patch.targetDate', message: issue }]);
      return change(
        ctx,
        `Edit KPI “${next.name}”`,
        () => [{ kind: 'kpi', id }],
        (db) => {
          mustGet(db, id);
          updateKpi(db, next);
          return withMeasurements(db, id);
        },
      );
    },

    'kpi/delete': ({ id }) =>
      change(
        ctx,
        `Delete KPI “${mustGet(ctx.workspace.db(), id).name}”`,
        () => [{ kind: 'kpi', id }],
        (db) => {
          deleteKpi(db, id);
          return { id };
        },
      ),

    'kpi/addMeasurement': ({ kpiId, periodEnd, value, source }) =>
      change(
        ctx,
        `Add measurement to “${mustGet(ctx.workspace.db(), kpiId).name}”`,
        () => [{ kind: 'kpi', id: kpiId }],
        (db) => {
          insertMeasurement(db, {
            kpi_id: kpiId,
            period_end: periodEnd,
            value,
            source,
            entered_by: ctx.actor(),
            created_at: nowIso(ctx),
          });
          return withMeasurements(db, kpiId);
        },
      ),

    'kpi/deleteMeasurement': ({ id }) => {
      const m = getMeasurementRecord(ctx.workspace.db(), id);
      if (!m) throw new AppError('NOT_FOUND', `Measurement ${id} does not exist.`);
      return change(
        ctx,
        `Remove measurement from “${mustGet(ctx.workspace.db(), m.kpi_id).name}”`,
        () => [{ kind: 'kpi', id: m.kpi_id }],
        (db) => {
          deleteMeasurement(db, id);
          return withMeasurements(db, m.kpi_id);
        },
      );
    },
  };
}
