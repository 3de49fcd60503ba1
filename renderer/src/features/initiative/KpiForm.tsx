import { useDraftForm } from './useDraftForm';
import { VocabularySelect } from '../../components/VocabularySelect';
import {
  KPI_CADENCES,
  KPI_DIRECTIONS,
  KPI_KINDS,
  KPI_LIMITS,
  kpiDateIssue,
  type Kpi,
  type KpiCadence,
  type KpiDirection,
  type KpiKind,
} from '../../../../shared/domain/kpi';
import { invoke } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { Field } from '../../components/Field';
import { toast } from '../../store/toasts';
import type { FieldErrors } from './issues';

/** Everything the form edits, as the strings its controls hold. */
interface Draft {
  name: string;
  unit: string;
  kind: KpiKind;
  direction: KpiDirection;
  cadence: KpiCadence;
  baselineValue: string;
  baselineDate: string;
  baselineSource: string;
  targetValue: string;
  targetDate: string;
}

const BLANK: Draft = {
  name: '',
  unit: '',
  kind: 'business_outcome',
  direction: 'higher_is_better',
  cadence: 'monthly',
  baselineValue: '',
  baselineDate: '',
  baselineSource: '',
  targetValue: '',
  targetDate: '',
};

function draftFrom(k: Kpi): Draft {
  const num = (v: number | null) => (v === null ? '' : String(v));
  return {
    name: k.name,
    unit: k.unit,
    kind: k.kind,
    direction: k.direction,
    cadence: k.cadence,
    baselineValue: num(k.baselineValue),
    baselineDate: k.baselineDate ?? '',
    baselineSource: k.baselineSource,
    targetValue: num(k.targetValue),
    targetDate: k.targetDate ?? '',
  };
}

/** '' is "not set"; anything else must read as a finite number. */
export function parseNumber(s: string): number | null | undefined {
  const t = s.trim();
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** The obvious mistakes, caught before a round trip; the core re-checks everything. */
function checkDraft(d: Draft): FieldErrors {
  const e: FieldErrors = {};
  if (!d.name.trim()) e.name = 'Name is required';
  else if (d.name.trim().length > KPI_LIMITS.name) e.name = `Name must be at most ${KPI_LIMITS.name} characters`;
  if (d.unit.trim().length > KPI_LIMITS.unit) e.unit = `Unit must be at most ${KPI_LIMITS.unit} characters`;
  if (parseNumber(d.baselineValue) === undefined) e.baselineValue = 'Enter a number';
  if (parseNumber(d.targetValue) === undefined) e.targetValue = 'Enter a number';
  const dates = kpiDateIssue({ baselineDate: d.baselineDate || null, targetDate: d.targetDate || null });
  if (dates) e.targetDate = dates;
  return e;
}

function fields(d: Draft) {
  return {
    name: d.name,
    unit: d.unit,
    kind: d.kind,
    direction: d.direction,
    cadence: d.cadence,
    baselineValue: parseNumber(d.baselineValue) ?? null,
    baselineDate: d.baselineDate || null,
    baselineSource: d.baselineSource,
    targetValue: parseNumber(d.targetValue) ?? null,
    targetDate: d.targetDate || null,
  };
}

interface KpiFormProps {
  initiativeId: number;
  /** Present when editing. */
  kpi?: Kpi;
  onClose: () => void;
}

/** Add or edit a KPI; errors show beside their fields, whether found here or by the core. */
export function KpiForm({ initiativeId, kpi, onClose }: KpiFormProps) {
  const { draft, errors, formError, busy, set, submit } = useDraftForm<Draft>(kpi ? draftFrom(kpi) : BLANK, {
    formId: 'kpi-form',
    check: checkDraft,
    save: async (d) => {
      const saved = kpi
        ? await invoke('kpi/update', { id: kpi.id, patch: fields(d) })
        : await invoke('kpi/create', { initiativeId, ...fields(d) });
      toast.change(kpi ? `Saved KPI “${saved.name}”` : `Added KPI “${saved.name}”`);
      onClose();
    },
  });

  return (
    <FormDialog
      title={kpi ? `Edit KPI “${kpi.name}”` : 'New KPI'}
      onClose={onClose}
      size="large"
      formId="kpi-form"
      submitLabel={kpi ? 'Save changes' : 'Add KPI'}
      busy={busy}
      formError={formError}
      onSubmit={submit}
    >
      <Field label="Name" error={errors.name}>
        <input className="input" name="name" value={draft.name} onChange={set('name')} data-autofocus required />
      </Field>
      <Field label="Unit" error={errors.unit} hint="e.g. %, min, € per case">
        <input className="input" name="unit" value={draft.unit} onChange={set('unit')} autoComplete="off" />
      </Field>
      <Field label="Kind" error={errors.kind}>
        <VocabularySelect name="kind" value={draft.kind} onChange={set('kind')} items={KPI_KINDS.items} />
      </Field>
      <Field label="Direction" error={errors.direction}>
        <VocabularySelect
          name="direction"
          value={draft.direction}
          onChange={set('direction')}
          items={KPI_DIRECTIONS.items}
        />
      </Field>
      <Field label="Cadence" error={errors.cadence}>
        <VocabularySelect name="cadence" value={draft.cadence} onChange={set('cadence')} items={KPI_CADENCES.items} />
      </Field>
      <Field label="Baseline source" error={errors.baselineSource}>
        <input
          className="input"
          name="baselineSource"
          value={draft.baselineSource}
          onChange={set('baselineSource')}
          autoComplete="off"
        />
      </Field>
      <fieldset className="span-2 date-fields">
        <legend>Baseline and target</legend>
        <Field label="Baseline value" error={errors.baselineValue}>
          <input
            className="input"
            name="baselineValue"
            inputMode="decimal"
            value={draft.baselineValue}
            onChange={set('baselineValue')}
            autoComplete="off"
          />
        </Field>
        <Field label="Baseline date" error={errors.baselineDate}>
          <input
            className="input"
            type="date"
            name="baselineDate"
            value={draft.baselineDate}
            onChange={set('baselineDate')}
          />
        </Field>
        <Field label="Target value" error={errors.targetValue}>
          <input
            className="input"
            name="targetValue"
            inputMode="decimal"
            value={draft.targetValue}
            onChange={set('targetValue')}
            autoComplete="off"
          />
        </Field>
        <Field label="Target date" error={errors.targetDate}>
          <input
            className="input"
            type="date"
            name="targetDate"
            value={draft.targetDate}
            onChange={set('targetDate')}
          />
        </Field>
      </fieldset>
    </FormDialog>
  );
}
