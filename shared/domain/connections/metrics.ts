import { z } from 'zod';
import { vocabulary } from '../enums';
import { entityId } from '../initiative';

/**
 * Canonical metrics (live-apis.md §3): whatever the source, an initiative's telemetry is stored under these
 * names and units. `agg` says how a series rolls up: 'sum' metrics are per-interval amounts (requests,
 * tokens, spend in the interval) that add up over time; 'gauge' metrics are levels (latency, error rate,
 * scores) that average.
 */
export const CANONICAL_METRICS = vocabulary([
  { id: 'requests', label: 'Requests' },
  { id: 'input_tokens', label: 'Input tokens' },
  { id: 'output_tokens', label: 'Output tokens' },
  { id: 'spend_usd', label: 'Spend' },
  { id: 'latency_p50_s', label: 'Latency p50' },
  { id: 'latency_p95_s', label: 'Latency p95' },
  { id: 'error_rate', label: 'Error rate' },
  { id: 'quality_score', label: 'Quality score' },
  { id: 'drift', label: 'Drift' },
] as const);
export type CanonicalMetric = (typeof CANONICAL_METRICS.ids)[number];

export const METRIC_UNITS: Record<CanonicalMetric, 'count' | 'tokens' | 'usd' | 'seconds' | 'ratio' | 'score'> = {
  requests: 'count',
  input_tokens: 'tokens',
  output_tokens: 'tokens',
  spend_usd: 'usd',
  latency_p50_s: 'seconds',
  latency_p95_s: 'seconds',
  error_rate: 'ratio',
  quality_score: 'score',
  drift: 'score',
};

export const METRIC_AGG: Record<CanonicalMetric, 'sum' | 'gauge'> = {
  requests: 'sum',
  input_tokens: 'sum',
  output_tokens: 'sum',
  spend_usd: 'sum',
  latency_p50_s: 'gauge',
  latency_p95_s: 'gauge',
  error_rate: 'gauge',
  quality_score: 'gauge',
  drift: 'gauge',
};

/** Roll-up levels kept beside raw samples, in seconds. The chart reads the finest level that fits. */
export const ROLLUP_LEVELS = [60, 3600, 86_400] as const;
export type RollupLevel = (typeof ROLLUP_LEVELS)[number];

/** Metric families a Prometheus binding can use (live-apis.md §1.3–1.4, §2.6). */
export const METRIC_PRESETS = vocabulary([
  { id: 'litellm', label: 'LiteLLM' },
  { id: 'kong', label: 'Kong AI Gateway' },
  { id: 'otel', label: 'Envoy AI Gateway / OpenTelemetry GenAI' },
] as const);
export type MetricPreset = (typeof METRIC_PRESETS.ids)[number];

/** Label names or keys a binding may select on; values are matched exactly. */
export const SELECTOR_KEY = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;
export const selector = z
  .record(
    z.string().regex(SELECTOR_KEY, 'Use a label or key name like team or api_key_alias'),
    z.string().min(1).max(200),
  )
  .refine((s) => Object.keys(s).length <= 8, 'At most 8 selectors');

/**
 * An initiative's link to a connection: which slice of the connection's telemetry is this initiative's.
 * Prometheus: a label selector plus the metric family (`preset`); Alertmanager: labels an alert must carry;
 * LiteLLM: team_id / api_key / key_alias / model / tag; Langfuse: tag / name / trace name; OpenRouter: model.
 */
export const bindingSaveInput = z.strictObject({
  id: entityId.optional(),
  initiativeId: entityId,
  connectionId: entityId,
  preset: z.enum(METRIC_PRESETS.ids).nullable().optional(),
  selector,
});

export interface Binding {
  id: number;
  initiativeId: number;
  connectionId: number;
  connectionName: string;
  connectionKind: string;
  preset: MetricPreset | null;
  selector: Record<string, string>;
  /** Concrete metric names the last detection found for the preset, by canonical metric. */
  detected: Partial<Record<CanonicalMetric, string>>;
  createdAt: string;
}

/** What `binding/detect` found on a Prometheus server: which presets are present and their concrete names. */
export interface PresetDetection {
  preset: MetricPreset;
  /** Canonical metric → the name the server exposes (names differ across versions and exporters). */
  names: Partial<Record<CanonicalMetric, string>>;
  /** Label names seen on those series, for the selector picker. */
  labels: string[];
  /** How many of the preset's canonical metrics were found. */
  coverage: number;
}

