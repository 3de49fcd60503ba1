// The Prometheus HTTP API envelope, on top of http.ts. Local to the Prometheus/Alertmanager connectors because
// requestJson cannot repeat a query parameter (`match[]`) and turns a 400/422 into a generic HTTP error, while
// Prometheus puts the reason a query was rejected (`errorType`, `error`) in that body and the user needs it.
import type { Diagnosis, DiagnosisCheck } from '../../../../shared/domain/connections/connection';
import { authHeaders, httpRequest, scrub, secretsOf, statusError } from '../http';
import { ConnectorError, type ConnectionTarget } from '../types';

export type QueryParams = ReadonlyArray<readonly [string, string]>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** GET a JSON endpoint with the connection's auth; non-2xx → classified error; body parsed. */
export async function getJson(
  target: ConnectionTarget,
  path: string,
  params: QueryParams = [],
  signal?: AbortSignal,
): Promise<{ status: number; data: unknown; what: string }> {
  const url = new URL(target.baseUrl + path);
  for (const [k, v] of params) url.searchParams.append(k, v);
  const what = `GET ${url.pathname}`;
  const secrets = secretsOf(target);
  const res = await httpRequest({
    url: url.toString(),
    headers: { accept: 'application/json', ...authHeaders(target) },
    timeoutMs: target.timeoutMs,
    signal,
    scrub: secrets,
  });
  const type = res.headers.get('content-type') ?? '';
  let data: unknown = undefined;
  let parsed = false;
  if (/json/i.test(type)) {
    try {
      data = JSON.parse(res.body) as unknown;
      parsed = true;
    } catch {
      // judged below: an error status says more than the broken body
    }
  }
  if (res.status === 400 || res.status === 422) {
    // Prometheus: bad_data (parse errors, bad step, too many points) or execution errors, with its own words.
    if (parsed && isRecord(data) && data.status === 'error' && typeof data.error === 'string') {
      const kind = typeof data.errorType === 'string' ? ` (${data.errorType})` : '';
      throw new ConnectorError(
        'query',
        scrub(`Prometheus rejected the query${kind}: ${data.error.slice(0, 500)}`, secrets),
        res.status,
      );
    }
  }
  if (res.status < 200 || res.status >= 300) {
    const e = statusError(res, what);
    throw new ConnectorError(e.stage, scrub(e.message, secrets), e.httpStatus, e.retryAfterSec);
  }
  if (!/json/i.test(type))
    throw new ConnectorError(
      'content_type',
      `${what} answered with ${type || 'no content type'}, not JSON: the address may point at a web page or another service`,
      res.status,
    );
  if (!parsed)
    throw new ConnectorError(
      'shape',
      `${what} sent malformed or truncated JSON (${res.body.length} bytes)`,
      res.status,
    );
  return { status: res.status, data, what };
}

/** A Prometheus API call: the `{status:"success", data}` envelope unwrapped, anything else a 'shape' error. */
export async function promApi(
  target: ConnectionTarget,
  path: string,
  params: QueryParams = [],
  signal?: AbortSignal,
): Promise<unknown> {
  const { data, what, status } = await getJson(target, path, params, signal);
  if (!isRecord(data) || data.status !== 'success' || !('data' in data))
    throw new ConnectorError(
      'shape',
      `${what} did not answer like the Prometheus API ({"status":"success","data":…}); is this a Prometheus server?`,
      status,
    );
  return data.data;
}

/** `[ts, "value"]` → [unix seconds, number]; NaN and ±Inf are "no data" and come back as null. */
export function sampleOf(pair: unknown): [number, number] | null {
  if (!Array.isArray(pair) || pair.length !== 2) return null;
  const [ts, raw] = pair as [unknown, unknown];
  if (typeof ts !== 'number' || !Number.isFinite(ts)) return null;
  const v = typeof raw === 'string' ? Number(raw) : NaN;
  if (!Number.isFinite(v) || (typeof raw === 'string' && raw.trim() === '')) return null;
  return [Math.round(ts), v];
}

export interface PromSeries {
  metric: Record<string, string>;
  points: Array<[number, number]>;
}

function labelsOf(v: unknown, what: string): Record<string, string> {
  if (!isRecord(v)) throw new ConnectorError('shape', `${what}: a result has no "metric" labels object`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** A query or query_range result as series of finite points (instant vectors give one point each). */
export function parseResult(data: unknown, what: string): PromSeries[] {
  if (!isRecord(data) || typeof data.resultType !== 'string')
    throw new ConnectorError('shape', `${what}: the answer has no resultType`);
  const { resultType, result } = data;
  if (resultType === 'scalar') {
    const p = sampleOf(result);
    return [{ metric: {}, points: p ? [p] : [] }];
  }
  if (resultType !== 'vector' && resultType !== 'matrix')
    throw new ConnectorError('shape', `${what}: unexpected resultType "${resultType}"`);
  if (!Array.isArray(result)) throw new ConnectorError('shape', `${what}: "result" is not a list`);
  return result.map((item: unknown) => {
    if (!isRecord(item)) throw new ConnectorError('shape', `${what}: a result is not an object`);
    const metric = labelsOf(item.metric, what);
    const raw = resultType === 'vector' ? [item.value] : item.values;
    if (!Array.isArray(raw)) throw new ConnectorError('shape', `${what}: a series has no values`);
    const points: Array<[number, number]> = [];
    for (const pair of raw) {
      const p = sampleOf(pair);
      if (p) points.push(p);
    }
    return { metric, points };
  });
}

export function stringList(data: unknown, what: string): string[] {
  if (!Array.isArray(data)) throw new ConnectorError('shape', `${what}: expected a list of names`);
  return data.filter((x): x is string => typeof x === 'string');
}

/** Runs `fn` over items with at most `limit` in flight; the first failure rejects. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export type Step = <T>(name: string, run: () => Promise<T>, detail: (result: T) => string) => Promise<T>;

function asConnectorError(e: unknown): ConnectorError {
  return e instanceof ConnectorError
    ? e
    : new ConnectorError('network', e instanceof Error ? e.message : 'The test failed unexpectedly');
}

/**
 * Runs a Test-button sequence. Each `step` is recorded as a check ("GET /api/v1/status/buildinfo" → detail);
 * the first failing step ends the sequence and its classified error becomes the diagnosis. Never throws.
 */
export async function diagnose(
  steps: (step: Step) => Promise<Omit<Diagnosis, 'checks' | 'elapsedMs'>>,
): Promise<Diagnosis> {
  const started = performance.now();
  const checks: DiagnosisCheck[] = [];
  const step: Step = async (name, run, detail) => {
    try {
      const result = await run();
      checks.push({ name, ok: true, detail: detail(result) });
      return result;
    } catch (e) {
      const err = asConnectorError(e);
      checks.push({ name, ok: false, detail: err.message });
      throw err;
    }
  };
  try {
    const result = await steps(step);
    return { ...result, checks, elapsedMs: Math.round(performance.now() - started) };
  } catch (e) {
    const err = asConnectorError(e);
    return {
      ok: false,
      stage: err.stage,
      message: err.message,
      ...(err.httpStatus !== undefined ? { httpStatus: err.httpStatus } : {}),
      ...(err.retryAfterSec !== undefined ? { retryAfterSec: err.retryAfterSec } : {}),
      checks,
      elapsedMs: Math.round(performance.now() - started),
    };
  }
}
