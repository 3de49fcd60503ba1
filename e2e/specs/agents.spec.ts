import { test, expect, waitForAppState } from '../fixtures';
import { axeProblems } from './helpers';

// The demo portfolio, so people exist to own agents; the core's clock reads 2026-11-01 (E2E_NOW).
test.use({ portfolio: 'demo' });

test.describe('Agent inventory', () => {
  test('an agentic initiative: add an agent with two tools, see the stale kill switch, edit, delete and undo', async ({
    app,
  }, testInfo) => {
    await waitForAppState(app, 'ready');
    await app.getByTestId('new-initiative').click();
    const newForm = app.getByTestId('initiative-form');
    await newForm.locator('[name="name"]').fill('Refund agent');
    await newForm.locator('[name="type"]').selectOption('autonomous_agent');
    await newForm.getByTestId('save').click();
    await expect(newForm).toBeHidden();

    const section = app.getByTestId('detail-panel').getByTestId('agent-section');
    await expect(section.getByTestId('agents-empty')).toContainText('This initiative is an autonomous agent');
    await expect(section.getByTestId('agent-check')).toHaveCount(5);
    await expect(section.getByTestId('agent-checks')).toHaveAttribute('data-failing', '5');
    await expect(section.getByTestId('agent-checks')).toContainText('No agent is in the inventory');

    // Add: a kill-switch test date in the future is refused beside its field, nothing is lost.
    await section.getByTestId('add-agent').click();
    const form = app.getByTestId('agent-form');
    await form.locator('[name="agentKey"]').fill('spiffe://corp/agents/refunds');
    await form.locator('[name="name"]').fill('Refund bot');
    await form.locator('[name="accountableOwnerId"]').selectOption({ index: 1 });
    await form.locator('[name="autonomyLevel"]').selectOption('L4_APPROVER');
    await form.locator('[name="toolName-0"]').fill('zendesk');
    await form.locator('[name="scopes-0"]').fill('tickets:read, tickets:write');
    await form.getByTestId('add-tool').click();
    await form.locator('[name="toolName-1"]').fill('stripe');
    await form.locator('[name="scopes-1"]').fill('refunds:create');
    await form.locator('[name="killSwitchMechanism"]').selectOption('GATEWAY_BLOCK');
    await form.locator('[name="killSwitchOwnerId"]').selectOption({ index: 2 });
    await form.locator('[name="killSwitchProcedure"]').fill('Block the agent route at the API gateway.');
    await form.locator('[name="killSwitchLastTested"]').fill('2026-12-01');
    await form.getByTestId('save').click();
    await expect(
      form.locator('.field', { has: app.locator('[name="killSwitchLastTested"]') }).getByTestId('field-error'),
    ).toHaveText('The kill-switch test date is in the future');
    await expect(form.locator('[name="scopes-0"]')).toHaveValue('tickets:read, tickets:write');
    await form.screenshot({ path: testInfo.outputPath('agent-form.png') });
    expect(await axeProblems(app)).toEqual([]);

    await form.locator('[name="killSwitchLastTested"]').fill('2026-06-01');
    await form.getByTestId('save').click();
    await expect(form).toBeHidden();

    const card = section.getByTestId('agent-card');
    await expect(card).toHaveCount(1);
    await expect(card.getByTestId('agent-key')).toHaveText('spiffe://corp/agents/refunds');
    await expect(card.getByTestId('agent-tool')).toHaveCount(2);
    await expect(card.getByTestId('agent-tools')).toContainText('2 tools');
    await expect(card.getByTestId('agent-tools')).toContainText('tickets:write');
    await expect(card.getByTestId('agent-autonomy')).toHaveText('L4 Approver');
    await expect(card.getByTestId('agent-kill-switch')).toContainText('Gateway block');
    // 2026-06-01 → 2026-11-01: past the 90-day rule, so the warning and the failing check show.
    const age = card.getByTestId('kill-switch-age');
    await expect(age).toHaveText('tested 153 days ago');
    await expect(age).toHaveAttribute('data-stale', 'true');
    await expect(card.getByTestId('agent-problems')).toContainText('last tested 153 days ago');
    await expect(section.locator('[data-rule="agents.kill_switch"][data-testid="agent-check"]')).toHaveAttribute(
      'data-status',
      'failed',
    );
    await expect(section.getByTestId('agent-checks')).toHaveAttribute('data-failing', '1');
    await expect(section.getByTestId('agent-check')).toContainText('Tested kill switch: spiffe://corp/agents/refunds');
    await section.screenshot({ path: testInfo.outputPath('agents-section.png') });
    expect(await axeProblems(app)).toEqual([]);

    // Edit: a recent test clears the warning and every agent check passes.
    await card.getByTestId('edit-agent').click();
    await expect(form.locator('[name="toolName-1"]')).toHaveValue('stripe');
    await form.locator('[name="killSwitchLastTested"]').fill('2026-10-20');
    await form.getByTestId('save').click();
    await expect(form).toBeHidden();
    await expect(age).toHaveText('tested 12 days ago');
    await expect(age).toHaveAttribute('data-stale', 'false');
    await expect(card.getByTestId('agent-problems')).toHaveCount(0);
    await expect(section.getByTestId('agent-checks')).toHaveAttribute('data-failing', '0');
    await expect(section.getByTestId('agent-checks')).toContainText('all 5 pass');
    await expect(app.getByTestId('audit-timeline')).toContainText('Changed agent “Refund bot”');
    await expect(app.getByTestId('audit-timeline')).toContainText('Added agent “Refund bot”');

    // Delete asks first; undo brings the agent and its tools back.
    await card.getByTestId('delete-agent').click();
    await app.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await expect(section.getByTestId('agent-card')).toHaveCount(0);
    await expect(section.getByTestId('agents-empty')).toBeVisible();
    await app.getByTestId('undo').click();
    await expect(section.getByTestId('agent-card')).toHaveCount(1);
    await expect(section.getByTestId('agent-tool')).toHaveCount(2);
    await expect(section.getByTestId('kill-switch-age')).toHaveText('tested 12 days ago');
  });

  test('a non-agentic initiative shows an empty state and no agent checks', async ({ app }) => {
    await waitForAppState(app, 'ready');
    await app.getByTestId('new-initiative').click();
    const newForm = app.getByTestId('initiative-form');
    await newForm.locator('[name="name"]').fill('Invoice OCR');
    await newForm.locator('[name="type"]').selectOption('document_intelligence');
    await newForm.getByTestId('save').click();
    await expect(newForm).toBeHidden();
    const section = app.getByTestId('detail-panel').getByTestId('agent-section');
    await expect(section.getByTestId('agents-empty')).toContainText('No agents');
    await expect(section.getByTestId('agent-checks')).toHaveCount(0);
  });
});
