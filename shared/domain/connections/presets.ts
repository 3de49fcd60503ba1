import type { CanonicalMetric, MetricPreset, PresetDetection } from './metrics';

/**
 * Prometheus metric presets (live-apis.md §1.1, §1.3, §1.4, §2.6, §3): for each gateway family, which series
 * give each canonical metric. Names differ across versions and exporters (`_total` or not, renamed LiteLLM
 * counters, OTel names with and without the unit suffix), so every canonical metric lists CANDIDATES in
 * preference order and detection picks the first one the server actually exposes. Nothing here assumes a
 * label exists except the ones a candidate matches on (token type, error markers).
 */

export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
}

/** One concrete series name a canonical metric can come from. */
export interface MetricCandidate {
  /** The exposed name, suffix included (`_total`, `_sum`, `_count`, `_bucket`). */
  name: string;
  /** What the name is: counters and histogram `_sum`/`_count` are monotonic; `_bucket` feeds quantiles. */
  series: 'counter' | 'histogram';
  /** Extra matchers that pick the right slice (token type). */
  match?: readonly LabelMatcher[];
  /** Multiply values by this to reach the canonical unit (Kong latency is in ms). */
  scale?: number;
}

export type MetricRecipe =
  /** A per-interval amount: the counter's increase over each step. `modelLabel` lets a poll split by model. */
  | { kind: 'increase'; candidates: readonly MetricCandidate[]; modelLabel?: string }
  /** A latency quantile from histogram buckets. */
  | { kind: 'quantile'; q: number; candidates: readonly MetricCandidate[] }
  /**
   * failed / total. The candidate is the failure series; `errors` are matchers that select failures on it
   * (Kong status codes, OTel error_type); `total` says where the denominator comes from: the same series
   * without `errors`, or the metric detected for `requests`.
   */
  | {
      kind: 'ratio';
      candidates: readonly MetricCandidate[];
      errors?: readonly LabelMatcher[];
      total: 'same' | 'requests';
    };

export interface PresetSpec {
  id: MetricPreset;
  metrics: Partial<Record<CanonicalMetric, MetricRecipe>>;
  /** Label names that carry the model, most specific first. */
  modelLabels: readonly string[];
  /** Label names that carry a team or key (the usual initiative selectors). */
  teamLabels: readonly string[];
  /** Label names that carry the provider (OTel renamed gen_ai.system → gen_ai.provider.name). */
  providerLabels: readonly string[];
  /** How token type is told apart when one series carries both input and output tokens. */
  tokenType?: { label: string; input: string; output: string };
}

const counter = (name: string, match?: readonly LabelMatcher[]): MetricCandidate =>
  match ? { name, series: 'counter', match } : { name, series: 'counter' };
const hist = (name: string, extra: Partial<MetricCandidate> = {}): MetricCandidate => ({
  name,
  series: 'histogram',
  ...extra,
});
const eq = (label: string, value: string): LabelMatcher => ({ label, op: '=', value });

/**
 * Python prometheus_client adds `_total` to counters; very old exporters and OpenMetrics scrapes of the
 * same counter can show the bare name, so both spellings are candidates.
 */
const both = (base: string, match?: readonly LabelMatcher[]) => [counter(`${base}_total`, match), counter(base, match)];

const LITELLM_LATENCY = ['litellm_request_total_latency_metric_bucket', 'litellm_llm_api_latency_metric_bucket'];

