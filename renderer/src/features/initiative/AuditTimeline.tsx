import type { AuditFieldChange, AuditTimelineEntry } from '../../../../shared/domain/audit';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatDateTime } from '../../components/format';

/** The audit log is the table this reads; every change writes to it, so this refetches on each. */
const TABLES = ['audit_log'];

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  description: 'Description',
  business_unit: 'Business unit',
  type: 'Type',
  phase: 'Phase',
  status: 'Status',
  risk_tier: 'Risk tier',
  tags: 'Tags',
  sponsor_id: 'Sponsor (person #)',
  product_owner_id: 'Product owner (person #)',
  tech_lead_id: 'Tech lead (person #)',
  planned_start: 'Planned start',
  planned_end: 'Planned end',
  actual_start: 'Actual start',
  actual_end: 'Actual end',
  phase_entered_at: 'Phase entered',
  archived_at: 'Archived',
  created_at: 'Created',
};

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function what(e: AuditTimelineEntry): string {
  if (e.action === 'undo') return `Undo: ${e.label}`;
  if (e.action === 'redo') return `Redo: ${e.label}`;
  return e.label || e.action;
}

function Change({ c, created }: { c: AuditFieldChange; created: boolean }) {
  const label = FIELD_LABELS[c.field] ?? c.field;
  return (
    <li>
      <span className="timeline-field">{label}:</span>{' '}
      {created ? show(c.after) : `${show(c.before)} → ${show(c.after)}`}
    </li>
  );
}

/** Who changed what and when, from the hash-chained audit log; newest first. */
export function AuditTimeline({ initiativeId }: { initiativeId: number }) {
  const timeline = useQuery('audit/timeline', { initiativeId, limit: 50 }, TABLES);
  return (
    <section className="detail-section" aria-labelledby="timeline-heading">
      <h3 id="timeline-heading">Timeline</h3>
      {timeline.error !== undefined && <p className="muted">{errorMessage(timeline.error)}</p>}
      {timeline.data && timeline.data.length === 0 && <p className="muted">No recorded changes yet.</p>}
      {timeline.data && timeline.data.length > 0 && (
        <ol className="timeline" data-testid="audit-timeline">
          {timeline.data.map((e) => (
            <li key={e.seq} data-testid="timeline-entry" data-action={e.action}>
              <div className="timeline-head">
                <strong>{what(e)}</strong>
                <span className="muted">
                  {' '}
                  · {e.actor} · <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                </span>
              </div>
              {e.changes.length > 0 && (
                <ul className="timeline-changes">
                  {e.changes.map((c) => (
                    <Change key={c.field} c={c} created={e.action.endsWith('.create')} />
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
