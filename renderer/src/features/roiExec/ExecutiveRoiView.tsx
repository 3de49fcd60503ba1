import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { EChartsType } from 'echarts/core';
import { PHASES, type PhaseId } from '../../../../shared/domain/phases';
import type { RoiGroupTotals, RoiPoint, RoiPortfolio } from '../../../../shared/domain/roiPortfolio';
import { errorMessage } from '../../api/client';
import { setAppState } from '../../app/appState';
import { useChartPalette, type ChartPalette } from '../../components/charts/useEChart';
import { plural } from '../../components/format';
import { useUi } from '../../store/ui';
import { InitiativeDetailPanel } from '../initiative/InitiativeDetail';
import { formatMoney, formatPercent } from '../roi/roiFormat';
import { money } from './money';
import { useRadar, useRadarLive } from '../watchlist/radar';
import {
  filterPoints,
  GROUP_BY,
  groupLabel,
  groupTotals,
  NO_BUSINESS_UNIT,
  NO_FILTER,
  byNpvDesc,
  npvWaterfall,
  phaseLabel,
  ratio,
  topAndBottom,
  totalsOf,
  type GroupBy,
  type RoiFilter,
} from './aggregate';
import { ChartCard } from './ChartCard';
import { BUBBLE_SUBTITLE, bubbleOption, bubbleSlots, groupOption, waterfallOption, type BubbleDatum } from './charts';
import { InitiativeList } from './InitiativeList';
import { useRoiPortfolio } from './useRoiPortfolio';
import './roiExec.css';

const TOP_N = 10;
const WATERFALL_N = 10;

/**
 * The executive ROI view (issue 4): portfolio totals by phase, business unit and type, value vs risk,
 * the NPV bridge and the best and worst initiatives, over the live initiatives that have an ROI model.
 * The core sends one point per initiative; filters and every figure derived from them are computed here.
 */
export function ExecutiveRoiView() {
  const { data, error } = useRoiPortfolio();
  const detailId = useUi((s) => s.detailId);
  const loaded = data !== undefined;
  useEffect(() => {
    if (loaded || error !== undefined) setAppState('ready');
  }, [loaded, error]);

  return (
    <div className={`rx-layout${detailId !== null ? ' with-detail' : ''}`}>
      <section className="rx-main" aria-labelledby="rx-heading" data-testid="roi-view">
        {data ? (
          <Dashboard data={data} />
        ) : (
          <>
            <div className="view-header">
              <h1 id="rx-heading">Executive ROI</h1>
            </div>
            {error !== undefined ? (
              <p role="alert" className="empty-state" data-testid="roi-error">
                Could not load the ROI figures: {errorMessage(error)}
              </p>
            ) : (
              <p className="empty-state muted" data-testid="roi-loading">
                Loading…
              </p>
            )}
          </>
        )}
      </section>
      {detailId !== null && <InitiativeDetailPanel id={detailId} key={detailId} />}
    </div>
  );
}

