import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closedPort, MockApiServer, startSilentServer, type Fault } from '../testing/mockApiServer';
import { httpRequest, parseRetryAfter, requestJson, secretsOf } from './http';
import { ConnectorError, type ConnectionTarget } from './types';

const SECRET = 'sk-live-7f3a9c2e11b04d5e';
const USER = 'pk-lf-public';
const BASIC = Buffer.from(`${USER}:${SECRET}`).toString('base64');

let api: MockApiServer;

function target(over: Partial<ConnectionTarget> = {}): ConnectionTarget {
  return {
    id: 1,
    kind: 'litellm',
    name: 'test',
    baseUrl: api.url,
    authKind: 'bearer',
    username: null,
    secret: SECRET,
    timeoutMs: 5_000,
    pollIntervalSec: 60,
    ...over,
  };
}

/** The ConnectorError a call throws; fails the test when it resolves or throws something else. */
async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ConnectorError) return e;
    throw e;
  }
  throw new Error('expected a ConnectorError, the call succeeded');
}

beforeEach(async () => {
  api = await MockApiServer.start({ auth: { kind: 'bearer', secret: SECRET } });
  api.json('GET', '/data', { ok: true, items: [1, 2, 3] });
  api.json('GET', '/moved-here', { moved: true });
});
afterEach(() => api.close());

