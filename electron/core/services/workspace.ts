import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { ReadOnlyReason, ReadOnlyState, WorkspaceStatus } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import { openPortfolio, type OpenResult } from '../db/open';
import type { Db } from '../db/sqlite';
import { countInitiatives } from '../repositories/initiatives.repo';
import { getSetting } from '../repositories/settings.repo';
import { classifyStorageError } from './storageGuard';

export const FILE_EXTENSION = '.flightdeck';
export const SETUP_DONE_KEY = 'setup_done';

interface OpenFile {
  db: Db;
  path: string;
  schemaVersion: number;
  /** Identity of the file we opened: a different (or no) file at the path later means it was moved or deleted. */
  dev: number;
  ino: number;
  /** Opened read-only (the file or folder was not writable): only a fresh connection can write. */
  connectionReadOnly: boolean;
  readOnly: ReadOnlyState | null;
  /** Last count read, for the status when a read fails too (a failing disk). */
  initiativeCount: number;
}

const SAFE = 'Everything saved before is safe';

/** The banner text: what happened, what it means for the user's work, what to do. */
export function readOnlyMessage(reason: ReadOnlyReason, path: string, detail: string, atOpen = false): string {
  const lost = atOpen ? '' : ' The change you just made was not saved.';
  switch (reason) {
    case 'DISK_FULL':
      return `Flightdeck could not save to ${path}: the disk is full or the file reached its size limit (${detail}).${lost} ${SAFE} and you can keep reading. Free some disk space, then choose Retry, or use File > Save a copy… to keep a copy on another drive.`;
    case 'IO_ERROR':
      return `Flightdeck could not save to ${path}: the disk reported an error (${detail}).${lost} ${SAFE} as far as the disk allows, and you can keep reading. Check the drive or network folder, then choose Retry, or use File > Save a copy… to keep a copy elsewhere.`;
    case 'NOT_WRITABLE':
      return atOpen
        ? `${path} is read-only (the file's or its folder's permissions): you can read it and use File > Save a copy…, but changes cannot be saved. Make the file and its folder writable, then choose Retry.`
        : `Flightdeck could not save to ${path}: the file or its folder became read-only (${detail}).${lost} ${SAFE} and you can keep reading. Make the file and its folder writable, then choose Retry, or use File > Save a copy….`;
    case 'FILE_REMOVED':
      return `${path} was moved or deleted while open (${detail}). Nothing more can be saved to it.${lost} Its data is still readable here: use File > Save a copy… now to keep it, or put the file back and choose Retry.`;
  }
}

/** The one open portfolio file, or why none is open. */
export class Workspace {
  private current: OpenFile | null = null;
  private failure: Extract<WorkspaceStatus, { state: 'failed' }> | null = null;

  constructor(private readonly options: { nativeBinding?: string | undefined; now: () => Date }) {}

  get path(): string | null {
    return this.current?.path ?? null;
  }

  db(): Db {
    if (!this.current) {
      throw new AppError(
        'NO_DATABASE',
        this.failure ? `No portfolio is open: ${this.failure.message}` : 'No portfolio is open.',
      );
    }
    return this.current.db;
  }

  status(): WorkspaceStatus {
    if (this.current) {
      const cur = this.current;
      let firstRun = false;
      try {
        cur.initiativeCount = countInitiatives(cur.db);
        firstRun = cur.initiativeCount === 0 && getSetting(cur.db, SETUP_DONE_KEY) === null;
      } catch {
        // A failing disk may refuse reads too; the status must still say read-only and why.
      }
      return {
        state: 'open',
        path: cur.path,
        schemaVersion: cur.schemaVersion,
        initiativeCount: cur.initiativeCount,
        firstRun,
        readOnly: cur.readOnly,
      };
    }
    return this.failure ?? { state: 'closed' };
  }

  /** Opens `path`; on failure the previous file is closed too and the status names the file and the reason. */
  open(path: string, create: boolean): WorkspaceStatus {
    // Our own connection holds the file's exclusive lock, so opening the open file again would be
    // refused as LOCKED and leave nothing open; it is already open, so say so.
    if (this.current && resolve(this.current.path) === resolve(path)) return this.status();
    const result = this.openFile(path, create);
    this.close();
    if (!result.ok) {
      this.failure = { state: 'failed', path, reason: result.reason, message: result.message };
      return this.failure;
    }
    this.current = this.adopt(path, result);
    return this.status();
  }

  private openFile(path: string, create: boolean): OpenResult {
    return openPortfolio(path, {
      create,
      nativeBinding: this.options.nativeBinding,
      now: this.options.now,
      // A file we may not write still opens, read-only: the user can read it and Save a copy.
      readOnlyFallback: true,
    });
  }

  private adopt(path: string, result: Extract<OpenResult, { ok: true }>): OpenFile {
    let id = { dev: 0, ino: 0 };
    try {
      const st = statSync(path);
      id = { dev: st.dev, ino: st.ino };
    } catch {
      /* vanished between open and stat: the first check reports it as removed */
    }
    const cur: OpenFile = {
      db: result.db,
      path,
      schemaVersion: result.schemaVersion,
      ...id,
      connectionReadOnly: result.readOnly,
      readOnly: null,
      initiativeCount: 0,
    };
    if (result.readOnly) {
      cur.readOnly = {
        reason: 'NOT_WRITABLE',
        message: readOnlyMessage('NOT_WRITABLE', path, '', true),
        since: this.options.now().toISOString(),
      };
    }
    return cur;
  }

  /** Why writes are off, or null when they are on (or nothing is open). */
  readOnlyState(): ReadOnlyState | null {
    return this.current?.readOnly ?? null;
  }

