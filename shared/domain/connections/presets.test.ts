import { describe, expect, it } from 'vitest';
import {
  PRESET_SPECS,
  SelectorError,
  candidateFor,
  detectPresets,
  increaseQuery,
  promLabelName,
  promSelector,
  promString,
  quantileQuery,
  ratioQuery,
} from './presets';

// Metric names as exposed in ../shared/fixtures/api/*.prom.txt (prometheus.test.ts also reads the files).
const LITELLM = [
  'litellm_deployment_state',
  'litellm_input_tokens_metric_created',
  'litellm_input_tokens_metric_total',
  'litellm_llm_api_latency_metric_bucket',
  'litellm_output_tokens_metric_total',
  'litellm_proxy_failed_requests_metric_total',
  'litellm_proxy_total_requests_metric_created',
  'litellm_proxy_total_requests_metric_total',
  'litellm_request_total_latency_metric_bucket',
  'litellm_request_total_latency_metric_count',
  'litellm_request_total_latency_metric_sum',
  'litellm_spend_metric_total',
];
const KONG = [
  'kong_ai_llm_cost_total',
  'kong_ai_llm_provider_latency_ms_bucket',
  'kong_ai_llm_provider_latency_ms_count',
  'kong_ai_llm_requests_total',
  'kong_ai_llm_tokens_total',
  'kong_http_requests_total',
];
const ENVOY = [
  'gen_ai_client_token_usage_bucket',
  'gen_ai_client_token_usage_count',
  'gen_ai_client_token_usage_sum',
  'gen_ai_server_request_duration_seconds_bucket',
  'gen_ai_server_request_duration_seconds_count',
  'gen_ai_server_request_duration_seconds_sum',
];
const OTEL_JS = [
  'target_info',
  'gen_ai_client_operation_duration_bucket',
  'gen_ai_client_operation_duration_count',
  'gen_ai_client_operation_duration_sum',
  'gen_ai_client_token_usage_bucket',
  'gen_ai_client_token_usage_count',
  'gen_ai_client_token_usage_sum',
];

describe('detectPresets', () => {
  it('finds LiteLLM with every canonical metric under its current names', () => {
    const [d] = detectPresets(LITELLM);
    expect(d).toEqual({
      preset: 'litellm',
      names: {
        requests: 'litellm_proxy_total_requests_metric_total',
        input_tokens: 'litellm_input_tokens_metric_total',
        output_tokens: 'litellm_output_tokens_metric_total',
        spend_usd: 'litellm_spend_metric_total',
        latency_p50_s: 'litellm_request_total_latency_metric_bucket',
        latency_p95_s: 'litellm_request_total_latency_metric_bucket',
        error_rate: 'litellm_proxy_failed_requests_metric_total',
      },
      labels: [],
      coverage: 7,
    });
  });

  it('falls back to older LiteLLM names and drops the error rate when there is no request counter', () => {
    const [old] = detectPresets([
      'litellm_requests_metric_total',
      'litellm_input_tokens_total',
      'litellm_spend_metric',
    ]);
    expect(old?.names).toEqual({
      requests: 'litellm_requests_metric_total',
      input_tokens: 'litellm_input_tokens_total',
      spend_usd: 'litellm_spend_metric',
    });
    const [noRequests] = detectPresets(['litellm_spend_metric_total', 'litellm_proxy_failed_requests_metric_total']);
    expect(noRequests?.names).toEqual({ spend_usd: 'litellm_spend_metric_total' });
  });

  it('finds Kong, with token type told apart by label and latency in ms', () => {
    const [d] = detectPresets(KONG);
    expect(d?.preset).toBe('kong');
    expect(d?.names.input_tokens).toBe('kong_ai_llm_tokens_total');
    expect(candidateFor('kong', 'input_tokens', 'kong_ai_llm_tokens_total')?.match).toEqual([
      { label: 'token_type', op: '=', value: 'prompt_tokens' },
    ]);
    expect(candidateFor('kong', 'output_tokens', 'kong_ai_llm_tokens_total')?.match?.[0]?.value).toBe(
      'completion_tokens',
    );
    expect(candidateFor('kong', 'latency_p95_s', 'kong_ai_llm_provider_latency_ms_bucket')?.scale).toBe(0.001);
    expect(d?.names.error_rate).toBe('kong_http_requests_total');
    expect(d?.coverage).toBe(7);
  });

  it('does not call a server Kong AI for its HTTP counter alone', () => {
    expect(detectPresets(['kong_http_requests_total', 'kong_nginx_connections_total'])).toEqual([]);
  });

  it('finds Envoy (server duration, _seconds) and OTel JS (client duration, no unit suffix) names', () => {
    const [envoy] = detectPresets(ENVOY);
    expect(envoy?.names).toMatchObject({
      requests: 'gen_ai_server_request_duration_seconds_count',
      input_tokens: 'gen_ai_client_token_usage_sum',
      latency_p95_s: 'gen_ai_server_request_duration_seconds_bucket',
      error_rate: 'gen_ai_server_request_duration_seconds_count',
    });
    expect(envoy?.names.spend_usd).toBeUndefined();
    const [js] = detectPresets(OTEL_JS);
    expect(js?.names).toMatchObject({
      requests: 'gen_ai_client_operation_duration_count',
      latency_p50_s: 'gen_ai_client_operation_duration_bucket',
    });
  });

  it('accepts the unit-suffixed token histogram of older exporters', () => {
    const [d] = detectPresets(['gen_ai_client_token_usage_tokens_sum', 'gen_ai_client_token_usage_tokens_count']);
    expect(d?.names).toEqual({
      requests: 'gen_ai_client_token_usage_tokens_count',
      input_tokens: 'gen_ai_client_token_usage_tokens_sum',
      output_tokens: 'gen_ai_client_token_usage_tokens_sum',
    });
  });

  it('reports several presets on one server, best coverage first, with the labels of the chosen series', () => {
    const found = detectPresets([...ENVOY, ...KONG, ...LITELLM, 'up'], {
      litellm_spend_metric_total: ['__name__', 'team_alias', 'model', 'job'],
      litellm_request_total_latency_metric_bucket: ['le', 'team_alias', 'api_key_alias'],
    });
    expect(found.map((d) => d.preset)).toEqual(['litellm', 'kong', 'otel']);
    expect(found[0]?.labels).toEqual(['api_key_alias', 'job', 'model', 'team_alias']);
  });

  it('finds nothing on a server without gateway metrics', () => {
    expect(detectPresets(['up', 'prometheus_build_info', 'node_cpu_seconds_total'])).toEqual([]);
  });

  it('every preset candidate has a name PromQL accepts, and quantile candidates are _bucket series', () => {
    for (const spec of Object.values(PRESET_SPECS))
      for (const [metric, recipe] of Object.entries(spec.metrics))
        for (const c of recipe.candidates) {
          expect(c.name).toMatch(/^[a-z_:][a-z0-9_:]*$/);
          if (recipe.kind === 'quantile') expect(c.name, metric).toMatch(/_bucket$/);
        }
  });
});

