import type { Locator, Page } from '@playwright/test';
import { test, expect, waitForAppState } from '../fixtures';
import { axeProblems } from './helpers';

/**
 * Plan vs actual (issue 4), through the real app on the demo portfolio (seeded at 2026-11-01): an initiative
 * with a dated demo plan and demo actuals; a negative amount is refused beside its field and nothing is
 * stored; a valid entry moves the to-date figures; deleting asks first and Ctrl+Z brings it back; a plan
 * without a start month says where to set one.
 */

const SHOTS = process.env.ROI_ACTUALS_SHOTS_DIR;

async function shot(target: Page | Locator, name: string, testInfo: { outputPath: (n: string) => string }) {
  await target.screenshot({ path: SHOTS ? `${SHOTS}/${name}.png` : testInfo.outputPath(`${name}.png`) });
}

/** "$1,234,567" → 1234567. */
const money = (text: string | null) => Number((text ?? '').replace(/[^\d.−-]/g, '').replace('−', '-'));

/** Opens an initiative of the demo by name, then its ROI workspace on the Plan vs actual tab. */
async function openPlanVsActual(app: Page, name: string): Promise<Locator> {
  await waitForAppState(app, 'ready');
  await app.getByTestId('portfolio-row').filter({ hasText: name }).first().click();
  const section = app.getByTestId('detail-panel').getByTestId('roi-section');
  await section.getByTestId('open-roi').click();
  const ws = app.getByTestId('roi-workspace');
  await ws.getByTestId('roi-tab-actuals').click();
  const panel = ws.getByTestId('plan-vs-actual');
  await expect(panel).toBeVisible();
  return panel;
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`Plan vs actual (${theme})`, () => {
    test.use({ theme });

    test('bad amounts are refused beside the field; entries move the to-date figures; delete is confirmed and undoable', async ({
      app,
    }, testInfo) => {
      const cspErrors: string[] = [];
      app.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
      });
      const panel = await openPlanVsActual(app, 'Regulatory change monitor');
      const actualCost = panel.getByTestId('pva-actual-cost');
      await expect(actualCost).toHaveText(/^\$[\d,]+$/);
      await expect(panel.getByTestId('pva-summary')).toContainText('as of 2026-11');
      await expect(panel.getByTestId('pva-chart')).toBeVisible();
      await expect(panel.getByTestId('pva-categories')).toContainText('Human review');
      // The plan is the default scenario; choosing the baseline business case (a fifth less run cost) moves it.
      const plannedCost = panel.getByTestId('pva-planned-cost');
      const planned = money(await plannedCost.textContent());
      const picker = panel.getByTestId('pva-scenario');
      await expect(picker.locator('option:checked')).toHaveText('Current plan (Current)');
      await picker.selectOption({ label: 'Business case (Baseline)' });
      await expect(plannedCost).not.toHaveText(`$${planned.toLocaleString('en-US')}`);
      expect(money(await plannedCost.textContent())).toBeLessThan(planned);
      await panel.getByRole('button', { name: 'Back to the default plan' }).click();
      await expect(plannedCost).toHaveText(`$${planned.toLocaleString('en-US')}`);

      const before = money(await actualCost.textContent());
      expect(before).toBeGreaterThan(0);
      const rows = panel.getByTestId('actual-row');
      const count = await rows.count();
      expect(count).toBeGreaterThan(0);
      await shot(app, `pva-page-${theme}`, testInfo);
      await panel.getByTestId('pva-entries').scrollIntoViewIfNeeded();
      await shot(app, `pva-entries-${theme}`, testInfo);

      // A negative amount: the core's rule, shown beside the amount; nothing stored.
      await panel.getByTestId('add-actual').click();
      const form = app.getByTestId('actual-form');
      await expect(form.locator('[name="month"]')).toHaveValue('2026-11');
      await form.locator('[name="month"]').fill('2026-10');
      await form.locator('[name="category"]').selectOption('INFERENCE');
      await form.locator('[name="amount"]').fill('-500');
      await form.locator('[name="note"]').fill('E2E cloud invoice');
      await form.getByTestId('save').click();
      const amountField = form.locator('.field', { has: app.locator('[name="amount"]') });
      await expect(amountField.getByTestId('field-error')).toHaveText('Amount must be 0 or more');
      expect(await axeProblems(app)).toEqual([]);
      await shot(form, `pva-form-error-${theme}`, testInfo);
      await expect(rows).toHaveCount(count);
      await expect(actualCost).toHaveText(`$${before.toLocaleString('en-US')}`);

      // A month after this one is a forecast, not an actual.
      await form.locator('[name="amount"]').fill('12500');
      await form.locator('[name="month"]').fill('2026-12');
      await form.getByTestId('save').click();
      const monthField = form.locator('.field', { has: app.locator('[name="month"]') });
      await expect(monthField.getByTestId('field-error')).toHaveText(
        'Actuals can only be entered up to this month (2026-11)',
      );
      await expect(rows).toHaveCount(count);
      await form.locator('[name="month"]').fill('2026-10');
      await form.getByTestId('save').click();
      await expect(form).toBeHidden();
      await expect(rows).toHaveCount(count + 1);
      const added = rows.filter({ hasText: 'E2E cloud invoice' });
      await expect(added).toContainText('2026-10');
      await expect(added).toContainText('$12,500');
      await expect(actualCost).toHaveText(`$${(before + 12_500).toLocaleString('en-US')}`);

      // Delete: asked first (Cancel is the safe default), then undone with Ctrl+Z.
      await added.getByTestId('delete-actual').click();
      const confirm = app.getByTestId('confirm-dialog');
      await expect(confirm).toContainText('Inference cost of $12,500 for 2026-10');
      await expect(confirm.locator('[data-cancel]')).toBeFocused();
      await confirm.getByTestId('confirm').click();
      await expect(confirm).toBeHidden();
      await expect(added).toHaveCount(0);
      await expect(actualCost).toHaveText(`$${before.toLocaleString('en-US')}`);
      await app.keyboard.press('Control+z');
      await expect(added).toHaveCount(1);
      await expect(actualCost).toHaveText(`$${(before + 12_500).toLocaleString('en-US')}`);

      // Keyboard: the edit dialog opens from the row's button and closes with Escape.
      await added.getByTestId('edit-actual').focus();
      await app.keyboard.press('Enter');
      await expect(form.locator('[name="amount"]')).toHaveValue('12500');
      await app.keyboard.press('Escape');
      await expect(form).toBeHidden();

      expect(await axeProblems(app)).toEqual([]);
      expect(cspErrors).toEqual([]);
    });

    test('a plan without a start month says so and where to set it', async ({ app }, testInfo) => {
      const panel = await openPlanVsActual(app, 'HR policy assistant');
      const notice = panel.getByTestId('pva-no-start');
      await expect(notice).toContainText('has no start month');
      await expect(notice).toContainText('Model tab');
      await expect(panel.getByTestId('pva-summary')).toHaveCount(0);
      await expect(panel.getByTestId('pva-entries-empty')).toBeVisible();
      await shot(panel, `pva-no-start-${theme}`, testInfo);
      expect(await axeProblems(app)).toEqual([]);
    });
  });
}
