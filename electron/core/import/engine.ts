import type {
  ImportKey,
  ImportMode,
  ImportPreview,
  ImportResult,
  MappingProfile,
  ProfileInfo,
  SheetTable,
} from '../../../shared/domain/import/types';
import type { AuditMeta } from '../audit/audit.repo';
import type { Db } from '../db/sqlite';
import { throwIfCancelled } from '../services/jobs';
import { inspectFile, readSheet } from './read';
import { fitProfiles } from '../../../shared/domain/import';
import { planImport, previewRows, rejectsOf, type ImportPlan, type PlanOptions } from './plan';
import { allProfiles, chooseProfile, type ProfileChoice } from './profiles';
import { countNewPeople, writePlan, type WriteOutcome } from './write';

/**
 * The import pipeline shared by the app's wizard (services/imports.ts) and the CLI: read a sheet, choose the
 * mapping, plan every row against the portfolio, and write the plan in one transaction.
 */

export interface Job {
  signal: AbortSignal;
  progress: (phase: string, done: number, total: number) => void;
}

export interface ReadOptions {
  sheet?: string | undefined;
  headerRow?: number | undefined;
  /**
   * With no sheet named: whether a sheet's headers are importable (some profile is usable). The reader's default
   * sheet is kept when it is; otherwise the first other sheet that is wins — a Flightdeck XLSX pack starts with
   * its README sheet, and must still import back without naming "Initiatives".
   */
  importable?: ((headers: readonly string[]) => boolean) | undefined;
}

/** Reads one sheet; the reader's VALIDATION errors (not a spreadsheet, too big, ...) pass through unchanged. */
export async function readTable(path: string, options: ReadOptions, job: Job): Promise<SheetTable> {
  throwIfCancelled(job.signal, 'The import');
  job.progress('reading', 0, 1);
  const read = (sheet: string | undefined) =>
    readSheet(path, {
      ...(sheet !== undefined ? { sheet } : {}),
      ...(options.headerRow !== undefined ? { headerRow: options.headerRow } : {}),
      signal: job.signal,
      onProgress: (done: number, total: number) => job.progress('reading', done, total),
    });
  const table = await read(options.sheet);
  throwIfCancelled(job.signal, 'The import');
  if (options.sheet !== undefined || !options.importable || options.importable(table.headers)) return table;
  const info = await inspectFile(path);
  if (info.kind !== 'xlsx') return table;
  for (const sheet of info.sheets) {
    if (sheet.name === table.sheet || sheet.rows < 2) continue;
    const other = await read(sheet.name).catch(() => null);
    throwIfCancelled(job.signal, 'The import');
    if (other && options.importable(other.headers)) return other;
  }
  return table;
}

/** `importable` for ReadOptions: some of these profiles can import a sheet with these headers. */
export function importableBy(profiles: readonly ProfileInfo[]): (headers: readonly string[]) => boolean {
  return (headers) => fitProfiles([...profiles], [...headers]).some((f) => f.usable);
}

export interface Selection {
  profileId?: string | undefined;
  profile?: MappingProfile | undefined;
  key?: ImportKey | undefined;
}

export interface Planned {
  choice: ProfileChoice;
  key: ImportKey;
  plan: ImportPlan;
}

export async function planFor(db: Db, table: SheetTable, selection: Selection, job: PlanOptions): Promise<Planned> {
  const choice = chooseProfile(allProfiles(db), table.headers, selection);
  const plan = await planImport(db, table, choice.profile, selection.key ?? choice.profile.key, job);
  return { choice, key: plan.key, plan };
}

export function toPreview(table: SheetTable, planned: Planned): ImportPreview {
  return {
    sheet: table.sheet,
    encoding: table.encoding,
    headerRow: table.headerRow,
    headers: table.headers,
    fits: planned.choice.fits,
    profileId: planned.choice.profileId,
    profile: planned.choice.profile,
    rows: previewRows(planned.plan, table),
    counts: planned.plan.counts,
    warnings: [...table.warnings, ...planned.plan.prepared.warnings],
  };
}

/** The label of the change in the audit trail and the undo menu. */
export function importLabel(plan: ImportPlan, fileName: string): string {
  const n = plan.counts.create + plan.counts.update;
  return `Import of ${n.toLocaleString('en')} initiative${n === 1 ? '' : 's'} from ${fileName}`;
}

export interface CommitOptions {
  mode: ImportMode;
  meta: AuditMeta;
  fileName: string;
  /** Count what would happen, write nothing. */
  dryRun?: boolean;
  /**
   * Runs the write in a transaction. Default: a plain transaction with the import's own audit entries; the app
   * passes one that records the change in the undo History (which then writes the audit entries itself).
   */
  transact?: (label: string, write: (audit: boolean) => WriteOutcome) => WriteOutcome;
}

/**
 * Writes the plan (or not) and says what happened. 'allOrNothing' with any reject, a dry run, and a file with
 * no valid row write nothing and report `committed: false`; a dry run reports the counts a write would have. A failure inside the
 * write rolls the whole transaction back and is thrown.
 */
export function commitPlan(
  db: Db,
  planned: Planned,
  options: CommitOptions,
): ImportResult & { outcome: WriteOutcome | null } {
  const { plan } = planned;
  const rejects = rejectsOf(plan);
  const base = {
    profile: planned.choice.profile.name,
    rejected: plan.counts.reject,
    rejects,
  };
  const refused = options.mode === 'allOrNothing' && plan.counts.reject > 0;
  const nothing = plan.counts.create + plan.counts.update === 0;
  const skip = options.dryRun === true || refused || nothing;
  if (skip) {
    // Nothing was written; the counts say what a write would do (for allOrNothing: nothing, because of the rejects).
    const wouldWrite = options.dryRun === true && !refused;
    return {
      ...base,
      imported: wouldWrite ? plan.counts.create : 0,
      updated: wouldWrite ? plan.counts.update : 0,
      peopleCreated: wouldWrite ? countNewPeople(db, plan) : 0,
      committed: false,
      outcome: null,
    };
  }
  const label = importLabel(plan, options.fileName);
  const write = (audit: boolean) =>
    writePlan(db, plan, { meta: options.meta, fileName: options.fileName, label, audit });
  const outcome = options.transact ? options.transact(label, write) : db.transaction(() => write(true))();
  return {
    ...base,
    imported: outcome.imported,
    updated: outcome.updated,
    peopleCreated: outcome.peopleCreated,
    committed: true,
    outcome,
  };
}
