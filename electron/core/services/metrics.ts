import type { z } from 'zod';
import {
  CANONICAL_METRICS,
  METRIC_AGG,
  METRIC_UNITS,
  type ActiveAlert,
  type Binding,
  type CanonicalMetric,
  type MetricPreset,
  type MetricReading,
  type MonitoringOverview,
  type SeriesView,
  type SloKind,
  type SloStatus,
  type SpendView,
  type seriesInput,
  type spendInput,
} from '../../../shared/domain/connections/metrics';
import { lttb } from '../../../shared/domain/connections/lttb';
import { ageOf, staleAfterSec } from '../../../shared/domain/connections/readings';
import { costPerRequest, evaluateSlo, type SloInput } from '../../../shared/domain/connections/slo';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import type { Db } from '../db/sqlite';
import { getInitiativeRecord } from '../repositories/initiatives.repo';
import {
  dailySums,
  deleteSlo,
  earliestAt,
  getRawRetentionDays,
  hourSum,
  listBindingRows,
  listOpenAlerts,
  listSeries,
  listSloRecords,
  listSpendSeries,
  newestValue,
  preferredSeries,
  readRange,
  setRawRetentionDays,
  sweepRetention,
  upsertSlo,
  type SeriesRow,
} from '../repositories/metrics.repo';
import { nowIso, type CoreContext } from './context';

type MetricChannels =
  | 'metrics/overview'
  | 'metrics/series'
  | 'metrics/spend'
  | 'metrics/retention'
  | 'metrics/setRetention'
  | 'slo/save'
  | 'slo/delete';

/** What the UI calls sample data. */
export const SAMPLE_DATA_LABEL = 'Sample data';
const DAY = 86_400;

function mustInitiative(db: Db, id: number): void {
  if (!getInitiativeRecord(db, id)) throw new AppError('NOT_FOUND', `Initiative ${id} does not exist.`);
}

const nowSecOf = (d: Date) => Math.floor(d.getTime() / 1000);
const isoOf = (sec: number) => new Date(sec * 1000).toISOString();

/** 'conn:3:litellm' on a Prometheus connection reads 'prometheus:litellm'; on a REST one, its kind. */
export function sourceLabel(r: Pick<SeriesRow, 'source' | 'connection_kind'>): string {
  if (r.source === 'demo') return 'demo';
  const family = r.source.split(':').slice(2).join(':');
  if (r.connection_kind === 'prometheus') return `prometheus:${family}`;
  return r.connection_kind ?? family;
}

/** A figure with where it came from and how old it is, before it becomes a MetricReading. */
interface Figure {
  value: number | null;
  asOfSec: number | null;
  stale: boolean;
  source: string | null;
  connectionName: string | null;
}

const NO_FIGURE: Figure = { value: null, asOfSec: null, stale: false, source: null, connectionName: null };

/**
 * One canonical metric's current figure: 'sum' metrics over the 24 h ending at the newest data (so old data
 * reads as what it was, marked stale, never as a current 0), gauges the newest value.
 */
function figureOf(db: Db, rows: readonly SeriesRow[], metric: CanonicalMetric, nowSec: number): Figure {
  const picked = preferredSeries(rows, metric);
  if (picked.length === 0) return NO_FIGURE;
  const newest = picked.reduce((a, b) => ((b.last_ts ?? 0) > (a.last_ts ?? 0) ? b : a));
  const lastTs = newest.last_ts!;
  let value: number | null = null;
  if (METRIC_AGG[metric] === 'sum') {
    const end = lastTs - (lastTs % 3600);
    const from = end - 23 * 3600;
    for (const s of picked) {
      const v = hourSum(db, s.id, from, end);
      if (v !== null) value = (value ?? 0) + v;
    }
  } else {
    // Several dims of one source (per model): their newest values, averaged.
    let sum = 0;
    let n = 0;
    for (const s of picked) {
      if (s.last_ts !== lastTs) continue;
      const nv = newestValue(db, s.id);
      if (nv) {
        sum += nv.value;
        n++;
      }
    }
    value = n > 0 ? sum / n : null;
  }
  const demo = newest.source === 'demo';
  const limit = staleAfterSec(demo ? null : newest.poll_interval_s);
  return {
    value,
    asOfSec: lastTs,
    stale: ageOf(lastTs, nowSec) > limit,
    source: sourceLabel(newest),
    connectionName: demo ? SAMPLE_DATA_LABEL : (newest.connection_name ?? null),
  };
}

