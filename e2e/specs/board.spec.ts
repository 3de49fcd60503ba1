import type { Locator, Page } from '@playwright/test';
import { PHASES } from '../../shared/domain/phases';
import { generateDemo, writeDemo } from '../../electron/core/demo/generate';
import { test, expect, waitForAppState, E2E_NOW } from '../fixtures';
import { axeProblems } from './helpers';

const REFUSED = 'Drag to the next phase to request its gate; moving back uses Move phase…';

const column = (page: Page, phase: string): Locator =>
  page.locator(`[data-testid="board-column"][data-phase="${phase}"]`);

/** The portfolio table's row count per phase, read through its own phase filter. */
async function tableCountsPerPhase(page: Page): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const p of PHASES) {
    await page.getByTestId('filter-phase').selectOption(p.id);
    // "N of M": the rows passing the filter come first.
    await expect(page.getByTestId('row-count')).toHaveText(/^\d[\d,]* of \d/);
    const text = (await page.getByTestId('row-count').textContent()) ?? '';
    counts[p.id] = Number(text.split(' of ')[0]!.replace(/,/g, ''));
  }
  await page.getByTestId('filter-phase').selectOption('');
  return counts;
}

/** A card that can ask for its next gate now: active, not in the last phase, no review open yet. */
async function requestableCard(page: Page, skip: (phase: string) => boolean = () => false): Promise<Locator> {
  for (const p of PHASES.slice(0, -2)) {
    if (skip(p.id)) continue;
    const card = column(page, p.id)
      .locator('[data-testid="board-card"][data-status="active"]:not([data-open-review])')
      .first();
    if ((await card.count()) > 0) return card;
  }
  throw new Error('The demo portfolio has no active card without an open review');
}

function nextPhaseOf(phase: string, ahead = 1): string {
  const i = PHASES.findIndex((p) => p.id === phase);
  return PHASES[i + ahead]!.id;
}

for (const theme of ['light', 'dark'] as const) {
  test.describe(`board (${theme})`, () => {
    test.use({ theme });

    test('columns count what the table counts, the funnel shows the same numbers, axe-clean', async ({
      app,
    }, testInfo) => {
      const cspErrors: string[] = [];
      app.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
      });
      await waitForAppState(app, 'ready');
      await expect(app.getByTestId('portfolio-row').first()).toBeVisible();
      const expected = await tableCountsPerPhase(app);

      await app.getByTestId('nav-board').click();
      await expect(app.getByTestId('board-column')).toHaveCount(7);
      for (const p of PHASES) {
        await expect(column(app, p.id).getByTestId('board-count')).toHaveText(String(expected[p.id]));
      }

      const funnel = app.getByTestId('funnel-panel');
      await expect(funnel.getByTestId('funnel-chart').locator('canvas')).toBeVisible();
      await expect(funnel.getByTestId('funnel-row')).toHaveCount(7);
      for (const p of PHASES) {
        const row = funnel.locator(`[data-testid="funnel-row"][data-phase="${p.id}"]`);
        await expect(row.getByTestId('funnel-current')).toHaveText(String(expected[p.id]));
        await expect(row.getByTestId('funnel-entered')).toHaveText(/^\d+$/);
      }
      await expect(funnel.getByTestId('funnel-chart')).toHaveAttribute(
        'aria-label',
        new RegExp(`1\\. Strategy: ${expected.STRATEGY} now, \\d+ entered`),
      );

      // The window changes the "entered" figures, never the "now" ones.
      await funnel.getByTestId('funnel-days').selectOption('365');
      await expect(funnel.getByTestId('funnel-chart')).toHaveAttribute('aria-label', /last 365 days/);

      // The filter narrows the cards and says so in the counts.
      const firstName = (await app.getByTestId('board-card').first().locator('.board-card-name').textContent()) ?? '';
      await app.getByTestId('board-filter-text').fill(firstName);
      await expect(app.getByTestId('board-card').first()).toContainText(firstName);
      await expect(app.getByTestId('board-total')).toHaveText(/^\d+ of \d+$/);
      await app.getByTestId('board-filter-text').fill('');

      expect(await axeProblems(app)).toEqual([]);
      await app.screenshot({ path: testInfo.outputPath(`board-${theme}.png`) });

      // Collapsing the funnel keeps the board.
      await funnel.getByTestId('funnel-toggle').click();
      await expect(funnel.getByTestId('funnel-chart')).toHaveCount(0);
      await expect(app.getByTestId('board-column')).toHaveCount(7);
      expect(cspErrors).toEqual([]);
    });
  });
}

