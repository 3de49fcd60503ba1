import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ConnectionKind } from '../../../../shared/domain/connections/connection';
import {
  CANONICAL_METRICS,
  METRIC_PRESETS,
  SELECTOR_KEY,
  type CanonicalMetric,
  type MetricPreset,
  type PresetDetection,
} from '../../../../shared/domain/connections/metrics';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { toast } from '../../store/toasts';
import { useUi } from '../../store/ui';
import { issuesByField, type FieldErrors } from '../initiative/issues';

/** The keys each kind of source can select on (live-apis.md); Prometheus suggests the labels it found. */
const KEY_SUGGESTIONS: Record<ConnectionKind, string[]> = {
  prometheus: ['team', 'api_key_alias', 'model', 'service'],
  alertmanager: ['team', 'service', 'initiative'],
  litellm: ['team_id', 'key_alias', 'api_key', 'model', 'tag'],
  langfuse: ['tag', 'name', 'trace_name'],
  openrouter: ['model'],
};

interface Row {
  key: string;
  value: string;
}

/** Selector rows → the record the core takes; blank rows are dropped, bad keys reported at their row. */
export function selectorOf(rows: Row[]): { selector: Record<string, string>; errors: FieldErrors } {
  const selector: Record<string, string> = {};
  const errors: FieldErrors = {};
  rows.forEach((r, i) => {
    const key = r.key.trim();
    const value = r.value.trim();
    if (key === '' && value === '') return;
    if (!SELECTOR_KEY.test(key)) errors[`row${i}`] = 'Use a label or key name like team or api_key_alias';
    else if (value === '') errors[`row${i}`] = 'Enter the value to match';
    else if (key in selector) errors[`row${i}`] = `“${key}” is already used`;
    else selector[key] = value;
  });
  return { selector, errors };
}

