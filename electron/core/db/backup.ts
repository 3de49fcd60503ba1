// Consistent copies of an open portfolio through SQLite's online backup API, and checks of such copies.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { APPLICATION_ID } from './open';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { openSqlite, type Db } from './sqlite';

/** What a check of a backup file found. `problem` says what is wrong in words a user can act on. */
export interface BackupCheck {
  ok: boolean;
  problem: string | null;
  initiativeCount: number | null;
  schemaVersion: number | null;
}

export interface BackupOptions {
  /**
   * Pages copied per step; between steps the event loop runs, so the app stays responsive while a big file
   * is copied. 2,000 pages of 4 KiB is about 8 MB per step.
   */
  pagesPerStep?: number;
  /** quick_check the copy before it gets its name, so a bad copy never sits among the good ones. Default true. */
  verify?: boolean;
  nativeBinding?: string | undefined;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');
/** Marks our in-progress files: never matched by a backup name pattern, and removable after a crash. */
export const PARTIAL_SUFFIX = '.partial';

export function partialName(finalName: string): string {
  return `.${finalName}.${process.pid}-${randomBytes(4).toString('hex')}${PARTIAL_SUFFIX}`;
}

function removeQuietly(path: string): void {
  for (const p of [path, `${path}-journal`, `${path}-wal`, `${path}-shm`]) {
    try {
      unlinkSync(p);
    } catch {
      /* not there, or already gone: nothing to clean */
    }
  }
}

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Makes a rename durable: the new directory entry is on disk, not only in the page cache. Windows cannot
 * open a directory for fsync (and NTFS journals the rename itself), so failing there is expected.
 */
export function fsyncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* see above: best effort where the platform does not allow it */
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** rename() replaces an existing file without a word; a backup or a user's file must never be replaced. */
function renameNoReplace(from: string, to: string): void {
  if (existsSync(to)) {
    throw Object.assign(new Error(`${to} already exists; it was not replaced.`), { code: 'EEXIST' });
  }
  renameSync(from, to);
}

/**
 * Copies the open database `db` to `destPath` with SQLite's online backup API (pages of committed
 * transactions, including those still in the WAL; writes made meanwhile through the same connection are
 * carried over by SQLite). The copy is written under a temporary name in the same folder, switched to
 * rollback-journal mode so it is one self-contained file, checked, fsynced and only then renamed: a crash
 * or a full disk never leaves a half-written file under a backup name. Refuses to replace `destPath`.
 */
export async function backupDatabase(db: Db, destPath: string, options: BackupOptions = {}): Promise<BackupCheck> {
  const dir = dirname(destPath);
  if (existsSync(destPath)) throw Object.assign(new Error(`${destPath} already exists.`), { code: 'EEXIST' });
  const tmp = join(dir, partialName(basename(destPath)));
  const pages = options.pagesPerStep ?? 2000;
  try {
    await db.backup(tmp, { progress: () => pages });
    // The copy carries the source's WAL flag; a WAL file cannot be opened read-only without its -shm in a
    // writable folder, and a restore must not depend on side files.
    const copy = openSqlite(tmp, { fileMustExist: true, nativeBinding: options.nativeBinding });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    let check: BackupCheck = { ok: true, problem: null, initiativeCount: null, schemaVersion: null };
    if (options.verify ?? true) {
      check = inspectBackup(tmp, { nativeBinding: options.nativeBinding });
      if (!check.ok) throw new Error(`The new backup failed its check: ${check.problem ?? 'unknown problem'}`);
    }
    fsyncFile(tmp);
    renameNoReplace(tmp, destPath);
    fsyncDir(dir);
    return check;
  } catch (e) {
    removeQuietly(tmp);
    throw e;
  }
}

/**
 * Copies `src` to `dest` (which must not exist) through a temporary file in dest's folder: fsync, rename,
 * fsync of the folder. Either the whole file is there under its name, or nothing is.
 */
export function copyFileDurably(src: string, dest: string): void {
  const dir = dirname(dest);
  const tmp = join(dir, partialName(basename(dest)));
  try {
    copyFileSync(src, tmp, constants.COPYFILE_EXCL);
    fsyncFile(tmp);
    renameNoReplace(tmp, dest);
    fsyncDir(dir);
  } catch (e) {
    removeQuietly(tmp);
    throw e;
  }
}

function sqliteCode(e: unknown): string {
  return typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : '';
}

function describeSqliteProblem(e: unknown): string {
  const code = sqliteCode(e);
  const detail = e instanceof Error ? e.message : String(e);
  if (code.startsWith('SQLITE_NOTADB')) return `The backup is not a SQLite database (${detail}).`;
  if (code.startsWith('SQLITE_CORRUPT')) return `The backup is damaged: SQLite reports it is malformed (${detail}).`;
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR'))
    return `The backup cannot be read (${detail}).`;
  return `The backup cannot be checked (${code || 'error'}: ${detail}).`;
}

/** Reads the 100-byte header without SQLite: the cheap, specific answers come first. */
function headerProblem(file: string, size: number): string | null {
  if (size === 0) return 'The backup is empty (0 bytes).';
  const buf = Buffer.alloc(100);
  const fd = openSync(file, 'r');
  let n: number;
  try {
    n = readSync(fd, buf, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (n < SQLITE_HEADER.length || !buf.subarray(0, SQLITE_HEADER.length).equals(SQLITE_HEADER)) {
    return 'The backup is not a SQLite database (its header is wrong).';
  }
  if (n < 100) return `The backup is truncated: only ${size} bytes, less than a database header.`;
  const rawPageSize = buf.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const changeCounter = buf.readUInt32BE(24);
  const pageCount = buf.readUInt32BE(28);
  const validFor = buf.readUInt32BE(92);
  // The in-header size is only trustworthy when written by a version that keeps it (change counter match).
  if (pageSize >= 512 && pageCount > 0 && changeCounter === validFor) {
    const expected = pageSize * pageCount;
    if (size < expected) {
      return `The backup is truncated: ${size.toLocaleString('en')} of ${expected.toLocaleString('en')} bytes are there.`;
    }
  }
  return null;
}

/**
 * Checks a backup without changing it: opened read-only, header, quick_check, that it is a Flightdeck file
 * this version can open, and how many initiatives it holds. Never throws: every failure is a problem.
 */
export function inspectBackup(file: string, options: { nativeBinding?: string | undefined } = {}): BackupCheck {
  const bad = (problem: string, schemaVersion: number | null = null): BackupCheck => ({
    ok: false,
    problem,
    initiativeCount: null,
    schemaVersion,
  });
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return bad('The backup is not a file.');
    size = st.size;
  } catch (e) {
    const code = sqliteCode(e);
    return bad(code === 'ENOENT' ? 'The backup file is missing.' : `The backup cannot be read (${code}).`);
  }
  try {
    const p = headerProblem(file, size);
    if (p) return bad(p);
  } catch (e) {
    return bad(`The backup cannot be read (${(e as Error).message}).`);
  }

  let db: Db;
  try {
    db = openSqlite(file, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding });
  } catch (e) {
    return bad(describeSqliteProblem(e));
  }
  let version: number | null = null;
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') return bad(`The backup is damaged: SQLite's quick_check reports "${String(check)}".`);
    const appId = db.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID)
      return bad('The backup is a SQLite database of another program, not a Flightdeck portfolio.');
    version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_SCHEMA_VERSION) {
      return bad(
        `The backup was made by a newer version of Flightdeck (schema ${version}; this version reads up to ${LATEST_SCHEMA_VERSION}).`,
        version,
      );
    }
    const count = (db.prepare('SELECT count(*) AS n FROM initiatives').get() as { n: number }).n;
    return { ok: true, problem: null, initiativeCount: count, schemaVersion: version };
  } catch (e) {
    return bad(describeSqliteProblem(e), version);
  } finally {
    db.close();
  }
}
