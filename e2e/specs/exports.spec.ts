import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { parse } from 'csv-parse/sync';
import { REPO_ROOT } from '../harness/host';
import { test, expect, waitForAppState } from '../fixtures';
import { axeProblems } from './helpers';
import type { PdfEngine } from '../../electron/core/ports';
import { AppError } from '../../shared/errors';

/** Screens for a person to look at: e2e/artifacts/exports/<name>-<theme>.png. */
const SHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'exports');

async function shot(page: Page, name: string, theme: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${theme}.png`) });
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Files in the folder of `path` named after it, including a temp file beside it (`.name.<random>.tmp`). */
function leftovers(path: string): string[] {
  const dir = dirname(path);
  const base = path.slice(dir.length + 1);
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith(base) || f.startsWith(`.${base}`)) : [];
}

async function ready(page: Page) {
  await waitForAppState(page, 'ready');
  await expect(page.getByTestId('portfolio-row').first()).toBeVisible();
}

async function openPackDialog(page: Page) {
  await page.getByTestId('export-pack').click();
  const dialog = page.getByTestId('pack-export');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Exports a whole-portfolio pack in `format` to `path` and waits for the result panel. */
async function exportPack(page: Page, format: string) {
  const dialog = await openPackDialog(page);
  await dialog.getByTestId('pack-scope-portfolio').check();
  await dialog.getByTestId(`pack-format-${format}`).check();
  await dialog.getByTestId('pack-export-go').click();
  await expect(dialog.getByTestId('pack-done')).toBeVisible({ timeout: 30_000 });
  return dialog;
}

test.use({ portfolio: 'demo' });

for (const theme of ['light', 'dark'] as const) {
  test.describe(`status packs (${theme})`, () => {
    test.use({ theme });

    test('PDF pack: the file is a PDF of two or more pages; history lists it with its hash; the snapshot opens', async ({
      app,
      dialogs,
    }, testInfo) => {
      await ready(app);
      const out = testInfo.outputPath('board-pack.pdf');
      dialogs.saveAnswers.push(out);

      const dialog = await openPackDialog(app);
      await expect(dialog.getByTestId('pack-format-pdf')).toBeChecked();
      expect(await axeProblems(app, '[data-testid="pack-export"]')).toEqual([]);
      await shot(app, 'dialog-idle', theme);

      await dialog.getByTestId('pack-scope-portfolio').check();
      await dialog.getByTestId('pack-export-go').click();
      // The progress panel shows while the pack renders; it may be brief, so only its result is asserted.
      await expect(dialog.getByTestId('pack-progress').or(dialog.getByTestId('pack-done'))).toBeVisible();
      if (await dialog.getByTestId('pack-progress').isVisible()) await shot(app, 'dialog-progress', theme);
      await expect(dialog.getByTestId('pack-done')).toBeVisible({ timeout: 30_000 });
      await expect(dialog.getByTestId('pack-done-path')).toHaveText(out);
      await expect(dialog.getByTestId('pack-close')).toBeFocused();
      expect(await axeProblems(app, '[data-testid="pack-export"]')).toEqual([]);
      await shot(app, 'dialog-done', theme);

      expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
      const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
      expect(pages).toBeGreaterThanOrEqual(2);
      const hash = sha256(out);
      await expect(dialog.getByTestId('pack-done-sha')).toHaveText(`${hash.slice(0, 12)}…`);

      await dialog.getByTestId('pack-show-history').click();
      const history = app.getByTestId('export-history');
      await expect(history).toBeVisible();
      const rows = history.getByTestId('export-history-row');
      await expect(rows).toHaveCount(1);
      await expect(rows.first().getByTestId('export-format')).toHaveText('PDF');
      await expect(rows.first()).toContainText('board-pack.pdf');
      await expect(rows.first().getByTestId('export-sha')).toHaveAttribute('data-sha', hash);
      expect(await axeProblems(app, '[data-testid="export-history"]')).toEqual([]);
      await shot(app, 'history', theme);

      await rows.first().getByTestId('view-snapshot').click();
      const summary = history.getByTestId('snapshot-summary');
      await expect(summary).toBeVisible();
      await expect(summary.getByTestId('snapshot-headline')).not.toBeEmpty();
      await expect(summary.getByTestId('snapshot-initiative').first()).toBeVisible();
      await expect(summary.getByTestId('snapshot-rag')).toContainText('Red');
      expect(await axeProblems(app, '[data-testid="export-history"]')).toEqual([]);
      await shot(app, 'snapshot', theme);
      await history.getByTestId('snapshot-back').click();
      await expect(history.getByTestId('export-history-row')).toHaveCount(1);
    });

    test('history is empty before the first export, and says what it is for', async ({ app }) => {
      await ready(app);
      const dialog = await openPackDialog(app);
      await dialog.getByTestId('pack-history').click();
      const history = app.getByTestId('export-history');
      await expect(history.getByTestId('export-history-empty')).toBeVisible();
      expect(await axeProblems(app, '[data-testid="export-history"]')).toEqual([]);
      await shot(app, 'history-empty', theme);
    });
  });
}

test.describe('status packs and table CSV', () => {
  test('XLSX pack is a workbook; Markdown pack names the initiatives', async ({ app, dialogs }, testInfo) => {
    await ready(app);
    const firstName =
      (await app.locator('[data-testid="portfolio-row"] [data-column-id="name"]').first().textContent()) ?? '';
    expect(firstName).not.toBe('');

    const xlsx = testInfo.outputPath('pack.xlsx');
    dialogs.saveAnswers.push(xlsx);
    let dialog = await exportPack(app, 'xlsx');
    const zip = readFileSync(xlsx);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(execFileSync('unzip', ['-l', xlsx], { encoding: 'utf8' })).toContain('xl/workbook.xml');
    await dialog.getByTestId('pack-close').click();
    await expect(dialog).toBeHidden();

    const md = testInfo.outputPath('pack.md');
    dialogs.saveAnswers.push(md);
    dialog = await exportPack(app, 'md');
    expect(readFileSync(md, 'utf8')).toContain(firstName);
    await dialog.getByTestId('pack-close').click();

    await app.keyboard.press('Control+k');
    await app.getByTestId('palette-input').fill('Export history');
    await app.keyboard.press('Enter');
    const rows = app.getByTestId('export-history').getByTestId('export-history-row');
    await expect(rows).toHaveCount(2);
    await expect(rows.getByTestId('export-sha')).toHaveText([sha256(md).slice(0, 12), sha256(xlsx).slice(0, 12)]);
  });

  test('scope: the portfolio phase filter, and one initiative from the palette', async ({ app, dialogs }, testInfo) => {
    await ready(app);
    await app.getByTestId('filter-phase').selectOption('ARCHITECTURE');
    const names = app.locator('[data-testid="portfolio-row"] [data-column-id="name"]');
    await expect(names.first()).toBeVisible();
    const inPhase = await names.allTextContents();
    await app.getByTestId('filter-phase').selectOption('');
    const outside = (await names.allTextContents()).filter((n) => !inPhase.includes(n));
    expect(outside.length).toBeGreaterThan(0);
    await app.getByTestId('filter-phase').selectOption('ARCHITECTURE');

    const filtered = testInfo.outputPath('architecture.md');
    dialogs.saveAnswers.push(filtered);
    let dialog = await openPackDialog(app);
    await expect(dialog.getByTestId('pack-scope-filtered')).toBeChecked();
    await expect(dialog.getByTestId('pack-scope-filtered').locator('xpath=..')).toContainText('Phase 3. Architecture');
    await dialog.getByTestId('pack-format-md').check();
    await dialog.getByTestId('pack-export-go').click();
    await expect(dialog.getByTestId('pack-done')).toBeVisible({ timeout: 30_000 });
    const md = readFileSync(filtered, 'utf8');
    for (const n of inPhase) expect(md).toContain(n);
    for (const n of outside) expect(md).not.toContain(n);
    await dialog.getByTestId('pack-close').click();

    // One initiative: open it, then the palette offers a pack of it.
    const one = inPhase[0] ?? '';
    await names.first().click();
    const single = testInfo.outputPath('one.md');
    dialogs.saveAnswers.push(single);
    await app.keyboard.press('Control+k');
    await app.getByTestId('palette-input').fill('Export status pack of');
    await app.keyboard.press('Enter');
    dialog = app.getByTestId('pack-export');
    await expect(dialog.getByTestId('pack-scope-initiative')).toBeChecked();
    await dialog.getByTestId('pack-format-md').check();
    await dialog.getByTestId('pack-export-go').click();
    await expect(dialog.getByTestId('pack-done')).toContainText(one);
    const text = readFileSync(single, 'utf8');
    expect(text).toContain(one);
    for (const n of inPhase.slice(1)) expect(text).not.toContain(n);
  });

  test('a dismissed save dialog writes nothing and records nothing', async ({ app, dialogs }, testInfo) => {
    await ready(app);
    dialogs.saveAnswers.push(null);
    const dialog = await openPackDialog(app);
    await dialog.getByTestId('pack-format-pptx').check();
    await dialog.getByTestId('pack-export-go').click();
    await expect(dialog.getByTestId('pack-notice')).toHaveText('No file was chosen; nothing was written.');
    expect(readdirSync(testInfo.outputPath()).filter((f) => f.endsWith('.pptx'))).toEqual([]);
    await dialog.getByTestId('pack-history').click();
    await expect(app.getByTestId('export-history-empty')).toBeVisible();
  });

  test('CSV of the portfolio table: the visible columns as header, formula-like names neutralised', async ({
    app,
    dialogs,
  }, testInfo) => {
    await ready(app);
    const name = '=HYPERLINK("http://example.com","x")';
    await app.getByTestId('new-initiative').click();
    const form = app.getByTestId('initiative-form');
    await form.locator('[name="name"]').fill(name);
    await form.locator('[name="businessUnit"]').fill('Exports QA');
    await form.getByTestId('save').click();
    await expect(form).toBeHidden();

    const headers = (await app.locator('[data-testid="portfolio-table"] thead th').allTextContents()).map((h) =>
      h.replace(/[▲▼]/g, '').trim(),
    );
    const shown = await app.getByTestId('row-count').textContent();
    const count = Number(/^([\d,]+) of/.exec(shown ?? '')?.[1]?.replace(/,/g, ''));

    const out = testInfo.outputPath('portfolio.csv');
    dialogs.saveAnswers.push(out);
    await app.getByTestId('export-csv-portfolio').click();
    await expect(app.getByTestId('toast').last()).toContainText(out);

    const records = parse(readFileSync(out, 'utf8').replace(/^\uFEFF/, ''), {
      relax_column_count: false,
    }) as string[][];
    expect(records[0]).toEqual(headers);
    expect(records.length - 1).toBe(count);
    const nameCol = headers.indexOf('Name');
    const mine = records.find((r) => r[nameCol]?.includes('HYPERLINK'));
    expect(mine?.[nameCol]).toBe(`'${name}`);

    // The palette exports the table on screen too: here, the portfolio filtered to the new initiative.
    await app.locator('#filter-text').fill('HYPERLINK');
    await expect(app.getByTestId('portfolio-row')).toHaveCount(1);
    const filtered = testInfo.outputPath('filtered.csv');
    dialogs.saveAnswers.push(filtered);
    await app.keyboard.press('Control+k');
    await app.getByTestId('palette-input').fill('Export current table');
    await app.keyboard.press('Enter');
    await expect(app.getByTestId('toast').last()).toContainText(filtered);
    const one = parse(readFileSync(filtered, 'utf8').replace(/^\uFEFF/, '')) as string[][];
    expect(one).toHaveLength(2);
    expect(one[1]?.[nameCol]).toBe(`'${name}`);
  });
  test('CSV of the risk register, watchlist, spend and people views', async ({ app, dialogs }, testInfo) => {
    await ready(app);
    const read = (path: string) => parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, '')) as string[][];
    const exportView = async (view: string) => {
      const out = testInfo.outputPath(`${view}.csv`);
      dialogs.saveAnswers.push(out);
      await app.getByTestId(`export-csv-${view}`).click();
      await expect(app.getByTestId('toast').last()).toContainText(out);
      return read(out);
    };

    await app.getByTestId('nav-risks').click();
    await expect(app.getByTestId('risk-count')).toHaveText(/^[\d,]+ risks?$/);
    const risks = Number((await app.getByTestId('risk-count').textContent())?.replace(/\D/g, ''));
    const riskCsv = await exportView('risks');
    expect(riskCsv[0]?.slice(0, 3)).toEqual(['Ref', 'Risk', 'Initiative']);
    expect(riskCsv.length - 1).toBe(risks);

    await app.getByTestId('nav-watchlist').click();
    await expect(app.getByTestId('watchlist-table')).toHaveAttribute('data-complete', 'true');
    const signals = await app.getByTestId('watchlist-signal').count();
    const watchCsv = await exportView('watchlist');
    expect(watchCsv[0]?.[0]).toBe('Score');
    expect(watchCsv.length - 1).toBe(signals);

    await app.getByTestId('nav-spend').click();
    await expect(app.getByTestId('spend-group').first()).toBeVisible();
    const groups = await app.getByTestId('spend-group').count();
    const spendCsv = await exportView('spend');
    expect(spendCsv[0]).toEqual(['Initiative', 'Spend (USD)', 'Share (%)']);
    expect(spendCsv.length - 1).toBe(groups + 1);
    expect(spendCsv.at(-1)?.[0]).toBe('Total');

    await app.getByTestId('nav-people').click();
    await expect(app.getByTestId('person-row').first()).toBeVisible();
    const people = await app.getByTestId('person-row').count();
    const peopleCsv = await exportView('people');
    expect(peopleCsv[0]).toEqual(['Name', 'Title', 'Business unit', 'Email', 'Owned roles']);
    expect(peopleCsv.length - 1).toBe(people);
  });
});

