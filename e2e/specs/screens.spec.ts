import { test, expect, waitForAppState } from '../fixtures';
import { startWithDemo } from './helpers';

// A walk through every main view in both themes, saved as artifacts for a human to look at.
for (const theme of ['light', 'dark'] as const) {
  test.describe(`screens (${theme})`, () => {
    test.use({ portfolio: 'first-run', theme });

    test('every main view', async ({ app }, testInfo) => {
      const shot = async (name: string) => {
        const path = testInfo.outputPath(`${theme}-${name}.png`);
        await app.screenshot({ path });
        await testInfo.attach(name, { path, contentType: 'image/png' });
      };
      await waitForAppState(app, 'setup');
      await shot('first-run');
      await startWithDemo(app);
      await shot('portfolio');
      await app.getByTestId('portfolio-row').nth(2).click();
      await expect(app.getByTestId('detail-panel')).toBeVisible();
      await expect(app.getByTestId('phase-stepper')).toBeVisible();
      await shot('detail');
      await app.getByTestId('edit-initiative').click();
      await expect(app.getByTestId('initiative-form')).toBeVisible();
      await shot('form');
      await app.keyboard.press('Escape');
      await app.getByTestId('move-phase').click();
      await shot('move-phase');
      await app.keyboard.press('Escape');
      await app.keyboard.press('Control+k');
      await app.getByTestId('palette-input').fill('new');
      await shot('palette');
      await app.keyboard.press('Escape');
      await app.getByTestId('nav-people').click();
      await expect(app.getByTestId('people-view')).toBeVisible();
      await shot('people');
    });
  });
}
