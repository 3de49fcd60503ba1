import { openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { TempDirs } from '../../testing/temp-dir';
import { detectDelimiter } from './csv';
import { inspectFile, READ_LIMITS, readSheet } from './index';

const DATASETS = join(dirname(fileURLToPath(import.meta.url)), '../../testing/fixtures/datasets');
const temp = new TempDirs();
afterEach(() => temp.cleanup());

function file(name: string, content: string | Uint8Array): string {
  const path = join(temp.make('fd-read-'), name);
  writeFileSync(path, content);
  return path;
}

const utf16le = (s: string): Buffer => Buffer.from(s, 'utf16le');
const utf16be = (s: string): Buffer => {
  const le = utf16le(s);
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
};

describe('real inventories', () => {
  it('2024 consolidated federal inventory: 1,757 data rows, header row 1, UTF-8 with BOM', async () => {
    const path = join(DATASETS, '2024-consolidated.csv');
    const t = await readSheet(path);
    expect(t.sheet).toBe('2024-consolidated.csv');
    expect(t.encoding).toBe('utf-8-bom');
    expect(t.headerRow).toBe(1);
    expect(t.headers.slice(0, 4)).toEqual(['2_use_case_name', '3_agency', '3_abr', '4_bureau']);
    expect(t.headers).toHaveLength(62);
    expect(t.headers).toContain('16_dev_stage');
    expect(t.rows).toHaveLength(1757);
    expect(t.rowNumbers[0]).toBe(2);
    expect(t.rowNumbers.at(-1)).toBe(1758);
    expect(t.rows.every((r) => r.length === 62)).toBe(true);
    expect(t.rows[0]!.slice(0, 4)).toEqual([
      'Non-Intrusive Inspection (NII) 3D Imaging Tool',
      'Department of Homeland Security',
      'DHS',
      'CBP',
    ]);
    // Multi-line quoted cells stay one record each, so records are numbered 2..1758 without gaps.
    expect(t.rows.some((r) => r.some((c) => typeof c === 'string' && c.includes('\n')))).toBe(true);
    expect(t.warnings).toEqual([]);
    const info = await inspectFile(path);
    expect(info).toMatchObject({
      fileName: '2024-consolidated.csv',
      kind: 'csv',
      sheets: [{ rows: 1758, columns: 62 }],
    });
    expect(info.sizeBytes).toBeGreaterThan(2_000_000);
  });

  it('2025 Treasury raw file: the "SECTION 1" banner on row 1 is skipped, the header is row 2', async () => {
    const t = await readSheet(join(DATASETS, '2025-treasury-raw.csv'));
    expect(t.headerRow).toBe(2);
    expect(t.headers.slice(0, 4)).toEqual(['Use Case ID', 'Use Case Name', 'Bureau/Component', 'Email Address']);
    expect(t.headers).toContain('Stage of Development');
    expect(t.rows).toHaveLength(129);
    expect(t.rowNumbers[0]).toBe(3);
    expect(t.rows[0]!.slice(0, 2)).toEqual(['1', 'OCC.Chat']);
  });

  it('an explicit header row overrides detection', async () => {
    const t = await readSheet(join(DATASETS, '2025-treasury-raw.csv'), { headerRow: 1 });
    expect(t.headerRow).toBe(1);
    expect(t.headers[0]).toMatch(/^SECTION 1: Use Case Identifiers/);
    await expect(readSheet(join(DATASETS, '2025-treasury-raw.csv'), { headerRow: 5000 })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('has no row 5000') as string,
    });
  });
});

