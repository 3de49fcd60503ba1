import type { Locator, Page } from '@playwright/test';
import { evaluateModel } from '../../shared/domain/roi/evaluate';
import { SUPPORT_ASSISTANT_TEMPLATE } from '../../shared/domain/roi/templates';
import { formatMoney, formatMoneyCompact } from '../../renderer/src/features/roi/roiFormat';
import { test, expect, waitForAppState } from '../fixtures';
import { axeProblems } from './helpers';

/**
 * The ROI workspace (issue 4): a scenario from the §1.7 template shows domain.md's published figures,
 * bad input is refused beside its fields and nothing is stored, what-ifs come and go with undo, and
 * unsaved edits are not lost to a stray Escape.
 */

/** Where screenshots go for a person to look at (ROI_SHOTS_DIR); by default the test's output folder. */
const SHOTS = process.env.ROI_SHOTS_DIR;

async function shot(target: Page | Locator, name: string, testInfo: { outputPath: (n: string) => string }) {
  await target.screenshot({ path: SHOTS ? `${SHOTS}/${name}.png` : testInfo.outputPath(`${name}.png`) });
}

/** A new initiative (it has no ROI model yet), shown in the detail panel. */
async function newInitiative(app: Page, name: string): Promise<Locator> {
  await waitForAppState(app, 'ready');
  await app.getByTestId('new-initiative').click();
  const form = app.getByTestId('initiative-form');
  await form.locator('[name="name"]').fill(name);
  await form.getByTestId('save').click();
  await expect(form).toBeHidden();
  const section = app.getByTestId('detail-panel').getByTestId('roi-section');
  await expect(section.getByTestId('roi-section-empty')).toBeVisible();
  return section;
}

/** From the empty ROI section: the support-assistant template, opened in the workspace. */
async function fromTemplate(app: Page, section: Locator, name: string, axe = false): Promise<Locator> {
  await section.getByTestId('roi-from-template').click();
  const form = app.getByTestId('roi-scenario-form');
  await expect(form.locator('[data-template="support-assistant"] input')).toBeChecked();
  if (axe) expect(await axeProblems(app)).toEqual([]);
  await form.locator('[name="name"]').fill(name);
  await form.getByTestId('save').click();
  await expect(form).toBeHidden();
  const ws = app.getByTestId('roi-workspace');
  await expect(ws.getByTestId('roi-scenario-select')).toHaveValue(/\d+/);
  await expect(ws.getByTestId('roi-editor')).toBeVisible();
  return ws;
}

const field = (ws: Locator, path: string) => ws.locator(`[data-field="${path}"]`);
const input = (ws: Locator, path: string) => ws.locator(`[data-path="${path}"]`);

