import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { FLIGHTDECK_COLUMNS } from '../../shared/domain/import/columns';
import { DHS_2025, TREASURY_2025, generatedRows, writeFlightdeckCsv } from '../../electron/core/import/testFiles';
import { REPO_ROOT } from '../harness/host';
import { test, expect, waitForAppState } from '../fixtures';
import { axeProblems } from './helpers';

/** Screens for a person to look at: e2e/artifacts/import/<name>-<theme>.png. */
const SHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'import');

async function shot(page: Page, name: string, theme: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${theme}.png`) });
}

const wizard = (page: Page) => page.getByTestId('import-wizard');

async function openWizard(page: Page) {
  await waitForAppState(page, 'ready');
  await page.getByTestId('import-initiatives').click();
  await expect(wizard(page)).toBeVisible();
  await expect(page.getByTestId('import-choose')).toBeFocused();
}

async function chooseFile(page: Page, path: string, dialogs: { importAnswers: (string | null)[] }) {
  dialogs.importAnswers.push(path);
  await page.getByTestId('import-choose').click();
  await expect(page.getByTestId('import-file')).toBeVisible();
}

async function next(page: Page, step: string) {
  await page.getByTestId('import-primary').click();
  await expect(page.getByTestId(`import-step-${step}`)).toBeVisible();
}

/** Clicks Import and waits for the result; returns the result's counts. */
async function runImport(page: Page) {
  await expect(page.getByTestId('import-primary')).toHaveText('Import');
  await page.getByTestId('import-primary').click();
  await expect(page.getByTestId('import-result')).toBeVisible({ timeout: 30_000 });
  const n = async (id: string) => Number((await page.getByTestId(id).textContent())?.replace(/,/g, ''));
  return {
    imported: await n('result-imported'),
    updated: await n('result-updated'),
    rejected: await n('result-rejected'),
  };
}

test.use({ portfolio: 'empty' });

for (const theme of ['light', 'dark'] as const) {
  test.describe(`Import wizard (${theme})`, () => {
    test.use({ theme });

    test('the 2025 Treasury inventory: header row 2 detected, federal-2025 preselected, every row previewed, imported', async ({
      app,
      dialogs,
    }) => {
      await waitForAppState(app, 'ready');
      await expect(app.getByTestId('empty-portfolio')).toBeVisible();
      await openWizard(app);
      expect(await axeProblems(app, '[data-testid="import-wizard"]')).toEqual([]);
      await chooseFile(app, TREASURY_2025, dialogs);
      await expect(app.getByTestId('import-file')).toContainText('2025-treasury-raw.csv');
      await expect(app.getByTestId('import-file')).toContainText('CSV');
      await shot(app, '1-file', theme);
      expect(await axeProblems(app, '[data-testid="import-wizard"]')).toEqual([]);

      await next(app, 'header');
      await expect(app.getByTestId('import-header-row')).toBeFocused();
      await expect(app.getByTestId('import-header-row')).toHaveValue('2');
      await expect(app.getByTestId('import-encoding')).toHaveText('UTF-8 with byte-order mark');
      await expect(app.getByTestId('import-profile-builtin:federal-2025')).toBeChecked();
      await expect(app.getByTestId('import-data-rows')).toHaveText('129');
      await shot(app, '2-header', theme);
      // Another header row re-reads the file: row 3 as header leaves one data row fewer; back to the detected one.
      await app.getByTestId('import-header-row').fill('3');
      await expect(app.getByTestId('import-data-rows')).toHaveText('128');
      await app.getByTestId('import-header-row').fill('2');
      await expect(app.getByTestId('import-data-rows')).toHaveText('129');
      await expect(app.getByTestId('import-profile-builtin:federal-2025')).toBeChecked();
      expect(await axeProblems(app, '[data-testid="import-wizard"]')).toEqual([]);

      // Enter takes the primary action (Next) from the step's first control.
      await app.getByTestId('import-header-row').press('Enter');
      await expect(app.getByTestId('import-step-mapping')).toBeVisible();
      await expect(app.getByTestId('map-name-0')).toBeFocused();
      await expect(app.getByTestId('map-name-0')).not.toHaveValue('');
      await shot(app, '3-mapping', theme);
      expect(await axeProblems(app, '[data-testid="import-wizard"]')).toEqual([]);

      await next(app, 'preview');
      const count = async (id: string) =>
        Number(
          (await app.getByTestId(`import-filter-${id}`).locator('.import-chip-count').textContent())?.replace(/,/g, ''),
        );
      const total = await count('all');
      const create = await count('create');
      const reject = await count('reject');
      expect(total).toBeGreaterThan(100);
      expect(create).toBeGreaterThan(0);
      expect(create + (await count('update')) + reject).toBe(total);
      await expect(app.getByTestId('import-preview-row').first()).toBeVisible();
      if (reject > 0) {
        await app.getByTestId('import-filter-reject').click();
        await expect(app.getByTestId('import-filter-reject')).toHaveAttribute('aria-pressed', 'true');
        await expect(app.locator('[data-testid="import-preview-row"][data-action="create"]')).toHaveCount(0);
        await app.getByTestId('import-filter-all').click();
      }
      await shot(app, '4-preview', theme);
      expect(await axeProblems(app, '[data-testid="import-wizard"]')).toEqual([]);

      await next(app, 'import');
      await expect(app.getByTestId('import-mode-validOnly')).toBeChecked();
      await expect(app.getByTestId('import-summary')).toContainText(`${create} to create`);
      await shot(app, '5-import', theme);
      expect(await axeProblems(app, '[data-testid="import-wizard"]')).toEqual([]);
      const result = await runImport(app);
      expect(result.imported).toBe(create);
      expect(result.rejected).toBe(reject);
      await shot(app, '6-result', theme);
      expect(await axeProblems(app, '[data-testid="import-wizard"]')).toEqual([]);

      await app.getByTestId('import-primary').click();
      await expect(wizard(app)).toBeHidden();
      // The portfolio refreshes on the core's db/changed event.
      await expect(app.getByTestId('row-count')).toHaveText(`${create} of ${create}`);
      await expect(app.getByTestId('portfolio-row').first()).toBeVisible();
    });
  });
}

test('an XLSX with two sheets: the chosen sheet is imported with the Flightdeck profile, and Undo takes it back', async ({
  app,
  dialogs,
}, testInfo) => {
  const path = testInfo.outputPath('two-sheets.xlsx');
  const wb = new ExcelJS.Workbook();
  const readMe = wb.addWorksheet('Read me');
  readMe.addRow(['This workbook lists our AI initiatives on the next sheet.']);
  const sheet = wb.addWorksheet('Portfolio');
  const columns = FLIGHTDECK_COLUMNS.filter((c) => c.field !== 'id');
  sheet.addRow(columns.map((c) => c.header));
  for (const r of generatedRows(3)) sheet.addRow(columns.map((c) => r[c.field] ?? null));
  await wb.xlsx.writeFile(path);

  await openWizard(app);
  await chooseFile(app, path, dialogs);
  await expect(app.getByTestId('import-sheets')).toContainText('Read me');
  await expect(app.getByTestId('import-sheets')).toContainText('Portfolio');
  // No sheet is assumed: Next waits for a choice.
  await expect(app.getByTestId('import-primary')).toBeDisabled();
  await app.getByRole('radio', { name: /Portfolio/ }).check();
  await shot(app, '1-file-xlsx', 'light');
  await next(app, 'header');
  await expect(app.getByTestId('import-profile-builtin:flightdeck')).toBeChecked();
  await expect(app.getByTestId('import-encoding')).toHaveText('XLSX (Unicode)');
  await next(app, 'mapping');
  await expect(app.getByTestId('import-key-hint')).toContainText('name and business unit');
  await next(app, 'preview');
  await expect(app.getByTestId('import-filter-create')).toContainText('3');
  await next(app, 'import');
  const result = await runImport(app);
  expect(result).toEqual({ imported: 3, updated: 0, rejected: 0 });
  await expect(app.getByTestId('row-count')).toHaveText('3 of 3');

  await app.getByTestId('import-undo').click();
  await expect(app.getByTestId('import-result')).toContainText('The import was undone');
  await expect(app.getByTestId('import-undo')).toBeHidden();
  await app.getByTestId('import-primary').click();
  await expect(app.getByTestId('empty-portfolio')).toBeVisible();
});

test('the raw 2025 DHS workbook: its use-case sheet imports with the 2025 federal profile', async ({
  app,
  dialogs,
}) => {
  await openWizard(app);
  await chooseFile(app, DHS_2025, dialogs);
  await app.getByRole('radio', { name: /All Use Cases/ }).check();
  await next(app, 'header');
  await expect(app.getByTestId('import-profile-builtin:federal-2025')).toBeChecked();
  await next(app, 'mapping');
  await next(app, 'preview');
  const create = Number(
    (await app.getByTestId('import-filter-create').locator('.import-chip-count').textContent())?.replace(/,/g, ''),
  );
  expect(create).toBeGreaterThan(100);
  await shot(app, '4-preview-dhs', 'light');
  await next(app, 'import');
  const result = await runImport(app);
  expect(result.imported).toBe(create);
  await app.getByTestId('import-primary').click();
  await expect(app.getByTestId('row-count')).toHaveText(`${create} of ${create}`);
});

test('a PNG named .csv is refused with a clear message and nothing else happens', async ({
  app,
  dialogs,
}, testInfo) => {
  const path = testInfo.outputPath('picture.csv');
  // The PNG signature and the start of an IHDR chunk, then binary noise.
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 37) % 256)),
  ]);
  writeFileSync(path, png);
  await openWizard(app);
  dialogs.importAnswers.push(path);
  await app.getByTestId('import-choose').click();
  const error = app.getByTestId('import-open-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('role', 'alert');
  expect((await error.textContent())?.length ?? 0).toBeGreaterThan(20);
  await expect(app.getByTestId('import-file')).toHaveCount(0);
  await expect(app.getByTestId('import-primary')).toBeDisabled();
  await shot(app, '1-file-error', 'light');
  expect(await axeProblems(app, '[data-testid="import-wizard"]')).toEqual([]);
  // Nothing loaded, so Esc closes without asking.
  await app.keyboard.press('Escape');
  await expect(wizard(app)).toBeHidden();
  await expect(app.getByTestId('empty-portfolio')).toBeVisible();
  await expect(app.getByTestId('empty-import')).toBeVisible();
  await shot(app, '0-empty-portfolio', 'light');
});

test('cancelling a 10,000-row import leaves the portfolio as it was (or, if it finished first, complete)', async ({
  app,
  dialogs,
}, testInfo) => {
  // Reading, checking and writing 10,000 rows twice over (preview, then import) on a shared two-core machine.
  test.setTimeout(180_000);
  const path = writeFlightdeckCsv(testInfo.outputPath(''), 'big.csv', generatedRows(10_000));
  await openWizard(app);
  await chooseFile(app, path, dialogs);
  await next(app, 'header');
  await expect(app.getByTestId('import-profile-builtin:flightdeck')).toBeChecked({ timeout: 30_000 });
  await next(app, 'mapping');
  await next(app, 'preview');
  await expect(app.getByTestId('import-filter-create')).toContainText('10,000');
  await next(app, 'import');
  await app.getByTestId('import-primary').click();
  const cancel = app.getByTestId('import-cancel');
  const result = app.getByTestId('import-result');
  // Cancel as soon as the button shows; a fast machine may finish first, which must also be consistent. The
  // import may end between the button showing and the click: then the click finds no button and the result shows.
  // dispatchEvent rather than click(): the core runs in this test process, so each of click()'s actionability
  // round trips waits for a chunk of the import, and the click would land only after the cancellable part.
  await cancel.dispatchEvent('click', undefined, { timeout: 10_000 }).catch(() => undefined);
  await shot(app, '5-cancel', 'light');
  const cancelled = app.getByTestId('import-cancelled');
  await expect(cancelled.or(result)).toBeVisible({ timeout: 30_000 });
  if (await cancelled.isVisible()) {
    await expect(cancelled).toHaveText('Import cancelled; nothing was changed.');
    await app.getByTestId('import-primary').click();
    await expect(app.getByTestId('empty-portfolio')).toBeVisible();
  } else {
    await expect(app.getByTestId('result-imported')).toHaveText('10,000');
    await app.getByTestId('import-primary').click();
    await expect(app.getByTestId('row-count')).toHaveText('10,000 of 10,000');
  }
});

test('re-importing the same file updates instead of duplicating; rejects are saved as CSV', async ({
  app,
  dialogs,
}, testInfo) => {
  const path = writeFlightdeckCsv(testInfo.outputPath(''), 'portfolio.csv', [
    ...generatedRows(4),
    { name: '', businessUnit: 'Claims', phase: 'Data foundation' },
    { name: 'Bad phase', businessUnit: 'Claims', phase: 'Somewhere in between' },
  ]);
  const importOnce = async () => {
    await openWizard(app);
    await chooseFile(app, path, dialogs);
    await next(app, 'header');
    await expect(app.getByTestId('import-profile-builtin:flightdeck')).toBeChecked();
    await next(app, 'mapping');
    await next(app, 'preview');
    await next(app, 'import');
    return runImport(app);
  };

  const first = await importOnce();
  expect(first).toEqual({ imported: 4, updated: 0, rejected: 2 });
  await expect(app.getByTestId('import-rejects')).toContainText('Somewhere in between');
  const rejectsPath = testInfo.outputPath('rejects.csv');
  dialogs.saveAnswers.push(rejectsPath);
  await app.getByTestId('import-save-rejects').click();
  await expect(app.getByText(`Saved the rejects to ${rejectsPath}`)).toBeVisible();
  expect(existsSync(rejectsPath)).toBe(true);
  const csv = readFileSync(rejectsPath, 'utf8');
  expect(csv.split(/\r?\n/)[0]?.toLowerCase()).toContain('row');
  expect(csv).toContain('Phase');
  await app.getByTestId('import-primary').click();
  await expect(app.getByTestId('row-count')).toHaveText('4 of 4');

  const second = await importOnce();
  expect(second).toEqual({ imported: 0, updated: 4, rejected: 2 });
  await app.getByTestId('import-primary').click();
  await expect(app.getByTestId('row-count')).toHaveText('4 of 4');
});

test('palette command, mapping edits re-preview, a saved profile and Esc asks before discarding', async ({
  app,
  dialogs,
}, testInfo) => {
  const path = testInfo.outputPath('odd.csv');
  writeFileSync(
    path,
    'Project title,Team,Stage,Notes\r\nClaims triage,Claims,Pilot,x\r\nFraud scoring,Risk,Deployed,y\r\n',
  );
  await waitForAppState(app, 'ready');
  await app.keyboard.press('Control+k');
  await app.getByTestId('palette-input').fill('Import initiatives');
  await app.keyboard.press('Enter');
  await expect(wizard(app)).toBeVisible();
  await chooseFile(app, path, dialogs);
  await next(app, 'header');
  await expect(app.getByTestId('import-profiles')).toBeVisible();
  await shot(app, '2-header-nofit', 'light');
  await next(app, 'mapping');
  await app.getByTestId('map-name-0').selectOption('Project title');
  await app.getByTestId('map-businessUnit-0').selectOption('Team');
  await app.getByTestId('default-riskTier').selectOption('high');
  await shot(app, '3-mapping-edited', 'light');
  await next(app, 'preview');
  await expect(app.getByTestId('import-filter-all')).toContainText('2');
  await expect(app.getByTestId('import-preview-grid')).toContainText('Claims triage');
  await expect(app.getByTestId('import-preview-grid')).toContainText('High risk');

  await app.getByTestId('import-back').click();
  await app.getByTestId('import-save-profile').click();
  await app.getByTestId('import-profile-name').fill('Flightdeck');
  await app.getByTestId('import-save-profile-dialog').getByTestId('save').click();
  await expect(app.getByTestId('import-save-profile-error')).toContainText('built-in');
  await app.getByTestId('import-profile-name').fill('Team sheet');
  await app.getByTestId('import-save-profile-dialog').getByTestId('save').click();
  await expect(app.getByTestId('import-save-profile-dialog')).toBeHidden();
  await expect(app.getByTestId('import-step-mapping')).toContainText('Team sheet');
  await app.getByTestId('import-delete-profile').click();
  await app.getByTestId('confirm').click();
  await expect(app.getByTestId('import-step-mapping')).toContainText('Edited mapping (not saved)');
  await expect(app.getByTestId('import-delete-profile')).toHaveCount(0);
  await expect(app.getByTestId('map-name-0')).toHaveValue('Project title');

  await app.keyboard.press('Escape');
  await expect(app.getByTestId('confirm-dialog')).toBeVisible();
  await app.getByTestId('confirm').click();
  await expect(wizard(app)).toBeHidden();
  await expect(app.getByTestId('empty-portfolio')).toBeVisible();
});
