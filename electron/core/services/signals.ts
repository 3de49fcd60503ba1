import { AppError } from '../../../shared/errors';
import { epochDay, isoFromEpochDay, type EpochDay } from '../../../shared/domain/governance/days';
import {
  DEFAULT_SIGNAL_THRESHOLDS,
  evaluateSignals,
  phaseAsOf,
  portfolioConversion,
  SIGNAL_RULES,
  type SignalHit,
  type SignalThresholds,
} from '../../../shared/domain/governance/signals';
import {
  mergeThresholds,
  minimalOverrides,
  parseStoredOverrides,
  THRESHOLDS_SETTING_KEY,
  type ThresholdOverrides,
} from '../../../shared/domain/signalThresholds';
import {
  effectiveState,
  isListed,
  seenToday,
  type OpenSignal,
  type SignalsReport,
  type SignalState,
  type SignalStateView,
  type ThresholdsView,
  type WatchlistEntry,
} from '../../../shared/domain/watchlist';
import type { Handlers } from '../../../shared/ipc/contract';
import type { Db } from '../db/sqlite';
import { getInitiativeRecord } from '../repositories/initiatives.repo';
import { getSetting, setSetting } from '../repositories/settings.repo';
import {
  getSignalState,
  readSignalStates,
  stateKey,
  toSignalStateView,
  updateSignalDecision,
  upsertSignalStates,
  type SignalStateRecord,
} from '../repositories/signalStates.repo';
import { hasTable } from '../repositories/signals.repo';
import { change, nowIso, type CoreContext } from './context';
import { loadOne, loadSnapshots } from './snapshots';

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;

function compareSignals(a: SignalHit, b: SignalHit): number {
  return SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.ruleId.localeCompare(b.ruleId);
}

/** The user's overrides from the settings; an unreadable stored value counts as none (the defaults apply). */
export function readThresholdOverrides(db: Db): ThresholdOverrides {
  const parsed = parseStoredOverrides(getSetting(db, THRESHOLDS_SETTING_KEY));
  return parsed.ok ? parsed.overrides : {};
}

export function readThresholds(db: Db): SignalThresholds {
  return mergeThresholds(readThresholdOverrides(db));
}

export interface EvaluateOptions {
  /** Default: the stored thresholds (settings 'signals.thresholds' over the defaults). */
  thresholds?: SignalThresholds;
  /** Today on the core's clock. Needed for the lifecycle (snooze expiry); without it, as-of counts as today. */
  today?: EpochDay;
  /**
   * The instant to stamp bookkeeping rows with. Given, and with as-of = today, the evaluation records
   * first/last seen of every hit (one batched upsert in one transaction; no undo entry, no event: it is
   * the radar's bookkeeping, not a user change, and an event would make every reader re-run the radar).
   */
  recordAt?: string;
  /** Only this initiative (read with its own `WHERE initiative_id = ?` statements); no portfolio-level signals. */
  initiativeId?: number;
}

interface Lifecycle {
  state: SignalState;
  firstSeen: string | null;
  lastSeen: string | null;
  snoozedUntil: string | null;
  note: string;
}

const UNSEEN = (): Lifecycle => ({ state: 'open', firstSeen: null, lastSeen: null, snoozedUntil: null, note: '' });

/**
 * Evaluates every signal rule for every initiative as of `asOf` and ranks the result by purgatory score.
 * Archived initiatives are out of the portfolio from their archive day on. Status is the current one
 * (no status history is kept), so an initiative killed today shows nothing even for a past as-of.
 *
 * Lifecycle states are today's (no state history is kept): for a past as-of, a signal carries the state
 * its row has today (a snooze that has run out counts as open), and nothing is recorded.
 */
