// The scanner must be able to fail: a secret planted in each form and each container is found and named, and
// clean content (including real ciphertext of the secret) is not flagged.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import PptxGenJS from 'pptxgenjs';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../db/sqlite';
import { chromiumPdfEngine, findChromium } from '../exports/render/chromiumPdf';
import { TempDirs } from '../testing/temp-dir';
import { aesSafeStorage } from './aesSafeStorage';
import { describeHits, scanBytes, scanFile, scanText, scanTree, secretNeedles, type SecretForm } from './secretScan';
import { checkXmlWellFormed, firstInvalidXmlChar } from './xmlWellFormed';

const SECRET = 'sk-fd-PLANTED-4b1d/9e+Q=a7c3~f0?e2>d8b6';
const needles = secretNeedles(SECRET, 'planted');
const temps = new TempDirs();
afterAll(() => temps.cleanup());

const forms = (hits: { form: SecretForm }[]) => [...new Set(hits.map((h) => h.form))].sort();
const filler = (n: number) => Buffer.from('lorem ipsum dolor sit amet '.repeat(Math.ceil(n / 27)).slice(0, n));

describe('secretNeedles / scanBytes', () => {
  it('finds the secret in every encoding, at every offset a base64 stream can put it', () => {
    const raw = Buffer.from(SECRET);
    const urlForms = new Set<string>();
    for (let pad = 0; pad < 6; pad++) {
      const around = Buffer.concat([filler(pad), raw, filler(7)]);
      const b64 = around.toString('base64');
      expect(forms(scanText('b64', `data:${b64}`, needles))).toEqual(['base64']);
      const url = b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      // Where the encoded secret happens to hold no + or /, its base64url form is its base64 form.
      const u = forms(scanText('b64url', url, needles));
      expect(u).toHaveLength(1);
      urlForms.add(u[0] ?? '');
      // A Basic header is base64 of "user:secret": the username's length sets the alignment.
      const basic = Buffer.from(`${'u'.repeat(pad)}:${SECRET}`).toString('base64');
      expect(forms(scanText('basic', `Authorization: Basic ${basic}`, needles))).toEqual(['base64']);
    }
    expect([...urlForms].sort()).toEqual(['base64', 'base64url']);
    expect(forms(scanText('q', `https://x/?key=${encodeURIComponent(SECRET)}&a=1`, needles))).toEqual(['url-encoded']);
    expect(forms(scanText('q', new URLSearchParams({ k: SECRET }).toString(), needles))).toEqual(['url-encoded']);
    const lowerPct = encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    expect(forms(scanText('q', lowerPct, needles))).toEqual(['url-encoded']);
    expect(forms(scanText('hex', `0x${raw.toString('hex')}`, needles))).toEqual(['hex']);
    expect(forms(scanText('HEX', raw.toString('hex').toUpperCase(), needles))).toEqual(['hex']);
    // UTF-16 at an odd byte offset inside binary data.
    const wide = Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(SECRET, 'utf16le'), Buffer.from([0])]);
    expect(forms(scanBytes('utf16', wide, needles))).toEqual(['utf16le']);
    expect(forms(scanBytes('utf16be', Buffer.from(SECRET, 'utf16le').swap16(), needles))).toEqual(['utf16be']);
    expect(forms(scanText('plain', `x ${SECRET} y`, needles))).toEqual(['plain']);
    const html = SECRET.replace(/>/g, '&#62;').replace(/\?/g, '?');
    expect(forms(scanText('html', `<p>${html}</p>`, needles))).toEqual(['markup-escaped']);
  });

  it('does not flag clean text, a near miss, or real ciphertext of the secret', () => {
    expect(scanText('clean', `sk-fd-PLANTED-4b1d/9e+Q=a7c3~f0?e2>d8b`, needles)).toEqual([]);
    const safe = aesSafeStorage();
    const cipher = safe.encryptString(SECRET);
    expect(safe.decryptString(cipher)).toBe(SECRET);
    expect(scanBytes('cipher', cipher, needles)).toEqual([]);
    expect(scanText('cipher b64', cipher.toString('base64'), needles)).toEqual([]);
  });

  it('refuses a secret too short to scan for', () => {
    expect(() => secretNeedles('abc')).toThrow(/at least 8/);
  });
});

