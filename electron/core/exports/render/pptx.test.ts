import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../../testing/temp-dir';
import { readZipEntries } from '../../testing/zip';
import { HOSTILE_TEXTS, fixtureSnapshot } from './fixture';
import { renderPptx } from './pptx';
import { missing, pdfPages, pdfText, sofficeConvert } from './testing';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

/** Every entry of a zip (a .pptx) as text, by name. */
async function unzipText(buf: Buffer): Promise<Map<string, string>> {
  const entries = await readZipEntries(buf);
  return new Map([...entries].map(([name, bytes]) => [name, bytes.toString('utf8')]));
}

const slideNames = (files: Map<string, string>) =>
  [...files.keys()].filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));

describe('renderPptx', () => {
  it('builds the ~10-slide deck with the RAG table split and every text escaped', async () => {
    const s = fixtureSnapshot({ initiatives: 50 });
    const buf = await renderPptx(s);
    const files = await unzipText(buf);
    const slides = slideNames(files);
    // 10 section slides + the RAG table over 2 slides (25 rows each).
    expect(slides).toHaveLength(12);
    const xml = slides.map((f) => files.get(f) ?? '').join('\n');
    expect(xml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('Portfolio snapshot');
    expect(xml).toContain('RAG by initiative (1 of 2)');
    expect(xml).toContain('Decisions required');
    expect(xml).toContain('Agent inventory');
    // Charts are pictures inside the deck, not links.
    expect(
      [...files.keys()].filter((f) => f.startsWith('ppt/media/') && f.endsWith('.png')).length,
    ).toBeGreaterThanOrEqual(5);
    const rels = [...files.entries()]
      .filter(([f]) => f.endsWith('.rels'))
      .map(([, v]) => v)
      .join('\n');
    expect(rels).not.toMatch(/TargetMode="External"/);
  });

  it('adds the initiative detail slide to a one-initiative pack and says when no agents are recorded', async () => {
    const s = fixtureSnapshot({ initiatives: 1 });
    expect(s.agents).toBeNull();
    const files = await unzipText(await renderPptx(s));
    const slides = slideNames(files);
    expect(slides).toHaveLength(12);
    const xml = slides.map((f) => files.get(f) ?? '').join('\n');
    expect(xml).toContain('No agents recorded.');
    expect(xml).toContain('Worst of the five dimensions');
  });

  it('is CANCELLED when the signal is aborted', async () => {
    const c = new AbortController();
    c.abort();
    await expect(renderPptx(fixtureSnapshot({ initiatives: 3 }), { signal: c.signal })).rejects.toMatchObject({
      code: 'CANCELLED',
    });
  });

  it.skipIf(missing('soffice') || missing('pdfinfo'))(
    'opens in LibreOffice: one PDF page per slide, hostile text shown as text',
    async () => {
      const s = fixtureSnapshot({ initiatives: 50 });
      const dir = temps.make();
      const file = join(dir, 'deck.pptx');
      writeFileSync(file, await renderPptx(s));
      const out = sofficeConvert(file, 'pdf', dir);
      expect(out).toContain('deck.pdf');
      const pages = pdfPages(join(dir, 'deck.pdf'));
      expect(pages).toBe(12);
      expect(pages).toBeGreaterThanOrEqual(8);
      const text = pdfText(join(dir, 'deck.pdf'));
      expect(text).toContain(HOSTILE_TEXTS.script);
      expect(text).toContain('Value realized vs plan');
    },
    90_000,
  );
});