/** Binds an initiative to its slice of a connection's telemetry. */
export function BindingForm({ initiativeId, onClose }: { initiativeId: number; onClose: () => void }) {
  const connections = useQuery('connection/list', undefined, ['connections']);
  const list = connections.data ?? [];
  const [connectionId, setConnectionId] = useState<number | null>(null);
  const chosen = list.find((c) => c.id === connectionId) ?? list[0] ?? null;
  const [rows, setRows] = useState<Row[]>([{ key: '', value: '' }]);
  const [preset, setPreset] = useState<MetricPreset | null>(null);
  const [detected, setDetected] = useState<PresetDetection[] | null>(null);
  const [detecting, setDetecting] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const listId = useId();
  const none = connections.data !== undefined && list.length === 0;
  const goButton = useRef<HTMLButtonElement>(null);
  // The dialog focused the connection picker while the list loaded; with no connections that picker goes,
  // and focus with it (out of the dialog, where Esc no longer reaches it). The way forward takes it instead.
  useEffect(() => {
    if (none) goButton.current?.focus();
  }, [none]);
  // Errors are drawn first, then the first bad field gets the caret (a frame can come before React commits).
  const [refocus, setRefocus] = useState(0);
  useEffect(() => {
    if (refocus > 0) document.querySelector<HTMLElement>('#binding-form [aria-invalid="true"]')?.focus();
  }, [refocus]);

  const detect = async () => {
    if (!chosen || detecting) return;
    setDetecting(true);
    setErrors({});
    try {
      const found = await invoke('binding/detect', { connectionId: chosen.id });
      setDetected(found);
      const best = [...found].sort((a, b) => b.coverage - a.coverage)[0];
      if (best && best.coverage > 0) setPreset(best.preset);
    } catch (e) {
      setErrors({ detect: errorMessage(e) });
    } finally {
      setDetecting(false);
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) {
      setErrors({ connectionId: 'Add a connection first' });
      return;
    }
    const { selector, errors: rowErrors } = selectorOf(rows);
    setErrors(rowErrors);
    if (Object.keys(rowErrors).length) {
      setRefocus((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await invoke('binding/save', {
        initiativeId,
        connectionId: chosen.id,
        preset: chosen.kind === 'prometheus' ? preset : null,
        selector,
      });
      toast.change(`Bound to “${chosen.name}”`);
      onClose();
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) {
        const byField = issuesByField(err.issues);
        setErrors({ ...byField, ...(byField.selector ? { row0: byField.selector } : {}) });
        setRefocus((n) => n + 1);
      } else setErrors({ '': errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const presetInfo = detected?.find((d) => d.preset === preset);
  const suggestions = [
    ...new Set([...(detected?.flatMap((d) => d.labels) ?? []), ...(chosen ? KEY_SUGGESTIONS[chosen.kind] : [])]),
  ];
  return (
    <FormDialog
      title="Bind telemetry"
      onClose={onClose}
      formId="binding-form"
      submitLabel="Bind"
      busy={busy || !chosen}
      formError={errors['']}
      onSubmit={(e) => void submit(e)}
      layout="form-stack"
      size="medium"
    >
      {none ? (
        <div className="binding-none" data-testid="binding-none">
          <p>
            No connections yet. A binding reads from a connection — a Prometheus, Alertmanager, LiteLLM, Langfuse or
            OpenRouter you add in the Connections view.
          </p>
          <button
            type="button"
            className="button"
            ref={goButton}
            onClick={() => {
              onClose();
              useUi.getState().setView('connections');
            }}
          >
            Go to Connections
          </button>
        </div>
      ) : (
        <Field label="Connection" error={errors.connectionId}>
          <select
            className="select"
            value={chosen?.id ?? ''}
            onChange={(e) => {
              setConnectionId(Number(e.target.value));
              setDetected(null);
              setPreset(null);
            }}
            data-testid="binding-connection"
            data-autofocus
          >
            {list.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {chosen?.kind === 'prometheus' && (
        <fieldset className="preset-picker">
          <legend>Metric family</legend>
          <div className="preset-detect">
            <button
              type="button"
              className="button small"
              onClick={() => void detect()}
              disabled={detecting}
              data-testid="binding-detect"
            >
              {detecting ? 'Detecting…' : 'Detect'}
            </button>
            <span className="muted small-text">Finds which families and metric names this server exposes.</span>
          </div>
          {errors.detect && (
            <p className="field-error" role="alert">
              {errors.detect}
            </p>
          )}
          {(detected ?? METRIC_PRESETS.items.map((p) => ({ preset: p.id, coverage: -1 }))).map((d) => (
            <label key={d.preset} className="checkbox preset-choice" data-testid="preset-choice">
              <input type="radio" name="preset" checked={preset === d.preset} onChange={() => setPreset(d.preset)} />
              {METRIC_PRESETS.label(d.preset)}
              {d.coverage >= 0 && (
                <span className="muted small-text">
                  {' '}
                  — {d.coverage === 0 ? 'not found' : `${d.coverage} metrics found`}
                </span>
              )}
            </label>
          ))}
          {presetInfo && Object.keys(presetInfo.names).length > 0 && (
            <ul className="detected-names small-text">
              {Object.entries(presetInfo.names).map(([m, name]) => (
                <li key={m}>
                  {CANONICAL_METRICS.label(m as CanonicalMetric)}: <code>{name}</code>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
      )}
      {!none && (
        <fieldset className="selector-editor">
          <legend>Selector</legend>
          <p className="muted small-text">Which slice is this initiative’s: every row must match exactly.</p>
          <datalist id={listId}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          {rows.map((r, i) => (
            <div key={i} className="selector-row" data-testid="selector-row">
              <input
                className="input"
                aria-label={`Key ${i + 1}`}
                list={listId}
                value={r.key}
                placeholder="key"
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))}
                aria-invalid={errors[`row${i}`] ? true : undefined}
                data-testid="selector-key"
              />
              <span aria-hidden="true">=</span>
              <input
                className="input"
                aria-label={`Value ${i + 1}`}
                value={r.value}
                placeholder="value"
                onChange={(e) => setRows(rows.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                aria-invalid={errors[`row${i}`] ? true : undefined}
                data-testid="selector-value"
              />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove row ${i + 1}`}
                onClick={() => setRows(rows.length === 1 ? [{ key: '', value: '' }] : rows.filter((_, j) => j !== i))}
              >
                ×
              </button>
              {errors[`row${i}`] && <span className="field-error selector-error">{errors[`row${i}`]}</span>}
            </div>
          ))}
          {rows.length < 8 && (
            <button
              type="button"
              className="button small"
              onClick={() => setRows([...rows, { key: '', value: '' }])}
              data-testid="selector-add"
            >
              Add row
            </button>
          )}
        </fieldset>
      )}
    </FormDialog>
  );
}
