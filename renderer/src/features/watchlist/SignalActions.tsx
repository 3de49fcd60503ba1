import { useState, type FormEvent } from 'react';
import { isoFromEpochDay, epochDay } from '../../../../shared/domain/governance/days';
import { SIGNAL_RULES } from '../../../../shared/domain/governance/signals';
import { SIGNAL_NOTE_MAX, SIGNAL_STATES, type OpenSignal, type SignalState } from '../../../../shared/domain/watchlist';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { reportError } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { toast } from '../../store/toasts';
import { issuesByField, type FieldErrors } from '../initiative/issues';

export const SEVERITY_TONE = { critical: 'danger', warning: 'warning', info: 'neutral' } as const;
export const STATE_TONE: Record<SignalState, 'neutral' | 'accent' | 'ok' | 'warning'> = {
  open: 'warning',
  acknowledged: 'accent',
  snoozed: 'neutral',
  resolved: 'ok',
};

export const ruleLabel = (id: string): string => SIGNAL_RULES.find((r) => r.id === id)?.label ?? id;
export const stateLabel = (s: SignalState): string => SIGNAL_STATES.find((x) => x.id === s)?.label ?? s;

/** Which decisions make sense from each state (the core refuses the others). */
const ACTIONS: Record<SignalState, readonly ('acknowledge' | 'snooze' | 'resolve' | 'reopen')[]> = {
  open: ['acknowledge', 'snooze', 'resolve'],
  acknowledged: ['snooze', 'resolve', 'reopen'],
  snoozed: ['acknowledge', 'resolve', 'reopen'],
  resolved: ['reopen'],
};
const LABEL = { acknowledge: 'Acknowledge', snooze: 'Snooze…', resolve: 'Resolve', reopen: 'Reopen' } as const;
const DONE = { acknowledge: 'Acknowledged', resolve: 'Resolved', reopen: 'Reopened' } as const;

/** The state chip of a signal, with the snooze day when it has one. */
export function StateChip({ signal: s }: { signal: OpenSignal }) {
  return (
    <Chip tone={STATE_TONE[s.state]} title={s.note || undefined}>
      {s.state === 'snoozed' && s.snoozedUntil ? `Snoozed to ${s.snoozedUntil}` : stateLabel(s.state)}
    </Chip>
  );
}

/**
 * The lifecycle actions of one signal. Plain buttons in tab order, labelled with the rule and the
 * initiative so a screen reader tells the rows apart. Each action is an undoable change (toast with Undo).
 */
export function SignalActions({ signal: s, today }: { signal: OpenSignal; today: string }) {
  const [snoozing, setSnoozing] = useState(false);
  const [busy, setBusy] = useState(false);
  const what = `${ruleLabel(s.ruleId)} on ${s.initiativeName}`;
  const ref = { initiativeId: s.initiativeId, ruleId: s.ruleId };

  const run = async (action: 'acknowledge' | 'resolve' | 'reopen') => {
    setBusy(true);
    try {
      await invoke(`signals/${action}`, ref);
      toast.change(`${DONE[action]} “${ruleLabel(s.ruleId)}” on “${s.initiativeName}”`);
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="signal-actions">
      {ACTIONS[s.state].map((a) => (
        <button
          key={a}
          type="button"
          className="button small"
          disabled={busy}
          aria-label={`${LABEL[a].replace('…', '')} ${what}${a === 'snooze' ? '…' : ''}`}
          data-testid={`signal-${a}`}
          onClick={() => (a === 'snooze' ? setSnoozing(true) : void run(a))}
        >
          {LABEL[a]}
        </button>
      ))}
      {snoozing && <SnoozeDialog signal={s} today={today} onClose={() => setSnoozing(false)} />}
    </span>
  );
}

/** Snooze until a day after today; the core checks the day against its own clock (field `until`). */
function SnoozeDialog({ signal: s, today, onClose }: { signal: OpenSignal; today: string; onClose: () => void }) {
  const [until, setUntil] = useState(() => isoFromEpochDay(epochDay(today) + 7));
  const [note, setNote] = useState(s.note);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!until) local.until = 'Choose a day';
    else if (until <= today) local.until = 'Snooze until a day after today';
    if (note.length > SIGNAL_NOTE_MAX) local.note = `Note must be at most ${SIGNAL_NOTE_MAX} characters`;
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await invoke('signals/snooze', { initiativeId: s.initiativeId, ruleId: s.ruleId, until, note });
      toast.change(`Snoozed “${ruleLabel(s.ruleId)}” on “${s.initiativeName}” until ${until}`);
      onClose();
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) setErrors(issuesByField(err.issues));
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Snooze: ${ruleLabel(s.ruleId)}`}
      onClose={onClose}
      size="small"
      testId="snooze-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="snooze-form" className="button primary" disabled={busy} data-testid="save">
            Snooze
          </button>
        </>
      }
    >
      <form id="snooze-form" className="form-grid" onSubmit={submit} noValidate>
        <p className="span-2 muted">
          “{s.message}” on <strong>{s.initiativeName}</strong> leaves the watchlist until the day you choose, then comes
          back if it still fires.
        </p>
        {formError && (
          <p className="form-error span-2" role="alert">
            {formError}
          </p>
        )}
        <Field label="Snooze until" error={errors.until}>
          <input
            className="input"
            type="date"
            name="until"
            value={until}
            min={isoFromEpochDay(epochDay(today) + 1)}
            onChange={(e) => setUntil(e.target.value)}
            data-autofocus
          />
        </Field>
        <Field label="Note" error={errors.note} className="span-2">
          <input
            className="input"
            name="note"
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoComplete="off"
            placeholder="Why it can wait"
          />
        </Field>
      </form>
    </Dialog>
  );
}