test.describe('ROI workspace', () => {
  test('the §1.7 template reproduces its published figures; bad input is refused; what-ifs undo', async ({
    app,
  }, testInfo) => {
    const cspErrors: string[] = [];
    app.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    const section = await newInitiative(app, 'Support desk assistant');
    const ws = await fromTemplate(app, section, 'Support plan');

    // Results: domain.md §1.7's published figures (shared/domain/roi/templates.test.ts).
    await ws.getByTestId('roi-tab-results').click();
    const fig = (id: string) => ws.getByTestId(`fig-${id}`);
    await expect(fig('pvbenefits-unadjusted')).toHaveText(/^\$5,161,36[78]$/);
    await expect(fig('pvcosts-unadjusted')).toHaveText(/^\$2,440,81[01]$/);
    await expect(fig('npv-unadjusted')).toHaveText(/^\$2,72\d,\d{3}$/);
    await expect(fig('roi-unadjusted')).toHaveText(/^111\.\d %$/);
    await expect(fig('payback-unadjusted')).toHaveText('14.8 months');
    await expect(fig('npv-risk')).toHaveText(/^\$1,443,74[56]$/);
    await expect(fig('pvbenefits-risk')).toHaveText(/^\$4,190,93[45]$/);
    await expect(fig('pvcosts-risk')).toHaveText(/^\$2,747,18[89]$/);
    await expect(fig('roi-risk')).toHaveText('52.6 %');
    await expect(fig('payback-risk')).toHaveText('19.6 months');
    await expect(fig('dpayback-risk')).toHaveText('21.4 months');
    await expect(ws.getByTestId('roi-warnings')).toContainText('No warnings');
    // The per-line table: inference Y1 $33,750, time savings Y1 $945,000.
    const table = ws.getByTestId('roi-line-table');
    await expect(table.locator('tr[data-line-id="inference"] td').nth(1)).toHaveText('$33,750');
    await expect(table.locator('tr[data-line-id="time"] td').nth(1)).toHaveText('$945,000');
    // Break-even volume (lesson 3): ≈ 0.94M tickets unadjusted, 1.38M risk-adjusted, tickets and customers together.
    const be = ws.getByTestId('roi-break-even');
    const ticketsAt = async (card: string) => {
      const text = await be
        .getByTestId(card)
        .locator('li[data-key="tickets"] [data-testid="break-even-value"]')
        .innerText();
      return (Number(text.replace(/,/g, '')) / 1e6).toFixed(2);
    };
    expect(await ticketsAt('break-even-unadjusted')).toBe('0.94');
    expect(await ticketsAt('break-even-risk')).toBe('1.38');
    await expect(ws.getByTestId('roi-cashflow-chart').locator('canvas')).toBeVisible();
    await shot(app, 'results-light', testInfo);
    expect(await axeProblems(app)).toEqual([]);

    // Tabs are a keyboard tablist.
    await ws.getByTestId('roi-tab-results').focus();
    await app.keyboard.press('ArrowLeft');
    await expect(ws.getByTestId('roi-tab-model')).toBeFocused();
    await expect(ws.getByTestId('roi-tab-model')).toHaveAttribute('aria-selected', 'true');

    // Bad input: low above high on a driver, a negative price on the inference line.
    await input(ws, 'drivers.2.low').fill('0.5');
    await input(ws, 'drivers.2.low').blur();
    await expect(field(ws, 'drivers.2.low').getByTestId('field-error')).toHaveText(
      'Handle-time reduction: low is above high',
    );
    await input(ws, 'costs.1.inputs.priceInPerM').fill('-3');
    await input(ws, 'costs.1.inputs.priceInPerM').blur();
    await expect(field(ws, 'costs.1.inputs.priceInPerM').getByTestId('field-error')).toHaveText(
      'Inference: input price per M tokens is negative in year 1',
    );
    // A missing price is named too.
    await input(ws, 'costs.1.inputs.priceOutPerM').fill('');
    await input(ws, 'costs.1.inputs.priceOutPerM').blur();
    await expect(field(ws, 'costs.1.inputs.priceOutPerM').getByTestId('field-error')).toHaveText(
      'Inference: enter the output price per M tokens',
    );
    // All three at once: the empty formula does not hide the others.
    await expect(field(ws, 'costs.1.inputs.priceInPerM').getByTestId('field-error')).toBeVisible();
    await expect(field(ws, 'drivers.2.low').getByTestId('field-error')).toBeVisible();
    await expect(ws.getByTestId('roi-status')).toHaveText('3 errors');
    await shot(ws, 'model-errors-light', testInfo);
    expect(await axeProblems(app)).toEqual([]);
    await app.keyboard.press('Control+s');
    await expect(ws.getByTestId('roi-invalid')).toContainText('Nothing was saved');
    await expect(input(ws, 'drivers.2.low')).toBeFocused();
    // The results say they are the saved figures, not the broken draft's.
    await ws.getByTestId('roi-tab-results').click();
    await expect(ws.getByTestId('roi-results-note')).toContainText('these are the saved figures');
    await expect(fig('npv-unadjusted')).toHaveText(/^\$2,72\d,\d{3}$/);

    // Escape asks before dropping the edits; discarding and reopening shows what is stored: the old values.
    await app.keyboard.press('Escape');
    const confirm = app.getByTestId('confirm-dialog');
    await expect(confirm).toContainText('Discard unsaved changes?');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(ws).toBeVisible();
    await app.keyboard.press('Escape');
    await confirm.getByTestId('confirm').click();
    await expect(ws).toBeHidden();
    const row = section.getByTestId('roi-scenario-row').filter({ hasText: 'Support plan' });
    await expect(row.getByTestId('roi-npv')).toHaveText('$2.72M');
    await section.getByTestId('open-roi').click();
    await expect(input(ws, 'drivers.2.low')).toHaveValue('0.15');
    await expect(input(ws, 'costs.1.inputs.priceInPerM')).toHaveValue('price_in');
    await expect(input(ws, 'costs.1.inputs.priceOutPerM')).toHaveValue('price_out');

    // Fixed and saved: the inference price goes up, so the figures go down.
    await input(ws, 'drivers.2.low').fill('0.2');
    await input(ws, 'costs.1.inputs.priceInPerM').fill('4');
    await expect(ws.getByTestId('roi-status')).toContainText('Unsaved');
    await ws.getByTestId('roi-save').click();
    await expect(ws.getByTestId('roi-status')).toContainText('Saved');
    await ws.getByTestId('roi-tab-results').click();
    // The engine on the same edit says what the screen must show.
    const edited = structuredClone(SUPPORT_ASSISTANT_TEMPLATE);
    edited.costs[1]!.inputs.priceInPerM = '4';
    const expected = evaluateModel(edited);
    if (!expected.ok) throw new Error('the edited template is not valid');
    await expect(fig('npv-unadjusted')).toHaveText(formatMoney(expected.unadjusted.cashFlow.npv));
    await expect(fig('npv-risk')).toHaveText(formatMoney(expected.riskAdjusted.cashFlow.npv));
    expect(formatMoneyCompact(expected.unadjusted.cashFlow.npv)).not.toBe('$2.72M');
    await expect(row.getByTestId('roi-npv')).toHaveText(formatMoneyCompact(expected.unadjusted.cashFlow.npv));

    // A what-if copy, switched to and from, deleted with confirmation, and back with Ctrl+Z.
    const select = ws.getByTestId('roi-scenario-select');
    await ws.getByTestId('roi-new-whatif').click();
    const form = app.getByTestId('roi-scenario-form');
    await expect(form.locator('[name="name"]')).toHaveValue('Support plan what-if');
    await form.locator('[name="name"]').fill('Cheaper tokens');
    await form.getByTestId('save').click();
    await expect(form).toBeHidden();
    await expect(select.locator('option:checked')).toHaveText('Cheaper tokens · What-if');
    await expect(select.locator('option')).toHaveCount(2);
    // Switching away from unsaved edits asks first; cancelling keeps them.
    await expect(ws.getByTestId('roi-tab-results')).toHaveAttribute('aria-selected', 'true');
    await ws.getByTestId('roi-tab-model').click();
    await input(ws, 'horizonYears').fill('4');
    await select.selectOption({ label: 'Support plan · Current' });
    await expect(confirm).toContainText('Discard unsaved changes?');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(select.locator('option:checked')).toHaveText('Cheaper tokens · What-if');
    await expect(input(ws, 'horizonYears')).toHaveValue('4');
    await input(ws, 'horizonYears').fill('3');
    await expect(ws.getByTestId('roi-status')).toContainText('Saved');
    await select.selectOption({ label: 'Support plan · Current' });
    await expect(ws.getByTestId('roi-status')).toContainText('Saved');
    await select.selectOption({ label: 'Cheaper tokens · What-if' });
    await ws.getByTestId('roi-delete').click();
    await expect(confirm).toContainText('Cheaper tokens');
    await confirm.getByTestId('confirm').click();
    await expect(select.locator('option')).toHaveCount(1);
    await expect(section.getByTestId('roi-scenario-row')).toHaveCount(1);
    await select.focus();
    await app.keyboard.press('Control+z');
    await expect(select.locator('option')).toHaveCount(2);
    await expect(section.getByTestId('roi-scenario-row')).toHaveCount(2);
    await app.keyboard.press('Control+Shift+z');
    await expect(select.locator('option')).toHaveCount(1);
    await app.keyboard.press('Control+z');
    await expect(select.locator('option')).toHaveCount(2);

    expect(cspErrors).toEqual([]);
  });
});

