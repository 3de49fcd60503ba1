// LiteLLM proxy over REST (live-apis.md §1.1): billing-grade daily spend, tokens, requests and failures from
// /user/daily/activity (or /team/daily/activity for a team binding), by day and model. Prometheus counters
// from the same proxy are the prometheus connector's business; this is the authoritative money.
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
  isoDay,
  looseNumber,
  missingSecret,
  num,
  parseShape,
  pollWindow,
  RequestMemo,
  runDiagnosis,
  secretStep,
} from './rest-common';

const PAGE_SIZE = 50;
/** A server that keeps saying "more pages" is not followed forever. */
const MAX_PAGES = 40;

const spendMetrics = z.object({
  spend: looseNumber,
  prompt_tokens: looseNumber,
  completion_tokens: looseNumber,
  api_requests: looseNumber,
  successful_requests: looseNumber,
  failed_requests: looseNumber,
});
type SpendMetrics = z.infer<typeof spendMetrics>;

const keyMetadata = z.record(z.string(), z.unknown()).nullish();
const breakdownEntry = z.object({
  metrics: spendMetrics,
  metadata: keyMetadata,
  api_key_breakdown: z.record(z.string(), z.object({ metrics: spendMetrics, metadata: keyMetadata })).nullish(),
});

const dailyActivity = z.object({
  results: z.array(
    z.object({
      date: z.string(),
      metrics: spendMetrics,
      breakdown: z
        .object({
          models: z.record(z.string(), breakdownEntry).nullish(),
          api_keys: z.record(z.string(), breakdownEntry).nullish(),
        })
        .nullish(),
    }),
  ),
  metadata: z.object({ page: looseNumber, total_pages: looseNumber, has_more: z.boolean().nullish() }).nullish(),
});
type DailyActivity = z.infer<typeof dailyActivity>;
type DayResult = DailyActivity['results'][number];

const readiness = z.object({
  status: z.string().nullish(),
  db: z.string().nullish(),
  litellm_version: z.string().nullish(),
});

export const LITELLM_SELECTOR_KEYS = ['team_id', 'tag', 'api_key', 'key_alias', 'model'] as const;

/** Which endpoint and server-side filters a binding's selector asks for. */
function activityRequest(selector: Record<string, string>): {
  path: string;
  query: Record<string, string | undefined>;
} {
  checkSelector('LiteLLM', selector, LITELLM_SELECTOR_KEYS);
  if (selector.team_id && selector.tag)
    throw new ConnectorError('query', 'A LiteLLM binding selects on team_id or on tag, not both');
  const filters = { model: selector.model, api_key: selector.api_key };
  if (selector.team_id) return { path: '/team/daily/activity', query: { team_ids: selector.team_id, ...filters } };
  if (selector.tag) return { path: '/tag/daily/activity', query: { tags: selector.tag, ...filters } };
  return { path: '/user/daily/activity', query: filters };
}

/** Every page of daily activity for [from, to] (UTC days, inclusive), in page order. */
async function fetchActivity(
  target: ConnectionTarget,
  path: string,
  query: Record<string, string | undefined>,
  from: number,
  to: number,
  signal: AbortSignal | undefined,
): Promise<DayResult[]> {
  const days: DayResult[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    checkAborted(signal);
    const res = await requestJson(target, path, {
      query: {
        ...query,
        start_date: isoDay(from),
        end_date: isoDay(to),
        page: String(page),
        page_size: String(PAGE_SIZE),
      },
      signal,
    });
    const body = parseShape(dailyActivity, res.data, `GET ${path}`);
    days.push(...body.results);
    const totalPages = num(body.metadata?.total_pages);
    const more = body.metadata?.has_more ?? (totalPages !== undefined && page < totalPages);
    if (!more || body.results.length === 0) break;
  }
  return days;
}

function sumMetrics(list: SpendMetrics[]): SpendMetrics | undefined {
  if (list.length === 0) return undefined;
  if (list.length === 1) return list[0];
  const out: Record<string, number | undefined> = {};
  for (const key of Object.keys(spendMetrics.shape) as Array<keyof SpendMetrics>) {
    const values = list.map((m) => num(m[key])).filter((v): v is number => v !== undefined);
    out[key] = values.length > 0 ? values.reduce((a, b) => a + b, 0) : undefined;
  }
  return out as SpendMetrics;
}

/**
 * The slice of one day that belongs to a binding: its total and its per-model figures. A key alias is not
 * a server-side filter of the daily endpoints, so it is applied to the per-key breakdown here; a model is
 * applied here too, so a server that ignores `model=` cannot hand another model's spend to the initiative.
 */
