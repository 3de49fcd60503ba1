// Background polling in the main process (never the renderer): each connection on its own schedule, at
// most `concurrency` requests at a time, backoff and the circuit breaker from retryPolicy (recorded in the
// connection row, so the status survives restarts and shows in the Connection view), and the daily
// retention sweep. Time and timers are injected: tests drive it by moving a clock and calling tick().
import type { Db } from '../db/sqlite';
import type { Emit, Logger, SecretStore } from '../ports';
import { getConnectionRecord, listConnectionRecords, type ConnectionRecord } from '../repositories/connections.repo';
import { getRawRetentionDays, sweepRetention } from '../repositories/metrics.repo';
import type { ConnectionKind } from '../../../shared/domain/connections/connection';
import { SYNC_CONCURRENCY, pollConnection, type PollOutcome } from './sync';
import type { Connector } from './types';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // A pending poll must not keep a CLI or test process alive.
    t.unref();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface SchedulerDeps {
  /** The open portfolio, or null when none is open. */
  db: () => Db | null;
  secrets: SecretStore;
  env: Record<string, string | undefined>;
  now: () => Date;
  timers?: Timers;
  random?: () => number;
  emit?: Emit;
  logger?: Logger;
  concurrency?: number;
  connectors?: Record<ConnectionKind, Connector>;
}

/** The same bound as a one-shot sync (see SYNC_CONCURRENCY for the measurement behind it). */
export const DEFAULT_CONCURRENCY = SYNC_CONCURRENCY;
/** Even with nothing due, look again this often: edits made outside the core (CLI) are picked up. */
const MAX_SLEEP_MS = 60_000;
const RETENTION_EVERY_MS = 86_400_000;

/** Due when never scheduled or its time has come; a circuit holds it until the half-open probe time. */
export function dueAtMs(r: ConnectionRecord): number {
  const times = [r.next_poll_at, r.circuit_open_until].filter((t): t is string => t !== null).map(Date.parse);
  return times.length === 0 ? 0 : Math.max(...times);
}

export class Scheduler {
  private running = false;
  private timer: unknown = null;
  private abort = new AbortController();
  /** Bumped when the workspace changes: polls started before belong to a closed file. */
  private generation = 0;
  private readonly inFlight = new Map<number, Promise<PollOutcome>>();
  private lastSweepMs: number | null = null;
  private readonly timers: Timers;
  private readonly concurrency: number;

  constructor(private readonly deps: SchedulerDeps) {
    this.timers = deps.timers ?? realTimers;
    this.concurrency = deps.concurrency ?? DEFAULT_CONCURRENCY;
  }

  get isRunning(): boolean {
    return this.running;
  }

  get activeCount(): number {
    return this.inFlight.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.arm(0);
  }

  /** Stops the schedule and cancels the requests in flight (their results are discarded, not recorded). */
  stop(): void {
    this.running = false;
    this.disarm();
    this.cancelInFlight();
  }

  /** The open portfolio changed: what was in flight belonged to the old one. */
  workspaceChanged(): void {
    this.cancelInFlight();
    this.lastSweepMs = null;
    if (this.running) this.arm(0);
  }

  /** Settings changed (pause, resume, new connection): look again now instead of at the next timer. */
  wake(): void {
    if (this.running) this.arm(0);
  }

  /**
   * Polls one connection now, paused or circuit open notwithstanding (the user asked: this is the manual
   * half-open probe). Joins a poll already in flight rather than sending a second request.
   */
  pollNow(id: number): Promise<PollOutcome | null> {
    const running = this.inFlight.get(id);
    if (running) return running;
    const db = this.deps.db();
    const r = db ? getConnectionRecord(db, id) : null;
    if (!db || !r) return Promise.resolve(null);
    return this.launch(db, r);
  }

  /** Resolves when nothing is in flight (tests, and a clean stop). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** One scheduling pass: sweep if a day has passed, start what is due (up to the limit), re-arm the timer. */
  tick(): void {
    this.timer = null;
    if (!this.running) return;
    const db = this.deps.db();
    if (!db) {
      this.arm(MAX_SLEEP_MS);
      return;
    }
    const nowMs = this.deps.now().getTime();
    this.sweepIfDue(db, nowMs);
    let soonest = nowMs + MAX_SLEEP_MS;
    let rows: ConnectionRecord[];
    try {
      rows = listConnectionRecords(db);
    } catch (e) {
      this.deps.logger?.warn('connections: could not read the schedule', { error: (e as Error).message });
      this.arm(MAX_SLEEP_MS);
      return;
    }
    for (const r of rows) {
      if (r.paused === 1 || this.inFlight.has(r.id)) continue;
      const due = dueAtMs(r);
      if (due > nowMs) {
        soonest = Math.min(soonest, due);
      } else if (this.inFlight.size < this.concurrency) {
        void this.launch(db, r);
      }
      // Due but no free slot: the end of a poll ticks again.
    }
    this.arm(Math.max(0, soonest - nowMs));
  }

  private launch(db: Db, r: ConnectionRecord): Promise<PollOutcome> {
    const generation = this.generation;
    const p = pollConnection(db, r, {
      secrets: this.deps.secrets,
      env: this.deps.env,
      now: this.deps.now,
      signal: this.abort.signal,
      ...(this.deps.random ? { random: this.deps.random } : {}),
      ...(this.deps.connectors ? { connectors: this.deps.connectors } : {}),
    })
      .catch((e: unknown): PollOutcome => {
        // A storage failure (disk full, file locked) is logged; the row is untouched, so it is due again.
        this.deps.logger?.error('connections: poll could not be stored', {
          connectionId: r.id,
          error: e instanceof Error ? e.message : String(e),
        });
        return {
          connectionId: r.id,
          name: r.name,
          kind: r.kind,
          ok: false,
          discarded: true,
          series: 0,
          samples: 0,
          alerts: 0,
          error: null,
          nextPollAt: null,
          tables: [],
        };
      })
      .then((outcome) => {
        if (generation === this.generation) {
          this.inFlight.delete(r.id);
          if (outcome.error) {
            this.deps.logger?.warn('connections: poll failed', {
              connectionId: r.id,
              stage: outcome.error.stage,
              message: outcome.error.message,
            });
          }
          if (outcome.tables.length > 0) this.deps.emit?.('db/changed', { tables: outcome.tables });
          if (this.running) this.arm(0);
        }
        return outcome;
      });
    this.inFlight.set(r.id, p);
    return p;
  }

  private sweepIfDue(db: Db, nowMs: number): void {
    if (this.lastSweepMs !== null && nowMs - this.lastSweepMs < RETENTION_EVERY_MS) return;
    this.lastSweepMs = nowMs;
    try {
      const swept = sweepRetention(db, getRawRetentionDays(db), new Date(nowMs));
      if (swept.samples > 0 || swept.series > 0) {
        this.deps.emit?.('db/changed', { tables: ['metric_series', 'metric_samples', 'metric_rollups'] });
      }
    } catch (e) {
      this.deps.logger?.warn('connections: retention sweep failed', { error: (e as Error).message });
    }
  }

  private cancelInFlight(): void {
    this.generation++;
    this.abort.abort();
    this.abort = new AbortController();
    this.inFlight.clear();
  }

  private arm(ms: number): void {
    this.disarm();
    this.timer = this.timers.setTimeout(() => this.tick(), ms);
  }

  private disarm(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
