// `flightdeck signals`: the pilot-purgatory radar on the command line, over the same service as the app.
import { existsSync } from 'node:fs';
import { isoDate } from '../../shared/domain/initiative';
import type { OpenSignal, PortfolioSignal, SignalsReport } from '../../shared/domain/watchlist';
import { evaluatePortfolio, resolveAsOf } from '../core/services/signals';
import { badInput, cell, EXIT_OK, open, requireDb, resolveNow, usage, type CliIo, type Values } from './cli';

/** One row of `signals --json`. Portfolio-level signals (conversion) have no initiative: id and name are null. */
export interface ListedSignal {
  initiativeId: number | null;
  initiativeName: string | null;
  ruleId: string;
  severity: string;
  value: number;
  threshold: number;
  message: string;
}

const fromOpen = (s: OpenSignal): ListedSignal => ({ ...s });
const fromPortfolio = (s: PortfolioSignal): ListedSignal => ({ initiativeId: null, initiativeName: null, ...s });

/** Ratios print with two decimals, counts and days as they are. */
const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

export function formatSignals(report: SignalsReport): string {
  const header = ['ID', 'INITIATIVE', 'RULE', 'SEVERITY', 'VALUE', 'THRESHOLD', 'MESSAGE'];
  const rows = [...report.signals.map(fromOpen), ...report.portfolio.map(fromPortfolio)].map((s) => [
    s.initiativeId === null ? '-' : String(s.initiativeId),
    s.initiativeId === null ? '(portfolio)' : cell(s.initiativeName),
    s.ruleId,
    s.severity,
    num(s.value),
    num(s.threshold),
    s.message,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  // Numbers right-aligned so magnitudes line up; the message is last and left as is.
  const right = new Set([0, 4, 5]);
  const line = (r: readonly string[]) =>
    r
      .map((v, c) => (right.has(c) ? v.padStart(widths[c] ?? 0) : v.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const n = rows.length;
  const count = `${n} open signal${n === 1 ? '' : 's'} on ${report.watchlist.length} initiative${report.watchlist.length === 1 ? '' : 's'} as of ${report.asOf}`;
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
    const report = evaluatePortfolio(db, asOf);
    const listed = [...report.signals.map(fromOpen), ...report.portfolio.map(fromPortfolio)];
    io.stdout.write(values.json ? JSON.stringify(listed, null, 2) + '\n' : formatSignals(report));
    return EXIT_OK;
  } finally {
    db.close();
  }
}