/**
 * A PDF engine that only ends when the export is cancelled: the cancel is sure to land while rendering, whatever
 * the machine's speed (a real Chromium print may finish before the click on a fast machine).
 */
const waitsForCancel: PdfEngine = {
  htmlToPdf: (_html, options) =>
    new Promise<Buffer>((_resolve, reject) => {
      const signal = options?.signal;
      if (!signal) {
        reject(new Error('The export passed no cancel signal to the PDF engine.'));
        return;
      }
      const stop = () => reject(new AppError('CANCELLED', 'The PDF was cancelled.'));
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    }),
};

test.describe('status pack cancel', () => {
  test.use({ pdfEngine: waitsForCancel });
  test('cancel during a PDF export: no file at the target path, no temp file', async ({ app, dialogs }, testInfo) => {
    await ready(app);
    const out = testInfo.outputPath('cancelled.pdf');
    dialogs.saveAnswers.push(out);
    const dialog = await openPackDialog(app);
    await dialog.getByTestId('pack-scope-portfolio').check();
    await dialog.getByTestId('pack-export-go').click();
    await expect(dialog.getByTestId('pack-progress-text')).not.toHaveText('Waiting for the file name…');
    await dialog.getByTestId('pack-cancel').click();
    await expect(dialog.getByTestId('pack-notice')).toHaveText('Export cancelled; no file was written.');
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
    // The form is back, ready for another try, with focus on Export.
    await expect(dialog.getByTestId('pack-export-go')).toBeFocused();
  });
});
