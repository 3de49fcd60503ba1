import { lazy, Suspense, useState } from 'react';
import { KPI_DIRECTIONS, KPI_KINDS, type KpiWithMeasurements } from '../../../../shared/domain/kpi';
import { errorMessage, invoke } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { reportError } from '../../app/commands';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDate, plural } from '../../components/format';
import { toast } from '../../store/toasts';
import { KpiForm } from './KpiForm';
import { MeasurementForm } from './MeasurementForm';

const TABLES = ['kpis', 'kpi_measurements'];

// echarts is most of a megabyte: load it when a chart is first shown, not at app start.
const KpiChart = lazy(() => import('./KpiChart').then((m) => ({ default: m.KpiChart })));

type Open =
  | { what: 'create' }
  | { what: 'edit'; kpi: KpiWithMeasurements }
  | { what: 'measure'; kpi: KpiWithMeasurements }
  | { what: 'delete'; kpi: KpiWithMeasurements };

function show(value: number | null, unit: string): string {
  if (value === null) return '—';
  const n = value.toLocaleString('en', { maximumFractionDigits: 4 });
  return unit ? `${n} ${unit}` : n;
}

/** An initiative's KPIs: baseline → latest → target, a small chart each, and their actions. */
export function KpiSection({ initiativeId }: { initiativeId: number }) {
  const kpis = useQuery('kpi/list', { initiativeId }, TABLES);
  const [open, setOpen] = useState<Open | null>(null);
  const close = () => setOpen(null);

  const remove = async (kpi: KpiWithMeasurements) => {
    try {
      await invoke('kpi/delete', { id: kpi.id });
      toast.change(`Deleted KPI “${kpi.name}”`);
    } catch (e) {
      reportError(e);
    } finally {
      close();
    }
  };

  const list = kpis.data ?? [];
  return (
    <section className="detail-section" aria-labelledby="kpis-heading" data-testid="kpi-section">
      <div className="section-heading">
        <h3 id="kpis-heading">KPIs</h3>
        <button
          type="button"
          className="button small"
          onClick={() => setOpen({ what: 'create' })}
          data-testid="add-kpi"
        >
          Add KPI
        </button>
      </div>
      {kpis.error !== undefined && <p role="alert">{errorMessage(kpis.error)}</p>}
      {kpis.data && list.length === 0 && <p className="muted">No KPIs yet. Add one with a baseline and a target.</p>}
      {list.map((k) => (
        <KpiCard key={k.id} kpi={k} onOpen={(what) => setOpen({ what, kpi: k })} />
      ))}

      {open?.what === 'create' && <KpiForm initiativeId={initiativeId} onClose={close} />}
      {open?.what === 'edit' && <KpiForm initiativeId={initiativeId} kpi={open.kpi} onClose={close} />}
      {open?.what === 'measure' && <MeasurementForm kpi={open.kpi} onClose={close} />}
      {open?.what === 'delete' && (
        <ConfirmDialog
          title="Delete KPI?"
          confirmLabel="Delete"
          destructive
          onConfirm={() => remove(open.kpi)}
          onCancel={close}
        >
          <p>
            Delete <strong>“{open.kpi.name}”</strong> and its {plural(open.kpi.measurements.length, 'measurement')}? You
            can undo this right after.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function KpiCard({
  kpi: k,
  onOpen,
}: {
  kpi: KpiWithMeasurements;
  onOpen: (what: 'edit' | 'measure' | 'delete') => void;
}) {
  const latest = k.measurements.at(-1);
  return (
    <article className="kpi-card" data-testid="kpi-card" data-kpi-id={k.id} aria-label={`KPI ${k.name}`}>
      <div className="kpi-head">
        <strong className="kpi-name">{k.name}</strong>
        <span className="muted">
          {KPI_KINDS.label(k.kind)} · {KPI_DIRECTIONS.label(k.direction)}
        </span>
      </div>
      <p className="kpi-values" data-testid="kpi-values">
        <span title={k.baselineSource || undefined}>
          Baseline {show(k.baselineValue, k.unit)} <span className="muted">({formatDate(k.baselineDate)})</span>
        </span>
        {' → '}
        <span data-testid="kpi-latest">
          Latest {latest ? show(latest.value, k.unit) : '—'}
          {latest && <span className="muted"> ({formatDate(latest.periodEnd)})</span>}
        </span>
        {' → '}
        <span>
          Target {show(k.targetValue, k.unit)} <span className="muted">(by {formatDate(k.targetDate)})</span>
        </span>
      </p>
      {k.measurements.length > 0 && (
        <Suspense fallback={<div className="kpi-chart" />}>
          <KpiChart kpi={k} />
        </Suspense>
      )}
      <div className="kpi-actions">
        <button
          type="button"
          className="button small"
          onClick={() => onOpen('measure')}
          aria-label={`Add measurement to ${k.name}`}
          data-testid="add-measurement"
        >
          Add measurement
        </button>
        <button
          type="button"
          className="button small"
          onClick={() => onOpen('edit')}
          aria-label={`Edit KPI ${k.name}`}
          data-testid="edit-kpi"
        >
          Edit
        </button>
        <button
          type="button"
          className="button small danger-outline"
          onClick={() => onOpen('delete')}
          aria-label={`Delete KPI ${k.name}`}
          data-testid="delete-kpi"
        >
          Delete
        </button>
      </div>
    </article>
  );
}
