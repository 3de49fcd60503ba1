import type { Cell, SheetTable, SourceEncoding } from '../../../../shared/domain/import/types';
import { unreadable } from './errors';
import { HEADER_SCAN_ROWS, MAX_TABLE_CELLS, READ_LIMITS } from './limits';

/** A non-empty row as read: its 1-based row number in the file, and cells up to the last non-empty one. */
export interface RawRow {
  row: number;
  cells: Cell[];
}

const NUMBER_LIKE = /^[-+(]?[$€£]?\s*\d[\d.,\s]*%?\)?$/;
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T].*)?$/;
/** Header texts are labels or questions; a cell longer than this is data (a description), or a banner. */
const MAX_HEADER_CHARS = 250;

function headerLike(cell: Cell): string | null {
  if (typeof cell !== 'string') return null;
  const t = cell.trim();
  if (t === '' || t.length > MAX_HEADER_CHARS || NUMBER_LIKE.test(t) || DATE_LIKE.test(t)) return null;
  return t.toLowerCase();
}

function countCells(cells: Cell[]): { filled: number; distinct: number; labels: number } {
  let filled = 0;
  const distinct = new Set<string>();
  let labels = 0;
  for (const c of cells) {
    if (c === null || (typeof c === 'string' && c.trim() === '')) continue;
    filled++;
    const key = String(c).trim().toLowerCase();
    if (distinct.has(key)) continue;
    distinct.add(key);
    if (headerLike(c) !== null) labels++;
  }
  return { filled, distinct: distinct.size, labels };
}

/**
 * The header is not always the first row: inventories put banners above it (a title, "SECTION 1: ..." over a
 * group of columns, merged section labels that read back repeated across the merge). The header is the first
 * row among the leading ones that is not such a banner: it fills most of the table's width (at least 60% of
 * the widest row's filled cells), its cells are mostly distinct (merged labels repeat), and it holds at least
 * one label (short text, not a number or date; year columns like "2024" are fine beside a "Name"). Data rows
 * can look as label-like as the header, but they come after it.
 */
export function detectHeaderIndex(rows: RawRow[]): number {
  const window = rows.slice(0, HEADER_SCAN_ROWS).map((r) => countCells(r.cells));
  const widest = Math.max(0, ...window.map((w) => w.filled));
  const index = window.findIndex((w) => w.filled >= widest * 0.6 && w.labels > 0 && w.distinct >= w.filled * 0.5);
  return Math.max(0, index);
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function headerText(cell: Cell): string {
  if (cell === null) return '';
  return String(cell).replace(/\s+/g, ' ').trim();
}

/** Trimmed, whitespace-collapsed headers; blanks named after their column; duplicates numbered. */
export function makeHeaders(cells: Cell[], kind: 'csv' | 'xlsx', warnings: string[]): string[] {
  const raw = cells.map(headerText);
  let width = raw.length;
  while (width > 0 && raw[width - 1] === '') width--;
  const named = raw
    .slice(0, width)
    .map((h, i) => (h !== '' ? h : kind === 'xlsx' ? `Column ${columnLetters(i)}` : `Column ${i + 1}`));
  const taken = new Set(named.map((h) => h.toLowerCase()));
  const seen = new Map<string, number>();
  const renamed: string[] = [];
  const headers = named.map((h) => {
    const key = h.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 1) return h;
    let k = n;
    let candidate = `${h} (${k})`;
    while (taken.has(candidate.toLowerCase())) candidate = `${h} (${++k})`;
    taken.add(candidate.toLowerCase());
    renamed.push(`“${h}”`);
    return candidate;
  });
  if (renamed.length > 0) {
    const names = [...new Set(renamed)];
    warnings.push(
      `The header row repeats ${names.join(', ')}; the later ${renamed.length === 1 ? 'column was' : 'columns were'} renamed with (2), (3), ... so each column can be mapped.`,
    );
  }
  return headers;
}

export interface BuildOptions {
  fileName: string;
  sheet: string;
  encoding: SourceEncoding;
  kind: 'csv' | 'xlsx';
  headerRow?: number | undefined;
  warnings: string[];
  /** Words for the message when there is nothing at all: "the file" or "sheet "X" of the file". */
  emptyWhat: string;
}

/** Turns the non-empty rows of a sheet into header + data rows, each as wide as the header. */
export function buildTable(rows: RawRow[], o: BuildOptions): SheetTable {
  if (rows.length === 0) {
    throw unreadable(
      o.fileName,
      `is empty: ${o.emptyWhat} has no cells with values`,
      'choose a file that holds the table to import',
    );
  }
  let index: number;
  if (o.headerRow !== undefined) {
    index = rows.findIndex((r) => r.row === o.headerRow);
    if (index < 0) {
      const last = rows[rows.length - 1]!.row;
      throw unreadable(
        o.fileName,
        o.headerRow > last
          ? `has no row ${o.headerRow} (its last row with values is ${last})`
          : `has nothing in row ${o.headerRow}, so it cannot be the header row`,
        'choose the row that holds the column names',
      );
    }
  } else {
    index = detectHeaderIndex(rows);
  }
  const headerRaw = rows[index]!;
  const warnings = [...o.warnings];
  const headers = makeHeaders(headerRaw.cells, o.kind, warnings);
  const width = headers.length;
  const data = rows.slice(index + 1);
  if (data.length > READ_LIMITS.maxRows) {
    throw unreadable(
      o.fileName,
      `has ${data.length.toLocaleString('en-US')} data rows; at most ${READ_LIMITS.maxRows.toLocaleString('en-US')} can be imported at once`,
      'split it into smaller files and import them one after the other',
    );
  }
  if (data.length * width > MAX_TABLE_CELLS) {
    throw unreadable(
      o.fileName,
      `has ${data.length.toLocaleString('en-US')} rows of ${width.toLocaleString('en-US')} columns, more than the ${MAX_TABLE_CELLS.toLocaleString('en-US')} cells an import can hold`,
      'remove columns that are not needed, or split the rows into several files',
    );
  }
  const out: Cell[][] = new Array<Cell[]>(data.length);
  const rowNumbers: number[] = new Array<number>(data.length);
  let beyond = 0;
  let firstBeyond = 0;
  data.forEach((r, i) => {
    const cells = r.cells;
    if (cells.length > width) {
      if (beyond === 0) firstBeyond = r.row;
      beyond++;
    }
    const row = cells.length === width ? cells : cells.slice(0, width);
    while (row.length < width) row.push(null);
    out[i] = row;
    rowNumbers[i] = r.row;
  });
  if (beyond > 0) {
    warnings.push(
      `${beyond} ${beyond === 1 ? 'row has' : 'rows have'} values to the right of the last named column (first: row ${firstBeyond}); those values are not imported.`,
    );
  }
  if (data.length === 0) warnings.push(`There are no data rows below the header (row ${headerRaw.row}).`);
  return { sheet: o.sheet, encoding: o.encoding, headerRow: headerRaw.row, headers, rows: out, rowNumbers, warnings };
}
