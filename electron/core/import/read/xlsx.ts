import ExcelJS from 'exceljs';
import type { Cell, SheetInfo } from '../../../../shared/domain/import/types';
import { throwIfCancelled, unreadable, yieldToLoop } from './errors';
import { READ_LIMITS, ROWS_PER_CHUNK } from './limits';
import type { RawRow } from './table';
import { checkWorkbookZip } from './zip';

/** Loads a workbook after the zip checks; exceljs errors become a message about the file. */
export async function loadWorkbook(fileName: string, bytes: Buffer): Promise<ExcelJS.Workbook> {
  await checkWorkbookZip(fileName, bytes);
  const wb = new ExcelJS.Workbook();
  try {
    const options: Partial<ExcelJS.XlsxReadOptions> & { maxRows: number; maxCols: number } = {
      // Validation and formatting rules are irrelevant to import, and exceljs expands a rule over "V3:V1048576"
      // into a million cells: the 2025 DHS inventory took 7 s to load with them and 0.1 s without.
      ignoreNodes: ['dataValidations', 'conditionalFormatting'],
      // Passed through to exceljs's sheet parser (missing from its typings), which stops with "Max row count (N) exceeded" rather than building a huge sheet in memory.
      maxRows: READ_LIMITS.maxRows + 31,
      maxCols: READ_LIMITS.maxColumns,
    };
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer, options);
  } catch (e) {
    const message = (e as Error).message;
    if (/^Max row count/.test(message)) {
      throw unreadable(
        fileName,
        `has more than ${READ_LIMITS.maxRows.toLocaleString('en-US')} rows in a sheet, more than an import can take`,
        'split it into smaller files and import them one after the other',
      );
    }
    if (/^Max c count/.test(message)) {
      throw unreadable(
        fileName,
        `has a row with more than ${READ_LIMITS.maxColumns.toLocaleString('en-US')} cells; at most ${READ_LIMITS.maxColumns.toLocaleString('en-US')} columns are supported`,
        'remove the extra columns or check that the sheet really is a table',
      );
    }
    throw unreadable(
      fileName,
      `could not be read as an XLSX workbook (${(e as Error).message})`,
      'open it in Excel and save it again as .xlsx, or export the sheet as CSV',
    );
  }
  if (wb.worksheets.length === 0) {
    throw unreadable(
      fileName,
      'is not a readable workbook: it has no sheets',
      'open it in Excel and save it again as .xlsx, or export the sheet as CSV',
    );
  }
  return wb;
}

export function sheetInfos(wb: ExcelJS.Workbook): SheetInfo[] {
  return wb.worksheets.map((ws) => ({ name: ws.name, rows: ws.actualRowCount, columns: ws.actualColumnCount }));
}

