import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { closedPort } from '../../electron/core/testing/mockApiServer';
import { fixture, json, startFixtureServer, type FixtureServer } from '../../electron/core/testing/promFixtureServer';
import { REPO_ROOT } from '../harness/host';
import { test, expect } from '../fixtures';
import { axeProblems, startEmpty } from './helpers';

/** Screens for a person to look at: e2e/artifacts/connections/<name>-<theme>.png. */
const SHOTS = join(REPO_ROOT, 'e2e', 'artifacts', 'connections');

async function shot(page: Page, name: string, theme: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}-${theme}.png`) });
}

/** A tiny Prometheus: the recorded buildinfo and `up` answers (../shared/fixtures/api) and a few names. */
async function fakePrometheus(): Promise<FixtureServer> {
  return startFixtureServer({
    '/api/v1/status/buildinfo': fixture('prometheus-buildinfo.json'),
    '/api/v1/query': fixture('prometheus-query-up.json'),
    // The metric names the test lists as proof of life (LiteLLM's family, as a LiteLLM proxy exports them).
    '/api/v1/label/__name__/values': json({
      status: 'success',
      data: ['litellm_requests_metric_total', 'litellm_spend_metric_total', 'up'],
    }),
  });
}

const fieldError = (form: Locator, name: string) =>
  form.locator('.field', { has: form.page().locator(`[name="${name}"]`) }).getByTestId('field-error');

async function openConnections(page: Page) {
  await page.getByTestId('nav-connections').click();
  await expect(page.getByTestId('connections-view')).toBeVisible();
}

async function fillForm(form: Locator, values: { kind?: string; name: string; url: string }) {
  if (values.kind) await form.getByTestId('connection-kind').selectOption(values.kind);
  await form.getByTestId('connection-name').fill(values.name);
  await form.getByTestId('connection-url').fill(values.url);
}

test.use({ portfolio: 'first-run' });

for (const theme of ['light', 'dark'] as const) {
  test.describe(`Connections (${theme})`, () => {
    test.use({ theme });

    test('add a Prometheus connection, test the draft and the saved row: reachable with its version', async ({
      app,
    }) => {
      const prom = await fakePrometheus();
      try {
        await startEmpty(app);
        await openConnections(app);
        await expect(app.getByTestId('connections-empty')).toBeVisible();
        expect(await axeProblems(app)).toEqual([]);
        await shot(app, 'empty', theme);

        await app.getByTestId('add-connection').first().click();
        const form = app.getByTestId('connection-form');
        await expect(form).toBeVisible();
        // Prometheus defaults: no auth, poll every 30 s.
        await expect(form.getByTestId('connection-auth')).toHaveValue('none');
        await expect(form.getByTestId('connection-poll')).toHaveValue('30');
        await fillForm(form, { name: 'Lab Prometheus', url: prom.url });

        await form.getByTestId('connection-test-draft').click();
        const diagnosis = form.getByTestId('diagnosis');
        await expect(diagnosis).toHaveAttribute('data-ok', '1');
        await expect(diagnosis.getByTestId('diagnosis-version')).toHaveText(/^\d+\.\d+\.\d+/);
        await expect(diagnosis.getByTestId('diagnosis-check').first()).toContainText('✓');
        expect(await axeProblems(app, '[data-testid="connection-form"]')).toEqual([]);
        await shot(app, 'form-tested', theme);

        // Enter in a field submits.
        await form.getByTestId('connection-name').press('Enter');
        await expect(form).toBeHidden();
        const row = app.getByTestId('connection-row');
        await expect(row).toHaveCount(1);
        await expect(row).toContainText('Lab Prometheus');
        await expect(row).toContainText(prom.url);

        await row.getByTestId('connection-test').click();
        const dialog = app.getByTestId('connection-test-dialog');
        await expect(dialog.getByTestId('diagnosis')).toHaveAttribute('data-ok', '1');
        await expect(dialog.getByTestId('diagnosis-version')).toHaveText(/^\d+\.\d+\.\d+/);
        // Asked the server for what the diagnosis says it checked.
        expect(prom.seen.map((s) => s.path)).toContain('/api/v1/status/buildinfo');
        await shot(app, 'row-tested', theme);
        await app.keyboard.press('Escape');
        await expect(dialog).toBeHidden();
        expect(await axeProblems(app)).toEqual([]);
        await shot(app, 'table', theme);

        // Pause and resume show in the row.
        await row.getByTestId('connection-pause').click();
        await expect(row).toHaveAttribute('data-state', 'paused');
        await row.getByTestId('connection-pause').click();
        await expect(row).not.toHaveAttribute('data-state', 'paused');

        // Delete asks first, and says what goes and what stays.
        await row.getByTestId('connection-delete').click();
        const confirm = app.getByTestId('confirm-dialog');
        await expect(confirm).toContainText('stored metric history stays');
        await confirm.getByTestId('confirm').click();
        await expect(app.getByTestId('connections-empty')).toBeVisible();
      } finally {
        await prom.close();
      }
    });
  });
}

test('a refused port shows the failing stage, and no double submit while testing', async ({ app }) => {
  const port = await closedPort();
  await startEmpty(app);
  await openConnections(app);
  await app.getByTestId('add-connection').first().click();
  const form = app.getByTestId('connection-form');
  await fillForm(form, { name: 'Nowhere', url: `http://127.0.0.1:${port}` });
  await form.getByTestId('connection-test-draft').click();
  const diagnosis = form.getByTestId('diagnosis');
  await expect(diagnosis).toHaveAttribute('data-stage', 'refused');
  await expect(diagnosis).toContainText('Connection refused');
  await expect(diagnosis).toHaveAttribute('data-ok', '0');
  expect(await axeProblems(app, '[data-testid="connection-form"]')).toEqual([]);
  await shot(app, 'form-refused', 'light');

  // Saved anyway, its row tests the same way.
  await form.getByTestId('save').click();
  await expect(form).toBeHidden();
  const row = app.getByTestId('connection-row');
  await row.getByTestId('connection-test').click();
  const dialog = app.getByTestId('connection-test-dialog');
  await expect(dialog.getByTestId('diagnosis')).toHaveAttribute('data-stage', 'refused');
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // Polled, the row says why it failed, beside its state.
  await row.getByRole('button', { name: 'Poll Nowhere now' }).click();
  await expect(row.getByTestId('connection-error')).toContainText('refused');
  expect(await axeProblems(app)).toEqual([]);
  await shot(app, 'table-failing', 'light');
});

