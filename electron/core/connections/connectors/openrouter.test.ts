import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAULT_CASES, startOpenRouterMock, type MockApiServer } from '../../testing/mockApiServer';
import {
  ConnectorError,
  type BindingTarget,
  type ConnectionTarget,
  type PollContext,
  type SampleBatch,
} from '../types';
import { openrouterConnector } from './openrouter';

const SECRET = 'sk-or-v1-mgmt-55aa66bb77cc';
const NOW = Date.UTC(2026, 10, 21, 10, 0, 0) / 1000;
const NOV20 = Date.UTC(2026, 10, 20) / 1000;
const NOV21 = Date.UTC(2026, 10, 21) / 1000;

let api: MockApiServer;
beforeEach(async () => {
  api = await startOpenRouterMock(SECRET);
});
afterEach(() => api.close());

function target(over: Partial<ConnectionTarget> = {}): ConnectionTarget {
  return {
    id: 5,
    kind: 'openrouter',
    name: 'OpenRouter',
    baseUrl: api.url,
    authKind: 'bearer',
    username: null,
    secret: SECRET,
    timeoutMs: 1_000,
    pollIntervalSec: 3600,
    ...over,
  };
}

function binding(initiativeId: number, selector: Record<string, string> = {}): BindingTarget {
  return { bindingId: initiativeId, initiativeId, preset: null, selector, detected: {} };
}

function ctx(bindings: BindingTarget[], over: Partial<PollContext> = {}): PollContext {
  return { target: target(), bindings, since: null, now: NOW, signal: new AbortController().signal, ...over };
}

