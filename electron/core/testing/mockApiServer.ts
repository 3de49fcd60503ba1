// A local HTTP server that stands in for LiteLLM, Langfuse and OpenRouter in tests: it replays the recorded
// fixtures in ../shared/fixtures/api, checks auth the way each API does, pages, records every request it saw,
// and injects the faults real servers and networks produce (slow, 5xx, 429, malformed, truncated, huge, HTML
// login page, cross-host redirect, never answering). Kept free of vitest so e2e tests and the bench can use it.
//
//   const api = await MockApiServer.start({ auth: { kind: 'bearer', secret: 'sk-test' } });
//   api.json('GET', '/health/readiness', fixture('litellm-health-readiness.json'), { public: true });
//   api.fault('/user/daily/activity', { kind: 'status', status: 503 }, { times: 1 });
//   … target.baseUrl = api.url …
//   expect(api.requests.map((r) => r.path)).toEqual([...]);
//   await api.close();
import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiagnosisStage } from '../../../shared/domain/connections/connection';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root; CI clones the repo next to `shared/`, exactly like the dev checkout. */
const REPO_ROOT = resolve(here, '../../..');
// A copy of ../shared/fixtures/api (the recorded responses given with the project) kept in the repo, so the
// tests do not depend on what sits beside the checkout.
export const FIXTURES_DIR = resolve(REPO_ROOT, 'electron/core/testing/fixtures/api');

/** A recorded response body, parsed when it is JSON (`.json`), else the raw text. */
export function fixture(name: string): unknown {
  const text = fixtureText(name);
  return name.endsWith('.json') ? (JSON.parse(text) as unknown) : text;
}

export function fixtureText(name: string): string {
  return readFileSync(resolve(FIXTURES_DIR, name), 'utf8');
}

export interface SeenRequest {
  method: string;
  path: string;
  /** Query parameters; a repeated key keeps its last value (the APIs here never repeat one). */
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the request passed the server's auth check (false = it got the 401). */
  authorized: boolean;
}

export interface MockReply {
  status?: number;
  /** A JSON value (serialised) or, with `raw`, the exact text to send. */
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (req: SeenRequest) => MockReply;

export type Fault =
  /** Waits this long before sending headers (make it longer than the client's timeout). */
  | { kind: 'slow'; delayMs: number }
  /** An error status, with an optional body and Retry-After header. */
  | { kind: 'status'; status: number; body?: unknown; retryAfter?: string }
  /** 429 with Retry-After in seconds (a number) or as an HTTP date (a Date). */
  | { kind: 'rate_limited'; retryAfter: number | Date; body?: unknown }
  /** 200, application/json, but the body is not JSON. */
  | { kind: 'malformed' }
  /** Declares a larger Content-Length, sends part of the body, then destroys the socket. */
  | { kind: 'truncated' }
  /** Streams `bytes` of JSON-looking filler (default 32 MiB); with `declareLength`, says so in Content-Length. */
  | { kind: 'huge'; bytes?: number; declareLength?: boolean }
  /** 200 with a text/html login page, as an SSO proxy in front of the API answers. */
  | { kind: 'html' }
  /**
   * 302. 'other-host' points at the same server by the other loopback name (127.0.0.1 ↔ localhost), which is
   * another origin; 'same-origin' points at `path` on this server; or an absolute `location`.
   */
  | { kind: 'redirect'; to: 'other-host' | 'same-origin' | 'absolute'; path?: string; location?: string }
  /** Reads the request and never answers. */
  | { kind: 'hang' };

export interface MockAuth {
  kind: 'bearer' | 'basic';
  secret: string;
  /** Basic only: the user name (Langfuse's public key). */
  username?: string;
  /** Also accept the key in this header (LiteLLM's `x-litellm-api-key`). */
  altHeader?: string;
  /** Body of the 401 (the API's own error shape); status 401 unless `status` says otherwise. */
  unauthorized?: unknown;
  status?: number;
}

interface Route {
  method: string;
  path: string;
  handler: RouteHandler;
  public: boolean;
}

interface ArmedFault {
  path: string;
  fault: Fault;
  /** Remaining uses; Infinity = until cleared. */
  times: number;
}

const HTML_LOGIN =
  '<!doctype html><html><head><title>Sign in</title></head><body><form action="/login">' +
  '<input name="user"><input name="password" type="password"></form></body></html>';

export class MockApiServer {
  /** Every request in arrival order, including those answered with a fault or a 401. */
  readonly requests: SeenRequest[] = [];
  private readonly routes: Route[] = [];
  private faults: ArmedFault[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sockets = new Set<Socket>();
  private auth: MockAuth | null;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    auth: MockAuth | null,
  ) {
    this.auth = auth;
  }

