// Prometheus (PromQL) connector: the common denominator of the AI gateways (live-apis.md §0, §2.1). The Test
// button checks buildinfo, a cheap query and the metric-name list; a poll turns each binding's preset into
// query_range calls, one per canonical metric, aligned to a fixed grid so repeated polls never overlap.
import type { CanonicalMetric, MetricPreset, PresetDetection } from '../../../../shared/domain/connections/metrics';
import { METRIC_PRESETS } from '../../../../shared/domain/connections/metrics';
import {
  PRESET_SPECS,
  SelectorError,
  candidateFor,
  detectPresets as detectFromNames,
  increaseQuery,
  quantileQuery,
  ratioQuery,
  type LabelMatcher,
  type MetricRecipe,
} from '../../../../shared/domain/connections/presets';
import { ConnectorError, type BindingTarget, type Connector, type ConnectionTarget, type SampleBatch } from '../types';
import { diagnose, mapLimit, parseResult, promApi, stringList, type PromSeries } from './prometheusApi';

/** First poll of a connection reaches this far back. */
export const BACKFILL_SEC = 24 * 3600;
/** Prometheus refuses more than 11,000 points per series; stay well under it. */
const MAX_POINTS = 10_000;
/**
 * Shortest rate window. A window must hold at least two scrapes or rate() returns nothing; two minutes covers
 * scrape intervals up to Prometheus's default of one minute.
 */
export const MIN_WINDOW_SEC = 120;
/** query_range calls in flight per poll: enough to hide latency, few enough not to load the server. */
const CONCURRENCY = 4;
/**
 * Spend is split by model too (the portfolio spend view groups by model), and so are tokens: where a family has
 * no cost metric (Envoy / OTel GenAI, Kong without costs) spend is tokens × the model's list price
 * (deriveSpend), which needs tokens per model. Other metrics keep the total only.
 */
const SPLIT_BY_MODEL: ReadonlySet<CanonicalMetric> = new Set(['spend_usd', 'input_tokens', 'output_tokens']);

/** Metric names the server knows (`/api/v1/label/__name__/values`). */
async function metricNames(target: ConnectionTarget, signal?: AbortSignal): Promise<string[]> {
  const path = '/api/v1/label/__name__/values';
  return stringList(await promApi(target, path, [], signal), `GET ${path}`);
}

/**
 * Which presets the server exposes, with their concrete names and the label names on those series (for the
 * selector picker). `binding/detect` calls this.
 */
export async function detectPresets(target: ConnectionTarget, signal?: AbortSignal): Promise<PresetDetection[]> {
  const names = await metricNames(target, signal);
  const found = detectFromNames(names);
  const start = String(Math.floor(Date.now() / 1000) - BACKFILL_SEC);
  const labels: Record<string, string[]> = {};
  // One /api/v1/labels call per preset: label names only, cheap even on high-cardinality servers.
  for (const d of found) {
    const matches = [...new Set(Object.values(d.names))].map((n) => ['match[]', n] as const);
    const data = await promApi(target, '/api/v1/labels', [...matches, ['start', start]], signal);
    const list = stringList(data, 'GET /api/v1/labels');
    for (const n of Object.values(d.names)) labels[n] = list;
  }
  return detectFromNames(names, labels);
}

interface Task {
  binding: BindingTarget;
  preset: MetricPreset;
  metric: CanonicalMetric;
  query: string;
  scale: number;
  splitLabel?: string;
}

/** The queries of one binding, from its detected names (or a fresh detection when it has none). */
function tasksFor(
  binding: BindingTarget,
  preset: MetricPreset,
  names: Partial<Record<CanonicalMetric, string>>,
  stepSec: number,
): Task[] {
  const spec = PRESET_SPECS[preset];
  const window = Math.max(stepSec, MIN_WINDOW_SEC);
  const tasks: Task[] = [];
  const sel = binding.selector;
  for (const [metric, recipe] of Object.entries(spec.metrics) as Array<[CanonicalMetric, MetricRecipe]>) {
    const name = names[metric];
    if (!name) continue;
    const cand = candidateFor(preset, metric, name);
    // A stored name this version of the preset does not know: its unit and slice are unknown, so skip it.
    if (!cand) continue;
    const scale = cand.scale ?? 1;
    const base = { binding, preset, metric, scale };
    if (recipe.kind === 'increase') {
      const split = SPLIT_BY_MODEL.has(metric) ? recipe.modelLabel : undefined;
      tasks.push({
        ...base,
        query: increaseQuery(name, sel, cand.match, stepSec, window, split),
        ...(split ? { splitLabel: split } : {}),
      });
    } else if (recipe.kind === 'quantile') {
      tasks.push({ ...base, query: quantileQuery(recipe.q, name, sel, cand.match, window) });
    } else {
      let total: { name: string; match: readonly LabelMatcher[] } | null = null;
      if (recipe.total === 'same') total = { name, match: cand.match ?? [] };
      else if (names.requests) {
        const req = candidateFor(preset, 'requests', names.requests);
        if (req) total = { name: names.requests, match: req.match ?? [] };
      }
      if (!total) continue;
      const failed = { name, match: [...(cand.match ?? []), ...(recipe.errors ?? [])] };
      tasks.push({ ...base, query: ratioQuery(failed, total, sel, window) });
    }
  }
  return tasks;
}