describe('encodings', () => {
  const csv = 'Name,Business unit\nCafé assistant,Finance\nRésumé screener,HR\n';

  it('UTF-16LE with BOM', async () => {
    const t = await readSheet(file('a.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le(csv)])));
    expect(t.encoding).toBe('utf-16le');
    expect(t.rows).toEqual([
      ['Café assistant', 'Finance'],
      ['Résumé screener', 'HR'],
    ]);
  });

  it('UTF-16BE with BOM, and UTF-16 LE/BE without a BOM by the NUL pattern', async () => {
    const be = await readSheet(file('b.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(csv)])));
    expect(be.encoding).toBe('utf-16be');
    expect(be.rows[0]).toEqual(['Café assistant', 'Finance']);
    const le = await readSheet(file('c.csv', utf16le(csv)));
    expect(le.encoding).toBe('utf-16le');
    expect(le.headers).toEqual(['Name', 'Business unit']);
    const beNoBom = await readSheet(file('d.csv', utf16be(csv)));
    expect(beNoBom.encoding).toBe('utf-16be');
    expect(beNoBom.rows[1]).toEqual(['Résumé screener', 'HR']);
  });

  it('UTF-8 without BOM', async () => {
    const t = await readSheet(file('e.csv', csv));
    expect(t.encoding).toBe('utf-8');
    expect(t.rows[0]![0]).toBe('Café assistant');
  });

  it('Windows-1252: é as 0xE9, smart quotes 0x93/0x94', async () => {
    const bytes = Buffer.from('Name,Note\nCaf\xe9 bot,\x93quoted\x94 note\n', 'latin1');
    const t = await readSheet(file('f.csv', bytes));
    expect(t.encoding).toBe('windows-1252');
    expect(t.rows).toEqual([['Café bot', '“quoted” note']]);
    expect(t.warnings).toEqual([]);
  });

  it('UTF-8 with a few stray Windows-1252 bytes keeps both readable, with a warning', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Name,Unit\nCafé bot,Zürich\nRésumé,'),
      Buffer.from([0x93, 0x4f, 0x70, 0x73, 0x94]),
      Buffer.from('\n'),
    ]);
    const t = await readSheet(file('mixed.csv', bytes));
    expect(t.encoding).toBe('utf-8');
    expect(t.rows).toEqual([
      ['Café bot', 'Zürich'],
      ['Résumé', '“Ops”'],
    ]);
    expect(t.warnings).toEqual([
      '2 bytes of “mixed.csv” are not valid UTF-8 and were read as Windows-1252; check accented names in the preview.',
    ]);
  });

  it('UTF-8 with BOM and a stray byte keeps the BOM encoding and warns', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Name\nZürich '),
      Buffer.from([0x96]),
      Buffer.from(' Ops\n'),
    ]);
    const t = await readSheet(file('bomstray.csv', bytes));
    expect(t.encoding).toBe('utf-8-bom');
    expect(t.rows).toEqual([['Zürich – Ops']]);
    expect(t.warnings).toEqual([
      '1 byte of “bomstray.csv” is not valid UTF-8 and was read as Windows-1252; check accented names in the preview.',
    ]);
  });

  it('text that merely starts like a signature (MZ, GIF8, SQLite) is still a CSV', async () => {
    for (const head of ['MZ code,Unit', 'GIF8 flag,Unit', 'SQLite,Unit']) {
      const t = await readSheet(file('sig.csv', `${head}\nBot,Ops\n`));
      expect(t.headers[0]).toBe(head.split(',')[0]);
    }
  });

  it('bytes that are neither UTF-8 nor plausible Windows-1252 are still read, with a warning', async () => {
    const bytes = Buffer.concat([
      Buffer.from('Name,Note\nBot,'),
      Buffer.from([0x81, 0x8d, 0xc3, 0x28, 0xfe]),
      Buffer.from('\n'),
    ]);
    const t = await readSheet(file('g.csv', bytes));
    expect(t.encoding).toBe('windows-1252');
    expect(t.rows).toHaveLength(1);
    expect(t.warnings.join(' ')).toMatch(/not valid UTF-8 and does not look like Windows-1252/);
  });
});

