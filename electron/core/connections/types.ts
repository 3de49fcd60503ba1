import type {
  AuthKind,
  ConnectionKind,
  Diagnosis,
  DiagnosisStage,
} from '../../../shared/domain/connections/connection';
import type { CanonicalMetric, MetricPreset } from '../../../shared/domain/connections/metrics';

/** What a connector needs of a connection: its settings and its secret, already read from the store. */
export interface ConnectionTarget {
  id: number;
  kind: ConnectionKind;
  name: string;
  baseUrl: string;
  authKind: AuthKind;
  username: string | null;
  /** The secret itself, in memory only for the length of one request; null when none is set. */
  secret: string | null;
  timeoutMs: number;
  pollIntervalSec: number;
}

/** A binding as a connector sees it. */
export interface BindingTarget {
  bindingId: number;
  initiativeId: number;
  preset: MetricPreset | null;
  selector: Record<string, string>;
  /** Canonical metric → concrete metric name found by detection (Prometheus only). */
  detected: Partial<Record<CanonicalMetric, string>>;
}

/** Points of one canonical metric for one initiative, as a poll returns them. */
export interface SampleBatch {
  initiativeId: number;
  metric: CanonicalMetric;
  /** Family within the connection: the Prometheus preset or the REST kind ('litellm', 'langfuse', …). */
  family: string;
  /** Extra dimensions kept with the series (model, team). Keys sorted when stored. */
  dims: Record<string, string>;
  /** [unix seconds, value]; NaN/±Inf are dropped by the connector (no data, never a number). */
  points: Array<[number, number]>;
}

export interface AlertSeen {
  initiativeId: number;
  fingerprint: string;
  name: string;
  severity: string | null;
  summary: string | null;
  labels: Record<string, string>;
  startsAt: string;
}

export interface PollContext {
  target: ConnectionTarget;
  bindings: BindingTarget[];
  /** Unix seconds the previous successful poll reached; null on the first poll (connectors backfill a default window). */
  since: number | null;
  /** Unix seconds. */
  now: number;
  signal: AbortSignal;
}

export interface PollResult {
  batches: SampleBatch[];
  /** Alerts currently active for bound initiatives (alert connectors only); absent = this kind has none. */
  alerts?: AlertSeen[];
  version?: string;
  /** Unix seconds up to which data is complete; the next poll starts here. */
  cursor: number;
}

export interface Connector {
  kind: ConnectionKind;
  /** The Test button: each endpoint tried, what answered; never throws. */
  test(target: ConnectionTarget, signal?: AbortSignal): Promise<Diagnosis>;
  /** One poll; throws ConnectorError on failure (the scheduler records it and backs off). */
  poll(ctx: PollContext): Promise<PollResult>;
}

/** A failed request, classified. `message` never contains the secret (the HTTP client scrubs it). */
export class ConnectorError extends Error {
  constructor(
    readonly stage: DiagnosisStage,
    message: string,
    readonly httpStatus?: number,
    /** From Retry-After (seconds or HTTP date), when the server sent one. */
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}
