import { useId, useMemo, useState } from 'react';
// Only what this chart draws, so the bundle carries a bar chart, not all of echarts.
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { use as registerEcharts, type ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { DEFAULT_FLOW_DAYS, type PhaseFlow } from '../../../../shared/domain/flow';
import { phaseInfo } from '../../../../shared/domain/phases';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { useChartPalette, useEChart, type ChartPalette } from '../../components/charts/useEChart';

registerEcharts([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

type Option = ComposeOption<BarSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

const WINDOWS = [30, 90, 180, 365] as const;
const COLLAPSED_KEY = 'flightdeck.board.funnelCollapsed';
const FLOW_TABLES = ['initiatives', 'phase_transitions'];

const countLabel = (p: { value?: unknown }) => Number(p.value).toLocaleString('en');
const label = (f: PhaseFlow) => `${phaseInfo(f.phase).n}. ${phaseInfo(f.phase).short}`;

export function funnelOption(flow: readonly PhaseFlow[], days: number, p: ChartPalette): Option {
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 28, bottom: 4, containLabel: true },
    legend: { top: 0, left: 0, textStyle: { color: p.text }, itemWidth: 14, itemHeight: 10 },
    // Drawn on the canvas (richText): HTML tooltips carry inline styles the CSP refuses.
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      renderMode: 'richText',
      backgroundColor: p.surface,
      borderColor: p.border,
      textStyle: { color: p.text },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: flow.map(label),
      axisLabel: { color: p.text },
      axisLine: { lineStyle: { color: p.border } },
      axisTick: { show: false },
    },
    xAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: p.muted },
      splitLine: { lineStyle: { color: p.border } },
    },
    series: [
      {
        type: 'bar',
        name: 'In phase now',
        data: flow.map((f) => f.current),
        itemStyle: { color: p.accent },
        barGap: '10%',
        label: { show: true, position: 'right', color: p.text, formatter: countLabel },
      },
      {
        type: 'bar',
        name: `Entered in the last ${days} days`,
        data: flow.map((f) => f.enteredInWindow),
        itemStyle: { color: p.ok },
        label: { show: true, position: 'right', color: p.text, formatter: countLabel },
      },
    ],
  };
}

/** The portfolio funnel: how many initiatives sit in each phase now and how many entered it lately. */
export function FunnelPanel() {
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSED_KEY) === '1');
  const [days, setDays] = useState<number>(DEFAULT_FLOW_DAYS);
  const bodyId = useId();
  const flow = useQuery('portfolio/flow', { days }, FLOW_TABLES, !collapsed);

  const toggle = () => {
    const next = !collapsed;
    setCollapsed(next);
    localStorage.setItem(COLLAPSED_KEY, next ? '1' : '0');
  };

  return (
    <section className="funnel-panel" aria-label="Phase funnel" data-testid="funnel-panel">
      <div className="funnel-header">
        <button
          type="button"
          className="funnel-toggle"
          aria-expanded={!collapsed}
          aria-controls={bodyId}
          onClick={toggle}
          data-testid="funnel-toggle"
        >
          <span aria-hidden="true">{collapsed ? '▸' : '▾'}</span> Phase funnel
        </button>
        {!collapsed && (
          <label className="funnel-window">
            <span className="muted">Entered in the last</span>
            <select
              className="select"
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
              data-testid="funnel-days"
              aria-label="Window in days"
            >
              {WINDOWS.map((d) => (
                <option key={d} value={d}>
                  {d} days
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {!collapsed && (
        <div className="funnel-body" id={bodyId}>
          {flow.data ? (
            <>
              <FunnelChart flow={flow.data} days={days} />
              <FunnelTable flow={flow.data} days={days} />
            </>
          ) : (
            <p className="muted">{flow.error !== undefined ? errorMessage(flow.error) : 'Loading…'}</p>
          )}
        </div>
      )}
    </section>
  );
}

function FunnelChart({ flow, days }: { flow: PhaseFlow[]; days: number }) {
  const palette = useChartPalette();
  const option = useMemo(() => funnelOption(flow, days, palette), [flow, days, palette]);
  const { ref } = useEChart(option);

  const summary = flow.map((f) => `${label(f)}: ${f.current} now, ${f.enteredInWindow} entered`).join('; ');
  return (
    <div
      ref={ref}
      className="funnel-chart"
      role="img"
      aria-label={`Initiatives per phase now and entered in the last ${days} days. ${summary}`}
      data-testid="funnel-chart"
    />
  );
}

/** The same figures as a table, for screen readers and for reading exact numbers. */
function FunnelTable({ flow, days }: { flow: PhaseFlow[]; days: number }) {
  return (
    <table className="funnel-table" data-testid="funnel-table">
      <caption className="visually-hidden">Initiatives per phase, last {days} days</caption>
      <thead>
        <tr>
          <th scope="col">Phase</th>
          <th scope="col" className="num">
            Now
          </th>
          <th scope="col" className="num">
            Entered
          </th>
          <th scope="col" className="num">
            Left
          </th>
        </tr>
      </thead>
      <tbody>
        {flow.map((f) => (
          <tr key={f.phase} data-phase={f.phase} data-testid="funnel-row">
            <th scope="row">{label(f)}</th>
            <td className="num" data-testid="funnel-current">
              {f.current.toLocaleString('en')}
            </td>
            <td className="num" data-testid="funnel-entered">
              {f.enteredInWindow.toLocaleString('en')}
            </td>
            <td className="num">{f.leftInWindow.toLocaleString('en')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
