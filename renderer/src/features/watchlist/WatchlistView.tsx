import { startTransition, useEffect, useMemo, useState } from 'react';
import { phaseInfo } from '../../../../shared/domain/phases';
import {
  LISTED_STATES,
  SIGNAL_STATES,
  type OpenSignal,
  type SignalState,
  type WatchlistEntry,
} from '../../../../shared/domain/watchlist';
import { errorMessage } from '../../api/client';
import { setAppState } from '../../app/appState';
import { Chip } from '../../components/Chip';
import { formatDate } from '../../components/format';
import { useUi } from '../../store/ui';
import { useRadar, useRadarLive } from './radar';
import { SEVERITY_TONE, SignalActions, StateChip } from './SignalActions';
import { ThresholdsDialog } from './ThresholdsDialog';
import { ExportCsvButton } from '../exports/csvExport';
import { watchlistCsv } from '../exports/watchlistCsv';
import './watchlist.css';

/** Rendering thousands of rows would make the view slow to open; the worst ones are what matters. */
const MAX_ROWS = 200;
/** What fills the first screen: painted at once; the rest follows in a background (interruptible) render. */
const FIRST_ROWS = 24;

interface Group {
  initiativeId: number;
  name: string;
  entry: WatchlistEntry | undefined;
  signals: OpenSignal[];
}

/**
 * The pilot-purgatory watchlist: initiatives with signals, highest purgatory score first. By default it
 * lists what counts (open and acknowledged); the state filter shows snoozed and resolved signals too.
 */