function Dashboard({ data }: { data: RoiPortfolio }) {
  const [filter, setFilter] = useState<RoiFilter>(NO_FILTER);
  const [groupBy, setGroupBy] = useState<GroupBy>('phase');
  const [riskAdjusted, setRiskAdjusted] = useState(false);
  const palette = useChartPalette();

  const businessUnits = useMemo(() => {
    const set = new Set<string>();
    for (const p of data.points) set.add(p.businessUnit);
    return [...set].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)));
  }, [data.points]);

  const points = useMemo(() => filterPoints(data.points, filter), [data.points, filter]);
  const totals = useMemo(() => totalsOf(points), [points]);
  const filtered = filter.phase !== null || filter.businessUnit !== null;

  if (data.withModel === 0) {
    return (
      <>
        <Header data={data} shown={0} filtered={false} />
        <div className="empty-state" data-testid="roi-empty">
          <h2>No ROI models yet</h2>
          <p>
            The executive view adds up the ROI models of the live initiatives, and none has one yet. Open an initiative,
            go to its <strong>ROI</strong> section and choose <strong>Start from template</strong>, then adjust the
            costs and benefits.
          </p>
          <button type="button" className="button" onClick={() => useUi.getState().setView('portfolio')}>
            Go to the portfolio
          </button>
        </div>
      </>
    );
  }

  return (
    <>
      <Header data={data} shown={points.length} filtered={filtered} />
      <div className="filter-bar rx-filters" role="group" aria-label="Filters">
        <label className="rx-filter">
          <span className="muted">Phase</span>
          <select
            className={`select${filter.phase !== null ? ' has-value' : ''}`}
            value={filter.phase ?? ''}
            onChange={(e) =>
              setFilter((f) => ({ ...f, phase: e.target.value === '' ? null : (e.target.value as PhaseId) }))
            }
            data-testid="rx-filter-phase"
          >
            <option value="">All phases</option>
            {PHASES.map((p) => (
              <option key={p.id} value={p.id}>
                {phaseLabel(p.id)}
              </option>
            ))}
          </select>
        </label>
        <label className="rx-filter">
          <span className="muted">Business unit</span>
          <select
            className={`select${filter.businessUnit !== null ? ' has-value' : ''}`}
            value={filter.businessUnit === null ? 'all' : `bu:${filter.businessUnit}`}
            onChange={(e) =>
              setFilter((f) => ({
                ...f,
                businessUnit: e.target.value.startsWith('bu:') ? e.target.value.slice(3) : null,
              }))
            }
            data-testid="rx-filter-bu"
          >
            <option value="all">All business units</option>
            {businessUnits.map((bu) => (
              <option key={bu} value={`bu:${bu}`}>
                {bu || NO_BUSINESS_UNIT}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="link-button" onClick={() => setFilter(NO_FILTER)} data-testid="rx-clear">
            Clear filters
          </button>
        )}
        <div className="spacer" />
        <span className="muted" aria-hidden="true">
          Charts show
        </span>
        <div className="rx-segmented" role="group" aria-label="NPV shown in the charts">
          <button
            type="button"
            className={!riskAdjusted ? 'on' : ''}
            aria-pressed={!riskAdjusted}
            onClick={() => setRiskAdjusted(false)}
            data-testid="rx-npv-plain"
          >
            NPV
          </button>
          <button
            type="button"
            className={riskAdjusted ? 'on' : ''}
            aria-pressed={riskAdjusted}
            onClick={() => setRiskAdjusted(true)}
            data-testid="rx-npv-adjusted"
          >
            Risk-adjusted NPV
          </button>
        </div>
      </div>
      {points.length === 0 ? (
        <div className="empty-state" data-testid="roi-filtered-empty">
          <h2>Nothing matches</h2>
          <p>No initiative with an ROI model is in this phase and business unit.</p>
          <button type="button" className="button" onClick={() => setFilter(NO_FILTER)}>
            Clear filters
          </button>
        </div>
      ) : (
        <div className="rx-scroll">
          <Cards totals={totals} />
          <GroupSection points={points} groupBy={groupBy} setGroupBy={setGroupBy} totals={totals} palette={palette} />
          <div className="rx-pair">
            <BubbleCard points={points} riskAdjusted={riskAdjusted} palette={palette} />
            <WaterfallCard points={points} riskAdjusted={riskAdjusted} palette={palette} />
          </div>
          <TopBottom points={points} />
        </div>
      )}
    </>
  );
}

function Header({ data, shown, filtered }: { data: RoiPortfolio; shown: number; filtered: boolean }) {
  return (
    <div className="view-header">
      <h1 id="rx-heading">Executive ROI</h1>
      <span className="row-count" aria-live="polite" data-testid="rx-count">
        {filtered
          ? `${plural(shown, 'initiative')} match the filters · ${data.withModel.toLocaleString('en')} of ${data.liveInitiatives.toLocaleString('en')} live initiatives have an ROI model`
          : `${data.withModel.toLocaleString('en')} of ${plural(data.liveInitiatives, 'live initiative')} have an ROI model`}
      </span>
    </div>
  );
}

interface CardDef {
  id: string;
  label: string;
  value: string;
  exact: string;
  note?: string;
  tone?: 'good' | 'bad';
}

