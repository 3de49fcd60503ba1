// The one HTTP client of the connectors: Node's fetch with a deadline, a body-size cap, same-origin redirects
// only, auth headers from the connection, and every failure classified into a DiagnosisStage the user can act
// on. Messages never carry the secret: they are scrubbed before they leave here.
import type { DiagnosisStage } from '../../../shared/domain/connections/connection';
import { ConnectorError, type ConnectionTarget } from './types';

/** Larger than any response a poll needs (a day of spend logs is a few MB); a bigger body is refused. */
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
const MAX_REDIRECTS = 3;

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  maxBytes?: number;
  signal?: AbortSignal;
  /** Strings to cut out of any error message (the secret, its base64 form). */
  scrub?: readonly string[];
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
  url: string;
  elapsedMs: number;
}

export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

/** Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when absent/garbled. */
export function parseRetryAfter(value: string | null, now: Date = new Date()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v), 86_400);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.min(Math.ceil((at - now.getTime()) / 1000), 86_400));
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Maps a thrown fetch/stream error to a stage and a sentence. */
export function classifyNetworkError(e: unknown, host: string, timeoutMs: number): ConnectorError {
  const name = e instanceof Error ? e.name : '';
  if (name === 'TimeoutError')
    return new ConnectorError('timeout', `${host} did not answer within ${timeoutMs / 1000} s`);
  if (name === 'AbortError') return new ConnectorError('network', `The request to ${host} was cancelled`);
  // fetch refuses the ports of the Fetch standard's "bad port" list (1, 7, 9, … 6000, 6665–6669, …) before
  // connecting: say so, or the user hunts for a network problem that is not there.
  const cause = e instanceof Error ? (e as { cause?: unknown }).cause : undefined;
  if (cause instanceof Error && cause.message === 'bad port') {
    return new ConnectorError(
      'network',
      `${host} uses a port that HTTP clients refuse to contact (the Fetch standard's blocked ports); serve it on another port`,
    );
  }
  const code = errorCode(e);
  const stage: DiagnosisStage =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? 'dns'
      : code === 'ECONNREFUSED'
        ? 'refused'
        : code !== undefined && (TLS_CODES.has(code) || code.startsWith('ERR_SSL') || code.startsWith('CERT_'))
          ? 'tls'
          : code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
            ? 'timeout'
            : 'network';
  const detail = code ? ` (${code})` : '';
  const message =
    stage === 'dns'
      ? `The host name ${host} could not be resolved${detail}`
      : stage === 'refused'
        ? `${host} refused the connection: nothing is listening on that port${detail}`
        : stage === 'tls'
          ? `The TLS handshake with ${host} failed: the certificate is not trusted or the server does not speak HTTPS${detail}`
          : stage === 'timeout'
            ? `${host} did not answer within ${timeoutMs / 1000} s${detail}`
            : `The connection to ${host} failed before a complete response arrived${detail}`;
  return new ConnectorError(stage, message);
}

async function readCapped(res: Response, maxBytes: number, host: string): Promise<string> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new ConnectorError('too_large', `${host} sent ${declared} bytes; the limit is ${maxBytes}`);
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new ConnectorError('too_large', `${host} sent more than ${maxBytes} bytes; the limit is ${maxBytes}`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * One request. Resolves for any HTTP status (the caller decides what a status means); throws ConnectorError
 * for network failures, timeouts, over-size bodies and redirects to another origin.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpResponse> {
  const started = performance.now();
  const secrets = req.scrub ?? [];
  let url = new URL(req.url);
  const origin = url.origin;
  const deadline = AbortSignal.timeout(req.timeoutMs);
  const signal = req.signal ? AbortSignal.any([deadline, req.signal]) : deadline;
  try {
    for (let hop = 0; ; hop++) {
      const res = await fetch(url, {
        method: req.method ?? 'GET',
        headers: req.headers,
        body: req.body,
        redirect: 'manual',
        signal,
      });
      if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
        await res.body?.cancel();
        const next = new URL(res.headers.get('location') ?? '', url);
        // Following a redirect to another origin would hand it the Authorization header.
        if (next.origin !== origin) {
          throw new ConnectorError(
            'redirect',
            `${url.host} redirected to another server (${next.host}); the address may be wrong or a login page is in front`,
            res.status,
          );
        }
        if (hop >= MAX_REDIRECTS)
          throw new ConnectorError('redirect', `${url.host} redirected too many times`, res.status);
        url = next;
        continue;
      }
      const body = await readCapped(res, req.maxBytes ?? DEFAULT_MAX_BYTES, url.host);
      return {
        status: res.status,
        headers: res.headers,
        body,
        url: url.toString(),
        elapsedMs: performance.now() - started,
      };
    }
  } catch (e) {
    if (e instanceof ConnectorError)
      throw new ConnectorError(e.stage, scrub(e.message, secrets), e.httpStatus, e.retryAfterSec);
    // Which signal fired decides, not the error's name: a caller may abort with its own reason, and a
    // deadline hit mid-body surfaces as whatever the stream threw.
    if (req.signal?.aborted && !deadline.aborted)
      throw new ConnectorError('network', `The request to ${scrub(url.host, secrets)} was cancelled`);
    if (deadline.aborted)
      throw new ConnectorError(
        'timeout',
        scrub(`${url.host} did not answer within ${req.timeoutMs / 1000} s`, secrets),
      );
    const err = classifyNetworkError(e, url.host, req.timeoutMs);
    throw new ConnectorError(err.stage, scrub(err.message, secrets));
  }
}