describe('CSV shape', () => {
  it('detects semicolon, tab and pipe delimiters, ignoring delimiters inside quotes', async () => {
    expect(detectDelimiter('a;b;c\n1;2;3\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t"x, y, z"\t3\n')).toBe('\t');
    expect(detectDelimiter('a|b\n1|2\n')).toBe('|');
    expect(detectDelimiter('"a;b;c;d",e\n"1;2;3;4",5\n')).toBe(',');
    expect(detectDelimiter('single\nvalue\n')).toBe(',');
    const semi = await readSheet(file('s.csv', 'Name;Unit;Cost\n"Bot; v2";Ops;1,5\n'));
    expect(semi.headers).toEqual(['Name', 'Unit', 'Cost']);
    expect(semi.rows).toEqual([['Bot; v2', 'Ops', '1,5']]);
    const tab = await readSheet(file('t.tsv', 'Name\tUnit\nBot\tOps\n'));
    expect(tab.rows).toEqual([['Bot', 'Ops']]);
  });

  it('finds the header on row 3 under banner rows', async () => {
    const t = await readSheet(
      file(
        'h.csv',
        'AI inventory FY2025,,,\nPrepared by the CAIO office,,,\nName,Unit,Stage,Owner\nBot,Ops,Pilot,Ada\n\nScanner,HR,Deployed,Grace\n',
      ),
    );
    expect(t.headerRow).toBe(3);
    expect(t.headers).toEqual(['Name', 'Unit', 'Stage', 'Owner']);
    // The blank line is row 5; it is skipped but keeps the numbering.
    expect(t.rowNumbers).toEqual([4, 6]);
    expect(t.rows).toEqual([
      ['Bot', 'Ops', 'Pilot', 'Ada'],
      ['Scanner', 'HR', 'Deployed', 'Grace'],
    ]);
  });

  it('a header with year columns is still the header; a numbers-only file takes row 1', async () => {
    const years = await readSheet(file('y.csv', 'Name,2023,2024,2025\nBot,1,2,3\n'));
    expect(years.headerRow).toBe(1);
    expect(years.headers).toEqual(['Name', '2023', '2024', '2025']);
    const numbers = await readSheet(file('n.csv', '1,2\n3,4\n'));
    expect(numbers.headerRow).toBe(1);
    expect(numbers.rows).toEqual([['3', '4']]);
  });

  it('names blank headers, numbers duplicates and warns naming them; collapses whitespace in headers', async () => {
    const t = await readSheet(file('d.csv', 'Name,"  Risk\n flag ",,Name,Name,risk flag,Name (2)\na,b,c,d,e,f,g\n'));
    expect(t.headers).toEqual(['Name', 'Risk flag', 'Column 3', 'Name (3)', 'Name (4)', 'risk flag (2)', 'Name (2)']);
    expect(t.warnings.join(' ')).toMatch(/repeats “Name”, “risk flag”/);
  });

  it('pads short rows, cuts long ones with one warning, keeps numbers as text and empty or blank cells as null', async () => {
    const t = await readSheet(file('p.csv', 'A,B,C\n1,  ,\n1,2,3,4,5\nx,y,z,w\n'));
    expect(t.rows).toEqual([
      ['1', null, null],
      ['1', '2', '3'],
      ['x', 'y', 'z'],
    ]);
    expect(t.warnings).toEqual([
      '2 rows have values to the right of the last named column (first: row 3); those values are not imported.',
    ]);
  });

  it('multi-line quoted cells are one record; row numbers count records', async () => {
    const t = await readSheet(
      file('m.csv', 'Name,Note\n"Bot","line 1\nline 2\nline 3"\nScanner,"Rights-Impacting\n"\n'),
    );
    expect(t.rows).toEqual([
      ['Bot', 'line 1\nline 2\nline 3'],
      ['Scanner', 'Rights-Impacting\n'],
    ]);
    expect(t.rowNumbers).toEqual([2, 3]);
  });

  it('keeps formula-looking text as text (neutralising is the exporter’s job)', async () => {
    const t = await readSheet(file('x.csv', 'Name,Note\n=HYPERLINK("http://x"),+1\n'));
    expect(t.rows).toEqual([['=HYPERLINK("http://x")', '+1']]);
  });

  it('an unclosed quote is refused with the line', async () => {
    await expect(readSheet(file('q.csv', 'Name,Note\nBot,"never closed\nmore\n'))).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/“q\.csv” has a quoted cell that is never closed/) as string,
    });
  });

  it('a header with no rows below it gives an empty table with a warning', async () => {
    const t = await readSheet(file('o.csv', 'Name,Unit\n'));
    expect(t.rows).toEqual([]);
    expect(t.warnings).toEqual(['There are no data rows below the header (row 1).']);
  });
});

