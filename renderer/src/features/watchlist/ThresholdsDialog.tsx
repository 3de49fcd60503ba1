import { useState, type FormEvent } from 'react';
import type { SignalThresholds } from '../../../../shared/domain/governance/signals';
import { PHASES } from '../../../../shared/domain/phases';
import {
  RULE_THRESHOLDS,
  thresholdAt,
  type SetThresholdsInput,
  type ThresholdField,
} from '../../../../shared/domain/signalThresholds';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { toast } from '../../store/toasts';

type Values = Record<string, string>;

interface Group {
  id: string;
  label: string;
  severity: string;
  fields: readonly ThresholdField[];
}

/** The rules with thresholds, plus the score's severity weights (§3.4: INFO 1, WARN 3, CRIT 8). */
const GROUPS: readonly Group[] = [
  ...RULE_THRESHOLDS.map((r) => ({ id: r.ruleId, label: r.label, severity: r.severity, fields: r.fields })),
  {
    id: 'score',
    label: 'Purgatory score',
    severity: 'Each listed signal adds its severity’s weight',
    fields: (['info', 'warning', 'critical'] as const).map((s) => ({
      path: ['severityWeights', s],
      label: `${s[0]!.toUpperCase()}${s.slice(1)} weight`,
      unit: 'count' as const,
    })),
  },
];
const ALL_FIELDS = GROUPS.flatMap((g) => g.fields);
const keyOf = (f: ThresholdField) => f.path.join('.');

function valuesOf(t: SignalThresholds, fields: readonly ThresholdField[] = ALL_FIELDS): Values {
  const out: Values = {};
  for (const f of fields) out[keyOf(f)] = String(thresholdAt(t, f.path) ?? '');
  return out;
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = target;
  for (const p of path.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
  o[path[path.length - 1]!] = value;
}

const UNIT_HINT = { days: 'days', count: '', ratio: '×', share: '0–1', phase: '' } as const;

/**
 * The radar's thresholds, rule by rule, each with how it grades severity. Changing one stores only the
 * difference from the defaults; "Reset" puts a rule (or all) back. Saving is one undoable change.
 */
export function ThresholdsDialog({ onClose }: { onClose: () => void }) {
  const view = useQuery('signals/thresholds', undefined, ['settings']);
  const [values, setValues] = useState<Values | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const data = view.data;
  // First answer: start the form from the effective values (state adjusted during render, no effect).
  if (data && values === null) setValues(valuesOf(data.effective));

  const defaults = data ? valuesOf(data.defaults) : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!values || !data || !defaults) return;
    const local: Record<string, string> = {};
    const overrides: Record<string, unknown> = {};
    for (const f of ALL_FIELDS) {
      const k = keyOf(f);
      const raw = (values[k] ?? '').trim();
      if (f.unit === 'phase') {
        if (raw !== defaults[k]) setPath(overrides, f.path, raw);
        continue;
      }
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n)) {
        local[k] = 'Enter a number';
        continue;
      }
      if (raw !== defaults[k]) setPath(overrides, f.path, n);
    }
    // A phase budget is a pair: send both halves when either changed, so they are checked together.
    const budgets = overrides.timeInPhase as Record<string, Record<string, number>> | undefined;
    for (const [phase, b] of Object.entries(budgets ?? {})) {
      b.warnDays ??= Number(values[`timeInPhase.${phase}.warnDays`]);
      b.critDays ??= Number(values[`timeInPhase.${phase}.critDays`]);
    }
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await invoke('signals/setThresholds', { overrides } as SetThresholdsInput);
      toast.change('Changed signal thresholds');
      onClose();
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) {
        const byField: Record<string, string> = {};
        for (const i of err.issues) byField[i.path.replace(/^overrides\.?/, '')] ??= i.message;
        setErrors(byField);
        if (!Object.keys(byField).some((k) => ALL_FIELDS.some((f) => keyOf(f) === k))) setFormError(err.message);
      } else setFormError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const reset = (fields: readonly ThresholdField[]) => {
    if (!values || !data) return;
    setValues({ ...values, ...valuesOf(data.defaults, fields) });
    setErrors({});
  };

  return (
    <Dialog
      title="Signal thresholds"
      onClose={onClose}
      size="large"
      testId="thresholds-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={() => reset(ALL_FIELDS)} data-testid="reset-all">
            Reset all to defaults
          </button>
          <div className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="thresholds-form"
            className="button primary"
            disabled={busy || !values}
            data-testid="save"
          >
            Save
          </button>
        </>
      }
    >
      {view.error !== undefined && <p role="alert">{errorMessage(view.error)}</p>}
      {!values || !defaults ? (
        <p className="muted">Loading…</p>
      ) : (
        <form id="thresholds-form" onSubmit={submit} noValidate>
          <p className="muted">
            A signal fires when what it measures goes past its threshold. Changes apply to the watchlist, the portfolio
            column and the command line, and are recorded in the audit trail.
          </p>
          {formError && (
            <p className="form-error" role="alert">
              {formError}
            </p>
          )}
          {GROUPS.map((g) => {
            const changed = g.fields.some((f) => values[keyOf(f)] !== defaults[keyOf(f)]);
            return (
              <fieldset key={g.id} className="thresholds-rule" data-testid={`thresholds-${g.id}`}>
                <legend>{g.label}</legend>
                <p className="severity">Severity: {g.severity}</p>
                {g.fields.length === 0 ? (
                  <p className="muted">No threshold: it fires as soon as it applies.</p>
                ) : (
                  <div className="thresholds-fields">
                    {g.fields.map((f) => {
                      const k = keyOf(f);
                      const isChanged = values[k] !== defaults[k];
                      const hint = `Default ${defaults[k]}${UNIT_HINT[f.unit] ? ` ${UNIT_HINT[f.unit]}` : ''}`;
                      return (
                        <Field
                          key={k}
                          label={f.label}
                          error={errors[k]}
                          hint={hint}
                          className={isChanged ? 'changed' : undefined}
                        >
                          {f.unit === 'phase' ? (
                            <select
                              className="input"
                              name={k}
                              value={values[k]}
                              onChange={(e) => setValues({ ...values, [k]: e.target.value })}
                            >
                              {PHASES.map((p) => (
                                <option key={p.id} value={p.id}>
                                  {p.n}. {p.short}
                                </option>
                              ))}
                            </select>
                          ) : (
                            <input
                              className="input"
                              name={k}
                              inputMode="decimal"
                              autoComplete="off"
                              value={values[k]}
                              onChange={(e) => setValues({ ...values, [k]: e.target.value })}
                            />
                          )}
                        </Field>
                      );
                    })}
                  </div>
                )}
                {changed && (
                  <button
                    type="button"
                    className="button small"
                    onClick={() => reset(g.fields)}
                    aria-label={`Reset ${g.label} to defaults`}
                  >
                    Reset to default
                  </button>
                )}
              </fieldset>
            );
          })}
        </form>
      )}
    </Dialog>
  );
}
