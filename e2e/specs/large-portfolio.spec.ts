import { test, expect } from '../fixtures';
import { startEmpty } from './helpers';

test.use({ portfolio: 'first-run' });

// The table must stay usable at 10,000 initiatives: only visible rows are in the DOM and filtering is quick.
test('10,000 initiatives stay smooth', async ({ app, host }) => {
  test.setTimeout(120_000);
  await startEmpty(app);
  const create = host.core.handlers['initiative/create'];
  for (let i = 0; i < 10_000; i++) {
    await create({
      name: `Initiative ${String(i).padStart(5, '0')}`,
      description: i % 7 === 0 ? 'uses the lighthouse dataset' : '',
      businessUnit: ['Finance', 'Risk', 'HR'][i % 3] ?? '',
      type: 'other',
      phase: 'STRATEGY',
      status: 'active',
      riskTier: 'unclassified',
      tags: [],
      sponsorId: null,
      productOwnerId: null,
      techLeadId: null,
      plannedStart: null,
      plannedEnd: null,
      actualStart: null,
      actualEnd: null,
    });
  }
  await app.reload();
  await expect(app.getByTestId('row-count')).toHaveText('10,000 of 10,000');
  expect(await app.getByTestId('portfolio-row').count()).toBeLessThan(80);

  const started = Date.now();
  await app.getByTestId('filter-text').pressSequentially('lighthouse', { delay: 0 });
  await expect(app.getByTestId('row-count')).toHaveText('1,429 of 10,000');
  const elapsed = Date.now() - started;
  test.info().annotations.push({ type: 'filter-ms', description: String(elapsed) });
  expect(elapsed).toBeLessThan(3000);

  const sortStart = Date.now();
  await app.locator('th[data-column-id="name"] button').click();
  await app.locator('th[data-column-id="name"] button').click();
  await expect(app.locator('th[data-column-id="name"]')).toHaveAttribute('aria-sort', 'descending');
  await expect(app.locator('[data-testid="portfolio-row"] [data-column-id="name"]').first()).toHaveText(
    'Initiative 09996',
  );
  test.info().annotations.push({ type: 'sort-ms', description: String(Date.now() - sortStart) });
});
