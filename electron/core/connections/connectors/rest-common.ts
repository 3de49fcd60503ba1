// What the REST connectors (LiteLLM, Langfuse, OpenRouter) share: UTC-day arithmetic, numbers that may arrive
// as strings, zod shape checks that name the endpoint and field, a batch builder that drops non-finite values,
// and the step runner behind the Test button.
import { z } from 'zod';
import type { Diagnosis, DiagnosisCheck } from '../../../../shared/domain/connections/connection';
import type { CanonicalMetric } from '../../../../shared/domain/connections/metrics';
import { ConnectorError, type ConnectionTarget, type PollContext, type SampleBatch } from '../types';

export const DAY_SEC = 86_400;
/** First poll of a connection reaches this far back. */
export const BACKFILL_DAYS = 30;

/** Unix seconds of 00:00Z of the day containing `sec`. */
export function utcDayStart(sec: number): number {
  return Math.floor(sec / DAY_SEC) * DAY_SEC;
}

/** YYYY-MM-DD (UTC) of unix seconds. */
export function isoDay(sec: number): string {
  return new Date(sec * 1000).toISOString().slice(0, 10);
}

/**
 * Unix seconds of 00:00Z of the day a value names: 'YYYY-MM-DD', or a timestamp. A timestamp without a zone
 * ('2026-11-20 00:00:00', as LiteLLM writes naive UTC) is read as UTC, never in the machine's time zone.
 * Undefined when unparseable.
 */
export function dayOf(value: string): number | undefined {
  const v = value.trim();
  const naive = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]*)?$/.exec(v);
  const ms = naive ? Date.UTC(Number(naive[1]), Number(naive[2]) - 1, Number(naive[3])) : Date.parse(v);
  return Number.isNaN(ms) ? undefined : utcDayStart(Math.floor(ms / 1000));
}

/**
 * The days a poll asks for: from the day of `since` (or BACKFILL_DAYS back on the first poll) through today.
 * The cursor is today's 00:00Z, so the next poll fetches today again and its samples overwrite these
 * (ingestion upserts on series + ts: a retried or repeated poll never duplicates).
 */
export function pollWindow(ctx: Pick<PollContext, 'since' | 'now'>): { from: number; to: number; cursor: number } {
  const today = utcDayStart(ctx.now);
  const from = ctx.since === null ? today - BACKFILL_DAYS * DAY_SEC : Math.min(utcDayStart(ctx.since), today);
  return { from, to: today, cursor: today };
}

/** A number from a JSON value that may be a number or a numeric string; NaN/±Inf/absent → undefined. */
export function num(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A numeric field as APIs send it: number, numeric string, or null/absent for "no data". */
export const looseNumber = z.union([z.number(), z.string(), z.null()]).optional();

/** Parses `data` or throws a 'shape' error naming the endpoint and the first field that did not match. */
export function parseShape<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.join('.') : 'the body';
  throw new ConnectorError('shape', `${what} answered with an unexpected shape at ${field}: ${issue?.message ?? ''}`);
}

/** Collects points per (initiative, metric, dims); a later value for the same timestamp replaces the earlier. */
export class BatchBuilder {
  private readonly series = new Map<string, { batch: Omit<SampleBatch, 'points'>; points: Map<number, number> }>();

  constructor(private readonly family: string) {}

  add(initiativeId: number, metric: CanonicalMetric, dims: Record<string, string>, ts: number, value: unknown): void {
    const v = num(value);
    if (v === undefined) return;
    const key = JSON.stringify([initiativeId, metric, Object.entries(dims).sort()]);
    let s = this.series.get(key);
    if (!s) {
      s = { batch: { initiativeId, metric, family: this.family, dims }, points: new Map() };
      this.series.set(key, s);
    }
    s.points.set(ts, v);
  }

  build(): SampleBatch[] {
    return [...this.series.values()].map(({ batch, points }) => ({
      ...batch,
      points: [...points.entries()].sort((a, b) => a[0] - b[0]),
    }));
  }
}

