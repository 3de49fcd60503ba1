import { useState, type FormEvent } from 'react';
import type { GateReviewDetail } from '../../../../shared/domain/gateReview';
import type { PersonRow } from '../../../../shared/domain/person';
import {
  DECISIONS,
  decisionAdvances,
  decisionLabel,
  type DecisionId,
} from '../../../../shared/domain/governance/gates';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { toast } from '../../store/toasts';
import { blankCondition, ConditionsEditor, type ConditionDraft } from './ConditionsEditor';
import { gateIssues, percent, type GateErrors } from './gateFormat';

interface DecisionFormProps {
  detail: GateReviewDetail;
  people: PersonRow[];
  errors: GateErrors;
  setErrors: (errors: GateErrors) => void;
}

const FORM_ID = 'gate-decision-form';

/** Why the gate does not pass, in words, for the override warning. */
function shortfall(d: GateReviewDetail): string {
  const e = d.evaluation;
  const parts: string[] = [];
  if (!e.mustMet) parts.push(`must-meets not met: ${e.unmetMust.join(', ')}`);
  if (e.score + 1e-9 < e.threshold) parts.push(`score ${percent(e.score)} is below ${percent(e.threshold)}`);
  return parts.join('; ');
}

/**
 * The decision: one of the six outcomes, notes, an override reason when Go is chosen on a gate that does
 * not pass, and conditions for a conditional go. The core re-checks everything; its issues land here.
 */
export function DecisionForm({ detail, people, errors, setErrors }: DecisionFormProps) {
  const [decision, setDecision] = useState<DecisionId | null>(null);
  const [notes, setNotes] = useState('');
  const [overrideReason, setOverrideReason] = useState('');
  const [conditions, setConditions] = useState<ConditionDraft[]>(() => [blankCondition()]);
  const [confirmKill, setConfirmKill] = useState(false);
  const [busy, setBusy] = useState(false);

  const e = detail.evaluation;
  const blocked = e.blockedReason !== undefined;
  const needsOverride = decision !== null && decisionAdvances(decision) && !e.passes && !blocked;

  const focusFirstError = () =>
    requestAnimationFrame(() => {
      document
        .querySelector<HTMLElement>(`#${FORM_ID} [aria-invalid="true"], #${FORM_ID} [data-error="true"]`)
        ?.focus();
    });

  const send = async () => {
    if (decision === null) return;
    setBusy(true);
    try {
      const d = await invoke('gate/decide', {
        reviewId: detail.review.id,
        decision,
        notes,
        ...(needsOverride ? { overrideReason } : {}),
        ...(decision === 'CONDITIONAL_GO'
          ? {
              conditions: conditions.map((c) => ({
                text: c.text,
                ownerId: c.ownerId ? Number(c.ownerId) : null,
                dueDate: c.dueDate || null,
              })),
            }
          : {}),
      });
      setErrors({});
      toast.change(
        `${d.review.gate}: ${decisionLabel(decision)}${d.review.isOverride ? ' (override)' : ''} for “${d.initiativeName}”`,
      );
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) {
        setErrors(gateIssues(err.issues));
        focusFirstError();
      } else {
        setErrors({ '': errorMessage(err) });
      }
    } finally {
      setBusy(false);
      setConfirmKill(false);
    }
  };

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (decision === null) {
      setErrors({ decision: 'Choose a decision' });
      focusFirstError();
      return;
    }
    if (decision === 'KILL') setConfirmKill(true);
    else void send();
  };

  // An edited field's old error no longer describes it; the others stay until the next try.
  // Keys ending in "*" clear a whole group ("conditions*": the list and every row's fields).
  const clear = (...keys: string[]) => {
    const hit = (k: string) => keys.some((p) => (p.endsWith('*') ? k.startsWith(p.slice(0, -1)) : k === p));
    const kept = Object.fromEntries(Object.entries(errors).filter(([k]) => !hit(k)));
    if (Object.keys(kept).length !== Object.keys(errors).length) setErrors(kept);
  };

  return (
    <form id={FORM_ID} className="gate-decision" onSubmit={submit} noValidate data-testid="decision-form">
      {errors[''] && (
        <p className="form-error" role="alert">
          {errors['']}
        </p>
      )}
      <fieldset
        className={`gate-decisions${errors.decision ? ' has-error' : ''}`}
        aria-describedby={errors.decision ? 'gate-decision-error' : undefined}
      >
        <legend>Outcome</legend>
        <div className="gate-decision-options">
          {DECISIONS.map((d, i) => (
            <label key={d.id} className={`gate-decision-option${decision === d.id ? ' checked' : ''}`}>
              <input
                type="radio"
                name="decision"
                value={d.id}
                checked={decision === d.id}
                onChange={() => {
                  setDecision(d.id);
                  clear('decision', 'override.reason', 'conditions*');
                }}
                data-error={
                  errors.decision && (decision === d.id || (decision === null && i === 0)) ? 'true' : undefined
                }
                data-testid={`decision-${d.id}`}
              />
              {d.id === 'DEFER' ? 'Defer' : d.label}
            </label>
          ))}
        </div>
        {errors.decision && (
          <p className="field-error" id="gate-decision-error" data-testid="decision-error">
            {errors.decision}
          </p>
        )}
      </fieldset>

      {blocked && decision !== null && decisionAdvances(decision) && (
        <p className="gate-warning" role="note">
          This gate is blocked ({e.blockedReason}): Go and Conditional go cannot be recorded.
        </p>
      )}
      {needsOverride && (
        <div className="gate-override" data-testid="override-box">
          <p className="gate-warning" role="note">
            <strong>Override.</strong> This gate does not pass ({shortfall(detail)}). A {decisionLabel(decision)} is
            recorded as an override, with your reason, in the review and the phase history.
          </p>
          <Field
            label="Override reason"
            error={
              errors['override.reason'] ??
              (errors.decision && !overrideReason.trim() ? 'Give a reason to record an override' : undefined)
            }
          >
            <textarea
              className="input"
              name="overrideReason"
              rows={2}
              value={overrideReason}
              onChange={(ev) => {
                setOverrideReason(ev.target.value);
                clear('override.reason', 'decision');
              }}
            />
          </Field>
        </div>
      )}
      {decision === 'CONDITIONAL_GO' && (
        <ConditionsEditor
          conditions={conditions}
          onChange={(next) => {
            setConditions(next);
            clear('conditions*');
          }}
          people={people}
          errors={errors}
        />
      )}
      <Field label="Notes" error={errors.notes}>
        <textarea
          className="input"
          name="notes"
          rows={2}
          value={notes}
          onChange={(ev) => {
            setNotes(ev.target.value);
            clear('notes');
          }}
        />
      </Field>
      <div className="gate-decision-actions">
        <button type="submit" className="button primary" disabled={busy} data-testid="record-decision">
          Record decision
        </button>
      </div>

      {confirmKill && (
        <ConfirmDialog
          title="Kill this initiative?"
          confirmLabel="Kill"
          destructive
          onConfirm={send}
          onCancel={() => setConfirmKill(false)}
        >
          <p>
            Record <strong>Kill</strong> for “{detail.initiativeName}” at {detail.review.gate}? The review is closed
            with this decision.
          </p>
        </ConfirmDialog>
      )}
    </form>
  );
}