/** Series of one task → the total batch (and per-model batches when split). Empty series give no batch. */
function batchesOf(task: Task, series: PromSeries[]): SampleBatch[] {
  const make = (dims: Record<string, string>, points: Array<[number, number]>): SampleBatch => ({
    initiativeId: task.binding.initiativeId,
    metric: task.metric,
    family: task.preset,
    dims,
    points: task.scale === 1 ? points : points.map(([t, v]) => [t, v * task.scale]),
  });
  const out: SampleBatch[] = [];
  if (!task.splitLabel) {
    const points = series.flatMap((s) => s.points).sort((a, b) => a[0] - b[0]);
    if (points.length > 0) out.push(make({}, points));
    return out;
  }
  // Split query: the total is the sum over models at each step (what sum() without `by` would return).
  const total = new Map<number, number>();
  for (const s of series) {
    for (const [t, v] of s.points) total.set(t, (total.get(t) ?? 0) + v);
    const model = s.metric[task.splitLabel];
    if (model && s.points.length > 0) out.push(make({ model }, s.points));
  }
  if (total.size > 0)
    out.unshift(
      make(
        {},
        [...total.entries()].sort((a, b) => a[0] - b[0]),
      ),
    );
  return out;
}

export const prometheusConnector: Connector = {
  kind: 'prometheus',

  test: (target, signal) =>
    diagnose(async (step) => {
      let version: string | undefined;
      try {
        const info = await step(
          'GET /api/v1/status/buildinfo',
          () => promApi(target, '/api/v1/status/buildinfo', [], signal),
          (d) => `version ${versionOf(d) ?? 'not reported'}`,
        );
        version = versionOf(info);
      } catch (e) {
        // Prometheus-compatible servers (some Thanos/Mimir setups) have no buildinfo; the query decides.
        if (!(e instanceof ConnectorError && e.stage === 'not_found')) throw e;
      }
      let up: PromSeries[];
      try {
        up = await step(
          'GET /api/v1/query?query=up',
          async () => parseResult(await promApi(target, '/api/v1/query', [['query', 'up']], signal), 'query up'),
          (r) => `${r.length} scrape target${r.length === 1 ? '' : 's'}`,
        );
      } catch (e) {
        if (e instanceof ConnectorError && e.stage === 'not_found') {
          const hint = /\/api(\/v1)?$/.test(target.baseUrl)
            ? ' Remove /api/v1 from the address: it should be the server root, like http://host:9090.'
            : ' Check the base URL: it should be the server root, like http://host:9090.';
          throw new ConnectorError('not_found', `No Prometheus query API at this address (404).${hint}`, 404);
        }
        throw e;
      }
      const names = await step(
        'GET /api/v1/label/__name__/values',
        () => metricNames(target, signal),
        (n) => `${n.length} metric names`,
      );
      const upCount = up.filter((s) => s.points[0]?.[1] === 1).length;
      const presets = detectFromNames(names).map((d) => `${METRIC_PRESETS.label(d.preset)} (${d.coverage} metrics)`);
      const samples = up.slice(0, 5).map((s) => {
        const { __name__: _n, ...labels } = s.metric;
        const body = Object.keys(labels)
          .sort()
          .map((k) => `${k}="${labels[k]}"`)
          .join(',');
        return `up{${body}} ${s.points[0]?.[1] ?? 'NaN'}`;
      });
      const message =
        `Prometheus${version ? ` ${version}` : ''} answered: ${upCount} of ${up.length} targets up, ` +
        `${names.length} metric names` +
        (presets.length ? `; found ${presets.join(', ')}` : '; no LiteLLM, Kong or OpenTelemetry GenAI metrics yet');
      return { ok: true, stage: 'ok', message, ...(version ? { version } : {}), samples };
    }),

  async poll(ctx) {
    const { target, bindings, since, now, signal } = ctx;
    const from = since ?? now - BACKFILL_SEC;
    const stepSec = Math.max(1, target.pollIntervalSec, Math.ceil((now - from) / MAX_POINTS));
    // A fixed grid (multiples of the step): each point is the window ending at it, and the next poll starts one
    // step after the cursor, so no interval is counted twice and a retried poll rewrites the same timestamps.
    const start = Math.ceil((since === null ? from : since + stepSec) / stepSec) * stepSec;
    const end = Math.floor(now / stepSec) * stepSec;
    if (start > end) return { batches: [], cursor: since ?? end };

    let detected: PresetDetection[] | null = null;
    const tasks: Task[] = [];
    for (const b of bindings) {
      if (!b.preset) continue;
      let names = b.detected;
      if (Object.keys(names).length === 0) {
        detected ??= detectFromNames(await metricNames(target, signal));
        names = detected.find((d) => d.preset === b.preset)?.names ?? {};
      }
      try {
        tasks.push(...tasksFor(b, b.preset, names, stepSec));
      } catch (e) {
        if (e instanceof SelectorError) throw new ConnectorError('query', `Binding ${b.bindingId}: ${e.message}`);
        throw e;
      }
    }
    const params = (q: string) =>
      [
        ['query', q],
        ['start', String(start)],
        ['end', String(end)],
        ['step', String(stepSec)],
      ] as const;
    const results = await mapLimit(tasks, CONCURRENCY, async (task) =>
      batchesOf(
        task,
        parseResult(await promApi(target, '/api/v1/query_range', params(task.query), signal), 'query_range'),
      ),
    );
    return { batches: results.flat(), cursor: end };
  },
};

function versionOf(data: unknown): string | undefined {
  if (typeof data === 'object' && data !== null && typeof (data as { version?: unknown }).version === 'string')
    return (data as { version: string }).version;
  return undefined;
}