describe('scanFile / scanTree look inside containers', () => {
  it('finds the secret inside an XLSX (deflated shared strings) and names the entry', async () => {
    const dir = temps.make();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('S').getCell('B2').value = `token ${SECRET}`;
    const file = join(dir, 'book.xlsx');
    writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
    // The zip's own bytes do not show it: the entry is compressed.
    expect(scanBytes('raw', Buffer.from(await wb.xlsx.writeBuffer()), needles)).toEqual([]);
    const r = await scanFile(file, needles, 'book.xlsx');
    // XML spells the secret's '>' as &gt;: found as markup-escaped, in the entry named.
    expect(r.hits).toContainEqual({
      where: 'book.xlsx!xl/sharedStrings.xml',
      secret: 'planted',
      form: 'markup-escaped',
    });
    expect(r.scanned).toContain('book.xlsx!xl/worksheets/sheet1.xml');
  });

  it('finds the secret inside a PPTX slide', async () => {
    const dir = temps.make();
    const pptx = new PptxGenJS();
    pptx.addSlide().addText(`Bearer ${SECRET}`, { x: 1, y: 1, w: 6, h: 1 });
    const file = join(dir, 'deck.pptx');
    writeFileSync(file, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
    const r = await scanFile(file, needles, 'deck.pptx');
    expect(r.hits).toContainEqual({
      where: 'deck.pptx!ppt/slides/slide1.xml',
      secret: 'planted',
      form: 'markup-escaped',
    });
  });

  it('finds the secret in a PDF: in its text (pdftotext) and its inflated content streams', async () => {
    const exe = findChromium();
    if (!exe) throw new Error('Chromium is needed to make the test PDF (set FLIGHTDECK_CHROMIUM)');
    const html = `<!doctype html><meta charset="utf-8"><body><p>Key: ${SECRET}</p></body>`;
    const pdf = await chromiumPdfEngine({ executablePath: exe }).htmlToPdf(html);
    expect(scanBytes('raw pdf', pdf, needles)).toEqual([]);
    const dir = temps.make();
    const file = join(dir, 'pack.pdf');
    writeFileSync(file, pdf);
    const r = await scanFile(file, needles, 'pack.pdf');
    expect(r.hits.map((h) => h.where)).toContain('pack.pdf#text');
    expect(r.scanned.some((s) => s.startsWith('pack.pdf#stream'))).toBe(true);
  });

  it('finds the secret in gzip, in SQLite rows (however the pages split it), and in a base64 JSON file', async () => {
    const dir = temps.make();
    writeFileSync(join(dir, 'log.1.gz'), gzipSync(Buffer.from(`line\nAuthorization: Bearer ${SECRET}\n`)));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ blob: Buffer.from(`k=${SECRET}`).toString('base64') }));
    const db = openSqlite(join(dir, 'p.flightdeck'));
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    // Values larger than a page spill into overflow pages, each starting with a 4-byte pointer that can cut the
    // secret in two on disk; reading rows through SQLite sees it whole.
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let at = 4040; at < 4120; at += 3) insert.run(`${'x'.repeat(at)}${SECRET}${'y'.repeat(9000)}`);
    db.close();
    writeFileSync(join(dir, 'clean.txt'), 'nothing to see');
    const r = await scanTree(dir, needles);
    const where = (w: string) => r.hits.filter((h) => h.where === w).map((h) => h.form);
    expect(where('log.1.gz#gunzip')).toEqual(['plain']);
    expect(where('settings.json')).toEqual(['base64']);
    expect(where('p.flightdeck#row t')).toEqual(['plain']);
    expect(r.hits.filter((h) => h.where.startsWith('clean.txt'))).toEqual([]);
    expect(r.scanned).toContain('clean.txt');
    expect(describeHits(r.hits)).toMatch(/planted found as base64 in settings\.json/);
  });
});

describe('checkXmlWellFormed', () => {
  it('accepts well-formed parts and refuses each kind of breakage, with its offset', () => {
    const good =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<a:t xmlns:a="x" b=\'1\'>x &lt;script&gt; &#x1F600; <![CDATA[<b>]]><c/></a:t>';
    expect(checkXmlWellFormed(good)).toEqual({ ok: true, elements: 2 });
    const bad: [string, RegExp][] = [
      ['<a>\u0001</a>', /U\+0001/],
      ['<a>\u001b[31m</a>', /U\+001b/],
      ['<a>\ud800</a>', /U\+d800/],
      ['<a><script>x</a>', /closes <script>/],
      ['<a>x < y</a>', /starts no tag/],
      ['<a>AT&T</a>', /entity reference/],
      ['<a>&#1;</a>', /character reference/],
      ['<a>]]></a>', /']]>' in text/],
      ['<a b="1" b="2"/>', /duplicate attribute/],
      ['<a b=1/>', /unquoted/],
      ['<a b="<"/>', /'<' in the value/],
      ['<a/><b/>', /second root/],
      ['<a>', /never closed/],
      ['<!DOCTYPE a><a/>', /DTD/],
      ['<a><!-- x -- y --></a>', /inside a comment/],
    ];
    for (const [xml, why] of bad) {
      const r = checkXmlWellFormed(xml);
      expect(r.ok, xml).toBe(false);
      if (!r.ok) expect(r.error, xml).toMatch(why);
    }
    expect(firstInvalidXmlChar('ok \u{1F600} \u202Eok')).toBe(-1);
  });
});
