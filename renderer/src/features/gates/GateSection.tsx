import { useState, type FormEvent } from 'react';
import type { GateReviewSummary } from '../../../../shared/domain/gateReview';
import { decisionLabel, gateLeaving } from '../../../../shared/domain/governance/gates';
import type { InitiativeRow, PhaseStint } from '../../../../shared/domain/initiative';
import { phaseInfo } from '../../../../shared/domain/phases';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { reportError } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { Field } from '../../components/Field';
import { formatDate, plural } from '../../components/format';
import { toast } from '../../store/toasts';
import { useUi } from '../../store/ui';
import { DECISION_TONE, gateIssues, GATE_TABLES, STATUS_LABEL, type GateErrors } from './gateFormat';

const CONDITION_TABLES = ['gate_conditions', 'gate_reviews', 'people', 'initiatives'];

/** The initiative's gates: the next one (request or open its review), past decisions and open conditions. */
export function GateSection({ initiative: i }: { initiative: InitiativeRow }) {
  const reviews = useQuery('gate/list', { initiativeId: i.id }, GATE_TABLES);
  const conditions = useQuery('gate/openConditions', undefined, CONDITION_TABLES);
  const gate = gateLeaving(i.phase);
  const list = reviews.data ?? [];
  const open = list.find((r) => r.status === 'open');
  const past = list.filter((r) => r.status !== 'open');
  const mine = (conditions.data ?? []).filter((c) => c.initiativeId === i.id);

  const markMet = async (id: number, text: string) => {
    try {
      await invoke('gate/setConditionStatus', { id, status: 'met' });
      toast.change(`Condition met: “${text}”`);
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <section className="detail-section" aria-labelledby="gates-heading" data-testid="gate-section">
      <div className="section-heading">
        <h3 id="gates-heading">Gates</h3>
      </div>
      <p className="gate-next" data-testid="gate-next">
        Next gate:{' '}
        <strong>
          {gate.id} · {gate.name}
        </strong>{' '}
        <span className="muted">
          → {phaseInfo(gate.toPhase).n}. {phaseInfo(gate.toPhase).short}
          {gate.recurring && ' (recurring)'}
        </span>
      </p>
      {reviews.error !== undefined && <p role="alert">{errorMessage(reviews.error)}</p>}
      {open ? (
        <div className="gate-open-review" data-testid="gate-open-review">
          <Chip tone="accent">{open.gate} review open</Chip>
          <span className="muted small-text">
            requested {formatDate(open.requestedAt)}
            {open.scheduledDate && ` · meeting ${formatDate(open.scheduledDate)}`}
          </span>
          <button
            type="button"
            className="button small primary"
            onClick={() => useUi.getState().openGateReview(open.id)}
            data-testid="open-review"
          >
            Open review
          </button>
        </div>
      ) : i.status === 'killed' || i.status === 'retired' ? (
        <p className="muted" data-testid="gate-none">
          No gate to pass: the initiative is {i.status}.
        </p>
      ) : i.archivedAt !== null ? (
        <p className="muted" data-testid="gate-none">
          Archived: restore it to request a gate review.
        </p>
      ) : (
        reviews.data && <RequestForm initiativeId={i.id} gateId={gate.id} />
      )}

      {past.length > 0 && (
        <ul className="gate-past" aria-label="Past gate reviews" data-testid="gate-past">
          {past.map((r) => (
            <PastReview key={r.id} review={r} />
          ))}
        </ul>
      )}

      {mine.length > 0 && (
        <div className="gate-open-conditions" data-testid="gate-open-conditions">
          <h4>Open conditions</h4>
          <ul>
            {mine.map((c) => (
              <li key={c.id} data-testid="open-condition">
                <span className="gate-condition-text">{c.text}</span>
                <span className="muted small-text">
                  {c.gate} · {c.ownerName} · due {formatDate(c.dueDate)}
                </span>
                {c.overdue && <Chip tone="danger">Overdue</Chip>}
                <button
                  type="button"
                  className="button small"
                  onClick={() => void markMet(c.id, c.text)}
                  aria-label={`Mark condition met: ${c.text}`}
                >
                  Mark met
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

function RequestForm({ initiativeId, gateId }: { initiativeId: number; gateId: string }) {
  const [scheduledDate, setScheduledDate] = useState('');
  const [errors, setErrors] = useState<GateErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const d = await invoke('gate/request', { initiativeId, scheduledDate: scheduledDate || null });
      toast.change(`Requested the ${d.review.gate} review of “${d.initiativeName}”`);
      useUi.getState().openGateReview(d.review.id);
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) setErrors(gateIssues(err.issues));
      else setErrors({ '': errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="gate-request" onSubmit={(e) => void submit(e)} noValidate data-testid="gate-request">
      <Field label="Meeting date (optional)" error={errors.scheduledDate}>
        <input
          className="input"
          type="date"
          name="scheduledDate"
          value={scheduledDate}
          onChange={(e) => setScheduledDate(e.target.value)}
        />
      </Field>
      <button type="submit" className="button small primary" disabled={busy} data-testid="request-review">
        Request {gateId} review
      </button>
      {(errors[''] ?? errors.initiativeId) && (
        <p className="form-error gate-request-error" role="alert">
          {errors[''] ?? errors.initiativeId}
        </p>
      )}
    </form>
  );
}

function PastReview({ review: r }: { review: GateReviewSummary }) {
  return (
    <li className="gate-past-item" data-testid="past-review" data-status={r.status}>
      <strong>{r.gate}</strong>
      {r.decision ? (
        <Chip tone={DECISION_TONE[r.decision]}>{decisionLabel(r.decision)}</Chip>
      ) : (
        <Chip tone="neutral">{STATUS_LABEL[r.status]}</Chip>
      )}
      {r.isOverride && (
        <Chip tone="danger" title={r.overrideReason ?? undefined}>
          Override
        </Chip>
      )}
      <span className="muted small-text">{formatDate(r.decidedAt ?? r.requestedAt)}</span>
      {r.openConditions > 0 && <Chip tone="warning">{plural(r.openConditions, 'open condition')}</Chip>}
      <button
        type="button"
        className="link-button"
        onClick={() => useUi.getState().openGateReview(r.id)}
        aria-label={`View ${r.gate} review of ${formatDate(r.decidedAt ?? r.requestedAt)}`}
        data-testid="view-review"
      >
        View
      </button>
    </li>
  );
}

/** "Override" on a phase history row whose move skipped or overrode a gate; opens that review when known. */
export function StintOverrideChip({ stint }: { stint: PhaseStint }) {
  if (!stint.isOverride) return null;
  const reviewId = stint.gateReviewId;
  const title =
    reviewId !== undefined
      ? 'Moved by a gate decision that overrode a failing evaluation'
      : 'Moved forward without a decided gate review';
  return (
    <span className="gate-stint-override" data-testid="history-override">
      {reviewId !== undefined ? (
        <button
          type="button"
          className="link-button gate-chip-button"
          onClick={() => useUi.getState().openGateReview(reviewId)}
          title={title}
          aria-label="Override: open the gate review"
        >
          <Chip tone="danger">Override</Chip>
        </button>
      ) : (
        <Chip tone="danger" title={title}>
          Override
        </Chip>
      )}
    </span>
  );
}
