// The app:// handler against hostile requests (perf-reliability.md S1/S4): every escape attempt answers 404 without
// the bytes of the file it aims at, and every response, error or not, carries the CSP.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAppRequest } from './app-protocol';
import { CONTENT_SECURITY_POLICY } from './app-url';

const SECRET = 'TOP-SECRET-OUTSIDE-ROOT';
// base/secret.txt and base/renderer-private/secret.txt sit beside the served root: any traversal that works reads SECRET.
const base = mkdtempSync(join(tmpdir(), 'fd-proto-hostile-'));
const root = join(base, 'renderer');

beforeAll(() => {
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(join(base, 'renderer-private'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'export {}');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  writeFileSync(join(base, 'renderer-private', 'secret.txt'), SECRET);
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const HOSTILE = [
  // encoded dot segments and slashes
  'app://flightdeck/%2e%2e/secret.txt',
  'app://flightdeck/%2E%2E%2Fsecret.txt',
  'app://flightdeck/..%2fsecret.txt',
  'app://flightdeck/assets/..%2f..%2fsecret.txt',
  'app://flightdeck/.%2e/secret.txt',
  'app://flightdeck/%2e./secret.txt',
  // double encoding: decoded once it is a harmless name, decoded twice it would escape
  'app://flightdeck/%252e%252e/secret.txt',
  'app://flightdeck/%252e%252e%252fsecret.txt',
  'app://flightdeck/..%252fsecret.txt',
  // backslashes, raw and encoded
  'app://flightdeck/..%5csecret.txt',
  'app://flightdeck/%5c..%5csecret.txt',
  'app://flightdeck/assets%5c..%5c..%5csecret.txt',
  'app://flightdeck/..\\secret.txt',
  // null bytes
  'app://flightdeck/index.html%00.js',
  'app://flightdeck/%00../secret.txt',
  // sibling folder that shares the root's name as a prefix
  'app://flightdeck/../renderer-private/secret.txt',
  'app://flightdeck/%2e%2e/renderer-private/secret.txt',
  // absolute paths
  `app://flightdeck/${encodeURIComponent(join(base, 'secret.txt'))}`,
  `app://flightdeck//${join(base, 'secret.txt')}`,
  // malformed escapes
  'app://flightdeck/%E0%A4%A',
  'app://flightdeck/%',
  // other hosts, ports, credentials
  'app://evil/index.html',
  'app://flightdeck.evil.example/index.html',
  'app://user:pass@flightdeck/index.html',
  'app://flightdeck:1234/index.html',
  'app:///index.html',
  // directories and missing files
  'app://flightdeck/assets',
  'app://flightdeck/assets/',
  'app://flightdeck/missing.js',
];

describe('serveAppRequest with hostile URLs', () => {
  it.each(HOSTILE)('404 with CSP, no secret: %s', async (url) => {
    // The raw string, not `new Request(url)`: the handler must not rely on the constructor normalising anything
    // (and Request refuses credentials outright, which Electron's own request parsing need not).
    const res = await serveAppRequest(root, { method: 'GET', url } as Request);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).not.toContain(SECRET);
  });

  it('the fixture is reachable when asked for properly, so the 404s above are refusals, not a broken setup', async () => {
    const ok = await serveAppRequest(root, new Request('app://flightdeck/assets/app.js'));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('export {}');
  });

  it('sends the CSP on every status: 200, HEAD, 404 and 405', async () => {
    const responses = [
      await serveAppRequest(root, new Request('app://flightdeck/index.html')),
      await serveAppRequest(root, new Request('app://flightdeck/index.html', { method: 'HEAD' })),
      await serveAppRequest(root, new Request('app://flightdeck/nope.html')),
      await serveAppRequest(root, new Request('app://flightdeck/index.html', { method: 'PUT', body: 'x' })),
      await serveAppRequest(root, new Request('app://flightdeck/index.html', { method: 'DELETE' })),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 404, 405, 405]);
    for (const r of responses) {
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    }
    // No CORS grant: other origins cannot read app:// responses even though the scheme is corsEnabled.
    expect(responses[0]?.headers.get('access-control-allow-origin')).toBeNull();
  });
});