function Cards({ totals }: { totals: RoiGroupTotals }) {
  const roi = ratio(totals.npv, totals.pvCosts);
  const realisedShare = ratio(totals.realisedValue, totals.pvBenefits);
  const sign = (x: number): CardDef['tone'] => (x > 0 ? 'good' : x < 0 ? 'bad' : undefined);
  const cards: CardDef[] = [
    {
      id: 'count',
      label: 'Initiatives',
      value: totals.count.toLocaleString('en'),
      exact: `${plural(totals.count, 'initiative')} with an ROI model`,
      note: 'with an ROI model',
    },
    {
      id: 'investment',
      label: 'Investment',
      value: money(totals.pvCosts),
      exact: formatMoney(totals.pvCosts),
      note: 'present value of costs',
    },
    {
      id: 'projected',
      label: 'Projected value',
      value: money(totals.pvBenefits),
      exact: formatMoney(totals.pvBenefits),
      note: 'present value of benefits',
    },
    {
      id: 'npv',
      label: 'NPV',
      value: money(totals.npv),
      exact: formatMoney(totals.npv),
      tone: sign(totals.npv),
    },
    {
      id: 'npv-adjusted',
      label: 'Risk-adj. NPV',
      value: money(totals.npvRiskAdjusted),
      exact: formatMoney(totals.npvRiskAdjusted),
      tone: sign(totals.npvRiskAdjusted),
    },
    {
      id: 'roi',
      label: 'Portfolio ROI',
      value: formatPercent(roi, 0),
      exact: formatPercent(roi, 1),
      note: 'NPV ÷ investment',
      tone: roi === null ? undefined : sign(roi),
    },
    {
      id: 'realised',
      label: 'Realised value',
      value: money(totals.realisedValue),
      exact: formatMoney(totals.realisedValue),
      note: `${formatPercent(realisedShare, 0)} of projected, to date`,
    },
    {
      id: 'actual-cost',
      label: 'Actual cost',
      value: money(totals.actualCost),
      exact: formatMoney(totals.actualCost),
      note: 'entered to date',
    },
  ];
  return (
    <dl className="rx-cards" aria-label="Portfolio totals" data-testid="rx-cards">
      {cards.map((c) => (
        <div key={c.id} className="rx-card rx-stat" data-testid={`rx-card-${c.id}`} data-exact={c.exact}>
          <dt>{c.label}</dt>
          <dd className={`rx-stat-value${c.tone ? ` rx-${c.tone}` : ''}`} title={c.exact}>
            {c.value}
          </dd>
          {c.note && <dd className="rx-stat-note">{c.note}</dd>}
        </div>
      ))}
    </dl>
  );
}

function GroupSection({
  points,
  groupBy,
  setGroupBy,
  totals,
  palette,
}: {
  points: readonly RoiPoint[];
  groupBy: GroupBy;
  setGroupBy: (g: GroupBy) => void;
  totals: RoiGroupTotals;
  palette: ChartPalette;
}) {
  const groups = useMemo(() => groupTotals(points, groupBy), [points, groupBy]);
  const option = useMemo(() => groupOption(groups, groupBy, palette), [groups, groupBy, palette]);
  const byLabel = GROUP_BY.find((g) => g.id === groupBy)?.label ?? '';
  const summary = `Investment, projected value, NPV, risk-adjusted NPV and realised value by ${byLabel.toLowerCase()}. ${groups
    .map((g) => `${groupLabel(groupBy, g.key)}: NPV ${money(g.npv)}`)
    .join('; ')}`;
  return (
    <div className="rx-group">
      <div className="rx-group-head">
        <h2 className="rx-section-title">Totals by</h2>
        <div className="rx-segmented" role="group" aria-label="Group totals by">
          {GROUP_BY.map((g) => (
            <button
              key={g.id}
              type="button"
              className={groupBy === g.id ? 'on' : ''}
              aria-pressed={groupBy === g.id}
              onClick={() => setGroupBy(g.id)}
              data-testid={`rx-group-${g.id}`}
            >
              {g.label}
            </button>
          ))}
        </div>
      </div>
      <div className="rx-group-body">
        <ChartCard
          title={`Totals by ${byLabel.toLowerCase()}`}
          fileName={`ROI totals by ${byLabel.toLowerCase()}`}
          option={option}
          summary={summary}
          background={palette.surface}
          className="rx-chart rx-chart-group"
          testId="rx-group-chart"
        />
        {/* Focusable: on a narrow window the table scrolls sideways, and the keyboard must be able to scroll it. */}
        <div
          className="rx-card rx-table-card"
          tabIndex={0}
          role="region"
          aria-label={`Totals by ${byLabel.toLowerCase()}, table`}
        >
          <table className="plain-table rx-table" data-testid="rx-group-table">
            <caption className="visually-hidden">Totals by {byLabel.toLowerCase()}</caption>
            <thead>
              <tr>
                <th scope="col">{byLabel}</th>
                <th scope="col" className="num">
                  Initiatives
                </th>
                <th scope="col" className="num">
                  Investment
                </th>
                <th scope="col" className="num">
                  Projected
                </th>
                <th scope="col" className="num">
                  NPV
                </th>
                <th scope="col" className="num">
                  Risk-adj. NPV
                </th>
                <th scope="col" className="num">
                  ROI
                </th>
                <th scope="col" className="num">
                  Realised
                </th>
                <th scope="col" className="num">
                  Actual cost
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <GroupRow key={g.key} label={groupLabel(groupBy, g.key)} g={g} testId="rx-group-row" />
              ))}
            </tbody>
            <tfoot>
              <GroupRow label="Total" g={totals} testId="rx-group-total" header />
            </tfoot>
          </table>
        </div>
      </div>
    </div>
  );
}