  /** Listens on 127.0.0.1 on a free port. */
  static async start(options: { auth?: MockAuth } = {}): Promise<MockApiServer> {
    let self: MockApiServer | null = null;
    const server = createServer((req, res) => {
      if (self) self.handle(req, res);
    });
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(0, '127.0.0.1', () => res());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('mock server has no port');
    self = new MockApiServer(server, address.port, options.auth ?? null);
    const s = self;
    server.on('connection', (socket: Socket) => {
      s.sockets.add(socket);
      socket.once('close', () => s.sockets.delete(socket));
    });
    return self;
  }

  /** Base URL to put in a connection: http://127.0.0.1:PORT (no trailing slash). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The same server under its other loopback name: another origin as far as a client is concerned. */
  get otherHostUrl(): string {
    return `http://localhost:${this.port}`;
  }

  setAuth(auth: MockAuth | null): void {
    this.auth = auth;
  }

  /** Serves a handler's reply at method + exact path. `public` routes skip the auth check (health probes). */
  route(method: 'GET' | 'POST', path: string, handler: RouteHandler, options: { public?: boolean } = {}): this {
    this.routes.unshift({ method, path, handler, public: options.public ?? false });
    return this;
  }

  /** Serves a fixed JSON body (status 200 unless given). */
  json(method: 'GET' | 'POST', path: string, body: unknown, options: { public?: boolean; status?: number } = {}): this {
    return this.route(method, path, () => ({ status: options.status ?? 200, body }), options);
  }

  /**
   * Serves `pages[n-1]` for `?<param>=n` (default param `page`, first page when absent); a page past the
   * end is a 404 body, so a client that ignores total_pages is caught.
   */
  paged(path: string, pages: unknown[], options: { param?: string; public?: boolean } = {}): this {
    const param = options.param ?? 'page';
    return this.route(
      'GET',
      path,
      (req) => {
        const n = Number(req.query[param] ?? '1');
        const page = Number.isInteger(n) && n >= 1 ? pages[n - 1] : undefined;
        return page === undefined ? { status: 404, body: { error: `no page ${req.query[param]}` } } : { body: page };
      },
      options,
    );
  }

  /** Arms a fault on a path (exact, or '*' for every path) for the next `times` requests (default: until cleared). */
  fault(path: string, fault: Fault, options: { times?: number } = {}): this {
    this.faults.push({ path, fault, times: options.times ?? Infinity });
    return this;
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Requests to one path, for asserting what a client sent. */
  seen(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Stops listening and destroys open sockets, including those held by 'hang' and 'slow'. */
  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((res) => this.server.close(() => res()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', this.url);
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        authorized: true,
      };
      this.requests.push(seen);
      const armed = this.faults.find((f) => f.times > 0 && (f.path === '*' || f.path === seen.path));
      if (armed) {
        armed.times -= 1;
        this.applyFault(armed.fault, seen, res);
        return;
      }
      const route = this.routes.find((r) => r.path === seen.path && r.method === seen.method);
      if (!route) {
        send(res, { status: 404, body: { detail: 'Not Found' } });
        return;
      }
      if (!route.public && this.auth && !this.authorized(req.headers)) {
        seen.authorized = false;
        send(res, {
          status: this.auth.status ?? 401,
          body: this.auth.unauthorized ?? { error: 'unauthorized' },
          headers: this.auth.kind === 'basic' ? { 'www-authenticate': 'Basic realm="api"' } : {},
        });
        return;
      }
      send(res, route.handler(seen));
    });
  }

