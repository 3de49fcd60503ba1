// A small Prometheus exporter for tests: serves LiteLLM-, Kong- and OpenTelemetry-GenAI-style metric families
// (names and labels as in ../shared/fixtures/api/*.prom.txt) at /metrics/litellm, /metrics/kong and
// /metrics/otel. Every scrape of a family first adds one tick of synthetic traffic, so counters and histograms
// advance and rate()/increase() have something to measure. Deterministic: no randomness, no clock.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Labels = Record<string, string>;

const labelText = (l: Labels) =>
  Object.entries(l)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');

/** Counters and histograms keyed by their label set, rendered in the text exposition format. */
class Family {
  private readonly counters = new Map<string, { labels: Labels; value: number }>();
  private readonly hists = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly type: 'counter' | 'histogram',
    readonly help: string,
    readonly buckets: readonly number[] = [],
  ) {}

  inc(labels: Labels, by: number): void {
    const key = labelText(labels);
    const c = this.counters.get(key) ?? { labels, value: 0 };
    c.value += by;
    this.counters.set(key, c);
  }

  observe(labels: Labels, value: number, times = 1): void {
    const key = labelText(labels);
    const h = this.hists.get(key) ?? { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
    this.buckets.forEach((le, i) => {
      if (value <= le) h.counts[i] = (h.counts[i] ?? 0) + times;
    });
    h.sum += value * times;
    h.count += times;
    this.hists.set(key, h);
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    // Counters carry their full exposed name (`…_total`); the TYPE line uses it as prometheus_client does.
    for (const c of this.counters.values()) lines.push(`${this.name}{${labelText(c.labels)}} ${c.value}`);
    for (const h of this.hists.values()) {
      const l = labelText(h.labels);
      const sep = l ? ',' : '';
      this.buckets.forEach((le, i) => lines.push(`${this.name}_bucket{${l}${sep}le="${le}"} ${h.counts[i] ?? 0}`));
      lines.push(`${this.name}_bucket{${l}${sep}le="+Inf"} ${h.count}`);
      lines.push(`${this.name}_sum{${l}} ${h.sum}`);
      lines.push(`${this.name}_count{${l}} ${h.count}`);
    }
    return lines.join('\n');
  }
}

/** One pilot's traffic per scrape. Contract review is slow (p95 above 5 s) and fails often: alerts fire on it. */
export interface Pilot {
  teamAlias: string;
  team: string;
  keyAlias: string;
  model: string;
  provider: string;
  requestsPerTick: number;
  failuresPerTick: number;
  inputTokensPerRequest: number;
  outputTokensPerRequest: number;
  usdPerRequest: number;
  latencySec: number;
}

export const PILOTS: readonly Pilot[] = [
  {
    teamAlias: 'support-bot-pilot',
    team: 'team-support-bot',
    keyAlias: 'support-bot-prod',
    model: 'gpt-4o',
    provider: 'openai',
    requestsPerTick: 5,
    failuresPerTick: 0,
    inputTokensPerRequest: 900,
    outputTokensPerRequest: 150,
    usdPerRequest: 0.004,
    latencySec: 1.2,
  },
  {
    teamAlias: 'contract-review-pilot',
    team: 'team-contract-review',
    keyAlias: 'contract-review-staging',
    model: 'claude-3-5-sonnet',
    provider: 'anthropic',
    requestsPerTick: 2,
    failuresPerTick: 1,
    inputTokensPerRequest: 6000,
    outputTokensPerRequest: 800,
    usdPerRequest: 0.03,
    latencySec: 12,
  },
  {
    teamAlias: 'semantic-search-pilot',
    team: 'team-search',
    keyAlias: 'search-embed-prod',
    model: 'text-embedding-3-small',
    provider: 'openai',
    requestsPerTick: 8,
    failuresPerTick: 0,
    inputTokensPerRequest: 300,
    outputTokensPerRequest: 0,
    usdPerRequest: 0.00001,
    latencySec: 0.3,
  },
];

const LITELLM_BUCKETS = [0.005, 0.0125, 0.025, 0.05, 0.1, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 7.5, 10, 15, 20, 30, 60, 120];
const KONG_BUCKETS_MS = [250, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 10000, 30000, 60000];
const OTEL_TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304];
const OTEL_DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

function litellmFamilies() {
  const f = {
    requests: new Family('litellm_proxy_total_requests_metric_total', 'counter', 'Total requests to the proxy'),
    failed: new Family('litellm_proxy_failed_requests_metric_total', 'counter', 'Failed requests to the proxy'),
    spend: new Family('litellm_spend_metric_total', 'counter', 'Total spend on LLM requests'),
    input: new Family('litellm_input_tokens_metric_total', 'counter', 'Input tokens'),
    output: new Family('litellm_output_tokens_metric_total', 'counter', 'Output tokens'),
    latency: new Family(
      'litellm_request_total_latency_metric',
      'histogram',
      'Total latency (seconds) for a request to LiteLLM',
      LITELLM_BUCKETS,
    ),
  };
  const tick = () => {
    for (const p of PILOTS) {
      const who = {
        end_user: 'None',
        hashed_api_key: `hash-${p.keyAlias}`,
        api_key_alias: p.keyAlias,
        requested_model: p.model,
        team: p.team,
        team_alias: p.teamAlias,
        user: `svc-${p.team}`,
      };
      const ok = p.requestsPerTick - p.failuresPerTick;
      f.requests.inc({ ...who, status_code: '200' }, ok);
      if (p.failuresPerTick > 0) {
        f.requests.inc({ ...who, status_code: '500' }, p.failuresPerTick);
        f.failed.inc({ ...who, exception_status: '500', exception_class: 'InternalServerError' }, p.failuresPerTick);
      }
      const { requested_model: _r, ...spendLabels } = who;
      f.spend.inc({ ...spendLabels, model: p.model }, ok * p.usdPerRequest);
      f.input.inc({ ...who, model: p.model }, ok * p.inputTokensPerRequest);
      f.output.inc({ ...who, model: p.model }, ok * p.outputTokensPerRequest);
      f.latency.observe({ ...who, model: p.model }, p.latencySec, p.requestsPerTick);
    }
  };
  return { families: Object.values(f), tick };
}

