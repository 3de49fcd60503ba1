import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_BACKUP_SETTINGS } from '../../../shared/domain/workspace';
import { verifyAuditChain } from '../audit/verify';
import { openSqlite, type Db } from '../db/sqlite';
import { FixedClock, MemoryLogger } from '../testing/fakes';
import { IoChild } from '../testing/io-child';
import { fileDigest, writePortfolioFile } from '../testing/portfolio-files';
import { createTestCore, type TestCore } from '../testing/test-core';
import { TempDirs } from '../testing/temp-dir';
import { BackupManager, SETTINGS_FILE, backupFolderFor, type BackupTimers } from './backups';
import type { CoreContext } from './context';
import { History } from './history';
import { Workspace } from './workspace';

const temp = new TempDirs();
const cores: TestCore[] = [];
afterEach(() => {
  for (const c of cores.splice(0)) c.dispose();
  temp.cleanup();
});

/** Timers the test fires by hand: the schedule is checked without waiting for it. */
class ManualTimers implements BackupTimers {
  pending: { fn: () => void; ms: number; id: number }[] = [];
  private next = 1;
  set(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.push({ fn, ms, id });
    return id;
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.id !== handle);
  }
  /** Runs the one pending timer and returns the delay it was set for. */
  fire(): number {
    expect(this.pending).toHaveLength(1);
    const t = this.pending.shift()!;
    t.fn();
    return t.ms;
  }
}

function harness(dir: string) {
  const clock = new FixedClock('2026-03-02T09:00:00.000Z');
  const logger = new MemoryLogger();
  const workspace = new Workspace({ now: () => clock.now() });
  const history = new History({ meta: () => ({ actor: 'Tester', at: clock.iso() }) });
  const ctx: CoreContext = { workspace, history, clock, actor: () => 'Tester', emit: () => {}, logger };
  const timers = new ManualTimers();
  const manager: BackupManager = new BackupManager(ctx, {
    dataDir: dir,
    timers,
    firstCheckDelayMs: 1000,
    switched: () => {
      manager.workspaceChanged();
      return workspace.status();
    },
  });
  const path = join(dir, 'Portfolio.flightdeck');
  return {
    clock,
    logger,
    workspace,
    timers,
    manager,
    path,
    open(size = 5) {
      if (!existsSync(path)) writePortfolioFile(path, { size });
      workspace.open(path, false);
      manager.workspaceChanged();
    },
    dispose() {
      manager.stop();
      workspace.close();
    },
  };
}

function backupNames(dir: string, portfolio: string): string[] {
  const folder = backupFolderFor(dir, portfolio);
  return existsSync(folder) ? readdirSync(folder).sort() : [];
}

function rename(db: Db, id: number, name: string): void {
  db.prepare('UPDATE initiatives SET name = ? WHERE id = ?').run(name, id);
}

