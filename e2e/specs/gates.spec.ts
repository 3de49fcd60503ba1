import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { test, expect, waitForAppState } from '../fixtures';
import { axeProblems } from './helpers';

test.use({ portfolio: 'empty' });

async function addPerson(app: Page, name: string): Promise<void> {
  await app.getByTestId('nav-people').click();
  await app.getByTestId('add-person').click();
  const form = app.getByTestId('person-form');
  await form.locator('[name="name"]').fill(name);
  await form.getByTestId('save').click();
  await expect(form).toBeHidden();
}

/** An empty portfolio with three people and one initiative in Strategy owned by them; its detail is open. */
async function initiativeWithTriad(app: Page, name: string, riskTier = 'limited'): Promise<Locator> {
  await waitForAppState(app, 'ready');
  for (const person of ['Ada Sponsor', 'Ben Owner', 'Cy Lead']) await addPerson(app, person);
  await app.getByTestId('nav-portfolio').click();
  await app.getByTestId('new-initiative').click();
  const form = app.getByTestId('initiative-form');
  await form.locator('[name="name"]').fill(name);
  await form.locator('[name="riskTier"]').selectOption(riskTier);
  await form.locator('[name="sponsorId"]').selectOption({ label: 'Ada Sponsor' });
  await form.locator('[name="productOwnerId"]').selectOption({ label: 'Ben Owner' });
  await form.locator('[name="techLeadId"]').selectOption({ label: 'Cy Lead' });
  await form.getByTestId('save').click();
  await expect(form).toBeHidden();
  await app.getByTestId('portfolio-row').filter({ hasText: name }).click();
  const panel = app.getByTestId('detail-panel');
  await expect(panel.getByTestId('detail-name')).toHaveText(name);
  return panel;
}

const criterion = (dialog: Locator, id: string) =>
  dialog.locator(`[data-testid="criterion-row"][data-criterion-id="${id}"]`);