test.describe('ROI workspace (dark)', () => {
  test.use({ theme: 'dark' });
  test('model, results and the detail section pass axe in dark', async ({ app }, testInfo) => {
    const section = await newInitiative(app, 'Claims triage');
    const ws = await fromTemplate(app, section, 'Claims plan', true);
    await input(ws, 'drivers.0.perYear.0').fill('-');
    await input(ws, 'drivers.0.perYear.0').blur();
    await expect(field(ws, 'drivers.0.perYear.0').getByTestId('field-error')).toHaveText(
      'Tickets per year: enter year 1',
    );
    await shot(app, 'model-dark', testInfo);
    expect(await axeProblems(app)).toEqual([]);
    await input(ws, 'drivers.0.perYear.0').fill('2,400,000');
    // Removing a driver that formulas use is flagged, with the uses listed.
    await ws.locator('[data-testid="driver-row"][data-key="tickets"]').getByTestId('remove-driver').click();
    const confirm = app.getByTestId('confirm-dialog');
    await expect(confirm.getByTestId('driver-uses')).toContainText('Inference: requests');
    await expect(confirm.getByTestId('driver-uses').locator('li')).toHaveCount(4);
    await shot(app, 'remove-driver-dark', testInfo);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(ws.locator('[data-testid="driver-row"][data-key="tickets"]')).toHaveCount(1);
    // Renaming a driver's key carries its formulas along; each line card shows its amounts.
    await input(ws, 'drivers.0.key').fill('volume');
    await input(ws, 'drivers.0.key').blur();
    await expect(input(ws, 'costs.1.inputs.requests')).toHaveValue(/^volume \* \(1 - deflection\)/);
    await expect(ws.getByTestId('roi-status')).toContainText('Unsaved');
    const inference = ws.locator('[data-testid="roi-costs"] [data-testid="roi-line"]').nth(1);
    await expect(inference.getByTestId('line-amounts')).toContainText('Y1 $34k');
    // A pilot that cost more than a third of production trips the §1.6 warning, flagged in the bar.
    await expect(ws.getByTestId('roi-warnings-link')).toHaveCount(0);
    await input(ws, 'pilotActualCost').fill('1,000,000');
    await expect(ws.getByTestId('roi-warnings-link')).toHaveText('⚠ 1 warning');
    await inference.scrollIntoViewIfNeeded();
    await shot(app, 'lines-dark', testInfo);
    for (const tab of ['simulation', 'compare', 'actuals'] as const) {
      await ws.getByTestId(`roi-tab-${tab}`).click();
      await expect(ws.getByTestId(`roi-panel-${tab}`)).toBeVisible();
      await shot(app, `tab-${tab}-dark`, testInfo);
    }
    await ws.getByTestId('roi-tab-results').click();
    await expect(ws.getByTestId('roi-cashflow-chart').locator('canvas')).toBeVisible();
    await expect(ws.locator('[data-testid="roi-warnings"] li[data-code="PILOT_MULTIPLIER"]')).toContainText(
      'production usually costs 3–5× the pilot',
    );
    await shot(app, 'results-dark', testInfo);
    expect(await axeProblems(app)).toEqual([]);
    // The renamed key is an unsaved edit: Escape asks, in dark too.
    await app.keyboard.press('Escape');
    await expect(confirm).toContainText('Discard unsaved changes?');
    expect(await axeProblems(app)).toEqual([]);
    await confirm.getByTestId('confirm').click();
    await expect(ws).toBeHidden();
    await expect(section.getByTestId('roi-scenario-row')).toHaveCount(1);
    await shot(section, 'section-dark', testInfo);
    expect(await axeProblems(app)).toEqual([]);
  });
});