describe('bad input', () => {
  const refused = (path: string, pattern: RegExp) =>
    expect(readSheet(path)).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(pattern) as string,
    });

  it('empty, BOM-only, whitespace-only and separators-only files', async () => {
    await refused(file('empty.csv', ''), /“empty\.csv” is empty \(0 bytes\)/);
    await refused(file('bom.csv', Buffer.from([0xef, 0xbb, 0xbf])), /“bom\.csv” is empty/);
    await refused(file('ws.csv', '  \r\n\n\t\n'), /is empty/);
    await refused(file('commas.csv', ',,,\n,,\n'), /is empty: the file has no cells with values/);
    await expect(inspectFile(file('e2.csv', ''))).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('binary garbage, PNG bytes named .csv, a PDF: "not a spreadsheet"', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    await refused(file('garbage.csv', garbage), /“garbage\.csv” is not a spreadsheet \(it contains binary data\)/);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    await refused(
      file('image.csv', png),
      /is not a spreadsheet \(it is a PNG image\): choose a CSV file or an Excel workbook/,
    );
    await refused(file('doc.csv', '%PDF-1.7\n%âãÏÓ\n'), /it is a PDF document/);
  });

  it('an old .xls (OLE2) file says to save as .xlsx or CSV', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    await refused(file('old.xlsx', ole), /old Excel 97-2003 \(\.xls\) format.*save it as \.xlsx/);
  });

  it('a 100 MB+ file is refused by its size without being read', async () => {
    const path = join(temp.make('fd-read-'), 'huge.csv');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 101 * 1024 * 1024); // sparse: no data written
    closeSync(fd);
    await refused(path, /“huge\.csv” is 101 MB; files up to 50 MB can be imported/);
    await expect(inspectFile(path)).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('a row with 10,000 columns', async () => {
    const wide = Array.from({ length: 10_000 }, (_, i) => `v${i}`).join(',');
    await refused(
      file('wide.csv', `Name,Unit\nBot,Ops\n${wide}\n`),
      /row 3 has 10,000 columns; at most 2,000 are supported/,
    );
  });

  it('a wide header over many short rows is refused before padding them out', async () => {
    const header = Array.from({ length: 2000 }, (_, i) => `h${i}`).join(',');
    await refused(
      file('pad.csv', `${header}\n${'x\n'.repeat(6000)}`),
      /has 6,000 rows of 2,000 columns, more than the 10,000,000 cells/,
    );
  });

  it('an over-long cell is cut to the limit with a warning', async () => {
    const t = await readSheet(file('long.csv', `Name,Note\nBot,${'x'.repeat(READ_LIMITS.maxCellChars + 10)}\n`));
    expect((t.rows[0]![1] as string).length).toBe(READ_LIMITS.maxCellChars);
    expect(t.warnings).toEqual(['1 cell was longer than 32,767 characters and was cut to that length.']);
  });

  it('a missing file', async () => {
    await refused(join(temp.make('fd-read-'), 'nope.csv'), /“nope\.csv” cannot be opened \(ENOENT\)/);
  });
});

describe('progress and cancel', () => {
  const big = (): string => {
    const header = Array.from({ length: 20 }, (_, i) => `Column title ${i}`).join(',');
    const lines = [header];
    for (let r = 0; r < 10_000; r++) lines.push(Array.from({ length: 20 }, (_, c) => `r${r}c${c}`).join(','));
    return lines.join('\n');
  };

  it('reports progress up to done === total on a 10,000-row file', async () => {
    const calls: [number, number][] = [];
    const t = await readSheet(file('big.csv', big()), { onProgress: (d, n) => calls.push([d, n]) });
    expect(t.rows).toHaveLength(10_000);
    expect(t.headers).toHaveLength(20);
    expect(calls.length).toBeGreaterThan(3);
    const [done, total] = calls.at(-1)!;
    expect(done).toBe(total);
    expect(calls.every(([d], i) => i === 0 || d >= calls[i - 1]![0])).toBe(true);
  });

  it('a signal aborted before or during reading gives CANCELLED', async () => {
    const path = file('big.csv', big());
    const before = new AbortController();
    before.abort();
    await expect(readSheet(path, { signal: before.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    const during = new AbortController();
    await expect(
      readSheet(path, {
        signal: during.signal,
        onProgress: (d) => {
          if (d > 0) during.abort();
        },
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED', message: 'Reading “big.csv” was cancelled.' });
  });
});
