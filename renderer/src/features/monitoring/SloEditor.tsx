import { useState, type FormEvent } from 'react';
import { SLO_KINDS, type SloKind, type SloStatus } from '../../../../shared/domain/connections/metrics';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { reportError } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { toast } from '../../store/toasts';
import { formatAge, formatMetric, formatSource } from './metricFormat';
import { useNow } from './useNow';

const STATE_LABEL: Record<SloStatus['state'], string> = {
  met: 'Met',
  breached: 'Breached',
  no_data: 'No data',
  stale: 'Stale',
};
const STATE_TONE: Record<SloStatus['state'], 'ok' | 'danger' | 'neutral' | 'warning'> = {
  met: 'ok',
  breached: 'danger',
  no_data: 'neutral',
  stale: 'warning',
};

const UNIT: Record<SloKind, 'seconds' | 'ratio' | 'usd'> = {
  latency_p95: 'seconds',
  error_rate: 'ratio',
  cost_per_day: 'usd',
  cost_per_request: 'usd',
};

/** The threshold as typed: error rate in percent (people think "2 %"), the rest in the SLO's own unit. */
export function thresholdFromInput(kind: SloKind, text: string): number | null {
  const n = Number(text.trim().replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(n)) return null;
  return kind === 'error_rate' ? n / 100 : n;
}

const INPUT_HINT: Record<SloKind, string> = {
  latency_p95: 'seconds',
  error_rate: '%',
  cost_per_day: 'USD',
  cost_per_request: 'USD',
};

/** SLOs per initiative: each with its threshold, today's actual, and met / breached / no data / stale. */
export function SloEditor({ initiativeId, slos }: { initiativeId: number; slos: SloStatus[] }) {
  const unused = SLO_KINDS.items.filter((k) => !slos.some((s) => s.kind === k.id));
  const [kind, setKind] = useState<SloKind>(unused[0]?.id ?? 'latency_p95');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = useNow();

  const chosen = unused.some((u) => u.id === kind) ? kind : (unused[0]?.id ?? kind);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const threshold = thresholdFromInput(chosen, text);
    if (threshold === null) {
      setError('Enter a number');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await invoke('slo/save', { initiativeId, kind: chosen, threshold });
      toast.change(`Saved SLO “${SLO_KINDS.label(chosen)}”`);
      setText('');
    } catch (err) {
      setError(isApiError(err, 'VALIDATION') && err.issues[0] ? err.issues[0].message : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (k: SloKind) => {
    try {
      await invoke('slo/delete', { initiativeId, kind: k });
      toast.change(`Removed SLO “${SLO_KINDS.label(k)}”`);
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <div className="slo-block" data-testid="slo-editor">
      <h4>SLOs</h4>
      {slos.length === 0 ? (
        <p className="muted">No SLOs yet.</p>
      ) : (
        <table className="plain-table slo-table">
          <thead>
            <tr>
              <th scope="col">Objective</th>
              <th scope="col" className="num">
                Threshold
              </th>
              <th scope="col" className="num">
                Actual
              </th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {slos.map((s) => (
              <tr key={s.kind} data-testid="slo-row" data-state={s.state}>
                <td>{SLO_KINDS.label(s.kind)}</td>
                <td className="num">{formatMetric(s.threshold, UNIT[s.kind])}</td>
                <td className="num" title={s.source ? formatSource(s.source) : undefined}>
                  {formatMetric(s.actual, UNIT[s.kind])}
                  {s.asOf && (
                    <span className="muted small-text"> · {formatAge((now - Date.parse(s.asOf)) / 1000)}</span>
                  )}
                </td>
                <td>
                  <Chip tone={STATE_TONE[s.state]}>{STATE_LABEL[s.state]}</Chip>
                </td>
                <td>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Remove SLO ${SLO_KINDS.label(s.kind)}`}
                    onClick={() => void remove(s.kind)}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unused.length > 0 && (
        <form className="slo-form" onSubmit={(e) => void save(e)} noValidate>
          <label>
            <span className="visually-hidden">Objective</span>
            <select
              className="select"
              value={chosen}
              onChange={(e) => setKind(e.target.value as SloKind)}
              data-testid="slo-kind"
            >
              {unused.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <label className="slo-threshold">
            <span className="visually-hidden">Threshold in {INPUT_HINT[chosen]}</span>
            <input
              className="input"
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setError(null);
              }}
              inputMode="decimal"
              placeholder={INPUT_HINT[chosen]}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'slo-error' : undefined}
              data-testid="slo-threshold"
            />
          </label>
          <button type="submit" className="button small" disabled={busy} data-testid="slo-save">
            Add SLO
          </button>
          {error && (
            <span className="field-error" id="slo-error" role="alert">
              {error}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