function toReading(metric: CanonicalMetric, f: Figure, nowSec: number): MetricReading {
  return {
    metric,
    value: f.value,
    unit: METRIC_UNITS[metric],
    source: f.source,
    connectionName: f.connectionName,
    asOf: f.asOfSec === null ? null : isoOf(f.asOfSec),
    ageSec: f.asOfSec === null ? null : ageOf(f.asOfSec, nowSec),
    stale: f.stale,
  };
}

const sloInput = (f: Figure): SloInput => ({
  value: f.value,
  stale: f.stale,
  source: f.source,
  asOf: f.asOfSec === null ? null : isoOf(f.asOfSec),
});

/** Each SLO of an initiative against its current figure (see slo.ts: missing is no_data, old is stale). */
function sloStatuses(db: Db, initiativeId: number, figures: Map<CanonicalMetric, Figure>): SloStatus[] {
  const get = (m: CanonicalMetric) => figures.get(m) ?? NO_FIGURE;
  return listSloRecords(db, initiativeId).map((r) => {
    const kind = r.kind as SloKind;
    if (kind === 'latency_p95') return evaluateSlo(kind, r.threshold, sloInput(get('latency_p95_s')));
    if (kind === 'error_rate') return evaluateSlo(kind, r.threshold, sloInput(get('error_rate')));
    if (kind === 'cost_per_day') return evaluateSlo(kind, r.threshold, sloInput(get('spend_usd')));
    const spend = get('spend_usd');
    const requests = get('requests');
    return evaluateSlo(kind, r.threshold, {
      value: costPerRequest(spend.value, requests.value),
      stale: spend.stale || requests.stale,
      source: spend.source,
      asOf: spend.asOfSec === null ? null : isoOf(spend.asOfSec),
    });
  });
}

function figures(db: Db, initiativeId: number, nowSec: number): Map<CanonicalMetric, Figure> {
  const rows = listSeries(db, initiativeId);
  const out = new Map<CanonicalMetric, Figure>();
  for (const m of CANONICAL_METRICS.ids) out.set(m, figureOf(db, rows, m, nowSec));
  return out;
}

const parseJson = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

export function buildOverview(db: Db, initiativeId: number, now: Date): MonitoringOverview {
  const nowSec = nowSecOf(now);
  const figs = figures(db, initiativeId, nowSec);
  const readings = CANONICAL_METRICS.ids.map((m) => toReading(m, figs.get(m) ?? NO_FIGURE, nowSec));
  const bindings: Binding[] = listBindingRows(db, initiativeId).map((b) => ({
    id: b.id,
    initiativeId: b.initiative_id,
    connectionId: b.connection_id,
    connectionName: b.connection_name,
    connectionKind: b.connection_kind,
    preset: b.preset as MetricPreset | null,
    selector: parseJson<Record<string, string>>(b.selector, {}),
    detected: parseJson<Partial<Record<CanonicalMetric, string>>>(b.detected, {}),
    createdAt: b.created_at,
  }));
  const alerts: ActiveAlert[] = listOpenAlerts(db, initiativeId).map((a) => ({
    id: a.id,
    connectionName: a.connection_name,
    name: a.name,
    severity: a.severity,
    summary: a.summary,
    startsAt: a.starts_at,
    lastSeenAt: a.last_seen_at,
    labels: parseJson<Record<string, string>>(a.labels, {}),
  }));
  return {
    initiativeId,
    bindings,
    readings,
    slos: sloStatuses(db, initiativeId, figs),
    alerts,
    sampleData: readings.some((r) => r.source === 'demo'),
  };
}