export function sliceDay(
  day: DayResult,
  selector: Record<string, string>,
): { total: SpendMetrics | undefined; byModel: Array<[string, SpendMetrics]> } {
  const alias = selector.key_alias;
  const models = Object.entries(day.breakdown?.models ?? {}).filter(([m]) => !selector.model || m === selector.model);
  const keyMatches = (meta: Record<string, unknown> | null | undefined) => meta?.key_alias === alias;

  let byModel: Array<[string, SpendMetrics]>;
  let total: SpendMetrics | undefined;
  if (alias) {
    byModel = models.flatMap(([m, e]) => {
      const sum = sumMetrics(
        Object.values(e.api_key_breakdown ?? {})
          .filter((k) => keyMatches(k.metadata))
          .map((k) => k.metrics),
      );
      return sum ? [[m, sum] as [string, SpendMetrics]] : [];
    });
    total = selector.model
      ? byModel[0]?.[1]
      : sumMetrics(
          Object.values(day.breakdown?.api_keys ?? {})
            .filter((k) => keyMatches(k.metadata))
            .map((k) => k.metrics),
        );
  } else {
    byModel = models.map(([m, e]) => [m, e.metrics]);
    total = selector.model ? byModel[0]?.[1] : day.metrics;
  }
  return { total, byModel };
}

function addMetrics(
  out: BatchBuilder,
  initiativeId: number,
  dims: Record<string, string>,
  ts: number,
  m: SpendMetrics,
) {
  const put = (metric: CanonicalMetric, v: unknown) => out.add(initiativeId, metric, dims, ts, v);
  put('requests', m.api_requests);
  put('input_tokens', m.prompt_tokens);
  put('output_tokens', m.completion_tokens);
  put('spend_usd', m.spend);
  const requests = num(m.api_requests);
  const failed = num(m.failed_requests);
  // No requests means no rate, not a rate of 0.
  if (requests !== undefined && requests > 0 && failed !== undefined) put('error_rate', failed / requests);
}

/** Maps fetched days to the binding's canonical series: an undimensioned total plus one series per model. */
export function mapActivity(days: DayResult[], binding: BindingTarget, from: number, to: number, out: BatchBuilder) {
  for (const day of days) {
    const ts = dayOf(day.date);
    if (ts === undefined || ts < from || ts > to) continue;
    const { total, byModel } = sliceDay(day, binding.selector);
    if (total) addMetrics(out, binding.initiativeId, {}, ts, total);
    for (const [model, m] of byModel) addMetrics(out, binding.initiativeId, { model }, ts, m);
  }
}

async function poll(ctx: PollContext): Promise<PollResult> {
  const missing = missingSecret(ctx.target);
  if (missing) throw missing;
  const { from, to, cursor } = pollWindow(ctx);
  const memo = new RequestMemo();
  const out = new BatchBuilder('litellm');
  // Every selector is checked before the first request: a poll fails whole or not at all.
  const plans = ctx.bindings.map((binding) => ({ binding, ...activityRequest(binding.selector) }));
  for (const { binding, path, query } of plans) {
    checkAborted(ctx.signal);
    const days = await memo.get(JSON.stringify([path, query]), () =>
      fetchActivity(ctx.target, path, query, from, to, ctx.signal),
    );
    mapActivity(days, binding, from, to, out);
  }
  return { batches: out.build(), cursor };
}

async function test(target: ConnectionTarget, signal?: AbortSignal) {
  let version: string | undefined;
  let samples: string[] = [];
  let dayCount = 0;
  const today = Math.floor(Date.now() / 1000 / DAY_SEC) * DAY_SEC;
  return runDiagnosis(
    [
      {
        name: 'GET /health/readiness',
        run: async () => {
          const res = await requestJson(target, '/health/readiness', { signal });
          const body = parseShape(readiness, res.data, 'GET /health/readiness');
          version = body.litellm_version ?? undefined;
          const db = body.db && body.db !== 'connected' ? `, database ${body.db}` : '';
          return `${res.status}, LiteLLM ${version ?? '(version not reported)'}${db}`;
        },
      },
      secretStep(target),
      {
        name: 'GET /user/daily/activity',
        run: async () => {
          const days = await fetchActivity(target, '/user/daily/activity', {}, today - DAY_SEC, today, signal);
          dayCount = days.length;
          samples = firstDistinct(days.flatMap((d) => Object.keys(d.breakdown?.models ?? {})));
          const models = samples.length > 0 ? `, models ${samples.join(', ')}` : ', no model traffic yet';
          return `200, ${days.length} day(s) of activity${models}`;
        },
      },
    ],
    () => ({ version, samples }),
    () => `Connected to LiteLLM ${version ?? ''}`.trim() + `: ${dayCount} day(s) of spend data readable with this key`,
  );
}

export const litellmConnector: Connector = { kind: 'litellm', test, poll };
