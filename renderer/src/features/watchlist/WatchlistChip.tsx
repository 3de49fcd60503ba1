import { Chip } from '../../components/Chip';
import { useRadar, useRadarLive } from './radar';
import { SEVERITY_TONE } from './SignalActions';
import './watchlist.css';

/**
 * The portfolio table's Watchlist cell: the initiative's purgatory score (open and acknowledged signals),
 * toned by its worst signal. Every cell reads the one shared radar report by id; no per-row request.
 */
export function WatchlistChip({ initiativeId }: { initiativeId: number }) {
  useRadarLive();
  const score = useRadar((s) => s.scores.get(initiativeId));
  const loaded = useRadar((s) => s.report !== undefined);
  if (!loaded) return null;
  if (!score)
    return (
      <span className="muted cell-text" title="No open signals">
        —
      </span>
    );
  return (
    <span className="watchlist-chip" data-testid="watchlist-chip" data-score={score.score}>
      <Chip
        tone={SEVERITY_TONE[score.worst]}
        title={`Purgatory score ${score.score}: ${score.count} open signal${score.count === 1 ? '' : 's'}`}
      >
        {score.score}
      </Chip>
    </span>
  );
}
