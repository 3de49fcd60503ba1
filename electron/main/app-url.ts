// Pure URL rules for the shell: which URLs are "the app", which may leave for the OS browser, and how
// an app:// request maps onto a file. No Electron import, so vitest covers every branch under Node.
import { extname, isAbsolute, join, relative, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'flightdeck';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Sent as a header on every app:// response. Must stay identical to the meta CSP in renderer/index.html:
 * the header protects pages the meta tag cannot (a JSON file opened directly), the meta tag covers the browser harness.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  // The ROI Monte Carlo runs in a module worker from the app's own files.
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for app://flightdeck/... with no credentials or port: the one origin allowed to call the core. */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/**
 * Links the OS browser or mail client may receive. Credentials in the URL are refused because they are
 * the usual disguise for a phishing host (https://bank.com@evil.example/). `httpsOnly` is for links the
 * page tries to open itself (window.open), where plain http has no reason to appear.
 */
export function isSafeExternalUrl(url: string, options: { httpsOnly?: boolean } = {}): boolean {
  if (url.length > 2048) return false;
  const u = parse(url);
  if (!u || u.username !== '' || u.password !== '') return false;
  if (u.protocol === 'https:') return u.hostname !== '';
  if (options.httpsOnly) return false;
  if (u.protocol === 'http:') return u.hostname !== '';
  return u.protocol === 'mailto:';
}

/** Who sent an IPC message, as the router sees it (electron/core/router.ts Sender). */
export interface SenderInfo {
  url: string;
  isMainFrame: boolean;
}

/** VS Code's ValidatedIpcMain rule: only the app's own top-level frame may call the core. */
export function isTrustedSender(sender: SenderInfo): boolean {
  return sender.isMainFrame && isAppUrl(sender.url);
}

/**
 * Maps an app:// request onto a file under `root`, or null when it must be refused. Works on the
 * decoded path and refuses any `..` segment, backslash or NUL outright instead of normalising them
 * away, so encoded tricks (%2e%2e%2f, %5c) cannot escape.
 */
export function resolveAppPath(root: string, url: string): string | null {
  const u = parse(url);
  if (!u || !isAppUrl(url)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relativePath = segments.length === 0 ? 'index.html' : segments.join('/');
  const full = join(root, relativePath);
  const rel = relative(root, full);
  if (rel === '' || rel.startsWith('..' + sep) || rel === '..' || isAbsolute(rel)) return null;
  return full;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

/** Unknown extensions are served as opaque bytes, which with nosniff the page cannot run as script. */
export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}
