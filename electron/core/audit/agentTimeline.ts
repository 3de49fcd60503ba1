import type { Db } from '../db/sqlite';
import type { AuditRow } from './audit.repo';

const COLUMNS = 'seq, at, actor, action, label, entity_kind, entity_id, before_json, after_json';

function parse(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const VERBS: Record<string, string> = {
  'agent.create': 'Added agent',
  'agent.update': 'Changed agent',
  'agent.delete': 'Removed agent',
};

/**
 * The audit entries of an initiative's agents, newest first, labelled for the initiative's timeline
 * ("Added agent “Triage bot”", "Changed agent …"; undo and redo keep the label of what they undid).
 *
 * An agent's entries hold its initiative only when the whole row is written (create, delete, and the undo
 * or redo of those); an edit stores just the fields it changed. So each entry belongs to the initiative of
 * the latest full row of the same agent id at or before it, which also keeps a reused row id apart.
 */
export function agentTimelineRows(db: Db, initiativeId: number, limit: number): AuditRow[] {
  const ids = (
    db
      .prepare(
        `SELECT DISTINCT entity_id AS id FROM audit_log
         WHERE entity_kind = 'agent'
           AND (json_extract(after_json, '$.initiative_id') = @i OR json_extract(before_json, '$.initiative_id') = @i)`,
      )
      .all({ i: initiativeId }) as { id: number }[]
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  const byId = db.prepare(
    `SELECT ${COLUMNS} FROM audit_log WHERE entity_kind = 'agent' AND entity_id = ? ORDER BY seq`,
  );
  const out: AuditRow[] = [];
  for (const id of ids) {
    let owner: unknown = null;
    let name = '';
    for (const r of byId.all(id) as AuditRow[]) {
      const before = parse(r.before_json);
      const after = parse(r.after_json);
      const full = after && 'initiative_id' in after ? after : before && 'initiative_id' in before ? before : null;
      if (full) owner = full.initiative_id;
      const named = after?.name ?? before?.name;
      if (typeof named === 'string') name = named;
      if (owner !== initiativeId) continue;
      const verb = VERBS[r.action];
      out.push(verb ? { ...r, label: `${verb} “${name}”` } : r);
    }
  }
  out.sort((a, b) => b.seq - a.seq);
  return out.slice(0, limit);
}
