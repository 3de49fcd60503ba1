import { afterEach, describe, expect, it } from 'vitest';
import { detectPresets as detectFromNames } from '../../../../shared/domain/connections/presets';
import {
  fixture,
  fixtureText,
  json,
  startFixtureServer,
  targetFor,
  type FixtureServer,
  type Reply,
} from '../../testing/promFixtureServer';
import { ConnectorError, type BindingTarget, type PollContext } from '../types';
import { BACKFILL_SEC, detectPresets, prometheusConnector } from './prometheus';
import { parseResult, sampleOf } from './prometheusApi';

/** Metric names of a Prometheus text exposition (what /api/v1/label/__name__/values would list after a scrape). */
function namesOf(exposition: string): string[] {
  const names = new Set<string>();
  for (const line of exposition.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (m?.[1] && !line.startsWith('#')) names.add(m[1]);
  }
  return [...names].sort();
}

const PROM_TEXT = ['litellm-metrics.prom.txt', 'kong-ai-metrics.prom.txt', 'envoy-ai-gateway-metrics.prom.txt'];
const ALL_NAMES = ['up', ...PROM_TEXT.flatMap((f) => namesOf(fixtureText(f)))];

let server: FixtureServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});
async function serve(routes: Parameters<typeof startFixtureServer>[0]) {
  server = await startFixtureServer(routes);
  return server;
}

const binding = (over: Partial<BindingTarget> = {}): BindingTarget => ({
  bindingId: 1,
  initiativeId: 7,
  preset: 'litellm',
  selector: { team_alias: 'support-bot-pilot' },
  detected: {},
  ...over,
});

const matrix = (series: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>): Reply =>
  json({ status: 'success', data: { resultType: 'matrix', result: series } });

describe('Prometheus response parsing (captured fixtures)', () => {
  it('reads a query_range matrix: string values become numbers, timestamps stay unix seconds', () => {
    const data = (JSON.parse(fixtureText('prometheus-query-range-litellm-spend.json')) as { data: unknown }).data;
    const series = parseResult(data, 'query_range');
    expect(series.map((s) => s.metric.team_alias)).toEqual([
      'contract-review-pilot',
      'semantic-search-pilot',
      'support-bot-pilot',
    ]);
    expect(series[0]?.points[0]).toEqual([1795300072, 0.019396434296875]);
    expect(series.every((s) => s.points.length === 5)).toBe(true);
  });

  it('reads vectors, scalars and empty results', () => {
    const up = parseResult((JSON.parse(fixtureText('prometheus-query-up.json')) as { data: unknown }).data, 'q');
    expect(up.map((s) => s.points[0]?.[1])).toEqual([1, 1, 1, 0]);
    const scalar = parseResult(
      (JSON.parse(fixtureText('prometheus-query-scalar.json')) as { data: unknown }).data,
      'q',
    );
    expect(scalar).toEqual([{ metric: {}, points: [[1795300192, 1500]] }]);
    const empty = parseResult((JSON.parse(fixtureText('prometheus-query-empty.json')) as { data: unknown }).data, 'q');
    expect(empty).toEqual([]);
  });

  it('drops NaN and ±Inf instead of turning them into numbers', () => {
    expect(sampleOf([1, 'NaN'])).toBeNull();
    expect(sampleOf([1, '+Inf'])).toBeNull();
    expect(sampleOf([1, '-Inf'])).toBeNull();
    expect(sampleOf([1, ''])).toBeNull();
    expect(sampleOf([1, 0.5])).toBeNull();
    expect(sampleOf([1.4, '0'])).toEqual([1, 0]);
    expect(sampleOf([1, '3.1e-01'])).toEqual([1, 0.31]);
  });

  it('refuses an answer without a resultType as an unexpected shape', () => {
    expect(() => parseResult({ result: [] }, 'q')).toThrow(ConnectorError);
    expect(() => parseResult({ resultType: 'streams', result: [] }, 'q')).toThrow(/resultType/);
  });

  it('detects every preset from the exposition fixtures', () => {
    const found = detectFromNames(ALL_NAMES);
    expect(found.map((d) => [d.preset, d.coverage])).toEqual([
      ['litellm', 7],
      ['kong', 7],
      ['otel', 6],
    ]);
    const otelJs = detectFromNames(namesOf(fixtureText('otel-js-genai-metrics.prom.txt')));
    expect(otelJs[0]?.names.latency_p95_s).toBe('gen_ai_client_operation_duration_bucket');
  });
});

