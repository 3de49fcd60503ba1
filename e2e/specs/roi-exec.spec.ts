import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { generateDemo, writeDemo } from '../../electron/core/demo/generate';
import { test, expect, waitForAppState, E2E_NOW } from '../fixtures';
import { axeProblems, startEmpty } from './helpers';

/** Where the screenshots go for a person to look at (FD_SHOTS_DIR), else the test's own output folder. */
function shotPath(testInfo: { outputPath(name: string): string }, name: string): string {
  const dir = process.env.FD_SHOTS_DIR;
  if (!dir) return testInfo.outputPath(name);
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

async function openRoi(app: Page): Promise<void> {
  await waitForAppState(app, 'ready');
  await app.getByTestId('nav-roi').click();
  await expect(app.getByTestId('rx-cards')).toBeVisible();
}

/** The exact figure behind a card (data-exact, "$1,234,567" / "−$630,000") as a number of dollars. */
async function cardDollars(app: Page, id: string): Promise<number> {
  const exact = (await app.getByTestId(`rx-card-${id}`).getAttribute('data-exact')) ?? '';
  return Number(exact.replace('−', '-').replace(/[$,]/g, ''));
}

/** Sum of the data-value attributes of the group table's NPV cells. */
async function groupNpvSum(app: Page): Promise<number> {
  const values = await app
    .getByTestId('rx-group-row-npv')
    .evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.value)));
  return values.reduce((a, b) => a + b, 0);
}

async function groupCountSum(app: Page): Promise<number> {
  const counts = await app
    .locator('[data-testid="rx-group-row"] td:nth-of-type(1)')
    .allTextContents()
    .then((t) => t.map((x) => Number(x.replace(/,/g, ''))));
  return counts.reduce((a, b) => a + b, 0);
}

async function chartPainted(app: Page, testId: string): Promise<void> {
  await expect(app.getByTestId(`${testId}-canvas`)).toHaveAttribute('data-rendered', '1', { timeout: 30_000 });
}

test('totals add up by phase, business unit and type; filters recompute them', async ({ app }) => {
  await openRoi(app);
  const count = Number((await app.getByTestId('rx-card-count').locator('dd').first().textContent())?.replace(/,/g, ''));
  const npv = await cardDollars(app, 'npv');
  const investment = await cardDollars(app, 'investment');
  expect(count).toBeGreaterThan(5);
  expect(investment).toBeGreaterThan(0);
  expect(npv).not.toBe(0);
  // The headline reads in compact currency.
  await expect(app.getByTestId('rx-card-investment').locator('dd').first()).toHaveText(/^\$\d+(\.\d+)?[kMB]$/);

  for (const by of ['phase', 'businessUnit', 'type'] as const) {
    await app.getByTestId(`rx-group-${by}`).click();
    await expect(app.getByTestId(`rx-group-${by}`)).toHaveAttribute('aria-pressed', 'true');
    await chartPainted(app, 'rx-group-chart');
    // Cards are rounded to the dollar; the table carries the exact sums.
    expect(Math.abs((await groupNpvSum(app)) - npv)).toBeLessThan(1);
    expect(await groupCountSum(app)).toBe(count);
    expect(Number(await app.getByTestId('rx-group-total-npv').getAttribute('data-value'))).toBeCloseTo(npv, 0);
  }
  await app.getByTestId('rx-group-businessUnit').click();
  const units = await app
    .getByTestId('rx-group-row')
    .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.key));
  expect(units.length).toBeGreaterThan(1);

  // Filter by one phase: the totals become that phase's row of the phase table.
  await app.getByTestId('rx-group-phase').click();
  const row = app.getByTestId('rx-group-row').first();
  const phase = (await row.getAttribute('data-key')) ?? '';
  const phaseNpv = Number(await row.getByTestId('rx-group-row-npv').getAttribute('data-value'));
  const phaseCount = Number((await row.locator('td').first().textContent())?.replace(/,/g, ''));
  expect(phaseCount).toBeLessThan(count);
  await app.getByTestId('rx-filter-phase').selectOption(phase);
  await expect(app.getByTestId('rx-card-count').locator('dd').first()).toHaveText(phaseCount.toLocaleString('en'));
  expect(Math.abs((await cardDollars(app, 'npv')) - phaseNpv)).toBeLessThan(1);
  await expect(app.getByTestId('rx-group-row')).toHaveCount(1);
  await expect(app.getByTestId('rx-count')).toContainText('match the filters');

  // A business unit on top; then clearing brings the portfolio back.
  const unit = units.find((u) => u !== '(none)') ?? '';
  await app.getByTestId('rx-filter-phase').selectOption('');
  await app.getByTestId('rx-filter-bu').selectOption(`bu:${unit}`);
  await app.getByTestId('rx-group-businessUnit').click();
  await expect(app.getByTestId('rx-group-row')).toHaveCount(1);
  await expect(app.getByTestId('rx-group-row').first()).toHaveAttribute('data-key', unit);
  await app.getByTestId('rx-clear').click();
  expect(await cardDollars(app, 'npv')).toBe(npv);
});

