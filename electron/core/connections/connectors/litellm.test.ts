import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_CASES, fixture, startLiteLlmMock, type MockApiServer } from '../../testing/mockApiServer';
import {
  ConnectorError,
  type BindingTarget,
  type ConnectionTarget,
  type PollContext,
  type SampleBatch,
} from '../types';
import { litellmConnector } from './litellm';

const SECRET = 'sk-master-4c1e8f0a9b2d7e63';
const NOW = Date.UTC(2026, 10, 21, 10, 0, 0) / 1000;
const NOV20 = Date.UTC(2026, 10, 20) / 1000;
const NOV21 = Date.UTC(2026, 10, 21) / 1000;

let api: MockApiServer;
beforeEach(async () => {
  api = await startLiteLlmMock(SECRET);
});
afterEach(() => api.close());

function target(over: Partial<ConnectionTarget> = {}): ConnectionTarget {
  return {
    id: 7,
    kind: 'litellm',
    name: 'LiteLLM prod',
    baseUrl: api.url,
    authKind: 'bearer',
    username: null,
    secret: SECRET,
    timeoutMs: 1_000,
    pollIntervalSec: 600,
    ...over,
  };
}

function binding(initiativeId: number, selector: Record<string, string>): BindingTarget {
  return { bindingId: initiativeId * 10, initiativeId, preset: null, selector, detected: {} };
}

function ctx(bindings: BindingTarget[], over: Partial<PollContext> = {}): PollContext {
  return { target: target(), bindings, since: null, now: NOW, signal: new AbortController().signal, ...over };
}

/** One series' points, found by initiative, metric and dims. */
function series(batches: SampleBatch[], initiativeId: number, metric: string, dims: Record<string, string> = {}) {
  const found = batches.filter(
    (b) => b.initiativeId === initiativeId && b.metric === metric && JSON.stringify(b.dims) === JSON.stringify(dims),
  );
  expect(found.length, `${initiativeId}/${metric}/${JSON.stringify(dims)}`).toBeLessThanOrEqual(1);
  return found[0]?.points;
}

async function pollError(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected the poll to fail');
}

