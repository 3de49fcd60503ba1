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

export type WorkspaceStatus =
  | { state: 'open'; path: string; schemaVersion: number; initiativeCount: number; firstRun: boolean }
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
