import { phaseInfo, type PhaseId } from '../../../../shared/domain/phases';
import { SIGNAL_STATES, type OpenSignal } from '../../../../shared/domain/watchlist';
import type { CsvTable } from './csvExport';

export interface WatchlistGroup {
  name: string;
  entry: { score: number; phase: PhaseId } | undefined;
  signals: OpenSignal[];
}

const STATE_LABEL = new Map<string, string>(SIGNAL_STATES.map((s) => [s.id, s.label]));

/**
 * The watchlist as listed (states picked in its filter, highest score first): one row per signal, with the
 * initiative's score and phase repeated on each so the file sorts and filters on its own. Every group is
 * exported, including those past the 200 the screen renders.
 */
export function watchlistCsv(groups: readonly WatchlistGroup[]): CsvTable {
  const rows: CsvTable['rows'] = [];
  for (const g of groups) {
    for (const s of g.signals) {
      const state =
        s.state === 'snoozed' && s.snoozedUntil
          ? `Snoozed to ${s.snoozedUntil}`
          : (STATE_LABEL.get(s.state) ?? s.state);
      rows.push([
        g.entry?.score ?? 0,
        g.name,
        g.entry ? phaseInfo(g.entry.phase).short : '',
        s.severity,
        s.message,
        state,
        s.firstSeen ?? '',
        s.lastSeen ?? '',
      ]);
    }
  }
  return {
    title: 'Watchlist',
    defaultName: 'watchlist',
    columns: ['Score', 'Initiative', 'Phase', 'Severity', 'Signal', 'State', 'First seen', 'Last seen'],
    rows,
  };
}
