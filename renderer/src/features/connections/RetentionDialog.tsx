import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { toast } from '../../store/toasts';

/**
 * How long raw samples stay (metrics/retention). Roll-ups (per minute, hour and day) outlive them, so charts
 * of long ranges, the spend view and the ROI actuals keep working after the raw points are gone; the sweep
 * runs daily in the background.
 */
export function RetentionDialog({ onClose }: { onClose: () => void }) {
  const [days, setDays] = useState('');
  const [loaded, setLoaded] = useState<number | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    invoke('metrics/retention').then(
      (r) => {
        setLoaded(r.rawDays);
        setDays(String(r.rawDays));
        input.current?.focus();
      },
      (e: unknown) => setFormError(`Could not read the setting: ${errorMessage(e)}`),
    );
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(days.trim());
    if (!/^\d+$/.test(days.trim()) || n < 1 || n > 3650) {
      setError('Enter a whole number of days from 1 to 3650');
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const r = await invoke('metrics/setRetention', { rawDays: n });
      toast.info(`Raw samples are kept for ${r.rawDays} days`);
      onClose();
    } catch (err) {
      if (isApiError(err, 'VALIDATION')) setError(err.issues[0]?.message ?? err.message);
      else setFormError(errorMessage(err));
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDialog
      title="Metric data retention"
      onClose={onClose}
      formId="retention-form"
      submitLabel="Save"
      busy={busy || loaded === null}
      formError={formError}
      onSubmit={(e) => void submit(e)}
      size="small"
      layout="form-stack"
    >
      <Field
        label="Keep raw samples for (days)"
        error={error}
        hint="Older raw samples are deleted once a day. Per-minute roll-ups stay twice as long; hourly and daily roll-ups, and the spend they carry into ROI actuals, stay."
      >
        <input
          ref={input}
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          value={days}
          onChange={(e) => {
            setDays(e.target.value);
            setError(undefined);
          }}
          data-testid="retention-days"
        />
      </Field>
    </FormDialog>
  );
}
