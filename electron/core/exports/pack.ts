import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ExportFormat, ExportRecord, PackSnapshot } from '../../../shared/domain/pack/types';
import { appendAudit, type AuditMeta } from '../audit/audit.repo';
import type { Db } from '../db/sqlite';
import type { PdfEngine } from '../ports';
import { insertExportSnapshot, toExportRecord } from '../repositories/exports.repo';
import { writeFileAtomic } from '../services/exportImage';
import { renderCsv } from './csv';
import { renderMarkdown } from './markdown';
import { renderPdf } from './render/pdf';
import { renderPptx } from './render/pptx';
import { renderXlsx } from './render/xlsx';
import { chromiumPdfEngine, findChromium } from './render/chromiumPdf';

/**
 * One status-pack export from snapshot to stored record: render, then in ONE transaction insert the frozen
 * snapshot (export_snapshots), append the audit entry and write the file atomically (temp file + fsync +
 * rename). A render that fails or is cancelled never reaches the write; a write that fails rolls the rows back;
 * so there is either a file and its record, or neither.
 */

export const FORMAT_FILES: Record<ExportFormat, { extension: string; name: string; label: string }> = {
  pdf: { extension: 'pdf', name: 'PDF document', label: 'PDF' },
  pptx: { extension: 'pptx', name: 'PowerPoint presentation', label: 'PPTX' },
  xlsx: { extension: 'xlsx', name: 'Excel workbook', label: 'XLSX' },
  md: { extension: 'md', name: 'Markdown', label: 'Markdown' },
  csv: { extension: 'csv', name: 'CSV (comma-separated)', label: 'CSV' },
};

/** A name every file system takes: path separators, reserved and control characters become spaces. */
export function safeFileName(name: string): string {
  const out = [...name].map((c) => (c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? ' ' : c)).join('');
  return out.replace(/\s+/g, ' ').trim();
}

/** "Flightdeck status pack 2026-12-07.pdf" (or "… – Fraud triage …" for one initiative). */
export function defaultPackName(format: ExportFormat, asOf: string, initiativeName?: string): string {
  const who = initiativeName ? ` – ${safeFileName(initiativeName).slice(0, 80).trim()}` : '';
  return `Flightdeck status pack${who} ${asOf}.${FORMAT_FILES[format].extension}`;
}

/** JSON with object keys sorted at every level: the same snapshot always hashes the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) sorted[k] = o[k];
    return sorted;
  });
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export const NO_CHROMIUM_MESSAGE =
  'PDF export needs Chromium; set FLIGHTDECK_CHROMIUM to the Chromium or Chrome executable.';

/** The PDF engine to use: the host's (Electron's printToPDF), else headless Chromium; a clear error without one. */
export function pdfEngineOrThrow(
  engine: PdfEngine | undefined,
  env: Record<string, string | undefined> = process.env,
): PdfEngine {
  if (engine) return engine;
  const exe = findChromium(env);
  if (!exe) throw new AppError('INTERNAL', NO_CHROMIUM_MESSAGE);
  return chromiumPdfEngine({ executablePath: exe });
}

export async function renderPack(
  snapshot: PackSnapshot,
  format: ExportFormat,
  options: { signal?: AbortSignal; pdfEngine?: PdfEngine } = {},
): Promise<Buffer> {
  const signal = options.signal;
  const opts = signal ? { signal } : {};
  switch (format) {
    case 'md':
      return Buffer.from(renderMarkdown(snapshot), 'utf8');
    case 'csv':
      return Buffer.from(renderCsv(snapshot), 'utf8');
    case 'pdf':
      return renderPdf(snapshot, pdfEngineOrThrow(options.pdfEngine), opts);
    case 'pptx':
      return renderPptx(snapshot, opts);
    case 'xlsx':
      return renderXlsx(snapshot, opts);
  }
}

export interface StoreInput {
  snapshot: PackSnapshot;
  format: ExportFormat;
  path: string;
  bytes: Buffer;
  meta: AuditMeta;
}

/** Writes the file and its frozen record together (see the file comment). */
export function storeExport(db: Db, input: StoreInput): ExportRecord {
  const snapshotJson = canonicalJson(input.snapshot);
  const row = {
    created_at: input.meta.at,
    created_by: input.meta.actor,
    format: input.format,
    scope_label: input.snapshot.scope.label,
    scope_json: canonicalJson(input.snapshot.scope),
    file_name: basename(input.path),
    file_sha256: sha256Hex(input.bytes),
    file_bytes: input.bytes.length,
    snapshot_json: snapshotJson,
    snapshot_sha256: sha256Hex(snapshotJson),
  };
  return db.transaction(() => {
    const id = insertExportSnapshot(db, row);
    appendAudit(db, input.meta, [
      {
        action: 'export.create',
        label: `Export ${FORMAT_FILES[input.format].label} status pack “${row.scope_label}”`,
        kind: 'export',
        id,
        before: null,
        after: {
          format: row.format,
          scope: row.scope_label,
          asOf: input.snapshot.asOf,
          fileName: row.file_name,
          fileBytes: row.file_bytes,
          fileSha256: row.file_sha256,
          snapshotSha256: row.snapshot_sha256,
        },
      },
    ]);
    // Last: if the write fails the rows roll back; once it is renamed into place only COMMIT is left.
    writeFileAtomic(input.path, input.bytes, 'the status pack');
    return toExportRecord({ id, ...row });
  })();
}
