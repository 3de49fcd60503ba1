import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { TempDirs } from '../../testing/temp-dir';
import { inspectFile, readSheet } from './index';

const DATASETS = join(dirname(fileURLToPath(import.meta.url)), '../../testing/fixtures/datasets');
const temp = new TempDirs();
afterEach(() => temp.cleanup());

function file(name: string, content: Uint8Array): string {
  const path = join(temp.make('fd-xlsx-'), name);
  writeFileSync(path, content);
  return path;
}

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

interface ZipPart {
  name: string;
  data: Buffer;
  /** Stored in both headers instead of the real size: how a lying zip looks. */
  declaredSize?: number;
}

/** A zip written by hand (deflate, no zip64), so tests can make archives exceljs would never write. */
function zip(parts: ZipPart[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const name = Buffer.from(p.name);
    const packed = deflateRawSync(p.data);
    const size = p.declaredSize ?? p.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(p.data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(p.data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const WORKBOOK_XML = { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') };

describe('the 2025 DHS raw workbook', () => {
  it('lists its sheets, picks the one with data and finds the header under the merged section banner', async () => {
    const path = join(DATASETS, '2025-dhs-raw.xlsx');
    const info = await inspectFile(path);
    expect(info.kind).toBe('xlsx');
    expect(info.sheets.map((s) => s.name)).toEqual(['All Use Cases', 'Sheet4', 'Sheet3', 'Sheet1', 'Sheet2']);
    expect(info.sheets[0]).toEqual({ name: 'All Use Cases', rows: 241, columns: 33 });

    const t = await readSheet(path);
    expect(t.sheet).toBe('All Use Cases');
    expect(t.encoding).toBe('xlsx');
    expect(t.headerRow).toBe(2);
    // Rich-text header with line breaks, collapsed to one line.
    expect(t.headers[0]).toBe('Use Case ID [Agency Abbrev.] – [#]');
    expect(t.headers.slice(1, 6)).toEqual([
      'Use Case Name',
      'Bureau/Component',
      'Email Address',
      'Stage of Development',
      'Is the AI use case high-impact?',
    ]);
    expect(t.rows).toHaveLength(239);
    expect(t.rowNumbers[0]).toBe(3);
    expect(t.rows[0]!.slice(0, 3)).toEqual(['DHS-2705', 'Smartphone Information Forensics Triage', 'CBP']);
    expect(t.rows.every((r) => r.length === t.headers.length)).toBe(true);
  });

  it('reads another sheet by name; an unknown name lists the sheets', async () => {
    const path = join(DATASETS, '2025-dhs-raw.xlsx');
    const t = await readSheet(path, { sheet: 'sheet2' });
    expect(t.sheet).toBe('Sheet2');
    expect(t.headerRow).toBe(1);
    expect(t.headers.slice(0, 3)).toEqual(['Public Reporting', 'Stages of Dev', 'Use Case High-Impact']);
    await expect(readSheet(path, { sheet: 'Inventory' })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining(
        'has no sheet named “Inventory”: choose one of: “All Use Cases”, “Sheet4”',
      ) as string,
    });
  });
});

describe('cell values', () => {
  it('numbers, booleans, dates, formulas, rich text, hyperlinks and errors', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('Empty');
      const ws = wb.addWorksheet('Portfolio');
      ws.addRow(['Name', 'Cost', 'Live', 'Start', 'Reviewed', 'Double', 'Link', 'Bad']);
      ws.addRow([
        { richText: [{ text: 'Invoice ' }, { text: 'copilot', font: { bold: true } }] },
        1234.5,
        true,
        new Date(Date.UTC(2024, 2, 5)),
        new Date(Date.UTC(2024, 2, 5, 14, 30, 0)),
        { formula: 'B2*2', result: 2469 },
        { text: 'Spec', hyperlink: 'https://example.com/spec' },
        { error: '#N/A' },
      ]);
      ws.addRow([
        'Scanner',
        0,
        false,
        null,
        null,
        { formula: 'B3*2', result: 0 },
        null,
        { formula: '1/0', result: { error: '#DIV/0!' } },
      ]);
    });
    const path = file('values.xlsx', bytes);
    const t = await readSheet(path);
    expect(t.sheet).toBe('Portfolio');
    expect(t.headers).toEqual(['Name', 'Cost', 'Live', 'Start', 'Reviewed', 'Double', 'Link', 'Bad']);
    expect(t.rows).toEqual([
      ['Invoice copilot', 1234.5, true, '2024-03-05', '2024-03-05T14:30:00', 2469, 'Spec', null],
      ['Scanner', 0, false, null, null, 0, null, null],
    ]);
    expect(t.warnings).toContain('3 formula cells were read as their last calculated values.');
    const info = await inspectFile(path);
    expect(info.sheets).toEqual([
      { name: 'Empty', rows: 0, columns: 0 },
      { name: 'Portfolio', rows: 3, columns: 8 },
    ]);
  });

  it('header under banners, blank and duplicate headers named by column letter, formula-looking text kept', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Inventory');
      ws.getCell('A1').value = 'FY2025 AI inventory';
      ws.getCell('A2').value = 'SECTION 1';
      ws.mergeCells('A2:C2');
      ws.getCell('D2').value = 'SECTION 2';
      ws.mergeCells('D2:E2');
      ws.getRow(3).values = ['Name', 'Unit', null, 'Stage', 'Unit'];
      ws.getRow(4).values = ['=cmd|calc', 'Ops', 'x', 'Pilot', 'Ops 2'];
      ws.getRow(6).values = ['Scanner', 'HR', null, 'Deployed'];
    });
    const t = await readSheet(file('banners.xlsx', bytes));
    expect(t.headerRow).toBe(3);
    expect(t.headers).toEqual(['Name', 'Unit', 'Column C', 'Stage', 'Unit (2)']);
    expect(t.rowNumbers).toEqual([4, 6]);
    expect(t.rows[0]).toEqual(['=cmd|calc', 'Ops', 'x', 'Pilot', 'Ops 2']);
    expect(t.warnings.join(' ')).toMatch(/repeats “Unit”/);
  });

  it('an explicit sheet that is empty, and a workbook with no data at all', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('Blank');
    });
    await expect(readSheet(file('blank.xlsx', bytes))).rejects.toMatchObject({
      code: 'VALIDATION',
      message:
        '“blank.xlsx” is empty: none of its sheets has cells with values: choose a workbook that holds the table to import.',
    });
  });

  it('a value beyond column 2,000 is refused', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Wide');
      ws.getRow(1).values = ['Name', 'Unit'];
      ws.getCell(2, 1).value = 'Bot';
      ws.getCell(2, 2500).value = 'far away';
    });
    await expect(readSheet(file('wide.xlsx', bytes))).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('has a value in column 2,500 of row 2') as string,
    });
  });
});

