// `flightdeck risks`: the risk register on the command line, over the same repository as the app's table.
import { existsSync } from 'node:fs';
import { bandLabel, type RiskBand, type RiskRow } from '../../shared/domain/risk';
import { getInitiativeRecord } from '../core/repositories/initiatives.repo';
import { listRiskPage } from '../core/repositories/risks.repo';
import { hasTable } from '../core/repositories/signals.repo';
import { badInput, cell, EXIT_OK, open, requireDb, resolveNow, usage, type CliIo, type Values } from './cli';

/** One row of `risks --json`. */
export interface ListedRisk {
  id: number;
  ref: string;
  initiativeId: number | null;
  initiativeName: string | null;
  title: string;
  category: string;
  ownerName: string | null;
  inherent: { likelihood: number; impact: number; score: number; band: RiskBand };
  residual: { likelihood: number; impact: number; score: number; band: RiskBand };
  target: { likelihood: number; impact: number; score: number; band: RiskBand } | null;
  appetite: number;
  treatment: string | null;
  status: string;
  nextReviewOn: string;
  acceptanceExpiresOn: string | null;
  withinAppetite: boolean;
  aboveAppetiteUnaccepted: boolean;
  reviewOverdue: boolean;
  actionOverdue: boolean;
  acceptanceExpired: boolean;
}

function toListed(r: RiskRow): ListedRisk {
  return {
    id: r.id,
    ref: r.ref,
    initiativeId: r.initiativeId,
    initiativeName: r.initiativeName,
    title: r.title,
    category: r.category,
    ownerName: r.ownerName,
    inherent: r.inherent,
    residual: r.residual,
    target: r.target,
    appetite: r.appetite,
    treatment: r.treatment,
    status: r.status,
    nextReviewOn: r.nextReviewOn,
    acceptanceExpiresOn: r.acceptanceExpiresOn,
    withinAppetite: r.flags.withinAppetite,
    aboveAppetiteUnaccepted: r.flags.aboveAppetiteUnaccepted,
    reviewOverdue: r.flags.reviewOverdue,
    actionOverdue: r.flags.actionOverdue,
    acceptanceExpired: r.flags.acceptanceExpired,
  };
}

const flagsOf = (r: ListedRisk) =>
  [
    r.aboveAppetiteUnaccepted ? 'above-appetite' : '',
    r.reviewOverdue ? 'review-overdue' : '',
    r.actionOverdue ? 'action-overdue' : '',
    r.acceptanceExpired ? 'acceptance-expired' : '',
  ]
    .filter((f) => f !== '')
    .join(',');

export function formatRisks(rows: readonly ListedRisk[], asOf: string): string {
  const header = ['REF', 'INITIATIVE', 'TITLE', 'CATEGORY', 'INH', 'RES', 'BAND', 'STATUS', 'NEXT REVIEW', 'FLAGS'];
  const body = rows.map((r) => [
    r.ref,
    r.initiativeId === null ? '(portfolio)' : cell(r.initiativeName),
    cell(r.title),
    r.category,
    `${r.inherent.likelihood}×${r.inherent.impact}=${r.inherent.score}`,
    `${r.residual.likelihood}×${r.residual.impact}=${r.residual.score}`,
    bandLabel(r.residual.band),
    r.status,
    r.nextReviewOn,
    flagsOf(r),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)));
  const right = new Set([4, 5]);
  const line = (r: readonly string[]) =>
    r
      .map((v, c) => (right.has(c) ? v.padStart(widths[c] ?? 0) : v.padEnd(widths[c] ?? 0)))
      .join('  ')
      .trimEnd();
  const n = rows.length;
  return [line(header), ...body.map(line), `${n} risk${n === 1 ? '' : 's'} as of ${asOf}`].join('\n') + '\n';
}

/** `risks --db FILE [--json] [--initiative ID] [--all]`: open risks, worst residual score first. */
export function risksCommand(values: Values, io: CliIo): number {
  const path = requireDb(values);
  let initiativeId: number | undefined;
  if (values.initiative !== undefined) {
    const raw = values.initiative.trim();
    initiativeId = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(initiativeId)) {
      throw usage(`--initiative must be a positive whole number, got ${JSON.stringify(values.initiative)}`);
    }
  }
  if (!existsSync(path)) throw badInput(`${path}: file not found`);
  const asOf = resolveNow(io)().toISOString().slice(0, 10);
  const db = open(path, false);
  try {
    if (initiativeId !== undefined && !getInitiativeRecord(db, initiativeId)) {
      throw badInput(`${path}: there is no initiative ${initiativeId}`);
    }
    const rows = hasTable(db, 'risks')
      ? listRiskPage(
          db,
          {
            filter: { ...(initiativeId !== undefined ? { initiativeId } : {}), includeClosed: values.all === true },
            sort: { key: 'residualScore', dir: 'desc' },
            offset: 0,
            limit: -1, // SQLite: no limit
          },
          asOf,
        ).rows.map(toListed)
      : [];
    io.stdout.write(values.json ? JSON.stringify(rows, null, 2) + '\n' : formatRisks(rows, asOf));
    return EXIT_OK;
  } finally {
    db.close();
  }
}