describe('litellm poll', () => {
  it('maps the daily activity fixture to exact canonical values, total and per model', async () => {
    const r = await litellmConnector.poll(ctx([binding(1, {})]));
    expect(r.cursor).toBe(NOV21);
    for (const b of r.batches) expect(b.family).toBe('litellm');
    expect(series(r.batches, 1, 'requests')).toEqual([[NOV20, 12312]]);
    expect(series(r.batches, 1, 'input_tokens')).toEqual([[NOV20, 29750420]]);
    expect(series(r.batches, 1, 'output_tokens')).toEqual([[NOV20, 9362022]]);
    expect(series(r.batches, 1, 'spend_usd')).toEqual([[NOV20, 159.7887]]);
    expect(series(r.batches, 1, 'error_rate')).toEqual([[NOV20, 422 / 12312]]);
    expect(series(r.batches, 1, 'spend_usd', { model: 'gpt-4o' })).toEqual([[NOV20, 39.8811]]);
    expect(series(r.batches, 1, 'requests', { model: 'claude-3-5-sonnet' })).toEqual([[NOV20, 2012]]);
    expect(series(r.batches, 1, 'error_rate', { model: 'claude-3-5-sonnet' })).toEqual([[NOV20, 311 / 2012]]);
    expect(series(r.batches, 1, 'output_tokens', { model: 'text-embedding-3-small' })).toEqual([[NOV20, 0]]);
    // REST has no percentiles: latency is the prometheus connector's, never guessed from a mean.
    expect(r.batches.some((b) => b.metric.startsWith('latency'))).toBe(false);
    // 5 metrics × (total + 3 models)
    expect(r.batches).toHaveLength(20);
  });

  it('asks for whole UTC days from a 30-day backfill to today, with the bearer key', async () => {
    await litellmConnector.poll(ctx([binding(1, {})]));
    const [req] = api.seen('/user/daily/activity');
    expect(req?.query).toEqual({ start_date: '2026-10-22', end_date: '2026-11-21', page: '1', page_size: '50' });
    expect(req?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('starts at the day of `since` on later polls', async () => {
    await litellmConnector.poll(ctx([binding(1, {})], { since: NOV20 + 3600 }));
    expect(api.seen('/user/daily/activity')[0]?.query.start_date).toBe('2026-11-20');
  });

  it('slices by key alias from the per-key breakdown', async () => {
    const r = await litellmConnector.poll(ctx([binding(2, { key_alias: 'support-bot-prod' })]));
    expect(series(r.batches, 2, 'spend_usd')).toEqual([[NOV20, 41.2073]]);
    expect(series(r.batches, 2, 'requests')).toEqual([[NOV20, 6200]]);
    expect(series(r.batches, 2, 'error_rate')).toEqual([[NOV20, 98 / 6200]]);
    expect(series(r.batches, 2, 'input_tokens', { model: 'gpt-4o' })).toEqual([[NOV20, 7110300]]);
    // Models this key never used have no series (no invented zeros).
    expect(series(r.batches, 2, 'spend_usd', { model: 'claude-3-5-sonnet' })).toBeUndefined();
  });

  it('filters by model on the server and again on the breakdown', async () => {
    const r = await litellmConnector.poll(ctx([binding(3, { model: 'claude-3-5-sonnet' })]));
    expect(api.seen('/user/daily/activity')[0]?.query.model).toBe('claude-3-5-sonnet');
    expect(series(r.batches, 3, 'spend_usd')).toEqual([[NOV20, 118.5402]]);
    expect(series(r.batches, 3, 'spend_usd', { model: 'claude-3-5-sonnet' })).toEqual([[NOV20, 118.5402]]);
    expect(series(r.batches, 3, 'spend_usd', { model: 'gpt-4o' })).toBeUndefined();
  });

  it('uses /team/daily/activity for a team binding, and one request for bindings that need the same data', async () => {
    const r = await litellmConnector.poll(
      ctx([binding(1, {}), binding(2, { key_alias: 'support-bot-prod' }), binding(4, { team_id: 'team-support-bot' })]),
    );
    expect(api.seen('/user/daily/activity')).toHaveLength(1);
    expect(api.seen('/team/daily/activity')[0]?.query.team_ids).toBe('team-support-bot');
    expect(series(r.batches, 4, 'spend_usd')).toEqual([[NOV20, 159.7887]]);
  });

  it('uses /tag/daily/activity for a tag binding', async () => {
    await litellmConnector.poll(ctx([binding(5, { tag: 'initiative:support-bot' })]));
    expect(api.seen('/tag/daily/activity')[0]?.query.tags).toBe('initiative:support-bot');
  });

  it('refuses selectors it cannot apply, before any request, rather than hand over all spend', async () => {
    const e = await pollError(litellmConnector.poll(ctx([binding(1, {}), binding(2, { team_alias: 'support' })])));
    expect(e.stage).toBe('query');
    expect(e.message).toContain('team_alias');
    expect(e.message).toContain('key_alias');
    const e2 = await pollError(litellmConnector.poll(ctx([binding(2, { team_id: 't', tag: 'x' })])));
    expect(e2.stage).toBe('query');
    expect(api.requests).toHaveLength(0);
  });

  it('follows total_pages and stops there', async () => {
    const day = (fixture('litellm-user-daily-activity.json') as { results: unknown[] }).results[0] as {
      date: string;
    };
    const page = (date: string, n: number) => ({
      results: [{ ...day, date }],
      metadata: { page: n, total_pages: 2, has_more: n < 2 },
    });
    api.paged('/user/daily/activity', [page('2026-11-19', 1), page('2026-11-20', 2), page('2026-11-21', 3)]);
    const r = await litellmConnector.poll(ctx([binding(1, {})]));
    expect(api.seen('/user/daily/activity').map((q) => q.query.page)).toEqual(['1', '2']);
    expect(series(r.batches, 1, 'requests')).toEqual([
      [NOV20 - 86_400, 12312],
      [NOV20, 12312],
    ]);
  });

  it('coerces numeric strings, drops NaN and never invents an error rate for zero requests', async () => {
    api.json('GET', '/user/daily/activity', {
      results: [
        { date: '2026-11-19', metrics: { spend: '12.5', api_requests: '0', failed_requests: 0, prompt_tokens: 'NaN' } },
        { date: '2026-11-20', metrics: { spend: null, api_requests: 10, failed_requests: '2' } },
        { date: '2026-11-21', metrics: {} },
      ],
      metadata: { page: 1, total_pages: 1 },
    });
    const r = await litellmConnector.poll(ctx([binding(1, {})]));
    expect(series(r.batches, 1, 'spend_usd')).toEqual([[NOV20 - 86_400, 12.5]]);
    expect(series(r.batches, 1, 'requests')).toEqual([
      [NOV20 - 86_400, 0],
      [NOV20, 10],
    ]);
    expect(series(r.batches, 1, 'error_rate')).toEqual([[NOV20, 0.2]]);
    expect(series(r.batches, 1, 'input_tokens')).toBeUndefined();
  });

  it('a body of the wrong shape is a shape error naming the endpoint and field', async () => {
    api.json('GET', '/user/daily/activity', { results: [{ date: '2026-11-20', metrics: { spend: { usd: 1 } } }] });
    const e = await pollError(litellmConnector.poll(ctx([binding(1, {})])));
    expect(e.stage).toBe('shape');
    expect(e.message).toContain('GET /user/daily/activity');
    expect(e.message).toContain('results.0.metrics.spend');
    api.json('GET', '/user/daily/activity', { data: [] });
    const e2 = await pollError(litellmConnector.poll(ctx([binding(1, {})])));
    expect(e2.message).toContain('results');
  });

  it('a retry after a failure returns the same points, once each', async () => {
    const clean = await litellmConnector.poll(ctx([binding(1, {})]));
    api.fault('/user/daily/activity', { kind: 'status', status: 503 }, { times: 1 });
    const e = await pollError(litellmConnector.poll(ctx([binding(1, {})])));
    expect(e.stage).toBe('server_error');
    const retried = await litellmConnector.poll(ctx([binding(1, {})]));
    expect(retried).toEqual(clean);
    for (const b of retried.batches) expect(new Set(b.points.map((p) => p[0])).size).toBe(b.points.length);
  });

  it('no_secret without a key; auth with a wrong one, quoting the server but never the key', async () => {
    expect(
      (await pollError(litellmConnector.poll(ctx([binding(1, {})], { target: target({ secret: null }) })))).stage,
    ).toBe('no_secret');
    const wrong = 'sk-wrong-key-0000111122';
    const e = await pollError(litellmConnector.poll(ctx([binding(1, {})], { target: target({ secret: wrong }) })));
    expect(e).toMatchObject({ stage: 'auth', httpStatus: 401 });
    expect(e.message).toContain('Authentication Error');
    expect(e.message).not.toContain(wrong);
  });

  it('stops when cancelled', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const e = await pollError(litellmConnector.poll(ctx([binding(1, {})], { signal: ctrl.signal })));
    expect(e.stage).toBe('network');
    expect(api.requests).toHaveLength(0);
  });

  for (const c of FAULT_CASES) {
    it(`fault: ${c.name} → ${c.stage}`, async () => {
      api.fault('/user/daily/activity', c.fault);
      const e = await pollError(
        litellmConnector.poll(ctx([binding(1, {})], { target: target({ timeoutMs: c.timeoutMs }) })),
      );
      expect(e.stage).toBe(c.stage);
      if (c.httpStatus !== undefined) expect(e.httpStatus).toBe(c.httpStatus);
      if (c.retryAfterSec !== undefined) expect(e.retryAfterSec).toBe(c.retryAfterSec);
      expect(e.message).not.toContain(SECRET);
    });
  }
});

describe('litellm test()', () => {
  it('reports version, checks and model samples when all is well', async () => {
    const d = await litellmConnector.test(target());
    expect(d).toMatchObject({ ok: true, stage: 'ok', version: '1.80.0' });
    expect(d.samples).toEqual(['gpt-4o', 'claude-3-5-sonnet', 'text-embedding-3-small']);
    expect(d.checks.map((c) => [c.name, c.ok])).toEqual([
      ['GET /health/readiness', true],
      ['GET /user/daily/activity', true],
    ]);
    expect(d.checks[0]?.detail).toBe('200, LiteLLM 1.80.0');
    // Readiness is unauthenticated; the data call carries the key.
    expect(api.seen('/health/readiness')[0]?.authorized).toBe(true);
    expect(api.seen('/user/daily/activity')[0]?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('no_secret after the server answered, without calling the authenticated endpoint', async () => {
    const d = await litellmConnector.test(target({ secret: null }));
    expect(d).toMatchObject({ ok: false, stage: 'no_secret', version: '1.80.0' });
    expect(d.checks.map((c) => c.ok)).toEqual([true, false]);
    expect(api.seen('/user/daily/activity')).toHaveLength(0);
  });

  it('auth failure with the 401 body, never the key', async () => {
    const wrong = 'sk-wrong-key-0000111122';
    const d = await litellmConnector.test(target({ secret: wrong }));
    expect(d).toMatchObject({ ok: false, stage: 'auth', httpStatus: 401 });
    expect(JSON.stringify(d)).not.toContain(wrong);
  });

  it('404 wrong path when the base URL points elsewhere', async () => {
    const d = await litellmConnector.test(target({ baseUrl: `${api.url}/not-litellm` }));
    expect(d).toMatchObject({ ok: false, stage: 'not_found', httpStatus: 404 });
    expect(d.checks).toHaveLength(1);
  });

  for (const c of FAULT_CASES) {
    it(`fault: ${c.name} → ${c.stage}, never throws`, async () => {
      api.fault('*', c.fault);
      const d = await litellmConnector.test(target({ timeoutMs: c.timeoutMs }));
      expect(d.ok).toBe(false);
      expect(d.stage).toBe(c.stage);
      if (c.retryAfterSec !== undefined) expect(d.retryAfterSec).toBe(c.retryAfterSec);
      expect(d.checks.at(-1)?.ok).toBe(false);
      expect(JSON.stringify(d)).not.toContain(SECRET);
    });
  }

  it('fails at the data step when the activity has the wrong shape', async () => {
    api.json('GET', '/user/daily/activity', { results: 'nope' });
    const d = await litellmConnector.test(target());
    expect(d).toMatchObject({ ok: false, stage: 'shape', version: '1.80.0' });
    expect(d.message).toContain('results');
  });
});