  private authorized(headers: IncomingHttpHeaders): boolean {
    const a = this.auth;
    if (!a) return true;
    const header = headers.authorization ?? '';
    if (a.kind === 'bearer') {
      if (header === `Bearer ${a.secret}`) return true;
      const alt = a.altHeader ? headers[a.altHeader.toLowerCase()] : undefined;
      return alt === a.secret;
    }
    const expected = Buffer.from(`${a.username ?? ''}:${a.secret}`).toString('base64');
    return header === `Basic ${expected}`;
  }

  private applyFault(fault: Fault, seen: SeenRequest, res: ServerResponse): void {
    switch (fault.kind) {
      case 'slow': {
        const route = this.routes.find((r) => r.path === seen.path && r.method === seen.method);
        const t = setTimeout(() => {
          this.timers.delete(t);
          if (!res.destroyed) send(res, route ? route.handler(seen) : { body: {} });
        }, fault.delayMs);
        this.timers.add(t);
        return;
      }
      case 'status':
        send(res, {
          status: fault.status,
          body: fault.body ?? { error: `status ${fault.status}` },
          headers: fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {},
        });
        return;
      case 'rate_limited': {
        const retryAfter = fault.retryAfter instanceof Date ? fault.retryAfter.toUTCString() : String(fault.retryAfter);
        send(res, {
          status: 429,
          body: fault.body ?? { error: { message: 'Rate limit exceeded' } },
          headers: { 'retry-after': retryAfter },
        });
        return;
      }
      case 'malformed':
        send(res, {
          raw: '{"results": [{"date": "2026-11-20", "metrics": {"spend": 1.5,',
          contentType: 'application/json',
        });
        return;
      case 'truncated': {
        const body = Buffer.from(JSON.stringify({ results: [], filler: 'x'.repeat(4096) }));
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length * 2) });
        res.write(body, () => res.socket?.destroy());
        return;
      }
      case 'huge':
        streamHuge(res, fault.bytes ?? 32 * 1024 * 1024, fault.declareLength ?? false);
        return;
      case 'html':
        send(res, { raw: HTML_LOGIN, contentType: 'text/html; charset=utf-8' });
        return;
      case 'redirect': {
        const search = new URLSearchParams(seen.query).toString();
        const pathAndQuery = (fault.path ?? seen.path) + (search ? `?${search}` : '');
        const location =
          fault.to === 'other-host'
            ? `${this.otherHostUrl}${pathAndQuery}`
            : fault.to === 'same-origin'
              ? pathAndQuery
              : (fault.location ?? 'http://example.invalid/');
        send(res, { status: 302, raw: '', contentType: 'text/plain', headers: { location } });
        return;
      }
      case 'hang':
        // Keep the socket open and never write: the client's deadline is the only way out.
        return;
    }
  }
}

function send(res: ServerResponse, reply: MockReply): void {
  const text = reply.raw ?? JSON.stringify(reply.body ?? null);
  res.writeHead(reply.status ?? 200, {
    'content-type': reply.contentType ?? 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    ...reply.headers,
  });
  res.end(text);
}

