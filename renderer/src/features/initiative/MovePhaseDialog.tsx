import { useState, type FormEvent } from 'react';
import { LIMITS, type InitiativeRow } from '../../../../shared/domain/initiative';
import { PHASES, phaseInfo, phaseNumber, type PhaseId } from '../../../../shared/domain/phases';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { toast } from '../../store/toasts';
import { issuesByField, type FieldErrors } from './issues';

/** Asks where to and why: every phase change is recorded with its reason. */
export function MovePhaseDialog({ initiative, onClose }: { initiative: InitiativeRow; onClose: () => void }) {
  const next = PHASES[Math.min(PHASES.length - 1, phaseNumber(initiative.phase))]?.id ?? initiative.phase;
  const [toPhase, setToPhase] = useState<PhaseId>(next === initiative.phase ? PHASES[0].id : next);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (toPhase === initiative.phase) local.toPhase = 'Choose a different phase';
    if (!reason.trim()) local.reason = 'Say why the phase changes';
    else if (reason.length > LIMITS.reason) local.reason = `Reason must be at most ${LIMITS.reason} characters`;
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await invoke('initiative/changePhase', { id: initiative.id, toPhase, reason });
      toast.change(`Moved “${initiative.name}” to ${phaseInfo(toPhase).short}`);
      onClose();
    } catch (err) {
      if (isApiError(err, 'VALIDATION'))
        setErrors(issuesByField(err.issues.length ? err.issues : [{ path: 'reason', message: err.message }]));
      else setErrors({ '': errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Move “${initiative.name}”`}
      onClose={onClose}
      size="small"
      testId="move-phase-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="move-phase-form"
            className="button primary"
            disabled={busy}
            data-testid="move-phase-submit"
          >
            Move
          </button>
        </>
      }
    >
      <form id="move-phase-form" className="form-stack" onSubmit={submit} noValidate>
        <p className="muted">
          Now in {phaseInfo(initiative.phase).n}. {phaseInfo(initiative.phase).label}
        </p>
        {errors[''] && (
          <p className="form-error" role="alert">
            {errors['']}
          </p>
        )}
        <Field label="Move to phase" error={errors.toPhase}>
          <select
            className="select"
            name="toPhase"
            value={toPhase}
            onChange={(e) => setToPhase(e.target.value as PhaseId)}
            data-autofocus
          >
            {PHASES.map((p) => (
              <option key={p.id} value={p.id} disabled={p.id === initiative.phase}>
                {p.n}. {p.label}
                {p.id === initiative.phase ? ' (current)' : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Reason" error={errors.reason}>
          <textarea
            className="input"
            name="reason"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. Gate review passed on data readiness"
          />
        </Field>
      </form>
    </Dialog>
  );
}
