/** Why a portfolio file could not be opened. The file is never touched when any of these is reported. */
export type OpenFailureReason =
  | 'NOT_FOUND'
  | 'NOT_SQLITE'
  | 'NOT_FLIGHTDECK'
  | 'CORRUPT'
  | 'LOCKED'
  | 'TOO_NEW'
  | 'UNREADABLE'
  | 'NOT_WRITABLE'
  | 'MIGRATION_FAILED';

/**
 * Why an open portfolio stopped taking writes. Reads keep working; everything committed before stays.
 * DISK_FULL: SQLITE_FULL or a file-size limit (EFBIG); IO_ERROR: SQLITE_IOERR*; NOT_WRITABLE: the file or
 * its folder became read-only; FILE_REMOVED: the file was moved or deleted under the app (its data is
 * still readable through the open handle: Save a copy rescues it).
 */
export type ReadOnlyReason = 'DISK_FULL' | 'IO_ERROR' | 'NOT_WRITABLE' | 'FILE_REMOVED';

export interface ReadOnlyState {
  reason: ReadOnlyReason;
  /** What happened and what to do, for the banner. */
  message: string;
  /** ISO time the app went read-only. */
  since: string;
}

export type WorkspaceStatus =
  | {
      state: 'open';
      path: string;
      schemaVersion: number;
      initiativeCount: number;
      firstRun: boolean;
      /** Non-null once a write failed for a storage reason; 'workspace/retryWrite' leaves it when writes work again. */
      readOnly: ReadOnlyState | null;
    }
  | { state: 'failed'; path: string; reason: OpenFailureReason; message: string }
  | { state: 'closed' };

export interface AppInfo {
  version: string;
  schemaVersion: number;
  actor: string;
  platform: string;
}

export interface HistoryState {
  canUndo: boolean;
  undoLabel: string | null;
  canRedo: boolean;
  redoLabel: string | null;
}

/** One automatic (or "Back up now") copy of a portfolio, made with SQLite's online backup API. */
export interface BackupInfo {
  /** File name inside the portfolio's backup folder (never a path: restore takes only names from the list). */
  name: string;
  /** Absolute path, for display and support. */
  path: string;
  createdAt: string;
  sizeBytes: number;
  /** quick_check of the backup: true ok, false damaged (see problem), null not checked yet. */
  ok: boolean | null;
  problem: string | null;
  initiativeCount: number | null;
  schemaVersion: number | null;
}

export interface BackupList {
  /** The portfolio the backups belong to: the open file, or the one that failed to open. */
  portfolioPath: string;
  folder: string;
  /** Newest first. */
  backups: BackupInfo[];
  /** The newest backup whose quick_check passed (and whose schema this version can open), if any. */
  newestGood: BackupInfo | null;
}

export interface BackupSettings {
  enabled: boolean;
  /** How many backups to keep per portfolio; older ones are deleted after a new one is made. */
  keep: number;
  /** Minutes between automatic backups while the portfolio is open and has changed. */
  intervalMinutes: number;
}

export const BACKUP_LIMITS = { keepMin: 1, keepMax: 100, intervalMin: 5, intervalMax: 1440 } as const;
export const DEFAULT_BACKUP_SETTINGS: BackupSettings = { enabled: true, keep: 10, intervalMinutes: 30 };

/** The result of restoring a backup: the damaged file is kept beside the restored one, never overwritten. */
export interface RestoreResult {
  status: WorkspaceStatus;
  /** Where the file that failed to open was moved to (null when there was no file at the path). */
  keptDamagedFile: string | null;
  restoredFrom: BackupInfo;
}
