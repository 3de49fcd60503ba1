// Automatic rotating backups of the open portfolio (SQLite online backup API) and restore after damage.
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { z } from 'zod';
import type {
  BackupInfo,
  BackupList,
  BackupSettings,
  RestoreResult,
  WorkspaceStatus,
} from '../../../shared/domain/workspace';
import { BACKUP_LIMITS, DEFAULT_BACKUP_SETTINGS } from '../../../shared/domain/workspace';
import type { Handlers } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/errors';
import { appendAudit } from '../audit/audit.repo';
import {
  PARTIAL_SUFFIX,
  backupDatabase,
  copyFileDurably,
  fsyncDir,
  inspectBackup,
  partialName,
  type BackupCheck,
} from '../db/backup';
import type { Db } from '../db/sqlite';
import type { CoreContext } from './context';

/** Timers the manager schedules with; tests inject a manual one instead of sleeping. */
export interface BackupTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const nodeTimers: BackupTimers = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    // A pending backup must never keep the process (CLI, tests, app quit) alive.
    t.unref();
    return t;
  },
  clear(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

export interface BackupDeps {
  /** The user-data folder; backups live under `<dataDir>/backups/<portfolio folder>/`. */
  dataDir: string;
  /** Tells the rest of the core the workspace changed (after a restore); returns the new status. */
  switched: () => WorkspaceStatus;
  /** The SQLite build for the running ABI (Electron's own); the backups are opened with it too. */
  nativeBinding?: string | undefined;
  /** Default: Node's timers, unref()ed. */
  timers?: BackupTimers;
  /** Wait after a portfolio opens before the first automatic check, so opening stays fast. Default 15 s. */
  firstCheckDelayMs?: number;
}

type BackupHandlers = Pick<
  Handlers,
  'backup/list' | 'backup/now' | 'backup/restore' | 'backup/settings' | 'backup/setSettings'
>;

export const SETTINGS_FILE = 'backup-settings.json';
const DEFAULT_FIRST_CHECK_MS = 15_000;
/** A `.partial` file older than this belongs to a backup that crashed; younger ones may still be written. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;

/** `YYYYMMDDTHHMMSSmmmZ.flightdeck`, `-2`… when that second's name is taken. */
const BACKUP_NAME = /^(\d{8}T\d{9}Z)(?:-(\d{1,4}))?\.flightdeck$/;

const settingsSchema = z.strictObject({
  enabled: z.boolean(),
  keep: z.number().int().min(BACKUP_LIMITS.keepMin).max(BACKUP_LIMITS.keepMax),
  intervalMinutes: z.number().int().min(BACKUP_LIMITS.intervalMin).max(BACKUP_LIMITS.intervalMax),
});

export function backupStamp(d: Date): string {
  return d.toISOString().replace(/[-:.]/g, '');
}

function stampToIso(stamp: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z` : stamp;
}

/** Newest first: by time in the name, then by the -N suffix (several backups within one millisecond). */
function compareNewestFirst(a: string, b: string): number {
  const ma = BACKUP_NAME.exec(a);
  const mb = BACKUP_NAME.exec(b);
  if (!ma || !mb) return a < b ? 1 : -1;
  if (ma[1] !== mb[1]) return ma[1]! < mb[1]! ? 1 : -1;
  return Number(mb[2] ?? 1) - Number(ma[2] ?? 1);
}

/** One folder per portfolio file: readable stem plus a hash of the absolute path, so two "Portfolio"s never mix. */
export function backupFolderFor(dataDir: string, portfolioPath: string): string {
  const abs = resolve(portfolioPath);
  const stem =
    basename(abs, extname(abs))
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^\.+/, '')
      .slice(0, 60) || 'portfolio';
  const hash = createHash('sha256').update(abs).digest('hex').slice(0, 10);
  return join(dataDir, 'backups', `${stem}-${hash}`);
}

function errCode(e: unknown): string {
  return typeof e === 'object' && e && 'code' in e ? String((e as { code: unknown }).code) : '';
}

/** What went wrong with a backup, in words that say what to do. */
function backupError(e: unknown, folder: string): AppError {
  if (e instanceof AppError) return e;
  const code = errCode(e);
  const detail = e instanceof Error ? e.message : String(e);
  if (code === 'ENOSPC' || code === 'EFBIG' || code.startsWith('SQLITE_FULL')) {
    return new AppError(
      'DB_ERROR',
      `There is not enough disk space (or the file-size limit was reached) for a backup in ${folder}. Free some space and try again. (${detail})`,
    );
  }
  if (
    ['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST'].includes(code) ||
    code.startsWith('SQLITE_CANTOPEN') ||
    code.startsWith('SQLITE_READONLY') ||
    code.startsWith('SQLITE_PERM')
  ) {
    return new AppError(
      'DB_ERROR',
      `Flightdeck cannot write to the backup folder ${folder}. Check that it exists and is writable. (${detail})`,
    );
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') {
    return new AppError(
      'DB_ERROR',
      `A disk error stopped the backup in ${folder}; nothing was saved under a backup name. Check free space, any file-size limit and the disk, then try again. (${code}: ${detail})`,
    );
  }
  if (/not open|closed/i.test(detail)) {
    return new AppError('DB_ERROR', 'The portfolio was closed while the backup was being made. Nothing was saved.');
  }
  return new AppError('DB_ERROR', `The backup could not be made: ${detail}`);
}

/** Writes JSON so that a crash leaves either the old file or the new one, never half of one. */
function writeJsonAtomically(path: string, value: unknown): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, partialName(basename(path)));
  try {
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, JSON.stringify(value, null, 2) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    fsyncDir(dir);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing was written */
    }
    throw e;
  }
}

function totalChanges(db: Db): number {
  return (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

/** Schedules backups for the open portfolio; the core tells it when the workspace changed and when to stop. */
export class BackupManager {
  private current: BackupSettings;
  private readonly timers: BackupTimers;
  private timer: unknown = null;
  /** Bumped on every workspace change and stop(), so a timer of a previous file does nothing. */
  private generation = 0;
  /** total_changes() of the connection when the last backup of this session was made (or at open). */
  private changesAtLastBackup: number | null = null;
  private backedUpThisSession = false;
  /** Backups run one at a time: names stay unique and a restore waits for the copy in progress. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly checks = new Map<string, BackupCheck>();

  constructor(
    private readonly ctx: CoreContext,
    private readonly deps: BackupDeps,
  ) {
    this.timers = deps.timers ?? nodeTimers;
    this.current = this.loadSettings();
  }

  settings(): BackupSettings {
    return { ...this.current };
  }

  private settingsPath(): string {
    return join(this.deps.dataDir, SETTINGS_FILE);
  }

  private loadSettings(): BackupSettings {
    const path = this.settingsPath();
    let raw: string;
    try {
      raw = readFileSync(path, 'utf8');
    } catch (e) {
      if (errCode(e) !== 'ENOENT') {
        this.ctx.logger.warn('backup settings unreadable; using defaults', { path, error: (e as Error).message });
      }
      return { ...DEFAULT_BACKUP_SETTINGS };
    }
    try {
      return settingsSchema.parse(JSON.parse(raw));
    } catch (e) {
      this.ctx.logger.warn('backup settings malformed; using defaults', { path, error: (e as Error).message });
      return { ...DEFAULT_BACKUP_SETTINGS };
    }
  }

  /** The portfolio the backups are for: the open file, or the one that failed to open. */
  private portfolioPath(): string {
    const status = this.ctx.workspace.status();
    if (status.state === 'closed') throw new AppError('NO_DATABASE', 'No portfolio is open, so it has no backups.');
    return status.path;
  }

  folderFor(portfolioPath: string): string {
    return backupFolderFor(this.deps.dataDir, portfolioPath);
  }

  /** Called after every open/create/restore/close of the workspace. */
  workspaceChanged(): void {
    this.generation++;
    this.clearTimer();
    this.backedUpThisSession = false;
    this.changesAtLastBackup = null;
    const path = this.ctx.workspace.path;
    if (path === null) return;
    try {
      this.changesAtLastBackup = totalChanges(this.ctx.workspace.db());
    } catch {
      /* no baseline: the first check treats the file as changed */
    }
    this.schedule(this.deps.firstCheckDelayMs ?? DEFAULT_FIRST_CHECK_MS);
  }

  stop(): void {
    this.generation++;
    this.clearTimer();
  }

  /** Resolves when the backups started so far have finished (tests, and a restore before it closes the file). */
  whenIdle(): Promise<void> {
    return this.queue.then(
      () => undefined,
      () => undefined,
    );
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    this.clearTimer();
    if (!this.current.enabled || this.ctx.workspace.path === null) return;
    const gen = this.generation;
    this.timer = this.timers.set(() => {
      this.timer = null;
      if (gen !== this.generation) return;
      void this.automatic(gen);
    }, ms);
  }

  /**
   * One automatic check. Due when this session changed the file since its last backup, or when this session
   * has made none yet and the newest backup is older than the interval (or there is none): edits of a short
   * earlier session are then backed up too. Never throws: a failure is logged and retried next interval.
   */
  private async automatic(gen: number): Promise<void> {
    const path = this.ctx.workspace.path;
    if (path === null) return;
    try {
      const db = this.ctx.workspace.db();
      const changes = totalChanges(db);
      const changed = this.changesAtLastBackup === null || changes !== this.changesAtLastBackup;
      let due = this.backedUpThisSession ? changed : false;
      if (!this.backedUpThisSession) {
        const newest = this.names(this.folderFor(path))[0];
        const newestAt = newest ? Date.parse(stampToIso(BACKUP_NAME.exec(newest)![1]!)) : null;
        const intervalMs = this.current.intervalMinutes * 60_000;
        due = newestAt === null || this.ctx.clock.now().getTime() - newestAt >= intervalMs || changed;
      }
      if (due) {
        // Another backup may run first; if the file was closed or switched meanwhile, this one is moot.
        const info = await this.enqueue(() =>
          gen === this.generation ? this.makeBackup(path, db) : Promise.resolve(null),
        );
        if (info) this.ctx.logger.info('automatic backup made', { name: info.name, sizeBytes: info.sizeBytes });
      }
    } catch (e) {
      const err = backupError(e, this.ctx.workspace.path ? this.folderFor(this.ctx.workspace.path) : '');
      this.ctx.logger.error('automatic backup failed; retrying next interval', { error: err.message });
    } finally {
      if (gen === this.generation) this.schedule(this.current.intervalMinutes * 60_000);
    }
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Backup names of our own pattern in `folder`, newest first; nothing else in the folder is ours. */
  private names(folder: string): string[] {
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch (e) {
      if (errCode(e) === 'ENOENT') return [];
      throw e;
    }
    return entries.filter((n) => BACKUP_NAME.test(n)).sort(compareNewestFirst);
  }

  private freeName(folder: string): string {
    const stamp = backupStamp(this.ctx.clock.now());
    for (let i = 1; i < 10_000; i++) {
      const name = i === 1 ? `${stamp}.flightdeck` : `${stamp}-${i}.flightdeck`;
      if (!existsSync(join(folder, name))) return name;
    }
    throw new AppError('CONFLICT', `Too many backups with the time ${stamp} in ${folder}.`);
  }

  private async makeBackup(portfolioPath: string, db: Db): Promise<BackupInfo> {
    const folder = this.folderFor(portfolioPath);
    try {
      mkdirSync(folder, { recursive: true });
      const name = this.freeName(folder);
      const dest = join(folder, name);
      const changes = totalChanges(db);
      const check = await backupDatabase(db, dest, { nativeBinding: this.deps.nativeBinding });
      if (this.ctx.workspace.path === portfolioPath) {
        this.changesAtLastBackup = changes;
        this.backedUpThisSession = true;
      }
      const st = statSync(dest);
      this.checks.set(`${dest}|${st.mtimeMs}|${st.size}`, check);
      this.rotate(folder);
      return this.toInfo(folder, name, check, st.size);
    } catch (e) {
      throw backupError(e, folder);
    }
  }

  /** Keeps the newest N of our backups; deletes nothing else but our own crashed partial copies. */
  private rotate(folder: string): void {
    const names = this.names(folder);
    for (const name of names.slice(this.current.keep)) {
      try {
        unlinkSync(join(folder, name));
      } catch (e) {
        this.ctx.logger.warn('old backup could not be deleted', { name, error: (e as Error).message });
      }
    }
    const now = Date.now();
    for (const name of readdirSync(folder)) {
      if (!name.startsWith('.') || !name.endsWith(PARTIAL_SUFFIX)) continue;
      try {
        if (now - statSync(join(folder, name)).mtimeMs > STALE_PARTIAL_MS) unlinkSync(join(folder, name));
      } catch {
        /* removed meanwhile */
      }
    }
  }

  private toInfo(folder: string, name: string, check: BackupCheck | null, sizeBytes: number): BackupInfo {
    const m = BACKUP_NAME.exec(name);
    return {
      name,
      path: join(folder, name),
      createdAt: m ? stampToIso(m[1]!) : '',
      sizeBytes,
      ok: check ? check.ok : null,
      problem: check?.problem ?? null,
      initiativeCount: check?.initiativeCount ?? null,
      schemaVersion: check?.schemaVersion ?? null,
    };
  }

  /** quick_check is the slow part of a list; a file whose name, mtime and size did not change keeps its result. */
  private inspect(folder: string, name: string): BackupInfo {
    const path = join(folder, name);
    let size = 0;
    let key: string | null = null;
    try {
      const st = statSync(path);
      size = st.size;
      key = `${path}|${st.mtimeMs}|${st.size}`;
    } catch {
      /* inspectBackup names the problem */
    }
    let check = key ? this.checks.get(key) : undefined;
    if (!check) {
      check = inspectBackup(path, { nativeBinding: this.deps.nativeBinding });
      if (key) this.checks.set(key, check);
    }
    return this.toInfo(folder, name, check, size);
  }

  list(): BackupList {
    const portfolioPath = this.portfolioPath();
    const folder = this.folderFor(portfolioPath);
    const backups = this.names(folder).map((n) => this.inspect(folder, n));
    return {
      portfolioPath,
      folder,
      backups,
      newestGood: backups.find((b) => b.ok === true) ?? null,
    };
  }

  async backupNow(): Promise<BackupInfo> {
    const path = this.ctx.workspace.path;
    if (path === null) throw new AppError('NO_DATABASE', 'No portfolio is open: there is nothing to back up.');
    const db = this.ctx.workspace.db();
    return this.enqueue(() => this.makeBackup(path, db));
  }

  setSettings(next: BackupSettings): BackupSettings {
    const clean = settingsSchema.parse(next);
    try {
      writeJsonAtomically(this.settingsPath(), clean);
    } catch (e) {
      throw new AppError(
        'DB_ERROR',
        `The backup settings could not be saved in ${this.deps.dataDir}: ${(e as Error).message}`,
      );
    }
    const rescheduleNow =
      clean.enabled !== this.current.enabled || clean.intervalMinutes !== this.current.intervalMinutes;
    this.current = clean;
    if (rescheduleNow) {
      this.generation++;
      this.clearTimer();
      this.schedule(this.deps.firstCheckDelayMs ?? DEFAULT_FIRST_CHECK_MS);
    }
    return this.settings();
  }

  /**
   * Puts a backup in place of the portfolio file. The file at the path (damaged, or healthy but replaced)
   * is moved aside with its -wal/-shm, never overwritten or deleted; a failure at any step puts it back.
   */
  async restore(name: string): Promise<RestoreResult> {
    const status = this.ctx.workspace.status();
    if (status.state === 'closed')
      throw new AppError('NO_DATABASE', 'No portfolio is open, so there is nothing to restore.');
    if (status.state === 'failed' && status.reason === 'LOCKED') {
      throw new AppError(
        'BUSY',
        'The portfolio is in use by another program or Flightdeck window; close it there before restoring a backup.',
      );
    }
    const portfolioPath = resolve(status.path);
    const folder = this.folderFor(portfolioPath);
    // Only a name of ours that is in this portfolio's folder: no path, no "..", nothing outside.
    if (!BACKUP_NAME.test(name) || dirname(resolve(folder, name)) !== folder) {
      throw new AppError('VALIDATION', `"${name}" is not the name of a backup. Choose one from the list.`, [
        { path: 'name', message: 'A backup name from the list' },
      ]);
    }
    if (!this.names(folder).includes(name)) {
      throw new AppError(
        'NOT_FOUND',
        `There is no backup "${name}" for ${portfolioPath} (any more). Refresh the list.`,
      );
    }
    // The list's check of this very file (same name, mtime and size) counts; the restored copy gets its own
    // quick_check when it opens, and a failure there puts the original back.
    const info = this.inspect(folder, name);
    if (info.ok !== true) {
      throw new AppError('CONFLICT', `The backup ${name} cannot be restored: ${info.problem ?? 'it failed its check'}`);
    }

    // No automatic backup may start on the file about to be closed; one already running is let finish.
    this.stop();
    await this.whenIdle();
    const dir = dirname(portfolioPath);
    // The copy goes beside the portfolio first: if that fails, nothing was touched.
    const staged = join(dir, partialName(basename(portfolioPath)));
    try {
      copyFileDurably(info.path, staged);
    } catch (e) {
      this.workspaceChanged();
      throw new AppError(
        'DB_ERROR',
        `The backup could not be copied next to ${portfolioPath}; nothing was changed. (${(e as Error).message})`,
      );
    }

    const wasOpen = status.state === 'open';
    this.ctx.workspace.close();
    const moved: { from: string; to: string }[] = [];
    let kept: string | null = null;
    const putBack = (): void => {
      for (const m of moved.reverse()) {
        try {
          if (!existsSync(m.from)) renameSync(m.to, m.from);
        } catch (e) {
          this.ctx.logger.error('restore: could not move a file back', {
            from: m.to,
            to: m.from,
            error: (e as Error).message,
          });
        }
      }
      fsyncDir(dir);
    };
    const fail = (message: string): never => {
      putBack();
      this.ctx.workspace.open(portfolioPath, false);
      this.deps.switched();
      throw new AppError('DB_ERROR', message);
    };

    try {
      const stamp = backupStamp(this.ctx.clock.now());
      let aside = `${portfolioPath}.${wasOpen ? 'replaced' : 'damaged'}-${stamp}`;
      for (let i = 2; existsSync(aside); i++)
        aside = `${portfolioPath}.${wasOpen ? 'replaced' : 'damaged'}-${stamp}-${i}`;
      if (existsSync(portfolioPath)) kept = aside;
      // The main file last: a -wal left behind at the path would be replayed into the restored file.
      for (const suffix of ['-wal', '-shm', '-journal', '']) {
        const from = portfolioPath + suffix;
        if (!existsSync(from)) continue;
        renameSync(from, aside + suffix);
        moved.push({ from, to: aside + suffix });
      }
      fsyncDir(dir);
    } catch (e) {
      removeStaged(staged);
      return fail(`The portfolio file could not be moved aside, so nothing was restored: ${(e as Error).message}`);
    }

    try {
      renameSync(staged, portfolioPath);
      fsyncDir(dir);
    } catch (e) {
      removeStaged(staged);
      return fail(`The backup could not be put in place, so nothing was restored: ${(e as Error).message}`);
    }

    const opened = this.ctx.workspace.open(portfolioPath, false);
    if (opened.state !== 'open') {
      this.ctx.workspace.close();
      removeStaged(portfolioPath);
      return fail(
        `The restored backup did not open (${opened.state === 'failed' ? opened.message : 'closed'}); the original file is back in place.`,
      );
    }
    this.recordRestore(name, info, kept);
    const newStatus = this.deps.switched();
    this.ctx.logger.info('backup restored', { name, keptFile: kept });
    return { status: newStatus, keptDamagedFile: kept, restoredFrom: info };
  }

  /** A restore is part of the file's history: one entry in the restored file's own chain. */
  private recordRestore(name: string, info: BackupInfo, kept: string | null): void {
    try {
      const db = this.ctx.workspace.db();
      const at = this.ctx.clock.now().toISOString();
      db.transaction(() => {
        appendAudit(db, { actor: this.ctx.actor(), at }, [
          {
            action: 'portfolio.restore',
            label: `Restore the portfolio from the backup of ${info.createdAt}`,
            kind: 'portfolio',
            id: 0,
            before: null,
            after: {
              backup: name,
              backupCreatedAt: info.createdAt,
              initiativeCount: info.initiativeCount,
              keptFile: kept ? basename(kept) : null,
            },
          },
        ]);
      })();
    } catch (e) {
      // The data is back; a missing log line must not undo that (the file may have gone read-only).
      this.ctx.logger.warn('restore could not be written to the audit trail', { error: (e as Error).message });
    }
  }

  handlers(): BackupHandlers {
    return {
      'backup/list': () => this.list(),
      'backup/now': () => this.backupNow(),
      'backup/restore': ({ name }) => this.restore(name),
      'backup/settings': () => this.settings(),
      'backup/setSettings': (input) => this.setSettings(input),
    };
  }
}

function removeStaged(path: string): void {
  for (const p of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    try {
      unlinkSync(p);
    } catch {
      /* not there */
    }
  }
}
