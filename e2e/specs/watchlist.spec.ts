import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from '../fixtures';
import { startWithDemo } from './helpers';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.describe('watchlist on first run', () => {
  test.use({ portfolio: 'first-run' });

  for (const theme of ['light', 'dark'] as const) {
    test.describe(`(${theme})`, () => {
      test.use({ theme });

      test('lists initiatives by purgatory score, is axe-clean, and opens one in the portfolio', async ({ app }) => {
        await startWithDemo(app);
        await app.getByTestId('nav-watchlist').click();
        const rows = app.getByTestId('watchlist-row');
        await expect(rows.first()).toBeVisible();

        const scores = (await rows.locator('td.num').allTextContents()).map(Number);
        expect(scores.length).toBeGreaterThan(0);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));

        expect(await seriousViolations(app)).toEqual([]);

        const open = rows.first().getByTestId('watchlist-open');
        const name = (await open.textContent()) ?? '';
        await open.click();
        await expect(app.getByTestId('portfolio-row').first()).toBeVisible();
        await expect(app.getByTestId('phase-stepper')).toBeVisible();
        await expect(app.getByRole('heading', { name, exact: true }).first()).toBeVisible();
      });
    });
  }
});

test.describe('signal lifecycle in the watchlist', () => {
  test('acknowledge keeps a signal listed and marked; snooze hides it until its day; undo brings it back', async ({
    app,
  }) => {
    await app.getByTestId('nav-watchlist').click();
    const firstRow = app.getByTestId('watchlist-row').first();
    await expect(firstRow).toBeVisible();
    const id = await firstRow.getAttribute('data-initiative-id');
    const signal = firstRow.getByTestId('watchlist-signal').first();
    const rule = await signal.getAttribute('data-rule-id');
    const mine = app.locator(`[data-testid="watchlist-row"][data-initiative-id="${id}"] [data-rule-id="${rule}"]`);
    await expect(mine).toHaveAttribute('data-state', 'open');
    // First seen today (the e2e clock is 2026-11-01): the radar recorded it when the view opened.
    await expect(mine.locator('td').filter({ hasText: 'Nov 1, 2026' }).first()).toBeVisible();

    // Keyboard: the action is a real button in tab order.
    await mine.getByTestId('signal-acknowledge').focus();
    await app.keyboard.press('Enter');
    await expect(mine).toHaveAttribute('data-state', 'acknowledged');
    await expect(mine).toContainText('Acknowledged');

    await mine.getByTestId('signal-snooze').click();
    const dialog = app.getByTestId('snooze-dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Snooze until').fill('2026-10-01');
    await dialog.getByTestId('save').click();
    await expect(dialog.getByTestId('field-error')).toHaveText('Snooze until a day after today');
    await dialog.getByLabel('Snooze until').fill('2026-12-15');
    await dialog.getByLabel('Note').fill('Waiting for the Q4 budget round');
    await dialog.getByTestId('save').click();
    await expect(dialog).toBeHidden();
    await expect(mine).toHaveCount(0);

    await app.getByTestId('state-filter-snoozed').click();
    await expect(app.getByTestId('state-filter-snoozed')).toHaveAttribute('aria-pressed', 'true');
    await expect(mine).toHaveAttribute('data-state', 'snoozed');
    await expect(mine).toContainText('Snoozed to 2026-12-15');
    await app.screenshot({ path: test.info().outputPath('watchlist-light.png') });

    await app.getByTestId('undo').click();
    await expect(mine).toHaveAttribute('data-state', 'acknowledged');
  });

  test('the portfolio shows each initiative’s score as a chip from the same radar', async ({ app }) => {
    await app.getByTestId('nav-watchlist').click();
    const firstRow = app.getByTestId('watchlist-row').first();
    await expect(firstRow).toBeVisible();
    // The first screen paints first and the rest follows in a background render: read them all once it has.
    await expect(app.getByTestId('watchlist-table')).toHaveAttribute('data-complete', 'true');
    const scores = new Map<string, string>();
    for (const row of await app.getByTestId('watchlist-row').all()) {
      scores.set((await row.getAttribute('data-initiative-id'))!, (await row.locator('td.num').textContent())!);
    }

    await app.getByTestId('nav-portfolio').click();
    const chips = app.getByTestId('watchlist-chip');
    await expect(chips.first()).toBeVisible();
    const header = app.getByRole('columnheader', { name: 'Watchlist' });
    await expect(header).toBeVisible();
    for (const chip of (await chips.all()).slice(0, 8)) {
      const rowId = await chip.locator('xpath=ancestor::*[@data-row-id][1]').getAttribute('data-row-id');
      expect(await chip.getAttribute('data-score')).toBe(scores.get(rowId!));
    }
  });

  test('the initiative detail lists its signals with the same actions', async ({ app }) => {
    await app.getByTestId('nav-watchlist').click();
    const firstRow = app.getByTestId('watchlist-row').first();
    await expect(firstRow).toBeVisible();
    const count = await firstRow.getByTestId('watchlist-signal').count();
    await firstRow.getByTestId('watchlist-open').click();

    const section = app.getByTestId('signals-section');
    await expect(section).toBeVisible();
    const items = section.getByTestId('detail-signal');
    await expect(items).toHaveCount(count);
    const first = items.first();
    const rule = await first.getAttribute('data-rule-id');
    await first.getByTestId('signal-resolve').click();
    await expect(section.locator(`[data-rule-id="${rule}"]`)).toHaveCount(0);
    await section.getByTestId('show-hidden-signals').click();
    await expect(section.locator(`[data-rule-id="${rule}"]`)).toHaveAttribute('data-state', 'resolved');
    await app.getByTestId('detail-panel').screenshot({ path: test.info().outputPath('detail-signals.png') });
    expect(await seriousViolations(app)).toEqual([]);
  });

  test('thresholds: each rule readable with its severity; bad values are refused beside the field; reset', async ({
    app,
  }) => {
    await app.getByTestId('nav-watchlist').click();
    // The rows render in steps after the report lands: count them once all are drawn, not mid-render.
    await expect(app.getByTestId('watchlist-table')).toHaveAttribute('data-complete', 'true');
    const before = await app.getByTestId('watchlist-row').count();
    await app.getByTestId('open-thresholds').click();
    const dialog = app.getByTestId('thresholds-dialog');
    const tip = dialog.getByTestId('thresholds-TIME_IN_PHASE');
    await expect(tip).toContainText('Severity: Warning after the warning budget, critical after the critical budget');
    const warn = tip.getByLabel('Strategy: warning after');
    await expect(warn).toHaveValue('45');
    await warn.fill('200');
    await dialog.getByTestId('save').click();
    await expect(tip.getByTestId('field-error')).toHaveText(
      'The critical budget must be longer than the warning budget',
    );
    expect(await seriousViolations(app)).toEqual([]);
    await dialog.screenshot({ path: test.info().outputPath('thresholds.png') });

    // Loosen every time budget far out: fewer initiatives stay on the watchlist.
    for (const input of await tip.getByLabel(/warning after/).all()) await input.fill('3000');
    for (const input of await tip.getByLabel(/critical after/).all()) await input.fill('3500');
    await dialog.getByTestId('save').click();
    await expect(dialog).toBeHidden();
    await expect(app.getByTestId('watchlist-table')).toHaveAttribute('data-complete', 'true');
    await expect.poll(() => app.getByTestId('watchlist-row').count()).toBeLessThanOrEqual(before);

    await app.getByTestId('open-thresholds').click();
    await expect(tip.getByLabel('Strategy: warning after')).toHaveValue('3000');
    await dialog.getByTestId('reset-all').click();
    await expect(tip.getByLabel('Strategy: warning after')).toHaveValue('45');
    await dialog.getByTestId('save').click();
    await expect(dialog).toBeHidden();
    await expect(app.getByTestId('watchlist-row')).toHaveCount(before);
  });
});
