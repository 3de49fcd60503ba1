import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RiskCreateInput } from '../../../shared/domain/risk';
import { verifyAuditChain } from '../audit/verify';
import { dumpRecords } from '../testing/portfolio-files';
import { createTestCore, type TestCore } from '../testing/test-core';

let t: TestCore;
let initiativeId: number;
let owner: number;
let approver: number;
beforeEach(async () => {
  t = createTestCore(); // the clock reads 2026-03-02
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  initiativeId = (await t.ok('initiative/create', { name: 'Claims assistant' })).id;
  owner = (await t.ok('person/create', { name: 'Rita Owner' })).id;
  approver = (await t.ok('person/create', { name: 'Sam Sponsor' })).id;
});
afterEach(() => t.dispose());

const INJECTION = (over: Partial<RiskCreateInput> = {}): RiskCreateInput => ({
  initiativeId,
  title: 'Prompt injection through uploaded claims',
  cause: 'Claim documents reach the model as instructions',
  event: 'an attacker steers the assistant',
  consequence: 'wrong payouts',
  category: 'SECURITY',
  taxonomyRefs: ['owasp_llm_2025:LLM01', 'mit_domain:2.2'],
  ownerId: owner,
  inherent: { likelihood: 4, impact: 4 },
  residual: { likelihood: 3, impact: 3 },
  target: { likelihood: 2, impact: 2 },
  treatment: 'MITIGATE',
  status: 'IN_TREATMENT',
  controls: [{ framework: 'OWASP_LLM_2025', ref: 'LLM01', title: 'Input segregation' }],
  actions: [{ description: 'Red-team test suite', ownerId: owner, dueOn: '2026-04-30' }],
  ...over,
});

const riskCount = () => (t.db().prepare('SELECT count(*) AS n FROM risks').get() as { n: number }).n;

async function issuesOf(p: Promise<{ ok: boolean; error?: { code: string; issues?: unknown } }>) {
  const r = await p;
  expect(r.ok).toBe(false);
  if (r.ok || !r.error) throw new Error('expected an error');
  expect(r.error.code).toBe('VALIDATION');
  return r.error.issues as { path: string; message: string }[];
}