describe('PromQL strings and selectors', () => {
  it('escapes backslash, double quote and line breaks', () => {
    expect(promString('a\\b')).toBe('"a\\\\b"');
    expect(promString('say "hi"')).toBe('"say \\"hi\\""');
    expect(promString('two\nlines\r\tx')).toBe('"two\\nlines\\r\\tx"');
    expect(promString('bell\u0007')).toBe('"bell\\x07"');
    expect(promString('ünïcödé ✓')).toBe('"ünïcödé ✓"');
    expect(promString('lone \ud800 surrogate')).toBe('"lone \uFFFD surrogate"');
    expect(promString('pair \ud83d\ude00')).toBe('"pair \ud83d\ude00"');
  });

  it('an injection attempt stays inside one string literal', () => {
    const evil = 'x"} or vector(1) or up{a="';
    const sel = promSelector({ team_alias: evil });
    expect(sel).toBe('{team_alias="x\\"} or vector(1) or up{a=\\""}');
    // Exactly two unescaped quotes: the literal's own.
    expect(sel.replace(/\\\\/g, '').replace(/\\"/g, '').match(/"/g)).toHaveLength(2);
    const backslashEnd = promSelector({ team_alias: 'x\\' });
    expect(backslashEnd).toBe('{team_alias="x\\\\"}');
  });

  it('sorts keys, turns dotted keys into label names and refuses reserved or invalid ones', () => {
    expect(promSelector({ team: 'b', api_key_alias: 'a' })).toBe('{api_key_alias="a",team="b"}');
    expect(promLabelName('gen_ai.request.model')).toBe('gen_ai_request_model');
    expect(promLabelName('metadata.tag')).toBe('metadata_tag');
    expect(() => promLabelName('__name__')).toThrow(SelectorError);
    expect(() => promLabelName('9lives')).toThrow(SelectorError);
    expect(promSelector({}, [{ label: 'code', op: '=~', value: '5..|429' }])).toBe('{code=~"5..|429"}');
  });
});

describe('query builders', () => {
  it('increase per step, or rate × step when the step is shorter than the window', () => {
    expect(increaseQuery('litellm_spend_metric_total', { team_alias: 'p' }, undefined, 300, 300)).toBe(
      'sum (increase(litellm_spend_metric_total{team_alias="p"}[300s]))',
    );
    expect(increaseQuery('litellm_spend_metric_total', {}, undefined, 30, 120, 'model')).toBe(
      'sum by (model) (rate(litellm_spend_metric_total[120s])) * 30',
    );
    expect(
      increaseQuery('kong_ai_llm_tokens_total', {}, [{ label: 'token_type', op: '=', value: 'prompt_tokens' }], 60, 60),
    ).toBe('sum (increase(kong_ai_llm_tokens_total{token_type="prompt_tokens"}[60s]))');
  });

  it('aggregates buckets by le before the quantile', () => {
    expect(quantileQuery(0.95, 'litellm_request_total_latency_metric_bucket', { team: 't' }, undefined, 120)).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(litellm_request_total_latency_metric_bucket{team="t"}[120s])))',
    );
    expect(() => quantileQuery(95, 'x_bucket', {}, undefined, 60)).toThrow(SelectorError);
  });

  it('error ratio: a missing failure series counts as 0 failures, the total stays required', () => {
    expect(
      ratioQuery(
        { name: 'x_count', match: [{ label: 'error_type', op: '!=', value: '' }] },
        { name: 'x_count', match: [] },
        { m: 'a' },
        120,
      ),
    ).toBe('(sum(increase(x_count{m="a",error_type!=""}[120s])) or vector(0)) / sum(increase(x_count{m="a"}[120s]))');
  });

  it('refuses a metric name that is not one', () => {
    expect(() => increaseQuery('up or vector(1)', {}, undefined, 60, 60)).toThrow(SelectorError);
  });
});
