// `flightdeck signals`: the pilot-purgatory radar on the command line, over the same service as the app.
import { existsSync } from 'node:fs';
import { isoDate } from '../../shared/domain/initiative';
import { isListed, type OpenSignal, type PortfolioSignal, type SignalsReport } from '../../shared/domain/watchlist';
import { evaluatePortfolio, resolveAsOf } from '../core/services/signals';
import { badInput, cell, EXIT_OK, open, requireDb, resolveNow, usage, type CliIo, type Values } from './cli';

/**
 * One row of `signals --json`. Portfolio-level signals (conversion) have no initiative: id and name are
 * null, and no lifecycle (state 'open', never seen). The lifecycle is the one stored in the file: the
 * command only reads it (it never writes the file), so first/last seen are the app's radar's.
 */
export interface ListedSignal {
  initiativeId: number | null;
  initiativeName: string | null;
  ruleId: string;
  severity: string;
  value: number;
  threshold: number;
  message: string;
  state: string;
  firstSeen: string | null;
  lastSeen: string | null;
  snoozedUntil: string | null;
  note: string;
}

const fromOpen = (s: OpenSignal): ListedSignal => ({ ...s });
const fromPortfolio = (s: PortfolioSignal): ListedSignal => ({
  initiativeId: null,
  initiativeName: null,
  ...s,
  state: 'open',
  firstSeen: null,
  lastSeen: null,
  snoozedUntil: null,
  note: '',
});

/** Listed (open, acknowledged) signals, or with `all` the snoozed and resolved ones too. */
function rowsOf(report: SignalsReport, all: boolean): ListedSignal[] {
  const open = all ? report.signals : report.signals.filter((s) => isListed(s.state));
  return [...open.map(fromOpen), ...report.portfolio.map(fromPortfolio)];
}

const stateCell = (s: ListedSignal) =>
  s.state === 'snoozed' && s.snoozedUntil ? `snoozed→${s.snoozedUntil}` : s.state;

/** Ratios print with two decimals, counts and days as they are. */
const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

export function formatSignals(report: SignalsReport, all = false): string {
  const header = ['ID', 'INITIATIVE', 'RULE', 'SEVERITY', 'STATE', 'FIRST SEEN', 'VALUE', 'THRESHOLD', 'MESSAGE'];
  const rows = rowsOf(report, all).map((s) => [
    s.initiativeId === null ? '-' : String(s.initiativeId),
    s.initiativeId === null ? '(portfolio)' : cell(s.initiativeName),
    s.ruleId,
    s.severity,
    stateCell(s),
    s.firstSeen ?? '-',
    num(s.value),
    num(s.threshold),
    s.message,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  // Numbers right-aligned so magnitudes line up; the message is last and left as is.
  const right = new Set([0, 6, 7]);
  const line = (r: readonly string[]) =>
    r
      .map((v, c) => (right.has(c) ? v.padStart(widths[c] ?? 0) : v.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const listed = report.signals.filter((s) => isListed(s.state)).length;
  const n = listed + report.portfolio.length;
  const hidden = report.signals.length - listed;
  const more = all && hidden > 0 ? ` (and ${hidden} snoozed or resolved)` : '';
  const count = `${n} open signal${n === 1 ? '' : 's'}${more} on ${report.watchlist.length} initiative${report.watchlist.length === 1 ? '' : 's'} as of ${report.asOf}`;
  return [line(header), ...rows.map(line), count].join('\n') + '\n';
}

/** Same opening as `list` (openPortfolio, which brings an older file up to date), so both agree on a file. */
export function signalsCommand(values: Values, io: CliIo): number {
  const path = requireDb(values);
  const raw = values['as-of'];
  if (raw !== undefined && !isoDate.safeParse(raw.trim()).success) {
    throw usage(`--as-of must be a real date in the form YYYY-MM-DD, got ${JSON.stringify(raw)}`);
  }
  const asOf = resolveAsOf(raw?.trim(), resolveNow(io)());
  if (!existsSync(path)) throw badInput(`${path}: file not found`);
  const db = open(path, false);
  try {
    // Reads the stored thresholds and lifecycle; records nothing (the command never writes the file).
    const report = evaluatePortfolio(db, asOf, { today: resolveAsOf(undefined, resolveNow(io)()) });
    const all = values.all === true;
    io.stdout.write(values.json ? JSON.stringify(rowsOf(report, all), null, 2) + '\n' : formatSignals(report, all));
    return EXIT_OK;
  } finally {
    db.close();
  }
}