describe('risk/create', () => {
  it('stores scores, bands, flags, next review by band cadence, and is one undoable, audited change', async () => {
    const r = await t.ok('risk/create', INJECTION());
    expect(r.ref).toMatch(/^RSK-0+\d+$/);
    expect(r.inherent).toEqual({ likelihood: 4, impact: 4, score: 16, band: 'HIGH' });
    expect(r.residual).toEqual({ likelihood: 3, impact: 3, score: 9, band: 'MEDIUM' });
    expect(r.target?.band).toBe('LOW');
    expect(r.appetite).toBe(6); // the SECURITY default
    expect(r.flags).toMatchObject({ withinAppetite: false, aboveAppetiteUnaccepted: true, reviewOverdue: false });
    // Medium residual → semi-annual review from the day identified (today).
    expect(r.identifiedOn).toBe('2026-03-02');
    expect(r.effectiveCadence).toBe('SEMI_ANNUAL');
    expect(r.nextReviewOn).toBe('2026-09-02');
    expect(r.openActionDueOn).toBe('2026-04-30');
    expect(r.statement).toBe(
      'Because claim documents reach the model as instructions, an attacker steers the assistant may occur, leading to wrong payouts',
    );
    expect(r.controls).toEqual([
      expect.objectContaining({ framework: 'OWASP_LLM_2025', ref: 'LLM01', status: 'NOT_STARTED' }),
    ]);
    expect(t.events.of('db/changed').at(-1)?.tables).toEqual(
      expect.arrayContaining(['risks', 'risk_actions', 'risk_controls', 'audit_log']),
    );
    const audit = t.db().prepare(`SELECT action, label FROM audit_log WHERE entity_kind = 'risk'`).all();
    expect(audit).toEqual([{ action: 'risk.create', label: 'Add risk “Prompt injection through uploaded claims”' }]);
    expect(verifyAuditChain(t.db()).ok).toBe(true);

    await t.ok('history/undo');
    expect(riskCount()).toBe(0);
    expect(t.db().prepare('SELECT count(*) AS n FROM risk_actions').get()).toEqual({ n: 0 });
    await t.ok('history/redo');
    expect((await t.ok('risk/get', { id: r.id })).actions).toHaveLength(1);
  });

  it('refuses bad input with field errors and saves nothing', async () => {
    const bad = await issuesOf(
      t.invoke('risk/create', INJECTION({ inherent: { likelihood: 6, impact: 0 }, residual: undefined })),
    );
    expect(bad).toEqual([
      { path: 'inherent.likelihood', message: 'Scores run from 1 (lowest) to 5 (highest)' },
      { path: 'inherent.impact', message: 'Scores run from 1 (lowest) to 5 (highest)' },
    ]);
    const half = await issuesOf(t.invoke('risk/create', INJECTION({ inherent: { likelihood: 2.5, impact: 3 } })));
    expect(half[0]).toEqual({ path: 'inherent.likelihood', message: 'Scores are whole numbers from 1 to 5' });

    const noApprover = await issuesOf(
      t.invoke(
        'risk/create',
        INJECTION({ acceptance: { reason: 'Cost of fix too high', expiresOn: '2026-09-01' } as never }),
      ),
    );
    expect(noApprover).toEqual([{ path: 'acceptance.approverId', message: 'An acceptance needs an approver' }]);
    const noExpiry = await issuesOf(
      t.invoke('risk/create', INJECTION({ acceptance: { approverId: approver, reason: 'ok' } as never })),
    );
    expect(noExpiry).toEqual([{ path: 'acceptance.expiresOn', message: 'An acceptance needs an expiry date' }]);
    const noOwner = await issuesOf(
      t.invoke('risk/create', INJECTION({ actions: [{ description: 'Fix', dueOn: '2026-04-01' } as never] })),
    );
    expect(noOwner).toEqual([{ path: 'actions.0.ownerId', message: 'An action needs an owner' }]);
    const ghost = await issuesOf(
      t.invoke('risk/create', INJECTION({ actions: [{ description: 'Fix', ownerId: 999, dueOn: '2026-04-01' }] })),
    );
    expect(ghost).toEqual([{ path: 'actions.0.ownerId', message: 'Person 999 does not exist' }]);
    const accepted = await issuesOf(t.invoke('risk/create', INJECTION({ status: 'ACCEPTED' })));
    expect(accepted[0]?.path).toBe('acceptance');
    expect(riskCount()).toBe(0);
  });

  it('refuses residual above inherent and target above residual, beside the score that makes the difference', async () => {
    const up = await issuesOf(
      t.invoke(
        'risk/create',
        INJECTION({ inherent: { likelihood: 3, impact: 3 }, residual: { likelihood: 4, impact: 3 } }),
      ),
    );
    expect(up).toEqual([
      {
        path: 'residual.likelihood',
        message: 'Residual risk (12) cannot be above inherent risk (9): controls in place do not add risk',
      },
    ]);
    const target = await issuesOf(t.invoke('risk/create', INJECTION({ target: { likelihood: 3, impact: 4 } })));
    expect(target.map((i) => i.path)).toEqual(['target.impact']);
    // Equal is fine: controls that change nothing leave residual = inherent.
    const same = await t.ok('risk/create', INJECTION({ residual: { likelihood: 4, impact: 4 }, target: null }));
    expect(same.residual.score).toBe(16);
    expect(riskCount()).toBe(1);
  });

  it('keeps an acceptance with approver, reason and expiry; an expired one no longer clears the appetite flag', async () => {
    const r = await t.ok(
      'risk/create',
      INJECTION({
        treatment: 'ACCEPT_RETAIN',
        status: 'ACCEPTED',
        acceptance: { approverId: approver, reason: 'Compensating manual checks', expiresOn: '2026-06-30' },
      }),
    );
    expect(r.acceptance).toEqual({
      approverId: approver,
      reason: 'Compensating manual checks',
      acceptedOn: '2026-03-02',
      expiresOn: '2026-06-30',
    });
    expect(r.flags).toMatchObject({ acceptedInForce: true, aboveAppetiteUnaccepted: false, acceptanceExpired: false });
    t.clock.set('2026-07-01T09:00:00.000Z');
    const later = await t.ok('risk/get', { id: r.id });
    expect(later.flags).toMatchObject({
      acceptedInForce: false,
      acceptanceExpired: true,
      aboveAppetiteUnaccepted: true,
    });
    const above = await t.ok('risk/list', { filter: { aboveAppetite: true } });
    expect(above.rows.map((x) => x.id)).toEqual([r.id]);
  });
});

