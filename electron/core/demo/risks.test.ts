import { afterEach, describe, expect, it } from 'vitest';
import { consistencyIssues } from '../../../shared/domain/risk';
import { FixedClock } from '../testing/fakes';
import { createTestCore, type TestCore } from '../testing/test-core';
import { generateDemo } from './generate';
import { generateDemoRisks } from './risks';

const NOW = new Date('2026-11-01T09:00:00.000Z');
const TODAY = '2026-11-01';

let t: TestCore | undefined;
afterEach(() => t?.dispose());

describe('demo risk register', () => {
  const data = generateDemo({ size: 300, seed: 11, now: NOW });
  const g = generateDemoRisks(data, 11, NOW);

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateDemoRisks(data, 11, NOW)).toEqual(g);
    expect(generateDemoRisks(data, 12, NOW).risks.map((r) => r.title)).not.toEqual(g.risks.map((r) => r.title));
  });

  it('gives several risks to every live initiative across the taxonomies, closed ones to ended initiatives', () => {
    const byInitiative = new Map<number, number>();
    for (const r of g.risks)
      if (r.initiative_id !== null) byInitiative.set(r.initiative_id, (byInitiative.get(r.initiative_id) ?? 0) + 1);
    for (const i of data.initiatives) {
      const n = byInitiative.get(i.id) ?? 0;
      if (i.status === 'killed' || i.status === 'retired') {
        expect(g.risks.filter((r) => r.initiative_id === i.id).every((r) => r.status === 'CLOSED')).toBe(true);
      } else expect(n).toBeGreaterThanOrEqual(i.phase === 'STRATEGY' ? 1 : 2);
    }
    expect(new Set(g.risks.map((r) => r.category)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(g.risks.map((r) => r.library_id)).size).toBeGreaterThanOrEqual(15);
    expect(g.risks.filter((r) => r.initiative_id === null).length).toBeGreaterThanOrEqual(3);
    // Scores only go down from inherent to residual to target, and acceptances are complete.
    for (const r of g.risks) {
      const issues = consistencyIssues(
        {
          inherent: { likelihood: r.inherent_l, impact: r.inherent_i },
          residual: { likelihood: r.residual_l, impact: r.residual_i },
          target: r.target_l === null || r.target_i === null ? null : { likelihood: r.target_l, impact: r.target_i },
          status: r.status,
          treatment: r.treatment,
          acceptance:
            r.accepted_on && r.acceptance_expires_on
              ? { acceptedOn: r.accepted_on, expiresOn: r.acceptance_expires_on }
              : null,
          lastReviewedOn: r.last_reviewed_on,
          identifiedOn: r.identified_on,
        },
        TODAY,
      );
      expect(issues, `risk ${r.id}`).toEqual([]);
    }
    expect(g.risks.filter((r) => r.owner_id === null).length).toBeGreaterThan(0);
    expect(g.risks.filter((r) => r.owner_id !== null).length / g.risks.length).toBeGreaterThan(0.9);
  });

  it('has overdue reviews, acceptances in force and expired, overdue actions with owners', () => {
    const open = g.risks.filter((r) => r.status !== 'CLOSED');
    expect(open.filter((r) => r.next_review_on < TODAY).length).toBeGreaterThan(5);
    const accepted = g.risks.filter((r) => r.accepted_by !== null);
    expect(accepted.filter((r) => r.acceptance_expires_on! < TODAY).length).toBeGreaterThan(0);
    expect(accepted.filter((r) => r.acceptance_expires_on! >= TODAY).length).toBeGreaterThan(0);
    const overdue = g.actions.filter((a) => (a.status === 'PLANNED' || a.status === 'IN_PROGRESS') && a.due_on < TODAY);
    expect(overdue.length).toBeGreaterThan(5);
    expect(g.actions.every((a) => a.owner_id > 0)).toBe(true);
    expect(g.actions.filter((a) => a.status === 'DONE').every((a) => a.completed_on !== null)).toBe(true);
  });

  it('is written with the demo portfolio and feeds the register, heatmap and radar', async () => {
    t = createTestCore({ demoSize: 300, clock: new FixedClock(NOW.toISOString()) });
    await t.ok('workspace/openDefault');
    await t.ok('workspace/setup', { mode: 'demo' });
    const page = await t.ok('risk/list', { limit: 50 });
    expect(page.total).toBeGreaterThan(600);
    expect(page.rows).toHaveLength(50);
    const heat = await t.ok('risk/heatmap', { which: 'residual' });
    expect(heat.total).toBe(page.total);
    for (const f of [{ overdueReview: true }, { overdueAction: true }, { aboveAppetite: true }] as const) {
      expect((await t.ok('risk/list', { filter: f })).total, JSON.stringify(f)).toBeGreaterThan(0);
    }
    const signals = await t.ok('signals/list');
    expect(signals.signals.some((s) => s.ruleId === 'STALE_RISK_REGISTER')).toBe(true);
    // Open action due dates stored on the risk agree with its actions.
    const mismatch = t
      .db()
      .prepare(
        `SELECT count(*) AS n FROM risks r WHERE r.open_action_due_on IS NOT
           (SELECT min(due_on) FROM risk_actions a WHERE a.risk_id = r.id AND a.status IN ('PLANNED', 'IN_PROGRESS'))`,
      )
      .get() as { n: number };
    expect(mismatch.n).toBe(0);
  });
});
