import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { FLIGHTDECK_COLUMNS } from '../../../../shared/domain/import/columns';
import { TempDirs } from '../../testing/temp-dir';
import { HOSTILE_TEXTS, fixtureSnapshot } from './fixture';
import { missing, sofficeConvert } from './testing';
import { renderXlsx, textCell } from './xlsx';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const s = fixtureSnapshot({ initiatives: 50 });

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

describe('textCell', () => {
  it('neutralises formula starts and strips what XML cannot carry', () => {
    expect(textCell('=1+1')).toBe("'=1+1");
    expect(textCell('+1')).toBe("'+1");
    expect(textCell('-x')).toBe("'-x");
    expect(textCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(textCell('\tx')).toBe("'\tx");
    expect(textCell('a\u0000b\u0001c')).toBe('abc');
    expect(textCell('x'.repeat(40_000))).toHaveLength(32_766);
    expect(textCell('plain')).toBe('plain');
  });
});

describe('renderXlsx', () => {
  it('writes every sheet with real numbers and dates, frozen headers and filters, and no formulas', async () => {
    const wb = await load(await renderXlsx(s));
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'README',
      'Initiatives',
      'Owners',
      'Phases_Gates',
      'ROI',
      'Risks',
      'KPIs',
      'Metrics',
      'Decisions',
      'Milestones',
      'Signals',
    ]);
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
          expect(cell.formula).toBeFalsy();
          if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
        }),
      );
      if (ws.name === 'README') continue;
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
    }

    const ini = wb.getWorksheet('Initiatives');
    if (!ini) throw new Error('no Initiatives sheet');
    const headers = (ini.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, FLIGHTDECK_COLUMNS.length)).toEqual(FLIGHTDECK_COLUMNS.map((c) => c.header));
    expect(ini.rowCount).toBe(51);
    const col = (h: string) => headers.indexOf(h) + 1;
    const x = s.initiatives[1];
    if (!x) throw new Error('fixture too small');
    const row = ini.getRow(3);
    expect(row.getCell(col('ID')).value).toBe(x.id);
    // The hostile name is text with an apostrophe in front, never a formula.
    expect(row.getCell(col('Name')).value).toBe(`'${HOSTILE_TEXTS.hyperlink}`);
    expect(row.getCell(col('Name')).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(col('Business unit')).value).toBe("'+1");
    const start = row.getCell(col('Planned start'));
    expect(start.value).toBeInstanceOf(Date);
    expect((start.value as Date).toISOString().slice(0, 10)).toBe(x.plannedStart);
    expect(start.numFmt).toBe('yyyy-mm-dd');
    expect(row.getCell(col('Phase')).value).toBe(x.phaseLabel);
    expect(row.getCell(col('Approved budget')).value).toBe(x.budget.approved);
    expect(row.getCell(col('Approved budget')).numFmt).toContain('$');
    expect(row.getCell(col('Overall RAG')).value).toMatch(/^(Red|Amber|Green)$/);
    const tagged = ini.getRow(4).getCell(col('Tags')).value;
    expect(tagged).toBe(`genai, ${HOSTILE_TEXTS.at}`);

    const roi = wb.getWorksheet('ROI');
    const r = roi?.getRow(3);
    expect(r?.getCell(6).value).toBeCloseTo((x.value.roiPct ?? 0) / 100, 6);
    expect(r?.getCell(6).numFmt).toBe('0.0%');
    expect(typeof r?.getCell(11).value).toBe('number');

    const risks = wb.getWorksheet('Risks');
    const all = s.initiatives.flatMap((i) => i.risks);
    expect(risks?.rowCount).toBe(all.length + 1);
    expect(typeof risks?.getRow(2).getCell(8).value).toBe('number');

    const readme = wb.getWorksheet('README');
    const text: string[] = [];
    readme?.eachRow((rw) => rw.eachCell((c) => text.push(String(c.value))));
    const joined = text.join('\n');
    expect(joined).toContain('RAG thresholds');
    expect(joined).toContain('EAC ≤ 105% of approved');
    expect(joined).toContain('Overall RAG = the worst of the five dimensions');
  });

  it('is CANCELLED when the signal is aborted', async () => {
    const c = new AbortController();
    c.abort();
    await expect(renderXlsx(s, { signal: c.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it.skipIf(missing('soffice'))(
    'converts in LibreOffice: every sheet to CSV with the same values',
    async () => {
      const dir = temps.make();
      const file = join(dir, 'pack.xlsx');
      writeFileSync(file, await renderXlsx(s));
      // Filter options: comma, double quote, UTF-8, from row 1, ..., all sheets (-1) into one CSV each.
      const out = sofficeConvert(
        file,
        'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
        dir,
      );
      expect(out).toEqual(
        expect.arrayContaining(['pack-Initiatives.csv', 'pack-ROI.csv', 'pack-Risks.csv', 'pack-README.csv']),
      );
      const rows = parse(readFileSync(join(dir, 'pack-Initiatives.csv'), 'utf8'), { columns: true }) as Record<
        string,
        string
      >[];
      expect(rows).toHaveLength(50);
      const byId = new Map(rows.map((r) => [Number(r.ID), r]));
      for (const x of s.initiatives) {
        const r = byId.get(x.id);
        expect(r).toBeDefined();
        expect(r?.['Planned start']).toBe(x.plannedStart);
        expect(Number(r?.['Days in phase'])).toBe(x.daysInPhase);
        expect(Number((r?.['Approved budget'] ?? '').replace(/[$,]/g, ''))).toBe(x.budget.approved);
      }
      expect(byId.get(1)?.Name).toBe(HOSTILE_TEXTS.script);
      // LibreOffice keeps the neutralising apostrophe as text: the cell was never a formula.
      expect(byId.get(2)?.Name).toBe(`'${HOSTILE_TEXTS.hyperlink}`);
    },
    90_000,
  );
});
