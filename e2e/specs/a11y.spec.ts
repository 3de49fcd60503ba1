import AxeBuilder from '@axe-core/playwright';
import { writeFileSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, waitForAppState } from '../fixtures';
import { startWithDemo } from './helpers';

test.use({ portfolio: 'first-run' });

/** Runs axe on the page as it is and fails on serious or critical findings; the full report is an artifact. */
async function checkA11y(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    // Legacy mode runs in the page itself: the host closes any extra page axe would open.
    .setLegacyMode(true)
    .analyze();
  const path = testInfo.outputPath(`axe-${name}.json`);
  writeFileSync(path, JSON.stringify(results.violations, null, 2));
  await testInfo.attach(`axe-${name}`, { path, contentType: 'application/json' });
  const shot = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: shot });
  await testInfo.attach(name, { path: shot, contentType: 'image/png' });
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${name}: serious/critical axe violations`).toEqual([]);
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`accessibility (${theme})`, () => {
    test.use({ theme });

    test('first run, portfolio, detail, form, move dialog, palette, people', async ({ app }, testInfo) => {
      await waitForAppState(app, 'setup');
      await checkA11y(app, testInfo, 'first-run');
      await startWithDemo(app);
      await checkA11y(app, testInfo, 'portfolio');
      await app.getByTestId('portfolio-row').nth(1).click();
      await expect(app.getByTestId('phase-stepper')).toBeVisible();
      await checkA11y(app, testInfo, 'detail');
      await app.getByTestId('edit-initiative').click();
      await app.getByTestId('initiative-form').getByTestId('save').isVisible();
      await app.getByTestId('initiative-form').locator('[name="name"]').fill('');
      await app.getByTestId('initiative-form').getByTestId('save').click();
      await expect(app.getByTestId('field-error').first()).toBeVisible();
      await checkA11y(app, testInfo, 'form-with-errors');
      await app.keyboard.press('Escape');
      await app.getByTestId('move-phase').click();
      await checkA11y(app, testInfo, 'move-phase');
      await app.keyboard.press('Escape');
      await app.getByTestId('delete-initiative').click();
      await checkA11y(app, testInfo, 'confirm-delete');
      await app.keyboard.press('Escape');
      await app.locator('body').press('Control+k');
      await expect(app.getByTestId('command-palette')).toBeVisible();
      await checkA11y(app, testInfo, 'palette');
      await app.keyboard.press('Escape');
      await app.getByTestId('filter-missing-owner').click();
      await app.getByTestId('filter-text').fill('no such thing at all');
      await expect(app.getByTestId('empty-filtered')).toBeVisible();
      await checkA11y(app, testInfo, 'portfolio-empty-filtered');
      await app.getByTestId('nav-people').click();
      await expect(app.getByTestId('people-view')).toBeVisible();
      await checkA11y(app, testInfo, 'people');
    });

    test('the screen for a portfolio that cannot be opened', async ({ app, dialogs }, testInfo) => {
      await waitForAppState(app, 'setup');
      await app.getByTestId('setup-empty').click();
      await waitForAppState(app, 'ready');
      await expect(app.getByTestId('empty-portfolio')).toBeVisible();
      await checkA11y(app, testInfo, 'empty-portfolio');
      const bad = testInfo.outputPath('not-a-portfolio.flightdeck');
      writeFileSync(bad, 'this is not a database');
      dialogs.openAnswers.push(bad);
      await app.getByTestId('file-menu').click();
      await app.getByTestId('menu-open').click();
      await waitForAppState(app, 'failed');
      await expect(app.getByTestId('failed-path')).toHaveText(bad);
      await checkA11y(app, testInfo, 'open-failed');
      // Open default gets back to work.
      await app.getByTestId('failed-default').click();
      await waitForAppState(app, 'ready');
    });
  });
}
