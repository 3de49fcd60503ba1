import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_CASES, fixture, startLangfuseMock, type MockApiServer } from '../../testing/mockApiServer';
import {
  ConnectorError,
  type BindingTarget,
  type ConnectionTarget,
  type PollContext,
  type SampleBatch,
} from '../types';
import { langfuseConnector } from './langfuse';

const PK = 'pk-lf-1234567890';
const SECRET = 'sk-lf-9a8b7c6d5e4f3210';
const BASIC = Buffer.from(`${PK}:${SECRET}`).toString('base64');
const NOW = Date.UTC(2026, 10, 21, 10, 0, 0) / 1000;
const NOV20 = Date.UTC(2026, 10, 20) / 1000;
const NOV21 = Date.UTC(2026, 10, 21) / 1000;

let api: MockApiServer;
beforeEach(async () => {
  api = await startLangfuseMock(PK, SECRET);
});
afterEach(() => api.close());

function target(over: Partial<ConnectionTarget> = {}): ConnectionTarget {
  return {
    id: 3,
    kind: 'langfuse',
    name: 'Langfuse',
    baseUrl: api.url,
    authKind: 'basic',
    username: PK,
    secret: SECRET,
    timeoutMs: 1_000,
    pollIntervalSec: 1800,
    ...over,
  };
}

function binding(initiativeId: number, selector: Record<string, string> = {}): BindingTarget {
  return { bindingId: initiativeId, initiativeId, preset: null, selector, detected: {} };
}

function ctx(bindings: BindingTarget[], over: Partial<PollContext> = {}): PollContext {
  return { target: target(), bindings, since: null, now: NOW, signal: new AbortController().signal, ...over };
}

function series(batches: SampleBatch[], metric: string, dims: Record<string, string> = {}) {
  const found = batches.filter((b) => b.metric === metric && JSON.stringify(b.dims) === JSON.stringify(dims));
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.points;
}

interface SentQuery {
  view: string;
  dimensions: Array<{ field: string }>;
  filters: unknown[];
  timeDimension: unknown;
  fromTimestamp: string;
  toTimestamp: string;
}
const sentQueries = (path: string) => api.seen(path).map((r) => JSON.parse(r.query.query ?? '{}') as SentQuery);

async function pollError(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected the poll to fail');
}