export function evaluatePortfolio(db: Db, asOf: EpochDay, options: EvaluateOptions = {}): SignalsReport {
  const t = options.thresholds ?? readThresholds(db);
  const today = options.today ?? asOf;
  const todayIso = isoFromEpochDay(today);
  const recording = options.recordAt !== undefined && asOf === today && !db.readonly;
  const loaded = (
    options.initiativeId === undefined
      ? loadSnapshots(db, asOf, t, { radar: true })
      : loadOne(db, options.initiativeId, asOf, t)
  ).filter((l) => l.archivedDay === null || l.archivedDay > asOf);
  const stored = readSignalStates(db);
  const writes: SignalStateRecord[] = [];

  const lifecycleOf = (initiativeId: number, ruleId: string): Lifecycle => {
    if (stored === null) return UNSEEN();
    const c = stored.get(stateKey(initiativeId, ruleId));
    if (!recording) {
      if (!c) return UNSEEN();
      const state = effectiveState({ state: c[4], snoozedUntil: c[5] }, todayIso);
      return { state, firstSeen: c[2], lastSeen: c[3], snoozedUntil: state === 'snoozed' ? c[5] : null, note: c[6] };
    }
    const next = seenToday(
      c && { state: c[4], firstSeen: c[2], lastSeen: c[3], snoozedUntil: c[5], decidedDay: c[8].slice(0, 10) },
      todayIso,
    );
    if (!c || c[4] !== next.state || c[2] !== next.firstSeen || c[3] !== next.lastSeen || c[5] !== next.snoozedUntil) {
      const stateChanged = !c || c[4] !== next.state;
      writes.push({
        initiative_id: initiativeId,
        rule_id: ruleId,
        first_seen: next.firstSeen,
        last_seen: next.lastSeen,
        state: next.state,
        snoozed_until: next.snoozedUntil,
        note: c?.[6] ?? '',
        // The radar changed the state (a snooze ran out, a resolved signal came back): nobody decided it.
        updated_by: stateChanged ? null : (c[7] ?? null),
        updated_at: stateChanged ? options.recordAt! : c[8],
      });
    }
    return { ...next, note: c?.[6] ?? '' };
  };

  interface Flagged {
    entry: WatchlistEntry;
    /** Score over every hit, hidden ones too: orders the initiatives that are off the watchlist. */
    rawScore: number;
    signals: OpenSignal[];
  }
  const flagged: Flagged[] = [];
  for (const l of loaded) {
    const hits = evaluateSignals(l.snapshot, asOf, t);
    if (hits.length === 0) continue;
    // Hits exist only when the phase on asOf is known, so phaseAsOf is not null here.
    const phase = phaseAsOf(l.snapshot, asOf)?.phase ?? l.snapshot.phase;
    hits.sort(compareSignals);
    const id = l.snapshot.id;
    let score = 0;
    let count = 0;
    let rawScore = 0;
    const signals = hits.map((h): OpenSignal => {
      const life = lifecycleOf(id, h.ruleId);
      const points = (t.ruleWeights[h.ruleId] ?? 1) * t.severityWeights[h.severity]; // purgatoryScore, per signal
      rawScore += points;
      if (isListed(life.state)) {
        score += points;
        count++;
      }
      return {
        initiativeId: id,
        initiativeName: l.name,
        ruleId: h.ruleId,
        severity: h.severity,
        value: h.value,
        threshold: h.threshold,
        message: h.message,
        state: life.state,
        firstSeen: life.firstSeen,
        lastSeen: life.lastSeen,
        snoozedUntil: life.snoozedUntil,
        note: life.note,
      };
    });
    flagged.push({
      entry: { initiativeId: id, name: l.name, phase, score, count },
      rawScore,
      signals,
    });
  }
  if (writes.length > 0 && hasTable(db, 'signal_states')) upsertSignalStates(db, writes);

  flagged.sort(
    (a, b) =>
      Number(b.entry.count > 0) - Number(a.entry.count > 0) ||
      b.entry.score - a.entry.score ||
      b.rawScore - a.rawScore ||
      a.entry.initiativeId - b.entry.initiativeId,
  );
  const conversion =
    options.initiativeId === undefined &&
    portfolioConversion(
      loaded.map((l) => l.snapshot),
      asOf,
      t,
    );
  return {
    asOf: isoFromEpochDay(asOf),
    signals: flagged.flatMap((f) => f.signals),
    watchlist: flagged.filter((f) => f.entry.count > 0).map((f) => f.entry),
    portfolio: conversion ? [conversion] : [],
  };
}

/** The as-of day: the given YYYY-MM-DD, or today on the core's clock (UTC date, as stored stamps are). */
export function resolveAsOf(asOf: string | undefined, now: Date): EpochDay {
  return epochDay(asOf ?? now.toISOString());
}

export function thresholdsView(db: Db): ThresholdsView {
  const overrides = readThresholdOverrides(db);
  return { effective: mergeThresholds(overrides), defaults: DEFAULT_SIGNAL_THRESHOLDS, overrides };
}

const ruleLabel = (id: string) => SIGNAL_RULES.find((r) => r.id === id)?.label ?? id;

type SignalHandlers = Pick<
  Handlers,
  | 'signals/list'
  | 'signals/acknowledge'
  | 'signals/snooze'
  | 'signals/resolve'
  | 'signals/reopen'
  | 'signals/thresholds'
  | 'signals/setThresholds'