/** Writes filler honouring back-pressure until `bytes` are out or the client hangs up. */
function streamHuge(res: ServerResponse, bytes: number, declareLength: boolean): void {
  res.writeHead(200, {
    'content-type': 'application/json',
    ...(declareLength ? { 'content-length': String(bytes + 2) } : {}),
  });
  const chunk = Buffer.from('"' + 'x'.repeat(64 * 1024 - 2) + '",');
  let sent = 0;
  res.write('[');
  const pump = (): void => {
    while (sent < bytes && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(']');
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

/**
 * A TCP server that accepts connections and never reads or writes: what a firewall black hole or a wedged
 * process looks like from the client. `url` is an http:// base URL pointing at it.
 */
export async function startSilentServer(): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => res());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('silent server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
}

/** A port nothing listens on: bound once to learn a free number, then released. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  const address = server.address();
  const port = address !== null && typeof address !== 'string' ? address.port : 0;
  await new Promise<void>((res) => server.close(() => res()));
  return port;
}

// ---- Presets: each API's recorded responses at its real paths, with its real auth. ----

/** LiteLLM proxy: bearer (or x-litellm-api-key), unauthenticated health probes, paged daily activity. */
export async function startLiteLlmMock(secret: string): Promise<MockApiServer> {
  const api = await MockApiServer.start({
    auth: { kind: 'bearer', secret, altHeader: 'x-litellm-api-key', unauthorized: fixture('litellm-error-401.json') },
  });
  api.json('GET', '/health/readiness', fixture('litellm-health-readiness.json'), { public: true });
  api.json('GET', '/health/liveliness', fixture('litellm-health-liveliness.json'), { public: true });
  api.json('GET', '/key/info', fixture('litellm-key-info.json'));
  api.paged('/user/daily/activity', [fixture('litellm-user-daily-activity.json')]);
  api.paged('/team/daily/activity', [fixture('litellm-user-daily-activity.json')]);
  api.paged('/tag/daily/activity', [fixture('litellm-user-daily-activity.json')]);
  api.json('GET', '/spend/logs/v2', fixture('litellm-spend-logs-v2.json'));
  return api;
}

/**
 * Langfuse: basic auth (public key : secret key). The metrics routes answer by the query's `view`, as the real
 * API does: observations → the v1 by-model-day fixture, scores-numeric → the v2 scores fixture (placed on the
 * fixtures' days), each re-aggregated to the query's dimensions and time dimension. `v2Metrics: false` makes
 * /api/public/v2/metrics a 404, as on a server before Langfuse v4.
 */
export async function startLangfuseMock(
  publicKey: string,
  secret: string,
  options: { v2Metrics?: boolean } = {},
): Promise<MockApiServer> {
  const api = await MockApiServer.start({
    auth: { kind: 'basic', username: publicKey, secret, unauthorized: fixture('langfuse-error-401.json') },
  });
  api.json('GET', '/api/public/health', fixture('langfuse-health.json'), { public: true });
  const metrics: RouteHandler = (req) => {
    let query: { view?: string; dimensions?: Array<{ field: string }>; timeDimension?: unknown } = {};
    try {
      query = JSON.parse(req.query.query ?? '{}') as typeof query;
    } catch {
      return { status: 400, body: { message: 'Invalid query' } };
    }
    let rows: Record<string, unknown>[];
    if (query.view === 'observations') {
      rows = (fixture('langfuse-metrics-v1-observations-by-model-day.json') as { data: typeof rows }).data;
    } else if (query.view === 'scores-numeric') {
      // The recorded scores query had no time dimension; place its rows on the fixtures' two days.
      rows = (fixture('langfuse-metrics-v2-scores-numeric.json') as { data: typeof rows }).data.map((row, i) => ({
        ...row,
        time_dimension: i === 2 ? '2026-11-21T00:00:00.000Z' : '2026-11-20T00:00:00.000Z',
      }));
    } else {
      return { status: 400, body: { message: `Unsupported view ${String(query.view)}` } };
    }
    const keep = (query.dimensions ?? []).map((d) => d.field);
    if (query.timeDimension) keep.push('time_dimension');
    return { body: { data: regroup(rows, keep) } };
  };
  api.route('GET', '/api/public/metrics', metrics);
  if (options.v2Metrics ?? true) api.route('GET', '/api/public/v2/metrics', metrics);
  else
    api.json(
      'GET',
      '/api/public/v2/metrics',
      { message: 'v2 metrics are only available in Langfuse v4' },
      {
        status: 404,
      },
    );
  api.json('GET', '/api/public/v2/scores', fixture('langfuse-scores-v2.json'));
  api.json('GET', '/api/public/v3/scores', fixture('langfuse-scores-v3.json'));
  api.json('GET', '/api/public/metrics/daily', fixture('langfuse-metrics-daily.json'));
  return api;
}

/**
 * Re-aggregates recorded metrics rows to the dimensions a query asked for, as the server would: `sum_`/`count_`
 * add up, `avg_` is count-weighted, percentiles take the maximum (a mock's stand-in: percentiles do not
 * combine). A group of one row is returned untouched, so string-typed numbers stay strings.
 */
function regroup(rows: Record<string, unknown>[], keep: string[]): Record<string, unknown>[] {
  const isMetric = (k: string) => /^(sum|count|avg|p\d+)_/.test(k);
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const key = JSON.stringify(keep.map((k) => row[k] ?? null));
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    if (group.length === 1) {
      const only = group[0] ?? {};
      return Object.fromEntries(Object.entries(only).filter(([k]) => keep.includes(k) || isMetric(k)));
    }
    const out: Record<string, unknown> = {};
    for (const k of keep) out[k] = group[0]?.[k] ?? null;
    const fields = new Set(group.flatMap((r) => Object.keys(r)).filter(isMetric));
    const n = (v: unknown) => Number(v ?? 0);
    for (const f of fields) {
      if (f.startsWith('sum_') || f.startsWith('count_')) out[f] = group.reduce((a, r) => a + n(r[f]), 0);
      else if (f.startsWith('avg_')) {
        const w = group.reduce((a, r) => a + n(r.count_count ?? 1), 0);
        out[f] = group.reduce((a, r) => a + n(r[f]) * n(r.count_count ?? 1), 0) / w;
      } else out[f] = Math.max(...group.map((r) => n(r[f])));
    }
    return out;
  });
}

