import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { test, expect, waitForAppState } from '../fixtures';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations';
import { startWithDemo } from './helpers';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

test.use({ portfolio: 'first-run' });

test.describe('portfolio files', () => {
  test('a file that is not a portfolio gets a screen naming it and why, and is left untouched', async ({
    app,
    dialogs,
  }, testInfo) => {
    await startWithDemo(app);
    const notes = testInfo.outputPath('notes.flightdeck');
    writeFileSync(notes, 'meeting notes, not a database\n'.repeat(50));
    const before = sha(notes);

    dialogs.openAnswers.push(notes);
    await app.getByTestId('file-menu').click();
    await app.getByTestId('menu-open').click();
    await waitForAppState(app, 'failed');
    await expect(app.getByTestId('failed-path')).toHaveText(notes);
    await expect(app.getByTestId('failed-reason')).toHaveAttribute('data-reason', 'NOT_SQLITE');
    expect(sha(notes)).toBe(before);

    // Create new… from the failure screen: a fresh portfolio, offered the first-run choices.
    const fresh = testInfo.outputPath('fresh.flightdeck');
    dialogs.saveAnswers.push(fresh);
    await app.getByTestId('failed-create').click();
    await waitForAppState(app, 'setup');
    expect(existsSync(fresh)).toBe(true);
    expect(sha(notes)).toBe(before);
  });

  test('a file from a newer Flightdeck is refused and not migrated', async ({ app, dialogs }, testInfo) => {
    await startWithDemo(app);
    const newer = testInfo.outputPath('newer.flightdeck');
    const db = new Database(newer);
    db.pragma('application_id = 1178880817'); // 'FDK1', as every Flightdeck file
    db.exec('CREATE TABLE future_things (id INTEGER PRIMARY KEY)');
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 100}`);
    db.close();
    const before = sha(newer);

    dialogs.openAnswers.push(newer);
    await app.getByTestId('file-menu').click();
    await app.getByTestId('menu-open').click();
    await waitForAppState(app, 'failed');
    await expect(app.getByTestId('failed-reason')).toHaveAttribute('data-reason', 'TOO_NEW');
    await expect(app.getByTestId('failed-reason')).toContainText('newer version');
    expect(sha(newer)).toBe(before);

    // Open default brings the user back to their own portfolio.
    await app.getByTestId('failed-default').click();
    await waitForAppState(app, 'ready');
    await expect(app.getByTestId('portfolio-row').first()).toBeVisible();
  });

  test('a damaged default portfolio shows the failure screen at start', async ({ host, app }) => {
    await waitForAppState(app, 'setup');
    await app.getByTestId('setup-demo').click();
    await waitForAppState(app, 'ready');
    // Damage the file on disk behind the app's back, then start again.
    host.core.workspace.close();
    const bytes = readFileSync(host.dbPath);
    bytes.fill(0x5a, 4096, 4096 * 3);
    writeFileSync(host.dbPath, bytes);
    const before = sha(host.dbPath);
    await app.reload();
    await waitForAppState(app, 'failed');
    await expect(app.getByTestId('failed-path')).toHaveText(host.dbPath);
    await expect(app.getByTestId('failed-reason')).toHaveAttribute('data-reason', /CORRUPT|NOT_SQLITE/);
    expect(sha(host.dbPath)).toBe(before);
  });

  test('Save a copy writes a portfolio that opens with the same initiatives', async ({ app, dialogs }, testInfo) => {
    await startWithDemo(app);
    const count = await app.getByTestId('row-count').innerText();
    const copy = testInfo.outputPath('copy.flightdeck');
    dialogs.saveAnswers.push(copy);
    await app.getByTestId('file-menu').click();
    await app.getByTestId('menu-save-copy').click();
    await expect(app.getByTestId('toast').last()).toContainText('copy.flightdeck');

    dialogs.openAnswers.push(copy);
    await app.getByTestId('file-menu').click();
    await app.getByTestId('menu-open').click();
    await expect(app.getByTestId('file-name')).toContainText('copy.flightdeck');
    await waitForAppState(app, 'ready');
    await expect(app.getByTestId('row-count')).toHaveText(count);
  });
});