/** Every initiative row, hashed: "exactly the backup's data", not only the same count. */
function initiativesDigest(db: Db): string {
  const rows = db.prepare('SELECT * FROM initiatives ORDER BY id').all();
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

describe('BackupManager: schedule', () => {
  it('backs up shortly after open when there is no backup, then each interval only when the file changed', async () => {
    const dir = temp.make();
    const h = harness(dir);
    try {
      h.open();
      expect(h.timers.fire()).toBe(1000);
      await h.manager.whenIdle();
      expect(backupNames(dir, h.path)).toEqual(['20260302T090000000Z.flightdeck']);

      // Unchanged: the next interval makes nothing.
      h.clock.set('2026-03-02T09:30:00.000Z');
      expect(h.timers.fire()).toBe(30 * 60_000);
      await h.manager.whenIdle();
      expect(backupNames(dir, h.path)).toHaveLength(1);

      rename(h.workspace.db(), 1, 'Changed after the first backup');
      h.clock.set('2026-03-02T10:00:00.000Z');
      h.timers.fire();
      await h.manager.whenIdle();
      expect(backupNames(dir, h.path)).toEqual(['20260302T090000000Z.flightdeck', '20260302T100000000Z.flightdeck']);
      const folder = backupFolderFor(dir, h.path);
      const copy = openSqlite(join(folder, '20260302T100000000Z.flightdeck'), { readonly: true });
      expect(copy.prepare('SELECT name FROM initiatives WHERE id = 1').get()).toEqual({
        name: 'Changed after the first backup',
      });
      copy.close();
      expect(h.timers.pending).toHaveLength(1);
      h.manager.stop();
      expect(h.timers.pending).toHaveLength(0);
    } finally {
      h.dispose();
    }
  });

  it('skips the first check when a recent backup exists, and makes one when that backup ages past the interval', async () => {
    const dir = temp.make();
    const first = harness(dir);
    first.open();
    await first.manager.backupNow();
    first.dispose();

    const h = harness(dir);
    try {
      h.clock.set('2026-03-02T09:10:00.000Z');
      h.open();
      h.timers.fire();
      await h.manager.whenIdle();
      expect(backupNames(dir, h.path)).toHaveLength(1);
      // Nothing changed in this session, but the newest backup is now older than the interval: edits of an
      // earlier short session would otherwise never be backed up.
      h.clock.set('2026-03-02T09:40:00.000Z');
      h.timers.fire();
      await h.manager.whenIdle();
      expect(backupNames(dir, h.path)).toEqual(['20260302T090000000Z.flightdeck', '20260302T094000000Z.flightdeck']);
      h.clock.set('2026-03-02T10:10:00.000Z');
      h.timers.fire();
      await h.manager.whenIdle();
      expect(backupNames(dir, h.path)).toHaveLength(2);
    } finally {
      h.dispose();
    }
  });

  it('logs a failed automatic backup, keeps the app going and retries next interval', async () => {
    const dir = temp.make();
    const h = harness(dir);
    try {
      h.open();
      // A file where the backups folder should be: mkdir fails for real, even as root.
      writeFileSync(join(dir, 'backups'), 'in the way');
      h.timers.fire();
      await h.manager.whenIdle();
      expect(h.logger.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
        'automatic backup failed; retrying next interval',
      ]);
      expect(h.timers.pending).toHaveLength(1);
      expect(h.workspace.status().state).toBe('open');

      rmSync(join(dir, 'backups'));
      h.clock.set('2026-03-02T09:30:00.000Z');
      h.timers.fire();
      await h.manager.whenIdle();
      expect(backupNames(dir, h.path)).toEqual(['20260302T093000000Z.flightdeck']);
    } finally {
      h.dispose();
    }
  });

  it('answers Back up now with a clear error when the backup folder cannot be written', async () => {
    const c = createTestCore();
    cores.push(c);
    await c.ok('workspace/openDefault');
    writeFileSync(join(c.dir, 'backups'), 'in the way');
    const r = await c.invoke('backup/now');
    expect(r).toMatchObject({ ok: false, error: { code: 'DB_ERROR' } });
    expect(r.ok ? '' : r.error.message).toMatch(/^Flightdeck cannot write to the backup folder .*backups/);
    expect(await c.ok('workspace/status')).toMatchObject({ state: 'open', readOnly: null });
  });

  it('fails Back up now cleanly at a file-size limit: a clear error, no half backup, the portfolio untouched', async () => {
    const dir = temp.make();
    const path = join(dir, 'Portfolio.flightdeck');
    writePortfolioFile(path, { size: 300 });
    expect(statSync(path).size).toBeGreaterThan(1024 * 1024);
    const before = fileDigest(path);
    // A real EFBIG from the kernel: the copy grows past `ulimit -f` in a child process.
    const child = await IoChild.start(path, { fileSizeLimitKb: 256 });
    try {
      expect(await child.invoke('workspace/openDefault')).toMatchObject({ ok: true, value: { state: 'open' } });
      const r = await child.invoke('backup/now');
      expect(r).toMatchObject({ ok: false, error: { code: 'DB_ERROR' } });
      expect(r.error?.message).toMatch(/^(There is not enough disk space|A disk error stopped the backup)/);
      expect(await child.invoke('workspace/status')).toMatchObject({
        ok: true,
        value: { state: 'open', readOnly: null },
      });
    } finally {
      await child.stop();
    }
    const folder = backupFolderFor(dir, path);
    expect(existsSync(folder) ? readdirSync(folder) : []).toEqual([]);
    expect(fileDigest(path)).toBe(before);
  });

  it('schedules nothing while disabled, and again once enabled', () => {
    const dir = temp.make();
    const h = harness(dir);
    try {
      h.open();
      expect(h.timers.pending).toHaveLength(1);
      h.manager.setSettings({ ...DEFAULT_BACKUP_SETTINGS, enabled: false });
      expect(h.timers.pending).toHaveLength(0);
      h.manager.workspaceChanged();
      expect(h.timers.pending).toHaveLength(0);
      h.manager.setSettings({ ...DEFAULT_BACKUP_SETTINGS, enabled: true });
      expect(h.timers.pending).toHaveLength(1);
      h.workspace.close();
      h.manager.workspaceChanged();
      expect(h.timers.pending).toHaveLength(0);
    } finally {
      h.dispose();
    }
  });
});

