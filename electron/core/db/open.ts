import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { OpenFailureReason } from '../../../shared/domain/workspace';
import { migrate } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import type { Migration } from './migrations/types';
import { openSqlite, type Db } from './sqlite';

// openSqlite hands its first argument to the driver unchanged, and the driver opens a Buffer as an
// in-memory image of a database (sqlite3_deserialize). Its signature only says string for now.

/** PRAGMA application_id of every Flightdeck file: 'FDK1'. Lets us refuse other programs' SQLite files. */
export const APPLICATION_ID = 0x46444b31;

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenOptions {
  /** Create the file when it does not exist (the default portfolio, File > New). */
  create: boolean;
  nativeBinding?: string | undefined;
  /** Injected for tests; production uses the full registry. */
  migrations?: readonly Migration[];
  now?: () => Date;
  /**
   * When the file exists but cannot be written (its mode or its folder's), open it read-only instead of
   * failing NOT_WRITABLE, so the user can still read it and Save a copy (the app; the CLI keeps refusing).
   */
  readOnlyFallback?: boolean;
}

export type OpenResult =
  | {
      ok: true;
      db: Db;
      schemaVersion: number;
      migratedFrom: number;
      backupPath: string | null;
      /** True when opened through `readOnlyFallback`: the connection refuses every write. */
      readOnly: boolean;
    }
  | { ok: false; reason: OpenFailureReason; message: string };

export class OpenFailure extends Error {
  constructor(
    readonly reason: OpenFailureReason,
    message: string,
  ) {
    super(message);
  }
}

function fail(reason: OpenFailureReason, message: string): OpenResult {
  return { ok: false, reason, message };
}