test('a bubble names its initiative on hover and opens it on click; top-10 rows open theirs', async ({ app }) => {
  await openRoi(app);
  const canvas = app.getByTestId('rx-bubble-canvas');
  await canvas.scrollIntoViewIfNeeded();
  await chartPainted(app, 'rx-bubble');
  const box = (await canvas.boundingBox())!;
  const hover = app.getByTestId('rx-bubble-hover');
  // echarts paints on a canvas: sweep the plot until the pointer is over a bubble.
  let found = '';
  outer: for (let y = box.y + 120; y < box.y + box.height - 30; y += 8) {
    for (let x = box.x + 70; x < box.x + box.width - 20; x += 8) {
      await app.mouse.move(x, y);
      if ((await hover.locator('strong').count()) > 0) {
        found = (await hover.locator('strong').textContent()) ?? '';
        break outer;
      }
    }
  }
  expect(found).not.toBe('');
  await expect(hover).toContainText(/NPV −?\$/);
  await app.mouse.down();
  await app.mouse.up();
  await expect(app.getByTestId('detail-name')).toHaveText(found);
  await app.getByTestId('detail-close').click();
  await expect(app.getByTestId('detail-panel')).toHaveCount(0);

  // Keyboard: the chart takes focus, arrows step from the highest NPV down, Enter opens.
  const topNames = await app.getByTestId('rx-top-open').allTextContents();
  await canvas.focus();
  await app.keyboard.press('ArrowRight');
  await expect(hover.locator('strong')).toHaveText(topNames[0]!);
  await app.keyboard.press('ArrowDown');
  await expect(hover.locator('strong')).toHaveText(topNames[1]!);
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('detail-name')).toHaveText(topNames[1]!);
  await app.getByTestId('detail-close').click();

  // The top list: best first, a click on the row opens it, and the keyboard reaches it.
  const top = app.getByTestId('rx-top-row');
  await expect(top).toHaveCount(10);
  const npvs = await app
    .locator('[data-testid="rx-top-row"] td.num:nth-of-type(5)')
    .evaluateAll((cells) => cells.map((c) => c.getAttribute('title') ?? ''));
  const dollars = npvs.map((t) => Number(t.replace('−', '-').replace(/[$,]/g, '')));
  expect([...dollars].sort((a, b) => b - a)).toEqual(dollars);
  const third = top.nth(2);
  const name = (await third.getByTestId('rx-top-open').textContent()) ?? '';
  await third.locator('td').nth(2).click();
  await expect(app.getByTestId('detail-name')).toHaveText(name);
  await app.getByTestId('detail-close').click();
  const bottomFirst = app.getByTestId('rx-bottom-open').first();
  await bottomFirst.focus();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('detail-name')).toHaveText((await bottomFirst.textContent()) ?? '');
});

test('Export PNG writes a real PNG where the user chose; cancel writes nothing', async ({ app, dialogs }, testInfo) => {
  await openRoi(app);
  await chartPainted(app, 'rx-waterfall');
  const dir = process.env.FD_SHOTS_DIR ? join(process.env.FD_SHOTS_DIR, 'exports') : testInfo.outputPath('exports');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const target = join(dir, 'waterfall.png');
  dialogs.saveAnswers.push(target);
  await app.getByTestId('rx-waterfall-export').click();
  await expect(app.getByTestId('toast').last()).toContainText('waterfall.png');
  const bytes = readFileSync(target);
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  // Width and height from IHDR: twice the chart's CSS size.
  const box = (await app.getByTestId('rx-waterfall-canvas').boundingBox())!;
  expect(bytes.readUInt32BE(16)).toBe(Math.round(box.width) * 2);
  expect(bytes.readUInt32BE(20)).toBe(Math.round(box.height) * 2);
  expect(statSync(target).size).toBeGreaterThan(10_000);

  // Keyboard: Tab reaches the bubble chart's export button; Enter with the dialog cancelled.
  dialogs.saveAnswers.push(null);
  await app.getByTestId('rx-bubble-export').focus();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('rx-bubble-export')).toBeEnabled();
  await expect(app.getByTestId('rx-bubble-export')).toHaveText('Export PNG');
  await expect(app.locator('[data-testid="toast"].toast-error')).toHaveCount(0);
  const group = join(dir, 'group');
  dialogs.saveAnswers.push(group);
  await app.getByTestId('rx-group-chart-export').click();
  await expect(app.getByTestId('toast').last()).toContainText('group.png');
  expect(readFileSync(`${group}.png`).subarray(1, 4).toString()).toBe('PNG');
});

test.describe('without ROI models', () => {
  test.use({ portfolio: 'empty' });
  test('explains how to add one', async ({ app }) => {
    await waitForAppState(app, 'ready');
    await app.getByTestId('nav-roi').click();
    await expect(app.getByTestId('roi-empty')).toContainText('Start from template');
    await expect(app.getByTestId('rx-cards')).toHaveCount(0);
  });
});

