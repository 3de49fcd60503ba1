import { PHASE_IDS, phaseInfo, type PhaseId } from '../../shared/domain/phases';
import { test, expect } from '../fixtures';
import { rowNames, startWithDemo } from './helpers';

test.use({ portfolio: 'first-run' });

test.describe('portfolio', () => {
  test('first run: the demo portfolio fills the table', async ({ app }) => {
    await startWithDemo(app);
    await expect(app.getByTestId('row-count')).toHaveText(/^(\d+) of \1$/);
    await expect(app.getByTestId('file-name')).toContainText('portfolio.flightdeck');
  });

  test('create shows field errors, keeps the values, then saves', async ({ app }) => {
    await startWithDemo(app);
    await app.getByTestId('new-initiative').click();
    const form = app.getByTestId('initiative-form');
    await expect(form).toBeVisible();
    await form.locator('[name="description"]').fill('Summarises supplier contracts.');
    await form.locator('[name="plannedStart"]').fill('2026-06-01');
    await form.locator('[name="plannedEnd"]').fill('2026-05-01');
    await form.getByTestId('save').click();
    // Both problems are shown next to their fields; nothing typed is lost.
    await expect(form.locator('.field', { has: app.locator('[name="name"]') }).getByTestId('field-error')).toHaveText(
      'Name is required',
    );
    await expect(
      form.locator('.field', { has: app.locator('[name="plannedEnd"]') }).getByTestId('field-error'),
    ).toContainText('before planned start');
    await expect(form.locator('[name="description"]')).toHaveValue('Summarises supplier contracts.');
    await expect(form.locator('[name="name"]')).toBeFocused();

    await form.locator('[name="name"]').fill('Supplier contract summariser');
    await form.locator('[name="plannedEnd"]').fill('2026-09-30');
    await form.locator('[name="businessUnit"]').fill('Procurement');
    await form.locator('[name="tags"]').fill('GenAI, contracts');
    await form.locator('[name="phase"]').selectOption('ARCHITECTURE');
    await form.getByTestId('save').click();
    await expect(form).toBeHidden();
    await expect(app.getByTestId('toast').last()).toContainText('Created “Supplier contract summariser”');
    const detail = app.getByTestId('detail-panel');
    await expect(detail.getByTestId('detail-name')).toHaveText('Supplier contract summariser');
    await expect(detail.getByTestId('detail-phase')).toContainText('3. Architecture design');
    await expect(detail).toContainText('genai');
    await expect(detail.getByTestId('owner-missing')).toHaveCount(3);

    await app.getByTestId('filter-text').fill('supplier contract');
    await expect(app.getByTestId('portfolio-row')).toHaveCount(1);
  });

  test('edit changes the row', async ({ app }) => {
    await startWithDemo(app);
    await app.getByTestId('filter-text').fill('Board pack drafting');
    await app.getByTestId('portfolio-row').first().click();
    await app.getByTestId('edit-initiative').click();
    const form = app.getByTestId('initiative-form');
    await expect(form.locator('[name="name"]')).toHaveValue('Board pack drafting');
    await form.locator('[name="name"]').fill('Board pack drafting v2');
    await form.locator('[name="status"]').selectOption('on_hold');
    await form.getByTestId('save').click();
    await expect(form).toBeHidden();
    await expect(app.getByTestId('detail-name')).toHaveText('Board pack drafting v2');
    await expect(app.locator('[data-testid="portfolio-row"] [data-column-id="name"]')).toHaveText([
      'Board pack drafting v2',
    ]);
    await expect(app.locator('[data-testid="portfolio-row"] [data-column-id="status"]')).toHaveText(['On hold']);
  });

  test('filters by text and phase, and clears', async ({ app }) => {
    await startWithDemo(app);
    const total = await app.getByTestId('row-count').textContent();
    await app.getByTestId('filter-phase').selectOption('DATA_FOUNDATION');
    const phases = app.locator('[data-testid="portfolio-row"] [data-column-id="phase"]');
    await expect(phases.first()).toBeVisible();
    for (const text of await phases.allTextContents()) expect(text).toContain('Data');
    await app.getByTestId('filter-text').fill('zzzz-no-such-initiative');
    await expect(app.getByTestId('empty-filtered')).toBeVisible();
    await expect(app.getByTestId('row-count')).toHaveText(/^0 of /);
    await app.getByTestId('empty-filtered').getByRole('button', { name: 'Clear filters' }).click();
    await expect(app.getByTestId('row-count')).toHaveText(total ?? '');
    await expect(app.getByTestId('filter-text')).toHaveValue('');
  });

  test('sorts by clicking a header', async ({ app }) => {
    await startWithDemo(app);
    const header = app.locator('th[data-column-id="name"]');
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'ascending');
    const asc = await rowNames(app);
    expect(asc).toEqual([...asc].sort((a, b) => a.localeCompare(b)));
    await header.getByRole('button').click();
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    const desc = await rowNames(app);
    expect(desc).toEqual([...desc].sort((a, b) => b.localeCompare(a)));
  });

  test('a phase change asks for a reason, shows in history, and undoes', async ({ app }) => {
    await startWithDemo(app);
    await app.getByTestId('filter-text').fill('Board pack drafting');
    await app.getByTestId('portfolio-row').first().click();
    const detail = app.getByTestId('detail-panel');
    const current = detail.locator('[data-state="current"]');
    // Whatever phase the demo put it in, move it one step on (or back, from the last phase).
    const from = (await current.getAttribute('data-phase')) as PhaseId;
    const i = PHASE_IDS.indexOf(from);
    const to = PHASE_IDS[i === PHASE_IDS.length - 1 ? i - 1 : i + 1]!;
    await detail.getByTestId('move-phase').click();
    const dialog = app.getByTestId('move-phase-dialog');
    await dialog.locator('[name="toPhase"]').selectOption(to);
    await dialog.getByTestId('move-phase-submit').click();
    await expect(dialog.getByTestId('field-error')).toHaveText('Say why the phase changes');
    await dialog.locator('[name="reason"]').fill('Gate review passed with conditions');
    await dialog.getByTestId('move-phase-submit').click();
    await expect(dialog).toBeHidden();
    await expect(app.getByTestId('toast').last()).toContainText(`to ${phaseInfo(to).short}`);
    await expect(current).toHaveAttribute('data-phase', to);
    const latest = detail.getByTestId('history-row').first();
    await expect(latest).toHaveAttribute('data-phase', to);
    await expect(latest).toContainText('Gate review passed with conditions');
    await expect(latest).toContainText('E2E Tester');
    await expect(detail.getByTestId('days-in-phase')).toHaveText('for 0 days');
    // The audit timeline shows the change, who made it and what moved, newest first.
    const timeline = detail.getByTestId('timeline-entry');
    await expect(timeline.first()).toContainText(`Move to ${phaseInfo(to).short}`);
    await expect(timeline.first()).toContainText('E2E Tester');
    await expect(timeline.first()).toContainText(`${phaseInfo(from).label} → ${phaseInfo(to).label}`);
    await expect(timeline.last()).toHaveAttribute('data-action', 'initiative.create');

    // Undo from the top bar names what it will undo.
    await expect(app.getByTestId('undo')).toContainText(`Move to ${phaseInfo(to).short}`);
    await app.getByTestId('undo').click();
    await expect(current).toHaveAttribute('data-phase', from);
    await expect(detail.getByTestId('history-row').first()).toHaveAttribute('data-phase', from);
    await expect(timeline.first()).toHaveAttribute('data-action', 'undo');
    await expect(timeline.first()).toContainText(`${phaseInfo(to).label} → ${phaseInfo(from).label}`);
    await expect(app.getByTestId('redo')).toBeEnabled();
  });

  test('delete asks first, and the toast undoes it', async ({ app }) => {
    await startWithDemo(app);
    await app.getByTestId('filter-text').fill('Board pack drafting');
    await app.getByTestId('portfolio-row').first().click();
    await app.getByTestId('delete-initiative').click();
    const confirm = app.getByTestId('confirm-dialog');
    await expect(confirm).toHaveAttribute('aria-modal', 'true');
    await expect(confirm).toContainText('“Board pack drafting”');
    // Cancel has the focus: Enter on an accidental open must not delete.
    await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await confirm.getByTestId('confirm').click();
    await expect(confirm).toBeHidden();
    await expect(app.getByTestId('detail-panel')).toBeHidden();
    await expect(app.getByTestId('portfolio-row')).toHaveCount(0);
    await expect(app.getByTestId('toast').last()).toContainText('Deleted “Board pack drafting”');
    await app.getByTestId('toast').last().getByTestId('toast-undo').click();
    await expect(app.getByTestId('portfolio-row')).toHaveCount(1);
    await expect(app.locator('[data-testid="portfolio-row"] [data-column-id="name"]')).toHaveText([
      'Board pack drafting',
    ]);
  });

  test('archive hides a row unless archived rows are shown', async ({ app }) => {
    await startWithDemo(app);
    await app.getByTestId('filter-text').fill('Board pack drafting');
    await app.getByTestId('portfolio-row').first().click();
    await app.getByTestId('archive-initiative').click();
    await expect(app.getByTestId('portfolio-row')).toHaveCount(0);
    await app.getByTestId('filter-archived').check();
    await expect(app.getByTestId('portfolio-row')).toHaveCount(1);
    await expect(app.getByTestId('archive-initiative')).toHaveText('Unarchive');
  });

  test('the column menu hides a column and remembers it', async ({ app }) => {
    await startWithDemo(app);
    await expect(app.locator('th[data-column-id="tags"]')).toBeVisible();
    await app.getByTestId('column-menu-button').click();
    await app.getByTestId('column-menu').getByLabel('Tags').uncheck();
    await expect(app.locator('th[data-column-id="tags"]')).toHaveCount(0);
    await app.reload();
    await expect(app.locator('html')).toHaveAttribute('data-app-state', 'ready');
    await expect(app.locator('th[data-column-id="name"]')).toBeVisible();
    await expect(app.locator('th[data-column-id="tags"]')).toHaveCount(0);
  });
});
