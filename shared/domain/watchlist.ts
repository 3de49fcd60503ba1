import type { SignalRuleId, SignalSeverity } from './governance/signals';
import type { PhaseId } from './phases';

/** One open pilot-purgatory signal of one initiative, as the radar, the watchlist and the CLI show it. */
export interface OpenSignal {
  initiativeId: number;
  initiativeName: string;
  ruleId: SignalRuleId;
  severity: SignalSeverity;
  value: number;
  threshold: number;
  message: string;
}

/** A portfolio-level signal (§3.4 #15, conversion): it belongs to no initiative. */
export interface PortfolioSignal {
  ruleId: SignalRuleId;
  severity: SignalSeverity;
  value: number;
  threshold: number;
  message: string;
}

/** One initiative on the watchlist: its phase on the as-of day and its purgatory score. */
export interface WatchlistEntry {
  initiativeId: number;
  name: string;
  phase: PhaseId;
  score: number;
  count: number;
}

export interface SignalsReport {
  /** The day the rules looked at, YYYY-MM-DD. */
  asOf: string;
  /** Open signals, the highest-scoring initiative first, then by severity within it. */
  signals: OpenSignal[];
  /** Initiatives with at least one open signal, highest purgatory score first. */
  watchlist: WatchlistEntry[];
  portfolio: PortfolioSignal[];
}
