import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import type { PackSnapshot } from '../../../shared/domain/pack/types';
import type { Db } from '../db/sqlite';
import type { Dialogs, PdfEngine } from '../ports';
import { getInitiativeRecord } from '../repositories/initiatives.repo';
import { getExportSnapshot, listExportRecords, toExportRecord } from '../repositories/exports.repo';
import { tableCsv } from '../exports/csv';
import {
  defaultPackName,
  FORMAT_FILES,
  pdfEngineOrThrow,
  renderPack,
  safeFileName,
  sha256Hex,
  storeExport,
} from '../exports/pack';
import { buildPackSnapshot } from '../exports/snapshot';
import { nowIso, type CoreContext } from './context';
import { writeFileAtomic } from './exportImage';
import { throwIfCancelled, yieldToLoop, type Jobs } from './jobs';

export interface ExportDeps {
  dialogs: Dialogs;
  jobs: Jobs;
  /** PDF rendering; absent → headless Chromium when one is found, else a clear error. */
  pdfEngine?: PdfEngine;
  /** Where findChromium looks (FLIGHTDECK_CHROMIUM, PATH). Default: process.env. */
  env?: Record<string, string | undefined>;
}

type ExportChannels = 'export/pack' | 'export/table' | 'export/history' | 'export/snapshot';

const DEFAULT_HISTORY = 100;
const STEPS = 3;

/** The stored snapshot, checked against its hash: a row edited outside the app is reported, never shown as true. */
export function readStoredSnapshot(
  db: Db,
  id: number,
): { snapshot: PackSnapshot; record: ReturnType<typeof toExportRecord> } {
  const row = getExportSnapshot(db, id);
  if (!row) throw new AppError('NOT_FOUND', `Export ${id} does not exist.`);
  if (sha256Hex(row.snapshot_json) !== row.snapshot_sha256) {
    throw new AppError(
      'DB_ERROR',
      `Snapshot ${id} was altered: its content no longer matches the SHA-256 recorded when it was exported.`,
    );
  }
  let snapshot: PackSnapshot;
  try {
    snapshot = JSON.parse(row.snapshot_json) as PackSnapshot;
  } catch {
    throw new AppError('DB_ERROR', `Snapshot ${id} cannot be read.`);
  }
  return { snapshot, record: toExportRecord(row) };
}

export function exportHandlers(ctx: CoreContext, deps: ExportDeps): Pick<Handlers, ExportChannels> {
  const today = () => nowIso(ctx).slice(0, 10);

  return {
    'export/pack': async ({ format, initiativeId, filter, jobId }) => {
      const db = ctx.workspace.db();
      let name: string | undefined;
      if (initiativeId !== undefined) {
        const i = getInitiativeRecord(db, initiativeId);
        if (!i) throw new AppError('NOT_FOUND', `Initiative ${initiativeId} does not exist.`);
        name = i.name;
      }
      // Before the dialog: asking for a path and then failing for want of a browser would waste the user's time.
      const pdfEngine = format === 'pdf' ? pdfEngineOrThrow(deps.pdfEngine, deps.env) : undefined;
      const asOf = today();
      const file = FORMAT_FILES[format];
      const path = await deps.dialogs.chooseSavePath({
        title: `Export status pack (${file.label})`,
        defaultName: defaultPackName(format, asOf, name),
        filter: { name: file.name, extensions: [file.extension] },
      });
      if (path === null) return { cancelled: true };
      return deps.jobs.run(jobId, async ({ signal, progress }) => {
        const what = 'The export';
        progress('collecting', 0, STEPS);
        await yieldToLoop();
        throwIfCancelled(signal, what);
        const snapshot = buildPackSnapshot(
          ctx.workspace.db(),
          { ...(initiativeId !== undefined ? { initiativeId } : {}), ...(filter ? { filter } : {}) },
          { asOf, now: ctx.clock.now(), actor: ctx.actor() },
        );
        progress('rendering', 1, STEPS);
        await yieldToLoop();
        throwIfCancelled(signal, what);
        let bytes: Buffer;
        try {
          bytes = await renderPack(snapshot, format, { signal, ...(pdfEngine ? { pdfEngine } : {}) });
        } catch (e) {
          // An engine stopped by the cancel rejects with its own error; the user asked for a cancel, so say that.
          throwIfCancelled(signal, what);
          if (e instanceof AppError) throw e;
          const message = e instanceof Error ? e.message : String(e);
          throw new AppError(
            'INTERNAL',
            `The ${file.label} pack could not be rendered (${message}); no file was written.`,
          );
        }
        throwIfCancelled(signal, what);
        progress('writing', 2, STEPS);
        const record = storeExport(ctx.workspace.db(), {
          snapshot,
          format,
          path,
          bytes,
          meta: { actor: ctx.actor(), at: nowIso(ctx) },
        });
        progress('done', STEPS, STEPS);
        ctx.emit('db/changed', { tables: ['export_snapshots', 'audit_log'] });
        return { path, ...record };
      });
    },

    'export/table': async ({ title, defaultName, columns, rows }) => {
      const base = safeFileName(defaultName) || 'Flightdeck table';
      const path = await deps.dialogs.chooseSavePath({
        title: `Export ${title} as CSV`,
        defaultName: /\.csv$/i.test(base) ? base : `${base}.csv`,
        filter: { name: FORMAT_FILES.csv.name, extensions: ['csv'] },
      });
      if (path === null) return { cancelled: true };
      writeFileAtomic(path, Buffer.from(tableCsv(columns, rows), 'utf8'), 'the CSV');
      return { path };
    },

    'export/history': (input) => listExportRecords(ctx.workspace.db(), input?.limit ?? DEFAULT_HISTORY),

    'export/snapshot': ({ id }) => {
      const { snapshot, record } = readStoredSnapshot(ctx.workspace.db(), id);
      return { ...record, snapshot };
    },
  };
}
