// Automatic rotating backups of the open portfolio (SQLite online backup API) and restore after damage.
// Issue 8 scaffold: the helper that owns this file replaces the placeholders.
import type { BackupSettings, WorkspaceStatus } from '../../../shared/domain/workspace';
import { DEFAULT_BACKUP_SETTINGS } from '../../../shared/domain/workspace';
import type { Handlers } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/errors';
import type { CoreContext } from './context';

export interface BackupDeps {
  /** The user-data folder; backups live under `<dataDir>/backups/<portfolio folder>/`. */
  dataDir: string;
  /** Tells the rest of the core the workspace changed (after a restore); returns the new status. */
  switched: () => WorkspaceStatus;
}

type BackupHandlers = Pick<
  Handlers,
  'backup/list' | 'backup/now' | 'backup/restore' | 'backup/settings' | 'backup/setSettings'
>;

/** Schedules backups for the open portfolio; the core tells it when the workspace changed and when to stop. */
export class BackupManager {
  constructor(
    private readonly ctx: CoreContext,
    private readonly deps: BackupDeps,
  ) {}

  settings(): BackupSettings {
    return DEFAULT_BACKUP_SETTINGS;
  }

  /** Called after every open/create/restore/close of the workspace. */
  workspaceChanged(): void {}

  stop(): void {}

  handlers(): BackupHandlers {
    const todo = (): never => {
      throw new AppError('INTERNAL', `Backups are not built yet (${this.deps.dataDir}, ${String(!!this.ctx)}).`);
    };
    return {
      'backup/list': todo,
      'backup/now': todo,
      'backup/restore': todo,
      'backup/settings': () => this.settings(),
      'backup/setSettings': todo,
    };
  }
}
