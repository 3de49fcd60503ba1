import { accessSync, constants, existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { OpenFailureReason } from '../../../shared/domain/workspace';
import { migrate } from './migrate';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import type { Migration } from './migrations/types';
import { openSqlite, type Db } from './sqlite';

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
}

export type OpenResult =
  | { ok: true; db: Db; schemaVersion: number; migratedFrom: number; backupPath: string | null }
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
  LOCKED: 'The file is in use by another program or another Flightdeck window.',
  TOO_NEW: 'The file was written by a newer version of Flightdeck.',
  UNREADABLE: 'The file cannot be read (permissions or a missing folder).',
  NOT_WRITABLE: 'The file is read-only; Flightdeck needs to write to it.',
  MIGRATION_FAILED: 'Upgrading the file to this version failed; the file was left as it was.',
};

export function describeFailure(reason: OpenFailureReason, detail?: string): string {
  return detail ? `${MESSAGES[reason]} (${detail})` : MESSAGES[reason];
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
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
    try {
      accessSync(path, constants.W_OK);
    } catch {
      return fail('NOT_WRITABLE', describeFailure('NOT_WRITABLE'));
    }
    let header: boolean | 'empty';
    try {
      header = hasSqliteHeader(path);
    } catch (e) {
      return fail('UNREADABLE', describeFailure('UNREADABLE', (e as Error).message));
    }
    if (header === false) return fail('NOT_SQLITE', describeFailure('NOT_SQLITE'));
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
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      db.close();
      return fail('CORRUPT', describeFailure('CORRUPT', String(check)));
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    const appId = db.pragma('application_id', { simple: true }) as number;
    const tableCount = (
      db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'`).get() as { n: number }
    ).n;
    if (appId !== APPLICATION_ID && (appId !== 0 || tableCount > 0)) {
      db.close();
      return fail('NOT_FLIGHTDECK', describeFailure('NOT_FLIGHTDECK'));
    }
    if (version > latest) {
      db.close();
      return fail(
        'TOO_NEW',
        `${describeFailure('TOO_NEW')} It has schema version ${version}; this version understands up to ${latest}. Update Flightdeck to open it.`,
      );
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');

    let backupPath: string | null = null;
    if (version > 0 && version < latest) {
      // Keep the user's data safe from a faulty upgrade: a consistent copy beside the file.
      backupPath = `${path}.v${version}-${stamp(now())}.bak`;
      db.prepare('VACUUM INTO ?').run(backupPath);
    }
    try {
      migrate(db, migrations, APPLICATION_ID);
    } catch (e) {
      db.close();
      return fail('MIGRATION_FAILED', describeFailure('MIGRATION_FAILED', (e as Error).message));
    }
    return { ok: true, db, schemaVersion: latest, migratedFrom: version, backupPath };
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
