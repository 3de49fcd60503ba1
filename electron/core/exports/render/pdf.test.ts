import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/errors';
import type { PdfEngine } from '../../ports';
import { TempDirs } from '../../testing/temp-dir';
import { chromiumPdfEngine, findChromium } from './chromiumPdf';
import { HOSTILE_TEXTS, fixtureSnapshot } from './fixture';
import { money } from './format';
import { renderPackHtml, renderPdf } from './pdf';
import { missing, pdfPages, pdfText } from './testing';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const s50 = fixtureSnapshot({ initiatives: 50 });
const html50 = renderPackHtml(s50);

describe('renderPackHtml', () => {
  it('is one self-contained page: strict CSP, no scripts, no remote URLs, A4 landscape', () => {
    expect(html50).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    );
    expect(html50).not.toMatch(/<script/i);
    expect(html50).not.toMatch(/<(link|iframe|object|embed|base)\b/i);
    expect(html50).not.toMatch(/(src|href)\s*=\s*["']?(https?:|\/\/|file:)/i);
    expect(html50).not.toMatch(/url\(/i);
    expect(html50).not.toMatch(/@import/i);
    expect(html50).toMatch(/@page \{ size: A4 landscape;/);
    const images = html50.match(/<img [^>]*src="([^"]*)"/g) ?? [];
    expect(images.length).toBeGreaterThanOrEqual(4);
    for (const img of images) expect(img).toMatch(/src="data:image\/png;base64,/);
  });

  it('escapes every hostile text', () => {
    expect(html50).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html50).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');
    const evil = fixtureSnapshot({ initiatives: 3 });
    const attack = `"><img src=x onerror=alert(1)><style>*{}</style>`;
    const x = evil.initiatives[0];
    if (!x) throw new Error('fixture has no initiative');
    const html = renderPackHtml({
      ...evil,
      title: attack,
      headline: attack,
      dataFreshness: attack,
      initiatives: [
        { ...x, name: attack, description: attack, businessUnit: attack, tags: [attack] },
        ...evil.initiatives.slice(1),
      ],
    });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<style>*{}');
    expect(html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('holds the one-pager parts, the RAG rules and a page per initiative', () => {
    for (const part of [
      'Realized value YTD',
      'Spend vs budget',
      'In production',
      'Critical risks',
      'Top 5 risks',
      'Decisions needed',
      'Next 90 days',
      'Data freshness',
      'How RAG is computed',
      'All initiatives (50)',
      'Portfolio charts',
    ]) {
      expect(html50).toContain(part);
    }
    expect(html50.match(/<section class="page card">/g)).toHaveLength(50);
    // RAG is never colour alone: each dot carries its letter.
    expect(html50).toMatch(/<span class="dot red" title="Red">R<\/span>/);
  });
});

describe('renderPdf', () => {
  const fakeEngine = (bytes: string): PdfEngine & { html: string[] } => {
    const html: string[] = [];
    return { html, htmlToPdf: (h) => (html.push(h), Promise.resolve(Buffer.from(bytes, 'latin1'))) };
  };

  it('hands the page to the engine and returns its PDF', async () => {
    const engine = fakeEngine('%PDF-1.7 x');
    const pdf = await renderPdf(fixtureSnapshot({ initiatives: 2 }), engine);
    expect(pdf.toString('latin1')).toBe('%PDF-1.7 x');
    expect(engine.html[0]).toContain('Content-Security-Policy');
  });

  it('refuses an engine answer that is not a PDF', async () => {
    await expect(renderPdf(fixtureSnapshot({ initiatives: 2 }), fakeEngine('<html>'))).rejects.toMatchObject({
      code: 'INTERNAL',
    });
  });

  it('is CANCELLED before doing anything when the signal is aborted', async () => {
    const engine = fakeEngine('%PDF-1.7');
    const c = new AbortController();
    c.abort();
    await expect(renderPdf(s50, engine, { signal: c.signal })).rejects.toBeInstanceOf(AppError);
    await expect(renderPdf(s50, engine, { signal: c.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(engine.html).toHaveLength(0);
  });

  const noBrowser = findChromium() === null && process.env.CI !== 'true';
  it.skipIf(noBrowser || missing('pdfinfo') || missing('pdftotext'))(
    'prints the 50-initiative pack with headless Chromium: pages, figures, names, hostile text as text',
    async () => {
      const dir = temps.make();
      const root = temps.make();
      const pdf = await renderPdf(s50, chromiumPdfEngine({ tmpRoot: root }));
      expect(readdirSync(root)).toEqual([]);
      const file = join(dir, 'pack.pdf');
      writeFileSync(file, pdf);
      const pages = pdfPages(file);
      // One-pager + all initiatives + decisions + charts + RAG rules + 50 detail pages.
      expect(pages).toBeGreaterThanOrEqual(50);
      const page1 = pdfText(file, ['-f', '1', '-l', '1']);
      expect(page1).toContain(s50.title);
      expect(page1).toContain(money(s50.totals.realizedValueYtd, 'USD'));
      expect(page1).toContain(money(s50.totals.spendToDate, 'USD'));
      expect(page1).toContain('Top 5 risks');
      expect(page1).toContain('Decisions needed');
      expect(page1).toContain('Next 90 days');
      expect(page1).toContain('Page 1 of');
      const all = pdfText(file);
      expect(all).toContain(HOSTILE_TEXTS.script);
      expect(all).toContain(HOSTILE_TEXTS.hyperlink);
      expect(all).toContain('How RAG is computed');
      for (const x of s50.initiatives.slice(6, 20)) expect(all).toContain(x.name);
      // The one-pager is one page: its footer (freshness note) is on page 1.
      expect(page1).toContain('Data freshness');
      // Page 1 as an image, for a person to look at when this test is run by hand.
      if (process.env.FLIGHTDECK_KEEP_RENDERS) {
        spawnSync('pdftoppm', [
          '-f',
          '1',
          '-l',
          '1',
          '-r',
          '80',
          '-png',
          file,
          join(process.env.FLIGHTDECK_KEEP_RENDERS, 'pack-page1'),
        ]);
      }
    },
    60_000,
  );
});