export const SLO_KINDS = vocabulary([
  { id: 'latency_p95', label: 'Latency p95 at most (s)' },
  { id: 'error_rate', label: 'Error rate at most' },
  { id: 'cost_per_day', label: 'Cost per day at most (USD)' },
  { id: 'cost_per_request', label: 'Cost per request at most (USD)' },
] as const);
export type SloKind = (typeof SLO_KINDS.ids)[number];

export const sloSaveInput = z.strictObject({
  initiativeId: entityId,
  kind: z.enum(SLO_KINDS.ids),
  /** Positive; error rate is a fraction (0.02 = 2 %). */
  threshold: z.number().positive('The threshold must be above 0').max(1e9),
});
export const sloDeleteInput = z.strictObject({ initiativeId: entityId, kind: z.enum(SLO_KINDS.ids) });

export interface SloStatus {
  kind: SloKind;
  threshold: number;
  /** Latest value over the SLO's window, null when there is no current data (never invented as 0). */
  actual: number | null;
  state: 'met' | 'breached' | 'no_data' | 'stale';
  source: string | null;
  asOf: string | null;
}

/** One canonical metric's latest value for an initiative, with where it came from and how old it is. */
export interface MetricReading {
  metric: CanonicalMetric;
  /** Over the last day for 'sum' metrics; the latest sample for gauges. null = no data (never 0 for missing). */
  value: number | null;
  unit: (typeof METRIC_UNITS)[CanonicalMetric];
  /** 'prometheus:litellm', 'litellm', 'langfuse', 'openrouter', 'demo' (sample data) … */
  source: string | null;
  connectionName: string | null;
  /** Time of the newest sample. */
  asOf: string | null;
  ageSec: number | null;
  /** Older than 3 poll intervals of its connection (or a day for demo/offline data): shown as stale. */
  stale: boolean;
}

export interface ActiveAlert {
  id: number;
  connectionName: string;
  name: string;
  severity: string | null;
  summary: string | null;
  startsAt: string;
  lastSeenAt: string;
  /** The alert's own labels (no secrets are in alert labels; they come from the monitored system). */
  labels: Record<string, string>;
}

export interface MonitoringOverview {
  initiativeId: number;
  bindings: Binding[];
  readings: MetricReading[];
  slos: SloStatus[];
  alerts: ActiveAlert[];
  /** True when some readings are sample data from the demo, not a live connection. */
  sampleData: boolean;
}

export const seriesInput = z.strictObject({
  initiativeId: entityId,
  metric: z.enum(CANONICAL_METRICS.ids),
  /** Unix seconds; omitted = the whole stored range. */
  from: z.number().int().nonnegative().optional(),
  to: z.number().int().nonnegative().optional(),
  /** The chart's width in points; the series is downsampled (roll-ups, then LTTB) to at most this. */
  maxPoints: z.number().int().min(10).max(10_000).default(1500),
});

/** A downsampled series, packed: parallel arrays are cheaper to send and to hand to echarts than objects. */
export interface SeriesView {
  metric: CanonicalMetric;
  unit: (typeof METRIC_UNITS)[CanonicalMetric];
  /** Unix milliseconds (echarts' time axis unit). */
  t: number[];
  v: number[];
  /** 0 = raw samples, else the roll-up level in seconds the points came from. */
  resolution: number;
  /** Full stored extent, for the zoom slider. null when the series is empty. */
  extent: { from: number; to: number } | null;
  sources: string[];
  rawCount: number;
}

export const spendInput = z.strictObject({
  groupBy: z.enum(['initiative', 'team', 'model']).default('initiative'),
  /** Days back from today (UTC), 1–730. */
  days: z.number().int().min(1).max(730).default(90),
});

/** Portfolio spend view: a stacked daily series per group plus totals. */
export interface SpendView {
  groupBy: 'initiative' | 'team' | 'model';
  /** UTC days, YYYY-MM-DD, oldest first. */
  days: string[];
  groups: Array<{ key: string; label: string; initiativeId: number | null; total: number; daily: number[] }>;
  total: number;
  sources: string[];
  sampleData: boolean;
}

export const retentionInput = z.strictObject({
  /** Raw samples older than this are deleted (roll-ups stay). 1–3650 days. */
  rawDays: z.number().int().min(1).max(3650),
});
