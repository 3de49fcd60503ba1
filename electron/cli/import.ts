// `flightdeck import FILE --db DB`: the spreadsheet import of the app's wizard, for scripts. The mapping is a
// named profile (saved in DB, or built in), or the one that fits the file's headers best; a file no profile
// fits is refused with its unmatched columns listed, never imported on a guess.
import { existsSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import type { ImportKey, ImportResult, ProfileInfo } from '../../shared/domain/import/types';
import { AppError } from '../../shared/errors';
import type { Db } from '../core/db/sqlite';
import { commitPlan, importableBy, planFor, readTable, type Job } from '../core/import/engine';
import { allProfiles, findProfile, noFitMessage } from '../core/import/profiles';
import { rejectsCsv } from '../core/import/rejects';
import { exportTargetProblem, writeFileAtomic } from '../core/services/exportImage';
import { badInput, CliError, cell, EXIT_OK, open, requireDb, resolveNow, usage, type CliIo, type Values } from './cli';

/** import with --all-or-nothing refused to write because some rows were rejected. */
export const EXIT_NOTHING_IMPORTED = 1;

const KEYS: Record<string, ImportKey> = { 'name-and-unit': 'nameAndUnit', name: 'name', id: 'id' };

/**
 * `--key` is one of the flags runCli refuses as a possible secret; for import it names the match key and
 * takes only these words, so `import --key name` is let through while `--key sk-…` is still refused.
 */
export function isImportKeyFlag(argv: readonly string[], index: number): boolean {
  if (!argv.includes('import')) return false;
  const a = argv[index] ?? '';
  const value = a.startsWith('--key=') ? a.slice('--key='.length) : a === '--key' ? argv[index + 1] : undefined;
  return value !== undefined && Object.hasOwn(KEYS, value);
}

/** What `import --json` prints: these keys first, in this order (scripts rely on them), then the extras. */
export interface ImportJson {
  profile: string;
  imported: number;
  updated: number;
  rejected: number;
  rejects: { row: number; column: string; reason: string }[];
  dryRun: boolean;
  committed: boolean;
  peopleCreated: number;
  sheet: string;
  rows: number;
}

function parseHeaderRow(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw usage(`--header-row must be a whole number, got ${JSON.stringify(raw)}`);
  const n = Number(raw.trim());
  if (n < 1 || n > 100_000) throw usage('--header-row must be between 1 and 100000');
  return n;
}

function listProfiles(values: Values, io: CliIo): number {
  let db: Db | null = null;
  if (values.db !== undefined) {
    const path = requireDb(values);
    if (!existsSync(path)) throw badInput(`${path}: file not found`);
    db = open(path, false);
  }
  try {
    const profiles = allProfiles(db);
    if (values.json) {
      io.stdout.write(JSON.stringify(profiles, null, 2) + '\n');
      return EXIT_OK;
    }
    const header = ['ID', 'NAME', 'KIND', 'KEY', 'DESCRIPTION'];
    const rows = profiles.map((p: ProfileInfo) => [
      p.id,
      cell(p.name),
      p.builtIn ? 'built-in' : 'saved',
      p.key,
      cell(p.description || null),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: readonly string[]) =>
      r
        .map((v, i) => v.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd();
    const count = `${profiles.length} profile${profiles.length === 1 ? '' : 's'}`;
    io.stdout.write([line(header), ...rows.map(line), count].join('\n') + '\n');
    return EXIT_OK;
  } finally {
    db?.close();
  }
}

/** A reader or planner error about the file: the message as the reader wrote it, exit 3. */
function fileError(file: string, e: unknown): never {
  if (e instanceof CliError) throw e;
  if (e instanceof AppError && (e.code === 'VALIDATION' || e.code === 'NOT_FOUND'))
    throw badInput(`${file}: ${e.message}`);
  throw e;
}

function printText(r: ImportResult, file: string, dryRun: boolean, refused: boolean, io: CliIo): void {
  const counts = `${r.imported} new, ${r.updated} updated, ${r.rejected} rejected`;
  if (refused) {
    io.stdout.write(
      `Imported nothing from ${file} (profile ${r.profile}): ${r.rejected} rows were rejected and --all-or-nothing was given.\n`,
    );
  } else {
    io.stdout.write(`${dryRun ? 'Would import' : 'Imported'} ${file} with profile ${r.profile}: ${counts}.\n`);
  }
  if (r.peopleCreated > 0) io.stdout.write(`Added ${r.peopleCreated} people named as owners.\n`);
  const shown = r.rejects.slice(0, 20);
  for (const p of shown) io.stdout.write(`  row ${p.row}${p.column ? ` [${cell(p.column)}]` : ''}: ${p.reason}\n`);
  if (r.rejects.length > shown.length) {
    io.stdout.write(`  … ${r.rejects.length - shown.length} more (write them all with --rejects OUT.csv)\n`);
  }
}

async function importFile(file: string, values: Values, io: CliIo): Promise<number> {
  const dbPath = requireDb(values);
  const dryRun = values['dry-run'] === true;
  const keyFlag = values.key;
  if (keyFlag !== undefined && !Object.hasOwn(KEYS, keyFlag)) {
    throw usage(`--key must be name-and-unit, name or id, got ${JSON.stringify(keyFlag)}`);
  }
  const key = keyFlag !== undefined ? KEYS[keyFlag] : undefined;
  const headerRow = parseHeaderRow(values['header-row']);
  if (values.rejects !== undefined && values.rejects.trim() === '') throw usage('--rejects needs a file name');
  if (!existsSync(file)) throw badInput(`${file}: file not found`);
  // Checked before anything is imported: a rejects file that cannot be written must not fail the run after
  // the rows were committed (scripts would think nothing happened).
  const rejectsProblem = values.rejects !== undefined ? exportTargetProblem(values.rejects) : null;
  if (rejectsProblem) throw badInput(`${values.rejects}: ${rejectsProblem}`);
  const now = resolveNow(io);

  const dbExisted = existsSync(dbPath);
  if (!dbExisted && dryRun) throw badInput(`${dbPath}: file not found (a dry run does not create a portfolio)`);
  // A new portfolio is created for the import; if nothing ends up in it, it is removed again.
  const db = open(dbPath, !dbExisted);
  let wrote = false;
  try {
    const profiles = allProfiles(db);
    let profileId: string | undefined;
    if (values.profile !== undefined) {
      const p = findProfile(profiles, values.profile);
      if (!p) {
        throw usage(
          `no import profile is named ${JSON.stringify(values.profile)}; see flightdeck import --list-profiles`,
        );
      }
      profileId = p.id;
    }
    const job: Job = { signal: new AbortController().signal, progress: () => {} };
    const wantedHeaderRow = headerRow ?? (profileId ? profiles.find((p) => p.id === profileId)?.headerRow : undefined);
    const importable = profileId === undefined ? importableBy(profiles) : undefined;
    const table = await readTable(file, { sheet: values.sheet, headerRow: wantedHeaderRow, importable }, job).catch(
      (e: unknown) => fileError(file, e),
    );
    const planned = await planFor(db, table, { profileId, key }, job).catch((e: unknown) => fileError(file, e));
    if (!planned.choice.fitted) {
      throw badInput(
        `${noFitMessage(basename(file), planned.choice.fits, table.headers)} Use --profile NAME or save a profile in the app.`,
      );
    }
    const at = now().toISOString();
    const result = commitPlan(db, planned, {
      mode: values['all-or-nothing'] ? 'allOrNothing' : 'validOnly',
      meta: { actor: io.env?.USER ? `${io.env.USER} (CLI)` : 'Flightdeck CLI', at },
      fileName: basename(file),
      dryRun,
    });
    wrote = result.committed;
    if (values.rejects !== undefined) {
      try {
        writeFileAtomic(values.rejects, Buffer.from(rejectsCsv(result.rejects), 'utf8'), 'the rejects CSV');
      } catch (e) {
        throw badInput(`${values.rejects}: ${(e as Error).message}`);
      }
    }
    const out: ImportJson = {
      profile: result.profile,
      imported: result.imported,
      updated: result.updated,
      rejected: result.rejected,
      rejects: result.rejects.map((r) => ({ row: r.row, column: r.column, reason: r.reason })),
      dryRun,
      committed: result.committed,
      peopleCreated: result.peopleCreated,
      sheet: table.sheet,
      rows: table.rows.length,
    };
    const refused = !dryRun && values['all-or-nothing'] === true && result.rejected > 0;
    if (values.json) io.stdout.write(JSON.stringify(out, null, 2) + '\n');
    else printText(result, file, dryRun, refused, io);
    if (refused) {
      io.stderr.write(`flightdeck: nothing was imported: ${result.rejected} rows were rejected (--all-or-nothing)\n`);
      return EXIT_NOTHING_IMPORTED;
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof AppError) throw badInput(`${file}: ${e.message}`);
    throw e;
  } finally {
    db.close();
    if (!dbExisted && !wrote) for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) rmSync(f, { force: true });
  }
}

/** `import FILE …` or `import --list-profiles`; answers with a Promise (reading a file is asynchronous). */
export function importCommand(positionals: readonly string[], values: Values, io: CliIo): number | Promise<number> {
  if (values['list-profiles']) {
    if (positionals.length > 0) throw usage('--list-profiles takes no file');
    return listProfiles(values, io);
  }
  const [file, ...more] = positionals;
  if (file === undefined || file.trim() === '') throw usage('import needs a FILE (CSV or XLSX)');
  if (more.length > 0) throw usage(`unexpected argument ${JSON.stringify(more[0])}`);
  return importFile(file, values, io);
}
