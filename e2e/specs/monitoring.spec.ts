import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from '../harness/host';
import { test, expect } from '../fixtures';
import { axeProblems, startWithDemo } from './helpers';

/** Screens for a person to look at: e2e/artifacts/monitoring/<name>-<theme>.png. */
const SHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'monitoring');

async function shot(page: Page, name: string, theme: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${theme}.png`) });
}

/** The demo initiative with the most spend (the demo stores sample history for some initiatives). */
async function topSpender(page: Page): Promise<{ id: number; name: string }> {
  return page.evaluate(async () => {
    const w = window as unknown as {
      flightdeck: { invoke(c: string, i: unknown): Promise<{ ok: boolean; value: unknown }> };
    };
    const r = await w.flightdeck.invoke('metrics/spend', { groupBy: 'initiative', days: 365 });
    const groups = (r.value as { groups: Array<{ initiativeId: number | null; label: string }> }).groups;
    const g = groups.find((x) => x.initiativeId !== null);
    if (!g || g.initiativeId === null) throw new Error('the demo has no spend history');
    return { id: g.initiativeId, name: g.label };
  });
}

// Every test sets the demo up from the first-run screen (startWithDemo), as a new user would.
test.use({ portfolio: 'first-run' });

for (const theme of ['light', 'dark'] as const) {
  test.describe(`Monitoring (${theme})`, () => {
    test.use({ theme });

    test('the demo initiative shows sample readings with source and age, and a chart that zooms', async ({ app }) => {
      await startWithDemo(app);
      const top = await topSpender(app);
      await app.locator('#filter-text').fill(top.name);
      await app.locator(`[data-row-id="${top.id}"]`).click();
      const section = app.getByTestId('monitoring-section');
      await section.scrollIntoViewIfNeeded();
      await expect(section.getByTestId('sample-data-banner')).toBeVisible();
      const spend = section.locator('[data-testid="reading"][data-metric="spend_usd"]');
      await expect(spend.getByTestId('reading-value')).toHaveText(/^\$[\d,.]+$/);
      await expect(spend).toContainText('Sample data');
      await expect(spend).toContainText(/as of/);
      // Missing metrics say so; a zero is never invented.
      for (const tile of await section.getByTestId('reading').all()) {
        const value = (await tile.getByTestId('reading-value').textContent()) ?? '';
        expect(value).not.toBe('0');
      }

      const chart = section.getByTestId('series-chart');
      await expect(chart).toHaveAttribute('data-metric', 'spend_usd');
      await expect(chart).toHaveAttribute('data-rendered', '1');
      expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(10);
      await chart.scrollIntoViewIfNeeded();
      await shot(app, 'section', theme);

      // Zoom with the wheel: a finer slice is asked for and drawn (data-loaded moves on), no sleep.
      const before = Number(await chart.getAttribute('data-loaded'));
      const box = await chart.boundingBox();
      if (!box) throw new Error('the chart has no box');
      await app.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
      await app.mouse.wheel(0, -600);
      await expect.poll(async () => Number(await chart.getAttribute('data-loaded'))).toBeGreaterThan(before);
      await expect(chart).toHaveAttribute('data-rendered', '1');

      // Another tile charts its metric.
      await section.locator('[data-testid="reading"][data-metric="latency_p95_s"]').click();
      await expect(section.getByTestId('series-chart')).toHaveAttribute('data-metric', 'latency_p95_s');
      await expect(section.getByTestId('series-chart')).toHaveAttribute('data-rendered', '1');

      // The demo comes with latency, error-rate and cost-per-request SLOs; the one left to add is cost per
      // day: at most $100, which the demo's last day (a few hundred dollars) breaches.
      const costPerDay = section.locator('[data-testid="slo-row"][data-kind="cost_per_day"]');
      await expect(costPerDay).toHaveCount(0);
      const slosBefore = await section.getByTestId('slo-row').count();
      await section.getByTestId('slo-kind').selectOption('cost_per_day');
      await section.getByTestId('slo-threshold').fill('100');
      await section.getByTestId('slo-save').click();
      await expect(section.getByTestId('slo-row')).toHaveCount(slosBefore + 1);
      await expect(costPerDay).toHaveAttribute('data-state', 'breached');
      await expect(costPerDay).toContainText('$100.00');

      expect(await axeProblems(app, '[data-testid="monitoring-section"]')).toEqual([]);
      await section.getByTestId('slo-editor').scrollIntoViewIfNeeded();
      await shot(app, 'slo', theme);
    });

    test('the Spend view shows groups by initiative, team and model', async ({ app }) => {
      await startWithDemo(app);
      await app.getByTestId('nav-spend').click();
      const view = app.getByTestId('spend-view');
      await expect(view.getByTestId('spend-sample')).toContainText('Sample data');
      await expect(view.getByTestId('spend-group').first()).toBeVisible();
      await expect(view.getByTestId('spend-total')).toHaveText(/^\$[\d,.]+$/);
      await expect(view.getByTestId('spend-chart-canvas')).toHaveAttribute('data-rendered', '1');
      expect(await axeProblems(app)).toEqual([]);
      await shot(app, 'spend', theme);

      await view.getByTestId('spend-by-model').click();
      await expect(view.getByTestId('spend-by-model')).toHaveAttribute('aria-pressed', 'true');
      await expect(view.getByTestId('spend-group').first()).toBeVisible();
      await view.getByTestId('spend-days-30').click();
      await expect(view.getByTestId('spend-days-30')).toHaveAttribute('aria-pressed', 'true');
      await expect(view.getByTestId('spend-chart-canvas')).toHaveAttribute('data-rendered', '1');
      await shot(app, 'spend-by-model', theme);
    });
  });
}

test('an initiative with no telemetry explains and links to Connections', async ({ app }) => {
  await startWithDemo(app);
  const ids = await app.evaluate(async () => {
    const w = window as unknown as {
      flightdeck: { invoke(c: string, i: unknown): Promise<{ ok: boolean; value: unknown }> };
    };
    const r = await w.flightdeck.invoke('metrics/spend', { groupBy: 'initiative', days: 730 });
    return (r.value as { groups: Array<{ initiativeId: number | null }> }).groups.map((g) => g.initiativeId);
  });
  const rows = app.getByTestId('portfolio-row');
  const count = await rows.count();
  let opened = false;
  for (let i = 0; i < count && !opened; i++) {
    const id = Number(await rows.nth(i).getAttribute('data-row-id'));
    if (ids.includes(id)) continue;
    await rows.nth(i).click();
    opened = true;
  }
  expect(opened).toBe(true);
  const section = app.getByTestId('monitoring-section');
  await expect(section.getByTestId('monitoring-empty')).toBeVisible();
  await section.getByRole('button', { name: 'Go to Connections' }).click();
  await expect(app.getByTestId('connections-view')).toBeVisible();
});
