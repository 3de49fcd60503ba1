import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  FIXTURES_DIR,
  fixture,
  MockApiServer,
  startLangfuseMock,
  startLiteLlmMock,
  startSilentServer,
} from './mockApiServer';

let api: MockApiServer | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

/** A plain request, outside the code under test: status, content type and body. */
async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, text: await res.text() };
}

describe('MockApiServer', () => {
  it('finds the recorded fixtures kept in the repository', () => {
    expect(FIXTURES_DIR).toMatch(/electron\/core\/testing\/fixtures\/api$/);
    expect(fixture('langfuse-health.json')).toEqual({ status: 'OK', version: '3.110.0' });
  });

  it('serves routes, 404s the rest, and records what it saw', async () => {
    api = await MockApiServer.start();
    api.json('GET', '/a', { hello: 'world' });
    expect(await get(`${api.url}/a?x=1`, { 'x-test': 'yes' })).toMatchObject({
      status: 200,
      type: 'application/json',
      text: '{"hello":"world"}',
    });
    expect((await get(`${api.url}/nope`)).status).toBe(404);
    expect(api.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', '/a', { x: '1' }],
      ['GET', '/nope', {}],
    ]);
    expect(api.seen('/a')[0]?.headers['x-test']).toBe('yes');
  });

  it('checks bearer (or the alternative header) and basic auth; public routes skip it', async () => {
    api = await startLiteLlmMock('sk-1');
    expect((await get(`${api.url}/key/info`)).status).toBe(401);
    expect((await get(`${api.url}/key/info`, { authorization: 'Bearer sk-1' })).status).toBe(200);
    expect((await get(`${api.url}/key/info`, { 'x-litellm-api-key': 'sk-1' })).status).toBe(200);
    expect((await get(`${api.url}/health/readiness`)).status).toBe(200);
    const denied = await get(`${api.url}/key/info`, { authorization: 'Bearer sk-2' });
    expect(JSON.parse(denied.text)).toEqual(fixture('litellm-error-401.json'));
    expect(api.requests.map((r) => r.authorized)).toEqual([false, true, true, true, false]);
    await api.close();

    api = await startLangfuseMock('pk', 'sk');
    const basic = `Basic ${Buffer.from('pk:sk').toString('base64')}`;
    expect((await get(`${api.url}/api/public/v2/scores`, { authorization: basic })).status).toBe(200);
    expect((await get(`${api.url}/api/public/v2/scores`, { authorization: 'Basic eDp5' })).status).toBe(401);
  });

  it('pages by ?page= and 404s past the end', async () => {
    api = await MockApiServer.start();
    api.paged('/p', [{ n: 1 }, { n: 2 }]);
    expect((await get(`${api.url}/p`)).text).toBe('{"n":1}');
    expect((await get(`${api.url}/p?page=2`)).text).toBe('{"n":2}');
    expect((await get(`${api.url}/p?page=3`)).status).toBe(404);
  });

  it('arms a fault for a number of requests, then serves the route again', async () => {
    api = await MockApiServer.start();
    api.json('GET', '/a', { ok: true });
    api.fault('/a', { kind: 'status', status: 503, retryAfter: '9' }, { times: 2 });
    const first = await get(`${api.url}/a`);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('9');
    expect((await get(`${api.url}/a`)).status).toBe(503);
    expect((await get(`${api.url}/a`)).status).toBe(200);
  });

  it('fault shapes: 429 date, html, malformed, redirects', async () => {
    api = await MockApiServer.start();
    const at = new Date('2030-01-01T00:00:00Z');
    api.fault('/rl', { kind: 'rate_limited', retryAfter: at });
    api.fault('/html', { kind: 'html' });
    api.fault('/bad', { kind: 'malformed' });
    api.fault('/away', { kind: 'redirect', to: 'other-host' });
    api.fault('/here', { kind: 'redirect', to: 'same-origin', path: '/there' });
    expect((await get(`${api.url}/rl`)).headers.get('retry-after')).toBe(at.toUTCString());
    expect((await get(`${api.url}/html`)).type).toMatch(/text\/html/);
    const bad = await get(`${api.url}/bad`);
    expect(bad.type).toBe('application/json');
    expect(() => JSON.parse(bad.text) as unknown).toThrow();
    expect((await get(`${api.url}/away?q=1`)).headers.get('location')).toBe(`${api.otherHostUrl}/away?q=1`);
    expect((await get(`${api.url}/here`)).headers.get('location')).toBe('/there');
  });

  it('truncated: the body ends before its declared length', async () => {
    api = await MockApiServer.start();
    api.fault('/t', { kind: 'truncated' });
    const url = `${api.url}/t`;
    const result = await new Promise<{ declared: number; received: number; aborted: boolean }>((res) => {
      const req = request(url, (r) => {
        let received = 0;
        r.on('data', (c: Buffer) => (received += c.length));
        r.on('error', () => undefined);
        r.on('close', () => res({ declared: Number(r.headers['content-length']), received, aborted: !r.complete }));
      });
      req.on('error', () => undefined);
      req.end();
    });
    expect(result.aborted).toBe(true);
    expect(result.received).toBeLessThan(result.declared);
  });

  it('closes promptly with a client stuck on a hanging route and on a slow one', async () => {
    api = await MockApiServer.start();
    api.json('GET', '/s', {});
    api.fault('/h', { kind: 'hang' });
    api.fault('/s', { kind: 'slow', delayMs: 60_000 });
    const hung = fetch(`${api.url}/h`).catch((e: unknown) => e);
    const slow = fetch(`${api.url}/s`).catch((e: unknown) => e);
    const deadline = Date.now() + 5_000;
    while (api.requests.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await api.close();
    api = null;
    // Both clients see their connection end instead of waiting for the 60 s delay.
    expect(await hung).toBeInstanceOf(Error);
    expect(await slow).toBeInstanceOf(Error);
  });

  it('the silent server accepts and never answers', async () => {
    const silent = await startSilentServer();
    try {
      const e = await fetch(silent.url, { signal: AbortSignal.timeout(200) }).catch((err: unknown) => err);
      expect((e as Error).name).toBe('TimeoutError');
    } finally {
      await silent.close();
    }
  });

  it('Langfuse metrics answer by view and re-aggregate to the requested dimensions', async () => {
    api = await startLangfuseMock('pk', 'sk');
    const auth = { authorization: `Basic ${Buffer.from('pk:sk').toString('base64')}` };
    const q = (query: unknown) =>
      `${api?.url}/api/public/v2/metrics?query=${encodeURIComponent(JSON.stringify(query))}`;
    const byDay = JSON.parse(
      (await get(q({ view: 'observations', dimensions: [], timeDimension: { granularity: 'day' } }), auth)).text,
    ) as { data: Array<Record<string, unknown>> };
    expect(byDay.data).toEqual([
      {
        time_dimension: '2026-11-20T00:00:00.000Z',
        count_count: 8212,
        sum_totalCost: 39.8811 + 118.5402,
        sum_totalTokens: 9120440 + 24877002,
        p50_latency: 5210,
        p95_latency: 19750,
      },
      {
        time_dimension: '2026-11-21T00:00:00.000Z',
        count_count: '1884',
        sum_totalCost: 12.0388,
        sum_totalTokens: '2790121',
        p50_latency: 1298,
        p95_latency: 2850.5,
      },
    ]);
    const scores = JSON.parse(
      (await get(q({ view: 'scores-numeric', dimensions: [{ field: 'name' }] }), auth)).text,
    ) as {
      data: Array<Record<string, unknown>>;
    };
    expect(scores.data.map((r) => r.name)).toEqual(['hallucination', 'answer_relevance']);
    expect(scores.data[0]?.avg_value).toBeCloseTo((0.061 * 412 + 0.142 * 130) / 542, 10);
    expect((await get(q({ view: 'traces' }), auth)).status).toBe(400);
  });
});