test('validation errors show at their fields', async ({ app }) => {
  await startEmpty(app);
  await openConnections(app);
  await app.getByTestId('add-connection').first().click();
  const form = app.getByTestId('connection-form');
  await form.getByTestId('connection-url').fill('ftp://example.com');
  await form.getByTestId('connection-timeout').fill('0.1');
  await form.getByTestId('save').click();
  await expect(fieldError(form, 'name')).toHaveText('Enter a name');
  await expect(fieldError(form, 'baseUrl')).toHaveText('Only http:// and https:// addresses are supported');
  await expect(fieldError(form, 'timeoutMs')).toHaveText('Timeout must be at least 0.5 s');
  // The first bad field has the caret.
  await expect(form.getByTestId('connection-name')).toBeFocused();

  // Credentials in the address are refused where they were typed.
  await form.getByTestId('connection-name').fill('X');
  await form.getByTestId('connection-url').fill('http://user:pw@example.com');
  await form.getByTestId('connection-timeout').fill('5');
  await form.getByTestId('save').click();
  await expect(fieldError(form, 'baseUrl')).toHaveText('Put credentials in the secret field, not in the address');
  await expect(fieldError(form, 'name')).toHaveCount(0);

  // Esc closes without saving.
  await app.keyboard.press('Escape');
  await expect(form).toBeHidden();
  await expect(app.getByTestId('connections-empty')).toBeVisible();
});

test('a secret typed in the dialog never appears in the page after save, nor on edit', async ({ app }) => {
  const secret = 'sk-e2e-5ecret-never-shown-123';
  await startEmpty(app);
  await openConnections(app);
  await app.getByTestId('add-connection').first().click();
  const form = app.getByTestId('connection-form');
  await fillForm(form, { kind: 'litellm', name: 'Gateway', url: 'http://127.0.0.1:9' });
  // LiteLLM defaults: a bearer key, polled every 10 minutes.
  await expect(form.getByTestId('connection-auth')).toHaveValue('bearer');
  await expect(form.getByTestId('connection-poll')).toHaveValue('600');
  await form.getByTestId('connection-secret').fill(secret);
  await form.getByTestId('save').click();
  await expect(form).toBeHidden();
  await expect(app.getByTestId('connection-row')).toHaveCount(1);
  expect(await app.content()).not.toContain(secret);

  await app.getByTestId('connection-edit').click();
  const edit = app.getByTestId('connection-form');
  await expect(edit).toContainText('A secret is stored — leave empty to keep it.');
  await expect(edit.getByTestId('connection-secret')).toHaveValue('');
  await expect(edit.getByTestId('connection-remove-secret')).toBeVisible();
  expect(await app.content()).not.toContain(secret);
  // Nothing the core answers carries it either.
  const listed = await app.evaluate(() =>
    (window as unknown as { flightdeck: { invoke(c: string): Promise<unknown> } }).flightdeck.invoke('connection/list'),
  );
  expect(JSON.stringify(listed)).not.toContain(secret);
});

test('palette: Go to Connections, Add connection, Go to Spend', async ({ app }) => {
  await startEmpty(app);
  const palette = async (text: string) => {
    await app.keyboard.press('Control+k');
    await app.getByTestId('palette-input').fill(text);
    await app.keyboard.press('Enter');
  };
  await palette('Go to Connections');
  await expect(app.getByTestId('connections-view')).toBeVisible();
  await palette('Add connection');
  await expect(app.getByTestId('connection-form')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('connection-form')).toBeHidden();
  await palette('Go to Spend');
  await expect(app.getByTestId('spend-view')).toBeVisible();
});

test('data retention: shows the current setting, refuses nonsense at the field, saves a new one', async ({ app }) => {
  await startEmpty(app);
  await openConnections(app);
  await app.getByRole('button', { name: 'Data retention…' }).click();
  const form = app.getByTestId('retention-form');
  const days = form.getByTestId('retention-days');
  await expect(days).toHaveValue('90');
  await days.fill('0');
  await form.getByTestId('save').click();
  await expect(form.getByTestId('field-error')).toHaveText('Enter a whole number of days from 1 to 3650');
  await expect(days).toBeFocused();
  await days.fill('30');
  await form.getByTestId('save').click();
  await expect(form).toBeHidden();
  await app.getByRole('button', { name: 'Data retention…' }).click();
  await expect(app.getByTestId('retention-days')).toHaveValue('30');
  expect(await axeProblems(app, '[data-testid="retention-form"]')).toEqual([]);
});
