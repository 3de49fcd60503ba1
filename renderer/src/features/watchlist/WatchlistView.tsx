import { useEffect, useMemo } from 'react';
import type { OpenSignal } from '../../../../shared/domain/watchlist';
import { phaseInfo } from '../../../../shared/domain/phases';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { setAppState } from '../../app/appState';
import { Chip } from '../../components/Chip';
import { useUi } from '../../store/ui';

/** Every table a signal reads: a change to any of them can open or close a signal. */
const TABLES = ['initiatives', 'phase_transitions', 'people', 'audit_log'] as const;

/** Rendering thousands of rows would make the view slow to open; the worst ones are what matters. */
const MAX_ROWS = 200;

const TONE = { critical: 'danger', warning: 'warning', info: 'neutral' } as const;

/** The pilot-purgatory watchlist: initiatives with open signals, highest purgatory score first. */
export function WatchlistView() {
  const report = useQuery('signals/list', undefined, TABLES);
  const setView = useUi((s) => s.setView);
  const openDetail = useUi((s) => s.openDetail);

  const loaded = report.data !== undefined;
  useEffect(() => {
    if (loaded) setAppState('ready');
  }, [loaded]);

  const byInitiative = useMemo(() => {
    const m = new Map<number, OpenSignal[]>();
    for (const s of report.data?.signals ?? []) {
      const list = m.get(s.initiativeId);
      if (list) list.push(s);
      else m.set(s.initiativeId, [s]);
    }
    return m;
  }, [report.data]);

  const watchlist = report.data?.watchlist ?? [];
  const shown = watchlist.slice(0, MAX_ROWS);
  const open = (id: number) => {
    setView('portfolio');
    openDetail(id);
  };

  return (
    <section className="watchlist-view" aria-labelledby="watchlist-heading" data-testid="watchlist-view">
      <div className="view-header">
        <h1 id="watchlist-heading">Watchlist</h1>
        <span className="row-count">
          {loaded
            ? `${watchlist.length} initiative${watchlist.length === 1 ? '' : 's'} with open signals as of ${report.data?.asOf ?? ''}`
            : 'Loading…'}
        </span>
      </div>
      {report.error !== undefined && !loaded && (
        <p role="alert" className="empty-state">
          {errorMessage(report.error)}
        </p>
      )}
      {report.data?.portfolio.map((p) => (
        <p key={p.ruleId} className="watchlist-portfolio" data-testid="portfolio-signal">
          <Chip tone={TONE[p.severity]}>{p.severity}</Chip> {p.message}
        </p>
      ))}
      {loaded && watchlist.length === 0 ? (
        <div className="empty-state">
          <h2>No open signals</h2>
          <p>No initiative shows a sign of pilot purgatory.</p>
        </div>
      ) : (
        <div className="plain-table-scroll">
          <table className="plain-table" data-testid="watchlist-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Initiative</th>
                <th scope="col">Phase</th>
                <th scope="col">Signals</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((w) => (
                <tr key={w.initiativeId} data-testid="watchlist-row" data-initiative-id={w.initiativeId}>
                  <td className="num strong">{w.score}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => open(w.initiativeId)}
                      aria-label={`Open ${w.name}`}
                    >
                      {w.name}
                    </button>
                  </td>
                  <td>{phaseInfo(w.phase).short}</td>
                  <td>
                    <ul className="watchlist-signals">
                      {(byInitiative.get(w.initiativeId) ?? []).map((s) => (
                        <li key={s.ruleId}>
                          <Chip tone={TONE[s.severity]}>{s.severity}</Chip> {s.message}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {watchlist.length > shown.length && (
            <p className="row-count">
              Showing the {shown.length} highest of {watchlist.length}.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