test('a full G1 review: results, a real evidence file, sign-offs, refused Go, override Go moves the phase', async ({
  app,
  dialogs,
}, testInfo) => {
  const panel = await initiativeWithTriad(app, 'Claims triage assistant');
  const section = panel.getByTestId('gate-section');
  await expect(section.getByTestId('gate-next')).toContainText('G1 · Fund discovery / data work');
  await section.locator('[name="scheduledDate"]').fill('2026-11-20');
  await section.getByTestId('request-review').click();

  const dialog = app.getByTestId('gate-review-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('heading', { level: 2 })).toHaveText('G1 · Fund discovery / data work');
  await expect(dialog.getByTestId('gate-header')).toContainText('Claims triage assistant');
  await expect(dialog.getByTestId('gate-header')).toContainText('Catalogue 2026.1');
  await expect(dialog.getByTestId('review-status')).toHaveText('Open');
  await expect(dialog.getByTestId('must-met')).toHaveText('0 / 6');
  await expect(dialog.getByTestId('gate-verdict')).toHaveText('Does not pass');
  // The triad auto-check passes from the initiative itself; no KPI and no ROI model yet, so those fail.
  await expect(criterion(dialog, 'G1.M1').getByTestId('auto-check')).toHaveAttribute('data-status', 'passed');
  await expect(criterion(dialog, 'G1.M3').getByTestId('auto-check')).toHaveAttribute('data-status', 'failed');
  await expect(criterion(dialog, 'G1.M4').getByTestId('auto-check')).toHaveAttribute('data-status', 'failed');

  // Every criterion met; should-meets scored.
  for (const id of ['G1.M1', 'G1.M2', 'G1.M3', 'G1.M4', 'G1.M5', 'G1.M6']) {
    await criterion(dialog, id).getByTestId('criterion-result').selectOption('MET');
    await expect(criterion(dialog, id).getByTestId('criterion-result')).toHaveValue('MET');
  }
  for (const id of ['G1.S1', 'G1.S2', 'G1.S3', 'G1.S4']) {
    await criterion(dialog, id).getByTestId('criterion-result').selectOption('MET');
    await criterion(dialog, id).getByTestId('criterion-score').selectOption('3');
    await expect(criterion(dialog, id).getByTestId('criterion-score')).toHaveValue('3');
  }
  await expect(dialog.getByTestId('should-score')).toContainText('75%');
  // A failed auto-check outvotes the reviewer's "Met": G1.M3 stays unmet, with the reason.
  await expect(criterion(dialog, 'G1.M3').getByTestId('unmet-reason')).toContainText('Auto-check failed');
  await criterion(dialog, 'G1.M2').locator('[name="note"]').fill('Canvas reviewed with the claims team');
  await criterion(dialog, 'G1.M2').locator('[name="note"]').press('Tab');
  await expect(criterion(dialog, 'G1.M2').locator('[name="note"]')).toHaveValue('Canvas reviewed with the claims team');

  // A real file through the host's open dialog: its name, size and SHA-256 are shown.
  const canvas = testInfo.outputPath('use-case-canvas.txt');
  const bytes = Buffer.from('Use-case canvas: claims triage. '.repeat(160).slice(0, 5000));
  writeFileSync(canvas, bytes);
  const sha = createHash('sha256').update(bytes).digest('hex');
  dialogs.evidenceAnswers.push(canvas);
  const m2 = criterion(dialog, 'G1.M2');
  await m2.getByTestId('attach-file').click();
  await m2.getByTestId('evidence-form').locator('[name="validUntil"]').fill('2027-06-30');
  await m2.getByTestId('evidence-save').click();
  const file = m2.getByTestId('evidence-item').filter({ has: app.getByTestId('evidence-sha') });
  await expect(file.getByTestId('evidence-file-name')).toHaveText('use-case-canvas.txt');
  await expect(file.getByTestId('evidence-size')).toHaveText('4.9 KB');
  await expect(file.getByTestId('evidence-sha')).toHaveText(sha.slice(0, 12));
  await expect(file).toContainText('valid until Jun 30, 2027');

  // A link: a bad address is refused beside its field, then added.
  await m2.getByTestId('add-link').click();
  const linkForm = m2.getByTestId('evidence-form');
  await linkForm.locator('[name="title"]').fill('Strategy objective');
  await linkForm.locator('[name="url"]').fill('intranet/strategy');
  await linkForm.getByTestId('evidence-save').click();
  await expect(linkForm.getByTestId('field-error')).toHaveText('Use a full http(s) address');
  await linkForm.locator('[name="url"]').fill('https://intranet.example.com/strategy/2026');
  await linkForm.getByTestId('evidence-save').click();
  await expect(m2.getByTestId('evidence-item').filter({ hasText: 'Strategy objective' })).toBeVisible();
  await expect(m2.getByTestId('evidence-item')).toHaveCount(2);
  await dialog.getByTestId('gate-header').scrollIntoViewIfNeeded();
  await dialog.screenshot({ path: testInfo.outputPath('gate-open.png') });
  expect(await axeProblems(app)).toEqual([]);

  // The decision, from the keyboard: Go without sign-offs or an override is refused beside the fields.
  const go = dialog.getByTestId('decision-GO');
  await go.focus();
  await app.keyboard.press('Space');
  await expect(go).toBeChecked();
  await expect(dialog.getByTestId('override-box')).toContainText('must-meets not met: G1.M3, G1.M4');
  await dialog.getByTestId('record-decision').focus();
  await app.keyboard.press('Enter');
  await expect(dialog.getByTestId('decision-error')).toContainText('The gate does not pass');
  await expect(dialog.getByTestId('signoffs-error')).toContainText(
    'Sign-off missing from: Business sponsor, AI product owner, Tech lead',
  );
  await expect(panel.getByTestId('detail-phase')).toContainText('Strategy & opportunity assessment');
  await dialog.screenshot({ path: testInfo.outputPath('gate-refused.png') });
  expect(await axeProblems(app)).toEqual([]);

  // Sign-offs: the triad is preselected from the initiative's owners.
  for (const [role, person] of [
    ['BUSINESS_SPONSOR', 'Ada Sponsor'],
    ['AI_PRODUCT_OWNER', 'Ben Owner'],
    ['TECH_LEAD', 'Cy Lead'],
  ] as const) {
    const row = dialog.locator(`[data-testid="signoff-row"][data-role="${role}"]`);
    await row.getByTestId('sign-off').click();
    await expect(row.getByTestId('signoff-person')).toHaveText(person);
  }
  await expect(dialog.getByTestId('signoff-count')).toHaveText('3 of 3 required approvals');
  // The refusal described the review before the sign-offs: it is gone now.
  await expect(dialog.getByTestId('signoffs-error')).toHaveCount(0);

  // Conditional go without an owner: the error sits next to the owner of that condition.
  await go.focus();
  await app.keyboard.press('ArrowRight');
  await expect(dialog.getByTestId('decision-CONDITIONAL_GO')).toBeChecked();
  const condition = dialog.getByTestId('condition-row').first();
  await condition.locator('[name="conditions.0.text"]').fill('Golden dataset agreed with claims ops');
  await condition.locator('[name="conditions.0.dueDate"]').fill('2026-12-15');
  await dialog.locator('[name="overrideReason"]').fill('KPI baseline is being measured; board accepts the risk');
  await dialog.getByTestId('record-decision').focus();
  await app.keyboard.press('Enter');
  await expect(
    condition.locator('.field', { has: app.locator('[name="conditions.0.ownerId"]') }).getByTestId('field-error'),
  ).toHaveText('A condition needs an owner');
  await expect(panel.getByTestId('detail-phase')).toContainText('Strategy & opportunity assessment');

  // Back to Go, keep the override reason, record it with Enter.
  await dialog.getByTestId('decision-CONDITIONAL_GO').focus();
  await app.keyboard.press('ArrowLeft');
  await expect(go).toBeChecked();
  await app.keyboard.press('Tab');
  await expect(dialog.locator('[name="overrideReason"]')).toBeFocused();
  await dialog.getByTestId('record-decision').focus();
  await app.keyboard.press('Enter');

  await expect(dialog.getByTestId('decided-view')).toBeVisible();
  await expect(dialog.getByTestId('review-status')).toHaveText('Decided');
  await expect(dialog.getByTestId('decided-decision')).toHaveText('Go');
  await expect(dialog.getByTestId('override-reason')).toContainText('board accepts the risk');
  await expect(dialog.getByTestId('record-decision')).toHaveCount(0);
  await expect(dialog.getByTestId('attach-file')).toHaveCount(0);
  await expect(dialog.getByTestId('criterion-result').first()).toBeDisabled();
  await dialog.screenshot({ path: testInfo.outputPath('gate-decided.png') });
  expect(await axeProblems(app)).toEqual([]);

  // Escape closes the review; the detail shows the move, marked as an override, and the next gate.
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(panel.getByTestId('detail-phase')).toContainText('Data foundation');
  const moved = panel.locator('[data-testid="history-row"][data-phase="DATA_FOUNDATION"]');
  await expect(moved).toContainText('G1 Fund discovery / data work: Go');
  await expect(moved.getByTestId('history-override')).toBeVisible();
  await panel.getByTestId('phase-history').screenshot({ path: testInfo.outputPath('history.png') });
  await expect(section.getByTestId('gate-next')).toContainText('G2 · Data ready for build');
  const past = section.getByTestId('past-review');
  await expect(past).toHaveCount(1);
  await expect(past).toContainText('Go');
  await expect(past).toContainText('Override');

  // The past review opens read-only from the section.
  await past.getByTestId('view-review').click();
  await expect(dialog.getByTestId('decided-decision')).toHaveText('Go');
  await expect(criterion(dialog, 'G1.M2').getByTestId('evidence-item')).toHaveCount(2);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});

test.describe('dark theme', () => {
  test.use({ theme: 'dark' });
  test('gate settings add a sign-off and cap evidence; Kill asks first; a review can be cancelled', async ({
    app,
    dialogs,
  }, testInfo) => {
    const panel = await initiativeWithTriad(app, 'Invoice matching');

    // Settings from the command palette: G1 also needs Risk, and evidence is capped at 0.002 MB.
    await app.locator('body').press('Control+k');
    await app.getByTestId('palette-input').fill('Gate settings');
    await app.keyboard.press('Enter');
    const settings = app.getByTestId('gate-settings');
    await expect(settings).toBeVisible();
    await settings.getByRole('checkbox', { name: 'G1 needs Risk' }).check();
    await settings.locator('[name="evidenceMaxMb"]').fill('0.002');
    await settings.screenshot({ path: testInfo.outputPath('gate-settings.png') });
    expect(await axeProblems(app)).toEqual([]);
    await settings.getByTestId('save').click();
    await expect(settings).toBeHidden();

    await panel.getByTestId('gate-section').getByTestId('request-review').click();
    const dialog = app.getByTestId('gate-review-dialog');
    await expect(dialog.getByTestId('signoff-count')).toHaveText('0 of 4 required approvals');
    await expect(dialog.locator('[data-testid="signoff-row"][data-role="RISK"]')).toContainText('required');
    expect(await axeProblems(app)).toEqual([]);

    // A file over the limit is refused with the reason; nothing is attached.
    const big = testInfo.outputPath('big.bin');
    writeFileSync(big, Buffer.alloc(5000, 7));
    dialogs.evidenceAnswers.push(big);
    const m6 = criterion(dialog, 'G1.M6');
    await m6.getByTestId('attach-file').click();
    await m6.getByTestId('evidence-save').click();
    await expect(m6.getByTestId('evidence-error')).toContainText('evidence files can be at most');
    await expect(m6.getByTestId('evidence-item')).toHaveCount(0);
    await m6.getByRole('button', { name: 'Cancel' }).click();

    // Waived needs a reason; the reason is saved on leaving the field.
    const m2 = criterion(dialog, 'G1.M2');
    await m2.getByTestId('criterion-result').selectOption('WAIVED');
    await expect(
      m2.locator('.field', { has: app.locator('[name="waiverReason"]') }).getByTestId('field-error'),
    ).toContainText('Say why it is waived');
    await expect(m2.getByTestId('unmet-reason')).toContainText('Not assessed');
    await m2.locator('[name="waiverReason"]').fill('Covered by the group-wide canvas');
    await m2.locator('[name="waiverReason"]').press('Tab');
    await expect(m2.getByTestId('unmet-reason')).toHaveCount(0);

    // Kill asks first; cancelling the question leaves the review open.
    await dialog.getByTestId('decision-KILL').check();
    await dialog.getByTestId('record-decision').click();
    const confirm = app.getByTestId('confirm-dialog');
    await expect(confirm).toContainText('Kill this initiative?');
    expect(await axeProblems(app)).toEqual([]);
    await app.keyboard.press('Escape');
    await expect(confirm).toBeHidden();
    await expect(dialog.getByTestId('review-status')).toHaveText('Open');
    await dialog.screenshot({ path: testInfo.outputPath('gate-dark.png') });

    // Cancel the review (asked first): the section offers the request again.
    await dialog.getByTestId('cancel-review').click();
    await confirm.getByTestId('confirm').click();
    await expect(dialog).toBeHidden();
    const section = panel.getByTestId('gate-section');
    await expect(section.getByTestId('request-review')).toBeVisible();
    await expect(section.getByTestId('past-review')).toContainText('Cancelled');
    await expect(panel.getByTestId('detail-phase')).toContainText('Strategy & opportunity assessment');
  });
});

test('a conditional go records its conditions; the detail lists them open until met', async ({ app }) => {
  // Minimal risk: a lite gate, whose left-out should-meets are listed apart.
  const panel = await initiativeWithTriad(app, 'Contract clause search', 'minimal');
  await panel.getByTestId('gate-section').getByTestId('request-review').click();
  const dialog = app.getByTestId('gate-review-dialog');
  await expect(dialog.getByTestId('review-status')).toHaveText('Open');
  await expect(dialog.getByTestId('not-applicable')).toContainText('Not applicable (lite gate): 1');
  await expect(criterion(dialog, 'G1.S2')).toHaveCount(0);

  // Evidence past its valid-until date is marked expired.
  const general = dialog.locator('[data-testid="evidence-list"][data-criterion-id=""]');
  await general.getByTestId('add-note').click();
  await general.locator('[name="title"]').fill('Steering minutes');
  await general.locator('[name="note"]').fill('Sponsor confirmed budget for discovery.');
  await general.locator('[name="validUntil"]').fill('2026-10-01');
  await general.getByTestId('evidence-save').click();
  const note = general.getByTestId('evidence-item');
  await expect(note).toContainText('Sponsor confirmed budget for discovery.');
  await expect(note).toContainText('Expired');
  for (const role of ['BUSINESS_SPONSOR', 'AI_PRODUCT_OWNER', 'TECH_LEAD']) {
    const row = dialog.locator(`[data-testid="signoff-row"][data-role="${role}"]`);
    await expect(row.locator('[name="personId"]')).not.toHaveValue('');
    await row.getByTestId('sign-off').click();
    await expect(row.getByTestId('signoff-entry')).toBeVisible();
  }
  await dialog.getByTestId('decision-CONDITIONAL_GO').check();
  await dialog.locator('[name="overrideReason"]').fill('Pilot data arrives next month');
  const first = dialog.getByTestId('condition-row').first();
  await first.locator('[name="conditions.0.text"]').fill('Baseline KPI measured');
  await first.locator('[name="conditions.0.ownerId"]').selectOption({ label: 'Ben Owner' });
  await first.locator('[name="conditions.0.dueDate"]').fill('2026-12-01');
  await dialog.getByTestId('add-condition').click();
  await dialog.locator('[name="conditions.1.text"]').fill('Remove me');
  await dialog.getByRole('button', { name: 'Remove condition 2' }).click();
  await expect(dialog.getByTestId('condition-row')).toHaveCount(1);
  await dialog.getByTestId('record-decision').click();

  await expect(dialog.getByTestId('decided-decision')).toHaveText('Conditional go');
  await expect(dialog.getByTestId('decided-conditions')).toContainText('Baseline KPI measured');
  await expect(dialog.getByTestId('decided-conditions')).toContainText('Ben Owner');
  await dialog.getByTestId('close-review').click();
  await expect(dialog).toBeHidden();

  await expect(panel.getByTestId('detail-phase')).toContainText('Data foundation');
  const open = panel.getByTestId('open-condition');
  await expect(open).toHaveCount(1);
  await expect(open).toContainText('Baseline KPI measured');
  await expect(open).toContainText('due Dec 1, 2026');
  await expect(panel.getByTestId('past-review')).toContainText('1 open condition');
  await open.getByRole('button', { name: 'Mark condition met: Baseline KPI measured' }).click();
  await expect(open).toHaveCount(0);
});
