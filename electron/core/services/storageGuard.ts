// Turns storage failures into read-only mode. Every core handler runs through `guardHandlers`, so the
// IPC transport, the e2e harness and the tests all get the same behaviour: a full disk, an I/O error or a
// file removed under the app stops writes (PRAGMA query_only) instead of failing at random later.
import { readFileSync, statfsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReadOnlyReason } from '../../../shared/domain/workspace';
import { AppError } from '../../../shared/errors';
import type { Channel, Handlers } from '../../../shared/ipc/contract';
import type { Emit, Logger } from '../ports';
import type { Workspace } from './workspace';

export interface StorageFailure {
  reason: ReadOnlyReason;
  detail: string;
}

/** Below this much free space a failed write is reported as a full disk rather than an I/O error. */
const LOW_SPACE_BYTES = 4 * 1024 * 1024;
/** A write that hits RLIMIT_FSIZE fails somewhere in its last chunk; SQLite writes at most a few pages at once. */
const SIZE_LIMIT_SLACK_BYTES = 1024 * 1024;

function errorCode(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The process's file-size limit (ulimit -f) in bytes, where the OS tells (Linux); null when unlimited or unknown. */
export function fileSizeLimit(): number | null {
  try {
    const m = /^Max file size\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (!m || m[1] === 'unlimited') return null;
    const n = Number(m[1]);
    return Number.isFinite(n) ? n : null;
  } catch {
    return null;
  }
}

/**
 * SQLite reports a write refused with EFBIG (file-size limit) as SQLITE_IOERR_WRITE, the same code as a
 * failing disk; the errno is not exposed. Whether the file sits at the size limit, or the disk has next
 * to no space left, tells the two apart, so the user gets "free some space" rather than "check the drive".
 */
function looksFull(path: string): string | null {
  const limit = fileSizeLimit();
  if (limit !== null) {
    for (const f of [path, `${path}-wal`]) {
      try {
        if (statSync(f).size + SIZE_LIMIT_SLACK_BYTES >= limit)
          return `the file reached the size limit of ${limit} bytes`;
      } catch {
        /* a missing -wal is no evidence either way */
      }
    }
  }
  try {
    const fs = statfsSync(dirname(path));
    const free = fs.bavail * fs.bsize;
    if (free < LOW_SPACE_BYTES) return `${free} bytes free on the disk`;
  } catch {
    /* no statfs here: fall back to the I/O error advice */
  }
  return null;
}

/** Which storage failure an error from SQLite is, or null when it is not one (bad data, a bug, ...). */
export function classifyStorageError(e: unknown, path: string, alreadyReadOnly = false): StorageFailure | null {
  const code = errorCode(e);
  if (!code.startsWith('SQLITE_')) return null;
  const detail = `${code}: ${errorMessage(e)}`;
  if (code === 'SQLITE_FULL') return { reason: 'DISK_FULL', detail: looksFull(path) ?? detail };
  if (code.startsWith('SQLITE_IOERR')) {
    const full = looksFull(path);
    return full ? { reason: 'DISK_FULL', detail: full } : { reason: 'IO_ERROR', detail };
  }
  if (code === 'SQLITE_READONLY_DBMOVED') return { reason: 'FILE_REMOVED', detail };
  // Our own query_only (or read-only connection) refusing a write is the mode working, not a new failure.
  if (code.startsWith('SQLITE_READONLY')) return alreadyReadOnly ? null : { reason: 'NOT_WRITABLE', detail };
  if (code === 'SQLITE_CANTOPEN') return { reason: 'IO_ERROR', detail };
  return null;
}

/** Channels that write some other file than the open portfolio: their storage errors are about that file. */
const OTHER_FILE_CHANNELS: ReadonlySet<Channel> = new Set<Channel>([
  'workspace/open',
  'workspace/openDefault',
  'workspace/create',
  'workspace/reopen',
  'workspace/retryWrite',
  'workspace/saveCopy',
  'backup/now',
  'backup/list',
  'backup/restore',
]);

export interface GuardDeps {
  workspace: Workspace;
  emit: Emit;
  logger: Logger;
}

/** What a failed handler call turns into: READ_ONLY / BUSY for storage trouble, the error itself otherwise. */
function translate(channel: Channel, e: unknown, deps: GuardDeps): unknown {
  const { workspace } = deps;
  if (e instanceof AppError) return e;
  const code = errorCode(e);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new AppError(
      'BUSY',
      'The portfolio file is in use by another Flightdeck window or program, so this change was not saved. Close it there, then try again.',
    );
  }
  const path = workspace.path;
  if (path === null || OTHER_FILE_CHANNELS.has(channel)) return e;
  const state = workspace.readOnlyState();
  const failure = classifyStorageError(e, path, state !== null);
  if (failure) {
    deps.logger.error('storage: the portfolio went read-only', {
      channel,
      reason: failure.reason,
      detail: failure.detail,
    });
    const entered = workspace.enterReadOnly(failure.reason, failure.detail);
    deps.emit('workspace/changed', workspace.status());
    return new AppError('READ_ONLY', entered.message);
  }
  if (state && code.startsWith('SQLITE_READONLY')) return new AppError('READ_ONLY', state.message);
  return e;
}

/** Before any call: has the file been removed or replaced under us? Then stop writing before the handler runs. */
function precheck(deps: GuardDeps): void {
  if (deps.workspace.checkFile()) deps.emit('workspace/changed', deps.workspace.status());
}

/**
 * Wraps every handler: a file check before, storage errors translated after. Synchronous handlers stay
 * synchronous (callers that use the table directly see the same values), asynchronous ones stay async.
 */
export function guardHandlers(handlers: Handlers, deps: GuardDeps): Handlers {
  const out: Record<string, (input: unknown) => unknown> = {};
  for (const [channel, handler] of Object.entries(handlers) as [Channel, (input: unknown) => unknown][]) {
    out[channel] = (input: unknown) => {
      precheck(deps);
      let result: unknown;
      try {
        result = handler(input);
      } catch (e) {
        throw translate(channel, e, deps);
      }
      if (result instanceof Promise) {
        return result.catch((e: unknown) => {
          throw translate(channel, e, deps);
        });
      }
      return result;
    };
  }
  return out as unknown as Handlers;
}
