import { lazy, Suspense, useState } from 'react';
import {
  CANONICAL_METRICS,
  METRIC_AGG,
  METRIC_PRESETS,
  type Binding,
  type CanonicalMetric,
  type MetricReading,
  type MonitoringOverview,
  type SloKind,
} from '../../../../shared/domain/connections/metrics';
import { errorMessage, invoke } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { reportError } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDateTime } from '../../components/format';
import { toast } from '../../store/toasts';
import { useUi } from '../../store/ui';
import { BindingForm } from './BindingForm';
import { ChartBoundary } from './ChartBoundary';
import { formatAge, formatMetric, formatSource, metricLabel } from './metricFormat';
import { SloEditor } from './SloEditor';
import './monitoring.css';

export const MONITORING_TABLES = [
  'connections',
  'connection_bindings',
  'metric_series',
  'metric_samples',
  'metric_rollups',
  'monitor_alerts',
  'slos',
];

/** The metric an SLO bounds, where its threshold can be drawn on that metric's chart (per-day cost is not a curve). */
const SLO_METRIC: Partial<Record<SloKind, CanonicalMetric>> = {
  latency_p95: 'latency_p95_s',
  error_rate: 'error_rate',
};

// echarts is most of a megabyte: load it when a chart is first shown, not at app start.
const SeriesChart = lazy(() => import('./SeriesChart').then((m) => ({ default: m.SeriesChart })));

/**
 * An initiative's live telemetry (issue 6): its bindings to connections, the latest value of each canonical
 * metric with its source and age, a zoomable chart, its SLOs and the alerts firing for it.
 */
export function MonitoringSection({ initiativeId }: { initiativeId: number }) {
  const overview = useQuery('metrics/overview', { initiativeId }, MONITORING_TABLES);
  return <MonitoringView initiativeId={initiativeId} overview={overview.data} error={overview.error} />;
}

