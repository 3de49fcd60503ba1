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

/** The objective's name in a row, where the threshold follows ("Latency p95 at most 6.9 s"). */
const OBJECTIVE: Record<SloKind, string> = {
  latency_p95: 'Latency p95',
  error_rate: 'Error rate',
  cost_per_day: 'Cost per day',
  cost_per_request: 'Cost per request',
};

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
        // A list, not a five-column table: it has to fit the detail panel without scrolling sideways.
        <ul className="slo-list" aria-label="Service level objectives">
          {slos.map((s) => (
            <li key={s.kind} className="slo-row" data-testid="slo-row" data-kind={s.kind} data-state={s.state}>
              <span className="slo-objective">
                {OBJECTIVE[s.kind]} <span className="muted">at most</span>{' '}
                <span className="strong">{formatMetric(s.threshold, UNIT[s.kind])}</span>
              </span>
              <span className="slo-actual" title={s.source ? `Source: ${formatSource(s.source)}` : undefined}>
                <span className="slo-actual-value">
                  {s.actual === null ? '—' : formatMetric(s.actual, UNIT[s.kind])}
                </span>
                {s.asOf && (
                  <span className="muted small-text">as of {formatAge((now - Date.parse(s.asOf)) / 1000)}</span>
                )}
              </span>
              <Chip tone={STATE_TONE[s.state]}>{STATE_LABEL[s.state]}</Chip>
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove SLO ${SLO_KINDS.label(s.kind)}`}
                title="Remove this SLO"
                onClick={() => void remove(s.kind)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
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
