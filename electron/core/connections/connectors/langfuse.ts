// Langfuse over its public API (live-apis.md §2.3): cost, requests, tokens and latency percentiles from the
// metrics API (observations view), and quality from numeric scores averaged per score name and day (the
// scores-numeric view: one aggregate query instead of paging raw scores). Prefers /api/public/v2/metrics
// (Langfuse v4) and falls back to /api/public/metrics (v1) on 404; v1 is what self-hosted v3 servers have.
//
// Quota: Langfuse Cloud's Hobby plan allows 100 metrics calls a day. A poll makes 3 per binding (totals by
// day, by day × model, scores), so the poll interval, not this module, is what keeps within it.
import { z } from 'zod';
import type { CanonicalMetric } from '../../../../shared/domain/connections/metrics';
import { requestJson } from '../http';
import {
  ConnectorError,
  type BindingTarget,
  type ConnectionTarget,
  type Connector,
  type PollContext,
  type PollResult,
} from '../types';
import {
  BatchBuilder,
  checkAborted,
  checkSelector,
  dayOf,
  DAY_SEC,
  firstDistinct,
  looseNumber,
  missingSecret,
  num,
  parseShape,
  pollWindow,
  runDiagnosis,
  secretStep,
  type Step,
} from './rest-common';

const V2_PATH = '/api/public/v2/metrics';
const V1_PATH = '/api/public/metrics';
/** v2's maximum; days × models of one binding stays far below it. */
const ROW_LIMIT = 1000;

type View = 'observations' | 'scores-numeric';

interface Filter {
  column: string;
  operator: string;
  value: string | string[];
  type: 'string' | 'arrayOptions';
}

interface MetricsQuery {
  view: View;
  dimensions: Array<{ field: string }>;
  metrics: Array<{ measure: string; aggregation: string }>;
  filters: Filter[];
  /** Omitted (not null) for a query over the whole range: the documented queries leave it out. */
  timeDimension?: { granularity: 'day' };
  fromTimestamp: string;
  toTimestamp: string;
  config: { row_limit: number };
}

/** Selector key → filter, per view: the model column is named differently on observations and scores. */
export function filtersFor(view: View, selector: Record<string, string>): Filter[] {
  const out: Filter[] = [];
  for (const [key, value] of Object.entries(selector)) {
    if (key === 'tags' || key === 'tag')
      out.push({ column: 'tags', operator: 'any of', value: [value], type: 'arrayOptions' });
    else if (key === 'name' || key === 'traceName')
      out.push({ column: 'traceName', operator: '=', value, type: 'string' });
    else if (key === 'environment') out.push({ column: 'environment', operator: '=', value, type: 'string' });
    else if (key === 'model')
      out.push({
        column: view === 'observations' ? 'providedModelName' : 'observationModelName',
        operator: '=',
        value,
        type: 'string',
      });
  }
  return out;
}

const OBSERVATION_METRICS = [
  { measure: 'count', aggregation: 'count' },
  { measure: 'totalCost', aggregation: 'sum' },
  { measure: 'inputTokens', aggregation: 'sum' },
  { measure: 'outputTokens', aggregation: 'sum' },
  { measure: 'latency', aggregation: 'p50' },
  { measure: 'latency', aggregation: 'p95' },
];

function query(
  view: View,
  dimensions: string[],
  selector: Record<string, string>,
  from: number,
  to: number,
  byDay = true,
): MetricsQuery {
  return {
    view,
    dimensions: dimensions.map((field) => ({ field })),
    metrics: view === 'observations' ? OBSERVATION_METRICS : [{ measure: 'value', aggregation: 'avg' }],
    filters: filtersFor(view, selector),
    ...(byDay ? { timeDimension: { granularity: 'day' as const } } : {}),
    fromTimestamp: new Date(from * 1000).toISOString(),
    toTimestamp: new Date(to * 1000).toISOString(),
    config: { row_limit: ROW_LIMIT },
  };
}

