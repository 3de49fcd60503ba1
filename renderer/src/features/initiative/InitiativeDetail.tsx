import { useEffect, useState, type ReactNode } from 'react';
import { INITIATIVE_TYPES, RISK_TIERS, STATUSES } from '../../../../shared/domain/enums';
import type { InitiativeRow } from '../../../../shared/domain/initiative';
import { phaseInfo } from '../../../../shared/domain/phases';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { reportError } from '../../app/commands';
import { Chip, MissingChip } from '../../components/Chip';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDate, formatDateTime, plural, RISK_TONE, STATUS_TONE } from '../../components/format';
import { toast } from '../../store/toasts';
import { useUi } from '../../store/ui';
import { AuditTimeline } from './AuditTimeline';
import { KpiSection } from './KpiSection';
import { GateSection, StintOverrideChip } from '../gates/GateSection';
import { AgentSection } from '../agents/AgentSection';
import { MovePhaseDialog } from './MovePhaseDialog';
import { PhaseStepper } from './PhaseStepper';
import { InitiativeSignals } from '../watchlist/InitiativeSignals';
import { RoiSection } from '../roi/RoiSection';
import { RiskSection } from '../risks/RiskSection';
import { MonitoringSection } from '../monitoring/MonitoringSection';
import { StatusPackButton } from '../exports/StatusPackButton';

const TABLES = ['initiatives', 'people', 'phase_transitions'];

