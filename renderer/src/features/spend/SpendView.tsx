import { useEffect, useMemo, useState } from 'react';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { setAppState } from '../../app/appState';
import { Chip } from '../../components/Chip';
import { useChartPalette } from '../../components/charts/useEChart';
import { plural } from '../../components/format';
import { useUi } from '../../store/ui';
import { InitiativeDetailPanel } from '../initiative/InitiativeDetail';
import { MONITORING_TABLES } from '../monitoring/MonitoringSection';
import { formatMetric, formatSource } from '../monitoring/metricFormat';
import { ChartCard } from '../roiExec/ChartCard';
import { spendOption } from './spendChart';
import { fromFirstSpend, topAndOther } from './spendModel';
import { ExportCsvButton } from '../exports/csvExport';
import { spendCsv } from '../exports/spendCsv';
import '../roiExec/roiExec.css';
import './spend.css';

type GroupBy = 'initiative' | 'team' | 'model';
const GROUPS: { id: GroupBy; label: string }[] = [
  { id: 'initiative', label: 'Initiative' },
  { id: 'team', label: 'Team' },
  { id: 'model', label: 'Model' },
];
const RANGES = [30, 90, 365] as const;
const dayFormat = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
const dayText = (d: string) => dayFormat.format(new Date(`${d}T00:00:00Z`));

/** Portfolio spend (issue 6): daily spend stacked by initiative, team or model, with totals and sources. */
export function SpendView() {
  const [groupBy, setGroupBy] = useState<GroupBy>('initiative');
  const [days, setDays] = useState<(typeof RANGES)[number]>(90);
  const spend = useQuery('metrics/spend', { groupBy, days }, MONITORING_TABLES);
  const palette = useChartPalette();
  const detailId = useUi((s) => s.detailId);
  const data = spend.data;
  const loaded = data !== undefined;
  useEffect(() => {
    if (loaded || spend.error !== undefined) setAppState('ready');
  }, [loaded, spend.error]);

  const shown = useMemo(() => (data ? fromFirstSpend(data.days, data.groups) : null), [data]);
  const stacked = useMemo(() => (shown ? topAndOther(shown.groups, shown.days.length) : []), [shown]);
  const groupLabel = GROUPS.find((g) => g.id === groupBy)?.label.toLowerCase() ?? groupBy;
  const option = useMemo(
    () =>
      data && shown
        ? spendOption(
            shown.days,
            stacked,
            [
              `Last ${days} days by ${groupLabel}`,
              `${formatMetric(data.total, 'usd')} in total`,
              ...(shown.trimmed > 0 && shown.days[0] ? [`history starts ${dayText(shown.days[0])}`] : []),
              ...(data.sampleData ? ['sample data'] : []),
            ].join(' · '),
            palette,
          )
        : null,
    [data, shown, stacked, days, groupLabel, palette],
  );
  const sorted = useMemo(() => (data ? [...data.groups].sort((a, b) => b.total - a.total) : []), [data]);

  return (
    <div className={`spend-layout${detailId !== null ? ' with-detail' : ''}`}>
      <section className="spend-view" aria-labelledby="spend-heading" data-testid="spend-view">
        <div className="view-header">
          <h1 id="spend-heading">Spend</h1>
          {data?.sampleData && (
            <span data-testid="spend-sample">
              <Chip tone="accent" title="Demo history stored with the portfolio, not from a live connection">
                Sample data
              </Chip>
            </span>
          )}
          <div className="spacer" />
          <div className="rx-segmented" role="group" aria-label="Group by">
            {GROUPS.map((g) => (
              <button
                key={g.id}
                type="button"
                className={groupBy === g.id ? 'on' : undefined}
                aria-pressed={groupBy === g.id}
                onClick={() => setGroupBy(g.id)}
                data-testid={`spend-by-${g.id}`}
              >
                {g.label}
              </button>
            ))}
          </div>
          <div className="rx-segmented" role="group" aria-label="Period">
            {RANGES.map((r) => (
              <button
                key={r}
                type="button"
                className={days === r ? 'on' : undefined}
                aria-pressed={days === r}
                onClick={() => setDays(r)}
                data-testid={`spend-days-${r}`}
              >
                {r} days
              </button>
            ))}
          </div>
          <ExportCsvButton
            view="spend"
            source={
              data
                ? () => spendCsv(GROUPS.find((g) => g.id === groupBy)?.label ?? groupBy, days, sorted, data.total)
                : undefined
            }
          />
        </div>
        <div className="spend-scroll">
          {spend.error !== undefined && !data && (
            <p role="alert" className="empty-state">
              Could not load spend: {errorMessage(spend.error)}
            </p>
          )}
          {!data && spend.error === undefined && <p className="empty-state muted">Loading…</p>}
          {data && data.groups.length === 0 && (
            <div className="empty-state" data-testid="spend-empty">
              <h2>No spend recorded</h2>
              <p>
                Spend comes from connections to AI gateways (LiteLLM, OpenRouter) and from token counters bound to
                initiatives. Add a connection and bind initiatives to it to see what each costs.
              </p>
              <button type="button" className="button" onClick={() => useUi.getState().setView('connections')}>
                Go to Connections
              </button>
            </div>
          )}
          {data && option && data.groups.length > 0 && (
            <>
              <ChartCard
                title="Spend per day"
                fileName={`spend-by-${groupBy}-${days}d`}
                option={option}
                summary={`Daily spend over the last ${days} days, stacked by ${groupLabel}: ${plural(data.groups.length, groupLabel)}, ${formatMetric(data.total, 'usd')} in total.`}
                background={palette.surface}
                className="spend-chart"
                testId="spend-chart"
              />
              <section className="rx-card spend-table-card" aria-labelledby="spend-table-heading">
                <h2 id="spend-table-heading" className="rx-card-title">
                  By {groupLabel}
                </h2>
                <table className="plain-table spend-table" data-testid="spend-table">
                  <thead>
                    <tr>
                      <th scope="col">{GROUPS.find((g) => g.id === groupBy)?.label}</th>
                      <th scope="col" className="num">
                        Spend
                      </th>
                      <th scope="col" className="num">
                        Share
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {sorted.map((g) => (
                      <tr key={g.key} data-testid="spend-group">
                        <td>
                          {g.initiativeId !== null ? (
                            <button
                              type="button"
                              className="link-button"
                              onClick={() => useUi.getState().openDetail(g.initiativeId)}
                            >
                              {g.label}
                            </button>
                          ) : (
                            g.label
                          )}
                        </td>
                        <td className="num">{formatMetric(g.total, 'usd')}</td>
                        <td className="num">
                          {data.total > 0 ? `${((g.total / data.total) * 100).toFixed(1)} %` : '—'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">Total</th>
                      <td className="num strong" data-testid="spend-total">
                        {formatMetric(data.total, 'usd')}
                      </td>
                      <td />
                    </tr>
                  </tfoot>
                </table>
                <p className="muted small-text spend-sources">
                  Sources: {data.sources.length ? data.sources.map((s) => formatSource(s)).join(', ') : '—'}
                </p>
              </section>
            </>
          )}
        </div>
      </section>
      {detailId !== null && <InitiativeDetailPanel id={detailId} key={detailId} />}
    </div>
  );
}
