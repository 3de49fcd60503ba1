import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SUPPORT_ASSISTANT_TEMPLATE } from '../../../shared/domain/roi/templates';
import type { RoiModelInput } from '../../../shared/domain/roi/schema';
import { verifyAuditChain } from '../audit/verify';
import { dumpTables } from '../testing/portfolio-files';
import { createTestCore, type TestCore } from '../testing/test-core';

let t: TestCore;
let initiativeId: number;
beforeEach(async () => {
  t = createTestCore();
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  initiativeId = (await t.ok('initiative/create', { name: 'Support assistant', phase: 'DEVELOP_VALIDATE' })).id;
});
afterEach(() => t.dispose());

/** A small valid model: one initial build, one recurring run cost, one benefit. */
const small = (over: Partial<RoiModelInput> = {}): RoiModelInput => ({
  horizonYears: 3,
  discountRate: 0.1,
  drivers: [{ key: 'hours', label: 'Hours saved', low: 800, likely: 1000, high: 1200 }],
  costs: [
    {
      id: 'build',
      name: 'Build',
      kind: 'amount',
      category: 'PEOPLE_BUILD',
      inputs: { amount: '100000' },
      timing: { type: 'initial' },
    },
    {
      id: 'run',
      name: 'Run',
      kind: 'amount',
      category: 'PEOPLE_RUN',
      inputs: { amount: '20000' },
      timing: { type: 'recurring' },
    },
  ],
  benefits: [
    {
      id: 'time',
      name: 'Time saved',
      kind: 'amount',
      category: 'TIME_SAVINGS',
      inputs: { amount: 'hours * 80' },
      timing: { type: 'recurring' },
    },
  ],
  ...over,
});

describe('ROI scenarios through the core', () => {
  it('saves a scenario with its figures, lists it, and gets it back with the evaluation', async () => {
    t.events.clear();
    const saved = await t.ok('roi/save', { initiativeId, name: 'Plan', kind: 'current', model: small() });
    expect(saved.evaluation.ok).toBe(true);
    expect(saved.scenario).toMatchObject({ name: 'Plan', kind: 'current', horizonYears: 3, initialCost: 100_000 });
    // NPV = −100k + Σ (80k − 20k) / 1.1^t for t = 1..3
    const npv = -100_000 + [1, 2, 3].reduce((s, y) => s + 60_000 / 1.1 ** y, 0);
    expect(saved.scenario.npv).toBeCloseTo(npv, 6);
    expect(t.events.of('db/changed')).toEqual([{ tables: ['roi_scenarios', 'audit_log'] }]);
    expect(await t.ok('roi/list', { initiativeId })).toEqual([saved.scenario]);
    const got = await t.ok('roi/get', { id: saved.scenario.id });
    expect(got.model.costs).toHaveLength(2);
    expect(got.scenario).toEqual(saved.scenario);
  });

  it('refuses a model the engine rejects, with issues under model.…, and writes nothing', async () => {
    const before = dumpTables(t.db());
    const bad = small({
      drivers: [{ key: 'hours', label: 'Hours saved', low: 1200, likely: 1000, high: 800 }],
      benefits: [
        {
          id: 'time',
          name: 'Time saved',
          kind: 'amount',
          category: 'TIME_SAVINGS',
          inputs: { amount: 'hourz * 80' },
          timing: { type: 'recurring' },
        },
      ],
    });
    const r = await t.invoke('roi/save', { initiativeId, name: 'Plan', kind: 'current', model: bad });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    const paths = (r.error.issues ?? []).map((i) => i.path);
    expect(paths).toContain('model.drivers.0.low');
    expect(paths.some((p) => p.startsWith('model.benefits.0.inputs'))).toBe(true);
    expect((r.error.issues ?? []).map((i) => i.message).join('\n')).toMatch(/Hours saved|Time saved/);
    expect(dumpTables(t.db())).toEqual(before);
  });

  it('allows one baseline / approved / current plan and unique names; what-ifs are free', async () => {
    await t.ok('roi/save', { initiativeId, name: 'Plan', kind: 'current', model: small() });
    const dupKind = await t.invoke('roi/save', { initiativeId, name: 'Plan B', kind: 'current', model: small() });
    expect(!dupKind.ok && dupKind.error.issues?.[0]?.path).toBe('kind');
    const dupName = await t.invoke('roi/save', { initiativeId, name: 'Plan', kind: 'what_if', model: small() });
    expect(!dupName.ok && dupName.error.issues?.[0]?.path).toBe('name');
    await t.ok('roi/save', { initiativeId, name: 'Cheaper build', kind: 'what_if', model: small() });
    await t.ok('roi/save', { initiativeId, name: 'Bigger team', kind: 'what_if', model: small() });
    expect((await t.ok('roi/list', { initiativeId })).map((s) => s.name)).toEqual([
      'Plan',
      'Bigger team',
      'Cheaper build',
    ]);
  });

  it('edits and deletes with undo, and keeps the audit chain', async () => {
    const a = await t.ok('roi/save', { initiativeId, name: 'Plan', kind: 'current', model: small() });
    const edited = await t.ok('roi/save', {
      initiativeId,
      id: a.scenario.id,
      name: 'Plan',
      kind: 'current',
      model: small({ discountRate: 0.2 }),
    });
    expect(edited.scenario.npv).toBeLessThan(a.scenario.npv);
    await t.ok('history/undo');
    expect((await t.ok('roi/get', { id: a.scenario.id })).scenario.npv).toBeCloseTo(a.scenario.npv, 9);
    await t.ok('roi/delete', { id: a.scenario.id });
    expect(await t.ok('roi/list', { initiativeId })).toEqual([]);
    await t.ok('history/undo');
    expect((await t.ok('roi/list', { initiativeId })).map((s) => s.id)).toEqual([a.scenario.id]);
    const timeline = (await t.ok('audit/timeline', { initiativeId })).map((e) => e.label);
    expect(timeline).toContain('Added ROI scenario “Plan”');
    expect(verifyAuditChain(t.db()).ok).toBe(true);
  });

  it('deleting the initiative takes its scenarios; undo brings them back', async () => {
    const a = await t.ok('roi/save', { initiativeId, name: 'Plan', kind: 'current', model: small() });
    await t.ok('initiative/delete', { id: initiativeId });
    await t.ok('history/undo');
    expect((await t.ok('roi/list', { initiativeId })).map((s) => s.id)).toEqual([a.scenario.id]);
  });

  it('creates the worked example from its template with the published figures', async () => {
    const templates = await t.ok('roi/templates');
    expect(templates.map((x) => x.id)).toContain('support-assistant');
    const s = await t.ok('roi/fromTemplate', { initiativeId, templateId: 'support-assistant' });
    expect(Math.round(s.scenario.pvBenefits)).toBe(5_161_367);
    expect(Math.round(s.scenario.npvRiskAdjusted)).toBe(1_443_745);
    expect(s.scenario.paybackMonths).toBeCloseTo(14.8, 1);
    expect(s.model).toEqual(expect.objectContaining({ horizonYears: SUPPORT_ASSISTANT_TEMPLATE.horizonYears }));
    const unknown = await t.invoke('roi/fromTemplate', { initiativeId, templateId: 'nope' });
    expect(!unknown.ok && unknown.error.issues?.[0]?.path).toBe('templateId');
  });

  it('feeds the gate checks: a G1 review sees the ROI model once one exists', async () => {
    const review = await t.ok('gate/request', {
      initiativeId: (await t.ok('initiative/create', { name: 'Fresh' })).id,
    });
    const m4 = review.criteria.find((c) => c.criterion.id === 'G1.M4');
    expect(m4?.autoCheck).toEqual({ status: 'failed', reason: 'No ROI model yet' });
    await t.ok('roi/fromTemplate', { initiativeId: review.review.initiativeId, templateId: 'support-assistant' });
    const again = await t.ok('gate/get', { id: review.review.id });
    expect(again.criteria.find((c) => c.criterion.id === 'G1.M4')?.autoCheck?.status).toBe('passed');
  });
});