describe('BackupManager: rotation and settings', () => {
  it('keeps the newest N of its own backups and touches nothing else in the folder', async () => {
    const dir = temp.make();
    const h = harness(dir);
    try {
      h.open();
      h.manager.setSettings({ enabled: true, keep: 3, intervalMinutes: 5 });
      const folder = backupFolderFor(dir, h.path);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'notes.txt'), 'mine');
      writeFileSync(join(folder, '20200101T000000000Z.flightdeck.keep'), 'not ours either');
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        h.clock.set(`2026-03-02T09:0${i}:00.000Z`);
        made.push((await h.manager.backupNow()).name);
      }
      // Same millisecond: a suffix, never a replaced file.
      made.push((await h.manager.backupNow()).name);
      expect(made[5]).toBe('20260302T090400000Z-2.flightdeck');
      expect(h.manager.list().backups.map((b) => b.name)).toEqual([made[5], made[4], made[3]]);
      expect(readdirSync(folder).sort()).toEqual(
        [made[3], made[4], made[5], 'notes.txt', '20200101T000000000Z.flightdeck.keep'].sort(),
      );
    } finally {
      h.dispose();
    }
  });

  it('saves settings atomically and reads them back in a new session', () => {
    const dir = temp.make();
    const a = harness(dir);
    expect(a.manager.settings()).toEqual(DEFAULT_BACKUP_SETTINGS);
    a.manager.setSettings({ enabled: false, keep: 4, intervalMinutes: 60 });
    expect(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({
      enabled: false,
      keep: 4,
      intervalMinutes: 60,
    });
    expect(readdirSync(dir).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(harness(dir).manager.settings()).toEqual({ enabled: false, keep: 4, intervalMinutes: 60 });
  });

  it.each([
    ['not JSON', '{"enabled": tru'],
    ['out of range', '{"enabled": true, "keep": 0, "intervalMinutes": 30}'],
    ['wrong shape', '[1, 2, 3]'],
  ])('falls back to the defaults with a warning when the settings file is %s', (_what, text) => {
    const dir = temp.make();
    writeFileSync(join(dir, SETTINGS_FILE), text);
    const h = harness(dir);
    expect(h.manager.settings()).toEqual(DEFAULT_BACKUP_SETTINGS);
    expect(h.logger.lines.map((l) => `${l.level}: ${l.message}`)).toEqual([
      'warn: backup settings malformed; using defaults',
    ]);
  });

  it('refuses settings outside the limits through the router', async () => {
    const c = createTestCore();
    cores.push(c);
    const r = await c.invoke('backup/setSettings', { enabled: true, keep: 0, intervalMinutes: 1 });
    expect(r.ok).toBe(false);
    expect(existsSync(join(c.dir, SETTINGS_FILE))).toBe(false);
  });
});