test('dragging a card to the next phase requests its gate; two phases ahead is refused', async ({ app }, testInfo) => {
  await waitForAppState(app, 'ready');
  await app.getByTestId('nav-board').click();
  await expect(app.getByTestId('board-column')).toHaveCount(7);

  // Refused first: two columns ahead. The toast says why and the card stays where it was.
  const refusedCard = await requestableCard(app);
  const refusedId = await refusedCard.getAttribute('data-row-id');
  const refusedFrom = (await refusedCard.getAttribute('data-phase'))!;
  // Step by step, to see the columns' highlight while the card is over a column it may not go to.
  const refusedTarget = column(app, nextPhaseOf(refusedFrom, 2));
  const box = (await refusedTarget.boundingBox())!;
  await refusedCard.hover();
  await app.mouse.down();
  await app.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
  // dragover needs a move after the drag has started (Playwright's note on manual drags).
  await app.mouse.move(box.x + box.width / 2 + 4, box.y + box.height / 2 + 4);
  await expect(refusedTarget).toHaveAttribute('data-drop', 'refused');
  await expect(refusedTarget).toContainText('Not allowed here');
  await expect(column(app, nextPhaseOf(refusedFrom))).toHaveAttribute('data-drop', 'target');
  await app.screenshot({ path: testInfo.outputPath('board-dragging.png') });
  await app.mouse.up();
  await expect(app.getByTestId('toast').filter({ hasText: REFUSED })).toBeVisible();
  await expect(column(app, refusedFrom).locator(`[data-row-id="${refusedId}"]`)).toBeVisible();
  await expect(column(app, refusedFrom)).not.toHaveAttribute('data-drop', /./);

  // Allowed: the next column. The request lands: the card is marked with its open review.
  const card = await requestableCard(app);
  const id = await card.getAttribute('data-row-id');
  const from = (await card.getAttribute('data-phase'))!;
  await card.dragTo(column(app, nextPhaseOf(from)));
  await expect(app.getByTestId('board-announcer')).toContainText('Requested G');
  // The review dialog opens on the new review.
  const dialog = app.getByTestId('gate-review-dialog');
  await expect(dialog).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const moved = app.locator(`[data-testid="board-card"][data-row-id="${id}"]`);
  await expect(moved.getByTestId('card-open-review')).toBeVisible();
  // The card stays in its phase until the gate is decided.
  await expect(column(app, from).locator(`[data-row-id="${id}"]`)).toBeVisible();

  // Dropping it on the next phase again opens the review it already has instead of asking for another.
  const reviewId = await moved.getAttribute('data-open-review');
  expect(reviewId).toMatch(/^\d+$/);
  await moved.dragTo(column(app, nextPhaseOf(from)));
  await expect(app.getByTestId('board-announcer')).toContainText('already has an open');
  await expect(dialog).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(app.locator(`[data-testid="board-card"][data-open-review="${reviewId}"]`)).toHaveCount(1);
});

