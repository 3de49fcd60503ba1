import { z } from 'zod';
import { SIGNAL_RULES, type SignalRuleId, type SignalSeverity, type SignalThresholds } from './governance/signals';
import { entityId, isoDate } from './initiative';
import type { PhaseId } from './phases';
import type { ThresholdOverrides } from './signalThresholds';

/**
 * Where a signal stands in its lifecycle. The rules decide whether a signal fires; people decide what it
 * means. Listed (on the watchlist, in the score): open and acknowledged. Hidden: snoozed (until its day)
 * and resolved (until it fires again on a later day). The precise rules are in signalLifecycle below.
 */
export const SIGNAL_STATES = [
  { id: 'open', label: 'Open' },
  { id: 'acknowledged', label: 'Acknowledged' },
  { id: 'snoozed', label: 'Snoozed' },
  { id: 'resolved', label: 'Resolved' },
] as const;
export type SignalState = (typeof SIGNAL_STATES)[number]['id'];
export const SIGNAL_STATE_IDS = SIGNAL_STATES.map((s) => s.id) as [SignalState, ...SignalState[]];

/** The states that count: shown by default, counted in the purgatory score and the watchlist. */
export const LISTED_STATES: readonly SignalState[] = ['open', 'acknowledged'];
export const isListed = (s: SignalState): boolean => s === 'open' || s === 'acknowledged';

/** A signal's stored lifecycle, as far as the rules below need it (dates YYYY-MM-DD). */
export interface StoredLifecycle {
  state: SignalState;
  firstSeen: string;
  lastSeen: string;
  snoozedUntil: string | null;
  /** YYYY-MM-DD of the last decision (for a resolved signal: the day it was resolved). */
  decidedDay: string;
}

/**
 * The lifecycle rules, one place for the radar and its tests. `today` is the core clock's UTC date.
 *
 * - Snoozed: hidden while today < snoozedUntil; from that day on it is open again (the snooze is over).
 * - Resolved: "the cause is dealt with". The radar checks that claim on later days: a resolved signal
 *   that fires on a day after the day it was resolved reopens as a new episode (open, first seen today).
 *   On the day it was resolved it stays resolved, so resolving a signal does not bounce straight back.
 * - Open and acknowledged stay as they are; an acknowledged signal stays listed, marked, and keeps its
 *   first-seen day (acknowledging is not fixing).
 *
 * `effectiveState` applies the first rule to any stored row (snooze expiry needs no evaluation);
 * `seenToday` is what an evaluation for today that sees the signal fire makes of the row.
 */
export function effectiveState(row: Pick<StoredLifecycle, 'state' | 'snoozedUntil'>, today: string): SignalState {
  return row.state === 'snoozed' && row.snoozedUntil !== null && row.snoozedUntil <= today ? 'open' : row.state;
}

export function seenToday(row: StoredLifecycle | undefined, today: string): Omit<StoredLifecycle, 'decidedDay'> {
  if (row === undefined || (row.state === 'resolved' && row.decidedDay < today)) {
    return { state: 'open', firstSeen: today, lastSeen: today, snoozedUntil: null };
  }
  const state = effectiveState(row, today);
  return {
    state,
    firstSeen: row.firstSeen,
    lastSeen: row.lastSeen > today ? row.lastSeen : today,
    snoozedUntil: state === 'snoozed' ? row.snoozedUntil : null,
  };
}

/** One pilot-purgatory signal of one initiative that fires, as the radar, the watchlist and the CLI show it. */
export interface OpenSignal {
  initiativeId: number;
  initiativeName: string;
  ruleId: SignalRuleId;
  severity: SignalSeverity;
  value: number;
  threshold: number;
  message: string;
  state: SignalState;
  /** Days the radar (evaluating for today) first and last saw it fire; null until it has. */
  firstSeen: string | null;
  lastSeen: string | null;
  snoozedUntil: string | null;
  note: string;
}

/** A portfolio-level signal (§3.4 #15, conversion): it belongs to no initiative. */
export interface PortfolioSignal {
  ruleId: SignalRuleId;
  severity: SignalSeverity;
  value: number;
  threshold: number;
  message: string;
}

/** One initiative on the watchlist: its phase on the as-of day and its purgatory score. */
export interface WatchlistEntry {
  initiativeId: number;
  name: string;
  phase: PhaseId;
  /** Σ w_rule · severity_weight over its listed (open + acknowledged) signals. */
  score: number;
  /** Listed signals. */
  count: number;
}

export interface SignalsReport {
  /** The day the rules looked at, YYYY-MM-DD. */
  asOf: string;
  /**
   * Every signal that fires, whatever its state: listed ones first, grouped by initiative in watchlist
   * order and by severity within it; then the initiatives whose signals are all hidden.
   */
  signals: OpenSignal[];
  /** Initiatives with at least one listed (open or acknowledged) signal, highest purgatory score first. */
  watchlist: WatchlistEntry[];
  portfolio: PortfolioSignal[];
}

const INITIATIVE_RULE_IDS = SIGNAL_RULES.filter((r) => r.level === 'initiative').map((r) => r.id) as [
  SignalRuleId,
  ...SignalRuleId[],
];
export const SIGNAL_NOTE_MAX = 2000;

const note = z
  .string()
  .max(SIGNAL_NOTE_MAX, `Note must be at most ${SIGNAL_NOTE_MAX} characters`)
  .transform((s) => s.trim());
const signalRef = { initiativeId: entityId, ruleId: z.enum(INITIATIVE_RULE_IDS, { error: 'Unknown signal rule' }) };

export const signalRefInput = z.strictObject(signalRef);
export const signalNoteInput = z.strictObject({ ...signalRef, note: note.optional() });
/** "Must be after today" needs the core's clock, so the core checks it (field `until`). */
export const signalSnoozeInput = z.strictObject({ ...signalRef, until: isoDate, note: note.optional() });
export type SignalRefInput = z.input<typeof signalRefInput>;
export type SignalSnoozeInput = z.input<typeof signalSnoozeInput>;

/** A signal's lifecycle row as the actions return it. */
export interface SignalStateView {
  initiativeId: number;
  ruleId: SignalRuleId;
  state: SignalState;
  firstSeen: string;
  lastSeen: string;
  snoozedUntil: string | null;
  note: string;
  updatedBy: string | null;
  updatedAt: string;
}

/** The radar's thresholds: what applies now, the built-in defaults, and the user's overrides of them. */
export interface ThresholdsView {
  effective: SignalThresholds;
  defaults: SignalThresholds;
  overrides: ThresholdOverrides;
}