describe('risk/update, review and actions', () => {
  it('reports a lowered inherent score on the inherent field, and recomputes the review date when the band changes', async () => {
    const r = await t.ok('risk/create', INJECTION());
    const bad = await issuesOf(
      t.invoke('risk/update', { id: r.id, patch: { inherent: { likelihood: 2, impact: 4 } } }),
    );
    expect(bad.map((i) => i.path)).toEqual(['patch.inherent.likelihood']);
    // Residual 9 (Medium, semi-annual) → 20 is impossible under inherent 16; 4×4 = 16 High → quarterly.
    const up = await t.ok('risk/update', { id: r.id, patch: { residual: { likelihood: 4, impact: 4 }, target: null } });
    expect(up.residual.band).toBe('HIGH');
    expect(up.nextReviewOn).toBe('2026-06-02');
    const withdrawn = await issuesOf(t.invoke('risk/update', { id: r.id, patch: { status: 'ACCEPTED' } }));
    expect(withdrawn).toEqual([
      { path: 'patch.status', message: 'An accepted risk needs the acceptance on record: approver, reason and expiry' },
    ]);
    const audit = t.db().prepare(`SELECT label FROM audit_log WHERE entity_kind = 'risk' ORDER BY seq`).all();
    expect(audit).toEqual([
      { label: 'Add risk “Prompt injection through uploaded claims”' },
      { label: 'Edit risk “Prompt injection through uploaded claims”' },
    ]);
  });

  it('a review moves the next review date by the cadence; overdue reviews and actions filter and flag', async () => {
    const r = await t.ok('risk/create', INJECTION({ reviewCadence: 'MONTHLY', identifiedOn: '2026-01-31' }));
    expect(r.nextReviewOn).toBe('2026-02-28');
    expect(r.flags.reviewOverdue).toBe(true);
    const other = await t.ok('risk/create', INJECTION({ title: 'Other', actions: [] }));
    expect((await t.ok('risk/list', { filter: { overdueReview: true } })).rows.map((x) => x.id)).toEqual([r.id]);
    const reviewed = await t.ok('risk/review', { id: r.id });
    expect(reviewed).toMatchObject({ lastReviewedOn: '2026-03-02', nextReviewOn: '2026-04-02' });
    expect((await t.ok('risk/list', { filter: { overdueReview: true } })).total).toBe(0);
    const future = await issuesOf(t.invoke('risk/review', { id: r.id, on: '2026-03-03' }));
    expect(future[0]?.path).toBe('on');

    t.clock.set('2026-05-01T09:00:00.000Z');
    const overdue = await t.ok('risk/list', { filter: { overdueAction: true } });
    expect(overdue.rows.map((x) => x.id)).toEqual([r.id]);
    expect(overdue.rows[0]?.flags.actionOverdue).toBe(true);
    const action = (await t.ok('risk/get', { id: r.id })).actions[0]!;
    expect(action.overdue).toBe(true);
    const done = await t.ok('risk/updateAction', { id: action.id, patch: { status: 'DONE' } });
    expect(done.actions[0]).toMatchObject({ status: 'DONE', completedOn: '2026-05-01', overdue: false });
    expect(done.openActionDueOn).toBeNull();
    expect((await t.ok('risk/list', { filter: { overdueAction: true } })).total).toBe(0);
    await t.ok('history/undo');
    expect((await t.ok('risk/get', { id: r.id })).openActionDueOn).toBe('2026-04-30');

    const noOwner = await issuesOf(
      t.invoke('risk/addAction', { riskId: other.id, description: 'Patch', dueOn: '2026-06-01' } as never),
    );
    expect(noOwner).toEqual([{ path: 'ownerId', message: 'An action needs an owner' }]);
    const added = await t.ok('risk/addAction', {
      riskId: other.id,
      description: 'Patch',
      ownerId: owner,
      dueOn: '2026-06-01',
    });
    expect(added.openActionDueOn).toBe('2026-06-01');
    const removed = await t.ok('risk/deleteAction', { id: added.actions[0]!.id });
    expect(removed.actions).toEqual([]);
  });
});

