import { open, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SheetInfo, SheetTable, SourceEncoding } from '../../../../shared/domain/import/types';
import { readCsvRows } from './csv';
import { throwIfCancelled, unreadable } from './errors';
import { READ_LIMITS } from './limits';
import { decodeText, detectKind, type FileKind } from './sniff';
import { buildTable, type RawRow } from './table';
import { loadWorkbook, pickSheet, readXlsxRows, sheetInfos, truncatedWarning } from './xlsx';

/**
 * Reading spreadsheet files for import (issue 7): the kind is decided from the bytes, never the extension;
 * every limit in READ_LIMITS is checked before the work it bounds; every problem is an AppError('VALIDATION')
 * naming the file, what is wrong and what to do; a cancel is AppError('CANCELLED').
 */
export { READ_LIMITS } from './limits';

export interface InspectedFile {
  fileName: string;
  kind: 'csv' | 'xlsx';
  sizeBytes: number;
  sheets: SheetInfo[];
}

export interface ReadSheetOptions {
  /** XLSX sheet name; default the first visible sheet with data. Ignored for CSV. */
  sheet?: string;
  /** 1-based header row; default detected. */
  headerRow?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

function mb(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 0 })} MB`;
}

/** Stat, size limit and signature, reading only the first bytes. */
async function openChecked(path: string): Promise<{ fileName: string; size: number; kind: FileKind }> {
  const fileName = basename(path);
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw unreadable(fileName, 'is not a file', 'choose a CSV or XLSX file');
    size = s.size;
  } catch (e) {
    if (e instanceof Error && e.name === 'AppError') throw e;
    throw unreadable(
      fileName,
      `cannot be opened (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      'check that the file exists and you can read it',
    );
  }
  if (size === 0) throw unreadable(fileName, 'is empty (0 bytes)', 'choose the file that holds the table to import');
  if (size > READ_LIMITS.maxFileBytes) {
    throw unreadable(
      fileName,
      `is ${mb(size)}; files up to ${mb(READ_LIMITS.maxFileBytes)} can be imported`,
      'split it into smaller files, or remove columns that are not needed, and import them one after the other',
    );
  }
  const head = Buffer.alloc(16);
  const fh = await open(path, 'r');
  try {
    await fh.read(head, 0, 16, 0);
  } finally {
    await fh.close();
  }
  return { fileName, size, kind: detectKind(fileName, head.subarray(0, Math.min(16, size))) };
}

async function readBytes(path: string, fileName: string, limit: number): Promise<Buffer> {
  const bytes = await readFile(path);
  // The file may have grown between stat and read.
  if (bytes.length > limit)
    throw unreadable(fileName, `grew beyond ${mb(limit)} while it was being read`, 'import it again once it is saved');
  return bytes;
}

async function csvRows(
  path: string,
  fileName: string,
  options: ReadSheetOptions,
): Promise<{ rows: RawRow[]; encoding: SourceEncoding; warnings: string[] }> {
  const bytes = await readBytes(path, fileName, READ_LIMITS.maxFileBytes);
  throwIfCancelled(fileName, options.signal);
  const { text, encoding, warnings } = decodeText(fileName, bytes);
  if (text.trim() === '')
    throw unreadable(
      fileName,
      'is empty (it holds only a byte-order mark or blank space)',
      'choose the file that holds the table to import',
    );
  const cellWarnings = { truncated: 0 };
  const rows = await readCsvRows(text, {
    fileName,
    signal: options.signal,
    onProgress: options.onProgress,
    cellWarnings,
  });
  if (cellWarnings.truncated > 0) warnings.push(truncatedWarning(cellWarnings.truncated));
  return { rows, encoding, warnings };
}

async function csvTable(path: string, fileName: string, options: ReadSheetOptions): Promise<SheetTable> {
  const { rows, encoding, warnings } = await csvRows(path, fileName, options);
  return buildTable(rows, {
    fileName,
    sheet: fileName,
    encoding,
    kind: 'csv',
    headerRow: options.headerRow,
    warnings,
    emptyWhat: 'the file',
  });
}

/** What the file is and which sheets it has (one, named after the file, for a CSV). */
export async function inspectFile(path: string): Promise<InspectedFile> {
  const { fileName, size, kind } = await openChecked(path);
  if (kind === 'xlsx') {
    const wb = await loadWorkbook(fileName, await readBytes(path, fileName, READ_LIMITS.maxFileBytes));
    return { fileName, kind, sizeBytes: size, sheets: sheetInfos(wb) };
  }
  const { rows } = await csvRows(path, fileName, {});
  if (rows.length === 0)
    throw unreadable(
      fileName,
      'is empty: the file has no cells with values',
      'choose the file that holds the table to import',
    );
  const columns = rows.reduce((max, r) => Math.max(max, r.cells.length), 0);
  // Counted like an XLSX sheet's rows: every row with a value, banners and header included.
  return { fileName, kind, sizeBytes: size, sheets: [{ name: fileName, rows: rows.length, columns }] };
}

/** One sheet (a CSV's only one) as header + data rows. */
export async function readSheet(path: string, options: ReadSheetOptions = {}): Promise<SheetTable> {
  const { fileName, kind } = await openChecked(path);
  throwIfCancelled(fileName, options.signal);
  if (kind === 'csv') return csvTable(path, fileName, options);
  const wb = await loadWorkbook(fileName, await readBytes(path, fileName, READ_LIMITS.maxFileBytes));
  throwIfCancelled(fileName, options.signal);
  const ws = pickSheet(fileName, wb, options.sheet);
  const { rows, warnings } = await readXlsxRows(ws, {
    fileName,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  return buildTable(rows, {
    fileName,
    sheet: ws.name,
    encoding: 'xlsx',
    kind: 'xlsx',
    headerRow: options.headerRow,
    warnings,
    emptyWhat: `sheet “${ws.name}”`,
  });
}
