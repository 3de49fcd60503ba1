import { phaseNumber, type PhaseId } from '../../../shared/domain/phases';
import type { CanonicalMetric } from '../../../shared/domain/connections/metrics';
import type { Db } from '../db/sqlite';
import type { InitiativeRecord } from '../repositories/initiatives.repo';
import { rng, type Rng } from './random';

/**
 * Stored metric history for the demo portfolio (issue 6), labelled sample data (source 'demo', no
 * connection): 90 days of points every 3 hours ending at the demo's "now" for initiatives from build & validate on,
 * so the monitoring and spend views show realistic curves offline. Shapes: a daily and weekly rhythm,
 * growth, a latency incident with an error spike on some, and a cost creep (tokens per request rising over
 * the last four weeks) on one or two, so the cost-per-request signal fires.
 *
 * Cheap on purpose: at most MAX_WITH_HISTORY initiatives whatever the demo's size, written with multi-row
 * inserts straight into samples and day roll-ups (computed here). Each point is alone in its minute and its
 * hour, so those roll-ups would only copy the raw rows and are left out: readers fall back to the raw
 * samples (the chart and the overview's last-day sums) or go on to the day level. Deterministic: each initiative's stream is seeded by its id and creation stamp, which the demo
 * seed fixed.
 */

export const MAX_WITH_HISTORY = 8;
export const HISTORY_DAYS = 90;
const FIRST_PHASE = 4;
const HOUR = 3600;
const DAY = 86_400;
/** One point every 3 hours: eight a day keep the daily rhythm and a 3-hour incident visible, at a third of
 *  the rows of hourly points (the demo's creation time is budgeted). */
export const STEP = 3 * HOUR;