/** The Authorization header the connection's auth kind asks for. */
export function authHeaders(
  target: Pick<ConnectionTarget, 'authKind' | 'username' | 'secret'>,
): Record<string, string> {
  if (target.authKind === 'bearer' && target.secret) return { authorization: `Bearer ${target.secret}` };
  if (target.authKind === 'basic' && target.secret !== null) {
    const token = Buffer.from(`${target.username ?? ''}:${target.secret}`).toString('base64');
    return { authorization: `Basic ${token}` };
  }
  return {};
}

/** The strings that must never appear in a message: the secret and its basic-auth encoding. */
export function secretsOf(target: Pick<ConnectionTarget, 'authKind' | 'username' | 'secret'>): string[] {
  if (!target.secret) return [];
  return [target.secret, Buffer.from(`${target.username ?? ''}:${target.secret}`).toString('base64')];
}

/** Maps a non-2xx status to a classified error, reading the server's own message where it has one. */
export function statusError(res: HttpResponse, what: string): ConnectorError {
  const s = res.status;
  const serverSays = serverMessage(res.body);
  const tail = serverSays ? `: ${serverSays}` : '';
  if (s === 401 || s === 403)
    return new ConnectorError('auth', `${what} was refused (${s})${tail}. Check the API key or credentials`, s);
  if (s === 404)
    return new ConnectorError('not_found', `${what} is not at this address (404). Check the base URL and path`, s);
  if (s === 429) {
    const retry = parseRetryAfter(res.headers.get('retry-after'));
    const when = retry !== undefined ? `; retry after ${retry} s` : '';
    return new ConnectorError('rate_limited', `${what} is rate limited (429)${when}`, s, retry);
  }
  if (s >= 500) {
    const retry = parseRetryAfter(res.headers.get('retry-after'));
    return new ConnectorError('server_error', `${what} failed on the server (${s})${tail}`, s, retry);
  }
  return new ConnectorError('http_error', `${what} answered ${s}${tail}`, s);
}

/** A short, printable excerpt of an error body: JSON `error`/`message` fields, else the first line. */
function serverMessage(body: string): string {
  const text = body.trim();
  if (text === '') return '';
  try {
    const j: unknown = JSON.parse(text);
    if (typeof j === 'string') return j.slice(0, 200);
    if (j && typeof j === 'object') {
      const o = j as Record<string, unknown>;
      const err = o.error;
      if (typeof err === 'string') return err.slice(0, 200);
      if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string')
        return (err as { message: string }).message.slice(0, 200);
      if (typeof o.message === 'string') return o.message.slice(0, 200);
      if (typeof o.detail === 'string') return o.detail.slice(0, 200);
    }
  } catch {
    // not JSON: fall through to the first line
  }
  return (text.split('\n')[0] ?? '').replace(/<[^>]*>/g, '').slice(0, 200);
}

export interface JsonResponse {
  status: number;
  data: unknown;
  headers: Headers;
  elapsedMs: number;
}

/**
 * GET (or POST) a JSON endpoint of the connection: auth added, non-2xx → classified error, a non-JSON content
 * type or body → 'content_type' / 'shape'. `what` names the endpoint in messages ("GET /api/v1/query").
 */
export async function requestJson(
  target: ConnectionTarget,
  path: string,
  options: {
    method?: 'GET' | 'POST';
    query?: Record<string, string | undefined>;
    body?: unknown;
    signal?: AbortSignal;
    headers?: Record<string, string>;
    /** Body cap for this call; DEFAULT_MAX_BYTES when omitted. */
    maxBytes?: number;
  } = {},
): Promise<JsonResponse> {
  const url = new URL(target.baseUrl + path);
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const what = `${options.method ?? 'GET'} ${url.pathname}`;
  const res = await httpRequest({
    url: url.toString(),
    method: options.method,
    headers: {
      accept: 'application/json',
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
      ...authHeaders(target),
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    timeoutMs: target.timeoutMs,
    maxBytes: options.maxBytes,
    signal: options.signal,
    scrub: secretsOf(target),
  });
  if (res.status < 200 || res.status >= 300) {
    const e = statusError(res, what);
    throw new ConnectorError(e.stage, scrub(e.message, secretsOf(target)), e.httpStatus, e.retryAfterSec);
  }
  const type = res.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) {
    throw new ConnectorError(
      'content_type',
      `${what} answered with ${type || 'no content type'}, not JSON: the address may point at a web page or another service`,
      res.status,
    );
  }
  try {
    return {
      status: res.status,
      data: JSON.parse(res.body) as unknown,
      headers: res.headers,
      elapsedMs: res.elapsedMs,
    };
  } catch {
    throw new ConnectorError(
      'shape',
      `${what} sent malformed or truncated JSON (${res.body.length} bytes)`,
      res.status,
    );
  }
}