const observationRow = z.object({
  time_dimension: z.string(),
  providedModelName: z.string().nullish(),
  count_count: looseNumber,
  sum_totalCost: looseNumber,
  sum_inputTokens: looseNumber,
  sum_outputTokens: looseNumber,
  p50_latency: looseNumber,
  p95_latency: looseNumber,
});
const scoreRow = z.object({
  time_dimension: z.string().optional(),
  name: z.string().nullish(),
  observationModelName: z.string().nullish(),
  avg_value: looseNumber,
});
const deprecation = z.object({ sunsetAt: z.string().nullish(), replacement: z.string().nullish() }).nullish();
const observationsResponse = z.object({ data: z.array(observationRow), _deprecation: deprecation });
const scoresResponse = z.object({ data: z.array(scoreRow), _deprecation: deprecation });

const health = z.object({ status: z.string(), version: z.string().nullish() });

/** Which metrics endpoint answered; decided by the first call of a poll or test, then kept for the rest. */
interface ApiChoice {
  path: typeof V2_PATH | typeof V1_PATH | null;
  /** Set when v2 answered 404 and v1 was used instead. */
  fellBack: boolean;
}

async function metricsCall<T>(
  target: ConnectionTarget,
  q: MetricsQuery,
  shape: z.ZodType<T>,
  api: ApiChoice,
  signal: AbortSignal | undefined,
): Promise<T> {
  checkAborted(signal);
  const call = async (path: string) =>
    parseShape(
      shape,
      (await requestJson(target, path, { query: { query: JSON.stringify(q) }, signal })).data,
      `GET ${path}`,
    );
  if (api.path !== null) return call(api.path);
  try {
    const out = await call(V2_PATH);
    api.path = V2_PATH;
    return out;
  } catch (e) {
    // v2 exists only on Langfuse v4; older servers answer 404 and have v1.
    if (!(e instanceof ConnectorError) || e.stage !== 'not_found') throw e;
    api.path = V1_PATH;
    api.fellBack = true;
    return call(V1_PATH);
  }
}

function putObservation(
  out: BatchBuilder,
  initiativeId: number,
  dims: Record<string, string>,
  ts: number,
  row: z.infer<typeof observationRow>,
) {
  const put = (metric: CanonicalMetric, v: unknown) => out.add(initiativeId, metric, dims, ts, v);
  put('requests', row.count_count);
  put('spend_usd', row.sum_totalCost);
  put('input_tokens', row.sum_inputTokens);
  put('output_tokens', row.sum_outputTokens);
  // Langfuse reports latency in milliseconds in the metrics API; canonical latency is seconds.
  const p50 = num(row.p50_latency);
  const p95 = num(row.p95_latency);
  if (p50 !== undefined) put('latency_p50_s', p50 / 1000);
  if (p95 !== undefined) put('latency_p95_s', p95 / 1000);
}

function rowDay(value: string, what: string): number {
  const ts = dayOf(value);
  if (ts === undefined)
    throw new ConnectorError('shape', `${what} sent an unreadable time_dimension "${value.slice(0, 40)}"`);
  return ts;
}

async function pollBinding(
  ctx: PollContext,
  binding: BindingTarget,
  window: { from: number; to: number },
  api: ApiChoice,
  out: BatchBuilder,
): Promise<void> {
  const { from, to } = window;
  const end = ctx.now;
  const id = binding.initiativeId;
  const inWindow = (ts: number) => ts >= from && ts <= to;

  const totals = await metricsCall(
    ctx.target,
    query('observations', [], binding.selector, from, end),
    observationsResponse,
    api,
    ctx.signal,
  );
  for (const row of totals.data) {
    const ts = rowDay(row.time_dimension, 'Langfuse metrics');
    if (inWindow(ts)) putObservation(out, id, {}, ts, row);
  }

  const byModel = await metricsCall(
    ctx.target,
    query('observations', ['providedModelName'], binding.selector, from, end),
    observationsResponse,
    api,
    ctx.signal,
  );
  for (const row of byModel.data) {
    const ts = rowDay(row.time_dimension, 'Langfuse metrics');
    // Observations without a model (spans, events) are in the totals; they make no model series.
    if (inWindow(ts) && row.providedModelName) putObservation(out, id, { model: row.providedModelName }, ts, row);
  }

  const scores = await metricsCall(
    ctx.target,
    query('scores-numeric', ['name'], binding.selector, from, end),
    scoresResponse,
    api,
    ctx.signal,
  );
  for (const row of scores.data) {
    if (!row.name) continue;
    if (row.time_dimension === undefined)
      throw new ConnectorError('shape', 'Langfuse metrics (scores-numeric) sent rows without time_dimension');
    const ts = rowDay(row.time_dimension, 'Langfuse metrics');
    if (inWindow(ts)) out.add(id, 'quality_score', { score: row.name }, ts, row.avg_value);
  }
}