const litellm: PresetSpec = {
  id: 'litellm',
  metrics: {
    requests: {
      kind: 'increase',
      // litellm_requests_metric is the pre-2024 name of the client-side request counter.
      candidates: [...both('litellm_proxy_total_requests_metric'), ...both('litellm_requests_metric')],
      modelLabel: 'requested_model',
    },
    input_tokens: {
      kind: 'increase',
      candidates: [...both('litellm_input_tokens_metric'), ...both('litellm_input_tokens')],
      modelLabel: 'model',
    },
    output_tokens: {
      kind: 'increase',
      candidates: [...both('litellm_output_tokens_metric'), ...both('litellm_output_tokens')],
      modelLabel: 'model',
    },
    spend_usd: { kind: 'increase', candidates: both('litellm_spend_metric'), modelLabel: 'model' },
    latency_p50_s: { kind: 'quantile', q: 0.5, candidates: LITELLM_LATENCY.map((n) => hist(n)) },
    latency_p95_s: { kind: 'quantile', q: 0.95, candidates: LITELLM_LATENCY.map((n) => hist(n)) },
    error_rate: {
      kind: 'ratio',
      candidates: [...both('litellm_proxy_failed_requests_metric'), ...both('litellm_llm_api_failed_requests_metric')],
      total: 'requests',
    },
  },
  modelLabels: ['model', 'requested_model', 'litellm_model_name'],
  teamLabels: ['team_alias', 'team', 'api_key_alias', 'hashed_api_key', 'user', 'end_user'],
  providerLabels: ['api_provider'],
};

const KONG_LATENCY = [hist('kong_ai_llm_provider_latency_ms_bucket', { scale: 0.001 })];

const kong: PresetSpec = {
  id: 'kong',
  metrics: {
    requests: { kind: 'increase', candidates: [counter('kong_ai_llm_requests_total')], modelLabel: 'ai_model' },
    input_tokens: {
      kind: 'increase',
      candidates: [counter('kong_ai_llm_tokens_total', [eq('token_type', 'prompt_tokens')])],
      modelLabel: 'ai_model',
    },
    output_tokens: {
      kind: 'increase',
      candidates: [counter('kong_ai_llm_tokens_total', [eq('token_type', 'completion_tokens')])],
      modelLabel: 'ai_model',
    },
    // Only present when the route configures input/output costs.
    spend_usd: { kind: 'increase', candidates: [counter('kong_ai_llm_cost_total')], modelLabel: 'ai_model' },
    latency_p50_s: { kind: 'quantile', q: 0.5, candidates: KONG_LATENCY },
    latency_p95_s: { kind: 'quantile', q: 0.95, candidates: KONG_LATENCY },
    // Kong has no AI error counter: status codes of the HTTP counter (needs status_code_metrics).
    error_rate: {
      kind: 'ratio',
      candidates: [counter('kong_http_requests_total')],
      errors: [{ label: 'code', op: '=~', value: '5..|429' }],
      total: 'same',
    },
  },
  modelLabels: ['ai_model'],
  teamLabels: ['consumer', 'service', 'route', 'workspace'],
  providerLabels: ['ai_provider'],
  tokenType: { label: 'token_type', input: 'prompt_tokens', output: 'completion_tokens' },
};

/**
 * Duration histograms: Envoy AI Gateway (server side, Go exporter: `_seconds`), OTel Go/Collector client side
 * (`_seconds`), OTel JS client side (no unit suffix). All in seconds.
 */
const OTEL_DURATION = [
  'gen_ai_server_request_duration_seconds',
  'gen_ai_client_operation_duration_seconds',
  'gen_ai_client_operation_duration',
];
const OTEL_TOKENS = [
  'gen_ai_client_token_usage',
  // Envoy AI Gateway ≤ 0.4 and some exporters appended the unit ("token"/"tokens") before `_sum`.
  'gen_ai_client_token_usage_token',
  'gen_ai_client_token_usage_tokens',
];
const tokens = (type: 'input' | 'output') =>
  OTEL_TOKENS.map((n) => hist(`${n}_sum`, { match: [eq('gen_ai_token_type', type)] }));

