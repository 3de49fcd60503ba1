import { test, expect } from '../fixtures';
import { startWithDemo } from './helpers';

test.use({ portfolio: 'first-run' });

test.describe('people', () => {
  test('add, edit, and delete a person; an owner cannot be deleted', async ({ app }) => {
    await startWithDemo(app);
    await app.getByTestId('nav-people').click();
    const view = app.getByTestId('people-view');
    await expect(view).toBeVisible();

    await view.getByTestId('add-person').click();
    const form = app.getByTestId('person-form');
    await form.locator('[name="email"]').fill('not-an-email');
    await form.getByTestId('save').click();
    await expect(form.getByTestId('field-error')).toHaveText(['Name is required', 'Not an email address']);
    await form.locator('[name="name"]').fill('Grace Okafor');
    await form.locator('[name="title"]').fill('Head of AI Governance');
    await form.locator('[name="businessUnit"]').fill('Risk');
    await form.locator('[name="email"]').fill('grace.okafor@example.com');
    await form.getByTestId('save').click();
    await expect(form).toBeHidden();
    await expect(app.getByTestId('toast').last()).toContainText('Added “Grace Okafor”');
    const row = view.getByTestId('person-row').filter({ hasText: 'Grace Okafor' });
    await expect(row).toContainText('Head of AI Governance');
    await expect(row.getByTestId('owned-count')).toHaveText('0');

    await row.getByRole('button', { name: 'Edit Grace Okafor' }).click();
    await form.locator('[name="title"]').fill('Chief AI Officer');
    await form.getByTestId('save').click();
    await expect(row).toContainText('Chief AI Officer');

    // Someone who owns roles: the core refuses with IN_USE and the dialog says why.
    const owner = view
      .getByTestId('person-row')
      .filter({ has: app.getByTestId('owned-count').filter({ hasNotText: /^0$/ }) })
      .first();
    const ownerName = (await owner.locator('td').first().innerText()).trim();
    await owner.getByRole('button', { name: `Delete ${ownerName}` }).click();
    const confirm = app.getByTestId('confirm-dialog');
    await confirm.getByTestId('confirm').click();
    await expect(confirm.getByTestId('delete-error')).toContainText('Reassign them first');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect(owner).toBeVisible();

    await row.getByRole('button', { name: 'Delete Grace Okafor' }).click();
    await confirm.getByTestId('confirm').click();
    await expect(confirm).toBeHidden();
    await expect(row).toHaveCount(0);
    await app.getByTestId('toast').last().getByTestId('toast-undo').click();
    await expect(row).toHaveCount(1);
  });

  test('a new person can be chosen as an owner', async ({ app }) => {
    await startWithDemo(app);
    await app.getByTestId('nav-people').click();
    await app.getByTestId('add-person').click();
    await app.getByTestId('person-form').locator('[name="name"]').fill('Zed Owner');
    await app.getByTestId('person-form').getByTestId('save').click();
    await app.getByTestId('nav-portfolio').click();
    await app.getByTestId('filter-text').fill('Board pack drafting');
    await app.getByTestId('portfolio-row').first().click();
    await app.getByTestId('edit-initiative').click();
    const form = app.getByTestId('initiative-form');
    await form.locator('[name="techLeadId"]').selectOption({ label: 'Zed Owner' });
    await form.getByTestId('save').click();
    await expect(app.locator('[data-testid="portfolio-row"] [data-column-id="techLead"]')).toHaveText(['Zed Owner']);
  });
});
