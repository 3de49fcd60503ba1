import { z } from 'zod';
import { vocabulary } from '../enums';
import { entityId } from '../initiative';

/**
 * Live connections (issue 6): a monitoring system or AI gateway the app polls. The database keeps the
 * connection's settings and a *reference* to its secret (`secretRef`), never the secret: the secret lives
 * in the host's secret store (Electron safeStorage in the app, an environment variable for the CLI, an
 * in-memory store in tests).
 */

export const CONNECTION_KINDS = vocabulary([
  { id: 'prometheus', label: 'Prometheus (PromQL)' },
  { id: 'alertmanager', label: 'Alertmanager' },
  { id: 'litellm', label: 'LiteLLM proxy' },
  { id: 'langfuse', label: 'Langfuse' },
  { id: 'openrouter', label: 'OpenRouter' },
] as const);
export type ConnectionKind = (typeof CONNECTION_KINDS.ids)[number];

export const AUTH_KINDS = vocabulary([
  { id: 'none', label: 'No authentication' },
  { id: 'bearer', label: 'Bearer token / API key' },
  { id: 'basic', label: 'Username and password (basic)' },
] as const);
export type AuthKind = (typeof AUTH_KINDS.ids)[number];

/**
 * Polling budgets from live-apis.md §5: Prometheus/Alertmanager 15–60 s, LiteLLM 5–15 min. Langfuse hourly: a
 * poll costs 3 metrics calls per binding and the Hobby plan allows 100 a day.
 */
export const DEFAULT_POLL_SECONDS: Record<ConnectionKind, number> = {
  prometheus: 30,
  alertmanager: 30,
  litellm: 600,
  langfuse: 3600,
  openrouter: 3600,
};

/** The auth each kind uses unless told otherwise: Langfuse is basic (public key : secret key), gateways bearer. */
export const DEFAULT_AUTH: Record<ConnectionKind, AuthKind> = {
  prometheus: 'none',
  alertmanager: 'none',
  litellm: 'bearer',
  langfuse: 'basic',
  openrouter: 'bearer',
};

export const CONNECTION_LIMITS = {
  name: 80,
  url: 2048,
  username: 200,
  secret: 4096,
  minTimeoutMs: 500,
  maxTimeoutMs: 120_000,
  defaultTimeoutMs: 10_000,
  minPollSeconds: 5,
  maxPollSeconds: 86_400,
} as const;

/**
 * An http(s) base URL without credentials, query or fragment: user:password@ in a URL would put a secret
 * in the database and in every error message that quotes the URL.
 */
export const baseUrl = z
  .string()
  .trim()
  .min(1, 'Enter the server address')
  .max(CONNECTION_LIMITS.url)
  .superRefine((raw, ctx) => {
    if (!URL.canParse(raw)) {
      ctx.addIssue({ code: 'custom', message: 'Enter a full address like http://127.0.0.1:9090' });
      return;
    }
    const u = new URL(raw);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'Only http:// and https:// addresses are supported' });
    } else if (u.username !== '' || u.password !== '') {
      ctx.addIssue({ code: 'custom', message: 'Put credentials in the secret field, not in the address' });
    } else if (u.search !== '' || u.hash !== '') {
      ctx.addIssue({ code: 'custom', message: 'The address cannot have a query (?) or fragment (#)' });
    }
  })
  // One spelling per server: no trailing slash, so `${base}/api/v1/query` never doubles it.
  .transform((raw) => raw.replace(/\/+$/, ''));

const name = z.string().trim().min(1, 'Enter a name').max(CONNECTION_LIMITS.name);
const timeoutMs = z
  .number()
  .int()
  .min(CONNECTION_LIMITS.minTimeoutMs, 'Timeout must be at least 0.5 s')
  .max(CONNECTION_LIMITS.maxTimeoutMs, 'Timeout must be at most 120 s');
const pollIntervalSec = z
  .number()
  .int()
  .min(CONNECTION_LIMITS.minPollSeconds, 'Poll at most every 5 s')
  .max(CONNECTION_LIMITS.maxPollSeconds, 'Poll at least once a day');
const username = z.string().trim().max(CONNECTION_LIMITS.username);
/** A secret travels renderer → main once, on save; it is never sent back. */
export const secretValue = z.string().min(1, 'Enter the secret').max(CONNECTION_LIMITS.secret);

