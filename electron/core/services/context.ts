import type { Clock, Emit, Logger } from '../ports';
import type { History, EntityRef } from './history';
import type { Workspace } from './workspace';
import type { Db } from '../db/sqlite';

/** What every service gets: the open file, the session history and the host's powers. */
export interface CoreContext {
  workspace: Workspace;
  history: History;
  clock: Clock;
  actor: () => string;
  emit: Emit;
  logger: Logger;
}

/** Runs one user-visible change: transaction, undo entry, then the change notifications. */
export function change<T>(
  ctx: CoreContext,
  label: string,
  refs: (result: T | undefined) => EntityRef[],
  mutate: (db: Db) => T,
): T {
  const db = ctx.workspace.db();
  const { result, tables } = ctx.history.record(db, label, refs, () => mutate(db));
  ctx.emit('db/changed', { tables });
  ctx.emit('history/changed', ctx.history.state());
  return result;
}

export function nowIso(ctx: CoreContext): string {
  return ctx.clock.now().toISOString();
}