function GroupRow({
  label,
  g,
  testId,
  header,
}: {
  label: string;
  g: RoiGroupTotals;
  testId: string;
  header?: boolean;
}) {
  const cell = (x: number) => <span title={formatMoney(x)}>{money(x)}</span>;
  return (
    <tr data-testid={testId} data-key={g.key} className={header ? 'rx-total-row' : undefined}>
      <th scope="row">{label}</th>
      <td className="num">{g.count.toLocaleString('en')}</td>
      <td className="num">{cell(g.pvCosts)}</td>
      <td className="num">{cell(g.pvBenefits)}</td>
      <td className={`num${g.npv < 0 ? ' rx-bad' : ''}`} data-testid={`${testId}-npv`} data-value={g.npv}>
        {cell(g.npv)}
      </td>
      <td className={`num${g.npvRiskAdjusted < 0 ? ' rx-bad' : ''}`}>{cell(g.npvRiskAdjusted)}</td>
      <td className="num">{formatPercent(ratio(g.npv, g.pvCosts), 0)}</td>
      <td className="num">{cell(g.realisedValue)}</td>
      <td className="num">{cell(g.actualCost)}</td>
    </tr>
  );
}

function pointOf(params: unknown, byId: ReadonlyMap<number, RoiPoint>): RoiPoint | undefined {
  const p = params as { seriesType?: string; value?: unknown };
  if (p.seriesType !== 'scatter' || !Array.isArray(p.value)) return undefined;
  return byId.get((p.value as BubbleDatum)[3]);
}

function openInitiative(id: number): void {
  useUi.getState().openDetail(id);
}

