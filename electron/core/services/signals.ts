import type { InitiativeStatus, InitiativeType, RiskTier } from '../../../shared/domain/enums';
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
import type { InitiativeSnapshot, OwnerRef, TransitionSnapshot } from '../../../shared/domain/governance/snapshot';
import type { PhaseId } from '../../../shared/domain/phases';
import type { OpenSignal, SignalsReport, WatchlistEntry } from '../../../shared/domain/watchlist';
import type { Handlers } from '../../../shared/ipc/contract';
import type { Db } from '../db/sqlite';
import {
  readInitiativeCells,
  readScopeChangeCells,
  readTransitionCells,
  type InitiativeCells,
} from '../repositories/signals.repo';
import type { CoreContext } from './context';

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

/** A snapshot plus the name the report needs; the rules never read names. */
interface Loaded {
  snapshot: InitiativeSnapshot;
  name: string;
  archivedDay: EpochDay | null;
}

/**
 * People cannot be deactivated yet and an owner id always points at a person (foreign key, ON DELETE
 * RESTRICT), so a set id is an active owner. `leftDay` joins once people get an end date.
 */
const owner = (id: number | null): OwnerRef | null => (id === null ? null : { personId: id, active: true });

/** Groups the ordered transition rows by initiative in one pass. */
function transitionsById(db: Db): Map<number, TransitionSnapshot[]> {
  const byId = new Map<number, TransitionSnapshot[]>();
  for (const [id, toPhase, day] of readTransitionCells(db)) {
    if (day === null) continue; // A malformed stamp cannot be placed in time; the current phase still counts.
    let list = byId.get(id);
    if (!list) byId.set(id, (list = []));
    list.push({ toPhase: toPhase as PhaseId, day });
  }
  return byId;
}

function scopeChangesById(db: Db, asOf: EpochDay, t: SignalThresholds): Map<number, EpochDay[]> | null {
  const from = isoFromEpochDay(asOf - t.scopeChurnWindowDays + 1);
  const cells = readScopeChangeCells(db, from, isoFromEpochDay(asOf));
  if (cells === null) return null;
  const byId = new Map<number, EpochDay[]>();
  for (const [id, day] of cells) {
    let list = byId.get(id);
    if (!list) byId.set(id, (list = []));
    list.push(day);
  }
  return byId;
}

const NO_CHANGES: readonly EpochDay[] = [];

function toSnapshot(
  c: InitiativeCells,
  transitions: readonly TransitionSnapshot[] | undefined,
  scope: Map<number, EpochDay[]> | null,
  asOf: EpochDay,
): Loaded {
  const [id, name, type, tier, status, phase, entered, created, sponsor, po, tl, archived] = c;
  // Unparseable stamps: treat as "as of today" so the initiative is not silently dropped or aged wrongly.
  const snapshot: InitiativeSnapshot = {
    id,
    type: type as InitiativeType,
    riskTier: tier as RiskTier,
    status: status as InitiativeStatus,
    createdDay: created ?? asOf,
    phase: phase as PhaseId,
    phaseEnteredDay: entered ?? asOf,
    owners: { sponsor: owner(sponsor), productOwner: owner(po), techLead: owner(tl) },
    // Features that do not exist yet (KPIs, gate reviews, evidence, budget, risks, ROI, monitoring, cost,
    // adoption) stay undefined: their rules stay silent rather than report a finding about missing data.
  };
  if (transitions) snapshot.transitions = transitions;
  if (scope) snapshot.scopeChanges = scope.get(id) ?? NO_CHANGES;
  return { snapshot, name, archivedDay: archived };
}

/** Every initiative as a governance snapshot, from three set-based reads. */
export function loadSnapshots(db: Db, asOf: EpochDay, t: SignalThresholds = DEFAULT_SIGNAL_THRESHOLDS): Loaded[] {
  const transitions = transitionsById(db);
  const scope = scopeChangesById(db, asOf, t);
  return readInitiativeCells(db).map((c) => toSnapshot(c, transitions.get(c[0]), scope, asOf));
}

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
