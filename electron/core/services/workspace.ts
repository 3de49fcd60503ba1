import { existsSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { WorkspaceStatus } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import { openPortfolio, type OpenResult } from '../db/open';
import type { Db } from '../db/sqlite';
import { countInitiatives } from '../repositories/initiatives.repo';
import { getSetting } from '../repositories/settings.repo';

export const FILE_EXTENSION = '.flightdeck';
export const SETUP_DONE_KEY = 'setup_done';

/** The one open portfolio file, or why none is open. */
export class Workspace {
  private current: { db: Db; path: string; schemaVersion: number } | null = null;
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
      const db = this.current.db;
      const count = countInitiatives(db);
      return {
        state: 'open',
        path: this.current.path,
        schemaVersion: this.current.schemaVersion,
        initiativeCount: count,
        firstRun: count === 0 && getSetting(db, SETUP_DONE_KEY) === null,
        readOnly: null,
      };
    }
    return this.failure ?? { state: 'closed' };
  }

  /** Opens `path`; on failure the previous file is closed too and the status names the file and the reason. */
  open(path: string, create: boolean): WorkspaceStatus {
    // Our own connection holds the file's exclusive lock, so opening the open file again would be
    // refused as LOCKED and leave nothing open; it is already open, so say so.
    if (this.current && resolve(this.current.path) === resolve(path)) return this.status();
    const result: OpenResult = openPortfolio(path, {
      create,
      nativeBinding: this.options.nativeBinding,
      now: this.options.now,
    });
    this.close();
    if (!result.ok) {
      this.failure = { state: 'failed', path, reason: result.reason, message: result.message };
      return this.failure;
    }
    this.current = { db: result.db, path, schemaVersion: result.schemaVersion };
    return this.status();
  }

  /** Opens the file of the last failure (or the open file) again. Issue 8: to be built. */
  reopen(): WorkspaceStatus {
    const path = this.current?.path ?? this.failure?.path;
    if (!path) throw new AppError('NO_DATABASE', 'No portfolio was opened yet.');
    if (this.current) return this.status();
    return this.open(path, false);
  }

  /** Leaves read-only mode when the file takes writes again. Issue 8: to be built. */
  retryWrite(): WorkspaceStatus {
    this.db();
    return this.status();
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
    try {
      db.prepare('VACUUM INTO ?').run(target);
    } catch (e) {
      throw new AppError('DB_ERROR', `Could not write the copy to ${target}: ${(e as Error).message}`);
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