describe('prometheusConnector.test', () => {
  const healthy = {
    '/api/v1/status/buildinfo': fixture('prometheus-buildinfo.json'),
    '/api/v1/query': fixture('prometheus-query-up.json'),
    '/api/v1/label/__name__/values': json({ status: 'success', data: ALL_NAMES }),
  };

  it('reports version, targets, metric names and the presets found', async () => {
    const s = await serve(healthy);
    const d = await prometheusConnector.test(targetFor(s.url));
    expect(d).toMatchObject({ ok: true, stage: 'ok', version: '2.42.0+ds' });
    expect(d.message).toContain('3 of 4 targets up');
    expect(d.message).toContain(`${ALL_NAMES.length} metric names`);
    expect(d.message).toContain('LiteLLM (7 metrics)');
    expect(d.samples?.[0]).toBe('up{gateway="envoy",instance="127.0.0.1:18001",job="envoy-ai-gateway"} 1');
    expect(d.checks.map((c) => [c.name, c.ok])).toEqual([
      ['GET /api/v1/status/buildinfo', true],
      ['GET /api/v1/query?query=up', true],
      ['GET /api/v1/label/__name__/values', true],
    ]);
    expect(s.seen.find((r) => r.path === '/api/v1/query')?.params.get('query')).toBe('up');
  });

  it('sends the bearer token and keeps it out of the diagnosis when refused', async () => {
    const secret = 'prom-token-5f1e9a';
    const s = await serve({
      '/api/v1/status/buildinfo': json({ status: 'error', error: `bad token ${secret}` }, 401),
    });
    const d = await prometheusConnector.test(targetFor(s.url, 'prometheus', { authKind: 'bearer', secret }));
    expect(d).toMatchObject({ ok: false, stage: 'auth', httpStatus: 401 });
    expect(JSON.stringify(d)).not.toContain(secret);
    expect(s.seen[0]?.headers.authorization).toBe(`Bearer ${secret}`);
  });

  it('a server without the Prometheus API is not_found, with a hint when the address ends in /api/v1', async () => {
    const s = await serve({});
    const d = await prometheusConnector.test(targetFor(s.url));
    expect(d).toMatchObject({ ok: false, stage: 'not_found' });
    expect(d.message).toContain('server root');
    const withApi = await prometheusConnector.test(targetFor(`${s.url}/api/v1`));
    expect(withApi.message).toContain('Remove /api/v1');
  });

  it('a server without buildinfo still passes when the query API answers (Prometheus-compatible)', async () => {
    const s = await serve({ ...healthy, '/api/v1/status/buildinfo': { status: 404, type: 'text/plain', body: 'no' } });
    const d = await prometheusConnector.test(targetFor(s.url));
    expect(d.ok).toBe(true);
    expect(d.version).toBeUndefined();
  });

  it('a rejected query is stage "query" with Prometheus’s own words', async () => {
    const s = await serve({ ...healthy, '/api/v1/query': fixture('prometheus-error-bad-data-parse.json', 400) });
    const d = await prometheusConnector.test(targetFor(s.url));
    expect(d).toMatchObject({ ok: false, stage: 'query', httpStatus: 400 });
    expect(d.message).toContain('(bad_data)');
    expect(d.message).toContain('unclosed left parenthesis');
  });

  it('a web page is content_type; JSON that is not the API envelope is shape', async () => {
    const html = await serve({ '/api/v1/status/buildinfo': { type: 'text/html', body: '<html>login</html>' } });
    expect(await prometheusConnector.test(targetFor(html.url))).toMatchObject({ ok: false, stage: 'content_type' });
    await html.close();
    const other = await serve({ '/api/v1/status/buildinfo': json({ version: '1.0' }) });
    expect(await prometheusConnector.test(targetFor(other.url))).toMatchObject({ ok: false, stage: 'shape' });
  });
});

