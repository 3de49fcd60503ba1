// The app:// handler body, kept free of Electron so it runs under vitest: Electron's protocol.handle
// only needs a (Request) => Promise<Response>, and Node 20 has both globals.
import { readFile, stat } from 'node:fs/promises';
import { CONTENT_SECURITY_POLICY, contentTypeFor, resolveAppPath } from './app-url';

/** Headers every response carries, errors included, so no app:// document is ever without a CSP. */
function baseHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    // The bundle changes with every build; stale cached scripts would mix versions.
    'Cache-Control': 'no-store',
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Serves files under `root` (the built renderer). Traversal, other hosts and missing files all get a 4xx. */
export async function serveAppRequest(root: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const path = resolveAppPath(root, request.url);
  if (!path) return plain(404, 'Not found');
  try {
    const info = await stat(path);
    if (!info.isFile()) return plain(404, 'Not found');
    const body = request.method === 'HEAD' ? null : await readFile(path);
    return new Response(body, {
      status: 200,
      headers: { ...baseHeaders(), 'Content-Type': contentTypeFor(path), 'Content-Length': String(info.size) },
    });
  } catch {
    return plain(404, 'Not found');
  }
}
