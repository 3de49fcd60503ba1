import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type { ImportResult, RowProblem, SheetTable } from '../../../shared/domain/import/types';
import { mappingProfileSchema } from '../../../shared/domain/import/types';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import { appendAudit } from '../audit/audit.repo';
import { commitPlan, importableBy, planFor, readTable, toPreview, type Job } from '../import/engine';
import { allProfiles } from '../import/profiles';
import { rejectsOf } from '../import/plan';
import { inspectFile } from '../import/read';
import { rejectsCsv } from '../import/rejects';
import type { WriteOutcome } from '../import/write';
import {
  deleteImportProfile,
  findImportProfileByName,
  getImportProfileRecord,
  insertImportProfile,
  toProfileInfo,
  updateImportProfile,
} from '../repositories/importProfiles.repo';
import type { Dialogs } from '../ports';
import { nowIso, type CoreContext } from './context';
import { writeFileAtomic } from './exportImage';
import type { EntityRef } from './history';
import type { Jobs } from './jobs';

export interface ImportDeps {
  dialogs: Dialogs;
  jobs: Jobs;
}

type ImportChannels =
  | 'import/profiles'
  | 'import/saveProfile'
  | 'import/deleteProfile'
  | 'import/open'
  | 'import/preview'
  | 'import/run'
  | 'import/saveRejects';

/** Files the wizard has open; the renderer holds only the token, never a path. */
const MAX_SESSIONS = 8;

/**
 * Above this many initiatives an import is not put in the undo History. The History snapshots every aggregate
 * it touches by reading it back query by query (the row, its phase history and every governance child), before
 * and after: measured at about 1 ms per initiative, five times the import's own write. The 1,757-row federal
 * inventory would take ~2 s instead of its ≤ 1 s budget, 10,000 rows ~8 s instead of ≤ 3 s. Larger imports are
 * still one transaction with a full audit trail, and are reversed by re-importing the previous file or
 * restoring a backup. They clear the undo stack: an older entry undone after them would put back an
 * initiative as it was before the import, silently reverting what the import wrote.
 */
export const UNDO_MAX_ROWS = 500;

interface Session {
  path: string;
  fileName: string;
  /** The last sheet read, so preview → edit mapping → preview → run reads the file once. */
  cached: { sheet: string | undefined; headerRow: number | undefined; table: SheetTable } | null;
  /** The rejects of the latest preview or run, for import/saveRejects. */
  rejects: RowProblem[] | null;
}

/** Tables an import writes, for 'db/changed'. */
const TABLES = ['initiatives', 'phase_transitions', 'people', 'audit_log'];