describe('ROI portfolio roll-up', () => {
  it('counts each live initiative once, by its current plan, and groups by phase, unit and type', async () => {
    const other = (
      await t.ok('initiative/create', { name: 'Invoice agent', businessUnit: 'Finance', type: 'autonomous_agent' })
    ).id;
    const archived = (await t.ok('initiative/create', { name: 'Old pilot' })).id;
    await t.ok('roi/save', { initiativeId, name: 'Baseline', kind: 'baseline', model: small() });
    const current = await t.ok('roi/save', {
      initiativeId,
      name: 'Now',
      kind: 'current',
      model: small({ discountRate: 0.05 }),
    });
    const o = await t.ok('roi/save', {
      initiativeId: other,
      name: 'What if',
      kind: 'what_if',
      model: small({ discountRate: 0.3 }),
    });
    await t.ok('roi/save', { initiativeId: archived, name: 'Plan', kind: 'current', model: small() });
    await t.ok('initiative/archive', { id: archived, archived: true });

    const p = await t.ok('roi/portfolio');
    expect(p.withModel).toBe(2);
    expect(p.liveInitiatives).toBe(2);
    expect(p.points.map((x) => x.scenarioId)).toEqual([current.scenario.id, o.scenario.id]);
    expect(p.totals.npv).toBeCloseTo(current.scenario.npv + o.scenario.npv, 6);
    expect(p.byType.map((g) => g.key).sort()).toEqual(['autonomous_agent', 'other']);
    expect(p.byBusinessUnit.find((g) => g.key === 'Finance')?.count).toBe(1);
  });
});

describe('a stored model that does not read back', () => {
  it('is reported with the scenario’s name, not as a crash', async () => {
    const s = await t.ok('roi/save', { initiativeId, name: 'Plan', kind: 'current', model: small() });
    t.db().prepare(`UPDATE roi_scenarios SET model_json = '{"horizonYears": "three"}' WHERE id = ?`).run(s.scenario.id);
    const r = await t.invoke('roi/get', { id: s.scenario.id });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('DB_ERROR');
    expect(r.error.message).toMatch(/ROI scenario “Plan” cannot be read/);
  });
});
