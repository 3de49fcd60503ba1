// A loopback HTTP server for the Prometheus/Alertmanager connector unit tests: each request is answered by a
// handler chosen by path, and every request is recorded so tests can check what the connector asked for.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { ConnectionTarget } from '../connections/types';
import { REPO_ROOT } from './child';

/** The recorded API responses (a copy of ../shared/fixtures/api kept in the repo; see its README.md). */
export const API_FIXTURES = join(REPO_ROOT, 'electron', 'core', 'testing', 'fixtures', 'api');

export function fixtureText(name: string): string {
  return readFileSync(join(API_FIXTURES, name), 'utf8');
}

export interface Reply {
  status?: number;
  type?: string;
  body: string;
  headers?: Record<string, string>;
}

export const json = (value: unknown, status = 200): Reply => ({
  status,
  type: 'application/json',
  body: typeof value === 'string' ? value : JSON.stringify(value),
});
export const fixture = (name: string, status = 200): Reply => json(fixtureText(name), status);

export interface Seen {
  path: string;
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
}

export interface FixtureServer {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** `routes` maps a path to a reply (or a function of the request); unknown paths get Prometheus's 404 text. */
export async function startFixtureServer(
  routes: Record<string, Reply | ((params: URLSearchParams) => Reply)>,
): Promise<FixtureServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, params: url.searchParams, headers: req.headers });
    const route = routes[url.pathname];
    const reply: Reply = route
      ? typeof route === 'function'
        ? route(url.searchParams)
        : route
      : { status: 404, type: 'text/plain; charset=utf-8', body: '404 page not found\n' };
    res.writeHead(reply.status ?? 200, { 'content-type': reply.type ?? 'application/json', ...reply.headers });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A connection as connectors see it. */
export function targetFor(
  baseUrl: string,
  kind: ConnectionTarget['kind'] = 'prometheus',
  extra: Partial<ConnectionTarget> = {},
): ConnectionTarget {
  return {
    id: 1,
    kind,
    name: `${kind} under test`,
    baseUrl,
    authKind: 'none',
    username: null,
    secret: null,
    timeoutMs: 5000,
    pollIntervalSec: 30,
    ...extra,
  };
}