describe('requestJson: success', () => {
  it('sends the bearer header and the query, and parses JSON', async () => {
    const r = await requestJson(target(), '/data', { query: { a: '1', b: undefined } });
    expect(r.status).toBe(200);
    expect(r.data).toEqual({ ok: true, items: [1, 2, 3] });
    const [seen] = api.seen('/data');
    expect(seen?.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(seen?.headers.accept).toBe('application/json');
    expect(seen?.query).toEqual({ a: '1' });
  });

  it('sends basic auth as base64(user:secret)', async () => {
    api.setAuth({ kind: 'basic', username: USER, secret: SECRET });
    const r = await requestJson(target({ authKind: 'basic', username: USER }), '/data');
    expect(r.status).toBe(200);
    expect(api.seen('/data')[0]?.headers.authorization).toBe(`Basic ${BASIC}`);
  });

  it('follows a redirect on the same origin, keeping the query', async () => {
    api.fault('/old', { kind: 'redirect', to: 'same-origin', path: '/moved-here' });
    const r = await requestJson(target(), '/old', { query: { x: '1' } });
    expect(r.data).toEqual({ moved: true });
    expect(api.requests.map((q) => q.path)).toEqual(['/old', '/moved-here']);
    expect(api.seen('/moved-here')[0]?.query).toEqual({ x: '1' });
  });
});

describe('network failures are classified', () => {
  it('dns: a host under .invalid cannot resolve', async () => {
    const e = await failure(requestJson(target({ baseUrl: 'http://flightdeck-nowhere.invalid' }), '/data'));
    expect(e.stage).toBe('dns');
    expect(e.message).toContain('flightdeck-nowhere.invalid');
  });

  it('refused: nothing listens on the port', async () => {
    const port = await closedPort();
    const e = await failure(requestJson(target({ baseUrl: `http://127.0.0.1:${port}` }), '/data'));
    expect(e.stage).toBe('refused');
  });

  it('tls: https:// to a plain HTTP server', async () => {
    const e = await failure(requestJson(target({ baseUrl: api.url.replace('http:', 'https:') }), '/data'));
    expect(e.stage).toBe('tls');
  });

  it('timeout: headers come after the deadline', async () => {
    api.fault('/data', { kind: 'slow', delayMs: 10_000 });
    const e = await failure(requestJson(target({ timeoutMs: 300 }), '/data'));
    expect(e.stage).toBe('timeout');
    expect(e.message).toContain('0.3 s');
  });

  it('timeout: the route accepts the request and never answers', async () => {
    api.fault('/data', { kind: 'hang' });
    const e = await failure(requestJson(target({ timeoutMs: 300 }), '/data'));
    expect(e.stage).toBe('timeout');
  });

  it('timeout: a TCP server that accepts and never speaks HTTP', async () => {
    const silent = await startSilentServer();
    try {
      const e = await failure(requestJson(target({ baseUrl: silent.url, timeoutMs: 300 }), '/data'));
      expect(e.stage).toBe('timeout');
    } finally {
      await silent.close();
    }
  });

  it('network: the body stops short of its Content-Length', async () => {
    api.fault('/data', { kind: 'truncated' });
    const e = await failure(requestJson(target(), '/data'));
    expect(e.stage).toBe('network');
  });

  it('network: cancelled by the caller', async () => {
    api.fault('/data', { kind: 'hang' });
    const ctrl = new AbortController();
    const p = requestJson(target({ timeoutMs: 10_000 }), '/data', { signal: ctrl.signal });
    // Cancel once the server has the request, so the abort hits an in-flight fetch.
    const deadline = Date.now() + 5_000;
    while (api.seen('/data').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    ctrl.abort();
    const e = await failure(p);
    expect(e.stage).toBe('network');
    expect(e.message).toMatch(/cancelled/);
  });

  it('network: cancelled with a reason of the caller’s own', async () => {
    api.fault('/data', { kind: 'hang' });
    const ctrl = new AbortController();
    const p = requestJson(target({ timeoutMs: 10_000 }), '/data', { signal: ctrl.signal });
    const deadline = Date.now() + 5_000;
    while (api.seen('/data').length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    ctrl.abort(new Error('connection paused'));
    const e = await failure(p);
    expect(e.stage).toBe('network');
    expect(e.message).toMatch(/cancelled/);
  });

  it('too_large: a streamed body past the cap', async () => {
    api.fault('/data', { kind: 'huge', bytes: 4 * 1024 * 1024 });
    const e = await failure(requestJson(target(), '/data', { maxBytes: 1024 * 1024 }));
    expect(e.stage).toBe('too_large');
  });

  it('too_large: a declared Content-Length past the cap is refused before reading', async () => {
    api.fault('/data', { kind: 'huge', bytes: 4 * 1024 * 1024, declareLength: true });
    const e = await failure(requestJson(target(), '/data', { maxBytes: 1024 * 1024 }));
    expect(e.stage).toBe('too_large');
    expect(e.message).toMatch(/sent \d+ bytes/);
  });

  it('redirect: to another origin is refused and not followed', async () => {
    api.fault('/data', { kind: 'redirect', to: 'other-host' });
    const e = await failure(requestJson(target(), '/data'));
    expect(e.stage).toBe('redirect');
    expect(e.httpStatus).toBe(302);
    expect(e.message).toContain('localhost');
    // One request only: the Authorization header never went to the other origin.
    expect(api.requests).toHaveLength(1);
  });

  it('redirect: a loop on the same origin stops', async () => {
    api.fault('/data', { kind: 'redirect', to: 'same-origin', path: '/data' });
    const e = await failure(requestJson(target(), '/data'));
    expect(e.stage).toBe('redirect');
    expect(e.message).toMatch(/too many/);
  });
});

describe('HTTP statuses are classified', () => {
  const cases: Array<[string, Fault, string, number]> = [
    ['401', { kind: 'status', status: 401, body: { error: { message: 'Invalid key' } } }, 'auth', 401],
    ['403', { kind: 'status', status: 403, body: { error: 'forbidden' } }, 'auth', 403],
    ['404', { kind: 'status', status: 404, body: { detail: 'Not Found' } }, 'not_found', 404],
    ['500', { kind: 'status', status: 500, body: { message: 'boom' } }, 'server_error', 500],
    ['502', { kind: 'status', status: 502 }, 'server_error', 502],
    ['418', { kind: 'status', status: 418 }, 'http_error', 418],
  ];
  for (const [name, fault, stage, status] of cases) {
    it(`${name} → ${stage}`, async () => {
      api.fault('/data', fault);
      const e = await failure(requestJson(target(), '/data'));
      expect(e.stage).toBe(stage);
      expect(e.httpStatus).toBe(status);
    });
  }

  it('401 from the real auth check quotes the server message', async () => {
    api.setAuth({
      kind: 'bearer',
      secret: 'another-key',
      unauthorized: { error: { message: 'Authentication Error' } },
    });
    const e = await failure(requestJson(target(), '/data'));
    expect(e.stage).toBe('auth');
    expect(e.message).toContain('Authentication Error');
  });

  it('429 with Retry-After in seconds', async () => {
    api.fault('/data', { kind: 'rate_limited', retryAfter: 42 });
    const e = await failure(requestJson(target(), '/data'));
    expect(e).toMatchObject({ stage: 'rate_limited', httpStatus: 429, retryAfterSec: 42 });
    expect(e.message).toContain('retry after 42 s');
  });

  it('429 with Retry-After as an HTTP date', async () => {
    api.fault('/data', { kind: 'rate_limited', retryAfter: new Date(Date.now() + 120_000) });
    const e = await failure(requestJson(target(), '/data'));
    expect(e.stage).toBe('rate_limited');
    // The date has one-second resolution and a little time passes on the way.
    expect(e.retryAfterSec).toBeGreaterThanOrEqual(115);
    expect(e.retryAfterSec).toBeLessThanOrEqual(121);
  });

  it('503 keeps its Retry-After', async () => {
    api.fault('/data', { kind: 'status', status: 503, retryAfter: '7' });
    const e = await failure(requestJson(target(), '/data'));
    expect(e).toMatchObject({ stage: 'server_error', httpStatus: 503, retryAfterSec: 7 });
  });

  it('content_type: an HTML login page', async () => {
    api.fault('/data', { kind: 'html' });
    const e = await failure(requestJson(target(), '/data'));
    expect(e.stage).toBe('content_type');
    expect(e.message).toContain('text/html');
  });

  it('shape: malformed JSON', async () => {
    api.fault('/data', { kind: 'malformed' });
    const e = await failure(requestJson(target(), '/data'));
    expect(e.stage).toBe('shape');
    expect(e.message).toMatch(/malformed/);
  });

  it('httpRequest resolves any status for the caller to judge', async () => {
    api.fault('/data', { kind: 'status', status: 500 });
    const r = await httpRequest({ url: `${api.url}/data`, timeoutMs: 2_000 });
    expect(r.status).toBe(500);
  });
});

describe('the secret never appears in an error', () => {
  // Servers that echo what they were sent: the worst case for leaking the key into a message.
  const echo = { error: { message: `Invalid key ${SECRET} (Basic ${BASIC})` } };
  const faults: Fault[] = [
    { kind: 'status', status: 401, body: echo },
    { kind: 'status', status: 403, body: `forbidden for ${SECRET}` },
    { kind: 'status', status: 500, body: { message: `upstream rejected ${SECRET}` } },
    { kind: 'rate_limited', retryAfter: 5, body: { error: SECRET } },
    { kind: 'status', status: 400, body: { detail: `Basic ${BASIC}` } },
    { kind: 'html' },
    { kind: 'malformed' },
    { kind: 'truncated' },
    { kind: 'redirect', to: 'other-host' },
    { kind: 'redirect', to: 'absolute', location: `http://${SECRET}.invalid/` },
    { kind: 'slow', delayMs: 5_000 },
  ];
  for (const authKind of ['bearer', 'basic'] as const) {
    it(`${authKind}: no message or stack carries the secret or its encoding`, async () => {
      const t = target({ authKind, username: USER, timeoutMs: 300 });
      const forbidden = secretsOf(t);
      expect(forbidden).toContain(SECRET);
      for (const fault of faults) {
        api.clearFaults();
        api.fault('/data', fault);
        const e = await failure(requestJson(t, '/data'));
        for (const s of forbidden) {
          expect(e.message, `${fault.kind}: ${e.message}`).not.toContain(s);
          expect(String(e.stack)).not.toContain(s);
        }
      }
      // The host name itself was the secret in one case: DNS messages quote the host.
      const e = await failure(requestJson(target({ authKind, baseUrl: `http://${SECRET}.invalid` }), '/data'));
      expect(e.message).not.toContain(SECRET);
    });
  }
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-21T10:00:00Z');
  it('reads seconds and HTTP dates, caps at a day, ignores garbage', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:01:00 GMT', now)).toBe(60);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('9999999', now)).toBe(86_400);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('blocked ports', () => {
  it('names the Fetch standard’s blocked-port rule instead of a vague network error', async () => {
    const e = await httpRequest({ url: 'http://127.0.0.1:6000/api', timeoutMs: 2_000 }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ConnectorError);
    expect(e).toMatchObject({ stage: 'network' });
    expect((e as ConnectorError).message).toMatch(/blocked ports/);
  });
});