describe('BackupManager: list', () => {
  it('marks corrupt, truncated and foreign backups and picks the newest good one', async () => {
    const dir = temp.make();
    const h = harness(dir);
    try {
      h.open(20);
      const good = await h.manager.backupNow();
      const folder = backupFolderFor(dir, h.path);
      const damaged = (name: string) => {
        copyFileSync(good.path, join(folder, name));
        return join(folder, name);
      };
      const corrupt = damaged('20260302T100000000Z.flightdeck');
      const db = openSqlite(corrupt, { readonly: true });
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const root = (
        db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'initiatives'`).get() as { rootpage: number }
      ).rootpage;
      db.close();
      overwrite(corrupt, (root - 1) * pageSize, Buffer.alloc(12, 0xa5));
      const truncated = damaged('20260302T110000000Z.flightdeck');
      truncateSync(truncated, Math.floor(statSync(truncated).size / 2));
      const foreign = openSqlite(join(folder, '20260302T120000000Z.flightdeck'));
      foreign.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
      foreign.close();

      const list = h.manager.list();
      expect(list.portfolioPath).toBe(h.path);
      expect(list.folder).toBe(folder);
      expect(list.backups.map((b) => [b.name, b.ok])).toEqual([
        ['20260302T120000000Z.flightdeck', false],
        ['20260302T110000000Z.flightdeck', false],
        ['20260302T100000000Z.flightdeck', false],
        [good.name, true],
      ]);
      expect(list.backups[0]!.problem).toMatch(/another program/);
      expect(list.backups[1]!.problem).toMatch(/truncated/);
      expect(list.backups[2]!.problem).toMatch(/damaged|malformed/);
      expect(list.newestGood).toMatchObject({
        name: good.name,
        initiativeCount: 20,
        createdAt: '2026-03-02T09:00:00.000Z',
      });
    } finally {
      h.dispose();
    }
  });

  it('rechecks a backup whose file changed since the last list', async () => {
    const dir = temp.make();
    const h = harness(dir);
    try {
      h.open();
      const b = await h.manager.backupNow();
      expect(h.manager.list().newestGood?.name).toBe(b.name);
      truncateSync(b.path, 1000);
      expect(h.manager.list().backups[0]).toMatchObject({ name: b.name, ok: false });
      expect(h.manager.list().newestGood).toBeNull();
    } finally {
      h.dispose();
    }
  });

  it('lists the backups of a file that failed to open, and says so when nothing is open', async () => {
    const dir = temp.make();
    const h = harness(dir);
    h.open();
    await h.manager.backupNow();
    h.dispose();
    overwrite(h.path, 0, Buffer.from('Not a database!!'));
    expect(h.workspace.open(h.path, false).state).toBe('failed');
    expect(h.manager.list().backups).toHaveLength(1);
    h.workspace.close();
    expect(() => h.manager.list()).toThrow(/No portfolio is open/);
  });
});

describe('backup/restore', () => {
  /** A portfolio with a backup, then changed after it, then closed: the file on disk is newer than the backup. */
  async function portfolioWithBackup(dir: string) {
    const c = createTestCore({ dir, demoSize: 25 });
    await c.ok('workspace/openDefault');
    await c.ok('workspace/setup', { mode: 'demo' });
    const backup = await c.ok('backup/now');
    const expected = { count: 25, digest: initiativesDigest(c.db()), backupFile: fileDigest(backup.path) };
    rename(c.db(), 1, 'Changed after the backup');
    c.dispose();
    return { backup, expected, path: c.defaultDbPath };
  }

  async function reopen(dir: string): Promise<TestCore> {
    const c = createTestCore({ dir, demoSize: 25 });
    cores.push(c);
    await c.ok('workspace/openDefault');
    return c;
  }

  it.each([
    ['its header is overwritten', (p: string) => overwrite(p, 0, Buffer.from('garbage garbage!')), 'NOT_SQLITE'],
    ['it is truncated to half', (p: string) => truncateSync(p, Math.floor(statSync(p).size / 2)), 'CORRUPT'],
    ['its first page is zeroed', (p: string) => overwrite(p, 0, Buffer.alloc(4096)), 'NOT_SQLITE'],
    ['it is cut to zero bytes', (p: string) => truncateSync(p, 0), 'CORRUPT'],
  ])(
    'restores the newest good backup after the file is damaged (%s), keeping the damaged file',
    async (_w, damage, reason) => {
      const dir = temp.make();
      const { backup, expected, path } = await portfolioWithBackup(dir);
      damage(path);
      const damagedDigest = fileDigest(path);

      const c = await reopen(dir);
      expect(await c.ok('workspace/status')).toMatchObject({ state: 'failed', reason });
      const list = await c.ok('backup/list');
      expect(list.newestGood?.name).toBe(backup.name);

      const r = await c.ok('backup/restore', { name: backup.name });
      expect(r.status).toMatchObject({ state: 'open', path, initiativeCount: expected.count });
      expect(r.restoredFrom.name).toBe(backup.name);
      expect(r.keptDamagedFile).toBe(`${path}.damaged-20260302T090000000Z`);
      expect(fileDigest(r.keptDamagedFile!)).toBe(damagedDigest);
      expect(initiativesDigest(c.db())).toBe(expected.digest);
      expect(c.db().prepare('SELECT name FROM initiatives WHERE id = 1').get()).not.toEqual({
        name: 'Changed after the backup',
      });
      // The restore is one more link in the restored file's own chain, and the chain holds.
      const last = c.db().prepare('SELECT action, entity_kind FROM audit_log ORDER BY seq DESC LIMIT 1').get();
      expect(last).toEqual({ action: 'portfolio.restore', entity_kind: 'portfolio' });
      expect(verifyAuditChain(c.db())).toMatchObject({ ok: true });
      expect(c.events.of('workspace/changed').at(-1)).toMatchObject({ state: 'open' });
      // The backup itself is untouched and still listed.
      expect(fileDigest(backup.path)).toBe(expected.backupFile);
      expect((await c.ok('backup/list')).backups.map((b) => b.name)).toContain(backup.name);
    },
  );

  it('moves a crashed session’s -wal aside with the damaged file, so it is never replayed into the backup', async () => {
    const dir = temp.make();
    const c = createTestCore({ dir, demoSize: 25 });
    await c.ok('workspace/openDefault');
    await c.ok('workspace/setup', { mode: 'demo' });
    const backup = await c.ok('backup/now');
    const expected = initiativesDigest(c.db());
    c.db().pragma('wal_autocheckpoint = 0');
    rename(c.db(), 1, 'Only in the WAL');
    const path = c.defaultDbPath;
    // What a crash leaves: the WAL with committed frames beside the main file.
    const wal = readFileSync(`${path}-wal`);
    expect(wal.length).toBeGreaterThan(0);
    c.dispose();
    writeFileSync(`${path}-wal`, wal);
    overwrite(path, 0, Buffer.from('garbage garbage!'));

    const d = await reopen(dir);
    expect(d.core.workspace.status()).toMatchObject({ state: 'failed' });
    const r = await d.ok('backup/restore', { name: backup.name });
    expect(initiativesDigest(d.db())).toBe(expected);
    expect(readFileSync(`${r.keptDamagedFile!}-wal`).equals(wal)).toBe(true);
  });

  it('replaces an open, healthy file only by moving it aside', async () => {
    const dir = temp.make();
    const { backup, expected, path } = await portfolioWithBackup(dir);
    const c = await reopen(dir);
    c.core.workspace.close();
    const before = fileDigest(path);
    await c.ok('workspace/openDefault');
    const r = await c.ok('backup/restore', { name: backup.name });
    expect(r.keptDamagedFile).toBe(`${path}.replaced-20260302T090000000Z`);
    expect(fileDigest(r.keptDamagedFile!)).toBe(before);
    expect(initiativesDigest(c.db())).toBe(expected.digest);
    const kept = openSqlite(r.keptDamagedFile!, { readonly: true });
    expect(kept.prepare('SELECT name FROM initiatives WHERE id = 1').get()).toEqual({
      name: 'Changed after the backup',
    });
    kept.close();
  });

  it.each([
    ['../Portfolio.flightdeck', 'VALIDATION'],
    ['a/b.flightdeck', 'VALIDATION'],
    ['..', 'VALIDATION'],
    ['Portfolio.flightdeck', 'VALIDATION'],
    ['20260302T090000000Z.flightdeck.partial', 'VALIDATION'],
    ['20990101T000000000Z.flightdeck', 'NOT_FOUND'],
  ])('refuses %s and changes nothing', async (name, code) => {
    const dir = temp.make();
    const { path } = await portfolioWithBackup(dir);
    const before = fileDigest(path);
    const c = await reopen(dir);
    const r = await c.invoke('backup/restore', { name });
    expect(r).toMatchObject({ ok: false, error: { code } });
    expect(c.core.workspace.status()).toMatchObject({ state: 'open' });
    c.core.workspace.close();
    expect(fileDigest(path)).toBe(before);
    expect(readdirSync(dir).filter((n) => n.includes('.damaged-') || n.includes('.replaced-'))).toEqual([]);
  });

  it('leaves the original in place when the backup disappeared between list and restore', async () => {
    const dir = temp.make();
    const { backup, path } = await portfolioWithBackup(dir);
    const c = await reopen(dir);
    const list = await c.ok('backup/list');
    rmSync(list.backups[0]!.path);
    const r = await c.invoke('backup/restore', { name: backup.name });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(c.db().prepare('SELECT name FROM initiatives WHERE id = 1').get()).toEqual({
      name: 'Changed after the backup',
    });
    expect(readdirSync(dir).filter((n) => n.startsWith(basename(path)))).toEqual([
      basename(path),
      `${basename(path)}-wal`,
    ]);
  });

  it('refuses a backup that fails its check', async () => {
    const dir = temp.make();
    const { backup, path } = await portfolioWithBackup(dir);
    truncateSync(backup.path, 4096);
    const c = await reopen(dir);
    const r = await c.invoke('backup/restore', { name: backup.name });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(r.ok ? '' : r.error.message).toMatch(/cannot be restored: The backup is truncated/);
    expect(c.core.workspace.status()).toMatchObject({ state: 'open', path });
  });

  it('puts the original back when the restored file does not open', async () => {
    const dir = temp.make();
    const { backup, path } = await portfolioWithBackup(dir);
    // A backup that passes its check but whose schema version is a lie: the upgrade on open fails for real.
    const w = openSqlite(backup.path);
    w.pragma('user_version = 15');
    w.close();
    const c = await reopen(dir);
    c.core.workspace.close();
    const before = fileDigest(path);
    await c.ok('workspace/openDefault');
    const r = await c.invoke('backup/restore', { name: backup.name });
    expect(r).toMatchObject({ ok: false, error: { code: 'DB_ERROR' } });
    expect(r.ok ? '' : r.error.message).toMatch(/did not open.*original file is back in place/);
    expect(c.core.workspace.status()).toMatchObject({ state: 'open', path });
    expect(c.db().prepare('SELECT name FROM initiatives WHERE id = 1').get()).toEqual({
      name: 'Changed after the backup',
    });
    c.core.workspace.close();
    expect(fileDigest(path)).toBe(before);
    expect(readdirSync(dir).filter((n) => n.includes('.replaced-') || n.endsWith('.partial'))).toEqual([]);
  });

  it('refuses while another program holds the file', async () => {
    const c = createTestCore();
    cores.push(c);
    await c.ok('workspace/openDefault');
    await c.ok('backup/now');
    const other = createTestCore({ dir: c.dir });
    cores.push(other);
    expect(await other.ok('workspace/openDefault')).toMatchObject({ state: 'failed', reason: 'LOCKED' });
    const name = (await other.ok('backup/list')).backups[0]!.name;
    expect(await other.invoke('backup/restore', { name })).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(c.core.workspace.status()).toMatchObject({ state: 'open' });
  });
});
