import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../fixtures';
import { startWithDemo } from './helpers';

test.use({ portfolio: 'first-run' });

for (const theme of ['light', 'dark'] as const) {
  test.describe(`watchlist (${theme})`, () => {
    test.use({ theme });

    test('lists initiatives by purgatory score, is axe-clean, and opens one in the portfolio', async ({ app }) => {
      await startWithDemo(app);
      await app.getByTestId('nav-watchlist').click();
      const rows = app.getByTestId('watchlist-row');
      await expect(rows.first()).toBeVisible();

      const scores = (await rows.locator('td.num').allTextContents()).map(Number);
      expect(scores.length).toBeGreaterThan(0);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));

      const results = await new AxeBuilder({ page: app }).setLegacyMode(true).analyze();
      const bad = results.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      expect(bad).toEqual([]);

      const name = (await rows.first().getByRole('button').textContent()) ?? '';
      await rows.first().getByRole('button').click();
      await expect(app.getByTestId('portfolio-row').first()).toBeVisible();
      await expect(app.getByTestId('phase-stepper')).toBeVisible();
      await expect(app.getByRole('heading', { name, exact: true }).first()).toBeVisible();
    });
  });
}
