import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { createCore } from '../../electron/core';
import { noDialogs } from '../../electron/core/ports';
import { holdLockInChild, type LockHolder } from '../../electron/core/testing/child';
import { openSqlite } from '../../electron/core/db/sqlite';
import { test, expect, waitForAppState, E2E_NOW, type Prepare } from '../fixtures';
import { DEFAULT_DB_NAME } from '../harness/host';
import { initiativeCreateInput } from '../../shared/domain/initiative';
import { axeProblems } from './helpers';

const NEW_INITIATIVE = initiativeCreateInput.parse({ name: 'Added after the backup' });

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** What the preparation left behind for the test to check against. */
interface Prepared {
  backupName: string;
  backupCount: number;
  damagedSha: string;
  /** A newer backup that was damaged after it was made. */
  damagedBackupName: string;
}

/**
 * Before launch: back up the seeded demo through the core (as the app's "Back up now" does), add one
 * initiative the backup does not have, then damage the file with `damage`.
 */
function backUpThenDamage(
  damage: (dbPath: string) => void,
  out: Partial<Prepared>,
  options: { damagedNewerBackup?: boolean } = {},
): Prepare {
  return {
    run: async ({ dataDir, dbPath }) => {
      // An hour before the app's "now", so backups taken here sort before any the test makes.
      let now = E2E_NOW.getTime() - 3_600_000;
      const core = createCore({
        defaultDbPath: dbPath,
        dataDir,
        dialogs: noDialogs,
        clock: { now: () => new Date(now) },
      });
      try {
        await core.handlers['workspace/openDefault'](undefined);
        const backup = await core.handlers['backup/now'](undefined);
        out.backupName = backup.name;
        out.backupCount = backup.initiativeCount ?? -1;
        // A change the backup does not have: after the restore it must be gone.
        await core.handlers['initiative/create'](NEW_INITIATIVE);
        if (options.damagedNewerBackup) {
          now += 60_000;
          const newer = await core.handlers['backup/now'](undefined);
          out.damagedBackupName = newer.name;
          scribble(newer.path);
        }
      } finally {
        core.dispose();
      }
      damage(dbPath);
      out.damagedSha = sha(dbPath);
    },
  };
}

/** Garbage over two b-tree pages and the header's magic: SQLite refuses it or its check fails. */
function scribble(dbPath: string): void {
  const bytes = readFileSync(dbPath);
  bytes.fill(0x5a, 4096, 4096 * 3);
  bytes.writeUInt8(bytes.readUInt8(0) ^ 0xff, 0);
  bytes.writeUInt8(bytes.readUInt8(5) ^ 0xff, 5);
  writeFileSync(dbPath, bytes);
}

function damagedFiles(dataDir: string): string[] {
  return readdirSync(dataDir).filter((n) => n.startsWith(`${DEFAULT_DB_NAME}.damaged-`) && !/-(wal|shm)$/.test(n));
}

async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

async function openBackupsDialog(app: Page): Promise<void> {
  await app.keyboard.press('Control+k');
  await app.getByTestId('palette-input').fill('Backups');
  await app.getByTestId('palette-item').filter({ hasText: 'Backups…' }).click();
  await expect(app.getByTestId('backups-dialog')).toBeVisible();
}