export const LANGFUSE_SELECTOR_KEYS = ['tags', 'tag', 'traceName', 'name', 'environment', 'model'] as const;

async function poll(ctx: PollContext): Promise<PollResult> {
  for (const b of ctx.bindings) checkSelector('Langfuse', b.selector, LANGFUSE_SELECTOR_KEYS);
  const missing = missingSecret(ctx.target);
  if (missing) throw missing;
  const { from, to, cursor } = pollWindow(ctx);
  const api: ApiChoice = { path: null, fellBack: false };
  const out = new BatchBuilder('langfuse');
  for (const binding of ctx.bindings) await pollBinding(ctx, binding, { from, to }, api, out);
  return { batches: out.build(), cursor };
}

function deprecationNote(d: z.infer<typeof deprecation>): string {
  return d ? `; deprecated by the server${d.sunsetAt ? ` (sunset ${d.sunsetAt})` : ''}` : '';
}

async function test(target: ConnectionTarget, signal?: AbortSignal) {
  let version: string | undefined;
  let models: string[] = [];
  let scoreNames: string[] = [];
  const api: ApiChoice = { path: null, fellBack: false };
  const now = Math.floor(Date.now() / 1000);
  const from = now - 7 * DAY_SEC;
  const via = () => `${api.path ?? ''}${api.fellBack ? ' (v2 metrics not on this server: 404, using v1)' : ''}`;

  const publicKeyStep = (): Step | null =>
    target.authKind === 'basic' && !target.username
      ? {
          name: 'Public key',
          run: () =>
            Promise.reject(
              new ConnectorError('no_secret', `${target.name} needs the public key (pk-lf-…) as user name`),
            ),
        }
      : null;

  return runDiagnosis(
    [
      {
        name: 'GET /api/public/health',
        run: async () => {
          const res = await requestJson(target, '/api/public/health', { signal });
          const body = parseShape(health, res.data, 'GET /api/public/health');
          version = body.version ?? undefined;
          return `${res.status}, Langfuse ${version ?? '(version not reported)'}, status ${body.status}`;
        },
      },
      secretStep(target),
      publicKeyStep,
      {
        name: 'Metrics: observations by model',
        run: async () => {
          const r = await metricsCall(
            target,
            query('observations', ['providedModelName'], {}, from, now, false),
            observationsResponse.extend({ data: z.array(observationRow.partial({ time_dimension: true })) }),
            api,
            signal,
          );
          models = firstDistinct(r.data.flatMap((row) => (row.providedModelName ? [row.providedModelName] : [])));
          const list = models.length > 0 ? `models ${models.join(', ')}` : 'no model traffic in 7 days';
          return `GET ${via()} → 200, ${list}${deprecationNote(r._deprecation)}`;
        },
      },
      {
        name: 'Metrics: numeric scores',
        run: async () => {
          const r = await metricsCall(
            target,
            query('scores-numeric', ['name'], {}, from, now, false),
            scoresResponse,
            api,
            signal,
          );
          scoreNames = firstDistinct(r.data.flatMap((row) => (row.name ? [row.name] : [])));
          return `200, ${scoreNames.length > 0 ? `scores ${scoreNames.join(', ')}` : 'no numeric scores in 7 days'}`;
        },
      },
    ],
    () => ({ version, samples: [...models, ...scoreNames].slice(0, 8) }),
    () =>
      `Connected to Langfuse ${version ?? ''}`.trim() +
      ` through ${api.path === V1_PATH ? 'metrics v1' : 'metrics v2'}`,
  );
}

export const langfuseConnector: Connector = { kind: 'langfuse', test, poll };
