import { useMemo } from 'react';
import type { AuditFieldChange, AuditTimelineEntry } from '../../../../shared/domain/audit';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatDateTime } from '../../components/format';
import { INITIATIVE_TYPES, RISK_TIERS, STATUSES } from '../../../../shared/domain/enums';
import { PHASE_IDS, phaseInfo, type PhaseId } from '../../../../shared/domain/phases';
import { AUTONOMY_LEVELS, KILL_SWITCH_MECHANISMS } from '../../../../shared/domain/agent';
import { decisionLabel } from '../../../../shared/domain/governance/gates';
import { KPI_CADENCES, KPI_DIRECTIONS, KPI_KINDS } from '../../../../shared/domain/kpi';
import { describeToolGrants } from '../agents/auditFormat';

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
  sponsor_id: 'Sponsor',
  product_owner_id: 'Product owner',
  tech_lead_id: 'Tech lead',
  planned_start: 'Planned start',
  planned_end: 'Planned end',
  actual_start: 'Actual start',
  actual_end: 'Actual end',
  phase_entered_at: 'Phase entered',
  archived_at: 'Archived',
  created_at: 'Created',
  agent_key: 'Identity',
  accountable_owner_id: 'Accountable owner',
  autonomy_level: 'Autonomy level',
  kill_switch_mechanism: 'Kill-switch mechanism',
  kill_switch_owner_id: 'Kill-switch owner',
  kill_switch_procedure: 'Kill-switch procedure',
  kill_switch_last_tested: 'Kill switch last tested',
  last_review_date: 'Last review',
  tools: 'Tools',
  // KPIs
  unit: 'Unit',
  kind: 'Kind',
  direction: 'Direction',
  baseline_value: 'Baseline',
  baseline_date: 'Baseline date',
  baseline_source: 'Baseline source',
  target_value: 'Target',
  target_date: 'Target date',
  cadence: 'Cadence',
  measurements: 'Measurements',
  // ROI scenarios
  model_json: 'Model',
  npv: 'NPV',
  npv_risk_adjusted: 'NPV (risk-adjusted)',
  pv_costs: 'PV of costs',
  pv_benefits: 'PV of benefits',
  // Gate reviews
  gate: 'Gate',
  catalogue_version: 'Criteria catalogue',
  from_phase: 'From phase',
  to_phase: 'To phase',
  scheduled_date: 'Meeting',
  decision: 'Decision',
  decided_by: 'Decided by',
  is_override: 'Override',
  override_reason: 'Override reason',
  notes: 'Notes',
  score_at_decision: 'Score at decision',
  results: 'Criterion results',
  evidence: 'Evidence',
  signoffs: 'Sign-offs',
  conditions: 'Conditions',
};

const OWNER_FIELDS = new Set([
  'sponsor_id',
  'product_owner_id',
  'tech_lead_id',
  'accountable_owner_id',
  'kill_switch_owner_id',
]);
const MONEY_FIELDS = new Set(['npv', 'npv_risk_adjusted', 'pv_costs', 'pv_benefits', 'initial_cost']);
const PHASE_FIELDS = new Set(['phase', 'from_phase', 'to_phase']);
const TIMESTAMP_FIELDS = new Set(['phase_entered_at', 'archived_at', 'created_at']);
const VOCABULARIES: Record<string, (id: never) => string> = {
  type: INITIATIVE_TYPES.label,
  status: STATUSES.label,
  risk_tier: RISK_TIERS.label,
  autonomy_level: AUTONOMY_LEVELS.label,
  kill_switch_mechanism: KILL_SWITCH_MECHANISMS.label,
  kind: KPI_KINDS.label,
  direction: KPI_DIRECTIONS.label,
  cadence: KPI_CADENCES.label,
  decision: decisionLabel,
};

/** Gate review children are logged as short sentences naming people by id ("… by person 12"). */
function withNames(text: string, people: ReadonlyMap<number, string>): string {
  return text.replace(/\b(person|owner) (\d+)\b/g, (whole, _w: string, id: string) => people.get(Number(id)) ?? whole);
}

/** The log stores column values as written; people read names and labels, so translate on the way out. */
function show(field: string, v: unknown, people: ReadonlyMap<number, string>): string {
  if (v === null || v === undefined || v === '') return '—';
  if (OWNER_FIELDS.has(field) && typeof v === 'number') return people.get(v) ?? `person #${v} (removed)`;
  if (PHASE_FIELDS.has(field) && PHASE_IDS.includes(v as PhaseId)) return phaseInfo(v as PhaseId).label;
  const vocabulary = VOCABULARIES[field];
  if (vocabulary && typeof v === 'string') return vocabulary(v as never);
  if (TIMESTAMP_FIELDS.has(field) && typeof v === 'string') return formatDateTime(v);
  if (field === 'tools') return describeToolGrants(v) ?? JSON.stringify(v);
  // The whole model is in the log; the timeline says how big it is rather than print it.
  if (field === 'model_json' && typeof v === 'object') {
    const m = v as { costs?: unknown[]; benefits?: unknown[]; drivers?: unknown[] };
    return `${m.costs?.length ?? 0} cost lines, ${m.benefits?.length ?? 0} benefit lines, ${m.drivers?.length ?? 0} drivers`;
  }
  if (MONEY_FIELDS.has(field) && typeof v === 'number') return `$${Math.round(v).toLocaleString('en-US')}`;
  if (field === 'is_override') return v === 1 || v === true ? 'Yes' : 'No';
  if (field === 'score_at_decision' && typeof v === 'number') return `${Math.round(v * 100)}%`;
  if (field === 'measurements' && Array.isArray(v)) {
    const last = v.at(-1) as { period_end?: unknown; value?: unknown } | undefined;
    return v.length === 0 ? 'none' : `${v.length}, latest ${String(last?.period_end)}: ${String(last?.value)}`;
  }
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    return v.length === 0 ? '—' : withNames(v.join('; '), people);
  }
  if (field === 'results' && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    return entries.length === 0 ? '—' : entries.map(([id, r]) => `${id} ${String(r)}`).join(', ');
  }
  if (field === 'tags') {
    try {
      const tags: unknown = typeof v === 'string' ? JSON.parse(v) : v;
      if (Array.isArray(tags)) return tags.length ? tags.join(', ') : '—';
    } catch {
      // Not JSON: fall through and show it as stored.
    }
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function what(e: AuditTimelineEntry): string {
  if (e.action === 'undo') return `Undo: ${e.label}`;
  if (e.action === 'redo') return `Redo: ${e.label}`;
  return e.label || e.action;
}

function Change({
  c,
  created,
  people,
}: {
  c: AuditFieldChange;
  created: boolean;
  people: ReadonlyMap<number, string>;
}) {
  const label = FIELD_LABELS[c.field] ?? c.field;
  const after = show(c.field, c.after, people);
  return (
    <li>
      <span className="timeline-field">{label}:</span>{' '}
      {created ? after : `${show(c.field, c.before, people)} → ${after}`}
    </li>
  );
}

/** Who changed what and when, from the hash-chained audit log; newest first. */
export function AuditTimeline({ initiativeId }: { initiativeId: number }) {
  const timeline = useQuery('audit/timeline', { initiativeId, limit: 50 }, TABLES);
  const peopleList = useQuery('person/list', undefined, ['people']);
  const people = useMemo(() => new Map((peopleList.data ?? []).map((p) => [p.id, p.name])), [peopleList.data]);
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
                    <Change key={c.field} c={c} created={e.action.endsWith('.create')} people={people} />
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