const otel: PresetSpec = {
  id: 'otel',
  metrics: {
    requests: {
      kind: 'increase',
      candidates: [
        ...OTEL_DURATION.map((n) => hist(`${n}_count`)),
        // Every request records one input-token observation: a count of last resort.
        ...OTEL_TOKENS.map((n) => hist(`${n}_count`, { match: [eq('gen_ai_token_type', 'input')] })),
      ],
      modelLabel: 'gen_ai_request_model',
    },
    input_tokens: { kind: 'increase', candidates: tokens('input'), modelLabel: 'gen_ai_request_model' },
    output_tokens: { kind: 'increase', candidates: tokens('output'), modelLabel: 'gen_ai_request_model' },
    // No cost in the conventions: spend is tokens × a price table, outside Prometheus.
    latency_p50_s: { kind: 'quantile', q: 0.5, candidates: OTEL_DURATION.map((n) => hist(`${n}_bucket`)) },
    latency_p95_s: { kind: 'quantile', q: 0.95, candidates: OTEL_DURATION.map((n) => hist(`${n}_bucket`)) },
    // Failed operations carry error.type (→ error_type); successful ones have no such label.
    error_rate: {
      kind: 'ratio',
      candidates: OTEL_DURATION.map((n) => hist(`${n}_count`)),
      errors: [{ label: 'error_type', op: '!=', value: '' }],
      total: 'same',
    },
  },
  modelLabels: ['gen_ai_request_model', 'gen_ai_response_model', 'gen_ai_original_model'],
  teamLabels: ['gen_ai_operation_name', 'server_address', 'otel_scope_name'],
  providerLabels: ['gen_ai_provider_name', 'gen_ai_system'],
  tokenType: { label: 'gen_ai_token_type', input: 'input', output: 'output' },
};

export const PRESET_SPECS: Record<MetricPreset, PresetSpec> = { litellm, kong, otel };

/** Metrics that show a family is really there; an error counter alone (Kong's HTTP counter) does not. */
const VOLUME: readonly CanonicalMetric[] = ['requests', 'input_tokens', 'output_tokens', 'spend_usd'];

/** Labels that are never useful selectors. */
const NOT_SELECTORS = new Set(['__name__', 'le', 'quantile']);

/**
 * Which presets a server exposes, with the concrete name chosen per canonical metric. `names` are the
 * server's metric names (`/api/v1/label/__name__/values`); `labels` optionally maps a metric name to the label
 * names seen on its series, to offer selectors. A preset is reported only when one of its volume metrics
 * (requests, tokens, spend) is present; best coverage first.
 */
export function detectPresets(
  names: readonly string[],
  labels?: Readonly<Record<string, readonly string[]>>,
): PresetDetection[] {
  const have = new Set(names);
  const out: PresetDetection[] = [];
  for (const spec of Object.values(PRESET_SPECS)) {
    const found: Partial<Record<CanonicalMetric, string>> = {};
    for (const [metric, recipe] of Object.entries(spec.metrics) as Array<[CanonicalMetric, MetricRecipe]>) {
      const hit = recipe.candidates.find((c) => have.has(c.name));
      if (hit) found[metric] = hit.name;
    }
    // A failure ratio over "requests" needs the requests counter too.
    if (spec.metrics.error_rate?.kind === 'ratio' && spec.metrics.error_rate.total === 'requests' && !found.requests)
      delete found.error_rate;
    if (!VOLUME.some((m) => found[m] !== undefined)) continue;
    const labelSet = new Set<string>();
    for (const name of Object.values(found)) for (const l of labels?.[name] ?? []) labelSet.add(l);
    for (const l of NOT_SELECTORS) labelSet.delete(l);
    out.push({ preset: spec.id, names: found, labels: [...labelSet].sort(), coverage: Object.keys(found).length });
  }
  return out.sort((a, b) => b.coverage - a.coverage);
}

/** The candidate of `metric` in `preset` whose name is `name`, or undefined when the name is not one of its. */
export function candidateFor(preset: MetricPreset, metric: CanonicalMetric, name: string): MetricCandidate | undefined {
  return PRESET_SPECS[preset].metrics[metric]?.candidates.find((c) => c.name === name);
}

// ---- PromQL ---------------------------------------------------------------------------------------------------

/** A selector key the query builder cannot use. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

const PROM_LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The Prometheus label for a selector key. Exporters turn dots into underscores (OTel `gen_ai.request.model`
 * → `gen_ai_request_model`, LiteLLM `metadata.tag` → `metadata_tag`), so the key is translated the same way.
 * Reserved `__…` names are refused: `__name__` would change which metric is read.
 */