function hash(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const streamOf = (i: InitiativeRecord): Rng => rng(hash(i.created_at, (i.id * 2654435761) ^ 0x6d657472));

/** Who gets history: mostly production ones (the richest telemetry), a few pilots in build & validate. */
export function pickDemoMetricInitiatives(initiatives: readonly InitiativeRecord[]): InitiativeRecord[] {
  const live = initiatives.filter((i) => i.status !== 'killed');
  const production = live.filter((i) => phaseNumber(i.phase as PhaseId) > FIRST_PHASE);
  const pilots = live.filter((i) => phaseNumber(i.phase as PhaseId) === FIRST_PHASE);
  const p = production.slice(0, MAX_WITH_HISTORY - Math.min(2, pilots.length));
  return [...p, ...pilots.slice(0, MAX_WITH_HISTORY - p.length)];
}

const MODELS = ['gpt-4o', 'claude-sonnet-4', 'gemini-2.5-flash', 'llama-3.3-70b', 'mistral-large'];
/** USD per 1k tokens, input and output, roughly list prices. */
const PRICES: Record<string, [number, number]> = {
  'gpt-4o': [0.0025, 0.01],
  'claude-sonnet-4': [0.003, 0.015],
  'gemini-2.5-flash': [0.0003, 0.0025],
  'llama-3.3-70b': [0.0006, 0.0006],
  'mistral-large': [0.002, 0.006],
};

export interface DemoMetricSeries {
  initiativeId: number;
  metric: CanonicalMetric;
  dims: Record<string, string>;
  /** Unix seconds, ascending. */
  ts: number[];
  values: number[];
}

export interface DemoMetrics {
  series: DemoMetricSeries[];
  slos: Array<{ initiative_id: number; kind: string; threshold: number }>;
}

/** The history of each picked initiative; `nowIso` is the demo's now (its newest stamp). */
export function generateDemoMetrics(initiatives: readonly InitiativeRecord[], nowIso: string): DemoMetrics {
  const nowSec = Math.floor(Date.parse(nowIso) / 1000);
  const end = nowSec - (nowSec % HOUR);
  const start = end - HISTORY_DAYS * DAY + STEP;
  const steps = (HISTORY_DAYS * DAY) / STEP;
  const picked = pickDemoMetricInitiatives(initiatives);
  const series: DemoMetricSeries[] = [];
  const slos: DemoMetrics['slos'] = [];
  picked.forEach((init, k) => {
    const r = streamOf(init);
    const production = phaseNumber(init.phase as PhaseId) >= 5;
    const model = MODELS[(init.id + k) % MODELS.length]!;
    const team = init.business_unit || 'Unassigned';
    const dims = { model, team };
    const [pin, pout] = PRICES[model]!;
    // Peak hourly requests: production traffic is two orders above a pilot's.
    const peak = production ? r.int(400, 4000) : r.int(10, 80);
    const growth = production ? 0.3 + r.next() * 0.6 : r.next() * 1.5; // over the 90 days
    const inTok = r.int(600, 2500);
    const outTok = r.int(150, 700);
    // The first two picked ones creep: tokens per request rise by 35–60 % over the last 28 days.
    const creep = k < 2 ? 0.35 + r.next() * 0.25 : 0;
    const creepFrom = end - 28 * DAY;
    const p50 = 0.6 + r.next() * 1.4;
    const baseErr = 0.002 + r.next() * 0.01;
    // Every third one has a latency incident of 3–9 hours, 5–40 days ago.
    const incidentAt = k % 3 === 0 ? end - r.int(5, 40) * DAY + r.int(3, 5) * STEP : -1;
    const incidentLen = r.int(1, 3) * STEP;
    const quality = 0.72 + r.next() * 0.18;
    const qualityDrift = (r.next() - 0.6) * 0.08;

    const cols: Record<'requests' | 'input_tokens' | 'output_tokens' | 'spend_usd' | 'p50' | 'p95' | 'err', number[]> =
      { requests: [], input_tokens: [], output_tokens: [], spend_usd: [], p50: [], p95: [], err: [] };
    const ts: number[] = [];
    for (let h = 0; h < steps; h++) {
      const t = start + h * STEP;
      const date = new Date(t * 1000);
      const hourOfDay = date.getUTCHours();
      const dow = date.getUTCDay();
      const frac = h / steps;
      const diurnal = 0.15 + 0.85 * Math.max(0, Math.sin(((hourOfDay - 6) / 14) * Math.PI)) ** 1.5;
      const weekly = dow === 0 || dow === 6 ? 0.35 : 1;
      const noise = 0.85 + r.next() * 0.3;
      const req = Math.max(0, Math.round((STEP / HOUR) * peak * (1 + growth * frac) * diurnal * weekly * noise));
      const c = creep > 0 && t >= creepFrom ? 1 + (creep * (t - creepFrom)) / (end - creepFrom) : 1;
      const tin = Math.round(req * inTok * c * (0.9 + r.next() * 0.2));
      const tout = Math.round(req * outTok * c * (0.9 + r.next() * 0.2));
      const incident = incidentAt >= 0 && t >= incidentAt && t < incidentAt + incidentLen;
      const load = 1 + 0.25 * diurnal;
      const lat50 = p50 * load * (0.92 + r.next() * 0.16) * (incident ? 2.5 : 1);
      ts.push(t);
      cols.requests.push(req);
      cols.input_tokens.push(tin);
      cols.output_tokens.push(tout);
      cols.spend_usd.push(Math.round(((tin / 1000) * pin + (tout / 1000) * pout) * 10_000) / 10_000);
      cols.p50.push(Math.round(lat50 * 1000) / 1000);
      cols.p95.push(Math.round(lat50 * (2.2 + r.next() * 0.6) * (incident ? 2 : 1) * 1000) / 1000);
      cols.err.push(Math.round(Math.min(1, baseErr * (0.5 + r.next()) * (incident ? 12 : 1)) * 100_000) / 100_000);
    }
    const add = (metric: CanonicalMetric, values: number[], t = ts) =>
      series.push({ initiativeId: init.id, metric, dims, ts: t, values });
    add('requests', cols.requests);
    add('input_tokens', cols.input_tokens);
    add('output_tokens', cols.output_tokens);
    add('spend_usd', cols.spend_usd);
    add('latency_p50_s', cols.p50);
    add('latency_p95_s', cols.p95);
    add('error_rate', cols.err);
    // A nightly evaluation run: one score a day.
    const days: number[] = [];
    const scores: number[] = [];
    for (let d = 0; d < HISTORY_DAYS; d++) {
      const t = end - (HISTORY_DAYS - 1 - d) * DAY - 20 * HOUR;
      if (t < start) continue;
      days.push(t);
      const q = quality + qualityDrift * (d / HISTORY_DAYS) + (r.next() - 0.5) * 0.03;
      scores.push(Math.round(Math.min(1, Math.max(0, q)) * 1000) / 1000);
    }
    add('quality_score', scores, days);
    // SLOs on the production ones: latency and errors from their normal level, cost per request near today's.
    if (production) {
      slos.push({ initiative_id: init.id, kind: 'latency_p95', threshold: Math.round(p50 * 3.5 * 10) / 10 });
      slos.push({ initiative_id: init.id, kind: 'error_rate', threshold: 0.05 });
      const cpr = ((inTok / 1000) * pin + (outTok / 1000) * pout) * 1.15;
      slos.push({ initiative_id: init.id, kind: 'cost_per_request', threshold: Math.round(cpr * 1e5) / 1e5 });
    }
  });
  return { series, slos };
}

const ROWS_PER_INSERT = 100;

/** Flat multi-row inserts: `width` values per row, ROWS_PER_INSERT rows per statement. */
function bulk(db: Db, head: string, width: number, values: number[]): void {
  const tuple = `(${new Array<string>(width).fill('?').join(', ')})`;
  const sql = (n: number) => `${head} VALUES ${new Array<string>(n).fill(tuple).join(', ')}`;
  const per = ROWS_PER_INSERT * width;
  const full = db.prepare<unknown[]>(sql(ROWS_PER_INSERT));
  let i = 0;
  for (; i + per <= values.length; i += per) full.run(values.slice(i, i + per));
  if (i < values.length) db.prepare<unknown[]>(sql((values.length - i) / width)).run(values.slice(i));
}

/** Writes the demo history (inside writeDemo's transaction): series, samples, day roll-ups, SLOs. */
export function insertDemoMetrics(db: Db, initiatives: readonly InitiativeRecord[], nowIso: string): number {
  const { series, slos } = generateDemoMetrics(initiatives, nowIso);
  const insertSeries = db.prepare(
    `INSERT INTO metric_series (initiative_id, connection_id, metric, dims, source, first_ts, last_ts)
     VALUES (?, NULL, ?, ?, 'demo', ?, ?)`,
  );
  const samples: number[] = [];
  const rollups: number[] = [];
  let count = 0;
  for (const s of series) {
    if (s.ts.length === 0) continue;
    const dims = JSON.stringify(Object.fromEntries(Object.entries(s.dims).sort(([a], [b]) => a.localeCompare(b))));
    const id = Number(
      insertSeries.run(s.initiativeId, s.metric, dims, s.ts[0]!, s.ts[s.ts.length - 1]!).lastInsertRowid,
    );
    let day = -1;
    let n = 0;
    let sum = 0;
    let min = 0;
    let max = 0;
    let last = 0;
    const flushDay = () => {
      if (n > 0) rollups.push(id, DAY, day, n, sum, min, max, last);
    };
    for (let k = 0; k < s.ts.length; k++) {
      const t = s.ts[k]!;
      const v = s.values[k]!;
      samples.push(id, t, v);
      const d = t - (t % DAY);
      if (d !== day) {
        flushDay();
        day = d;
        n = 0;
        sum = 0;
        min = v;
        max = v;
      }
      n++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
      last = v;
    }
    flushDay();
    count += s.ts.length;
  }
  bulk(db, 'INSERT INTO metric_samples (series_id, ts, value)', 3, samples);
  bulk(db, 'INSERT INTO metric_rollups (series_id, level, bucket, n, sum, min, max, last)', 8, rollups);
  const upd = nowIso;
  const insertSlo = db.prepare('INSERT INTO slos (initiative_id, kind, threshold, updated_at) VALUES (?, ?, ?, ?)');
  for (const o of slos) insertSlo.run(o.initiative_id, o.kind, o.threshold, upd);
  return count;
}
