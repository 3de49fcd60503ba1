import { DEFAULT_FLOW_DAYS, type PhaseFlow } from '../../../shared/domain/flow';
import type { Handlers } from '../../../shared/ipc/contract';
import { portfolioFlow } from '../repositories/flow.repo';
import type { Db } from '../db/sqlite';
import type { CoreContext } from './context';

const DAY_MS = 86_400_000;

/**
 * The window's first day: `days` UTC days before today. "The last 90 days" on 2026-11-01 therefore starts on
 * 2026-08-03 and includes that whole day, and ends now.
 */
export function flowSince(now: Date, days: number): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today - days * DAY_MS).toISOString().slice(0, 10);
}

export function computeFlow(db: Db, now: Date, days: number = DEFAULT_FLOW_DAYS): PhaseFlow[] {
  return portfolioFlow(db, flowSince(now, days), now.toISOString());
}

export function portfolioFlowHandlers(ctx: CoreContext): Pick<Handlers, 'portfolio/flow'> {
  return {
    'portfolio/flow': (input) => computeFlow(ctx.workspace.db(), ctx.clock.now(), input?.days ?? DEFAULT_FLOW_DAYS),
  };
}
