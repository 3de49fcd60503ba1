import { useEffect } from 'react';
import { create } from 'zustand';
import type { SignalSeverity } from '../../../../shared/domain/governance/signals';
import { isListed, type SignalsReport } from '../../../../shared/domain/watchlist';
import { invoke } from '../../api/client';
import { onEvent } from '../../api/events';

/** Every table a signal or its lifecycle reads: a change to any of them can open or close a signal. */
export const RADAR_TABLES = [
  'initiatives',
  'phase_transitions',
  'people',
  'audit_log',
  'kpis',
  'kpi_measurements',
  'gate_reviews',
  'gate_evidence',
  'agents',
  'agent_tools',
  'roi_scenarios',
  'risks',
  'risk_actions',
  'signal_states',
  'settings',
  'slos',
  'connection_bindings',
] as const;

/**
 * Telemetry lands on every poll (each connection every 30 s or so). It moves the monitoring, cost and SLO
 * signals, but a radar read per poll would keep the core busy at 10,000 initiatives: polls refresh the
 * radar at most this often.
 */
export const TELEMETRY_TABLES = ['metric_series', 'monitor_alerts'] as const;
const TELEMETRY_REFRESH_MS = 60_000;

/** What a portfolio row's Watchlist chip shows. */
export interface RadarScore {
  score: number;
  count: number;
  worst: SignalSeverity;
}

interface RadarStore {
  report: SignalsReport | undefined;
  error: unknown;
  /** Listed (open + acknowledged) score per initiative, from the same report. */
  scores: ReadonlyMap<number, RadarScore>;
}

/**
 * Today's radar report, shared by every view that shows it (the watchlist, the portfolio's Watchlist
 * column): one `signals/list` read, joined client-side by id, rather than one read per view or per row.
 * It is live while anything uses it, and refreshed when a change touches a table the radar reads.
 */
export const useRadar = create<RadarStore>(() => ({ report: undefined, error: undefined, scores: new Map() }));

const RANK: Record<SignalSeverity, number> = { critical: 2, warning: 1, info: 0 };

function scoresOf(report: SignalsReport): Map<number, RadarScore> {
  const out = new Map<number, RadarScore>();
  for (const w of report.watchlist) out.set(w.initiativeId, { score: w.score, count: w.count, worst: 'info' });
  for (const s of report.signals) {
    const e = out.get(s.initiativeId);
    if (e && isListed(s.state) && RANK[s.severity] > RANK[e.worst]) e.worst = s.severity;
  }
  return out;
}

let users = 0;
let seq = 0;
let off: (() => void) | null = null;
let stopTimer: ReturnType<typeof setTimeout> | null = null;
let watchingWorkspace = false;

/** A read is under way; `again` asks for one more when it ends. */
let inFlight = false;
let again = false;
let telemetryTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * Reads the report, coalescing: changes that arrive while a read is under way (a burst of edits, an
 * undo run) cost one more read when it ends, not one each — at 10,000 initiatives a read is a few
 * hundred milliseconds of the core's time.
 */
function load(): void {
  if (inFlight) {
    again = true;
    return;
  }
  inFlight = true;
  again = false;
  const mine = ++seq;
  const done = () => {
    inFlight = false;
    if (again && off) load();
  };
  invoke('signals/list').then(
    (report) => {
      if (mine === seq) useRadar.setState({ report, error: undefined, scores: scoresOf(report) });
      done();
    },
    (error: unknown) => {
      if (mine === seq) useRadar.setState({ error });
      done();
    },
  );
}

function start(): void {
  if (stopTimer !== null) {
    clearTimeout(stopTimer);
    stopTimer = null;
  }
  if (off) return;
  load();
  const watched: readonly string[] = RADAR_TABLES;
  const telemetry: readonly string[] = TELEMETRY_TABLES;
  off = onEvent('db/changed', ({ tables }) => {
    if (tables.some((t) => watched.includes(t))) load();
    else if (telemetryTimer === null && tables.some((t) => telemetry.includes(t))) {
      telemetryTimer = setTimeout(() => {
        telemetryTimer = null;
        if (off) load();
      }, TELEMETRY_REFRESH_MS);
    }
  });
  if (!watchingWorkspace) {
    watchingWorkspace = true;
    // Another file (or a fresh setup): its radar is another one; never show the old file's signals
    // against it, even if nothing was showing the report when the switch happened.
    onEvent('workspace/changed', () => {
      seq++;
      useRadar.setState({ report: undefined, error: undefined, scores: new Map() });
      if (off) load();
    });
  }
}

/** Stops listening a moment after the last user leaves, so rows scrolling in and out do not refetch. */
function stop(): void {
  stopTimer = setTimeout(() => {
    stopTimer = null;
    if (users > 0 || !off) return;
    off();
    off = null;
    seq++; // Drops a late answer.
  }, 1000);
}

/** Keeps the shared report live while the calling component is mounted. */
export function useRadarLive(): void {
  useEffect(() => {
    users++;
    start();
    return () => {
      users--;
      if (users === 0) stop();
    };
  }, []);
}

/** Re-reads now (after opening another file, for instance). */
export function refreshRadar(): void {
  if (off) load();
}
