import { useState } from 'react';
import { isListed } from '../../../../shared/domain/watchlist';
import { errorMessage } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { Chip } from '../../components/Chip';
import { formatDate, plural } from '../../components/format';
import { RADAR_TABLES } from './radar';
import { SEVERITY_TONE, SignalActions, StateChip } from './SignalActions';
import './watchlist.css';

/**
 * The initiative detail's "Signals" section: this initiative's signals (its own statements, not the
 * whole portfolio's radar), open and acknowledged first, with the same actions as the watchlist.
 */
export function InitiativeSignals({ initiativeId }: { initiativeId: number }) {
  const report = useQuery('signals/list', { initiativeId }, RADAR_TABLES);
  const [showHidden, setShowHidden] = useState(false);
  const all = report.data?.signals ?? [];
  const listed = all.filter((s) => isListed(s.state));
  const hidden = all.length - listed.length;
  const shown = showHidden ? all : listed;
  const today = report.data?.asOf ?? '';

  return (
    <section className="detail-section" aria-labelledby="signals-heading" data-testid="signals-section">
      <div className="section-heading">
        <h3 id="signals-heading">Signals</h3>
        {hidden > 0 && (
          <button
            type="button"
            className="button small"
            aria-pressed={showHidden}
            onClick={() => setShowHidden(!showHidden)}
            data-testid="show-hidden-signals"
          >
            {showHidden ? 'Hide snoozed and resolved' : `Show snoozed and resolved (${hidden})`}
          </button>
        )}
      </div>
      {report.error !== undefined && <p role="alert">{errorMessage(report.error)}</p>}
      {report.data && shown.length === 0 && (
        <p className="muted" data-testid="no-signals">
          No open signals{hidden > 0 ? ` (${plural(hidden, 'snoozed or resolved signal')} hidden)` : ''}.
        </p>
      )}
      {shown.length > 0 && (
        <ul className="signal-list">
          {shown.map((s) => (
            <li key={s.ruleId} data-testid="detail-signal" data-rule-id={s.ruleId} data-state={s.state}>
              <span>
                <Chip tone={SEVERITY_TONE[s.severity]}>{s.severity}</Chip> {s.message} <StateChip signal={s} />
              </span>
              <span className="signal-meta">
                First seen {formatDate(s.firstSeen)} · last seen {formatDate(s.lastSeen)}
                {s.note ? ` · ${s.note}` : ''}
              </span>
              <SignalActions signal={s} today={today} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