export function sloStatusesOf(db: Db, initiativeId: number, now: Date): SloStatus[] {
  return sloStatuses(db, initiativeId, figures(db, initiativeId, nowSecOf(now)));
}

/** Finest first: raw samples, then the roll-ups. */
const RESOLUTIONS = [0, 60, 3600, 86_400] as const;
/** Raw or roll-up rows that still read fast and downsample well: a few points per pixel column. */
const ROWS_PER_POINT = 4;

/**
 * A chart-ready series: the finest resolution whose rows in [from, to] fit (raw when ≤ 4 × maxPoints, else
 * the minute, hour, day roll-ups), the initiative's series of that metric merged (summed for 'sum'
 * metrics, averaged across one source's dims for gauges), then LTTB down to maxPoints.
 */
export function buildSeries(db: Db, input: z.output<typeof seriesInput>, now: Date): SeriesView {
  const { initiativeId, metric, maxPoints } = input;
  const picked = preferredSeries(listSeries(db, initiativeId, metric), metric);
  const unit = METRIC_UNITS[metric];
  const empty: SeriesView = { metric, unit, t: [], v: [], resolution: 0, extent: null, sources: [], rawCount: 0 };
  if (picked.length === 0) return empty;
  const firstTs = Math.min(...picked.map((s) => s.first_ts ?? Infinity));
  const lastTs = Math.max(...picked.map((s) => s.last_ts ?? -Infinity));
  const from = input.from ?? firstTs;
  const to = input.to ?? Math.max(lastTs, nowSecOf(now));
  const view = { ...empty, extent: { from: firstTs, to: lastTs }, sources: [...new Set(picked.map(sourceLabel))] };
  if (from > to) return view;
  const cap = ROWS_PER_POINT * maxPoints;
  const gauge = METRIC_AGG[metric] === 'gauge';
  let chosen: { level: (typeof RESOLUTIONS)[number]; rows: Array<Array<[number, number, number]>> } | null = null;
  for (const level of RESOLUTIONS) {
    // A level cut by retention before `from` would silently drop the older part of the range.
    const complete = picked.every((s) => {
      const e = earliestAt(db, s.id, level);
      const start = Math.max(from, s.first_ts ?? from);
      return e !== null && e <= start - (level === 0 ? 0 : start % level);
    });
    if (!complete && level !== 86_400) continue;
    const rows = picked.map((s) => readRange(db, s.id, level, from, to, cap + 1));
    const merged = new Set<number>();
    for (const r of rows) for (const x of r) merged.add(x[0]);
    if (merged.size <= cap || level === 86_400) {
      chosen = { level, rows };
      break;
    }
  }
  if (!chosen) return view;
  // Merge by timestamp: sums add across series; gauges average (per row: sum / n, then across series).
  const acc = new Map<number, { v: number; k: number }>();
  let rawCount = 0;
  for (const rows of chosen.rows) {
    for (const [ts, sum, n] of rows) {
      rawCount += n;
      const v = gauge ? sum / n : sum;
      const cur = acc.get(ts);
      if (cur) {
        cur.v += v;
        cur.k++;
      } else acc.set(ts, { v, k: 1 });
    }
  }
  const keys = [...acc.keys()].sort((a, b) => a - b);
  const t = keys.map((k) => k * 1000);
  const v = keys.map((k) => {
    const c = acc.get(k)!;
    return gauge ? c.v / c.k : c.v;
  });
  const down = lttb(t, v, maxPoints);
  return { ...view, t: down.t, v: down.v, resolution: chosen.level, rawCount };
}

const dayOf = (sec: number) => new Date(sec * 1000).toISOString().slice(0, 10);

/**
 * Portfolio spend: daily spend_usd from the day roll-ups for the last `days` UTC days (today included),
 * grouped by initiative, team (dims.team, else the business unit) or model (dims.model, else 'unspecified').
 */
