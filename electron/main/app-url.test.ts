import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAppRequest } from './app-protocol';
import {
  CONTENT_SECURITY_POLICY,
  contentTypeFor,
  isAppUrl,
  isSafeExternalUrl,
  isTrustedSender,
  resolveAppPath,
} from './app-url';

describe('isAppUrl', () => {
  it.each(['app://flightdeck/', 'app://flightdeck/index.html', 'app://flightdeck/assets/x.js?v=1#top'])(
    'accepts %s',
    (url) => expect(isAppUrl(url)).toBe(true),
  );
  it.each([
    'https://flightdeck/',
    'file:///index.html',
    'app://flightdeck.evil.example/',
    'app://evil.example/flightdeck/',
    'app://user@flightdeck/',
    'app://flightdeck:8080/',
    'app://FLIGHTDECK-x/',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
  ])('refuses %s', (url) => expect(isAppUrl(url)).toBe(false));
});

describe('isSafeExternalUrl', () => {
  it('allows web and mail links', () => {
    expect(isSafeExternalUrl('https://example.com/docs')).toBe(true);
    expect(isSafeExternalUrl('http://example.com/')).toBe(true);
    expect(isSafeExternalUrl('mailto:someone@example.com')).toBe(true);
  });
  it('refuses schemes that run things or read files', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'vbscript:x',
      'app://flightdeck/',
      'data:text/html,<script>1</script>',
    ]) {
      expect(isSafeExternalUrl(url), url).toBe(false);
    }
  });
  it('refuses credentials in the URL and overlong URLs', () => {
    expect(isSafeExternalUrl('https://bank.example@evil.example/')).toBe(false);
    expect(isSafeExternalUrl('https://u:p@example.com/')).toBe(false);
    expect(isSafeExternalUrl('https://example.com/' + 'a'.repeat(2100))).toBe(false);
  });
  it('httpsOnly refuses http and mailto', () => {
    expect(isSafeExternalUrl('https://example.com/', { httpsOnly: true })).toBe(true);
    expect(isSafeExternalUrl('http://example.com/', { httpsOnly: true })).toBe(false);
    expect(isSafeExternalUrl('mailto:a@example.com', { httpsOnly: true })).toBe(false);
  });
});

describe('isTrustedSender', () => {
  it('trusts only the top frame of the app origin', () => {
    expect(isTrustedSender({ url: 'app://flightdeck/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://flightdeck/index.html', isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'https://evil.example/', isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: '', isMainFrame: false })).toBe(false);
  });
});

describe('resolveAppPath', () => {
  const root = '/srv/renderer';
  it('maps the root to index.html and nested files below root', () => {
    expect(resolveAppPath(root, 'app://flightdeck/')).toBe('/srv/renderer/index.html');
    expect(resolveAppPath(root, 'app://flightdeck/assets/app.js?x=1')).toBe('/srv/renderer/assets/app.js');
    expect(resolveAppPath(root, 'app://flightdeck/a%20b.css')).toBe('/srv/renderer/a b.css');
  });
  it.each([
    'app://flightdeck/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
    'app://flightdeck/..%2f..%2fetc/passwd',
    'app://flightdeck/%5c..%5c..%5cetc%5cpasswd',
    'app://flightdeck/x%00.html',
    'app://flightdeck/%E0%A4%A',
    'app://other/index.html',
    'https://flightdeck/index.html',
  ])('refuses %s', (url) => expect(resolveAppPath(root, url)).toBeNull());
  it('WHATWG parsing already collapses literal and %2e dot segments, so they stay inside root', () => {
    expect(resolveAppPath(root, 'app://flightdeck/../../etc/passwd')).toBe('/srv/renderer/etc/passwd');
    expect(resolveAppPath(root, 'app://flightdeck/%2e%2e/%2e%2e/etc/passwd')).toBe('/srv/renderer/etc/passwd');
  });
});

describe('contentTypeFor', () => {
  it('knows the bundle types and falls back to opaque bytes', () => {
    expect(contentTypeFor('a/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('a/x.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('a/x.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a/x.exe')).toBe('application/octet-stream');
  });
});

describe('serveAppRequest', () => {
  let root: string;
  let outside: string;
  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'fd-proto-'));
    root = join(base, 'renderer');
    outside = join(base, 'secret.txt');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(outside, 'top secret');
  });
  afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  it('serves files with the CSP and nosniff headers', async () => {
    const res = await serveAppRequest(root, new Request('app://flightdeck/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>x</title>');
    const js = await serveAppRequest(root, new Request('app://flightdeck/assets/app.js'));
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('answers 404 (with CSP) for traversal, directories and missing files', async () => {
    for (const url of [
      'app://flightdeck/%2e%2e/secret.txt',
      'app://flightdeck/..%2fsecret.txt',
      'app://flightdeck/assets',
      'app://flightdeck/missing.js',
      'app://elsewhere/index.html',
    ]) {
      const res = await serveAppRequest(root, new Request(url));
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await res.text()).not.toContain('top secret');
    }
  });

  it('refuses writes', async () => {
    const res = await serveAppRequest(root, new Request('app://flightdeck/index.html', { method: 'POST', body: 'x' }));
    expect(res.status).toBe(405);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = (csp: string) =>
    new Set(
      csp
        .split(';')
        .map((d) => d.trim().replace(/\s+/g, ' '))
        .filter(Boolean),
    );

  it("matches the renderer's meta CSP, plus frame-ancestors (which browsers ignore in a meta tag)", () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
    expect(meta, 'renderer/index.html has a CSP meta tag').toBeDefined();
    const header = directives(CONTENT_SECURITY_POLICY);
    const fromMeta = directives(meta ?? '');
    fromMeta.add("frame-ancestors 'none'");
    expect([...header].sort()).toEqual([...fromMeta].sort());
  });

  it("allows workers from the app's own files only (the ROI Monte Carlo), never blob: or data:", () => {
    const header = directives(CONTENT_SECURITY_POLICY);
    expect(header.has("worker-src 'self'")).toBe(true);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/blob:|'unsafe-eval'|'unsafe-inline'/);
  });
});