test.describe('recovery from a damaged portfolio', () => {
  const scribbled: Partial<Prepared> = {};
  test.describe('damaged pages and header', () => {
    test.use({ prepare: backUpThenDamage(scribble, scribbled) });

    test('offers the newest good backup and restores it, keeping the damaged file', async ({ app, host }, testInfo) => {
      await waitForAppState(app, 'failed');
      await expect(app.getByTestId('failed-reason')).toHaveAttribute('data-reason', /CORRUPT|NOT_SQLITE/);
      // Opening the damaged file changed nothing in it.
      expect(sha(host.dbPath)).toBe(scribbled.damagedSha);
      const recovery = app.getByTestId('recovery');
      await expect(recovery).toBeVisible();
      const newest = recovery.getByTestId('backup-choice').first();
      await expect(newest).toHaveAttribute('data-name', scribbled.backupName!);
      await expect(newest.locator('input[type="radio"]')).toBeChecked();
      await expect(newest).toContainText(`${scribbled.backupCount} initiatives`);
      await expect(newest).toContainText('Newest good');
      await expect(app.getByTestId('recovery-safety')).toContainText('never overwritten or deleted');
      await shot(app, testInfo, 'recovery-screen');

      // Keyboard first: the restore button has the focus, and Enter only opens the confirmation.
      await expect(app.getByTestId('recovery-restore')).toBeFocused();
      await app.keyboard.press('Enter');
      const confirm = app.getByTestId('restore-confirm');
      await expect(confirm).toBeVisible();
      // The safe choice has the focus: Enter here would cancel, not restore.
      await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await confirm.getByTestId('restore-confirm-button').click();

      await waitForAppState(app, 'ready');
      const total = scribbled.backupCount!.toLocaleString('en');
      await expect(app.getByTestId('row-count')).toHaveText(`${total} of ${total}`);
      const notice = app.getByTestId('restore-notice');
      await expect(notice).toBeVisible();
      const kept = damagedFiles(join(host.dbPath, '..'));
      expect(kept).toHaveLength(1);
      await expect(notice.getByTestId('restore-kept')).toHaveText(kept[0]!);
      // The damaged file was moved, byte for byte, not rewritten.
      expect(sha(join(host.dbPath, '..', kept[0]!))).toBe(scribbled.damagedSha);
      const status = host.core.workspace.status();
      expect(status.state === 'open' && status.initiativeCount).toBe(scribbled.backupCount);
    });
  });

  const emptied: Partial<Prepared> = {};
  test.describe('a 0-byte file', () => {
    test.use({ prepare: backUpThenDamage((p) => truncateSync(p, 0), emptied) });

    test('is treated as damaged and restored from the backup', async ({ app, host }) => {
      await waitForAppState(app, 'failed');
      await expect(app.getByTestId('failed-reason')).toHaveAttribute('data-reason', 'CORRUPT');
      await app.getByTestId('recovery-restore').click();
      await app.getByTestId('restore-confirm-button').click();
      await waitForAppState(app, 'ready');
      const total = emptied.backupCount!.toLocaleString('en');
      await expect(app.getByTestId('row-count')).toHaveText(`${total} of ${total}`);
      const kept = damagedFiles(join(host.dbPath, '..'));
      expect(kept).toHaveLength(1);
      expect(readFileSync(join(host.dbPath, '..', kept[0]!)).length).toBe(0);
    });
  });

  test.describe('no backups', () => {
    test.use({ prepare: { run: ({ dbPath }) => truncateSync(dbPath, 5000) } });

    test('says there are none and offers the other ways out', async ({ app, host }) => {
      await waitForAppState(app, 'failed');
      const before = sha(host.dbPath);
      await expect(app.getByTestId('recovery-none')).toBeVisible();
      await expect(app.getByTestId('recovery-restore')).toHaveCount(0);
      await expect(app.getByTestId('failed-open')).toBeVisible();
      await expect(app.getByTestId('failed-create')).toBeVisible();
      expect(sha(host.dbPath)).toBe(before);
    });
  });
});

