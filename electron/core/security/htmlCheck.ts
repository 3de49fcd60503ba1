// What a status-pack HTML page may contain, checked on the page the PDF engine is handed: text from the
// portfolio is escaped, so no "<" from data opens a tag; what tags there are come from the template and may
// not run, load or navigate anything (X7 of perf-reliability.md).

const FORBIDDEN_TAGS = [
  'script',
  'iframe',
  'object',
  'embed',
  'link',
  'base',
  'form',
  'frame',
  'frameset',
  'foreignobject',
  'svg',
  'audio',
  'video',
  'source',
  'portal',
];
const URL_ATTRIBUTES =
  /\b(?:src|href|action|formaction|srcset|poster|data|xlink:href|background)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;

/** Every problem found, one line each; an empty list means the page is inert. */
export function packHtmlProblems(html: string): string[] {
  const problems: string[] = [];
  const tags = [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)];
  if (tags.length === 0) problems.push('no tags at all: not the pack page');
  for (const [, rawName = '', attrs = ''] of tags) {
    const name = rawName.toLowerCase();
    if (FORBIDDEN_TAGS.includes(name)) problems.push(`<${name}> element`);
    const handler = /(?:^|[\s/"'])(on[a-z]+)\s*=/i.exec(attrs);
    if (handler) problems.push(`${handler[1] ?? 'on…'} handler on <${name}>`);
    for (const v of attrs.matchAll(URL_ATTRIBUTES)) {
      const value = (v[1] ?? '').replace(/^["']|["']$/g, '').trim();
      // Inline images (charts) and in-page anchors only: nothing fetched, no file: or javascript:.
      if (!/^(data:image\/(png|jpeg|gif|webp);|#)/i.test(value))
        problems.push(`URL ${value.slice(0, 80)} on <${name}>`);
    }
    if (name === 'meta' && /http-equiv/i.test(attrs) && !/http-equiv\s*=\s*["']?Content-Security-Policy/i.test(attrs)) {
      problems.push(`<meta ${attrs.trim().slice(0, 80)}>`);
    }
    if (/style\s*=\s*["'][^"']*(url\(|expression\()/i.test(attrs))
      problems.push(`style attribute loading a URL on <${name}>`);
  }
  const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
  if (!csp) problems.push('no Content-Security-Policy meta');
  else if (!/default-src 'none'/.test(csp[1] ?? '')) problems.push(`CSP without default-src 'none': ${csp[1] ?? ''}`);
  else if (/script-src|'unsafe-eval'/.test(csp[1] ?? '')) problems.push(`CSP allows scripts: ${csp[1] ?? ''}`);
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1] ?? '');
  for (const css of styles) if (/url\(|@import/i.test(css)) problems.push('a stylesheet that loads a URL');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(html)) problems.push('C0 control characters');
  return problems;
}
