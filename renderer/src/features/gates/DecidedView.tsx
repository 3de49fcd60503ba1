import type { GateReviewDetail } from '../../../../shared/domain/gateReview';
import { decisionLabel } from '../../../../shared/domain/governance/gates';
import { Chip } from '../../components/Chip';
import { formatDate, formatDateTime } from '../../components/format';
import { DECISION_TONE, percent } from './gateFormat';

/** A decided (or cancelled) review, read-only: what was decided, by whom, why, and what is still owed. */
export function DecidedView({ detail }: { detail: GateReviewDetail }) {
  const r = detail.review;
  if (r.status === 'cancelled') {
    return (
      <section className="gate-block" aria-labelledby="gate-decided-heading" data-testid="decided-view">
        <h3 id="gate-decided-heading">Decision</h3>
        <p className="muted">This review was cancelled; no decision was recorded.</p>
      </section>
    );
  }
  return (
    <section className="gate-block" aria-labelledby="gate-decided-heading" data-testid="decided-view">
      <h3 id="gate-decided-heading">Decision</h3>
      <p className="gate-decided-line">
        {r.decision && (
          <Chip tone={DECISION_TONE[r.decision]}>
            <span data-testid="decided-decision">{decisionLabel(r.decision)}</span>
          </Chip>
        )}
        {r.isOverride && <Chip tone="danger">Override</Chip>}
        <span className="muted">
          {formatDateTime(r.decidedAt)} by {r.decidedBy ?? '—'}
          {r.scoreAtDecision !== null && <> · score at decision {percent(r.scoreAtDecision)}</>}
        </span>
      </p>
      {r.isOverride && (
        <p className="gate-warning" data-testid="override-reason">
          <strong>Override reason:</strong> {r.overrideReason}
        </p>
      )}
      {r.notes && <p className="description">{r.notes}</p>}
      {detail.conditions.length > 0 && (
        <table className="history-table" data-testid="decided-conditions">
          <thead>
            <tr>
              <th scope="col">Condition</th>
              <th scope="col">Owner</th>
              <th scope="col">Due</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {detail.conditions.map((c) => (
              <tr key={c.id}>
                <td>{c.text}</td>
                <td>{c.ownerName}</td>
                <td>{formatDate(c.dueDate)}</td>
                <td>
                  {c.status === 'open' ? (
                    <Chip tone={c.overdue ? 'danger' : 'warning'}>{c.overdue ? 'Overdue' : 'Open'}</Chip>
                  ) : (
                    <Chip tone="ok">{c.status === 'met' ? 'Met' : 'Waived'}</Chip>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
