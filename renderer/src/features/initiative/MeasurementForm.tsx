import { useState, type FormEvent } from 'react';
import { KPI_LIMITS, type Kpi } from '../../../../shared/domain/kpi';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { Field } from '../../components/Field';
import { toast } from '../../store/toasts';
import { issuesByField, type FieldErrors } from './issues';
import { parseNumber } from './KpiForm';

/** Records one value of a KPI for the period ending on a day. */
export function MeasurementForm({ kpi, onClose }: { kpi: Kpi; onClose: () => void }) {
  const [periodEnd, setPeriodEnd] = useState('');
  const [value, setValue] = useState('');
  const [source, setSource] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = parseNumber(value);
    const local: FieldErrors = {};
    if (!periodEnd) local.periodEnd = 'Period end is required';
    if (n === null || n === undefined) local.value = 'Enter a number';
    if (source.trim().length > KPI_LIMITS.source)
      local.source = `Source must be at most ${KPI_LIMITS.source} characters`;
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length || n === null || n === undefined) return;
    setBusy(true);
    try {
      await invoke('kpi/addMeasurement', { kpiId: kpi.id, periodEnd, value: n, source });
      toast.change(`Added a measurement to “${kpi.name}”`);
      onClose();
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) setErrors(issuesByField(err.issues));
      else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDialog
      title={`Add measurement: ${kpi.name}`}
      onClose={onClose}
      size="small"
      formId="measurement-form"
      submitLabel="Add measurement"
      busy={busy}
      formError={formError}
      onSubmit={submit}
    >
      <Field label="Period end" error={errors.periodEnd}>
        <input
          className="input"
          type="date"
          name="periodEnd"
          value={periodEnd}
          onChange={(e) => setPeriodEnd(e.target.value)}
          data-autofocus
        />
      </Field>
      <Field label={kpi.unit ? `Value (${kpi.unit})` : 'Value'} error={errors.value}>
        <input
          className="input"
          name="value"
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          autoComplete="off"
        />
      </Field>
      <Field label="Source" error={errors.source} className="span-2">
        <input
          className="input"
          name="source"
          value={source}
          onChange={(e) => setSource(e.target.value)}
          autoComplete="off"
        />
      </Field>
    </FormDialog>
  );
}
