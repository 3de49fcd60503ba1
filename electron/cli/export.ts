// `flightdeck export`: a status pack from the command line, through the same snapshot, renderers and stored record
// as the app's Export (PDF through headless Chromium).
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { isoDate } from '../../shared/domain/initiative';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/domain/pack/types';
import { renderPack, storeExport } from '../core/exports/pack';
import { buildPackSnapshot } from '../core/exports/snapshot';
import { pdfEngineOrThrow } from '../core/exports/pack';
import { getInitiativeRecord } from '../core/repositories/initiatives.repo';
import { exportTargetProblem } from '../core/services/exportImage';
import { badInput, CliError, EXIT_OK, open, requireDb, resolveNow, usage, type CliIo, type Values } from './cli';

/** Render or write failures: the command and the file were fine, the export was not. */
export const EXIT_EXPORT_FAILED = 1;

export const CLI_ACTOR = 'Flightdeck CLI';

export interface ExportResult {
  path: string;
  format: ExportFormat;
  asOf: string;
  bytes: number;
  sha256: string;
  snapshotId: number;
  snapshotSha256: string;
}

function parseArgs(values: Values): {
  db: string;
  format: ExportFormat;
  out: string;
  initiativeId?: number;
  asOf?: string;
} {
  const db = requireDb(values);
  const format = values.format?.trim().toLowerCase();
  if (format === undefined || format === '') throw usage(`--format ${EXPORT_FORMATS.join('|')} is required`);
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw usage(`--format must be one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(values.format)}`);
  }
  const out = values.out;
  if (out === undefined || out.trim() === '') throw usage('--out FILE is required');
  let initiativeId: number | undefined;
  if (values.initiative !== undefined) {
    const raw = values.initiative.trim();
    initiativeId = /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(initiativeId)) {
      throw usage(`--initiative must be a positive whole number, got ${JSON.stringify(values.initiative)}`);
    }
  }
  const rawAsOf = values['as-of']?.trim();
  if (rawAsOf !== undefined && !isoDate.safeParse(rawAsOf).success) {
    throw usage(`--as-of must be a real date in the form YYYY-MM-DD, got ${JSON.stringify(values['as-of'])}`);
  }
  return {
    db,
    format: format as ExportFormat,
    out,
    ...(initiativeId !== undefined ? { initiativeId } : {}),
    ...(rawAsOf !== undefined ? { asOf: rawAsOf } : {}),
  };
}

const failed = (message: string) => new CliError(EXIT_EXPORT_FAILED, message);

/** `export --db DB --format F --out FILE [--initiative ID] [--as-of D] [--json]`. */
export async function exportCommand(values: Values, io: CliIo): Promise<number> {
  const args = parseArgs(values);
  if (!existsSync(args.db)) throw badInput(`${args.db}: file not found`);
  const out = resolve(args.out);
  if (existsSync(out) && statSync(out).isDirectory()) throw usage(`--out ${args.out} is a folder; give a file name`);
  if (!existsSync(dirname(out))) throw failed(`${args.out}: the folder ${dirname(out)} does not exist`);
  // Before rendering: --out naming the portfolio (or any database) must never replace it.
  const problem = exportTargetProblem(out);
  if (problem) throw failed(`${args.out}: ${problem}`);
  const now = resolveNow(io)();
  const asOf = args.asOf ?? now.toISOString().slice(0, 10);
  const db = open(args.db, false);
  try {
    if (args.initiativeId !== undefined && !getInitiativeRecord(db, args.initiativeId)) {
      throw badInput(`${args.db}: there is no initiative ${args.initiativeId}`);
    }
    let result: ExportResult;
    try {
      const pdfEngine = args.format === 'pdf' ? pdfEngineOrThrow(undefined, io.env ?? process.env) : undefined;
      const snapshot = buildPackSnapshot(
        db,
        args.initiativeId !== undefined ? { initiativeId: args.initiativeId } : {},
        { asOf, now, actor: CLI_ACTOR },
      );
      const bytes = await renderPack(snapshot, args.format, pdfEngine ? { pdfEngine } : {});
      const record = storeExport(db, {
        snapshot,
        format: args.format,
        path: out,
        bytes,
        meta: { actor: CLI_ACTOR, at: now.toISOString() },
      });
      result = {
        path: out,
        format: args.format,
        asOf,
        bytes: record.fileBytes,
        sha256: record.fileSha256,
        snapshotId: record.id,
        snapshotSha256: record.snapshotSha256,
      };
    } catch (e) {
      if (e instanceof CliError) throw e;
      const message = e instanceof AppError || e instanceof Error ? e.message : String(e);
      throw failed(`export failed, no file was written: ${message}`);
    }
    io.stdout.write(
      values.json
        ? JSON.stringify(result, null, 2) + '\n'
        : `Wrote ${result.path} (${result.bytes.toLocaleString('en-US')} bytes, sha256 ${result.sha256}); snapshot #${result.snapshotId} sha256 ${result.snapshotSha256}.\n`,
    );
    return EXIT_OK;
  } finally {
    db.close();
  }
}