  /** Null when the file at our path is still the one we opened; otherwise what happened to it. */
  private identityProblem(cur: OpenFile): string | null {
    try {
      const st = statSync(cur.path);
      if (st.dev !== cur.dev || st.ino !== cur.ino) return 'another file now has its name';
      return null;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return code === 'ENOENT'
        ? 'no file at that path any more'
        : `it cannot be checked: ${code ?? (e as Error).message}`;
    }
  }

  /**
   * The cheap check before every call: stat the path and compare it with the file we opened. Returns true
   * when this call put the workspace into read-only mode (FILE_REMOVED), so the caller can announce it.
   */
  checkFile(): boolean {
    const cur = this.current;
    if (!cur || cur.readOnly?.reason === 'FILE_REMOVED') return false;
    const problem = this.identityProblem(cur);
    if (!problem) return false;
    this.enterReadOnly('FILE_REMOVED', problem, true);
    return true;
  }

  /**
   * Stops all writes to the open file: PRAGMA query_only makes SQLite refuse every later write on this
   * connection, whoever issues it (handlers, background polling, backups' bookkeeping). Reads keep working.
   */
  enterReadOnly(reason: ReadOnlyReason, detail: string, beforeAnyChange = false): ReadOnlyState {
    const cur = this.current;
    if (!cur) throw new AppError('NO_DATABASE', 'No portfolio is open.');
    try {
      cur.db.pragma('query_only = ON');
    } catch {
      /* a read-only connection refuses writes already */
    }
    cur.readOnly = {
      reason,
      message: readOnlyMessage(reason, cur.path, detail, beforeAnyChange),
      since: cur.readOnly?.since ?? this.options.now().toISOString(),
    };
    return cur.readOnly;
  }

  /**
   * Opens the file again: after a failed open (e.g. LOCKED, once the other window closed it), or to pick
   * up a file that became writable. A file removed under us is never closed this way: its open handle is
   * the only way left to its data (Save a copy rescues it).
   */
  reopen(): WorkspaceStatus {
    const path = this.current?.path ?? this.failure?.path;
    if (!path) throw new AppError('NO_DATABASE', 'No portfolio was opened yet.');
    const cur = this.current;
    if (cur) {
      if (!cur.readOnly || cur.readOnly.reason === 'FILE_REMOVED') return this.status();
      this.close();
    }
    return this.open(path, false);
  }

  /**
   * Leaves read-only mode only when the file is back (the same file) and a real write commits, followed
   * by a quick_check; otherwise stays read-only with the reason found now.
   */
  retryWrite(): WorkspaceStatus {
    this.db();
    const cur = this.current!;
    if (!cur.readOnly) return this.status();
    const problem = this.identityProblem(cur);
    if (problem) {
      this.enterReadOnly('FILE_REMOVED', problem, true);
      return this.status();
    }
    if (cur.connectionReadOnly) return this.retryWithNewConnection(cur);
    try {
      cur.db.pragma('query_only = OFF');
      // A real commit (header page through the WAL, fsync) without changing any data.
      cur.db.transaction(() => {
        const v = cur.db.pragma('user_version', { simple: true }) as number;
        cur.db.pragma(`user_version = ${Math.trunc(v)}`);
      })();
      const check = cur.db.pragma('quick_check', { simple: true });
      if (check !== 'ok') {
        this.enterReadOnly('IO_ERROR', `quick_check: ${String(check)}`, true);
        return this.status();
      }
      cur.readOnly = null;
    } catch (e) {
      const f = classifyStorageError(e, cur.path) ?? { reason: 'IO_ERROR', detail: (e as Error).message };
      this.enterReadOnly(f.reason, f.detail, true);
    }
    return this.status();
  }

  /** A file opened read-only takes writes only through a new connection: reopen it, and fall back if that fails. */
  private retryWithNewConnection(cur: OpenFile): WorkspaceStatus {
    cur.db.close();
    this.current = null;
    const again = this.openFile(cur.path, false);
    if (again.ok) {
      this.current = this.adopt(cur.path, again);
      return this.status();
    }
    this.failure = { state: 'failed', path: cur.path, reason: again.reason, message: again.message };
    return this.failure;
  }

  /** File > New: never overwrites; the dialog's "replace" is not enough to destroy a portfolio. */
  create(path: string): WorkspaceStatus {
    const target = extname(path) ? path : path + FILE_EXTENSION;
    if (existsSync(target)) {
      throw new AppError(
        'CONFLICT',
        `${target} already exists. Choose a new name; Flightdeck never overwrites a file.`,
      );
    }
    return this.open(target, true);
  }

  /** A consistent copy of the open file (File > Save a copy). The target must not exist. */
  saveCopy(path: string): string {
    const db = this.db();
    const target = extname(path) ? path : path + FILE_EXTENSION;
    if (existsSync(target)) throw new AppError('CONFLICT', `${target} already exists. Choose a new name.`);
    // The rescue path in read-only mode: VACUUM INTO only reads this file, but query_only refuses it too.
    const lift = this.current?.readOnly !== null && !this.current?.connectionReadOnly;
    try {
      if (lift) db.pragma('query_only = OFF');
      db.prepare('VACUUM INTO ?').run(target);
    } catch (e) {
      throw new AppError('DB_ERROR', `Could not write the copy to ${target}: ${(e as Error).message}`);
    } finally {
      if (lift) db.pragma('query_only = ON');
    }
    return target;
  }

  close(): void {
    if (this.current) {
      try {
        this.current.db.close();
      } finally {
        this.current = null;
      }
    }
    this.failure = null;
  }
}
