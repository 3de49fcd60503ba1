import { join } from 'node:path';
import type { Page, TestInfo } from '@playwright/test';
import { wideModel } from '../../shared/domain/roi/fixtures';
import { SUPPORT_ASSISTANT_TEMPLATE } from '../../shared/domain/roi/templates';
import type { Host } from '../harness/host';
import { test, expect, waitForAppState } from '../fixtures';
import { axeProblems } from './helpers';

/**
 * The ROI workspace's Simulation tab (a Monte Carlo in a Web Worker) and Compare tab, through the real app:
 * initiative detail → Open ROI model → a scenario → the tab. Scenarios are added through the core, as
 * another window would, so each test knows exactly what it simulates.
 */

/** Console lines that mean the strict CSP refused something (the worker above all). */
function watchConsole(page: Page): { csp: string[]; errors: string[] } {
  const seen = { csp: [] as string[], errors: [] as string[] };
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) seen.csp.push(m.text());
  });
  page.on('pageerror', (e) => seen.errors.push(e.message));
  return seen;
}

/** Opens the first initiative's detail and returns its id. */
async function openFirstInitiative(page: Page): Promise<number> {
  await waitForAppState(page, 'ready');
  await page.getByTestId('portfolio-row').first().click();
  const section = page.getByTestId('roi-section');
  await expect(section).toBeVisible();
  return Number(await section.getAttribute('data-initiative'));
}

async function addScenario(host: Host, initiativeId: number, name: string, model: unknown): Promise<number> {
  const saved = await host.core.handlers['roi/save']({ initiativeId, name, kind: 'what_if', model });
  return saved.scenario.id;
}

/** Opens the ROI workspace on a scenario and shows one of its tabs. */
async function openWorkspace(page: Page, scenarioId: number, tab: 'simulation' | 'compare'): Promise<void> {
  await page.getByTestId('open-roi').click();
  const select = page.getByTestId('roi-scenario-select');
  await expect(select.locator(`option[value="${scenarioId}"]`)).toHaveCount(1);
  if ((await select.inputValue()) !== String(scenarioId)) await select.selectOption(String(scenarioId));
  await expect(select).toHaveValue(String(scenarioId));
  await page.getByTestId(`roi-tab-${tab}`).click();
}

/** Screenshots go to the test's output folder, or to SHOTS_DIR when set (to look at them after the run). */
const shot = (testInfo: TestInfo, name: string) => join(process.env.SHOTS_DIR ?? testInfo.outputDir, name);

const value = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-value'));

