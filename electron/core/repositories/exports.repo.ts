import type { ExportFormat, ExportRecord } from '../../../shared/domain/pack/types';
import type { Db } from '../db/sqlite';

/** An export_snapshots row as stored (migration 0110). Rows are append-only: triggers refuse UPDATE and DELETE. */
export interface ExportSnapshotRecord {
  id: number;
  created_at: string;
  created_by: string;
  format: ExportFormat;
  scope_label: string;
  scope_json: string;
  file_name: string;
  file_sha256: string;
  file_bytes: number;
  snapshot_json: string;
  snapshot_sha256: string;
}

const COLUMNS = [
  'created_at',
  'created_by',
  'format',
  'scope_label',
  'scope_json',
  'file_name',
  'file_sha256',
  'file_bytes',
  'snapshot_json',
  'snapshot_sha256',
] as const satisfies readonly (keyof ExportSnapshotRecord)[];

/** The record without the snapshot itself: what lists show. */
const SUMMARY = 'id, created_at, created_by, format, scope_label, file_name, file_sha256, file_bytes, snapshot_sha256';

export function toExportRecord(r: Omit<ExportSnapshotRecord, 'scope_json' | 'snapshot_json'>): ExportRecord {
  return {
    id: r.id,
    createdAt: r.created_at,
    createdBy: r.created_by,
    format: r.format,
    scopeLabel: r.scope_label,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    fileBytes: r.file_bytes,
    snapshotSha256: r.snapshot_sha256,
  };
}

export function insertExportSnapshot(db: Db, r: Omit<ExportSnapshotRecord, 'id'>): number {
  const sql = `INSERT INTO export_snapshots (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')})`;
  return Number(db.prepare(sql).run(r).lastInsertRowid);
}

export function getExportSnapshot(db: Db, id: number): ExportSnapshotRecord | null {
  return (
    (db.prepare('SELECT * FROM export_snapshots WHERE id = ?').get(id) as ExportSnapshotRecord | undefined) ?? null
  );
}

/** Newest first (id breaks ties within one millisecond). */
export function listExportRecords(db: Db, limit: number): ExportRecord[] {
  const rows = db
    .prepare(`SELECT ${SUMMARY} FROM export_snapshots ORDER BY created_at DESC, id DESC LIMIT ?`)
    .all(limit) as Omit<ExportSnapshotRecord, 'scope_json' | 'snapshot_json'>[];
  return rows.map(toExportRecord);
}
