import { test, expect } from '../fixtures';
import { rowNames, startWithDemo } from './helpers';

test.use({ portfolio: 'first-run' });

const mod = process.platform === 'darwin' ? 'Meta' : 'Control';

test.describe('keyboard', () => {
  test('arrows move the active row and Enter opens it', async ({ app }) => {
    await startWithDemo(app);
    const names = await rowNames(app);
    // From the filter box, ArrowDown hands focus to the table.
    await app.getByTestId('filter-text').focus();
    await app.keyboard.press('ArrowDown');
    const first = app.locator('[data-testid="portfolio-row"][tabindex="0"]');
    await expect(first).toBeFocused();
    await app.keyboard.press('ArrowDown');
    await app.keyboard.press('ArrowDown');
    const active = app.locator('[data-testid="portfolio-row"][aria-selected="true"]');
    await expect(active).toBeFocused();
    await expect(active.locator('[data-column-id="name"]')).toHaveText(names[2] ?? '');
    await app.keyboard.press('ArrowUp');
    await expect(active.locator('[data-column-id="name"]')).toHaveText(names[1] ?? '');
    await app.keyboard.press('Enter');
    await expect(app.getByTestId('detail-name')).toHaveText(names[1] ?? '');
    // End jumps to the last row, scrolling it into view.
    await active.focus();
    await app.keyboard.press('End');
    await expect(active).toBeFocused();
    await expect(active).toBeInViewport();
    await expect(app.getByTestId('portfolio-row').last()).toBeFocused();
  });

  test('Ctrl+N opens the form, Esc closes it', async ({ app }) => {
    await startWithDemo(app);
    await app.locator('body').press(`${mod}+n`);
    const form = app.getByTestId('initiative-form');
    await expect(form).toBeVisible();
    await expect(form.locator('[name="name"]')).toBeFocused();
    // Focus stays inside the dialog.
    for (let i = 0; i < 25; i++) await app.keyboard.press('Tab');
    expect(await form.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    await app.keyboard.press('Escape');
    await expect(form).toBeHidden();
  });

  test('Ctrl+F focuses the filter box', async ({ app }) => {
    await startWithDemo(app);
    await app.getByTestId('nav-people').click();
    await app.locator('body').press(`${mod}+f`);
    await expect(app.getByTestId('filter-text')).toBeFocused();
    await expect(app.getByTestId('portfolio-table')).toBeVisible();
  });

  test('Ctrl+K runs an action or opens an initiative', async ({ app }) => {
    await startWithDemo(app);
    await app.locator('body').press(`${mod}+k`);
    const palette = app.getByTestId('command-palette');
    await expect(palette).toBeVisible();
    await app.keyboard.type('go to people');
    await app.keyboard.press('Enter');
    await expect(palette).toBeHidden();
    await expect(app.getByTestId('people-view')).toBeVisible();

    await app.locator('body').press(`${mod}+k`);
    await app.keyboard.type('board pack');
    await expect(palette.getByTestId('palette-item').first()).toContainText('Board pack drafting');
    await app.keyboard.press('Enter');
    await expect(app.getByTestId('detail-name')).toHaveText('Board pack drafting');

    // With an initiative open, the palette offers its ROI model first.
    await app.locator('body').press(`${mod}+k`);
    await app.keyboard.type('roi model');
    await expect(palette.getByTestId('palette-item').first()).toContainText('Open ROI model of “Board pack drafting”');
    await app.keyboard.press('Enter');
    await expect(app.getByTestId('roi-workspace')).toBeVisible();
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('roi-workspace')).toBeHidden();

    await app.locator('body').press(`${mod}+k`);
    await app.keyboard.press('Escape');
    await expect(palette).toBeHidden();
  });

  test('Ctrl+Z undoes the last change but not typing in a field', async ({ app }) => {
    await startWithDemo(app);
    await app.getByTestId('filter-text').fill('Board pack drafting');
    await app.getByTestId('portfolio-row').first().click();
    await app.getByTestId('archive-initiative').click();
    await expect(app.getByTestId('portfolio-row')).toHaveCount(0);
    // Inside the filter box, Ctrl+Z belongs to the text field.
    await app.getByTestId('filter-text').press(`${mod}+z`);
    await expect(app.getByTestId('undo')).toContainText('Archive');
    await app.getByTestId('filter-text').fill('Board pack drafting');
    await expect(app.getByTestId('portfolio-row')).toHaveCount(0);
    await app.getByTestId('nav-portfolio').focus();
    await app.keyboard.press(`${mod}+z`);
    await expect(app.getByTestId('portfolio-row')).toHaveCount(1);
    await app.keyboard.press(`${mod}+Shift+z`);
    await expect(app.getByTestId('portfolio-row')).toHaveCount(0);
    await app.keyboard.press(`${mod}+z`);
    await expect(app.getByTestId('portfolio-row')).toHaveCount(1);
    await app.keyboard.press('Control+y');
    await expect(app.getByTestId('portfolio-row')).toHaveCount(0);
  });
});