for (const theme of ['light', 'dark'] as const) {
  test.describe(`ROI simulation (${theme})`, () => {
    test.use({ theme });

    test('runs off the UI thread: percentiles, progress, cancel, a responsive page, the tornado', async ({
      app,
      host,
    }, testInfo) => {
      const seen = watchConsole(app);
      const initiativeId = await openFirstInitiative(app);
      const id = await addScenario(host, initiativeId, 'Support assistant (sim)', SUPPORT_ASSISTANT_TEMPLATE);
      await openWorkspace(app, id, 'simulation');

      // It runs by itself when first shown.
      const panel = app.getByTestId('simulation-panel');
      await expect(panel.getByTestId('simulation-results')).toBeVisible({ timeout: 20_000 });
      await expect(panel.getByTestId('simulation-progress')).toBeHidden();
      const [p10, p50, p90] = [await value(app, 'sim-p10'), await value(app, 'sim-p50'), await value(app, 'sim-p90')];
      expect(p10).toBeLessThanOrEqual(p50);
      expect(p50).toBeLessThanOrEqual(p90);
      expect(p10).toBeLessThan(p90);
      await expect(panel.getByTestId('sim-elapsed')).toContainText('10,000 iterations (unadjusted) in');
      await expect(panel.getByTestId('sim-prob-negative')).toHaveText(/^\d+\.\d %$/);
      await expect(panel).not.toContainText(/NaN|Infinity/);
      const rows = panel.getByTestId('sim-tornado-row');
      expect(await rows.count()).toBeGreaterThan(1);
      await expect(panel.getByTestId('sim-fan').locator('canvas')).toBeVisible();
      await expect(panel.getByTestId('sim-histogram').locator('canvas')).toBeVisible();

      // Same seed, same result: a second run with the same settings gives the same P50.
      const firstP50 = await panel.getByTestId('sim-p50').textContent();
      await panel.getByTestId('simulation-run').click();
      await expect(panel.getByTestId('simulation-progress')).toBeHidden({ timeout: 20_000 });
      await expect(panel.getByTestId('sim-p50')).toHaveText(firstP50 ?? '');

      // Risk-adjusted re-runs and lowers the median.
      await panel.getByLabel('Risk-adjusted').check();
      await expect(panel.getByTestId('sim-elapsed')).toContainText('(risk-adjusted)', { timeout: 20_000 });
      expect(await value(app, 'sim-p50')).toBeLessThan(p50);
      await panel.getByLabel('Unadjusted').check();
      await expect(panel.getByTestId('sim-elapsed')).toContainText('(unadjusted)', { timeout: 20_000 });

      // Out-of-range settings: an error beside the field, and no run.
      const iterations = panel.locator('[name="iterations"]');
      await iterations.fill('5000000');
      await expect(
        panel.locator('.field', { has: app.locator('[name="iterations"]') }).getByTestId('field-error'),
      ).toHaveText('Between 100 and 200,000');
      await expect(panel.getByTestId('simulation-run')).toBeDisabled();
      await iterations.fill('10000');
      await expect(panel.getByTestId('simulation-run')).toBeEnabled();
      // Enter in a field runs, like the button: another seed, other figures; seed 1 again, the first figures.
      const seedField = panel.locator('[name="seed"]');
      await seedField.fill('2');
      await seedField.press('Enter');
      await expect(panel.getByTestId('sim-elapsed')).toHaveAttribute('data-seed', '2', { timeout: 20_000 });
      await expect(panel.getByTestId('sim-p50')).not.toHaveText(firstP50 ?? '');
      await seedField.fill('1');
      await seedField.press('Enter');
      await expect(panel.getByTestId('sim-elapsed')).toHaveAttribute('data-seed', '1', { timeout: 20_000 });
      await expect(panel.getByTestId('sim-p50')).toHaveText(firstP50 ?? '');
      expect(await axeProblems(app, '[data-testid="simulation-panel"]')).toEqual([]);
      await panel.screenshot({ path: shot(testInfo, `simulation-${theme}.png`) });
      // A tooltip drawn on the canvas (no HTML, so nothing for the CSP to refuse).
      await panel
        .getByTestId('sim-fan')
        .locator('canvas')
        .hover({ position: { x: 330, y: 120 } });
      await panel.locator('.sim-charts').screenshot({ path: shot(testInfo, `simulation-charts-${theme}.png`) });

      // The tornado lists drivers by swing, each with its range and the NPV at both ends.
      const first = rows.first();
      await expect(first.locator('td').nth(1)).toContainText('→ $');
      await panel.getByTestId('sim-tornado').screenshot({ path: shot(testInfo, `tornado-${theme}.png`) });

      // A model without ranges: nothing to sample, and the panel says what to do.
      const flat = await addScenario(host, initiativeId, 'Flat (sim)', { horizonYears: 3 });
      await expect(app.locator(`[data-testid="roi-scenario-select"] option[value="${flat}"]`)).toHaveCount(1);
      await app.getByTestId('roi-scenario-select').selectOption(String(flat));
      await app.getByTestId('roi-tab-simulation').click();
      await expect(app.getByTestId('simulation-empty')).toContainText('three-point estimates');
      await expect(app.getByTestId('simulation-progress')).toHaveCount(0);
      await app.getByTestId('simulation-panel').screenshot({ path: shot(testInfo, `simulation-empty-${theme}.png`) });

      expect(seen.csp).toEqual([]);
      expect(seen.errors).toEqual([]);
    });

    test('a big run shows progress, leaves the page responsive and can be cancelled', async ({
      app,
      host,
    }, testInfo) => {
      const seen = watchConsole(app);
      const initiativeId = await openFirstInitiative(app);
      // 30 ranged drivers, 61 monthly periods: 200,000 iterations take seconds.
      const id = await addScenario(host, initiativeId, 'Wide monthly (sim)', wideModel({ periodicity: 'monthly' }));
      await openWorkspace(app, id, 'simulation');
      const panel = app.getByTestId('simulation-panel');
      await expect(panel.getByTestId('simulation-results')).toBeVisible({ timeout: 30_000 });

      await panel.locator('[name="iterations"]').fill('200000');
      await panel.getByTestId('simulation-run').click();
      const progress = panel.getByTestId('simulation-progress');
      await expect(progress).toBeVisible();
      await expect(progress.locator('progress')).toHaveAttribute('max', '200000');
      await app.screenshot({ path: shot(testInfo, `simulation-running-${theme}.png`) });
      // Typing is answered while the worker runs: the field updates and the run is still in flight.
      const seed = panel.locator('[name="seed"]');
      await seed.press('End');
      await seed.pressSequentially('234');
      await expect(seed).toHaveValue('1234');
      await expect(progress).toBeVisible();
      await expect
        .poll(async () => Number(await progress.locator('progress').getAttribute('value')))
        .toBeGreaterThan(0);

      await panel.getByTestId('simulation-cancel').click();
      await expect(progress).toBeHidden();
      await expect(panel.getByTestId('simulation-cancelled')).toBeVisible();
      await expect(panel.getByTestId('simulation-cancel')).toBeDisabled();
      // The earlier figures stay, from the 10,000-iteration run.
      await expect(panel.getByTestId('sim-elapsed')).toContainText('10,000 iterations');

      expect(seen.csp).toEqual([]);
      expect(seen.errors).toEqual([]);
    });

    test('compares scenarios side by side: figures with differences, the cash flows, what differs', async ({
      app,
      host,
    }, testInfo) => {
      const seen = watchConsole(app);
      const initiativeId = await openFirstInitiative(app);
      const base = await addScenario(host, initiativeId, 'Cmp base', SUPPORT_ASSISTANT_TEMPLATE);
      const cheaper = structuredClone(SUPPORT_ASSISTANT_TEMPLATE);
      const build = cheaper.costs.find((c) => c.id === 'build')!;
      build.inputs.amount = `(${build.inputs.amount}) / 2`;
      cheaper.benefits.pop();
      await addScenario(host, initiativeId, 'Cmp cheaper', cheaper);
      await openWorkspace(app, base, 'compare');

      // Tick exactly the two scenarios of this test (the demo may have its own).
      const pick = app.locator('.roi-compare-pick');
      const boxes = pick.locator('label.checkbox');
      for (let i = 0; i < (await boxes.count()); i++) {
        const box = boxes.nth(i);
        const mine = /Cmp (base|cheaper)/.test((await box.textContent()) ?? '');
        const input = box.locator('input');
        if (!mine && (await input.isChecked())) await input.uncheck();
      }
      for (const name of ['Cmp base', 'Cmp cheaper']) {
        const input = boxes.filter({ hasText: name }).locator('input');
        if (!(await input.isChecked())) await input.check();
      }

      const cmp = app.getByTestId('scenario-compare');
      await expect(cmp.getByTestId('compare-column')).toHaveCount(2);
      await expect(cmp.getByTestId('compare-column').nth(0)).toContainText('Cmp base');
      const initial = cmp.getByTestId('compare-row-initialCost').getByTestId('compare-diff');
      await expect(initial).toHaveAttribute('data-tone', 'better');
      await expect(initial).toHaveText(/^\u2212\$/);
      await expect(cmp.getByTestId('compare-row-pvBenefits').getByTestId('compare-diff')).toHaveAttribute(
        'data-tone',
        'worse',
      );
      await expect(cmp.getByTestId('compare-chart').locator('canvas')).toBeVisible();
      await expect(cmp.getByTestId('compare-line').filter({ hasText: build.name })).toHaveAttribute(
        'data-why',
        'total-differs',
      );
      await expect(cmp.getByTestId('compare-line').filter({ hasText: 'not in every scenario' })).toHaveCount(1);
      await expect(cmp.getByTestId('compare-drivers')).toContainText('Every driver has the same likely value');
      await expect(cmp).not.toContainText(/NaN|Infinity/);
      expect(await axeProblems(app, '[data-testid="scenario-compare"]')).toEqual([]);
      await cmp.screenshot({ path: shot(testInfo, `compare-${theme}.png`) });
      await cmp.getByTestId('compare-chart').screenshot({ path: shot(testInfo, `compare-chart-${theme}.png`) });
      await cmp.locator('.cmp-lists').screenshot({ path: shot(testInfo, `compare-lists-${theme}.png`) });

      await cmp.getByTestId('compare-close').click();
      await expect(cmp).toBeHidden();
      expect(seen.csp).toEqual([]);
      expect(seen.errors).toEqual([]);
    });
  });
}