/** The sheet asked for (exact name, else ignoring case and outer spaces), or the first visible one with data. */
export function pickSheet(fileName: string, wb: ExcelJS.Workbook, name: string | undefined): ExcelJS.Worksheet {
  const sheets = wb.worksheets;
  if (name !== undefined) {
    const want = name.trim().toLowerCase();
    const ws = sheets.find((s) => s.name === name) ?? sheets.find((s) => s.name.trim().toLowerCase() === want);
    if (!ws) {
      throw unreadable(
        fileName,
        `has no sheet named “${name}”`,
        `choose one of: ${sheets.map((s) => `“${s.name}”`).join(', ')}`,
      );
    }
    return ws;
  }
  const withData = (s: ExcelJS.Worksheet): boolean => s.actualRowCount > 0;
  const ws = sheets.find((s) => s.state === 'visible' && withData(s)) ?? sheets.find(withData);
  if (!ws)
    throw unreadable(
      fileName,
      'is empty: none of its sheets has cells with values',
      'choose a workbook that holds the table to import',
    );
  return ws;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A date as the sheet shows it. Excel stores wall-clock time without a zone and exceljs hands it over as the
 * same digits in UTC, so the UTC fields are the sheet's fields: 'YYYY-MM-DD', or 'YYYY-MM-DDTHH:mm:ss' when
 * there is a time of day (no zone, since the sheet has none).
 */
export function dateCell(d: Date): Cell {
  if (Number.isNaN(d.getTime())) return null;
  const day = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day}T${pad2(h)}:${pad2(m)}:${pad2(s)}`;
}

interface Counters {
  formulas: number;
  truncated: number;
}

/** Plain cell value: formulas as their cached result, rich text and links as text, errors (#N/A) as empty. */
export function plainValue(value: ExcelJS.CellValue, counters: Counters): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (value.length > READ_LIMITS.maxCellChars) {
      counters.truncated++;
      return value.slice(0, READ_LIMITS.maxCellChars);
    }
    return value === '' ? null : value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return dateCell(value);
  if ('richText' in value && Array.isArray(value.richText)) {
    return plainValue(value.richText.map((r) => r.text ?? '').join(''), counters);
  }
  if ('formula' in value || 'sharedFormula' in value) {
    counters.formulas++;
    const result = (value as ExcelJS.CellFormulaValue).result;
    return plainValue(result === undefined ? null : result, { formulas: 0, truncated: 0 });
  }
  if ('hyperlink' in value) {
    const text = (value as { text?: unknown }).text;
    if (typeof text === 'string') return plainValue(text, counters);
    if (text && typeof text === 'object') return plainValue(text as ExcelJS.CellValue, counters);
    return plainValue(value.hyperlink, counters);
  }
  if ('error' in value) return null;
  return null;
}

function isEmpty(c: Cell): boolean {
  return c === null || (typeof c === 'string' && c.trim() === '');
}

export interface XlsxReadOptions {
  fileName: string;
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** A sheet's non-empty rows with their real row numbers; warnings for formulas read as values and cut text. */
export async function readXlsxRows(
  ws: ExcelJS.Worksheet,
  o: XlsxReadOptions,
): Promise<{ rows: RawRow[]; warnings: string[] }> {
  const counters: Counters = { formulas: 0, truncated: 0 };
  const last = ws.rowCount;
  if (ws.actualRowCount > READ_LIMITS.maxRows + 31) {
    throw unreadable(
      o.fileName,
      `has ${ws.actualRowCount.toLocaleString('en-US')} rows in sheet “${ws.name}”; at most ${READ_LIMITS.maxRows.toLocaleString('en-US')} can be imported at once`,
      'split it into smaller files and import them one after the other',
    );
  }
  const rows: RawRow[] = [];
  o.onProgress?.(0, last);
  for (let r = 1; r <= last; r++) {
    if (r % ROWS_PER_CHUNK === 0) {
      throwIfCancelled(o.fileName, o.signal);
      o.onProgress?.(r, last);
      await yieldToLoop();
      throwIfCancelled(o.fileName, o.signal);
    }
    const row = ws.findRow(r);
    if (!row || !row.hasValues) continue;
    const cells: Cell[] = [];
    let width = 0;
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      // cell.value drops a formula's falsy cached result (0, false, ''); cell.result keeps it.
      const v =
        cell.type === ExcelJS.ValueType.Formula
          ? plainValue(
              { formula: cell.formula ?? '', result: cell.result as ExcelJS.CellFormulaValue['result'] },
              counters,
            )
          : plainValue(cell.value, counters);
      if (isEmpty(v)) return;
      if (col > READ_LIMITS.maxColumns) {
        throw unreadable(
          o.fileName,
          `has a value in column ${col.toLocaleString('en-US')} of row ${r} in sheet “${ws.name}”; at most ${READ_LIMITS.maxColumns.toLocaleString('en-US')} columns are supported`,
          'remove the extra columns or check that the sheet really is a table',
        );
      }
      while (cells.length < col - 1) cells.push(null);
      cells[col - 1] = v;
      width = col;
    });
    cells.length = width;
    if (width > 0) rows.push({ row: r, cells });
  }
  o.onProgress?.(last, last);
  const warnings: string[] = [];
  if (counters.formulas > 0) {
    warnings.push(
      `${counters.formulas.toLocaleString('en-US')} formula ${counters.formulas === 1 ? 'cell was' : 'cells were'} read as ${counters.formulas === 1 ? 'its' : 'their'} last calculated ${counters.formulas === 1 ? 'value' : 'values'}.`,
    );
  }
  if (counters.truncated > 0) warnings.push(truncatedWarning(counters.truncated));
  return { rows, warnings };
}

export function truncatedWarning(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'cell was' : 'cells were'} longer than ${READ_LIMITS.maxCellChars.toLocaleString('en-US')} characters and ${n === 1 ? 'was' : 'were'} cut to that length.`;
}