test('the keyboard moves between cards and requests a gate', async ({ app }) => {
  await waitForAppState(app, 'ready');
  await app.getByTestId('nav-board').click();
  const first = app.getByTestId('board-card').first();
  await expect(first).toBeVisible();
  await first.focus();
  const firstId = await first.getAttribute('data-row-id');

  await app.keyboard.press('ArrowDown');
  const focusedId = () => app.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.rowId ?? null);
  await expect.poll(focusedId).not.toBe(firstId);
  await app.keyboard.press('ArrowUp');
  await expect.poll(focusedId).toBe(firstId);
  await app.keyboard.press('ArrowRight');
  await expect
    .poll(() => app.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.phase ?? null))
    .not.toBe(await first.getAttribute('data-phase'));

  // Shift+ArrowLeft (moving back) is refused with the same explanation as a wrong drop.
  await app.keyboard.press('Shift+ArrowLeft');
  await expect(app.getByTestId('toast').filter({ hasText: REFUSED })).toBeVisible();

  // Enter opens the detail panel for the focused card.
  const card = await requestableCard(app);
  const id = (await card.getAttribute('data-row-id'))!;
  await card.focus();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('detail-panel')).toHaveAttribute('data-initiative-id', id);

  // G on a requestable card asks for its gate; the live region says what happened.
  await app.locator(`[data-testid="board-card"][data-row-id="${id}"]`).focus();
  await app.keyboard.press('g');
  await expect(app.getByTestId('board-announcer')).toContainText('Requested G');
  await expect(app.getByTestId('gate-review-dialog')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(
    app.locator(`[data-testid="board-card"][data-row-id="${id}"]`).getByTestId('card-open-review'),
  ).toBeVisible();
});

test.describe('empty portfolio', () => {
  test.use({ portfolio: 'empty' });
  test('the board explains itself when there is nothing on it; the palette goes there', async ({ app }) => {
    await waitForAppState(app, 'ready');
    await app.keyboard.press('Control+k');
    await app.getByTestId('palette-input').fill('go to board');
    await app.keyboard.press('Enter');
    await expect(app.getByTestId('nav-board')).toHaveAttribute('aria-current', 'page');
    await expect(app.getByTestId('board-empty')).toBeVisible();
    await expect(app.getByTestId('board-empty')).toContainText('No initiatives on the board yet');
    expect(await axeProblems(app)).toEqual([]);
    // Its button opens the new-initiative form over the board, which stays the current view.
    await app.getByTestId('board-empty').getByRole('button', { name: 'New initiative' }).click();
    await expect(app.getByTestId('initiative-form')).toBeVisible();
    await expect(app.getByTestId('nav-board')).toHaveAttribute('aria-current', 'page');
  });
});

test.describe('10,000 initiatives', () => {
  test.use({ portfolio: 'empty' });
  test('each column renders only what is visible and End reaches the last card', async ({ app, host }) => {
    test.setTimeout(120_000);
    await waitForAppState(app, 'ready');
    writeDemo(host.core.workspace.db(), generateDemo({ size: 10_000, seed: 7, now: E2E_NOW }));
    await app.reload();
    await waitForAppState(app, 'ready');
    await app.getByTestId('nav-board').click();
    await expect(app.getByTestId('board-total')).toHaveText(/^9,\d{3} live initiatives$/, { timeout: 30_000 });
    const total = Number((await app.getByTestId('board-total').textContent())!.split(' ')[0]!.replace(',', ''));
    const counts = await app.getByTestId('board-count').allTextContents();
    expect(counts.map((c) => Number(c.replace(/,/g, ''))).reduce((a, b) => a + b, 0)).toBe(total);
    expect(await app.getByTestId('board-card').count()).toBeLessThan(200);

    const strategy = column(app, 'STRATEGY');
    await strategy.getByTestId('board-card').first().focus();
    await app.keyboard.press('End');
    const last = Number((await strategy.getByTestId('board-count').textContent())!.replace(/,/g, ''));
    // The focused card is the column's last: the column has scrolled to its end.
    await expect(strategy.locator('[data-testid="board-card"]:focus')).toBeVisible();
    await expect
      .poll(() =>
        strategy.locator('.board-column-scroll').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight),
      )
      .toBeLessThan(2);
    expect(last).toBeGreaterThan(100);
  });
});