test.describe('10,000 initiatives', () => {
  test.use({ portfolio: 'first-run' });
  test('the view opens and paints its charts quickly', async ({ app, host, dialogs }, testInfo) => {
    test.setTimeout(180_000);
    await startEmpty(app);
    writeDemo(host.core.workspace.db(), generateDemo({ size: 10_000, seed: 7, now: E2E_NOW }));
    await app.reload();
    await waitForAppState(app, 'ready');
    await expect(app.getByTestId('row-count')).toHaveText(/^(9,\d{3}) of \1$/, { timeout: 30_000 });
    const samples: { cards: number; charts: number }[] = [];
    for (let i = 0; i < 4; i++) {
      // Timed in the page from the click: the headline cards on screen, then all three charts painted.
      samples.push(
        await app.evaluate(
          () =>
            new Promise<{ cards: number; charts: number }>((resolve) => {
              const t0 = performance.now();
              let cards = -1;
              const painted = (id: string) =>
                document.querySelector(`[data-testid="${id}-canvas"]`)?.getAttribute('data-rendered') === '1';
              const check = () => {
                if (cards < 0 && document.querySelector('[data-testid="rx-cards"]')) cards = performance.now() - t0;
                if (cards >= 0 && ['rx-bubble', 'rx-waterfall', 'rx-group-chart'].every(painted)) {
                  observer.disconnect();
                  resolve({ cards: Math.round(cards), charts: Math.round(performance.now() - t0) });
                }
              };
              const observer = new MutationObserver(check);
              observer.observe(document.body, { subtree: true, childList: true, attributes: true });
              document.querySelector<HTMLElement>('[data-testid="nav-roi"]')!.click();
            }),
        ),
      );
      if (i === 0) {
        await app.screenshot({ path: shotPath(testInfo, 'roi-10k.png') });
        await app.getByTestId('rx-bubble').scrollIntoViewIfNeeded();
        await app.screenshot({ path: shotPath(testInfo, 'roi-10k-charts.png') });
      }
      await app.getByTestId('nav-portfolio').click();
      await expect(app.getByTestId('portfolio-row').first()).toBeVisible();
    }
    // The densest chart still exports (at screen size if twice would be too large to send).
    await app.getByTestId('nav-roi').click();
    await chartPainted(app, 'rx-bubble');
    const target = testInfo.outputPath('bubble-10k.png');
    dialogs.saveAnswers.push(target);
    await app.getByTestId('rx-bubble-export').click();
    await expect(app.getByTestId('toast').last()).toContainText('bubble-10k.png');
    expect(readFileSync(target).subarray(1, 4).toString()).toBe('PNG');
    console.log(`10k bubble chart PNG: ${statSync(target).size} bytes`);
    await app.getByTestId('nav-portfolio').click();
    // The share of that spent fetching the roll-up through the bridge (core query + transfer + parse).
    const { fetchMs, count } = await app.evaluate(async () => {
      const bridge = (
        window as unknown as {
          flightdeck: { invoke(c: string): Promise<{ ok: boolean; value?: { liveInitiatives: number } }> };
        }
      ).flightdeck;
      const t0 = performance.now();
      const r = await bridge.invoke('roi/portfolio');
      return { fetchMs: Math.round(performance.now() - t0), count: r.value?.liveInitiatives ?? 0 };
    });
    const text = `${samples.map((x) => `cards ${x.cards} ms, charts ${x.charts} ms`).join('; ')}; roi/portfolio round trip ${fetchMs} ms`;
    testInfo.annotations.push({ type: 'roi-open-ms', description: text });
    console.log(`roi view open at ${count.toLocaleString('en')} live initiatives: ${text}`);
    expect(Math.min(...samples.map((x) => x.charts))).toBeLessThan(3000);
  });
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`executive ROI (${theme})`, () => {
    test.use({ theme });

    test('looks right and is axe-clean', async ({ app }, testInfo) => {
      await openRoi(app);
      await expect(app.getByTestId('rx-bubble-hover')).not.toContainText('Loading watchlist');
      await app.screenshot({ path: shotPath(testInfo, `roi-${theme}.png`), fullPage: false });
      await app.getByTestId('rx-group-businessUnit').click();
      await chartPainted(app, 'rx-group-chart');
      await app.getByTestId('rx-group-chart').screenshot({ path: shotPath(testInfo, `roi-${theme}-by-unit.png`) });
      await app.getByTestId('rx-group-phase').click();
      await app.getByTestId('rx-bubble').scrollIntoViewIfNeeded();
      await app.screenshot({ path: shotPath(testInfo, `roi-${theme}-charts.png`), fullPage: false });
      await app.getByTestId('rx-top').scrollIntoViewIfNeeded();
      await app.screenshot({ path: shotPath(testInfo, `roi-${theme}-tables.png`), fullPage: false });
      expect(await axeProblems(app)).toEqual([]);
      // With an initiative open beside it.
      await app.getByTestId('rx-top-open').first().click();
      await expect(app.getByTestId('detail-name')).toBeVisible();
      await app.getByTestId('rx-bubble').scrollIntoViewIfNeeded();
      await app.screenshot({ path: shotPath(testInfo, `roi-${theme}-detail.png`), fullPage: false });
      expect(await axeProblems(app)).toEqual([]);
    });
  });
}