export function buildSpend(db: Db, input: z.output<typeof spendInput>, now: Date): SpendView {
  const { groupBy, days: nDays } = input;
  const today = nowSecOf(now) - (nowSecOf(now) % DAY);
  const start = today - (nDays - 1) * DAY;
  const days = Array.from({ length: nDays }, (_, i) => dayOf(start + i * DAY));
  const all = listSpendSeries(db);
  const byInitiative = new Map<number, typeof all>();
  for (const r of all) {
    const list = byInitiative.get(r.initiative_id);
    if (list) list.push(r);
    else byInitiative.set(r.initiative_id, [r]);
  }
  const groups = new Map<string, SpendView['groups'][number]>();
  const sources = new Set<string>();
  let total = 0;
  for (const [initiativeId, rows] of byInitiative) {
    const picked = new Set(
      preferredSeries(rows, 'spend_usd', groupBy === 'model' ? 'model' : undefined).map((s) => s.id),
    );
    for (const r of rows) {
      if (!picked.has(r.id)) continue;
      const sums = dailySums(db, r.id, start);
      if (sums.length === 0) continue;
      const dims = parseJson<Record<string, string>>(r.dims, {});
      let key: string;
      let label: string;
      if (groupBy === 'initiative') {
        key = String(initiativeId);
        label = r.initiative_name;
      } else if (groupBy === 'team') {
        label = dims['team'] || r.business_unit || 'unspecified';
        key = label;
      } else {
        label = dims['model'] || 'unspecified';
        key = label;
      }
      let g = groups.get(key);
      if (!g) {
        g = {
          key,
          label,
          initiativeId: groupBy === 'initiative' ? initiativeId : null,
          total: 0,
          daily: new Array<number>(nDays).fill(0),
        };
        groups.set(key, g);
      }
      for (const [bucket, sum] of sums) {
        const i = Math.round((bucket - start) / DAY);
        if (i < 0 || i >= nDays) continue;
        g.daily[i]! += sum;
        g.total += sum;
        total += sum;
      }
      sources.add(sourceLabel(r));
    }
  }
  const list = [...groups.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  return { groupBy, days, groups: list, total, sources: [...sources].sort(), sampleData: sources.has('demo') };
}

function emitChanged(ctx: CoreContext, tables: string[]): void {
  ctx.emit('db/changed', { tables });
}

export function metricHandlers(ctx: CoreContext): Pick<Handlers, MetricChannels> {
  const db = () => ctx.workspace.db();
  return {
    'metrics/overview': ({ initiativeId }) => {
      mustInitiative(db(), initiativeId);
      return buildOverview(db(), initiativeId, ctx.clock.now());
    },
    'metrics/series': (input) => {
      mustInitiative(db(), input.initiativeId);
      return buildSeries(db(), input, ctx.clock.now());
    },
    'metrics/spend': (input) => buildSpend(db(), input, ctx.clock.now()),
    'metrics/retention': () => ({ rawDays: getRawRetentionDays(db()) }),
    'metrics/setRetention': ({ rawDays }) => {
      const d = db();
      d.transaction(() => {
        setRawRetentionDays(d, rawDays);
        sweepRetention(d, rawDays, ctx.clock.now());
      })();
      emitChanged(ctx, ['settings', 'metric_samples', 'metric_rollups', 'metric_series']);
      return { rawDays };
    },
    // SLOs are settings of the monitoring view, not audited aggregates: a plain transaction and a change event.
    'slo/save': ({ initiativeId, kind, threshold }) => {
      const d = db();
      d.transaction(() => {
        mustInitiative(d, initiativeId);
        upsertSlo(d, { initiative_id: initiativeId, kind, threshold, updated_at: nowIso(ctx) });
      })();
      emitChanged(ctx, ['slos']);
      return sloStatusesOf(d, initiativeId, ctx.clock.now());
    },
    'slo/delete': ({ initiativeId, kind }) => {
      const d = db();
      d.transaction(() => {
        mustInitiative(d, initiativeId);
        deleteSlo(d, initiativeId, kind);
      })();
      emitChanged(ctx, ['slos']);
      return sloStatusesOf(d, initiativeId, ctx.clock.now());
    },
  };
}