describe('the register, heatmaps and library', () => {
  async function seed() {
    const mk = (title: string, over: Partial<RiskCreateInput>) =>
      t.ok('risk/create', INJECTION({ title, actions: [], ...over }));
    const a = await mk('A', {
      inherent: { likelihood: 5, impact: 5 },
      residual: { likelihood: 5, impact: 4 },
      target: null,
    });
    const b = await mk('B', { category: 'PRIVACY', ownerId: null });
    const c = await mk('C', {
      initiativeId: null,
      inherent: { likelihood: 2, impact: 2 },
      residual: { likelihood: 1, impact: 2 },
      target: null,
    });
    const d = await mk('D', { status: 'CLOSED' });
    return { a, b, c, d };
  }

  it('pages, counts, sorts and filters by category, band, owner, initiative and status', async () => {
    const { a, b, c, d } = await seed();
    const all = await t.ok('risk/list');
    expect(all.total).toBe(3); // closed left out by default
    expect(all.rows.map((r) => r.title)).toEqual(['A', 'B', 'C']);
    expect(all.rows[0]).toMatchObject({ initiativeName: 'Claims assistant', ownerName: 'Rita Owner' });
    const window = await t.ok('risk/list', { offset: 1, limit: 1 });
    expect(window).toMatchObject({ total: 3, offset: 1 });
    expect(window.rows.map((r) => r.id)).toEqual([b.id]);
    const asc = await t.ok('risk/list', {
      sort: { key: 'residualScore', dir: 'asc' },
      filter: { includeClosed: true },
    });
    expect(asc.rows.map((r) => r.id)).toEqual([c.id, b.id, d.id, a.id]);
    expect((await t.ok('risk/list', { filter: { categories: ['PRIVACY'] } })).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await t.ok('risk/list', { filter: { bands: ['CRITICAL'] } })).rows.map((r) => r.id)).toEqual([a.id]);
    expect((await t.ok('risk/list', { filter: { bands: ['LOW', 'MEDIUM'] } })).total).toBe(2);
    expect((await t.ok('risk/list', { filter: { ownerIds: [null] } })).rows.map((r) => r.id)).toEqual([b.id]);
    expect((await t.ok('risk/list', { filter: { initiativeId: null } })).rows.map((r) => r.id)).toEqual([c.id]);
    expect((await t.ok('risk/list', { filter: { statuses: ['CLOSED'] } })).rows.map((r) => r.id)).toEqual([d.id]);
    expect((await t.ok('risk/list', { filter: { search: 'b' } })).rows.map((r) => r.id)).toEqual([b.id]);
    const tooBig = await t.invoke('risk/list', { limit: 501 });
    expect(tooBig.ok).toBe(false);
  });

  it('heatmaps count open risks per cell; a cell drills down to exactly its risks; top is by residual', async () => {
    const { a, b, c } = await seed();
    const res = await t.ok('risk/heatmap', { which: 'residual' });
    expect(res.total).toBe(3);
    expect(res.counts[4]![3]).toBe(1); // L5 × I4: A
    expect(res.counts[2]![2]).toBe(1); // L3 × I3: B
    const inh = await t.ok('risk/heatmap', { which: 'inherent', initiativeId });
    expect(inh.total).toBe(2);
    expect(inh.counts[4]![4]).toBe(1);
    const cell = await t.ok('risk/cell', { which: 'residual', likelihood: 3, impact: 3 });
    expect(cell.rows.map((r) => r.id)).toEqual([b.id]);
    const sum = res.counts.flat().reduce((x, y) => x + y, 0);
    expect(sum).toBe(res.total);
    expect((await t.ok('risk/top', { limit: 2 })).map((r) => r.id)).toEqual([a.id, b.id]);
    expect(c.id).toBeGreaterThan(0);
  });

  it('adds from the library, pre-filled and editable, with its suggested actions when given an owner', async () => {
    const lib = await t.ok('risk/library');
    expect(lib.length).toBeGreaterThanOrEqual(20);
    const r = await t.ok('risk/addFromLibrary', {
      libraryId: 'pii-leakage',
      initiativeId,
      ownerId: owner,
      actions: { ownerId: owner, dueOn: '2026-05-01' },
    });
    expect(r).toMatchObject({
      title: 'PII leakage through prompts or logs',
      category: 'PRIVACY',
      libraryId: 'pii-leakage',
    });
    expect(r.residual).toEqual(r.inherent); // nothing verified in place yet
    expect(r.actions).toHaveLength(3);
    expect(r.taxonomyRefs).toContain('owasp_llm_2025:LLM02');
    const missing = await issuesOf(t.invoke('risk/addFromLibrary', { libraryId: 'nope', initiativeId }));
    expect(missing[0]?.path).toBe('libraryId');
    const noOwner = await issuesOf(
      t.invoke('risk/addFromLibrary', {
        libraryId: 'data-drift',
        initiativeId,
        actions: { dueOn: '2026-05-01' } as never,
      }),
    );
    expect(noOwner).toEqual([{ path: 'actions.ownerId', message: 'An action needs an owner' }]);
    const timeline = await t.ok('audit/timeline', { initiativeId });
    expect(timeline.map((e) => e.label)).toContain('Added risk “PII leakage through prompts or logs”');
  });

  it('cascades with its initiative and comes back with the undo of that delete', async () => {
    await seed();
    const before = dumpRecords(t.db());
    await t.ok('initiative/delete', { id: initiativeId });
    expect(riskCount()).toBe(1); // the portfolio-level risk stays
    await t.ok('history/undo');
    expect(dumpRecords(t.db())).toEqual(before);
  });

  it('uses the indexes built for the register and the heatmap', () => {
    const plan = (sql: string) =>
      (t.db().prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(
      plan(`SELECT residual_l, residual_i, count(*) FROM risks WHERE is_open = 1 GROUP BY residual_l, residual_i`),
    ).toMatch(/^SEARCH risks USING (COVERING )?INDEX risks_heat \(is_open=\?\)$/); // ordered: no temp b-tree
    // The default order is the index's: no sort step.
    expect(
      plan(`SELECT id FROM risks r WHERE r.is_open = 1 ORDER BY r.residual_score DESC, r.id DESC LIMIT 50`),
    ).toMatch(/^SEARCH r USING (COVERING )?INDEX risks_residual \(is_open=\?\)$/);
    expect(plan(`SELECT id FROM risks r WHERE r.owner_id = 1 AND r.is_open = 1`)).toContain('risks_owner');
    expect(
      plan(
        `SELECT id FROM risks r WHERE r.is_open = 1 AND r.category = 'DATA' ORDER BY r.residual_score DESC LIMIT 50`,
      ),
    ).toContain('risks_category');
    expect(plan(`SELECT id FROM risks r WHERE r.is_open = 1 AND r.open_action_due_on < '2026-01-01'`)).toContain(
      'risks_action_due',
    );
  });
});