describe('langfuse poll', () => {
  it('maps metrics rows to canonical values: totals, per model, latency ms → s, scores per name', async () => {
    const r = await langfuseConnector.poll(ctx([binding(1)]));
    expect(r.cursor).toBe(NOV21);
    for (const b of r.batches) expect(b).toMatchObject({ initiativeId: 1, family: 'langfuse' });
    expect(series(r.batches, 'requests')).toEqual([
      [NOV20, 8212],
      [NOV21, 1884],
    ]);
    expect(series(r.batches, 'spend_usd')).toEqual([
      [NOV20, 39.8811 + 118.5402],
      [NOV21, 12.0388],
    ]);
    expect(series(r.batches, 'latency_p95_s', { model: 'gpt-4o' })).toEqual([
      [NOV20, 2904 / 1000],
      [NOV21, 2850.5 / 1000],
    ]);
    expect(series(r.batches, 'latency_p50_s', { model: 'claude-3-5-sonnet-20241022' })).toEqual([[NOV20, 5210 / 1000]]);
    expect(series(r.batches, 'requests', { model: 'claude-3-5-sonnet-20241022' })).toEqual([[NOV20, 2012]]);
    expect(series(r.batches, 'quality_score', { score: 'hallucination' })).toEqual([
      [NOV20, 0.061],
      [NOV21, 0.142],
    ]);
    expect(series(r.batches, 'quality_score', { score: 'answer_relevance' })).toEqual([[NOV20, 0.874]]);
    // The recorded rows have only total tokens: no input/output series is made up from them.
    expect(r.batches.some((b) => b.metric === 'input_tokens' || b.metric === 'output_tokens')).toBe(false);
  });

  it('sends three day-grained queries to v2 with basic auth and the binding as filters', async () => {
    const selector = {
      tags: 'initiative:support-bot-pilot',
      traceName: 'support-answer',
      environment: 'production',
      model: 'gpt-4o',
    };
    await langfuseConnector.poll(ctx([binding(1, selector)]));
    expect(api.seen('/api/public/metrics')).toHaveLength(0);
    expect(api.seen('/api/public/v2/metrics').every((r) => r.headers.authorization === `Basic ${BASIC}`)).toBe(true);
    const [totals, byModel, scores] = sentQueries('/api/public/v2/metrics');
    expect(totals).toMatchObject({
      view: 'observations',
      dimensions: [],
      timeDimension: { granularity: 'day' },
      fromTimestamp: '2026-10-22T00:00:00.000Z',
      toTimestamp: '2026-11-21T10:00:00.000Z',
    });
    expect(totals?.filters).toEqual([
      { column: 'tags', operator: 'any of', value: ['initiative:support-bot-pilot'], type: 'arrayOptions' },
      { column: 'traceName', operator: '=', value: 'support-answer', type: 'string' },
      { column: 'environment', operator: '=', value: 'production', type: 'string' },
      { column: 'providedModelName', operator: '=', value: 'gpt-4o', type: 'string' },
    ]);
    expect(byModel?.dimensions).toEqual([{ field: 'providedModelName' }]);
    expect(scores).toMatchObject({ view: 'scores-numeric', dimensions: [{ field: 'name' }] });
    expect(scores?.filters).toContainEqual({
      column: 'observationModelName',
      operator: '=',
      value: 'gpt-4o',
      type: 'string',
    });
  });

  it('falls back to v1 metrics once when v2 answers 404, and keeps using v1 for the poll', async () => {
    await api.close();
    api = await startLangfuseMock(PK, SECRET, { v2Metrics: false });
    const r = await langfuseConnector.poll(ctx([binding(1), binding(2)], { target: target() }));
    expect(api.seen('/api/public/v2/metrics')).toHaveLength(1);
    expect(api.seen('/api/public/metrics')).toHaveLength(6);
    expect(
      series(
        r.batches.filter((b) => b.initiativeId === 2),
        'requests',
      ),
    ).toEqual([
      [NOV20, 8212],
      [NOV21, 1884],
    ]);
  });

  it('refuses a selector key it cannot filter on, before any request', async () => {
    const e = await pollError(langfuseConnector.poll(ctx([binding(1, { userId: 'u-1' })])));
    expect(e.stage).toBe('query');
    expect(e.message).toContain('userId');
    expect(api.requests).toHaveLength(0);
  });

  it('429 keeps the server message and Retry-After', async () => {
    api.fault('/api/public/v2/metrics', {
      kind: 'rate_limited',
      retryAfter: 51840,
      body: fixture('langfuse-error-429.json'),
    });
    const e = await pollError(langfuseConnector.poll(ctx([binding(1)])));
    expect(e).toMatchObject({ stage: 'rate_limited', httpStatus: 429, retryAfterSec: 51840 });
  });

  it('shape errors name the endpoint and field', async () => {
    api.json('GET', '/api/public/v2/metrics', { rows: [] });
    const e = await pollError(langfuseConnector.poll(ctx([binding(1)])));
    expect(e.stage).toBe('shape');
    expect(e.message).toContain('GET /api/public/v2/metrics');
    expect(e.message).toContain('data');
    api.json('GET', '/api/public/v2/metrics', { data: [{ time_dimension: 'yesterday', count_count: '3' }] });
    const e2 = await pollError(langfuseConnector.poll(ctx([binding(1)])));
    expect(e2.stage).toBe('shape');
    expect(e2.message).toContain('time_dimension');
  });

  it('drops NaN and non-numeric strings without inventing zeros', async () => {
    api.json('GET', '/api/public/v2/metrics', {
      data: [
        { time_dimension: '2026-11-20T00:00:00.000Z', count_count: 'NaN', sum_totalCost: '2.5', p95_latency: null },
      ],
    });
    const r = await langfuseConnector.poll(ctx([binding(1)]));
    expect(series(r.batches, 'spend_usd')).toEqual([[NOV20, 2.5]]);
    expect(series(r.batches, 'requests')).toBeUndefined();
    expect(series(r.batches, 'latency_p95_s')).toBeUndefined();
  });

  it('no_secret without a secret; auth with a wrong one, never quoting it', async () => {
    const e = await pollError(langfuseConnector.poll(ctx([binding(1)], { target: target({ secret: null }) })));
    expect(e.stage).toBe('no_secret');
    const wrong = 'sk-lf-wrong-000011112222';
    const e2 = await pollError(langfuseConnector.poll(ctx([binding(1)], { target: target({ secret: wrong }) })));
    expect(e2).toMatchObject({ stage: 'auth', httpStatus: 401 });
    expect(e2.message).toContain('Invalid credentials');
    expect(e2.message).not.toContain(wrong);
  });

  it('the secret appears nowhere in a result', async () => {
    const r = await langfuseConnector.poll(ctx([binding(1, { tags: 'initiative:x' })]));
    const text = JSON.stringify(r);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(BASIC);
  });

  for (const c of FAULT_CASES) {
    it(`fault: ${c.name} → ${c.stage}`, async () => {
      api.fault('/api/public/v2/metrics', c.fault);
      const e = await pollError(
        langfuseConnector.poll(ctx([binding(1)], { target: target({ timeoutMs: c.timeoutMs }) })),
      );
      expect(e.stage).toBe(c.stage);
      if (c.retryAfterSec !== undefined) expect(e.retryAfterSec).toBe(c.retryAfterSec);
      expect(e.message).not.toContain(SECRET);
    });
  }
});