/** The section as drawn from one overview (loading while `overview` is undefined). */
export function MonitoringView({
  initiativeId,
  overview: o,
  error,
}: {
  initiativeId: number;
  overview: MonitoringOverview | undefined;
  error: unknown;
}) {
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Binding | null>(null);
  const [picked, setPicked] = useState<CanonicalMetric | null>(null);

  const withData = o?.readings.filter((r) => r.value !== null) ?? [];
  // The chart shows what was picked, else the first metric that has data (spend first, as people ask that first).
  const charted =
    picked ??
    (withData.find((r) => r.metric === 'spend_usd') ?? withData.find((r) => r.metric === 'requests') ?? withData[0])
      ?.metric ??
    null;

  const removeBinding = async (b: Binding) => {
    try {
      await invoke('binding/delete', { id: b.id });
      toast.change(`Unbound “${b.connectionName}”`);
    } catch (e) {
      reportError(e);
    } finally {
      setRemoving(null);
    }
  };

  const empty = o !== undefined && o.bindings.length === 0 && withData.length === 0 && o.alerts.length === 0;
  return (
    <section
      className="detail-section monitoring"
      aria-labelledby="monitoring-heading"
      data-testid="monitoring-section"
    >
      <div className="section-heading">
        <h3 id="monitoring-heading">Monitoring</h3>
        <button type="button" className="button small" onClick={() => setAdding(true)} data-testid="add-binding">
          Bind telemetry…
        </button>
      </div>
      {error !== undefined && !o && <p role="alert">{errorMessage(error)}</p>}
      {!o && error === undefined && <p className="muted">Loading…</p>}
      {o?.sampleData && (
        <p className="sample-banner" data-testid="sample-data-banner">
          <Chip tone="accent">Sample data</Chip> These numbers are demo history stored with the portfolio, not from a
          live connection.
        </p>
      )}
      {empty && (
        <div className="monitoring-empty" data-testid="monitoring-empty">
          <p>
            No telemetry yet. Bind this initiative to its slice of a monitoring system or AI gateway — a team, key
            alias, model or label selector — to see its cost, latency, errors and quality here.
          </p>
          <button type="button" className="link-button" onClick={() => useUi.getState().setView('connections')}>
            Go to Connections
          </button>
        </div>
      )}
      {o && o.bindings.length > 0 && (
        <ul className="binding-list" aria-label="Bindings" data-testid="binding-list">
          {o.bindings.map((b) => (
            <li key={b.id} data-testid="binding">
              <strong>{b.connectionName}</strong>
              {b.preset && <Chip>{METRIC_PRESETS.label(b.preset)}</Chip>}
              <code className="selector-text">
                {Object.entries(b.selector)
                  .map(([k, v]) => `${k}="${v}"`)
                  .join(', ') || 'all series'}
              </code>
              <button
                type="button"
                className="button small"
                aria-label={`Remove binding to ${b.connectionName}`}
                onClick={() => setRemoving(b)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {o && !empty && (
        <div className="reading-grid" role="list" aria-label="Latest readings" data-testid="readings">
          {o.readings.map((r) => (
            <ReadingTile
              key={r.metric}
              reading={r}
              selected={r.metric === charted}
              onPick={() => setPicked(r.metric)}
            />
          ))}
        </div>
      )}
      {o && charted !== null && (
        <Suspense fallback={<p className="muted">Loading chart…</p>}>
          <h4 className="chart-title">{metricLabel(charted)} over time</h4>
          <ChartBoundary resetKey={charted}>
            <SeriesChart
              key={charted}
              initiativeId={initiativeId}
              metric={charted}
              threshold={o.slos.find((x) => SLO_METRIC[x.kind] === charted)?.threshold ?? null}
            />
          </ChartBoundary>
        </Suspense>
      )}
      {o && <SloEditor initiativeId={initiativeId} slos={o.slos} />}
      {o && (
        <div className="alerts-block">
          <h4>Active alerts</h4>
          {o.alerts.length === 0 ? (
            <p className="muted">No alerts firing.</p>
          ) : (
            <ul className="alert-list" data-testid="alert-list">
              {o.alerts.map((a) => (
                <li key={a.id} data-testid="alert">
                  <Chip tone={a.severity === 'critical' ? 'danger' : 'warning'}>{a.severity ?? 'alert'}</Chip>
                  <strong>{a.name}</strong>
                  {a.summary && <span>{a.summary}</span>}
                  <span className="muted small-text">
                    since {formatDateTime(a.startsAt)} · {a.connectionName}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {adding && <BindingForm initiativeId={initiativeId} onClose={() => setAdding(false)} />}
      {removing && (
        <ConfirmDialog
          title="Remove binding?"
          confirmLabel="Remove"
          destructive
          onConfirm={() => removeBinding(removing)}
          onCancel={() => setRemoving(null)}
        >
          <p>
            Stop reading this initiative’s telemetry from <strong>“{removing.connectionName}”</strong>? Stored metric
            history stays.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ReadingTile({
  reading: r,
  selected,
  onPick,
}: {
  reading: MetricReading;
  selected: boolean;
  onPick: () => void;
}) {
  const missing = r.value === null;
  return (
    <div role="listitem" className="reading-item">
      <button
        type="button"
        className={`reading-tile${selected ? ' selected' : ''}${r.stale ? ' stale' : ''}${missing ? ' missing' : ''}`}
        aria-pressed={selected}
        onClick={onPick}
        data-testid="reading"
        data-metric={r.metric}
        data-stale={r.stale ? '1' : '0'}
      >
        <span className="reading-label">
          {CANONICAL_METRICS.label(r.metric)}
          {METRIC_AGG[r.metric] === 'sum' && (
            <span className="muted reading-window" title="Total over the last 24 hours of data">
              {' '}
              · 24 h
            </span>
          )}
        </span>
        <span className="reading-value" data-testid="reading-value">
          {/* The label already says "tokens"; the tile has room for the number only. */}
          {formatMetric(r.value, r.unit === 'tokens' ? 'count' : r.unit)}
        </span>
        <span className="reading-meta">
          {r.stale && !missing && (
            <span className="stale-badge" data-testid="stale-badge">
              STALE
            </span>
          )}
          {!missing && (
            <span className="muted">
              {formatSource(r.source, r.connectionName)}
              {r.ageSec !== null && ` · as of ${formatAge(r.ageSec)}`}
            </span>
          )}
        </span>
      </button>
    </div>
  );
}