describe('feeds the purgatory radar and the G6 register check', () => {
  it('overdue actions warn, a late Critical risk is critical, an empty register stays silent', async () => {
    const stale = async () =>
      (await t.ok('signals/list', { initiativeId })).signals.find((s) => s.ruleId === 'STALE_RISK_REGISTER');
    expect(await stale()).toBeUndefined();
    await t.ok('risk/create', INJECTION({ actions: [{ description: 'Fix', ownerId: owner, dueOn: '2026-03-10' }] }));
    expect(await stale()).toBeUndefined();
    t.clock.set('2026-03-20T09:00:00.000Z');
    expect(await stale()).toMatchObject({ severity: 'warning', message: '1 overdue treatment action(s)' });
    const critical = await t.ok(
      'risk/create',
      INJECTION({
        title: 'Critical',
        inherent: { likelihood: 5, impact: 5 },
        residual: { likelihood: 5, impact: 4 },
        target: null,
        actions: [],
      }),
    );
    expect(critical.nextReviewOn).toBe('2026-04-20'); // monthly for Critical
    t.clock.set('2026-04-21T09:00:00.000Z');
    expect(await stale()).toMatchObject({ severity: 'critical', message: '1 Critical risk(s) past their review date' });
    await t.ok('risk/review', { id: critical.id });
    expect((await stale())?.severity).toBe('warning');
  });

  it('G6.M4 is checked against the register', async () => {
    const { loadSnapshot } = await import('./snapshots');
    const { runAutoCheck } = await import('../../../shared/domain/governance/autochecks');
    const { epochDay } = await import('../../../shared/domain/governance/days');
    const check = () => {
      const asOf = epochDay(t.clock.now().toISOString());
      return runAutoCheck('risks.register_current', loadSnapshot(t.db(), initiativeId, asOf)!, asOf);
    };
    expect(check()).toEqual({ status: 'failed', reason: 'No risk is on the register' });
    const r = await t.ok('risk/create', INJECTION({ actions: [] }));
    expect(check()).toEqual({ status: 'failed', reason: '1 risk(s) above appetite without an acceptance in force' });
    await t.ok('risk/update', {
      id: r.id,
      patch: { acceptance: { approverId: approver, reason: 'Manual checks', expiresOn: '2026-12-31' } },
    });
    expect(check().status).toBe('passed');
    t.clock.set('2026-07-01T09:00:00.000Z');
    expect(check()).toEqual({ status: 'failed', reason: 'Last risk review 121 days ago' });
  });
});