/** Between requests: a cancelled poll (pause, shutdown) stops as a classified error like any other. */
export function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ConnectorError('network', 'The poll was cancelled');
}

/**
 * Refuses selector keys a connector cannot apply: ignoring one would hand the whole connection's spend to
 * the initiative. Stage 'query', naming the key and what is supported.
 */
export function checkSelector(kindLabel: string, selector: Record<string, string>, supported: readonly string[]): void {
  const bad = Object.keys(selector).filter((k) => !supported.includes(k));
  if (bad.length > 0)
    throw new ConnectorError(
      'query',
      `${kindLabel} bindings cannot select on ${bad.join(', ')}; use ${supported.join(', ')}`,
    );
}

/** Whether the connection's auth needs a secret that is not there (the poll throws, the Test stops). */
export function missingSecret(target: ConnectionTarget): ConnectorError | null {
  if (target.authKind === 'none' || target.secret) return null;
  const what = target.authKind === 'basic' ? 'a password or secret key' : 'an API key';
  return new ConnectorError('no_secret', `${target.name} needs ${what}, and none is set`);
}

export interface Step {
  /** "GET /health/readiness" */
  name: string;
  /** Runs the request; returns the check's detail ("200, LiteLLM 1.80.0"). Throw ConnectorError to stop. */
  run(): Promise<string>;
}

export interface DiagnosisExtras {
  version?: string;
  samples?: string[];
}

/**
 * Runs checks in order and stops at the first failure: the Test button's report. Never throws: an
 * unexpected exception becomes a failed check so the user still sees which step broke.
 */
export async function runDiagnosis(
  steps: Array<Step | (() => Step | null)>,
  /** Read after the steps ran: what they found (version, sample names) so far. */
  found: () => DiagnosisExtras,
  okMessage: () => string,
): Promise<Diagnosis> {
  const started = performance.now();
  const checks: DiagnosisCheck[] = [];
  const elapsed = () => Math.round(performance.now() - started);
  for (const item of steps) {
    const step = typeof item === 'function' ? item() : item;
    if (step === null) continue;
    try {
      const detail = await step.run();
      checks.push({ name: step.name, ok: true, detail });
    } catch (e) {
      const err =
        e instanceof ConnectorError
          ? e
          : new ConnectorError('network', `${step.name} failed unexpectedly: ${e instanceof Error ? e.name : 'error'}`);
      checks.push({ name: step.name, ok: false, detail: err.message });
      const extras = found();
      return {
        ok: false,
        stage: err.stage,
        message: err.message,
        ...(err.httpStatus !== undefined ? { httpStatus: err.httpStatus } : {}),
        ...(err.retryAfterSec !== undefined ? { retryAfterSec: err.retryAfterSec } : {}),
        ...(extras.version !== undefined ? { version: extras.version } : {}),
        ...(extras.samples && extras.samples.length > 0 ? { samples: extras.samples } : {}),
        checks,
        elapsedMs: elapsed(),
      };
    }
  }
  const extras = found();
  return {
    ok: true,
    stage: 'ok',
    message: okMessage(),
    ...(extras.version !== undefined ? { version: extras.version } : {}),
    ...(extras.samples && extras.samples.length > 0 ? { samples: extras.samples } : {}),
    checks,
    elapsedMs: elapsed(),
  };
}

/** A step that fails with no_secret when the connection needs one it does not have. */
export function secretStep(target: ConnectionTarget): () => Step | null {
  return () => {
    const err = missingSecret(target);
    if (!err) return null;
    return {
      name: 'Secret',
      run: () => Promise.reject(err),
    };
  };
}

/** Up to `n` distinct names, in first-seen order. */
export function firstDistinct(values: Iterable<string>, n = 5): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (!out.includes(v)) out.push(v);
    if (out.length >= n) break;
  }
  return out;
}

/** Per-poll memo of identical requests: bindings that need the same response share one call. */
export class RequestMemo {
  private readonly cache = new Map<string, Promise<unknown>>();
  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    let p = this.cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = load();
      this.cache.set(key, p);
    }
    return p;
  }
}