test.describe('a portfolio in use by another program', () => {
  let holder: LockHolder | null = null;
  test.use({
    prepare: {
      run: async ({ dbPath }) => {
        holder = await holdLockInChild(dbPath);
      },
    },
  });
  test.afterEach(async () => {
    await holder?.stop();
    holder = null;
  });

  test('says so, and Try again opens it once the other program lets go', async ({ app }, testInfo) => {
    await waitForAppState(app, 'failed');
    await expect(app.getByTestId('failed-reason')).toHaveAttribute('data-reason', 'LOCKED');
    await expect(app.getByTestId('failed-reason')).toContainText('Another program is using the file');
    await expect(app.getByTestId('recovery')).toHaveCount(0);

    // Still held: the screen stays and says it checked.
    await app.getByTestId('failed-retry').click();
    await expect(app.getByTestId('failed-retry-outcome')).toContainText('Still in use');
    await waitForAppState(app, 'failed');
    await expect(app.getByTestId('failed-retry')).toBeFocused();
    await shot(app, testInfo, 'locked');

    await holder!.stop();
    holder = null;
    // From the keyboard this time: the focus stayed on Try again.
    await app.keyboard.press('Enter');
    await waitForAppState(app, 'ready');
    await expect(app.getByTestId('portfolio-row').first()).toBeVisible();
  });
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`the file removed under the open app (${theme})`, () => {
    test.use({ theme });
    test('the next edit fails as read-only, the banner shows, and Save a copy rescues the data', async ({
      app,
      host,
      dialogs,
    }, testInfo) => {
      await waitForAppState(app, 'ready');
      const before = (await host.core.handlers['initiative/list']({ includeArchived: true })).length;
      for (const suffix of ['', '-wal', '-shm']) {
        if (existsSync(host.dbPath + suffix)) unlinkSync(host.dbPath + suffix);
      }

      await app.getByTestId('portfolio-row').first().click();
      await app.getByTestId('archive-initiative').click();
      const banner = app.getByTestId('readonly-banner');
      await expect(banner).toBeVisible();
      await expect(banner).toHaveAttribute('data-reason', 'FILE_REMOVED');
      const status = host.core.workspace.status();
      const message = status.state === 'open' ? status.readOnly?.message : undefined;
      expect(message).toBeTruthy();
      await expect(banner.getByTestId('readonly-message')).toHaveText(message!);
      // The write's own error is the core's words, in the usual error toast.
      await expect(app.locator('.toast-error').last()).toContainText(message!);
      await shot(app, testInfo, `readonly-banner-${theme}`);
      expect(await axeProblems(app, '[data-testid="readonly-banner"]')).toEqual([]);

      // Retry cannot bring a deleted file back: it says so and the banner stays.
      await banner.getByTestId('readonly-retry').click();
      await expect(banner.getByTestId('readonly-outcome')).toContainText('Still read-only');

      const copy = testInfo.outputPath('rescued.flightdeck');
      dialogs.saveAnswers.push(copy);
      await banner.getByTestId('readonly-save-copy').click();
      await expect(app.getByTestId('toast').last()).toContainText('rescued.flightdeck');
      const db = openSqlite(copy, { readonly: true });
      try {
        const row = db.prepare('SELECT count(*) AS n FROM initiatives').get() as { n: number };
        expect(row.n).toBe(before);
      } finally {
        db.close();
      }
    });
  });

  test.describe(`backups dialog and recovery screen (${theme})`, () => {
    test.use({ theme });

    test('Back up now adds a row, settings persist, and both pass axe', async ({ app }, testInfo) => {
      await waitForAppState(app, 'ready');
      await openBackupsDialog(app);
      const dialog = app.getByTestId('backups-dialog');
      await expect(dialog.getByTestId('backup-settings')).toBeVisible();
      const names = () => dialog.getByTestId('backup-row').evaluateAll((rows) => rows.map((r) => r.dataset.name));
      const before = await names();

      await dialog.getByTestId('backup-now').click();
      await expect(dialog.getByTestId('backup-now-result')).toContainText('Backed up:');
      const made = /Backed up: (\S+) /.exec(await dialog.getByTestId('backup-now-result').innerText())?.[1];
      expect(made).toBeTruthy();
      await expect(dialog.locator(`[data-testid="backup-row"][data-name="${made}"]`)).toBeVisible();
      expect(before).not.toContain(made);
      await expect(dialog.locator(`[data-testid="backup-row"][data-name="${made}"]`)).toContainText('OK');

      // Out of range: the message names the range and nothing is saved.
      await dialog.getByTestId('backup-keep').fill('0');
      await dialog.getByTestId('backup-settings-save').click();
      await expect(dialog.getByTestId('field-error').first()).toContainText('from 1 to 100');

      await dialog.getByTestId('backup-keep').fill('7');
      await dialog.getByTestId('backup-interval').fill('90');
      await dialog.getByTestId('backup-enabled').uncheck();
      await dialog.getByTestId('backup-settings-save').click();
      await expect(dialog.getByTestId('backup-settings-result')).toHaveText('Settings saved.');
      expect(await axeProblems(app, '[data-testid="backups-dialog"]')).toEqual([]);
      await shot(app, testInfo, `backups-dialog-${theme}`);

      await app.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      // Reopened the way File > Backups… in the host's menu does it.
      await app.evaluate(() =>
        (window as unknown as { __fdEmit(e: string, p: unknown): void }).__fdEmit('menu/command', {
          command: 'file/backups',
        }),
      );
      await expect(dialog).toBeVisible();
      await expect(dialog.getByTestId('backup-keep')).toHaveValue('7');
      await expect(dialog.getByTestId('backup-interval')).toHaveValue('90');
      await expect(dialog.getByTestId('backup-enabled')).not.toBeChecked();

      // Restore from the dialog: confirm says the open file is moved aside, and the notice names it.
      await dialog.locator(`[data-testid="backup-row"][data-name="${made}"]`).getByTestId('backup-restore').click();
      const confirm = app.getByTestId('restore-confirm');
      await expect(confirm.getByTestId('restore-confirm-aside')).toContainText('not deleted');
      await confirm.getByTestId('restore-confirm-button').click();
      await expect(app.getByTestId('restore-notice')).toBeVisible();
      await expect(app.getByTestId('restore-kept')).toContainText('.replaced-');
      await waitForAppState(app, 'ready');
      await shot(app, testInfo, `restore-notice-${theme}`);
    });
  });

  test.describe(`recovery screen accessibility (${theme})`, () => {
    const prepared: Partial<Prepared> = {};
    test.use({ theme, prepare: backUpThenDamage(scribble, prepared, { damagedNewerBackup: true }) });

    test('marks a damaged newer backup, offers the good one, and has no serious axe findings', async ({
      app,
    }, testInfo) => {
      await waitForAppState(app, 'failed');
      const recovery = app.getByTestId('recovery');
      await expect(recovery).toBeVisible();
      const good = recovery.locator(`[data-testid="backup-choice"][data-name="${prepared.backupName}"]`);
      const bad = recovery.locator(`[data-testid="backup-choice"][data-name="${prepared.damagedBackupName}"]`);
      await expect(good.locator('input')).toBeChecked();
      await expect(good).toContainText('Newest good');
      await expect(bad).toBeVisible();
      await expect(bad).toContainText('Damaged');
      await expect(bad.locator('input')).toBeDisabled();
      expect(await axeProblems(app)).toEqual([]);
      await shot(app, testInfo, `recovery-${theme}`);
      await app.getByTestId('recovery-restore').click();
      await expect(app.getByTestId('restore-confirm')).toBeVisible();
      expect(await axeProblems(app, '[data-testid="restore-confirm"]')).toEqual([]);
      await shot(app, testInfo, `recovery-confirm-${theme}`);
    });
  });
}