export function promLabelName(key: string): string {
  const name = key.replace(/\./g, '_');
  if (!PROM_LABEL.test(name)) throw new SelectorError(`“${key}” is not a usable Prometheus label name`);
  if (name.startsWith('__')) throw new SelectorError(`“${key}” is a reserved Prometheus label`);
  return name;
}

/**
 * A PromQL double-quoted string literal. Everything that could end the string or the line is escaped
 * (backslash, double quote, CR/LF, other control characters), and lone UTF-16 surrogates become U+FFFD so the
 * server's UTF-8 decoder has nothing to choke on: the value can only ever be data, never PromQL.
 */
export function promString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const ch = value[i] as string;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + (value[i + 1] as string);
        i++;
      } else out += '\uFFFD';
    } else if (code >= 0xdc00 && code <= 0xdfff) out += '\uFFFD';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * `{a="x",b=~"y"}`: the binding's selector (exact matches, keys sorted) plus the candidate's own matchers;
 * empty when there are none (`name` alone reads better than `name{}`).
 */
export function promSelector(selector: Readonly<Record<string, string>>, extra: readonly LabelMatcher[] = []): string {
  const parts = Object.keys(selector)
    .sort()
    .map((k) => `${promLabelName(k)}=${promString(selector[k] as string)}`);
  for (const m of extra) parts.push(`${promLabelName(m.label)}${m.op}${promString(m.value)}`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/** A metric name as written into PromQL; detection only hands over exposed names, but a stored one is re-checked. */
function metricName(name: string): string {
  if (!/^[A-Za-z_:][A-Za-z0-9_:]*$/.test(name)) throw new SelectorError(`“${name}” is not a Prometheus metric name`);
  return name;
}

/**
 * The amount a counter grew during each step, summed (optionally by one label). With a window equal to the step
 * it is exactly `increase(x[step])`; when the step is shorter than `windowSec` (short poll intervals, where a
 * window of one step may hold fewer than two scrapes and return nothing) it is the window's average rate ×
 * step, which still adds up across steps.
 */
export function increaseQuery(
  name: string,
  selector: Readonly<Record<string, string>>,
  match: readonly LabelMatcher[] | undefined,
  stepSec: number,
  windowSec: number,
  by?: string,
): string {
  const sel = `${metricName(name)}${promSelector(selector, match)}`;
  const agg = by ? `sum by (${promLabelName(by)})` : 'sum';
  if (windowSec <= stepSec) return `${agg} (increase(${sel}[${stepSec}s]))`;
  return `${agg} (rate(${sel}[${windowSec}s])) * ${stepSec}`;
}

/** A quantile from histogram buckets, aggregated by `le` first (the only correct order). */
export function quantileQuery(
  q: number,
  bucketName: string,
  selector: Readonly<Record<string, string>>,
  match: readonly LabelMatcher[] | undefined,
  windowSec: number,
): string {
  if (!(q > 0 && q < 1)) throw new SelectorError(`quantile ${q} is outside (0, 1)`);
  const sel = `${metricName(bucketName)}${promSelector(selector, match)}`;
  return `histogram_quantile(${q}, sum by (le) (rate(${sel}[${windowSec}s])))`;
}

/**
 * failures / total over each window. A missing failure series means no failure was recorded (LiteLLM creates
 * it on the first failure), so the numerator falls back to 0; a missing or zero total yields no value (empty or
 * NaN), never a made-up 0 %.
 */
export function ratioQuery(
  failed: { name: string; match: readonly LabelMatcher[] },
  total: { name: string; match: readonly LabelMatcher[] },
  selector: Readonly<Record<string, string>>,
  windowSec: number,
): string {
  const num = `sum(increase(${metricName(failed.name)}${promSelector(selector, failed.match)}[${windowSec}s]))`;
  const den = `sum(increase(${metricName(total.name)}${promSelector(selector, total.match)}[${windowSec}s]))`;
  return `(${num} or vector(0)) / ${den}`;
}
