import { useEffect, useId, useMemo, useState } from 'react';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { use as registerEcharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { SCENARIO_KINDS, type RoiScenarioDetail } from '../../../../../shared/domain/roiScenario';
import { invoke } from '../../../api/client';
import { onEvent } from '../../../api/events';
import { Chip } from '../../../components/Chip';
import { useChartPalette, useEChart } from '../../../components/charts/useEChart';
import { money } from '../simulation/format';
import {
  cashFlowOption,
  difference,
  driverDifferences,
  driverValue,
  figuresOf,
  FIGURE_ROWS,
  lineDifferences,
  type CashFlowSeries,
} from './compare';
import { loadScenarios, type Loaded } from './load';
import './compare.css';

registerEcharts([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/**
 * Each scenario by `roi/get`, read again when scenarios change. One that was deleted meanwhile comes
 * back as `missing` rather than failing the whole comparison. Late answers to an older read are dropped.
 */
function useScenarios(ids: readonly number[]): { items: Loaded[] | null; loading: boolean } {
  const [state, setState] = useState<{ key: string; items: Loaded[] } | null>(null);
  const key = ids.join(',');
  useEffect(() => {
    let seq = 0;
    const list = key === '' ? [] : key.split(',').map(Number);
    const load = () => {
      const mine = ++seq;
      void loadScenarios(list, (id) => invoke('roi/get', { id })).then((items) => {
        if (mine === seq) setState({ key, items });
      });
    };
    load();
    const off = onEvent('db/changed', ({ tables }) => {
      if (tables.includes('roi_scenarios')) load();
    });
    return () => {
      seq = -1;
      off();
    };
  }, [key]);
  const current = state && state.key === key ? state.items : null;
  return { items: current ?? state?.items ?? null, loading: current === null };
}

/** Legend names must be unique, or echarts merges two scenarios into one entry. */
function uniqueNames(details: readonly RoiScenarioDetail[]): string[] {
  return details.map((d) => {
    const twins = details.filter((o) => o.scenario.name === d.scenario.name).length;
    return twins > 1 ? `${d.scenario.name} (#${d.scenario.id})` : d.scenario.name;
  });
}

/**
 * Side-by-side comparison of an initiative's scenarios: their figures with the difference against the
 * first one (coloured by which way is better), their cumulative cash flows overlaid, and the drivers and
 * lines that differ between them.
 */
export function ScenarioCompare({
  initiativeId,
  scenarioIds,
  onClose,
}: {
  initiativeId: number;
  scenarioIds: number[];
  onClose: () => void;
}) {
  const { items, loading } = useScenarios(scenarioIds);
  const headingId = useId();

  const header = (
    <div className="cmp-header">
      <h3 id={headingId}>Compare scenarios</h3>
      <span className="spacer" />
      <button type="button" className="button" data-testid="compare-close" onClick={onClose}>
        Close comparison
      </button>
    </div>
  );

  let body;
  if (scenarioIds.length === 0) {
    body = <p className="muted">Choose two or more scenarios to compare.</p>;
  } else if (!items) {
    body = (
      <p className="muted" role="status" data-testid="compare-loading">
        Loading scenarios…
      </p>
    );
  } else {
    body = <Comparison items={items} initiativeId={initiativeId} refreshing={loading} />;
  }

  return (
    <section className="cmp" aria-labelledby={headingId} data-testid="scenario-compare" data-initiative={initiativeId}>
      {header}
      {body}
    </section>
  );
}

function Comparison({
  items,
  initiativeId,
  refreshing,
}: {
  items: Loaded[];
  initiativeId: number;
  refreshing: boolean;
}) {
  // Another initiative's scenario does not belong in this comparison (a stale selection).
  const ok = items.filter(
    (i): i is Extract<Loaded, { status: 'ok' }> => i.status === 'ok' && i.detail.scenario.initiativeId === initiativeId,
  );
  const details = ok.map((i) => i.detail);
  const names = uniqueNames(details);
  const figures = details.map(figuresOf);
  const missing = items.filter((i) => i.status === 'missing');
  const failed = items.filter((i): i is Extract<Loaded, { status: 'error' }> => i.status === 'error');
  const drivers = driverDifferences(details.map((d) => d.model));
  const lines = lineDifferences(details.map((d) => (d.evaluation.ok ? d.evaluation.unadjusted.lines : [])));
  const series = details.flatMap((d, i): CashFlowSeries[] =>
    d.evaluation.ok
      ? [
          {
            name: names[i]!,
            periodicity: d.evaluation.periodicity,
            cumulativeNet: d.evaluation.unadjusted.cumulativeNet,
          },
        ]
      : [],
  );
  const invalidCount = details.length - series.length;
  const ids = useId();

  return (
    <div className={`cmp-body${refreshing ? ' refreshing' : ''}`}>
      {missing.length > 0 && (
        <p className="form-error" role="status" data-testid="compare-missing">
          {missing.length === 1 ? 'One scenario' : `${missing.length} scenarios`} no longer{' '}
          {missing.length === 1 ? 'exists' : 'exist'} (deleted meanwhile) and {missing.length === 1 ? 'is' : 'are'} left
          out.
        </p>
      )}
      {failed.map((f) => (
        <p key={f.id} className="form-error" role="alert">
          Scenario #{f.id} could not be read: {f.message}
        </p>
      ))}
      {details.length === 0 ? (
        <p className="muted" data-testid="compare-empty">
          None of the chosen scenarios is available any more.
        </p>
      ) : (
        <>
          {details.length === 1 && (
            <p className="muted">Only one scenario is left, so there is nothing to compare it with.</p>
          )}
          <div className="plain-table-scroll">
            <table className="plain-table cmp-table" data-testid="compare-table">
              <caption className="visually-hidden">
                Figures of each scenario; differences are against {names[0]}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Figure</th>
                  {details.map((d, i) => (
                    <th key={d.scenario.id} scope="col" className="num" data-testid="compare-column">
                      <span className="cmp-name">{names[i]}</span>{' '}
                      <Chip tone={i === 0 ? 'accent' : 'neutral'}>{SCENARIO_KINDS.label(d.scenario.kind)}</Chip>
                      {i === 0 && details.length > 1 && <span className="cmp-ref muted">reference</span>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {FIGURE_ROWS.map((row) => (
                  <tr key={row.key} data-testid={`compare-row-${row.key}`}>
                    <th scope="row">{row.label}</th>
                    {figures.map((f, i) => {
                      const d = i === 0 ? null : difference(row, figures[0]![row.key], f[row.key]);
                      return (
                        <td key={details[i]!.scenario.id} className="num">
                          <span className="cmp-value">{row.format(f[row.key])}</span>
                          {d && (
                            <span className={`cmp-diff ${d.tone}`} data-testid="compare-diff" data-tone={d.tone}>
                              {d.text}
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {invalidCount > 0 && (
            <p className="muted small-text">
              {invalidCount === 1 ? 'One scenario has' : `${invalidCount} scenarios have`} model errors: their figures
              are the last saved ones, and they have no cash-flow line or line totals below.
            </p>
          )}
          {series.length > 0 && <CashFlowChart series={series} />}
          {details.length > 1 && (
            <div className="cmp-lists">
              <section aria-labelledby={`${ids}-drivers`} data-testid="compare-drivers">
                <h4 id={`${ids}-drivers`}>Drivers that differ</h4>
                {drivers.length === 0 ? (
                  <p className="muted">Every driver has the same likely value in each scenario.</p>
                ) : (
                  <table className="plain-table">
                    <thead>
                      <tr>
                        <th scope="col">Driver (likely)</th>
                        {names.map((n, i) => (
                          <th key={details[i]!.scenario.id} scope="col" className="num">
                            {n}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {drivers.map((d) => (
                        <tr key={d.key} data-testid="compare-driver">
                          <th scope="row">
                            {d.label}
                            {d.seriesDiffers && <span className="muted small-text"> (yearly base differs)</span>}
                          </th>
                          {d.likely.map((v, i) => (
                            <td key={details[i]!.scenario.id} className={`num${v === null ? ' muted' : ''}`}>
                              {driverValue(d, v)}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
              <section aria-labelledby={`${ids}-lines`} data-testid="compare-lines">
                <h4 id={`${ids}-lines`}>Lines that differ</h4>
                {lines.length === 0 ? (
                  <p className="muted">The same lines with the same totals in each scenario.</p>
                ) : (
                  <table className="plain-table">
                    <thead>
                      <tr>
                        <th scope="col">Line (total over the horizon)</th>
                        {names.map((n, i) => (
                          <th key={details[i]!.scenario.id} scope="col" className="num">
                            {n}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {lines.map((l) => (
                        <tr key={`${l.side}:${l.id}`} data-testid="compare-line" data-why={l.why}>
                          <th scope="row">
                            {l.name} <Chip tone={l.side === 'cost' ? 'neutral' : 'ok'}>{l.side}</Chip>
                            {l.why === 'only-some' && <span className="muted small-text"> not in every scenario</span>}
                          </th>
                          {l.totals.map((t, i) => (
                            <td key={details[i]!.scenario.id} className={`num${t === null ? ' muted' : ''}`}>
                              {t === null ? 'absent' : money(t)}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </section>
            </div>
          )}
        </>
      )}
    </div>
  );
}

function CashFlowChart({ series }: { series: CashFlowSeries[] }) {
  const palette = useChartPalette();
  const key = JSON.stringify(series);
  // The series are rebuilt on every render; the chart only needs a new option when they change.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const option = useMemo(() => cashFlowOption(series, palette), [key, palette]);
  const { ref } = useEChart(option);
  return (
    <figure className="cmp-chart-box" data-testid="compare-chart">
      <figcaption>Cumulative net cash flow (unadjusted)</figcaption>
      <div
        ref={ref}
        className="cmp-chart"
        role="img"
        aria-label={`Cumulative net cash flow of ${series.length} scenarios: ${series
          .map((s) => `${s.name} ends at ${money(s.cumulativeNet.at(-1))}`)
          .join('; ')}`}
      />
    </figure>
  );
}
