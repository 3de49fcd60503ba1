import { test, expect } from '../fixtures';
import { axeProblems, startWithDemo } from './helpers';

test.use({ portfolio: 'first-run' });

for (const theme of ['light', 'dark'] as const) {
  test.describe(`KPIs (${theme})`, () => {
    test.use({ theme });
    test('target before baseline is refused beside the field; then saved, measured, charted and undone', async ({
      app,
    }, testInfo) => {
      // The chart must live with the strict CSP (style-src 'self'): any refusal is logged to the console.
      const cspErrors: string[] = [];
      app.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
      });

      await startWithDemo(app);
      await app.getByTestId('portfolio-row').first().click();
      const section = app.getByTestId('kpi-section');
      await expect(section).toBeVisible();
      // The demo ships KPIs of its own: this test follows the one it adds.
      const card = section.getByTestId('kpi-card').filter({ hasText: 'Handle time per ticket' });
      await expect(card).toHaveCount(0);

      await section.getByTestId('add-kpi').click();
      const form = app.getByTestId('kpi-form');
      await form.locator('[name="name"]').fill('Handle time per ticket');
      await form.locator('[name="unit"]').fill('min');
      await form.locator('[name="direction"]').selectOption('lower_is_better');
      await form.locator('[name="baselineValue"]').fill('12');
      await form.locator('[name="baselineDate"]').fill('2026-06-01');
      await form.locator('[name="targetValue"]').fill('8');
      await form.locator('[name="targetDate"]').fill('2026-05-01');
      await form.getByTestId('save').click();
      await expect(
        form.locator('.field', { has: app.locator('[name="targetDate"]') }).getByTestId('field-error'),
      ).toHaveText('Target date is before the baseline date');
      await expect(card).toHaveCount(0);
      expect(await axeProblems(app)).toEqual([]);

      await form.locator('[name="targetDate"]').fill('2026-12-31');
      await form.getByTestId('save').click();
      await expect(form).toBeHidden();
      await expect(card).toHaveCount(1);
      await expect(card.getByTestId('kpi-values')).toContainText('Baseline 12 min');
      await expect(card.getByTestId('kpi-values')).toContainText('Target 8 min');

      const measure = async (periodEnd: string, value: string) => {
        await card.getByTestId('add-measurement').click();
        const m = app.getByTestId('measurement-form');
        await m.locator('[name="periodEnd"]').fill(periodEnd);
        await m.locator('[name="value"]').fill(value);
        await m.getByTestId('save').click();
        await expect(m).toBeHidden();
      };
      await measure('2026-07-31', '11');
      await measure('2026-08-31', '10');
      await expect(card.getByTestId('kpi-latest')).toContainText('Latest 10 min');
      const canvas = card.getByTestId('kpi-chart').locator('canvas');
      await expect(canvas).toBeVisible();
      await canvas.hover();
      await card.screenshot({ path: testInfo.outputPath('kpi-card.png') });
      expect(await axeProblems(app)).toEqual([]);

      await expect(app.getByTestId('undo')).toContainText('Add measurement');
      await app.getByTestId('undo').click();
      await expect(card.getByTestId('kpi-latest')).toContainText('Latest 11 min');
      await expect(card.getByTestId('kpi-chart').locator('canvas')).toBeVisible();

      expect(cspErrors).toEqual([]);
    });
  });
}

test.describe('KPIs', () => {
  test('deleting a KPI asks first, and undo brings it back', async ({ app }) => {
    await startWithDemo(app);
    await app.getByTestId('portfolio-row').first().click();
    const section = app.getByTestId('kpi-section');
    await section.getByTestId('add-kpi').click();
    const form = app.getByTestId('kpi-form');
    await form.locator('[name="name"]').fill('Share of tickets deflected');
    await form.getByTestId('save').click();
    await expect(form).toBeHidden();
    const card = section.getByTestId('kpi-card').filter({ hasText: 'Share of tickets deflected' });
    await card.getByTestId('delete-kpi').click();
    await app.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await expect(card).toHaveCount(0);
    await app.getByTestId('undo').click();
    await expect(card).toHaveCount(1);
  });
});
