import { lazy, Suspense, useState } from 'react';
import { SCENARIO_KINDS } from '../../../../../shared/domain/roiScenario';
import type { PlanVsActualView } from '../../../../../shared/domain/roiActuals';
import { errorMessage } from '../../../api/client';
import { useQuery } from '../../../api/useQuery';
import { Chip } from '../../../components/Chip';
import { plural } from '../../../components/format';
import { formatMoney } from '../roiFormat';
import { ActualsTable } from './ActualsTable';
import { CategoryTable, PeriodTable, ToDateSummary } from './summary';
import './actuals.css';

// echarts is most of a megabyte: loaded when the chart is first shown.
const PlanVsActualChart = lazy(() => import('./PlanVsActualChart').then((m) => ({ default: m.PlanVsActualChart })));

/** Plan and actual both change with these: entries, the scenario (start month, lines), the initiative's phase. */
const TABLES = ['roi_actuals', 'roi_scenarios', 'initiatives'];

/** Plan vs actual costs and value of one initiative: the plan to date against what was spent and realised. */
export function PlanVsActual({ initiativeId }: { initiativeId: number }) {
  const [scenarioId, setScenarioId] = useState<number | undefined>(undefined);
  const view = useQuery(
    'roi/planVsActual',
    scenarioId === undefined ? { initiativeId } : { initiativeId, scenarioId },
    TABLES,
  );
  const entries = useQuery('roi/actuals/list', { initiativeId }, TABLES);
  const v = view.data;

  return (
    <div className="pva" data-testid="plan-vs-actual" data-initiative={initiativeId}>
      {view.error !== undefined && (
        <p className="form-error" role="alert" data-testid="pva-error">
          Could not compare plan and actual: {errorMessage(view.error)}{' '}
          {scenarioId !== undefined && (
            // The chosen scenario may have been deleted since (the core then refuses it).
            <button type="button" className="link-button" onClick={() => setScenarioId(undefined)}>
              Use the default plan
            </button>
          )}
        </p>
      )}
      {!v && view.loading && (
        <p className="muted" role="status">
          Loading plan vs actual…
        </p>
      )}
      {v && <PlanHeader view={v} chosen={scenarioId} onChoose={setScenarioId} />}
      {v && <Comparison view={v} />}
      <ActualsTable
        initiativeId={initiativeId}
        entries={entries.data}
        loading={entries.loading}
        error={entries.error}
        asOfMonth={v?.asOfMonth ?? null}
        outsideIds={v?.result?.state === 'ok' ? v.result.outsideHorizon.entryIds : []}
      />
    </div>
  );
}

function PlanHeader({
  view: v,
  chosen,
  onChoose,
}: {
  view: PlanVsActualView;
  chosen: number | undefined;
  onChoose: (id: number | undefined) => void;
}) {
  if (!v.scenario) return null;
  return (
    <div className="pva-header">
      <label className="pva-plan-pick">
        <span>Measured against</span>
        <select
          className="select"
          value={chosen ?? v.scenario.id}
          onChange={(e) => onChoose(Number(e.target.value))}
          data-testid="pva-scenario"
        >
          {v.scenarios.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({SCENARIO_KINDS.label(s.kind)})
            </option>
          ))}
        </select>
      </label>
      {v.isPreferred ? (
        <Chip tone="accent" title="The approved plan, else the current one, else the baseline">
          Default plan
        </Chip>
      ) : (
        <button type="button" className="link-button" onClick={() => onChoose(undefined)}>
          Back to the default plan
        </button>
      )}
      <span className="muted small-text">Plan amounts at likely values, not risk-adjusted.</span>
    </div>
  );
}

function Comparison({ view: v }: { view: PlanVsActualView }) {
  if (!v.scenario || !v.result) {
    return (
      <div className="pva-notice" data-testid="pva-no-model">
        <strong>No ROI model yet.</strong>
        <p>
          Plan vs actual compares what was spent with a plan. Build a model in the Model tab first; actuals you record
          below are kept and compared as soon as there is one.
        </p>
      </div>
    );
  }
  const r = v.result;
  if (r.state === 'no_start_month') {
    return (
      <div className="pva-notice" data-testid="pva-no-start">
        <strong>“{v.scenario.name}” has no start month.</strong>
        <p>
          Without it the plan’s years cannot be placed on the calendar, so actual months cannot be compared with them.
          Set the <em>start month</em> (the first month of year 1; year 0 is everything before it) in the Model tab and
          save the scenario.
        </p>
        {v.entryCount > 0 && <p className="muted">{plural(v.entryCount, 'entry', 'entries')} recorded so far.</p>}
      </div>
    );
  }
  if (r.state === 'invalid_model') {
    return (
      <p className="form-error" role="alert" data-testid="pva-invalid">
        The plan cannot be evaluated: {r.message}
      </p>
    );
  }
  const monthly = r.periodicity === 'monthly';
  const t = r.totals;
  const chartLabel =
    `Plan vs actual for “${v.scenario.name}”, ${r.startMonth} to ${r.endMonth}: ` +
    `planned cost to date ${formatMoney(t.plannedCostToDate)}, actual ${formatMoney(t.actualCostToDate)}; ` +
    `planned benefit to date ${formatMoney(t.plannedBenefitToDate)}, realised ${formatMoney(t.realisedBenefitToDate)}`;
  return (
    <>
      <ToDateSummary result={r} />
      {r.outsideHorizon.entryIds.length > 0 && (
        <p className="pva-warning" role="note" data-testid="pva-outside">
          {plural(r.outsideHorizon.entryIds.length, 'entry', 'entries')} fall after the plan ends ({r.endMonth}) and are
          not compared with it: {formatMoney(r.outsideHorizon.cost)} cost, {formatMoney(r.outsideHorizon.benefit)}{' '}
          benefit. They are marked in the table below.
        </p>
      )}
      <Suspense fallback={<div className="pva-chart" />}>
        <PlanVsActualChart periods={r.periods} monthly={monthly} label={chartLabel} />
      </Suspense>
      <CategoryTable result={r} />
      <PeriodTable result={r} />
    </>
  );
}
