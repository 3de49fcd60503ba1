import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, waitForAppState } from '../fixtures';

/** From the first-run screen, set up the demo portfolio and wait until the table is interactive. */
export async function startWithDemo(page: Page): Promise<void> {
  await waitForAppState(page, 'setup');
  await page.getByTestId('setup-demo').click();
  await waitForAppState(page, 'ready');
  await expect(page.getByTestId('portfolio-row').first()).toBeVisible();
}

export async function startEmpty(page: Page): Promise<void> {
  await waitForAppState(page, 'setup');
  await page.getByTestId('setup-empty').click();
  await waitForAppState(page, 'ready');
}

/** The visible portfolio rows' names, top to bottom. */
export async function rowNames(page: Page): Promise<string[]> {
  return page.locator('[data-testid="portfolio-row"] [data-column-id="name"]').allTextContents();
}

/**
 * Serious or critical axe findings on the page as it is, or inside `selector`. Legacy mode runs axe in
 * the page itself: the host closes any extra page axe would open.
 */
export async function axeProblems(page: Page, selector?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page });
  if (selector) builder.include(selector);
  const results = await builder.setLegacyMode(true).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