/** The side panel for one initiative: everything about it, its phase history, and its actions. */
export function InitiativeDetailPanel({ id }: { id: number }) {
  const detail = useQuery('initiative/get', { id }, TABLES);
  const close = () => useUi.getState().openDetail(null);
  const [dialog, setDialog] = useState<'move' | 'delete' | null>(null);

  // A deleted initiative (including by undo of its creation) just closes its panel.
  const gone = isApiError(detail.error, 'NOT_FOUND');
  useEffect(() => {
    if (gone) useUi.getState().openDetail(null);
  }, [gone]);

  if (!detail.data) {
    return (
      <aside className="detail-panel" aria-label="Initiative details" data-testid="detail-panel">
        <div className="detail-header">
          <div className="spacer" />
          <button type="button" className="icon-button" aria-label="Close details" onClick={close}>
            ×
          </button>
        </div>
        <p className="muted detail-section">{detail.error !== undefined ? errorMessage(detail.error) : 'Loading…'}</p>
      </aside>
    );
  }

  const { initiative: i, history, daysInPhase } = detail.data;
  const phase = phaseInfo(i.phase);

  const archive = async () => {
    try {
      await invoke('initiative/archive', { id: i.id, archived: i.archivedAt === null });
      toast.change(i.archivedAt === null ? `Archived “${i.name}”` : `Restored “${i.name}”`);
    } catch (e) {
      reportError(e);
    }
  };

  const remove = async () => {
    try {
      await invoke('initiative/delete', { id: i.id });
      setDialog(null);
      close();
      toast.change(`Deleted “${i.name}”`);
    } catch (e) {
      setDialog(null);
      reportError(e);
    }
  };

  return (
    <aside
      className="detail-panel"
      aria-labelledby="detail-title"
      data-testid="detail-panel"
      data-initiative-id={i.id}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && dialog === null) {
          e.stopPropagation();
          close();
          document.querySelector<HTMLElement>(`[data-row-id="${i.id}"]`)?.focus();
        }
      }}
    >
      <div className="detail-header">
        <h2 id="detail-title" data-testid="detail-name">
          {i.name}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close details"
          onClick={close}
          data-testid="detail-close"
        >
          ×
        </button>
      </div>
      <div className="detail-meta">
        <Chip tone={STATUS_TONE[i.status]}>{STATUSES.label(i.status)}</Chip>
        <Chip tone={RISK_TONE[i.riskTier]}>{RISK_TIERS.label(i.riskTier)}</Chip>
        {i.archivedAt && <Chip tone="neutral">Archived</Chip>}
      </div>
      <div className="detail-actions">
        <button type="button" className="button primary" onClick={() => setDialog('move')} data-testid="move-phase">
          Move to phase…
        </button>
        <button
          type="button"
          className="button"
          onClick={() => useUi.getState().openForm({ mode: 'edit', id: i.id })}
          data-testid="edit-initiative"
        >
          Edit
        </button>
        <button type="button" className="button" onClick={() => void archive()} data-testid="archive-initiative">
          {i.archivedAt ? 'Unarchive' : 'Archive'}
        </button>
        <StatusPackButton initiative={{ id: i.id, name: i.name }} />
        <button
          type="button"
          className="button danger-outline"
          onClick={() => setDialog('delete')}
          data-testid="delete-initiative"
        >
          Delete
        </button>
      </div>

      {/* Focusable so keyboard users can scroll a long history (axe: scrollable-region-focusable). */}
      <div className="detail-scroll" tabIndex={0} role="region" aria-label="Initiative details">
        <section className="detail-section" aria-labelledby="phase-heading">
          <h3 id="phase-heading">Phase</h3>
          <PhaseStepper current={i.phase} />
          <p className="phase-now" data-testid="detail-phase">
            <strong>
              {phase.n}. {phase.label}
            </strong>{' '}
            <span className="muted" data-testid="days-in-phase">
              for {plural(daysInPhase, 'day')}
            </span>
          </p>
        </section>

        <GateSection initiative={i} />

        <section className="detail-section" aria-labelledby="owners-heading">
          <h3 id="owners-heading">Owners</h3>
          <dl className="facts">
            <Owner label="Business sponsor" name={i.sponsorName} />
            <Owner label="AI product owner" name={i.productOwnerName} />
            <Owner label="Tech lead" name={i.techLeadName} />
          </dl>
        </section>

        <section className="detail-section" aria-labelledby="about-heading">
          <h3 id="about-heading">About</h3>
          {i.description ? <p className="description">{i.description}</p> : <p className="muted">No description.</p>}
          <dl className="facts">
            <Fact label="Business unit">{i.businessUnit || '—'}</Fact>
            <Fact label="Type">{INITIATIVE_TYPES.label(i.type)}</Fact>
            <Fact label="Tags">
              {i.tags.length ? (
                <span className="tag-list">
                  {i.tags.map((t) => (
                    <span key={t} className="tag">
                      {t}
                    </span>
                  ))}
                </span>
              ) : (
                '—'
              )}
            </Fact>
            <Fact label="Planned">
              {formatDate(i.plannedStart)} → {formatDate(i.plannedEnd)}
            </Fact>
            <Fact label="Actual">
              {formatDate(i.actualStart)} → {formatDate(i.actualEnd)}
            </Fact>
            <Fact label="Updated">{formatDateTime(i.updatedAt)}</Fact>
          </dl>
        </section>

        <InitiativeSignals initiativeId={i.id} />

        <KpiSection initiativeId={i.id} />

        <RoiSection initiativeId={i.id} />

        <MonitoringSection initiativeId={i.id} />

        <RiskSection initiativeId={i.id} />

        <AgentSection initiativeId={i.id} initiativeType={i.type} />

        <section className="detail-section" aria-labelledby="history-heading">
          <h3 id="history-heading">Phase history</h3>
          <table className="history-table" data-testid="phase-history">
            <thead>
              <tr>
                <th scope="col">Phase</th>
                <th scope="col">Entered</th>
                <th scope="col">Left</th>
                <th scope="col">By</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {[...history].reverse().map((s) => (
                <tr key={`${s.phase}-${s.enteredAt}`} data-testid="history-row" data-phase={s.phase}>
                  <td>
                    {phaseInfo(s.phase).n}. {phaseInfo(s.phase).short}
                  </td>
                  <td>{formatDateTime(s.enteredAt)}</td>
                  <td>{s.leftAt ? formatDateTime(s.leftAt) : <span className="muted">current</span>}</td>
                  <td>{s.by}</td>
                  <td className="reason">
                    {s.reason}
                    <StintOverrideChip stint={s} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        <AuditTimeline initiativeId={i.id} />
      </div>

      {dialog === 'move' && <MovePhaseDialog initiative={i} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && <DeleteConfirm initiative={i} onConfirm={remove} onCancel={() => setDialog(null)} />}
    </aside>
  );
}

function DeleteConfirm({
  initiative,
  onConfirm,
  onCancel,
}: {
  initiative: InitiativeRow;
  onConfirm: () => Promise<void>;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      title="Delete initiative?"
      confirmLabel="Delete"
      destructive
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        Delete <strong>“{initiative.name}”</strong> and its phase history? You can undo this right after.
      </p>
    </ConfirmDialog>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Owner({ label, name }: { label: string; name: string | null }) {
  return (
    <Fact label={label}>
      {name ?? (
        <span data-testid="owner-missing">
          <MissingChip role={label.toLowerCase()} />
        </span>
      )}
    </Fact>
  );
}
