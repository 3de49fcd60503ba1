import type { Db } from '../db/sqlite';
import type { AuditRow } from './audit.repo';
import { categoryLabel, type ActualSide } from '../../../shared/domain/roiActuals';

const COLUMNS = 'seq, at, actor, action, label, entity_kind, entity_id, before_json, after_json';

/** An audit entry's before/after JSON as a record, or null when absent or not an object. */
export function parseRecord(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Records that belong to an initiative and keep their own audit entries, with the words their timeline uses. */
const CHILD_KINDS = {
  agent: { create: 'Added agent', update: 'Changed agent', delete: 'Removed agent' },
  kpi: { create: 'Added KPI', update: 'Changed KPI', delete: 'Removed KPI' },
  roiScenario: { create: 'Added ROI scenario', update: 'Changed ROI scenario', delete: 'Removed ROI scenario' },
  risk: { create: 'Added risk', update: 'Changed risk', delete: 'Removed risk' },
  roiActual: { create: 'Added actual', update: 'Changed actual', delete: 'Removed actual' },
} as const;

/** A plan-vs-actual entry has no name; its full row reads as "Inference cost, 2026-03". */
function actualName(r: Record<string, unknown> | null): string | undefined {
  if (!r || typeof r.month !== 'string' || typeof r.category !== 'string') return undefined;
  const side: ActualSide = r.side === 'benefit' ? 'benefit' : 'cost';
  return `${categoryLabel(side, r.category)} ${side}, ${r.month}`;
}
export type ChildKind = keyof typeof CHILD_KINDS;

/**
 * The audit entries of an initiative's agents or KPIs, newest first, labelled for the initiative's
 * timeline ("Added agent “Triage bot”", "Changed KPI …"; undo and redo keep the label of what they undid).
 *
 * A child's entries hold its initiative only when the whole row is written (create, delete, and the undo
 * or redo of those); an edit stores just the fields it changed. So each entry belongs to the initiative of
 * the latest full row of the same child id at or before it, which also keeps a reused row id apart.
 */
export function childTimelineRows(db: Db, kind: ChildKind, initiativeId: number, limit: number): AuditRow[] {
  const verbs: Record<string, string> = Object.fromEntries(
    Object.entries(CHILD_KINDS[kind]).map(([verb, words]) => [`${kind}.${verb}`, words]),
  );
  const ids = (
    db
      .prepare(
        `SELECT DISTINCT entity_id AS id FROM audit_log
         WHERE entity_kind = @kind
           AND (json_extract(after_json, '$.initiative_id') = @i OR json_extract(before_json, '$.initiative_id') = @i)`,
      )
      .all({ i: initiativeId, kind }) as { id: number }[]
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  const byId = db.prepare(`SELECT ${COLUMNS} FROM audit_log WHERE entity_kind = ? AND entity_id = ? ORDER BY seq`);
  const out: AuditRow[] = [];
  for (const id of ids) {
    let owner: unknown = null;
    let name = '';
    for (const r of byId.all(kind, id) as AuditRow[]) {
      const before = parseRecord(r.before_json);
      const after = parseRecord(r.after_json);
      const full = after && 'initiative_id' in after ? after : before && 'initiative_id' in before ? before : null;
      if (full) owner = full.initiative_id;
      const named =
        after?.name ??
        before?.name ??
        after?.title ??
        before?.title ??
        (kind === 'roiActual' ? actualName(after ?? before) : undefined);
      if (typeof named === 'string') name = named;
      if (owner !== initiativeId) continue;
      const verb = verbs[r.action];
      out.push(verb ? { ...r, label: `${verb} “${name}”` } : r);
    }
  }
  out.sort((a, b) => b.seq - a.seq);
  return out.slice(0, limit);
}
