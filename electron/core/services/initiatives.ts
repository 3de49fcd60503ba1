import { daysBetween, stintsFrom, type Initiative } from '../../../shared/domain/initiative';
import { phaseInfo } from '../../../shared/domain/phases';
import { AppError, type FieldIssue } from '../../../shared/errors';
import type { Handlers, InitiativeDetail } from '../../../shared/ipc/contract';
import type { Db } from '../db/sqlite';
import {
  deleteInitiative,
  distinctBusinessUnits,
  fieldsToColumns,
  getInitiativeRecord,
  getInitiativeRow,
  insertInitiative,
  insertTransition,
  listInitiatives,
  listTransitionRecords,
  toInitiative,
  toTransition,
  updateInitiativeColumns,
} from '../repositories/initiatives.repo';
import { personExists } from '../repositories/people.repo';
import { portfolioTable } from '../repositories/portfolio.repo';
import { change, nowIso, type CoreContext } from './context';
import { manualMoveIsOverride } from './gates';

type InitiativeHandlers = Pick<
  Handlers,
  | 'initiative/list'
  | 'initiative/table'
  | 'initiative/get'
  | 'initiative/create'
  | 'initiative/update'
  | 'initiative/changePhase'
  | 'initiative/archive'
  | 'initiative/delete'
  | 'initiative/businessUnits'
>;

function mustGet(db: Db, id: number): Initiative {
  const r = getInitiativeRecord(db, id);
  if (!r) throw new AppError('NOT_FOUND', `Initiative ${id} does not exist.`);
  return toInitiative(r);
}

/** Owner ids must point at people; a field-level error beats a foreign-key failure. */
function checkOwners(
  db: Db,
  owners: { sponsorId?: number | null; productOwnerId?: number | null; techLeadId?: number | null },
  prefix: string,
): void {
  const issues: FieldIssue[] = [];
  for (const key of ['sponsorId', 'productOwnerId', 'techLeadId'] as const) {
    const id = owners[key];
    if (id != null && !personExists(db, id))
      issues.push({ path: prefix + key, message: `Person ${id} does not exist` });
  }
  if (issues.length) throw new AppError('VALIDATION', 'An owner does not exist.', issues);
}

function checkDates(i: Initiative): void {
  const issues: FieldIssue[] = [];
  if (i.plannedStart && i.plannedEnd && i.plannedEnd < i.plannedStart)
    issues.push({ path: 'patch.plannedEnd', message: 'Planned end is before planned start' });
  if (i.actualStart && i.actualEnd && i.actualEnd < i.actualStart)
    issues.push({ path: 'patch.actualEnd', message: 'Actual end is before actual start' });
  if (issues.length) throw new AppError('VALIDATION', 'Dates are out of order.', issues);
}

export function initiativeHandlers(ctx: CoreContext): InitiativeHandlers {
  return {
    'initiative/list': (input) => listInitiatives(ctx.workspace.db(), input?.includeArchived ?? false),

    'initiative/table': (input) => portfolioTable(ctx.workspace.db(), input?.includeArchived ?? false),

    'initiative/get': ({ id }): InitiativeDetail => {
      const db = ctx.workspace.db();
      const row = getInitiativeRow(db, id);
      if (!row) throw new AppError('NOT_FOUND', `Initiative ${id} does not exist.`);
      const history = stintsFrom(listTransitionRecords(db, id).map(toTransition));
      return { initiative: row, history, daysInPhase: daysBetween(row.phaseEnteredAt, nowIso(ctx)) };
    },

    'initiative/create': (fields) =>
      change<Initiative>(
        ctx,
        `Create “${fields.name}”`,
        (created) => (created ? [{ kind: 'initiative', id: created.id }] : []),
        (db) => {
          checkOwners(db, fields, '');
          const at = nowIso(ctx);
          const id = insertInitiative(db, {
            ...(fieldsToColumns(fields) as Required<ReturnType<typeof fieldsToColumns>>),
            phase_entered_at: at,
            archived_at: null,
            created_at: at,
            updated_at: at,
          });
          insertTransition(db, {
            initiative_id: id,
            from_phase: null,
            to_phase: fields.phase,
            at,
            by: ctx.actor(),
            reason: 'Created',
          });
          return mustGet(db, id);
        },
      ),

    'initiative/update': ({ id, patch }) =>
      change(
        ctx,
        `Edit “${patch.name ?? mustGet(ctx.workspace.db(), id).name}”`,
        () => [{ kind: 'initiative', id }],
        (db) => {
          const current = mustGet(db, id);
          checkOwners(db, patch, 'patch.');
          checkDates({ ...current, ...patch });
          updateInitiativeColumns(db, id, { ...fieldsToColumns(patch), updated_at: nowIso(ctx) });
          return mustGet(db, id);
        },
      ),

    'initiative/changePhase': ({ id, toPhase, reason }) =>
      change(
        ctx,
        `Move to ${phaseInfo(toPhase).short}`,
        () => [{ kind: 'initiative', id }],
        (db) => {
          const current = mustGet(db, id);
          if (current.phase === toPhase) {
            throw new AppError('VALIDATION', `Already in ${phaseInfo(toPhase).label}.`, [
              { path: 'toPhase', message: 'Choose a different phase' },
            ]);
          }
          const at = nowIso(ctx);
          insertTransition(db, {
            initiative_id: id,
            from_phase: current.phase,
            to_phase: toPhase,
            at,
            by: ctx.actor(),
            reason,
            // Forward past a gate without a decided Go is an override (marked; the reason is required).
            is_override: manualMoveIsOverride(db, id, current.phase, toPhase) ? 1 : 0,
          });
          updateInitiativeColumns(db, id, { phase: toPhase, phase_entered_at: at, updated_at: at });
          return mustGet(db, id);
        },
      ),

    'initiative/archive': ({ id, archived }) =>
      change(
        ctx,
        archived ? 'Archive' : 'Restore from archive',
        () => [{ kind: 'initiative', id }],
        (db) => {
          const current = mustGet(db, id);
          const at = nowIso(ctx);
          if (archived !== (current.archivedAt !== null)) {
            updateInitiativeColumns(db, id, { archived_at: archived ? at : null, updated_at: at });
          }
          return mustGet(db, id);
        },
      ),

    'initiative/delete': ({ id }) =>
      change(
        ctx,
        `Delete “${mustGet(ctx.workspace.db(), id).name}”`,
        () => [{ kind: 'initiative', id }],
        (db) => {
          deleteInitiative(db, id);
          return { id };
        },
      ),

    'initiative/businessUnits': () => distinctBusinessUnits(ctx.workspace.db()),
  };
}