function BubbleCard({
  points,
  riskAdjusted,
  palette,
}: {
  points: readonly RoiPoint[];
  riskAdjusted: boolean;
  palette: ChartPalette;
}) {
  // The watchlist's purgatory scores come from the radar report the portfolio table already keeps live
  // (signals/list); the bubbles start on their tier band and move right when the report arrives.
  useRadarLive();
  const radarScores = useRadar((s) => s.scores);
  const radarLoaded = useRadar((s) => s.report !== undefined);
  const scores = useMemo(() => {
    if (!radarLoaded) return undefined;
    const m = new Map<number, number>();
    for (const [id, s] of radarScores) m.set(id, s.score);
    return m;
  }, [radarScores, radarLoaded]);
  const byId = useMemo(() => new Map(points.map((p) => [p.initiativeId, p])), [points]);
  const option = useMemo(
    () => bubbleOption({ points, scores, riskAdjusted }, byId, palette),
    [points, scores, riskAdjusted, byId, palette],
  );
  const [hovered, setHovered] = useState<RoiPoint | null>(null);
  const events = useMemo(
    () => ({
      mouseover: (params: unknown) => setHovered(pointOf(params, byId) ?? null),
      mouseout: () => setHovered(null),
      globalout: () => setHovered(null),
      click: (params: unknown) => {
        const p = pointOf(params, byId);
        if (p) openInitiative(p.initiativeId);
      },
    }),
    [byId],
  );
  const npvOf = (p: RoiPoint) => (riskAdjusted ? p.npvRiskAdjusted : p.npv);

  // Keyboard: arrows step through the bubbles from the highest NPV down, Enter opens the one shown.
  const order = useMemo(() => [...points].sort(byNpvDesc), [points]);
  const slots = useMemo(() => bubbleSlots(points), [points]);
  const [cursor, setCursor] = useState(-1);
  const detailId = useUi((s) => s.detailId);
  const onChartKey = (e: KeyboardEvent<HTMLDivElement>, chart: EChartsType) => {
    if (order.length === 0) return;
    let next: number;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = Math.min(cursor + 1, order.length - 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = Math.max(cursor - 1, 0);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = order.length - 1;
    else if (e.key === 'Escape') {
      chart.dispatchAction({ type: 'hideTip' });
      setHovered(null);
      setCursor(-1);
      return;
    } else if ((e.key === 'Enter' || e.key === ' ') && cursor >= 0) {
      e.preventDefault();
      const p = order[cursor];
      if (p) openInitiative(p.initiativeId);
      return;
    } else return;
    e.preventDefault();
    const p = order[next];
    const slot = p ? slots.get(p.initiativeId) : undefined;
    if (!p || !slot) return;
    setCursor(next);
    setHovered(p);
    chart.dispatchAction({ type: 'showTip', ...slot });
  };

  return (
    <ChartCard
      title="Value vs risk"
      fileName={riskAdjusted ? 'ROI value vs risk (risk-adjusted)' : 'ROI value vs risk'}
      option={option}
      summary={`Bubble chart of ${plural(points.length, 'initiative')}: ${riskAdjusted ? 'risk-adjusted NPV' : 'NPV'} against risk. ${BUBBLE_SUBTITLE}. The tables below list the best and worst initiatives.`}
      background={palette.surface}
      className="rx-chart rx-chart-tall"
      testId="rx-bubble"
      events={events}
      onChartKey={onChartKey}
      highlight={detailId !== null ? (slots.get(detailId) ?? null) : null}
      keyHint="Arrow keys step through the initiatives from the highest NPV down; Enter opens the one shown."
      footer={
        <p className="rx-hover" aria-live="polite" data-testid="rx-bubble-hover">
          {hovered ? (
            <>
              <strong>{hovered.name}</strong> · {phaseLabel(hovered.phase)} ·{' '}
              {riskAdjusted ? 'risk-adjusted NPV' : 'NPV'} {money(npvOf(hovered))} · investment {money(hovered.pvCosts)}
            </>
          ) : (
            <span className="muted">
              {scores
                ? 'Point at a bubble for its figures; click to open the initiative.'
                : 'Loading watchlist scores…'}
            </span>
          )}
        </p>
      }
    />
  );
}

function WaterfallCard({
  points,
  riskAdjusted,
  palette,
}: {
  points: readonly RoiPoint[];
  riskAdjusted: boolean;
  palette: ChartPalette;
}) {
  const steps = useMemo(
    () => npvWaterfall(points, WATERFALL_N, riskAdjusted ? (p) => p.npvRiskAdjusted : (p) => p.npv),
    [points, riskAdjusted],
  );
  const option = useMemo(() => waterfallOption(steps, riskAdjusted, palette), [steps, riskAdjusted, palette]);
  const events = useMemo(
    () => ({
      click: (params: unknown) => {
        const i = (params as { dataIndex?: number }).dataIndex;
        const id = i === undefined ? null : (steps[i]?.initiativeId ?? null);
        if (id !== null) openInitiative(id);
      },
    }),
    [steps],
  );
  const total = steps.at(-1);
  return (
    <ChartCard
      title="NPV waterfall"
      fileName={riskAdjusted ? 'ROI NPV waterfall (risk-adjusted)' : 'ROI NPV waterfall'}
      option={option}
      summary={`NPV waterfall: ${steps.map((s) => `${s.label} ${money(s.value)}`).join('; ')}`}
      background={palette.surface}
      className="rx-chart rx-chart-tall"
      testId="rx-waterfall"
      events={events}
      footer={
        <p className="rx-hover muted">
          Ends at the portfolio total, {total ? money(total.value) : '—'}. Click a bar to open its initiative.
        </p>
      }
    />
  );
}

function TopBottom({ points }: { points: readonly RoiPoint[] }) {
  const { top, bottom } = useMemo(() => topAndBottom(points, TOP_N), [points]);
  return (
    <div className="rx-pair rx-pair-tables">
      <InitiativeList title={`Top ${top.length} by NPV`} rows={top} testId="rx-top" onOpen={openInitiative} />
      <InitiativeList
        title={bottom.length > 0 ? `Bottom ${bottom.length} by NPV` : 'Bottom by NPV'}
        rows={bottom}
        testId="rx-bottom"
        onOpen={openInitiative}
        empty="Every initiative is in the top list."
      />
    </div>
  );
}