export function importHandlers(ctx: CoreContext, deps: ImportDeps): Pick<Handlers, ImportChannels> {
  const sessions = new Map<string, Session>();

  const session = (token: string): Session => {
    const s = sessions.get(token);
    if (!s) throw new AppError('NOT_FOUND', 'This import file is no longer open. Choose the file again.');
    // Most recently used last, so the oldest session is the one dropped.
    sessions.delete(token);
    sessions.set(token, s);
    return s;
  };

  const tableOf = async (s: Session, sheet: string | undefined, headerRow: number | undefined, job: Job) => {
    if (s.cached && s.cached.sheet === sheet && s.cached.headerRow === headerRow) return s.cached.table;
    const importable = importableBy(allProfiles(ctx.workspace.db()));
    const table = await readTable(s.path, { sheet, headerRow, importable }, job);
    // One cached table at a time, whatever the number of open files: a sheet can be 100 MB of cells.
    for (const other of sessions.values()) other.cached = null;
    s.cached = { sheet, headerRow, table };
    return table;
  };

  /** The header row a profile knows beats detection, unless the user chose one. */
  const read = async (
    s: Session,
    input: { sheet?: string | undefined; headerRow?: number | undefined },
    profileHeaderRow: number | undefined,
    job: Job,
  ): Promise<SheetTable> => {
    const table = await tableOf(s, input.sheet, input.headerRow, job);
    if (input.headerRow !== undefined) return table;
    const wanted = profileHeaderRow;
    if (wanted === undefined || wanted === table.headerRow) return table;
    return tableOf(s, input.sheet, wanted, job);
  };

  return {
    'import/profiles': () => allProfiles(ctx.workspace.path !== null ? ctx.workspace.db() : null),

    'import/saveProfile': ({ profile, id }) => {
      const db = ctx.workspace.db();
      const at = nowIso(ctx);
      const clash = findImportProfileByName(db, profile.name);
      if (clash && clash.id !== id) {
        throw new AppError('CONFLICT', `A saved profile named “${clash.name}” already exists. Choose another name.`, [
          { path: 'profile.name', message: 'This name is taken' },
        ]);
      }
      const builtIn = allProfiles(null).find(
        (p) => p.name.toLocaleLowerCase('en') === profile.name.toLocaleLowerCase('en'),
      );
      if (builtIn) {
        throw new AppError(
          'CONFLICT',
          `“${builtIn.name}” is a built-in profile and cannot be overwritten. Choose another name.`,
          [{ path: 'profile.name', message: 'This is a built-in profile’s name' }],
        );
      }
      const clean = mappingProfileSchema.parse(profile);
      const saved = db.transaction(() => {
        let rowId: number;
        let before: Record<string, unknown> | null = null;
        if (id !== undefined) {
          const current = getImportProfileRecord(db, id);
          if (!current) throw new AppError('NOT_FOUND', `Saved profile ${id} does not exist (any more).`);
          before = { name: current.name, profile: JSON.parse(current.profile_json) as unknown };
          updateImportProfile(db, id, clean, at);
          rowId = id;
        } else {
          rowId = insertImportProfile(db, clean, at);
        }
        appendAudit(db, { actor: ctx.actor(), at }, [
          {
            action: before ? 'importProfile.update' : 'importProfile.create',
            label: `Save import profile “${clean.name}”`,
            kind: 'importProfile',
            id: rowId,
            before,
            after: { name: clean.name, profile: clean },
          },
        ]);
        return getImportProfileRecord(db, rowId)!;
      })();
      ctx.emit('db/changed', { tables: ['import_profiles', 'audit_log'] });
      const info = toProfileInfo(saved);
      if (!info) throw new AppError('INTERNAL', 'The saved profile could not be read back.');
      return info;
    },

    'import/deleteProfile': ({ id }) => {
      const db = ctx.workspace.db();
      db.transaction(() => {
        const current = getImportProfileRecord(db, id);
        if (!current) throw new AppError('NOT_FOUND', `Saved profile ${id} does not exist (any more).`);
        deleteImportProfile(db, id);
        appendAudit(db, { actor: ctx.actor(), at: nowIso(ctx) }, [
          {
            action: 'importProfile.delete',
            label: `Delete import profile “${current.name}”`,
            kind: 'importProfile',
            id,
            before: { name: current.name, profile: JSON.parse(current.profile_json) as unknown },
            after: null,
          },
        ]);
      })();
      ctx.emit('db/changed', { tables: ['import_profiles', 'audit_log'] });
      return { id };
    },

    'import/open': async () => {
      const path = await deps.dialogs.chooseImportFile();
      if (path === null) throw new AppError('CANCELLED', 'No file was chosen.');
      const info = await inspectFile(path);
      const token = randomBytes(16).toString('hex');
      sessions.set(token, { path, fileName: info.fileName, cached: null, rejects: null });
      while (sessions.size > MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
      return { token, fileName: info.fileName, kind: info.kind, sizeBytes: info.sizeBytes, sheets: info.sheets };
    },

    'import/preview': (input) =>
      deps.jobs.run(input.jobId, async (job) => {
        const s = session(input.token);
        const db = ctx.workspace.db();
        const profiles = allProfiles(db);
        const table = await read(s, input, headerRowOf(profiles, input), job);
        const planned = await planFor(db, table, input, job);
        s.rejects = rejectsOf(planned.plan);
        return toPreview(table, planned);
      }),

    'import/run': (input) =>
      deps.jobs.run(input.jobId, async (job): Promise<ImportResult> => {
        const s = session(input.token);
        const db = ctx.workspace.db();
        const profiles = allProfiles(db);
        const table = await read(s, input, headerRowOf(profiles, input), job);
        const planned = await planFor(db, table, input, job);
        if (!planned.choice.fitted) {
          throw new AppError(
            'VALIDATION',
            `No import profile fits ${s.fileName}. Choose a profile or map the columns, then import.`,
          );
        }
        // The last moment to stop: once the write starts it is one transaction that either commits or not.
        if (job.signal.aborted) throw new AppError('CANCELLED', 'The import was cancelled; nothing was changed.');
        job.progress('writing', 0, 1);
        const rows = planned.plan.counts.create + planned.plan.counts.update;
        let result: ReturnType<typeof commitPlan>;
        try {
          result = commitPlan(db, planned, {
            mode: input.mode,
            meta: { actor: ctx.actor(), at: nowIso(ctx) },
            fileName: s.fileName,
            transact: (label, write) => transact(ctx, db, label, rows, planned.plan.rows, write),
          });
        } catch (e) {
          if (e instanceof AppError) throw e;
          // The transaction rolled back: say so, with the database's reason.
          throw new AppError(
            'DB_ERROR',
            `The import failed and nothing was changed: ${(e as Error).message.replace(/\.$/, '')}. Fix the cause and import again.`,
          );
        }
        job.progress('writing', 1, 1);
        s.rejects = result.rejects;
        const { outcome, ...plain } = result;
        if (outcome) {
          ctx.emit('db/changed', { tables: TABLES });
          ctx.emit('history/changed', ctx.history.state());
        }
        return plain;
      }),

    'import/saveRejects': async ({ token }) => {
      const s = session(token);
      if (s.rejects === null)
        throw new AppError('NOT_FOUND', 'Preview or import the file first; there are no rejects yet.');
      const rejects = s.rejects;
      const stem = basename(s.fileName).replace(/\.[^.]+$/, '');
      const path = await deps.dialogs.chooseSavePath({
        title: 'Save rejected rows',
        defaultName: `${stem}-rejects.csv`,
        filter: { name: 'CSV', extensions: ['csv'] },
      });
      if (path === null) return { cancelled: true };
      writeFileAtomic(path, Buffer.from(rejectsCsv(rejects), 'utf8'), 'the rejects CSV');
      return { path };
    },
  };
}

/** The header row the chosen (or edited) profile states, if any. */
function headerRowOf(
  profiles: ReturnType<typeof allProfiles>,
  input: { profileId?: string | undefined; profile?: { headerRow?: number | undefined } | undefined },
): number | undefined {
  if (input.profileId !== undefined) return profiles.find((p) => p.id === input.profileId)?.headerRow;
  return input.profile?.headerRow;
}

/**
 * The write's transaction. Up to UNDO_MAX_ROWS initiatives it goes through the undo History as one entry
 * ("Undo import of N initiatives"), which also writes the audit entries from its snapshots; above that it is
 * a plain transaction with the import's own audit entries (see UNDO_MAX_ROWS for why).
 */
function transact(
  ctx: CoreContext,
  db: ReturnType<CoreContext['workspace']['db']>,
  label: string,
  rows: number,
  planRows: readonly { action: string; targetId: number | null }[],
  write: (audit: boolean) => WriteOutcome,
): WriteOutcome {
  if (rows > UNDO_MAX_ROWS) {
    const outcome = db.transaction(() => write(true))();
    ctx.history.clear();
    return outcome;
  }
  const updates = planRows.flatMap((r) => (r.action === 'update' && r.targetId !== null ? [r.targetId] : []));
  const refs = (o: WriteOutcome | undefined): EntityRef[] => {
    const existing = updates.map((id): EntityRef => ({ kind: 'initiative', id }));
    if (!o) return existing;
    // People first: undo restores in reverse order, so initiatives are removed before the people they name.
    return [
      ...o.personIds.map((id): EntityRef => ({ kind: 'person', id })),
      ...existing,
      ...o.createdIds.map((id): EntityRef => ({ kind: 'initiative', id })),
    ];
  };
  return ctx.history.record(db, label, refs, () => write(false)).result;
}
