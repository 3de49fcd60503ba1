import type { CanonicalMetric } from '../../../shared/domain/connections/metrics';
import { olsSlopeShare } from '../../../shared/domain/connections/readings';
import type { EpochDay } from '../../../shared/domain/governance/days';
import type { CostSnapshot, MonitoringSnapshot, SloSnapshot } from '../../../shared/domain/governance/snapshot';
import type { Db } from '../db/sqlite';
import {
  preferredSeries,
  readCostCells,
  readCostTargets,
  readMonitoringCells,
  readSloSubjects,
  type CostCell,
} from '../repositories/metrics.repo';
import { hasTable } from '../repositories/signals.repo';
import { sloStatusesOf } from './metrics';

/**
 * The telemetry parts of the governance snapshots (issue 6): monitoring heartbeats and cost per request.
 * monitoringById lists initiatives with telemetry (a binding, a series or an alert); the snapshot gives
 * every other initiative "never a heartbeat", which in production is a finding. costsById lists only
 * initiatives with cost data: without it the cost rules say "not available" rather than invent a trend.
 *
 * Sample data (demo history) counts like live data here, so the demo portfolio shows these signals.
 */

const DAY_SEC = 86_400;
export const COST_WINDOW_DAYS = 28;
/** Cost per request "now": the last week of the window, steadier than one day. */
const RECENT_DAYS = 7;

const dayOfSec = (sec: number): EpochDay => Math.floor(sec / DAY_SEC);

export function monitoringById(db: Db, id?: number): Map<number, MonitoringSnapshot> | null {
  if (!hasTable(db, 'metric_series')) return null;
  const out = new Map<number, MonitoringSnapshot>();
  for (const [iid, hb, ev, seen] of readMonitoringCells(db, id)) {
    let heartbeat = hb === null ? null : dayOfSec(hb);
    if (seen !== null) {
      const ms = Date.parse(seen);
      if (!Number.isNaN(ms)) heartbeat = Math.max(heartbeat ?? -Infinity, Math.floor(ms / (DAY_SEC * 1000)));
    }
    out.set(iid, { lastHeartbeatDay: heartbeat, lastEvalRunDay: ev === null ? null : dayOfSec(ev) });
  }
  return out;
}

interface Daily {
  spend: Map<EpochDay, number>;
  requests: Map<EpochDay, number>;
  tokens: Map<EpochDay, number>;
}

/** Daily sums per metric of the preferred series (live over sample data, the bill over derived spend). */
function dailyOf(cells: readonly CostCell[]): Daily {
  const bySeries = new Map<number, CostCell[]>();
  for (const c of cells) {
    const list = bySeries.get(c.series_id);
    if (list) list.push(c);
    else bySeries.set(c.series_id, [c]);
  }
  const heads = [...bySeries.values()].map((l) => l[0]!);
  const d: Daily = { spend: new Map(), requests: new Map(), tokens: new Map() };
  const add = (m: Map<EpochDay, number>, metric: CanonicalMetric) => {
    for (const s of preferredSeries(heads, metric)) {
      for (const c of bySeries.get(s.series_id)!) {
        const day = dayOfSec(c.bucket);
        m.set(day, (m.get(day) ?? 0) + c.sum);
      }
    }
  };
  add(d.spend, 'spend_usd');
  add(d.requests, 'requests');
  add(d.tokens, 'input_tokens');
  add(d.tokens, 'output_tokens');
  return d;
}

/** Sum of a daily map over [from, to]. */
function sumOver(m: Map<EpochDay, number>, from: EpochDay, to: EpochDay): number {
  let s = 0;
  for (const [d, v] of m) if (d >= from && d <= to) s += v;
  return s;
}

/**
 * Cost per request over the 28 days up to as-of: its OLS slope as a share of the mean (days with both spend
 * and requests only; a day without data is not a zero), the last week's level, the cost_per_request SLO as
 * the target, and how tokens per request moved between the first and the last week.
 */
export function costSnapshotOf(d: Daily, asOf: EpochDay, target: number | null): CostSnapshot | undefined {
  const from = asOf - COST_WINDOW_DAYS + 1;
  const x: number[] = [];
  const y: number[] = [];
  for (let day = from; day <= asOf; day++) {
    const s = d.spend.get(day);
    const r = d.requests.get(day);
    if (s === undefined || r === undefined || r <= 0) continue;
    x.push(day - from);
    y.push(s / r);
  }
  if (y.length < 2) return undefined;
  const recentFrom = asOf - RECENT_DAYS + 1;
  const recentReq = sumOver(d.requests, recentFrom, asOf);
  const recentSpend = sumOver(d.spend, recentFrom, asOf);
  const costPerRequest = recentReq > 0 ? recentSpend / recentReq : y[y.length - 1]!;
  let tokensPerRequestChange = 0;
  if (d.tokens.size > 0) {
    const firstReq = sumOver(d.requests, from, from + RECENT_DAYS - 1);
    const firstTok = sumOver(d.tokens, from, from + RECENT_DAYS - 1);
    const lastTok = sumOver(d.tokens, recentFrom, asOf);
    if (firstReq > 0 && recentReq > 0 && firstTok > 0) {
      tokensPerRequestChange = lastTok / recentReq / (firstTok / firstReq) - 1;
    }
  }
  return {
    costPerRequestSlope28d: olsSlopeShare(x, y, COST_WINDOW_DAYS) ?? 0,
    costPerRequest,
    targetCostPerRequest: target,
    tokensPerRequestChange,
  };
}

export function costsById(db: Db, asOf: EpochDay, id?: number): Map<number, CostSnapshot> | null {
  if (!hasTable(db, 'metric_series')) return null;
  const cells = readCostCells(db, (asOf - COST_WINDOW_DAYS + 1) * DAY_SEC, asOf * DAY_SEC, id);
  const targets = readCostTargets(db, id);
  const byInitiative = new Map<number, CostCell[]>();
  for (const c of cells) {
    const list = byInitiative.get(c.initiative_id);
    if (list) list.push(c);
    else byInitiative.set(c.initiative_id, [c]);
  }
  const out = new Map<number, CostSnapshot>();
  for (const [iid, list] of byInitiative) {
    const snap = costSnapshotOf(dailyOf(list), asOf, targets.get(iid) ?? null);
    if (snap) out.set(iid, snap);
  }
  return out;
}

/**
 * The SLO_BREACH rule's input: each SLO judged on the initiative's newest data (so the verdict is never
 * "stale" — silence is NO_MONITORING_CONNECTION's finding). SLO history is not replayed: for an as-of day
 * before the newest data the part stays undefined and the rule silent, rather than judging the past by
 * today's numbers.
 */
export function slosById(db: Db, asOf: EpochDay, id?: number): Map<number, SloSnapshot[]> | null {
  if (!hasTable(db, 'slos')) return null;
  const out = new Map<number, SloSnapshot[]>();
  for (const { id: iid, newest } of readSloSubjects(db, id)) {
    if (newest === null || dayOfSec(newest) > asOf) continue;
    const statuses = sloStatusesOf(db, iid, new Date(newest * 1000));
    out.set(
      iid,
      statuses.map((s) => ({ kind: s.kind, threshold: s.threshold, actual: s.actual, state: s.state })),
    );
  }
  return out;
}
