import { afterEach, describe, expect, it } from 'vitest';
import type { SignalsReport } from '../../../shared/domain/watchlist';
import { FixedClock } from '../testing/fakes';
import { createTestCore, type TestCore } from '../testing/test-core';

let t: TestCore | undefined;
afterEach(() => t?.dispose());

const NOW = '2026-03-02T09:00:00.000Z';

async function emptyCore(start = NOW): Promise<TestCore> {
  t = createTestCore({ actor: 'Test Lead', clock: new FixedClock(start) });
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  return t;
}

const rulesOf = (r: SignalsReport, id: number) => r.signals.filter((s) => s.initiativeId === id).map((s) => s.ruleId);

describe('signals/list on the 300-initiative demo', () => {
  it('fires several rule types, each on initiatives that are neither killed nor retired, sorted by score', async () => {
    t = createTestCore({ demoSize: 300, clock: new FixedClock(NOW) });
    await t.ok('workspace/openDefault');
    await t.ok('workspace/setup', { mode: 'demo' });
    const r = await t.ok('signals/list');

    expect(r.asOf).toBe('2026-03-02');
    const rules = new Set(r.signals.map((s) => s.ruleId));
    expect(rules).toContain('TIME_IN_PHASE');
    expect(rules).toContain('MISSING_OWNER');
    // Rules whose feature does not exist yet stay silent rather than report missing data.
    for (const silent of ['NO_KPI_BASELINE', 'KPI_NOT_MEASURED', 'BUDGET_BURN', 'STALE_EVIDENCE'] as const) {
      expect(rules).not.toContain(silent);
    }

    const status = new Map(
      (await t.ok('initiative/list', { includeArchived: true })).map((i) => [i.id, i.status] as const),
    );
    expect(
      r.signals.every((s) => status.get(s.initiativeId) !== 'killed' && status.get(s.initiativeId) !== 'retired'),
    ).toBe(true);

    const scores = r.watchlist.map((w) => w.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(r.watchlist.reduce((n, w) => n + w.count, 0)).toBe(r.signals.length);
    // Signals come grouped in watchlist order, so the first rows are the worst initiative's.
    const order = [...new Set(r.signals.map((s) => s.initiativeId))];
    expect(order).toEqual(r.watchlist.map((w) => w.initiativeId));
  });
});

describe('signals/list on hand-made timelines', () => {
  it('as of a past day ignores later transitions', async () => {
    const c = await emptyCore('2025-01-01T09:00:00.000Z');
    const p = await c.ok('person/create', { name: 'Ada' });
    const i = await c.ok('initiative/create', {
      name: 'Claims triage',
      sponsorId: p.id,
      productOwnerId: p.id,
      techLeadId: p.id,
    });
    c.clock.set('2025-03-01T09:00:00.000Z'); // 59 days in Strategy: past its 45-day warning.
    await c.ok('initiative/changePhase', { id: i.id, toPhase: 'DATA_FOUNDATION', reason: 'G1 passed' });
    c.clock.set('2025-03-11T09:00:00.000Z');

    const today = await c.ok('signals/list');
    expect(today.signals).toEqual([]);

    const past = await c.ok('signals/list', { asOf: '2025-02-28' });
    expect(past.asOf).toBe('2025-02-28');
    expect(past.watchlist).toEqual([
      { initiativeId: i.id, name: 'Claims triage', phase: 'STRATEGY', score: 3, count: 1 },
    ]);
    expect(past.signals[0]).toMatchObject({ ruleId: 'TIME_IN_PHASE', severity: 'warning', value: 58, threshold: 45 });

    // Before the initiative existed there is nothing to say about it.
    expect((await c.ok('signals/list', { asOf: '2024-12-31' })).signals).toEqual([]);
  });

  it('a killed initiative has no signals; ranking follows the purgatory score', async () => {
    const c = await emptyCore();
    const p = await c.ok('person/create', { name: 'Ada' });
    const noOwners = await c.ok('initiative/create', { name: 'No owners' });
    const oneOwner = await c.ok('initiative/create', { name: 'One owner', sponsorId: p.id });
    const killed = await c.ok('initiative/create', { name: 'Killed' });
    await c.ok('initiative/update', { id: killed.id, patch: { status: 'killed' } });
    c.clock.advanceDays(100); // > 90 days in Strategy: critical time in phase for all of them.

    const r = await c.ok('signals/list');
    expect(rulesOf(r, killed.id)).toEqual([]);
    expect(rulesOf(r, noOwners.id).sort()).toEqual(['MISSING_OWNER', 'TIME_IN_PHASE']);
    expect(r.watchlist.map((w) => w.initiativeId).sort()).toEqual([noOwners.id, oneOwner.id].sort());
    expect(r.watchlist.every((w) => w.score === 16)).toBe(true);

    // Give one initiative its owners: it drops to time-in-phase only and sorts below the other.
    await c.ok('initiative/update', {
      id: oneOwner.id,
      patch: { productOwnerId: p.id, techLeadId: p.id },
    });
    const after = await c.ok('signals/list');
    expect(after.watchlist.map((w) => [w.initiativeId, w.score])).toEqual([
      [noOwners.id, 16],
      [oneOwner.id, 8],
    ]);
  });

  it('counts scope changes from the audit trail within the 90-day window', async () => {
    const c = await emptyCore();
    const p = await c.ok('person/create', { name: 'Ada' });
    const owners = { sponsorId: p.id, productOwnerId: p.id, techLeadId: p.id };
    const i = await c.ok('initiative/create', { name: 'Churny', ...owners });
    for (const description of ['v1', 'v2', 'v3']) {
      c.clock.advanceDays(10);
      await c.ok('initiative/update', { id: i.id, patch: { description } });
    }
    // A change that does not touch the scope (tags) is not churn.
    await c.ok('initiative/update', { id: i.id, patch: { tags: ['x'] } });

    const r = await c.ok('signals/list');
    expect(r.signals).toEqual([expect.objectContaining({ ruleId: 'SCOPE_CHURN', value: 3, threshold: 2 })]);
    // 90 days after the first change it has left the window.
    const later = await c.ok('signals/list', { asOf: '2026-06-10' });
    expect(rulesOf(later, i.id)).not.toContain('SCOPE_CHURN');
  });

  it('refuses a malformed as-of with a field error', async () => {
    const c = await emptyCore();
    const r = await c.invoke('signals/list', { asOf: '2026-02-30' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('VALIDATION');
  });
});