/** Looks at the first bytes without SQLite, so a foreign file is refused before anything could write to it. */
function hasSqliteHeader(path: string): boolean | 'empty' {
  if (statSync(path).size === 0) return 'empty';
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(SQLITE_HEADER.length);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return n === buf.length && buf.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

export function classifySqliteError(err: unknown): { reason: OpenFailureReason; detail: string } {
  const code = typeof err === 'object' && err && 'code' in err ? String((err as { code: unknown }).code) : '';
  const detail = err instanceof Error ? err.message : String(err);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return { reason: 'LOCKED', detail };
  if (code.startsWith('SQLITE_NOTADB')) return { reason: 'NOT_SQLITE', detail };
  if (code.startsWith('SQLITE_CORRUPT')) return { reason: 'CORRUPT', detail };
  if (code.startsWith('SQLITE_READONLY')) return { reason: 'NOT_WRITABLE', detail };
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH'))
    return { reason: 'UNREADABLE', detail };
  return { reason: 'CORRUPT', detail };
}

const MESSAGES: Record<OpenFailureReason, string> = {
  NOT_FOUND: 'The file does not exist.',
  NOT_SQLITE: 'The file is not a Flightdeck portfolio (it is not a SQLite database).',
  NOT_FLIGHTDECK: 'The file is a SQLite database written by another program, not a Flightdeck portfolio.',
  CORRUPT: 'The file is damaged: SQLite reports that the database is malformed.',
  LOCKED:
    'The file is in use by another Flightdeck window or another program (such as the flightdeck command line). Close it there, then choose Try again.',
  TOO_NEW: 'The file was written by a newer version of Flightdeck.',
  UNREADABLE: 'The file cannot be read (permissions or a missing folder).',
  NOT_WRITABLE:
    'The file or its folder is read-only, and Flightdeck needs to write to it. Change its permissions, or open a writable copy.',
  MIGRATION_FAILED: 'Upgrading the file to this version failed; the file was left as it was.',
};

export function describeFailure(reason: OpenFailureReason, detail?: string): string {
  return detail ? `${MESSAGES[reason]} (${detail})` : MESSAGES[reason];
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

/**
 * A 0-byte file is either being created right now by another Flightdeck (which holds its lock until its
 * first pages are written: that is "in use") or was truncated (damage: the recovery screen offers backups).
 * Taking and dropping the write lock tells them apart without writing anything.
 */
function emptyFileFailure(path: string, options: OpenOptions): OpenResult {
  let probe: Db | null = null;
  try {
    probe = openSqlite(path, { nativeBinding: options.nativeBinding, fileMustExist: true });
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
  } catch (e) {
    if (classifySqliteError(e).reason === 'LOCKED') return fail('LOCKED', describeFailure('LOCKED'));
  } finally {
    probe?.close();
  }
  return fail(
    'CORRUPT',
    'The file is damaged: the file is empty (0 bytes), so it holds no portfolio (a crash, a failed copy or a sync tool may have cut it short). Restore a backup, or open another file.',
  );
}

/** Writable means the file itself and its folder (SQLite creates the -wal and -shm files beside it). */
function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    accessSync(dirname(path), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens (or creates) a portfolio file: refuses anything that is not ours, newer than us, damaged or
 * locked, backs the file up before migrating it, and leaves the connection holding an exclusive lock.
 */
export function openPortfolio(path: string, options: OpenOptions): OpenResult {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = migrations[migrations.length - 1]?.version ?? LATEST_SCHEMA_VERSION;
  const now = options.now ?? (() => new Date());
  const exists = existsSync(path);
  if (!exists && !options.create) return fail('NOT_FOUND', describeFailure('NOT_FOUND'));
  if (!exists && !existsSync(dirname(path))) {
    return fail('UNREADABLE', describeFailure('UNREADABLE', `the folder ${dirname(path)} does not exist`));
  }
  if (exists) {
    try {
      accessSync(path, constants.R_OK);
    } catch (e) {
      return fail('UNREADABLE', describeFailure('UNREADABLE', (e as Error).message));
    }
    let header: boolean | 'empty';
    try {
      header = hasSqliteHeader(path);
    } catch (e) {
      return fail('UNREADABLE', describeFailure('UNREADABLE', (e as Error).message));
    }
    // An existing empty file is not a new portfolio: something truncated it (a crash, a sync tool, a
    // failed copy). Initialising it would bury that; CORRUPT sends the user to the backups instead.
    if (header === 'empty') return emptyFileFailure(path, options);
    if (header === false) return fail('NOT_SQLITE', describeFailure('NOT_SQLITE'));
    if (!isWritable(path)) {
      return options.readOnlyFallback
        ? openReadOnly(path, options, latest)
        : fail('NOT_WRITABLE', describeFailure('NOT_WRITABLE'));
    }
  }

  let db: Db;
  try {
    db = openSqlite(path, { nativeBinding: options.nativeBinding, fileMustExist: exists });
  } catch (e) {
    const { reason, detail } = classifySqliteError(e);
    return fail(reason, describeFailure(reason, detail));
  }

  try {
    // One writer per file: exclusive locking mode keeps the lock for the life of the connection,
    // so a second Flightdeck (or any other program) gets a clear "in use" instead of interleaved writes.
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN IMMEDIATE; COMMIT;');
    const refused = checkOpened(db, latest);
    if (refused) {
      db.close();
      return refused;
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');

    let backupPath: string | null = null;
    if (version > 0 && version < latest) {
      // Keep the user's data safe from a faulty upgrade: a consistent copy beside the file.
      backupPath = `${path}.v${version}-${stamp(now())}.bak`;
      // Written under a temporary name, made durable, then renamed: a crash mid-copy (seen in the migration
      // kill test) must not leave a truncated file under a backup's name.
      const partial = `${backupPath}.partial`;
      rmSync(partial, { force: true });
      db.prepare('VACUUM INTO ?').run(partial);
      const fd = openSync(partial, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(partial, backupPath);
    }
    try {
      migrate(db, migrations, APPLICATION_ID);
    } catch (e) {
      db.close();
      return fail('MIGRATION_FAILED', describeFailure('MIGRATION_FAILED', (e as Error).message));
    }
    return { ok: true, db, schemaVersion: latest, migratedFrom: version, backupPath, readOnly: false };
  } catch (e) {
    try {
      db.close();
    } catch {
      /* already failing; the original error is what the user needs */
    }
    const { reason, detail } = classifySqliteError(e);
    return fail(reason, describeFailure(reason, detail));
  }
}

/** The checks every opened connection passes before we use it: healthy, ours, not from a newer version. */
function checkOpened(db: Db, latest: number): OpenResult | null {
  // The structural check (pages, b-trees, NOT NULL) on every open. CHECK constraints are left out of it:
  // evaluating them on every row doubled the open time of a 10,000-initiative file (1.2-2.1 s → 0.3 s), and
  // they guard our own writes, which SQLite already enforces; damage shows up as broken structure.
  db.pragma('ignore_check_constraints = ON');
  let check: unknown;
  try {
    check = db.pragma('quick_check', { simple: true });
  } finally {
    db.pragma('ignore_check_constraints = OFF');
  }
  if (check !== 'ok') return fail('CORRUPT', describeFailure('CORRUPT', String(check)));
  const version = db.pragma('user_version', { simple: true }) as number;
  const appId = db.pragma('application_id', { simple: true }) as number;
  const tableCount = (db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number })
    .n;
  if (appId !== APPLICATION_ID && (appId !== 0 || tableCount > 0)) {
    return fail('NOT_FLIGHTDECK', describeFailure('NOT_FLIGHTDECK'));
  }
  if (version > latest) {
    return fail(
      'TOO_NEW',
      `${describeFailure('TOO_NEW')} It has schema version ${version}; this version understands up to ${latest}. Update Flightdeck to open it.`,
    );
  }
  return null;
}

/** File-format bytes 18 and 19: 2 means WAL, 1 the rollback journal (what an in-memory image needs). */
const FORMAT_VERSION_OFFSETS = [18, 19] as const;

/**
 * A file we may read but not write. First a read-only connection on the file itself (works when SQLite
 * can reach or create the -shm beside it); when the folder is read-only too and no -wal holds committed
 * pages, an in-memory image of the file (everything is in the main file after a clean close). Either way
 * every write is refused by SQLite itself. A file that needs upgrading cannot be used without writing.
 */
function openReadOnly(path: string, options: OpenOptions, latest: number): OpenResult {
  const candidates: (() => Db)[] = [
    () => {
      const db = openSqlite(path, { nativeBinding: options.nativeBinding, readonly: true, fileMustExist: true });
      db.prepare('SELECT count(*) FROM sqlite_schema').get();
      return db;
    },
  ];
  const walPath = `${path}-wal`;
  if (!existsSync(walPath) || statSync(walPath).size === 0) {
    candidates.push(() => {
      const image = readFileSync(path);
      for (const at of FORMAT_VERSION_OFFSETS) if (image[at] === 2) image[at] = 1;
      return openSqlite(image, { nativeBinding: options.nativeBinding, readonly: true });
    });
  }
  let lastError: unknown = null;
  for (const candidate of candidates) {
    let db: Db;
    try {
      db = candidate();
    } catch (e) {
      lastError = e;
      continue;
    }
    try {
      const refused = checkOpened(db, latest);
      if (refused) {
        db.close();
        return refused;
      }
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version < latest) {
        db.close();
        return fail(
          'NOT_WRITABLE',
          describeFailure(
            'NOT_WRITABLE',
            `it has schema version ${version} and must be upgraded to ${latest}, which needs writing to it`,
          ),
        );
      }
      db.pragma('foreign_keys = ON');
      return { ok: true, db, schemaVersion: latest, migratedFrom: version, backupPath: null, readOnly: true };
    } catch (e) {
      try {
        db.close();
      } catch {
        /* the original error is what the user needs */
      }
      const { reason, detail } = classifySqliteError(e);
      return fail(reason, describeFailure(reason, detail));
    }
  }
  const detail = lastError instanceof Error ? lastError.message : undefined;
  return fail('NOT_WRITABLE', describeFailure('NOT_WRITABLE', detail));
}