describe('langfuse test()', () => {
  it('health, then both metrics views; version and sample names reported', async () => {
    const d = await langfuseConnector.test(target());
    expect(d).toMatchObject({ ok: true, stage: 'ok', version: '3.110.0' });
    expect(d.samples).toEqual(['gpt-4o', 'claude-3-5-sonnet-20241022', 'hallucination', 'answer_relevance']);
    expect(d.checks.map((c) => c.ok)).toEqual([true, true, true]);
    expect(d.checks[1]?.detail).toContain('/api/public/v2/metrics');
  });

  it('says when it fell back to v1', async () => {
    await api.close();
    api = await startLangfuseMock(PK, SECRET, { v2Metrics: false });
    const d = await langfuseConnector.test(target());
    expect(d.ok).toBe(true);
    expect(d.checks[1]?.detail).toMatch(/\/api\/public\/metrics \(v2 metrics not on this server: 404/);
    expect(d.message).toContain('metrics v1');
  });

  it('no_secret for a missing secret key or public key', async () => {
    expect(await langfuseConnector.test(target({ secret: null }))).toMatchObject({ ok: false, stage: 'no_secret' });
    const d = await langfuseConnector.test(target({ username: null }));
    expect(d).toMatchObject({ ok: false, stage: 'no_secret' });
    expect(d.message).toContain('public key');
    expect(api.seen('/api/public/v2/metrics')).toHaveLength(0);
  });

  it('a wrong key pair is an auth failure with the server message', async () => {
    const d = await langfuseConnector.test(target({ secret: 'sk-lf-wrong-000011112222' }));
    expect(d).toMatchObject({ ok: false, stage: 'auth', httpStatus: 401, version: '3.110.0' });
    expect(d.message).toContain('Invalid credentials');
    expect(JSON.stringify(d)).not.toContain('sk-lf-wrong-000011112222');
  });

  it('an unhealthy server (503) is a server error at the first step', async () => {
    api.json('GET', '/api/public/health', { status: 'DEGRADED' }, { public: true, status: 503 });
    const d = await langfuseConnector.test(target());
    expect(d).toMatchObject({ ok: false, stage: 'server_error', httpStatus: 503 });
    expect(d.checks).toHaveLength(1);
  });

  for (const c of FAULT_CASES) {
    it(`fault: ${c.name} → ${c.stage}, never throws`, async () => {
      api.fault('*', c.fault);
      const d = await langfuseConnector.test(target({ timeoutMs: c.timeoutMs }));
      expect(d).toMatchObject({ ok: false, stage: c.stage });
      expect(JSON.stringify(d)).not.toContain(SECRET);
    });
  }
});
