// OpenRouter over REST (live-apis.md §1.7): spend, requests and tokens per UTC day and model from
// /api/v1/activity, which covers the last 30 completed days and needs a management (provisioning) key.
// Today is never in it, so each poll re-reads the window and the newest complete day lands when OpenRouter
// publishes it (about 30 min after midnight UTC).
import { z } from 'zod';
import type { CanonicalMetric } from '../../../../shared/domain/connections/metrics';
import { requestJson } from '../http';
import type { ConnectionTarget, Connector, PollContext, PollResult } from '../types';
import {
  BatchBuilder,
  checkAborted,
  checkSelector,
  dayOf,
  firstDistinct,
  looseNumber,
  missingSecret,
  num,
  parseShape,
  pollWindow,
  RequestMemo,
  runDiagnosis,
  secretStep,
} from './rest-common';

const activityRow = z.object({
  date: z.string(),
  model: z.string(),
  model_permaslug: z.string().nullish(),
  usage: looseNumber,
  requests: looseNumber,
  prompt_tokens: looseNumber,
  completion_tokens: looseNumber,
});
type ActivityRow = z.infer<typeof activityRow>;
const activity = z.object({ data: z.array(activityRow) });

const keyInfo = z.object({
  data: z.object({
    label: z.string().nullish(),
    usage: looseNumber,
    limit: looseNumber,
    is_free_tier: z.boolean().nullish(),
  }),
});

/**
 * Users paste either the site (https://openrouter.ai) or the OpenAI-compatible base (…/api/v1); both mean
 * the same API.
 */
function withApiBase(target: ConnectionTarget): ConnectionTarget {
  return { ...target, baseUrl: target.baseUrl.replace(/\/api\/v1\/?$/, '') };
}

/** Server-side filters the activity endpoint takes; `model` is matched here on the rows. */
function activityQuery(selector: Record<string, string>): Record<string, string | undefined> {
  return { api_key_hash: selector.api_key_hash, user_id: selector.user_id };
}

async function fetchActivity(
  target: ConnectionTarget,
  query: Record<string, string | undefined>,
  signal: AbortSignal | undefined,
): Promise<ActivityRow[]> {
  checkAborted(signal);
  const res = await requestJson(target, '/api/v1/activity', { query, signal });
  return parseShape(activity, res.data, 'GET /api/v1/activity').data;
}

type Sums = Record<'usage' | 'requests' | 'prompt_tokens' | 'completion_tokens', number | undefined>;

function addRow(into: Map<number, Sums>, ts: number, row: ActivityRow) {
  const cur = into.get(ts) ?? {
    usage: undefined,
    requests: undefined,
    prompt_tokens: undefined,
    completion_tokens: undefined,
  };
  for (const k of ['usage', 'requests', 'prompt_tokens', 'completion_tokens'] as const) {
    const v = num(row[k]);
    // A field missing on every row of the day stays missing rather than becoming 0.
    if (v !== undefined) cur[k] = (cur[k] ?? 0) + v;
  }
  into.set(ts, cur);
}

export const OPENROUTER_SELECTOR_KEYS = ['model', 'api_key_hash', 'user_id'] as const;

async function poll(ctx: PollContext): Promise<PollResult> {
  for (const b of ctx.bindings) checkSelector('OpenRouter', b.selector, OPENROUTER_SELECTOR_KEYS);
  const missing = missingSecret(ctx.target);
  if (missing) throw missing;
  const target = withApiBase(ctx.target);
  const { from, to, cursor } = pollWindow(ctx);
  const memo = new RequestMemo();
  const out = new BatchBuilder('openrouter');
  for (const binding of ctx.bindings) {
    const query = activityQuery(binding.selector);
    const rows = await memo.get(JSON.stringify(query), () => fetchActivity(target, query, ctx.signal));
    const model = binding.selector.model;
    // One row per (day, model, provider endpoint): a model served by two providers is two rows to add up.
    const total = new Map<number, Sums>();
    const byModel = new Map<string, Map<number, Sums>>();
    for (const row of rows) {
      if (model && row.model !== model && row.model_permaslug !== model) continue;
      const ts = dayOf(row.date);
      if (ts === undefined || ts < from || ts > to) continue;
      addRow(total, ts, row);
      const m = byModel.get(row.model) ?? new Map<number, Sums>();
      addRow(m, ts, row);
      byModel.set(row.model, m);
    }
    const emit = (dims: Record<string, string>, days: Map<number, Sums>) => {
      for (const [ts, s] of days) {
        const put = (metric: CanonicalMetric, v: number | undefined) =>
          out.add(binding.initiativeId, metric, dims, ts, v);
        put('spend_usd', s.usage);
        put('requests', s.requests);
        put('input_tokens', s.prompt_tokens);
        put('output_tokens', s.completion_tokens);
      }
    };
    emit({}, total);
    for (const [m, days] of byModel) emit({ model: m }, days);
  }
  return { batches: out.build(), cursor };
}

async function test(raw: ConnectionTarget, signal?: AbortSignal) {
  const target = withApiBase(raw);
  let samples: string[] = [];
  let days = 0;
  return runDiagnosis(
    [
      secretStep(target),
      {
        name: 'GET /api/v1/key',
        run: async () => {
          const res = await requestJson(target, '/api/v1/key', { signal });
          const { data } = parseShape(keyInfo, res.data, 'GET /api/v1/key');
          const usage = num(data.usage);
          const limit = num(data.limit);
          const spent =
            usage !== undefined ? `, used $${usage.toFixed(2)}${limit !== undefined ? ` of $${limit}` : ''}` : '';
          return `${res.status}, key ${data.label ?? '(no label)'}${spent}`;
        },
      },
      {
        name: 'GET /api/v1/activity',
        run: async () => {
          const rows = await fetchActivity(target, {}, signal);
          samples = firstDistinct(rows.map((r) => r.model));
          days = new Set(rows.map((r) => r.date)).size;
          const models = samples.length > 0 ? `, models ${samples.join(', ')}` : ', no activity in the last 30 days';
          return `200, ${days} day(s)${models}`;
        },
      },
    ],
    () => ({ samples }),
    () => `Connected to OpenRouter: ${days} day(s) of activity readable with this key`,
  );
}

export const openrouterConnector: Connector = { kind: 'openrouter', test, poll };