describe('people named on the register', () => {
  it('cannot be deleted while they own a risk, accept one or own an action; nothing is removed', async () => {
    await t.ok('risk/create', INJECTION({ ownerId: approver, actions: [] }));
    const r = await t.invoke('person/delete', { id: approver });
    // people.ts checks first (countRisksNaming) and says why; the foreign key stays as the backstop.
    expect(r.ok ? null : r.error.code).toBe('IN_USE');
    expect((await t.ok('person/list')).map((p) => p.id)).toContain(approver);
    expect(riskCount()).toBe(1);
  });
});

describe('the table keeps other writers honest', () => {
  it('refuses scores outside 1–5, residual above inherent, and half an acceptance', async () => {
    const base = {
      title: 'X',
      category: 'DATA',
      inherent_l: 3,
      inherent_i: 3,
      residual_l: 2,
      residual_i: 2,
      appetite: 9,
      status: 'ASSESSED',
      identified_on: '2026-01-01',
      next_review_on: '2026-07-01',
      created_at: 'x',
      updated_at: 'x',
    };
    const insert = (over: Record<string, unknown>) => {
      const row = { ...base, ...over };
      const cols = Object.keys(row);
      return () =>
        t
          .db()
          .prepare(`INSERT INTO risks (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
          .run(row);
    };
    expect(insert({})).not.toThrow();
    for (const bad of [
      { inherent_l: 6 },
      { residual_i: 0 },
      { residual_l: 4, residual_i: 3 },
      { target_l: 3, target_i: 3 },
      { target_l: 1 },
      { accepted_by: owner, accepted_on: '2026-01-02' },
      { accepted_by: owner, accepted_on: '2026-01-02', acceptance_expires_on: '2026-01-02' },
      { next_review_on: 'soon' },
      { category: 'NOPE' },
      { appetite: 26 },
    ]) {
      expect(insert(bad), JSON.stringify(bad)).toThrow(/CHECK constraint failed/);
    }
    const row = t.db().prepare('SELECT inherent_score, residual_score, is_open, above_appetite FROM risks').get();
    expect(row).toEqual({ inherent_score: 9, residual_score: 4, is_open: 1, above_appetite: 0 });
  });

  it('sorts by next action due with risks that have none last, either way', async () => {
    const mk = (title: string, due: string | null) =>
      t.ok(
        'risk/create',
        INJECTION({ title, actions: due ? [{ description: 'Do', ownerId: owner, dueOn: due }] : [] }),
      );
    const none = await mk('none', null);
    const late = await mk('late', '2026-06-01');
    const soon = await mk('soon', '2026-04-01');
    const ids = async (dir: 'asc' | 'desc') =>
      (await t.ok('risk/list', { sort: { key: 'openActionDueOn', dir } })).rows.map((r) => r.id);
    expect(await ids('asc')).toEqual([soon.id, late.id, none.id]);
    expect(await ids('desc')).toEqual([late.id, soon.id, none.id]);
  });
});
