import { epochDay, isoFromEpochDay, type EpochDay } from '../../../shared/domain/governance/days';
import {
  DEFAULT_SIGNAL_THRESHOLDS,
  evaluateSignals,
  phaseAsOf,
  portfolioConversion,
  purgatoryScore,
  type SignalHit,
  type SignalThresholds,
} from '../../../shared/domain/governance/signals';
import type { OpenSignal, SignalsReport, WatchlistEntry } from '../../../shared/domain/watchlist';
import type { Handlers } from '../../../shared/ipc/contract';
import type { Db } from '../db/sqlite';
import type { CoreContext } from './context';
import { loadSnapshots } from './snapshots';

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

function compareSignals(a: SignalHit, b: SignalHit): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.ruleId.localeCompare(b.ruleId);
}

/**
 * Evaluates every signal rule for every initiative as of `asOf` and ranks the result by purgatory score.
 * Archived initiatives are out of the portfolio from their archive day on. Status is the current one
 * (no status history is kept), so an initiative killed today shows nothing even for a past as-of.
 */
export function evaluatePortfolio(
  db: Db,
  asOf: EpochDay,
  t: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS,
): SignalsReport {
  const loaded = loadSnapshots(db, asOf, t).filter((l) => l.archivedDay === null || l.archivedDay > asOf);
  const flagged: { entry: WatchlistEntry; hits: SignalHit[] }[] = [];
  for (const l of loaded) {
    const hits = evaluateSignals(l.snapshot, asOf, t);
    if (hits.length === 0) continue;
    // Hits exist only when the phase on asOf is known, so phaseAsOf is not null here.
    const phase = phaseAsOf(l.snapshot, asOf)?.phase ?? l.snapshot.phase;
    hits.sort(compareSignals);
    flagged.push({
      entry: { initiativeId: l.snapshot.id, name: l.name, phase, score: purgatoryScore(hits, t), count: hits.length },
      hits,
    });
  }
  flagged.sort((a, b) => b.entry.score - a.entry.score || a.entry.initiativeId - b.entry.initiativeId);
  const signals: OpenSignal[] = [];
  for (const { entry, hits } of flagged) {
    for (const h of hits) signals.push({ initiativeId: entry.initiativeId, initiativeName: entry.name, ...h });
  }
  const conversion = portfolioConversion(
    loaded.map((l) => l.snapshot),
    asOf,
    t,
  );
  return {
    asOf: isoFromEpochDay(asOf),
    signals,
    watchlist: flagged.map((f) => f.entry),
    portfolio: conversion ? [conversion] : [],
  };
}

/** The as-of day: the given YYYY-MM-DD, or today on the core's clock (UTC date, as stored stamps are). */
export function resolveAsOf(asOf: string | undefined, now: Date): EpochDay {
  return epochDay(asOf ?? now.toISOString());
}

export function signalHandlers(ctx: CoreContext): Pick<Handlers, 'signals/list'> {
  return {
    'signals/list': (input) => evaluatePortfolio(ctx.workspace.db(), resolveAsOf(input?.asOf, ctx.clock.now())),
  };
}