/** OpenRouter: bearer; `/activity` needs a management key (`managementKey`), other keys get the 403. */
export async function startOpenRouterMock(secret: string, options: { managementKey?: boolean } = {}) {
  const api = await MockApiServer.start({
    auth: { kind: 'bearer', secret, unauthorized: { error: { code: 401, message: 'No auth credentials found' } } },
  });
  api.json('GET', '/api/v1/key', fixture('openrouter-key.json'));
  api.json('GET', '/api/v1/credits', fixture('openrouter-credits.json'));
  if (options.managementKey ?? true) api.json('GET', '/api/v1/activity', fixture('openrouter-activity.json'));
  else api.json('GET', '/api/v1/activity', fixture('openrouter-error-403.json'), { status: 403 });
  return api;
}

/**
 * Every fault with the stage a connector must report for it, for table-driven tests. `timeoutMs` is the client
 * timeout to test it with: short where the timeout is the point, generous elsewhere so a busy machine cannot
 * turn another fault into a timeout. The huge body declares its length (refused before reading, whatever the
 * machine's speed); http.test.ts covers the streamed case against a small cap.
 */
export const FAULT_CASES: ReadonlyArray<{
  name: string;
  fault: Fault;
  stage: DiagnosisStage;
  timeoutMs: number;
  httpStatus?: number;
  retryAfterSec?: number;
}> = [
  { name: 'slow response', fault: { kind: 'slow', delayMs: 10_000 }, stage: 'timeout', timeoutMs: 300 },
  { name: 'never answers', fault: { kind: 'hang' }, stage: 'timeout', timeoutMs: 300 },
  { name: '500', fault: { kind: 'status', status: 500 }, stage: 'server_error', timeoutMs: 5_000, httpStatus: 500 },
  {
    name: '503 with Retry-After',
    fault: { kind: 'status', status: 503, retryAfter: '30' },
    stage: 'server_error',
    timeoutMs: 5_000,
    httpStatus: 503,
    retryAfterSec: 30,
  },
  {
    name: '429 with Retry-After seconds',
    fault: { kind: 'rate_limited', retryAfter: 120 },
    stage: 'rate_limited',
    timeoutMs: 5_000,
    httpStatus: 429,
    retryAfterSec: 120,
  },
  {
    name: '429 with Retry-After date',
    fault: { kind: 'rate_limited', retryAfter: new Date(Date.now() + 3_600_000) },
    stage: 'rate_limited',
    timeoutMs: 5_000,
    httpStatus: 429,
  },
  { name: 'malformed JSON', fault: { kind: 'malformed' }, stage: 'shape', timeoutMs: 5_000 },
  { name: 'truncated body', fault: { kind: 'truncated' }, stage: 'network', timeoutMs: 5_000 },
  {
    name: 'huge body',
    fault: { kind: 'huge', bytes: 20 * 1024 * 1024, declareLength: true },
    stage: 'too_large',
    timeoutMs: 5_000,
  },
  { name: 'HTML login page', fault: { kind: 'html' }, stage: 'content_type', timeoutMs: 5_000 },
  {
    name: 'redirect to another host',
    fault: { kind: 'redirect', to: 'other-host' },
    stage: 'redirect',
    timeoutMs: 5_000,
    httpStatus: 302,
  },
];