export function WatchlistView() {
  useRadarLive();
  const report = useRadar((s) => s.report);
  const error = useRadar((s) => s.error);
  const setView = useUi((s) => s.setView);
  const openDetail = useUi((s) => s.openDetail);
  const [shownStates, setShownStates] = useState<ReadonlySet<SignalState>>(() => new Set(LISTED_STATES));
  const [thresholdsOpen, setThresholdsOpen] = useState(false);

  const loaded = report !== undefined;
  useEffect(() => {
    if (loaded) setAppState('ready');
  }, [loaded]);

  const { groups, counts } = useMemo(() => {
    const counts: Record<SignalState, number> = { open: 0, acknowledged: 0, snoozed: 0, resolved: 0 };
    const entries = new Map((report?.watchlist ?? []).map((w) => [w.initiativeId, w]));
    const byId = new Map<number, Group>();
    const groups: Group[] = [];
    // report.signals is already in watchlist order, grouped by initiative.
    for (const s of report?.signals ?? []) {
      counts[s.state]++;
      if (!shownStates.has(s.state)) continue;
      let g = byId.get(s.initiativeId);
      if (!g) {
        g = { initiativeId: s.initiativeId, name: s.initiativeName, entry: entries.get(s.initiativeId), signals: [] };
        byId.set(s.initiativeId, g);
        groups.push(g);
      }
      g.signals.push(s);
    }
    return { groups, counts };
  }, [report, shownStates]);

  const [limit, setLimit] = useState(FIRST_ROWS);
  useEffect(() => {
    if (!loaded || limit >= MAX_ROWS) return;
    const timer = setTimeout(() => startTransition(() => setLimit(MAX_ROWS)), 0);
    return () => clearTimeout(timer);
  }, [loaded, limit]);
  const shown = groups.slice(0, limit);
  const today = report?.asOf ?? '';
  const open = (id: number) => {
    setView('portfolio');
    openDetail(id);
  };
  const toggle = (s: SignalState) =>
    setShownStates((cur) => {
      const next = new Set(cur);
      if (next.has(s)) next.delete(s);
      else next.add(s);
      return next;
    });
  const listedOnly = shownStates.size === LISTED_STATES.length && LISTED_STATES.every((s) => shownStates.has(s));
  const watchCount = report?.watchlist.length ?? 0;

  return (
    <section className="watchlist-view" aria-labelledby="watchlist-heading" data-testid="watchlist-view">
      <div className="view-header">
        <h1 id="watchlist-heading">Watchlist</h1>
        <span className="row-count" aria-live="polite">
          {loaded
            ? `${watchCount.toLocaleString('en')} initiative${watchCount === 1 ? '' : 's'} with open signals as of ${today}`
            : 'Loading…'}
        </span>
        <div className="spacer" />
        <ExportCsvButton view="watchlist" source={() => watchlistCsv(groups)} />
        <button type="button" className="button" onClick={() => setThresholdsOpen(true)} data-testid="open-thresholds">
          Thresholds…
        </button>
      </div>
      <div className="watchlist-filters" role="group" aria-label="Show signals that are">
        {SIGNAL_STATES.map((s) => (
          <button
            key={s.id}
            type="button"
            className={`filter-toggle${shownStates.has(s.id) ? ' on' : ''}`}
            aria-pressed={shownStates.has(s.id)}
            onClick={() => toggle(s.id)}
            data-testid={`state-filter-${s.id}`}
          >
            {s.label} <span className="filter-count">{counts[s.id].toLocaleString('en')}</span>
          </button>
        ))}
      </div>
      {error !== undefined && !loaded && (
        <p role="alert" className="empty-state">
          {errorMessage(error)}
        </p>
      )}
      {report?.portfolio.map((p) => (
        <p key={p.ruleId} className="watchlist-portfolio" data-testid="portfolio-signal">
          <Chip tone={SEVERITY_TONE[p.severity]}>{p.severity}</Chip> {p.message}
        </p>
      ))}
      {loaded && groups.length === 0 ? (
        <div className="empty-state" data-testid="watchlist-empty">
          {listedOnly ? (
            <>
              <h2>No open signals</h2>
              <p>No initiative shows a sign of pilot purgatory.</p>
            </>
          ) : (
            <>
              <h2>No signals to show</h2>
              <p>No signal is in the states you picked.</p>
            </>
          )}
        </div>
      ) : (
        <div className="plain-table-scroll" tabIndex={0} role="region" aria-label="Watchlist signals">
          <table
            className="plain-table watchlist-table"
            data-testid="watchlist-table"
            // Tells tests (and probes) that the background render of the rest has landed.
            data-complete={shown.length >= Math.min(groups.length, MAX_ROWS)}
          >
            <thead>
              <tr>
                <th scope="col" className="num">
                  Score
                </th>
                <th scope="col">Initiative</th>
                <th scope="col">Phase</th>
                <th scope="col">Signal</th>
                <th scope="col">State</th>
                <th scope="col">First seen</th>
                <th scope="col">Last seen</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            {shown.map((g) => (
              <tbody key={g.initiativeId} data-testid="watchlist-row" data-initiative-id={g.initiativeId}>
                {g.signals.map((s, i) => (
                  <tr key={s.ruleId} data-testid="watchlist-signal" data-rule-id={s.ruleId} data-state={s.state}>
                    {i === 0 && (
                      <>
                        <td className="num strong" rowSpan={g.signals.length}>
                          {g.entry?.score ?? 0}
                        </td>
                        <td rowSpan={g.signals.length}>
                          <button
                            type="button"
                            className="link-button"
                            onClick={() => open(g.initiativeId)}
                            aria-label={`Open ${g.name}`}
                            data-testid="watchlist-open"
                          >
                            {g.name}
                          </button>
                        </td>
                        <td rowSpan={g.signals.length}>
                          {g.entry ? phaseInfo(g.entry.phase).short : <span className="muted">—</span>}
                        </td>
                      </>
                    )}
                    <td className="watchlist-signal">
                      <Chip tone={SEVERITY_TONE[s.severity]}>{s.severity}</Chip> {s.message}
                    </td>
                    <td>
                      <StateChip signal={s} />
                    </td>
                    <td className="nowrap">{formatDate(s.firstSeen)}</td>
                    <td className="nowrap">{formatDate(s.lastSeen)}</td>
                    <td className="nowrap">
                      <SignalActions signal={s} today={today} />
                    </td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
          {groups.length > shown.length && limit >= MAX_ROWS && (
            <p className="row-count">
              Showing the {shown.length} highest of {groups.length.toLocaleString('en')}.
            </p>
          )}
        </div>
      )}
      {thresholdsOpen && <ThresholdsDialog onClose={() => setThresholdsOpen(false)} />}
    </section>
  );
}