>;

type Decision = 'acknowledge' | 'snooze' | 'resolve' | 'reopen';
const VERB: Record<Decision, string> = {
  acknowledge: 'Acknowledge',
  snooze: 'Snooze',
  resolve: 'Resolve',
  reopen: 'Reopen',
};

export function signalHandlers(ctx: CoreContext): SignalHandlers {
  const today = () => isoFromEpochDay(resolveAsOf(undefined, ctx.clock.now()));

  /** One person's decision about one signal, as a user change (undo entry + audit entry). */
  const decide = (
    decision: Decision,
    initiativeId: number,
    ruleId: string,
    next: (cur: SignalStateRecord, state: SignalState) => Pick<SignalStateRecord, 'state' | 'snoozed_until' | 'note'>,
  ): SignalStateView => {
    const db = ctx.workspace.db();
    const initiative = getInitiativeRecord(db, initiativeId);
    if (!initiative) throw new AppError('NOT_FOUND', `Initiative ${initiativeId} does not exist.`);
    if (getSignalState(db, initiativeId, ruleId) === null) {
      throw new AppError('NOT_FOUND', `“${ruleLabel(ruleId)}” has not been raised for “${initiative.name}”.`);
    }
    return change(
      ctx,
      `${VERB[decision]} “${ruleLabel(ruleId)}” on “${initiative.name}”`,
      () => [{ kind: 'signal', id: initiativeId, ruleId }],
      (tx) => {
        const cur = getSignalState(tx, initiativeId, ruleId)!;
        const state = effectiveState({ state: cur.state, snoozedUntil: cur.snoozed_until }, today());
        const row: SignalStateRecord = {
          ...cur,
          ...next(cur, state),
          updated_by: ctx.actor(),
          updated_at: nowIso(ctx),
        };
        updateSignalDecision(tx, row);
        return toSignalStateView(row);
      },
    );
  };

  const refuseResolved = (state: SignalState, what: string) => {
    if (state === 'resolved')
      throw new AppError('CONFLICT', `This signal is resolved; reopen it before you ${what} it.`);
  };

  return {
    'signals/list': (input) => {
      const now = ctx.clock.now();
      return evaluatePortfolio(ctx.workspace.db(), resolveAsOf(input?.asOf, now), {
        today: resolveAsOf(undefined, now),
        recordAt: now.toISOString(),
        ...(input?.initiativeId !== undefined ? { initiativeId: input.initiativeId } : {}),
      });
    },

    'signals/acknowledge': ({ initiativeId, ruleId, note }) =>
      decide('acknowledge', initiativeId, ruleId, (cur, state) => {
        refuseResolved(state, 'acknowledge');
        return { state: 'acknowledged', snoozed_until: null, note: note ?? cur.note };
      }),

    'signals/snooze': ({ initiativeId, ruleId, until, note }) => {
      if (until <= today()) {
        const message = 'Snooze until a day after today';
        throw new AppError('VALIDATION', message, [{ path: 'until', message }]);
      }
      return decide('snooze', initiativeId, ruleId, (cur, state) => {
        refuseResolved(state, 'snooze');
        return { state: 'snoozed', snoozed_until: until, note: note ?? cur.note };
      });
    },

    'signals/resolve': ({ initiativeId, ruleId, note }) =>
      decide('resolve', initiativeId, ruleId, (cur, state) => {
        if (state === 'resolved') throw new AppError('CONFLICT', 'This signal is already resolved.');
        return { state: 'resolved', snoozed_until: null, note: note ?? cur.note };
      }),

    'signals/reopen': ({ initiativeId, ruleId }) =>
      decide('reopen', initiativeId, ruleId, (cur, state) => {
        if (state === 'open') throw new AppError('CONFLICT', 'This signal is already open.');
        return { state: 'open', snoozed_until: null, note: cur.note };
      }),

    'signals/thresholds': () => thresholdsView(ctx.workspace.db()),

    'signals/setThresholds': ({ overrides }) => {
      const minimal = minimalOverrides(overrides);
      const reset = Object.keys(minimal).length === 0;
      return change(
        ctx,
        reset ? 'Reset signal thresholds' : 'Change signal thresholds',
        () => [{ kind: 'signalThresholds', id: 0 }],
        (db) => {
          if (reset) db.prepare('DELETE FROM settings WHERE key = ?').run(THRESHOLDS_SETTING_KEY);
          else setSetting(db, THRESHOLDS_SETTING_KEY, JSON.stringify(minimal));
          return thresholdsView(db);
        },
      );
    },
  };
}