test('10,000 iterations × 30 drivers in the worker: measured in Chromium', async ({ app, host }, testInfo) => {
  const initiativeId = await openFirstInitiative(app);
  const id = await addScenario(host, initiativeId, 'Wide (speed)', wideModel());
  await openWorkspace(app, id, 'simulation');
  const panel = app.getByTestId('simulation-panel');
  await expect(panel.getByTestId('simulation-results')).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByTestId('simulation-note')).toContainText('30 drivers are sampled');

  const inWorker: number[] = [];
  const loopOnly: number[] = [];
  const wall: number[] = [];
  for (let seed = 2; seed <= 8; seed++) {
    await panel.locator('[name="seed"]').fill(String(seed));
    const t0 = Date.now();
    await panel.getByTestId('simulation-run').click();
    await expect(panel.getByTestId('sim-elapsed')).toHaveAttribute('data-seed', String(seed), { timeout: 20_000 });
    wall.push(Date.now() - t0);
    inWorker.push(Number(await panel.getByTestId('sim-elapsed').getAttribute('data-elapsed-ms')));
    loopOnly.push(Number(await panel.getByTestId('sim-elapsed').getAttribute('data-run-ms')));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const line = `Monte Carlo 10,000 × 30 drivers in Chromium's worker: median ${median(loopOnly).toFixed(0)} ms for the loop (${loopOnly.map((x) => x.toFixed(0)).join(', ')}), ${median(inWorker).toFixed(0)} ms with compile and tornado, ${median(wall)} ms click to figures`;
  testInfo.annotations.push({ type: 'measurement', description: line });
  console.log(line);
  // The target is 300 ms (bench row); this bound only catches a run stuck on the UI thread or a slow path.
  expect(median(inWorker)).toBeLessThan(1500);
});
