import { describe, expect, it } from 'vitest';
import { packHtmlProblems } from './htmlCheck';

const page = (body: string, head = '') =>
  `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">${head}<style>p{color:red}</style></head><body>${body}</body></html>`;

describe('packHtmlProblems', () => {
  it('accepts an inert page with escaped markup and inline chart images', () => {
    expect(
      packHtmlProblems(
        page('<p>&lt;script&gt;x&lt;/script&gt; onerror=alert(1)</p><img src="data:image/png;base64,AA" alt="c">'),
      ),
    ).toEqual([]);
  });

  it('flags each way data could become active', () => {
    const cases: [string, RegExp][] = [
      [page('<script>window.__pwned=1</script>'), /<script>/],
      [page('<img src=x onerror=alert(1)>'), /onerror handler|URL x/],
      [page('<iframe src="file:///etc/passwd"></iframe>'), /<iframe>/],
      [page('', '<meta http-equiv="refresh" content="0;url=https://x">'), /<meta http-equiv="refresh"/],
      [page('<p style="background:url(http://169.254.169.254/)">x</p>'), /style attribute/],
      [page('', '<link rel=preconnect href="https://x.example">'), /<link>/],
      [page('<svg><foreignObject></foreignObject></svg>'), /<svg>|<foreignobject>/],
      [page('<a href="javascript:alert(1)">x</a>'), /URL javascript/],
      [page('<p>\u001b[31m</p>'), /control/],
      [page('x').replace(/<style>p\{color:red\}<\/style>/, '<style>@import "https://x/a.css";</style>'), /stylesheet/],
      [page('x').replace("default-src 'none'", 'default-src *'), /default-src 'none'/],
    ];
    for (const [html, why] of cases) expect(packHtmlProblems(html).join('\n'), html.slice(-120)).toMatch(why);
  });
});