test.describe('ROI workspace: a blank model', () => {
  test('built line by line, monthly, saved; the demo section lists scenarios with their warnings', async ({
    app,
  }, testInfo) => {
    const section = await newInitiative(app, 'Contract review');
    await section.getByTestId('roi-blank').click();
    const form = app.getByTestId('roi-scenario-form');
    await expect(form.locator('[name="name"]')).toHaveValue('Current plan');
    await form.getByTestId('save').click();
    const ws = app.getByTestId('roi-workspace');
    await expect(ws.getByTestId('roi-editor')).toBeVisible();
    await expect(ws.getByTestId('roi-costs')).toContainText('No costs yet');

    await ws.getByTestId('add-costs').click();
    await input(ws, 'costs.0.name').fill('Build');
    await input(ws, 'costs.0.timing.type').selectOption('initial');
    await input(ws, 'costs.0.inputs.amount').fill('120000');
    await ws.getByTestId('add-benefits').click();
    await input(ws, 'benefits.0.name').fill('Lawyer hours saved');
    await input(ws, 'benefits.0.inputs.amount').fill('60000');
    // A period outside the horizon is an error naming the line and the field.
    await input(ws, 'benefits.0.timing.to').fill('5');
    await ws.getByTestId('roi-save').click();
    await expect(field(ws, 'benefits.0.timing.to').getByTestId('field-error')).toHaveText(
      'Lawyer hours saved: ends in year 5, outside the 3-year horizon',
    );
    // A rate at or below -100 % too.
    await input(ws, 'benefits.0.timing.to').fill('');
    await input(ws, 'discountRate').fill('-100');
    await expect(field(ws, 'discountRate').getByTestId('field-error')).toHaveText('The rate must be above -100 %');
    await input(ws, 'discountRate').fill('8');
    await input(ws, 'periodicity').selectOption('monthly');
    await ws.getByTestId('roi-save').click();
    await expect(ws.getByTestId('roi-status')).toContainText('Saved');
    await ws.getByTestId('roi-tab-results').click();
    // 120k up front, 5k a month: paid back after 24 months.
    await expect(ws.getByTestId('fig-payback-unadjusted')).toHaveText('24.0 months');
    await expect(ws.getByTestId('fig-irr-unadjusted')).not.toHaveText(/NaN|Infinity/);
    await expect(ws.getByTestId('roi-break-even')).toContainText('Add drivers');
    await expect(ws.getByTestId('roi-cashflow-chart').locator('canvas')).toBeVisible();
    await ws.getByTestId('roi-results').evaluate((el) => el.parentElement?.scrollTo(0, 0));
    await shot(app, 'blank-monthly-light', testInfo);
    await app.keyboard.press('Escape');
    await expect(ws).toBeHidden();
    await expect(section.getByTestId('roi-scenario-row')).toHaveCount(1);

    // A demo initiative with scenarios: their figures and warning markers in the detail panel.
    const demo = app.getByTestId('detail-panel').getByTestId('roi-section');
    const rows = app.getByTestId('portfolio-row');
    for (let i = 0; i < 12; i++) {
      await rows.nth(i).click();
      await expect(demo.getByTestId('roi-scenarios').or(demo.getByTestId('roi-section-empty'))).toBeVisible();
      if ((await demo.getByTestId('roi-scenario-row').count()) > 0) break;
    }
    await expect(demo.getByTestId('roi-scenario-row').first()).toBeVisible();
    await demo.scrollIntoViewIfNeeded();
    await shot(demo, 'section-demo-light', testInfo);
    await demo.getByTestId('open-roi').click();
    await ws.getByTestId('roi-tab-results').click();
    await expect(ws.getByTestId('roi-figures')).toBeVisible();
    await expect(ws.getByTestId('roi-results')).not.toContainText(/NaN|Infinity/);
    await shot(app, 'demo-results-light', testInfo);
    expect(await axeProblems(app)).toEqual([]);
  });
});