function series(batches: SampleBatch[], initiativeId: number, metric: string, dims: Record<string, string> = {}) {
  const found = batches.filter(
    (b) => b.initiativeId === initiativeId && b.metric === metric && JSON.stringify(b.dims) === JSON.stringify(dims),
  );
  expect(found.length).toBeLessThanOrEqual(1);
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

describe('openrouter poll', () => {
  it('maps activity rows to spend, requests and tokens per day, total and per model', async () => {
    const r = await openrouterConnector.poll(ctx([binding(1)]));
    expect(r.cursor).toBe(NOV21);
    for (const b of r.batches) expect(b.family).toBe('openrouter');
    expect(series(r.batches, 1, 'spend_usd')).toEqual([[NOV20, 39.8811 + 118.5402]]);
    expect(series(r.batches, 1, 'requests')).toEqual([[NOV20, 8212]]);
    expect(series(r.batches, 1, 'input_tokens')).toEqual([[NOV20, 28212300]]);
    expect(series(r.batches, 1, 'output_tokens')).toEqual([[NOV20, 5785142]]);
    expect(series(r.batches, 1, 'spend_usd', { model: 'openai/gpt-4o' })).toEqual([[NOV20, 39.8811]]);
    expect(series(r.batches, 1, 'requests', { model: 'anthropic/claude-3.5-sonnet' })).toEqual([[NOV20, 2012]]);
    // No latency, errors or quality from this API.
    expect(new Set(r.batches.map((b) => b.metric))).toEqual(
      new Set(['spend_usd', 'requests', 'input_tokens', 'output_tokens']),
    );
    const [req] = api.seen('/api/v1/activity');
    expect(req?.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('a model binding takes only its rows (by slug or permaslug); bindings share one request', async () => {
    const r = await openrouterConnector.poll(
      ctx([binding(1, { model: 'anthropic/claude-3.5-sonnet' }), binding(2, { model: 'openai/gpt-4o-2024-08-06' })]),
    );
    expect(api.seen('/api/v1/activity')).toHaveLength(1);
    expect(series(r.batches, 1, 'spend_usd')).toEqual([[NOV20, 118.5402]]);
    expect(series(r.batches, 2, 'spend_usd')).toEqual([[NOV20, 39.8811]]);
    expect(series(r.batches, 2, 'spend_usd', { model: 'anthropic/claude-3.5-sonnet' })).toBeUndefined();
  });

  it('adds up one model served by several providers; drops NaN; keeps absent fields absent', async () => {
    const row = { date: '2026-11-19', model: 'meta/llama', usage: '1.5', requests: 10, prompt_tokens: 100 };
    api.json('GET', '/api/v1/activity', {
      data: [row, { ...row, usage: 2, requests: 'NaN', prompt_tokens: 50 }, { ...row, date: '2026-09-01' }],
    });
    const r = await openrouterConnector.poll(ctx([binding(1)]));
    const day = NOV20 - 86_400;
    expect(series(r.batches, 1, 'spend_usd')).toEqual([[day, 3.5]]);
    expect(series(r.batches, 1, 'requests')).toEqual([[day, 10]]);
    expect(series(r.batches, 1, 'input_tokens', { model: 'meta/llama' })).toEqual([[day, 150]]);
    expect(series(r.batches, 1, 'output_tokens')).toBeUndefined();
  });

  it('passes api_key_hash and user_id to the server; refuses other selector keys', async () => {
    await openrouterConnector.poll(ctx([binding(1, { api_key_hash: 'abc123', user_id: 'u-9' })]));
    expect(api.seen('/api/v1/activity')[0]?.query).toEqual({ api_key_hash: 'abc123', user_id: 'u-9' });
    const e = await pollError(openrouterConnector.poll(ctx([binding(1, { team: 'x' })])));
    expect(e.stage).toBe('query');
    expect(api.requests).toHaveLength(1);
  });

  it('keeps to the window from `since`', async () => {
    const r = await openrouterConnector.poll(ctx([binding(1)], { since: NOV21 }));
    expect(r.batches).toEqual([]);
    expect(r.cursor).toBe(NOV21);
  });

  it('accepts the OpenAI-style base URL ending in /api/v1', async () => {
    const r = await openrouterConnector.poll(ctx([binding(1)], { target: target({ baseUrl: `${api.url}/api/v1` }) }));
    expect(r.batches.length).toBeGreaterThan(0);
    expect(api.requests.map((q) => q.path)).toEqual(['/api/v1/activity']);
  });

  it('a key that is not a management key: auth, with OpenRouter’s reason', async () => {
    await api.close();
    api = await startOpenRouterMock(SECRET, { managementKey: false });
    const e = await pollError(openrouterConnector.poll(ctx([binding(1)], { target: target() })));
    expect(e).toMatchObject({ stage: 'auth', httpStatus: 403 });
    expect(e.message).toContain('Only management keys can fetch activity');
  });

  it('shape: rows without a model', async () => {
    api.json('GET', '/api/v1/activity', { data: [{ date: '2026-11-20', usage: 1 }] });
    const e = await pollError(openrouterConnector.poll(ctx([binding(1)])));
    expect(e.stage).toBe('shape');
    expect(e.message).toContain('GET /api/v1/activity');
    expect(e.message).toContain('data.0.model');
  });

  it('no_secret without a key', async () => {
    const e = await pollError(openrouterConnector.poll(ctx([binding(1)], { target: target({ secret: null }) })));
    expect(e.stage).toBe('no_secret');
    expect(api.requests).toHaveLength(0);
  });

  for (const c of FAULT_CASES) {
    it(`fault: ${c.name} → ${c.stage}`, async () => {
      api.fault('/api/v1/activity', c.fault);
      const e = await pollError(
        openrouterConnector.poll(ctx([binding(1)], { target: target({ timeoutMs: c.timeoutMs }) })),
      );
      expect(e.stage).toBe(c.stage);
      if (c.retryAfterSec !== undefined) expect(e.retryAfterSec).toBe(c.retryAfterSec);
      expect(e.message).not.toContain(SECRET);
    });
  }
});

describe('openrouter test()', () => {
  it('checks the key, then the activity; samples are model names', async () => {
    const d = await openrouterConnector.test(target());
    expect(d).toMatchObject({ ok: true, stage: 'ok', samples: ['openai/gpt-4o', 'anthropic/claude-3.5-sonnet'] });
    expect(d.checks.map((c) => c.name)).toEqual(['GET /api/v1/key', 'GET /api/v1/activity']);
    expect(d.checks[0]?.detail).toBe('200, key sk-or-v1-abc...d3f, used $112.01 of $200');
  });

  it('an inference key passes the key check and fails at activity with the reason', async () => {
    await api.close();
    api = await startOpenRouterMock(SECRET, { managementKey: false });
    const d = await openrouterConnector.test(target());
    expect(d).toMatchObject({ ok: false, stage: 'auth', httpStatus: 403 });
    expect(d.checks.map((c) => c.ok)).toEqual([true, false]);
    expect(d.message).toContain('management keys');
  });

  it('no_secret before any request', async () => {
    const d = await openrouterConnector.test(target({ secret: null }));
    expect(d).toMatchObject({ ok: false, stage: 'no_secret' });
    expect(api.requests).toHaveLength(0);
  });

  it('a wrong key is an auth failure that never quotes the key', async () => {
    const d = await openrouterConnector.test(target({ secret: 'sk-or-v1-wrong-9999' }));
    expect(d).toMatchObject({ ok: false, stage: 'auth', httpStatus: 401 });
    expect(JSON.stringify(d)).not.toContain('sk-or-v1-wrong-9999');
  });

  for (const c of FAULT_CASES) {
    it(`fault: ${c.name} → ${c.stage}, never throws`, async () => {
      api.fault('*', c.fault);
      const d = await openrouterConnector.test(target({ timeoutMs: c.timeoutMs }));
      expect(d).toMatchObject({ ok: false, stage: c.stage });
      expect(JSON.stringify(d)).not.toContain(SECRET);
    });
  }
});
