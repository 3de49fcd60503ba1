import type { Cell } from '../../../../shared/domain/import/types';
import { throwIfCancelled, unreadable, yieldToLoop } from './errors';
import { READ_LIMITS, ROWS_PER_CHUNK } from './limits';
import { CsvRecords } from './parse';
import type { RawRow } from './table';

const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * Picks the delimiter from the first lines, counting candidates outside quotes: the one that appears the
 * same number of times on the most lines wins (a comma inside "Smith, J." does not count). Ties go to the
 * comma, then semicolon, tab, pipe. A file with none of them is one column, read with the comma.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts: number[][] = [];
  let line = [0, 0, 0, 0];
  let inQuotes = false;
  const end = Math.min(text.length, 256 * 1024);
  for (let i = 0; i < end && counts.length < 30; i++) {
    const ch = text[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (ch === '\n') {
      counts.push(line);
      line = [0, 0, 0, 0];
    } else {
      const d = DELIMITERS.indexOf(ch as Delimiter);
      if (d >= 0) line[d]!++;
    }
  }
  if (counts.length < 30 && line.some((n) => n > 0)) counts.push(line);
  let best = 0;
  let bestScore = 0;
  DELIMITERS.forEach((_, d) => {
    const freq = new Map<number, number>();
    for (const l of counts) {
      const n = l[d]!;
      if (n > 0) freq.set(n, (freq.get(n) ?? 0) + 1);
    }
    let score = 0;
    for (const [n, lines] of freq) score = Math.max(score, lines * 1000 + Math.min(n, 999));
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  });
  return DELIMITERS[best]!;
}

export interface CsvReadOptions {
  fileName: string;
  signal?: AbortSignal | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
  cellWarnings: { truncated: number };
}

/**
 * Parses decoded CSV text into rows. Row numbers count records (a quoted cell spanning several lines is one
 * record, as a spreadsheet shows it), so a blank line is a row too: it is skipped later but keeps the numbering
 * the same as in Excel. Cells stay text (the mapping parses numbers and dates); an empty cell is null.
 * Progress is reported in characters parsed out of the total.
 */
export async function readCsvRows(text: string, options: CsvReadOptions): Promise<RawRow[]> {
  const { fileName, signal, onProgress } = options;
  const records = new CsvRecords(text, detectDelimiter(text), fileName);
  const rows: RawRow[] = [];
  const total = records.length;
  let record = 0;
  onProgress?.(0, total);
  for (let fields = records.next(); fields !== null; fields = records.next()) {
    record++;
    if (record % ROWS_PER_CHUNK === 0) {
      throwIfCancelled(fileName, signal);
      onProgress?.(records.position, total);
      await yieldToLoop();
      throwIfCancelled(fileName, signal);
    }
    const cells = toCells(fields, options.cellWarnings);
    if (cells.length > READ_LIMITS.maxColumns) {
      throw unreadable(
        fileName,
        `row ${record} has ${cells.length.toLocaleString('en-US')} columns; at most ${READ_LIMITS.maxColumns.toLocaleString('en-US')} are supported`,
        'remove the extra columns or check that the file really is a table',
      );
    }
    if (cells.length > 0) rows.push({ row: record, cells });
    // Header and banner rows come on top of the data rows; the exact count is checked once the header is known.
    if (rows.length > READ_LIMITS.maxRows + 31) throw tooManyRows(fileName);
  }
  onProgress?.(total, total);
  return rows;
}

export function tooManyRows(fileName: string): Error {
  return unreadable(
    fileName,
    `has more than ${READ_LIMITS.maxRows.toLocaleString('en-US')} data rows, more than an import can take`,
    'split it into smaller files and import them one after the other',
  );
}

/** Cells up to the last non-empty one (trailing delimiters add nothing); over-long text is cut. */
function toCells(fields: string[], warn: { truncated: number }): Cell[] {
  let last = fields.length - 1;
  while (last >= 0 && fields[last]!.trim() === '') last--;
  const cells: Cell[] = new Array<Cell>(last + 1);
  for (let i = 0; i <= last; i++) {
    let v = fields[i]!;
    if (v.length > READ_LIMITS.maxCellChars) {
      v = v.slice(0, READ_LIMITS.maxCellChars);
      warn.truncated++;
    }
    // Whitespace-only counts as empty, as it does for an XLSX cell.
    cells[i] = v === '' || v.trim() === '' ? null : v;
  }
  return cells;
}
