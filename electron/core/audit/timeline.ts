import type { AuditFieldChange, AuditTimelineEntry } from '../../../shared/domain/audit';
import type { Db } from '../db/sqlite';
import { listEntityAudit, type AuditRow } from './audit.repo';
import { childTimelineRows, parseRecord } from './childTimeline';
import { gateTimelineRows } from './gateTimeline';

/**
 * Bookkeeping columns that every change touches, and columns the entry itself already says (whose
 * initiative, who and when): listing them would bury what the user changed.
 */
const NOISE = new Set([
  'id',
  'updated_at',
  'initiative_id',
  'requested_at',
  'requested_by',
  'decided_at',
  'decided_by',
]);

function isEmpty(v: unknown): boolean {
  if (v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

/** The fields an entry changed, with both values; an update stores only those, a create or delete all. */
export function fieldChanges(row: Pick<AuditRow, 'before_json' | 'after_json'>): AuditFieldChange[] {
  const before = parseRecord(row.before_json) ?? {};
  const after = parseRecord(row.after_json) ?? {};
  const out: AuditFieldChange[] = [];
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (NOISE.has(field)) continue;
    const b = before[field] ?? null;
    const a = after[field] ?? null;
    // A record created or deleted with a field left empty says nothing about that field.
    if (isEmpty(b) && isEmpty(a)) continue;
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ field, before: b, after: a });
  }
  return out;
}

export const DEFAULT_TIMELINE_LIMIT = 100;

export function initiativeTimeline(db: Db, initiativeId: number, limit: number): AuditTimelineEntry[] {
  const rows = [
    ...listEntityAudit(db, 'initiative', initiativeId, limit),
    ...childTimelineRows(db, 'agent', initiativeId, limit),
    ...childTimelineRows(db, 'kpi', initiativeId, limit),
    ...childTimelineRows(db, 'roiScenario', initiativeId, limit),
    ...childTimelineRows(db, 'risk', initiativeId, limit),
    ...childTimelineRows(db, 'roiActual', initiativeId, limit),
    ...gateTimelineRows(db, initiativeId, limit),
  ]
    .sort((x, y) => y.seq - x.seq)
    .slice(0, limit);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    label: r.label,
    changes: fieldChanges(r),
  }));
}