describe('progress and cancel', () => {
  const bigWorkbook = () =>
    workbook((wb) => {
      const ws = wb.addWorksheet('Big');
      ws.addRow(['Name', 'Unit', 'Cost']);
      for (let r = 1; r <= 5000; r++) ws.addRow([`Initiative ${r}`, r % 2 ? 'Ops' : 'HR', r * 10]);
    });

  it('reports rows read up to done === total', async () => {
    const calls: [number, number][] = [];
    const t = await readSheet(file('big.xlsx', await bigWorkbook()), { onProgress: (d, n) => calls.push([d, n]) });
    expect(t.rows).toHaveLength(5000);
    expect(t.rows[4999]).toEqual(['Initiative 5000', 'HR', 50000]);
    expect(calls).toEqual([
      [0, 5001],
      [2000, 5001],
      [4000, 5001],
      [5001, 5001],
    ]);
  });

  it('a cancel during reading gives CANCELLED', async () => {
    const path = file('big.xlsx', await bigWorkbook());
    const c = new AbortController();
    await expect(readSheet(path, { signal: c.signal, onProgress: (d) => d > 0 && c.abort() })).rejects.toMatchObject({
      code: 'CANCELLED',
      message: 'Reading “big.xlsx” was cancelled.',
    });
  });
});

describe('zips that are not workbooks, and zip bombs', () => {
  const refused = (path: string, pattern: RegExp) =>
    expect(readSheet(path)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(pattern) as string,
    });

  it('a zip without xl/workbook.xml, a Word document, a damaged zip', async () => {
    await refused(
      file('archive.xlsx', zip([{ name: 'notes.txt', data: Buffer.from('hello') }])),
      /is not an XLSX workbook \(it is a zip archive\)/,
    );
    await refused(
      file('letter.xlsx', zip([{ name: 'word/document.xml', data: Buffer.from('<w/>') }])),
      /is not an XLSX workbook \(it is a Word document\)/,
    );
    const good = zip([WORKBOOK_XML]);
    await refused(file('cut.xlsx', good.subarray(0, good.length - 10)), /is a damaged zip archive/);
  });

  it('a tiny entry whose central directory declares 300 MB is refused before anything is inflated', async () => {
    const path = file(
      'declared.xlsx',
      zip([
        WORKBOOK_XML,
        { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<x/>'), declaredSize: 300 * 1024 * 1024 },
      ]),
    );
    await refused(path, /looks like a zip bomb.*unpacks to more than 100 MB/);
  });

  it('a genuinely high-ratio entry (48 MB of zeros) is refused by its ratio', async () => {
    const zeros = Buffer.alloc(48 * 1024 * 1024);
    const path = file('ratio.xlsx', zip([WORKBOOK_XML, { name: 'xl/worksheets/sheet1.xml', data: zeros }]));
    await refused(
      path,
      /looks like a zip bomb.*part “xl\/worksheets\/sheet1\.xml” unpacks [\d,]+ times its packed size/,
    );
  });

  it('an entry that inflates to more than it declares is caught while inflating, before exceljs', async () => {
    const path = file(
      'liar.xlsx',
      zip([WORKBOOK_XML, { name: 'xl/sharedStrings.xml', data: Buffer.alloc(4 * 1024 * 1024), declaredSize: 1000 }]),
    );
    await refused(path, /looks like a zip bomb.*unpacks to more than it declares/);
  });

  it('a zip that passes the checks but is not a valid workbook is refused', async () => {
    await refused(file('hollow.xlsx', zip([WORKBOOK_XML])), /is not a readable workbook: it has no sheets/);
  });
});
