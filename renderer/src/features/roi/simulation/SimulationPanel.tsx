import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
// Only what these charts draw, so the bundle carries line and bar charts, not all of echarts.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { use as registerEcharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { RoiModel } from '../../../../../shared/domain/roi/schema';
import { Field } from '../../../components/Field';
import { useChartPalette, useEChart } from '../../../components/charts/useEChart';
import { fanOption, histogramOption, tornadoOption, type SimulationChartOption } from './charts';
import { money, percent, plainNumber } from './format';
import { checkSettings, SIMULATION_LIMITS, type SimulationOutcome, type SimulationSettingsDraft } from './protocol';
import { useMonteCarlo, type MonteCarloState, type RunSettings } from './useMonteCarlo';
import './simulation.css';

registerEcharts([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** How long the model must stay unchanged before an edit re-runs the simulation. */
const RERUN_DELAY_MS = 600;
const TORNADO_ROWS = 12;

/** Drivers the Monte Carlo can vary: those with a real three-point range. */
function rangedDrivers(model: RoiModel) {
  return model.drivers.filter((d) => d.high > d.low);
}

/**
 * Monte Carlo of one ROI model, run in a Web Worker so the window stays responsive: settings, Run and
 * Cancel with progress, the P10 / P50 / P90 figures, a fan chart of cumulative cash flow, the NPV
 * histogram and the tornado of the drivers that move NPV most. It runs once when first shown and again,
 * after a short pause, whenever the model changes.
 */
export function SimulationPanel({ model }: { model: RoiModel; phase: number | null }) {
  const [draft, setDraft] = useState<SimulationSettingsDraft>({
    iterations: String(SIMULATION_LIMITS.defaultIterations),
    seed: String(SIMULATION_LIMITS.defaultSeed),
  });
  const [riskAdjusted, setRiskAdjusted] = useState(false);
  const { state, run, cancel } = useMonteCarlo();
  const ranged = rangedDrivers(model).length;
  const check = checkSettings(draft);
  const errors = check.ok ? {} : check.errors;

  // The latest inputs, read by the automatic runs without making them depend on every keystroke.
  const latest = useRef({ model, check, riskAdjusted });
  useEffect(() => {
    latest.current = { model, check, riskAdjusted };
  });

  const start = (overrides: Partial<Pick<RunSettings, 'riskAdjusted'>> = {}) => {
    const { model: m, check: c, riskAdjusted: adjusted } = latest.current;
    if (!c.ok) return false;
    run({ model: m, iterations: c.iterations, seed: c.seed, riskAdjusted: overrides.riskAdjusted ?? adjusted });
    return true;
  };
  const startRef = useRef(start);
  useEffect(() => {
    startRef.current = start;
  });

  // First show: run at once. A later change of the model: run after it has settled.
  const modelKey = useMemo(() => JSON.stringify(model), [model]);
  const firstRun = useRef(true);
  useEffect(() => {
    // Nothing left to sample: a run still in flight is for a model that no longer applies.
    if (ranged === 0) {
      cancel();
      return;
    }
    if (firstRun.current) {
      firstRun.current = false;
      startRef.current();
      return;
    }
    const timer = window.setTimeout(() => startRef.current(), RERUN_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [modelKey, ranged, cancel]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    start();
  };

  const onBasis = (adjusted: boolean) => {
    setRiskAdjusted(adjusted);
    if (ranged > 0) start({ riskAdjusted: adjusted });
  };

  if (ranged === 0) {
    return (
      <section className="sim-panel" data-testid="simulation-panel" aria-label="Monte Carlo simulation">
        <div className="empty-state" data-testid="simulation-empty">
          <strong>No driver has a range yet</strong>
          <p className="muted">
            A Monte Carlo needs three-point estimates: give at least one driver a low and a high that differ (for
            example tickets per month 8,000 / 10,000 / 13,000), and the simulation will sample them.
          </p>
        </div>
      </section>
    );
  }

  const running = state.running;
  return (
    <section className="sim-panel" data-testid="simulation-panel" aria-label="Monte Carlo simulation">
      <form className="sim-settings" onSubmit={onSubmit} noValidate>
        <Field
          label="Iterations"
          error={errors.iterations}
          hint={`${SIMULATION_LIMITS.minIterations.toLocaleString('en')}–${SIMULATION_LIMITS.maxIterations.toLocaleString('en')}`}
        >
          <input
            className="input sim-number"
            name="iterations"
            inputMode="numeric"
            value={draft.iterations}
            onChange={(e) => setDraft((d) => ({ ...d, iterations: e.target.value }))}
          />
        </Field>
        <Field label="Seed" error={errors.seed} hint="Same seed, same result">
          <input
            className="input sim-number"
            name="seed"
            inputMode="numeric"
            value={draft.seed}
            onChange={(e) => setDraft((d) => ({ ...d, seed: e.target.value }))}
          />
        </Field>
        <fieldset className="sim-basis">
          <legend>Values</legend>
          <label className="checkbox">
            <input
              type="radio"
              name="basis"
              value="unadjusted"
              checked={!riskAdjusted}
              onChange={() => onBasis(false)}
            />
            Unadjusted
          </label>
          <label className="checkbox">
            <input type="radio" name="basis" value="risk" checked={riskAdjusted} onChange={() => onBasis(true)} />
            Risk-adjusted
          </label>
        </fieldset>
        <div className="sim-actions">
          <button type="submit" className="button primary" data-testid="simulation-run" disabled={!check.ok}>
            {state.outcome || running ? 'Run again' : 'Run'}
          </button>
          <button type="button" className="button" data-testid="simulation-cancel" disabled={!running} onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
      <p className="muted small-text sim-note" data-testid="simulation-note">
        {ranged === 1 ? 'One driver is' : `${ranged} drivers are`} sampled from their three-point estimates (PERT or
        triangular, as set on each driver). Risk-adjusted applies each line&apos;s TEI adjustment on top; the
        distributions already carry the uncertainty, so unadjusted is the usual basis.
      </p>
      <RunStatus state={state} />
      {state.outcome ? (
        <Results
          outcome={state.outcome}
          stale={running !== null}
          periodicity={model.periodicity}
          riskAdjusted={state.outcomeSettings?.riskAdjusted ?? false}
          seed={state.outcomeSettings?.seed}
        />
      ) : (
        !running &&
        !state.error && (
          <p className="muted" data-testid="simulation-idle">
            Not run yet.
          </p>
        )
      )}
    </section>
  );
}

function RunStatus({ state }: { state: MonteCarloState }) {
  const { running, error, cancelled } = state;
  if (running) {
    const share = running.total > 0 ? running.done / running.total : 0;
    return (
      <div className="sim-progress" data-testid="simulation-progress">
        <progress
          max={running.total}
          value={running.done}
          aria-label="Simulation progress"
          aria-valuetext={`${Math.round(share * 100)} %`}
        />
        <span className="muted small-text" aria-live="polite">
          Running… {running.done.toLocaleString('en')} of {running.total.toLocaleString('en')} iterations
        </span>
      </div>
    );
  }
  if (error) {
    return (
      <div className="form-error sim-error" role="alert" data-testid="simulation-error">
        <p>{error.message}</p>
        {error.issues.length > 1 && (
          <ul>
            {error.issues.slice(0, 5).map((issue, i) => (
              <li key={i}>{issue.message}</li>
            ))}
            {error.issues.length > 5 && <li>and {error.issues.length - 5} more</li>}
          </ul>
        )}
      </div>
    );
  }
  if (cancelled) {
    return (
      <p className="muted" role="status" data-testid="simulation-cancelled">
        Cancelled. The figures below are from the previous run, if any.
      </p>
    );
  }
  return null;
}

function Results({
  outcome,
  stale,
  periodicity,
  riskAdjusted,
  seed,
}: {
  outcome: SimulationOutcome;
  stale: boolean;
  periodicity: 'yearly' | 'monthly';
  riskAdjusted: boolean;
  seed: number | undefined;
}) {
  const { result, tornado } = outcome;
  const palette = useChartPalette();
  const fan = useMemo(() => fanOption(result.fan, periodicity, palette), [result, periodicity, palette]);
  const hist = useMemo(() => histogramOption(result.histogram, palette), [result, palette]);
  const torn = useMemo(() => tornadoOption(tornado, palette, TORNADO_ROWS), [tornado, palette]);
  const shown = tornado.bars.slice(0, TORNADO_ROWS);
  const tornadoHeading = useId();
  const skipped = result.iterations - result.valid;

  return (
    <div className={`sim-results${stale ? ' stale' : ''}`} data-testid="simulation-results" aria-busy={stale}>
      <dl className="sim-figures">
        <Figure label="P10 NPV" value={money(result.npv.p10)} testId="sim-p10" raw={result.npv.p10} />
        <Figure label="P50 NPV" value={money(result.npv.p50)} testId="sim-p50" raw={result.npv.p50} strong />
        <Figure label="P90 NPV" value={money(result.npv.p90)} testId="sim-p90" raw={result.npv.p90} />
        <Figure label="Mean NPV" value={money(result.npv.mean)} testId="sim-mean" raw={result.npv.mean} />
        <Figure
          label="P(NPV < 0)"
          value={percent(result.probNegative)}
          testId="sim-prob-negative"
          raw={result.probNegative}
          tone={result.probNegative >= 0.5 ? 'danger' : result.probNegative >= 0.2 ? 'warning' : undefined}
        />
        <Figure
          label="ROI P10–P90"
          value={result.roi ? `${percent(result.roi.p10, 0)} to ${percent(result.roi.p90, 0)}` : '—'}
          testId="sim-roi"
        />
      </dl>
      <p
        className="muted small-text"
        data-testid="sim-elapsed"
        data-seed={seed}
        data-elapsed-ms={outcome.elapsedMs.toFixed(1)}
        data-run-ms={outcome.runMs.toFixed(1)}
      >
        {result.iterations.toLocaleString('en')} iterations ({riskAdjusted ? 'risk-adjusted' : 'unadjusted'}) in{' '}
        {Math.round(outcome.elapsedMs).toLocaleString('en')} ms
        {skipped > 0 && `; ${skipped.toLocaleString('en')} skipped because an amount was not finite`}.
      </p>
      <div className="sim-charts">
        <ChartBox
          title="Cumulative cash flow, P10–P90"
          option={fan}
          testId="sim-fan"
          label={`Cumulative net cash flow by ${periodicity === 'monthly' ? 'month' : 'year'}: median ends at ${money(result.fan.p50.at(-1))}, P10 ${money(result.fan.p10.at(-1))}, P90 ${money(result.fan.p90.at(-1))}`}
        />
        <ChartBox
          title="NPV distribution (iterations per bin)"
          option={hist}
          testId="sim-histogram"
          label={`Histogram of NPV over ${result.valid.toLocaleString('en')} iterations; ${percent(result.probNegative)} below zero`}
        />
      </div>
      <section className="sim-tornado" aria-labelledby={tornadoHeading} data-testid="sim-tornado">
        <h4 id={tornadoHeading}>What moves NPV most</h4>
        <p className="muted small-text">
          Each driver swung from its low to its high, the others at their likely values. The axis shows the change from
          the base NPV of {money(tornado.baseNpv)}; each bar is labelled with the NPV it reaches.
        </p>
        {shown.length === 0 ? (
          <p className="muted">No driver changes NPV over its range.</p>
        ) : (
          <>
            <Chart
              option={torn}
              className="sim-chart-tornado"
              height={Math.max(160, 56 + shown.length * 40)}
              label={`Tornado of ${shown.length} drivers`}
            />
            <table className="plain-table sim-tornado-table" data-testid="sim-tornado-table">
              <caption className="visually-hidden">Drivers by NPV swing</caption>
              <thead>
                <tr>
                  <th scope="col">Driver</th>
                  <th scope="col" className="num">
                    Low → NPV
                  </th>
                  <th scope="col" className="num">
                    High → NPV
                  </th>
                  <th scope="col" className="num">
                    Swing
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((b) => (
                  <tr key={b.key} data-testid="sim-tornado-row">
                    <td>{b.label}</td>
                    <td className="num">
                      {plainNumber(b.low)} → {money(b.npvAtLow)}
                    </td>
                    <td className="num">
                      {plainNumber(b.high)} → {money(b.npvAtHigh)}
                    </td>
                    <td className="num strong">{money(b.swing)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {tornado.bars.length > shown.length && (
              <p className="muted small-text">
                {tornado.bars.length - shown.length} more drivers with smaller swings are not shown.
              </p>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function Figure({
  label,
  value,
  testId,
  raw,
  strong,
  tone,
}: {
  label: string;
  value: string;
  testId: string;
  raw?: number;
  strong?: boolean;
  tone?: 'danger' | 'warning' | undefined;
}) {
  return (
    <div className={`sim-figure${strong ? ' strong' : ''}${tone ? ` tone-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={raw !== undefined && Number.isFinite(raw) ? raw : undefined}>
        {value}
      </dd>
    </div>
  );
}

function ChartBox({
  title,
  option,
  testId,
  label,
}: {
  title: string;
  option: SimulationChartOption;
  testId: string;
  label: string;
}) {
  return (
    <figure className="sim-chart-box" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <Chart option={option} className="sim-chart" label={label} />
    </figure>
  );
}

function Chart({
  option,
  className,
  label,
  height,
}: {
  option: SimulationChartOption;
  className: string;
  label: string;
  height?: number;
}) {
  const { ref } = useEChart(option);
  return <div ref={ref} className={className} role="img" aria-label={label} style={height ? { height } : undefined} />;
}