export const connectionCreateInput = z.strictObject({
  kind: z.enum(CONNECTION_KINDS.ids),
  name,
  baseUrl,
  authKind: z.enum(AUTH_KINDS.ids).optional(),
  username: username.optional(),
  timeoutMs: timeoutMs.optional(),
  pollIntervalSec: pollIntervalSec.optional(),
  /** Stored in the secret store under a new reference; omitted = no secret. */
  secret: secretValue.optional(),
});

export const connectionUpdateInput = z.strictObject({
  id: entityId,
  patch: z.strictObject({
    name: name.optional(),
    baseUrl: baseUrl.optional(),
    authKind: z.enum(AUTH_KINDS.ids).optional(),
    username: username.optional(),
    timeoutMs: timeoutMs.optional(),
    pollIntervalSec: pollIntervalSec.optional(),
    /** A new secret replaces the old; `null` removes it. Omitted = unchanged. */
    secret: secretValue.nullable().optional(),
  }),
});

/** Test a saved connection (`id`), or an unsaved draft from the form (its secret, if typed, travels once). */
export const connectionTestInput = z.union([
  z.strictObject({ id: entityId }),
  z.strictObject({ draft: connectionCreateInput }),
]);

export const connectionPauseInput = z.strictObject({ id: entityId, paused: z.boolean() });

export const CONNECTION_STATES = vocabulary([
  { id: 'ok', label: 'Connected' },
  { id: 'never', label: 'Not polled yet' },
  { id: 'failing', label: 'Failing, retrying' },
  { id: 'circuit_open', label: 'Stopped after repeated failures' },
  { id: 'paused', label: 'Paused' },
] as const);
export type ConnectionState = (typeof CONNECTION_STATES.ids)[number];

/** What the UI and `connections list` show. No secret, only whether one is set. */
export interface Connection {
  id: number;
  kind: ConnectionKind;
  name: string;
  baseUrl: string;
  authKind: AuthKind;
  username: string | null;
  hasSecret: boolean;
  /** Where the secret lives: 'store' (OS secret store), 'env:VAR' (environment, for the CLI), or null. */
  secretSource: 'store' | `env:${string}` | null;
  timeoutMs: number;
  pollIntervalSec: number;
  paused: boolean;
  state: ConnectionState;
  /** Server version found by the last successful test or poll. */
  version: string | null;
  lastOkAt: string | null;
  lastErrorAt: string | null;
  lastError: { stage: DiagnosisStage; message: string } | null;
  consecutiveFailures: number;
  nextPollAt: string | null;
  bindingCount: number;
  createdAt: string;
  updatedAt: string;
}

/** Where a request failed (or 'ok'): the Test button and every poll report one of these. */
export const DIAGNOSIS_STAGES = vocabulary([
  { id: 'ok', label: 'Reachable' },
  { id: 'dns', label: 'Host name not found' },
  { id: 'refused', label: 'Connection refused' },
  { id: 'tls', label: 'TLS / certificate problem' },
  { id: 'timeout', label: 'Timed out' },
  { id: 'network', label: 'Network error' },
  { id: 'auth', label: 'Not authorised (401/403)' },
  { id: 'not_found', label: 'Wrong path (404)' },
  { id: 'rate_limited', label: 'Rate limited (429)' },
  { id: 'server_error', label: 'Server error (5xx)' },
  { id: 'http_error', label: 'Unexpected HTTP status' },
  { id: 'redirect', label: 'Redirected elsewhere' },
  { id: 'too_large', label: 'Response too large' },
  { id: 'content_type', label: 'Not a JSON response' },
  { id: 'shape', label: 'Unexpected response shape' },
  { id: 'no_secret', label: 'Secret missing' },
  { id: 'query', label: 'Query rejected' },
] as const);
export type DiagnosisStage = (typeof DIAGNOSIS_STAGES.ids)[number];

/** One step of a test: "GET /api/v1/status/buildinfo → 200, version 2.42.0". */
export interface DiagnosisCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Diagnosis {
  ok: boolean;
  /** 'ok' when everything answered as expected, else the first failure's stage. */
  stage: DiagnosisStage;
  /** One sentence a user can act on; never contains the secret. */
  message: string;
  httpStatus?: number;
  retryAfterSec?: number;
  version?: string;
  /** A few series or record names the server returned, as proof of life. */
  samples?: string[];
  checks: DiagnosisCheck[];
  elapsedMs: number;
}