describe('prometheusConnector.poll', () => {
  const NOW = 1_795_300_200;
  const ctx = (url: string, bindings: BindingTarget[], since: number | null = null): PollContext => ({
    target: targetFor(url),
    bindings,
    since,
    now: NOW,
    signal: new AbortController().signal,
  });

  it('queries each canonical metric on a step grid, escapes the selector, converts ms and drops NaN', async () => {
    const queries: string[] = [];
    const s = await serve({
      '/api/v1/query_range': (p) => {
        const q = p.get('query') ?? '';
        queries.push(q);
        const t = Number(p.get('end'));
        if (q.startsWith('histogram_quantile'))
          return matrix([
            {
              metric: {},
              values: [
                [t - 30, 'NaN'],
                [t, '2908.3333333333326'],
              ],
            },
          ]);
        if (q.includes('sum by (ai_model)'))
          return matrix([
            { metric: { ai_model: 'gpt-4o' }, values: [[t, '1.5']] },
            { metric: { ai_model: 'claude-3-5-sonnet' }, values: [[t, '0.25']] },
            // A series without the model label counts in the total only.
            { metric: {}, values: [[t, '0.25']] },
          ]);
        return matrix([{ metric: {}, values: [[t, q.includes('or vector(0)') ? '0.02' : '10']] }]);
      },
    });
    const names = detectFromNames(ALL_NAMES).find((d) => d.preset === 'kong')?.names ?? {};
    const result = await prometheusConnector.poll(
      ctx(s.url, [binding({ preset: 'kong', selector: { workspace: 'def"ault\n' }, detected: names })]),
    );

    const step = 30;
    const end = Math.floor(NOW / step) * step;
    const params = s.seen[0]?.params;
    expect(params?.get('step')).toBe('30');
    expect(params?.get('start')).toBe(String(Math.ceil((NOW - BACKFILL_SEC) / step) * step));
    expect(params?.get('end')).toBe(String(end));
    expect(result.cursor).toBe(end);
    expect(queries).toHaveLength(7);
    for (const q of queries) expect(q).toContain('workspace="def\\"ault\\n"');
    expect(queries).toContain(
      'sum by (ai_model) (rate(kong_ai_llm_tokens_total{workspace="def\\"ault\\n",token_type="prompt_tokens"}[120s])) * 30',
    );

    const byKey = new Map(result.batches.map((b) => [`${b.metric}${JSON.stringify(b.dims)}`, b]));
    expect(byKey.get('latency_p95_s{}')?.points).toEqual([[end, 2.9083333333333328]]);
    expect(byKey.get('spend_usd{}')?.points).toEqual([[end, 2]]);
    expect(byKey.get('spend_usd{"model":"gpt-4o"}')?.points).toEqual([[end, 1.5]]);
    expect(byKey.get('spend_usd{"model":"claude-3-5-sonnet"}')?.points).toEqual([[end, 0.25]]);
    expect(byKey.get('error_rate{}')?.points).toEqual([[end, 0.02]]);
    expect(byKey.get('requests{}')?.points).toEqual([[end, 10]]);
    expect(result.batches.every((b) => b.family === 'kong' && b.initiativeId === 7)).toBe(true);
  });

  it('resumes one step after the cursor, so a window is never counted twice', async () => {
    const s = await serve({ '/api/v1/query_range': matrix([]) });
    const since = Math.floor((NOW - 600) / 30) * 30;
    const r = await prometheusConnector.poll(
      ctx(s.url, [binding({ detected: { spend_usd: 'litellm_spend_metric_total' } })], since),
    );
    expect(s.seen[0]?.params.get('start')).toBe(String(since + 30));
    expect(r).toEqual({ batches: [], cursor: Math.floor(NOW / 30) * 30 });
  });

  it('does nothing before the next grid point', async () => {
    const s = await serve({});
    const since = Math.floor(NOW / 30) * 30;
    const r = await prometheusConnector.poll(ctx(s.url, [binding()], since));
    expect(r).toEqual({ batches: [], cursor: since });
    expect(s.seen).toHaveLength(0);
  });

  it('widens the step so a long catch-up stays under 11,000 points', async () => {
    const s = await serve({ '/api/v1/query_range': matrix([]) });
    await prometheusConnector.poll(
      ctx(s.url, [binding({ detected: { requests: 'litellm_proxy_total_requests_metric_total' } })], NOW - 30 * 86400),
    );
    const p = s.seen[0]?.params;
    const points = (Number(p?.get('end')) - Number(p?.get('start'))) / Number(p?.get('step'));
    expect(Number(p?.get('step'))).toBe(Math.ceil((30 * 86400) / 10_000));
    expect(points).toBeLessThan(11_000);
  });

  it('detects names once per poll for bindings that have none', async () => {
    const s = await serve({
      '/api/v1/label/__name__/values': json({ status: 'success', data: ALL_NAMES }),
      '/api/v1/query_range': matrix([]),
    });
    await prometheusConnector.poll(
      ctx(s.url, [binding(), binding({ bindingId: 2, preset: 'otel', selector: {} }), binding({ preset: null })]),
    );
    expect(s.seen.filter((r) => r.path === '/api/v1/label/__name__/values')).toHaveLength(1);
    // 7 LiteLLM queries + 6 OTel ones (no spend metric); the binding without a preset is not queried.
    expect(s.seen.filter((r) => r.path === '/api/v1/query_range')).toHaveLength(13);
  });

  it('a query Prometheus refuses fails the poll at stage "query" with its reason', async () => {
    const s = await serve({ '/api/v1/query_range': fixture('prometheus-error-execution.json', 422) });
    const err = await prometheusConnector
      .poll(ctx(s.url, [binding({ detected: { spend_usd: 'litellm_spend_metric_total' } })]))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ stage: 'query', httpStatus: 422 });
    expect((err as Error).message).toContain('many-to-many matching not allowed');
  });

  it('a selector key Prometheus cannot use fails at stage "query" before any request', async () => {
    const s = await serve({});
    const err = await prometheusConnector
      .poll(
        ctx(s.url, [binding({ selector: { __name__: 'up' }, detected: { spend_usd: 'litellm_spend_metric_total' } })]),
      )
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ stage: 'query' });
    expect(s.seen).toHaveLength(0);
  });

  it('5xx and 429 keep their stage and Retry-After for the scheduler', async () => {
    const s = await serve({
      '/api/v1/query_range': { status: 429, type: 'text/plain', body: 'slow down', headers: { 'retry-after': '17' } },
    });
    const err = await prometheusConnector
      .poll(ctx(s.url, [binding({ detected: { spend_usd: 'litellm_spend_metric_total' } })]))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ stage: 'rate_limited', retryAfterSec: 17 });
  });
});

describe('detectPresets (connector)', () => {
  it('lists names, then label names per preset with repeated match[]', async () => {
    const s = await serve({
      '/api/v1/label/__name__/values': json({ status: 'success', data: ALL_NAMES }),
      '/api/v1/labels': (p) =>
        json({
          status: 'success',
          data: p.getAll('match[]').some((m) => m.startsWith('litellm_'))
            ? ['__name__', 'api_key_alias', 'le', 'model', 'team_alias']
            : ['__name__', 'workspace'],
        }),
    });
    const found = await detectPresets(targetFor(s.url));
    expect(found.map((d) => d.preset)).toEqual(['litellm', 'kong', 'otel']);
    expect(found[0]?.labels).toEqual(['api_key_alias', 'model', 'team_alias']);
    expect(found[1]?.labels).toEqual(['workspace']);
    const litellmCall = s.seen.find((r) => r.path === '/api/v1/labels');
    expect(litellmCall?.params.getAll('match[]')).toContain('litellm_spend_metric_total');
    expect(litellmCall?.params.getAll('match[]').length).toBeGreaterThan(1);
  });
});