function kongFamilies() {
  const f = {
    requests: new Family('kong_ai_llm_requests_total', 'counter', 'AI requests total per ai_provider in Kong'),
    cost: new Family('kong_ai_llm_cost_total', 'counter', 'AI requests cost per ai_provider/cache in Kong'),
    tokens: new Family('kong_ai_llm_tokens_total', 'counter', 'AI requests cost per ai_provider/cache in Kong'),
    latency: new Family(
      'kong_ai_llm_provider_latency_ms',
      'histogram',
      'LLM response Latency for each AI plugins per ai_provider in Kong',
      KONG_BUCKETS_MS,
    ),
    http: new Family('kong_http_requests_total', 'counter', 'HTTP status codes per consumer/service/route in Kong'),
  };
  const tick = () => {
    for (const p of PILOTS) {
      const ai = {
        ai_provider: p.provider,
        ai_model: p.model,
        cache_status: '',
        vector_db: '',
        embeddings_provider: '',
        embeddings_model: '',
        workspace: 'default',
      };
      const ok = p.requestsPerTick - p.failuresPerTick;
      f.requests.inc(ai, ok);
      f.cost.inc(ai, ok * p.usdPerRequest);
      f.tokens.inc({ ...ai, token_type: 'prompt_tokens' }, ok * p.inputTokensPerRequest);
      f.tokens.inc({ ...ai, token_type: 'completion_tokens' }, ok * p.outputTokensPerRequest);
      f.tokens.inc({ ...ai, token_type: 'total_tokens' }, ok * (p.inputTokensPerRequest + p.outputTokensPerRequest));
      f.latency.observe(ai, p.latencySec * 1000, ok);
      const route = { service: p.teamAlias, route: `${p.teamAlias}-chat`, workspace: 'default', consumer: '' };
      f.http.inc({ ...route, code: '200', source: 'service' }, ok);
      if (p.failuresPerTick > 0) f.http.inc({ ...route, code: '500', source: 'kong' }, p.failuresPerTick);
    }
  };
  return { families: Object.values(f), tick };
}

/** Envoy AI Gateway style (Go OTel exporter): `_seconds` duration, `error_type` on failed requests. */
function otelFamilies() {
  const f = {
    tokens: new Family('gen_ai_client_token_usage', 'histogram', 'Number of tokens processed.', OTEL_TOKEN_BUCKETS),
    duration: new Family(
      'gen_ai_server_request_duration_seconds',
      'histogram',
      'Time spent processing request.',
      OTEL_DURATION_BUCKETS,
    ),
  };
  const tick = () => {
    for (const p of PILOTS) {
      const base = {
        gen_ai_operation_name: p.outputTokensPerRequest > 0 ? 'chat' : 'embeddings',
        gen_ai_original_model: p.model,
        gen_ai_provider_name: p.provider,
        gen_ai_request_model: p.model,
        gen_ai_response_model: p.model,
        otel_scope_name: 'envoyproxy/ai-gateway',
      };
      const ok = p.requestsPerTick - p.failuresPerTick;
      f.tokens.observe({ ...base, gen_ai_token_type: 'input' }, p.inputTokensPerRequest, ok);
      f.tokens.observe({ ...base, gen_ai_token_type: 'output' }, p.outputTokensPerRequest, ok);
      f.duration.observe(base, p.latencySec, ok);
      if (p.failuresPerTick > 0) f.duration.observe({ ...base, error_type: '_OTHER' }, 0.05, p.failuresPerTick);
    }
  };
  return { families: Object.values(f), tick };
}

export const EXPORTER_FAMILIES = ['litellm', 'kong', 'otel'] as const;
export type ExporterFamily = (typeof EXPORTER_FAMILIES)[number];

export interface GenAiExporter {
  url: string;
  port: number;
  /** Scrapes served per family, to wait for Prometheus to have taken a few. */
  scrapes: Record<ExporterFamily, number>;
  close(): Promise<void>;
}

export async function startGenAiExporter(): Promise<GenAiExporter> {
  const sets = { litellm: litellmFamilies(), kong: kongFamilies(), otel: otelFamilies() };
  const scrapes: Record<ExporterFamily, number> = { litellm: 0, kong: 0, otel: 0 };
  const server: Server = createServer((req, res) => {
    const family = /^\/metrics\/(litellm|kong|otel)$/.exec(req.url ?? '')?.[1] as ExporterFamily | undefined;
    if (!family) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const set = sets[family];
    set.tick();
    scrapes[family]++;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(set.families.map((f) => f.render()).join('\n') + '\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    scrapes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
