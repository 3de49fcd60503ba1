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
const signalOf = (r: SignalsReport, id: number, ruleId: string) =>
  r.signals.find((s) => s.initiativeId === id && s.ruleId === ruleId);

/** An owned initiative with a business KPI that has a current baseline and a future target: no KPI signals. */
async function wellRun(c: TestCore, name: string, baselineDate = '2025-12-01') {
  const p = await c.ok('person/create', { name: `Owner of ${name}` });
  const i = await c.ok('initiative/create', { name, sponsorId: p.id, productOwnerId: p.id, techLeadId: p.id });
  const kpi = await c.ok('kpi/create', {
    initiativeId: i.id,
    name: 'Cost per claim',
    baselineValue: 10,
    baselineDate,
    baselineSource: 'Finance',
    targetValue: 7,
    targetDate: '2027-12-31',
  });
  return { ...i, person: p, kpi };
}

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
    // The demo has no KPIs, and the KPI feature exists: that is a finding now.
    expect(rules).toContain('NO_KPI_BASELINE');
    // Monitoring exists now: production initiatives without telemetry (most of the demo's) are a finding.
    expect(rules).toContain('NO_MONITORING_CONNECTION');
    // Rules whose feature does not exist yet stay silent rather than report missing data.
    for (const silent of ['BUDGET_BURN', 'ADOPTION_STALL'] as const) {
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
    // Evaluated for today: every signal is recorded as first and last seen today.
    expect(
      r.signals.every((s) => s.state === 'open' && s.firstSeen === '2026-03-02' && s.lastSeen === '2026-03-02'),
    ).toBe(true);
  });
});

describe('signals/list on hand-made timelines', () => {
  it('as of a past day ignores later transitions', async () => {
    const c = await emptyCore('2025-01-01T09:00:00.000Z');
    const i = await wellRun(c, 'Claims triage', '2024-12-01');
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
    // A past as-of records nothing: the radar has never seen this signal on a today-evaluation.
    expect(past.signals[0]).toMatchObject({
      ruleId: 'TIME_IN_PHASE',
      severity: 'warning',
      value: 58,
      threshold: 45,
      state: 'open',
      firstSeen: null,
    });

    // Before the initiative existed there is nothing to say about it.
    expect((await c.ok('signals/list', { asOf: '2024-12-31' })).signals).toEqual([]);
  });

  it('a killed initiative has no signals; ranking follows the purgatory score', async () => {
    const c = await emptyCore();
    const a = await wellRun(c, 'A');
    const b = await wellRun(c, 'B');
    const killed = await c.ok('initiative/create', { name: 'Killed' });
    await c.ok('initiative/update', { id: killed.id, patch: { status: 'killed' } });
    await c.ok('initiative/update', { id: a.id, patch: { sponsorId: null } });
    c.clock.advanceDays(100); // > 90 days in Strategy: critical time in phase for all of them.

    const r = await c.ok('signals/list');
    expect(rulesOf(r, killed.id)).toEqual([]);
    expect(rulesOf(r, a.id).sort()).toEqual(['MISSING_OWNER', 'TIME_IN_PHASE']);
    expect(r.watchlist.map((w) => [w.initiativeId, w.score])).toEqual([
      [a.id, 16],
      [b.id, 8],
    ]);
  });

  it('counts scope changes from the audit trail within the 90-day window, KPI target changes included', async () => {
    const c = await emptyCore();
    const i = await wellRun(c, 'Churny');
    for (const description of ['v1', 'v2']) {
      c.clock.advanceDays(10);
      await c.ok('initiative/update', { id: i.id, patch: { description } });
    }
    // A change that does not touch the scope (tags), or a KPI change that is not its target, is not churn.
    await c.ok('initiative/update', { id: i.id, patch: { tags: ['x'] } });
    await c.ok('kpi/update', { id: i.kpi.id, patch: { name: 'Cost per settled claim' } });
    expect(rulesOf(await c.ok('signals/list'), i.id)).toEqual([]);

    c.clock.advanceDays(10);
    await c.ok('kpi/update', { id: i.kpi.id, patch: { targetValue: 6 } });
    const r = await c.ok('signals/list');
    expect(r.signals).toEqual([expect.objectContaining({ ruleId: 'SCOPE_CHURN', value: 3, threshold: 2 })]);
    // 90 days after the first change it has left the window.
    const later = await c.ok('signals/list', { asOf: '2026-06-10' });
    expect(rulesOf(later, i.id)).not.toContain('SCOPE_CHURN');
  });

  it('for one initiative: only its signals, the same as in the portfolio report, no portfolio-level ones', async () => {
    const c = await emptyCore();
    const a = await c.ok('initiative/create', { name: 'A' });
    await c.ok('initiative/create', { name: 'B' });
    c.clock.advanceDays(50);
    const one = await c.ok('signals/list', { initiativeId: a.id });
    expect(one.signals.length).toBeGreaterThan(0);
    expect(one.portfolio).toEqual([]);
    const all = await c.ok('signals/list');
    expect(one.signals).toEqual(all.signals.filter((s) => s.initiativeId === a.id));
    expect((await c.ok('signals/list', { initiativeId: 999 })).signals).toEqual([]);
  });

  it('refuses a malformed as-of with a field error', async () => {
    const c = await emptyCore();
    const r = await c.invoke('signals/list', { asOf: '2026-02-30' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('VALIDATION');
  });
});

describe('KPI rules on real KPIs', () => {
  it('NO_KPI_BASELINE fires without a usable business KPI and clears with one', async () => {
    const c = await emptyCore();
    const p = await c.ok('person/create', { name: 'Ada' });
    const i = await c.ok('initiative/create', { name: 'X', sponsorId: p.id, productOwnerId: p.id, techLeadId: p.id });
    let r = await c.ok('signals/list');
    expect(signalOf(r, i.id, 'NO_KPI_BASELINE')).toMatchObject({
      severity: 'warning',
      message: 'No usable KPI baseline: no business KPI has both a baseline and a target',
    });

    const k = await c.ok('kpi/create', {
      initiativeId: i.id,
      name: 'Savings',
      baselineValue: 1,
      baselineDate: '2024-01-01',
    });
    await c.ok('kpi/update', {
      id: k.id,
      patch: { baselineSource: 'Ledger', targetValue: 2, targetDate: '2027-01-01' },
    });
    r = await c.ok('signals/list');
    expect(signalOf(r, i.id, 'NO_KPI_BASELINE')?.message).toMatch(/older than 365 days/);

    await c.ok('kpi/update', { id: k.id, patch: { baselineDate: '2026-01-15' } });
    expect(rulesOf(await c.ok('signals/list'), i.id)).toEqual([]);
  });

  it('KPI_NOT_MEASURED fires once a pilot KPI goes more than two cadences unmeasured', async () => {
    const c = await emptyCore('2026-01-01T09:00:00.000Z');
    const i = await wellRun(c, 'Pilot', '2025-12-31');
    for (const toPhase of ['DATA_FOUNDATION', 'ARCHITECTURE', 'DEVELOP_VALIDATE'] as const) {
      await c.ok('initiative/changePhase', { id: i.id, toPhase, reason: 'ok' });
    }
    c.clock.set('2026-03-02T09:00:00.000Z'); // 61 days after the baseline: within 2 × 31.
    expect(rulesOf(await c.ok('signals/list'), i.id)).toEqual([]);
    c.clock.set('2026-03-05T09:00:00.000Z'); // 64 days.
    expect(signalOf(await c.ok('signals/list'), i.id, 'KPI_NOT_MEASURED')).toMatchObject({ value: 64, threshold: 62 });
    await c.ok('kpi/addMeasurement', { kpiId: i.kpi.id, periodEnd: '2026-02-28', value: 9 });
    expect(rulesOf(await c.ok('signals/list'), i.id)).toEqual([]);
  });
});

describe('signal lifecycle', () => {
  /** An initiative 50 days in Strategy: a TIME_IN_PHASE warning (45) that keeps firing. */
  async function firing() {
    const c = await emptyCore('2026-01-01T09:00:00.000Z');
    const i = await wellRun(c, 'Slow');
    c.clock.set('2026-02-20T09:00:00.000Z');
    const r = await c.ok('signals/list');
    expect(rulesOf(r, i.id)).toEqual(['TIME_IN_PHASE']);
    return { c, i };
  }
  const ref = (id: number) => ({ initiativeId: id, ruleId: 'TIME_IN_PHASE' as const });

  it('records first and last seen on evaluations for today, without an event or an undo entry', async () => {
    const { c, i } = await firing();
    expect(signalOf(await c.ok('signals/list'), i.id, 'TIME_IN_PHASE')).toMatchObject({
      state: 'open',
      firstSeen: '2026-02-20',
      lastSeen: '2026-02-20',
    });
    c.clock.advanceDays(3);
    const events = c.events.events.length;
    expect(signalOf(await c.ok('signals/list'), i.id, 'TIME_IN_PHASE')).toMatchObject({
      firstSeen: '2026-02-20',
      lastSeen: '2026-02-23',
    });
    expect(c.events.events.length).toBe(events);
    expect((await c.ok('history/state')).undoLabel).not.toMatch(/Slow.*signal|TIME/);
    // A past as-of records nothing.
    await c.ok('signals/list', { asOf: '2026-02-25' });
    expect(c.db().prepare('SELECT last_seen FROM signal_states').pluck().get()).toBe('2026-02-23');
  });

  it('acknowledged stays listed and scored, marked; undo puts it back to open; the audit has it', async () => {
    const { c, i } = await firing();
    const v = await c.ok('signals/acknowledge', { ...ref(i.id), note: '  Waiting for the data team  ' });
    expect(v).toMatchObject({ state: 'acknowledged', note: 'Waiting for the data team', updatedBy: 'Test Lead' });
    expect(c.events.events.some((e) => e.event === 'db/changed' && e.payload.tables.includes('signal_states'))).toBe(
      true,
    );
    const r = await c.ok('signals/list');
    expect(signalOf(r, i.id, 'TIME_IN_PHASE')?.state).toBe('acknowledged');
    expect(r.watchlist).toEqual([expect.objectContaining({ initiativeId: i.id, score: 3, count: 1 })]);

    const audit = c.db().prepare(`SELECT action, entity_id FROM audit_log WHERE entity_kind = 'signal'`).all();
    expect(audit).toEqual([{ action: 'signal.update', entity_id: i.id }]);

    expect((await c.ok('history/state')).undoLabel).toBe('Acknowledge “Time in phase” on “Slow”');
    await c.ok('history/undo');
    expect(signalOf(await c.ok('signals/list'), i.id, 'TIME_IN_PHASE')).toMatchObject({ state: 'open', note: '' });
    await c.ok('history/redo');
    expect(signalOf(await c.ok('signals/list'), i.id, 'TIME_IN_PHASE')?.state).toBe('acknowledged');
  });

  it('snooze hides a signal until its day, then it is open again; a day not after today is a field error', async () => {
    const { c, i } = await firing();
    for (const until of ['2026-02-20', '2026-02-01']) {
      const bad = await c.invoke('signals/snooze', { ...ref(i.id), until });
      expect(bad.ok).toBe(false);
      if (!bad.ok) {
        expect(bad.error.code).toBe('VALIDATION');
        expect(bad.error.issues).toEqual([{ path: 'until', message: 'Snooze until a day after today' }]);
      }
    }
    expect(c.db().prepare('SELECT state FROM signal_states').pluck().get()).toBe('open');

    await c.ok('signals/snooze', { ...ref(i.id), until: '2026-02-25' });
    let r = await c.ok('signals/list');
    expect(signalOf(r, i.id, 'TIME_IN_PHASE')).toMatchObject({ state: 'snoozed', snoozedUntil: '2026-02-25' });
    expect(r.watchlist).toEqual([]);

    c.clock.set('2026-02-24T23:00:00.000Z');
    expect((await c.ok('signals/list')).watchlist).toEqual([]);
    c.clock.set('2026-02-25T08:00:00.000Z');
    r = await c.ok('signals/list');
    expect(signalOf(r, i.id, 'TIME_IN_PHASE')).toMatchObject({
      state: 'open',
      snoozedUntil: null,
      firstSeen: '2026-02-20',
    });
    expect(r.watchlist.map((w) => w.initiativeId)).toEqual([i.id]);
    // The radar's own write: nobody decided it.
    expect(c.db().prepare('SELECT state, snoozed_until, updated_by FROM signal_states').get()).toEqual({
      state: 'open',
      snoozed_until: null,
      updated_by: null,
    });
  });

  it('resolved stays hidden that day; if it still fires on a later day it reopens as a new episode', async () => {
    const { c, i } = await firing();
    await c.ok('signals/resolve', { ...ref(i.id), note: 'Phase plan agreed' });
    let r = await c.ok('signals/list');
    expect(signalOf(r, i.id, 'TIME_IN_PHASE')?.state).toBe('resolved');
    expect(r.watchlist).toEqual([]);

    const again = await c.invoke('signals/resolve', ref(i.id));
    expect(!again.ok && again.error.code).toBe('CONFLICT');
    const ack = await c.invoke('signals/acknowledge', ref(i.id));
    expect(!ack.ok && ack.error.code).toBe('CONFLICT');

    c.clock.advanceDays(1);
    r = await c.ok('signals/list');
    expect(signalOf(r, i.id, 'TIME_IN_PHASE')).toMatchObject({
      state: 'open',
      firstSeen: '2026-02-21',
      lastSeen: '2026-02-21',
      note: 'Phase plan agreed',
    });
    expect(r.watchlist.map((w) => w.initiativeId)).toEqual([i.id]);
  });

  it('a resolved signal that stopped firing stays resolved; reopen brings a decision back to open', async () => {
    const { c, i } = await firing();
    await c.ok('signals/resolve', ref(i.id));
    await c.ok('initiative/changePhase', { id: i.id, toPhase: 'DATA_FOUNDATION', reason: 'G1' });
    c.clock.advanceDays(5);
    expect(rulesOf(await c.ok('signals/list'), i.id)).toEqual([]);
    expect(c.db().prepare('SELECT state FROM signal_states').pluck().get()).toBe('resolved');

    const v = await c.ok('signals/reopen', ref(i.id));
    expect(v.state).toBe('open');
    const twice = await c.invoke('signals/reopen', ref(i.id));
    expect(!twice.ok && twice.error.code).toBe('CONFLICT');
  });

  it('refuses unknown rules, unknown initiatives and signals the radar has not raised', async () => {
    const { c, i } = await firing();
    const unknownRule = await c.invoke('signals/acknowledge', {
      initiativeId: i.id,
      ruleId: 'NOPE' as 'TIME_IN_PHASE',
    });
    expect(!unknownRule.ok && unknownRule.error.code).toBe('VALIDATION');
    const portfolioRule = await c.invoke('signals/acknowledge', {
      initiativeId: i.id,
      ruleId: 'PORTFOLIO_CONVERSION' as 'TIME_IN_PHASE',
    });
    expect(!portfolioRule.ok && portfolioRule.error.code).toBe('VALIDATION');
    const missing = await c.invoke('signals/acknowledge', { initiativeId: 999, ruleId: 'TIME_IN_PHASE' });
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
    const notRaised = await c.invoke('signals/acknowledge', { initiativeId: i.id, ruleId: 'SCOPE_CHURN' });
    expect(!notRaised.ok && notRaised.error.code).toBe('NOT_FOUND');
  });

  it('deleting an initiative takes its signal states along', async () => {
    const { c, i } = await firing();
    await c.ok('initiative/delete', { id: i.id });
    expect(c.db().prepare('SELECT count(*) FROM signal_states').pluck().get()).toBe(0);
  });
});

describe('configurable thresholds', () => {
  it('returns the defaults, and an override changes what the radar sees; undo restores the default', async () => {
    const c = await emptyCore('2026-01-01T09:00:00.000Z');
    const i = await wellRun(c, 'Quick');
    c.clock.set('2026-01-21T09:00:00.000Z'); // 20 days in Strategy: fine by the default 45.
    const start = await c.ok('signals/thresholds');
    expect(start.overrides).toEqual({});
    expect(start.effective).toEqual(start.defaults);
    expect(start.effective.timeInPhase.STRATEGY).toEqual({ warnDays: 45, critDays: 90 });
    expect(rulesOf(await c.ok('signals/list'), i.id)).toEqual([]);

    const v = await c.ok('signals/setThresholds', {
      overrides: { timeInPhase: { STRATEGY: { warnDays: 10 } }, severityWeights: { warning: 4 }, kpiMissedCadences: 2 },
    });
    // Only what differs from the default is kept (kpiMissedCadences 2 is the default).
    expect(v.overrides).toEqual({
      timeInPhase: { STRATEGY: { warnDays: 10, critDays: 90 } },
      severityWeights: { warning: 4 },
    });
    expect(v.effective.timeInPhase.STRATEGY).toEqual({ warnDays: 10, critDays: 90 });
    const r = await c.ok('signals/list');
    expect(signalOf(r, i.id, 'TIME_IN_PHASE')).toMatchObject({ severity: 'warning', value: 20, threshold: 10 });
    expect(r.watchlist[0]?.score).toBe(4);
    expect(c.db().prepare(`SELECT action FROM audit_log WHERE entity_kind = 'signalThresholds'`).pluck().all()).toEqual(
      ['signalThresholds.create'],
    );

    await c.ok('history/undo');
    expect((await c.ok('signals/thresholds')).overrides).toEqual({});
    expect(rulesOf(await c.ok('signals/list'), i.id)).toEqual([]);
  });

  it('refuses bad values with field errors and writes nothing', async () => {
    const c = await emptyCore();
    const cases: [unknown, string][] = [
      [{ kpiBaselineMaxAgeDays: -5 }, 'overrides.kpiBaselineMaxAgeDays'],
      [{ kpiBaselineMaxAgeDays: 1.5 }, 'overrides.kpiBaselineMaxAgeDays'],
      [{ adoptionMinShare: 1.5 }, 'overrides.adoptionMinShare'],
      [{ timeInPhase: { STRATEGY: { warnDays: 100 } } }, 'overrides.timeInPhase.STRATEGY.warnDays'],
      [{ timeInPhase: { SCALE_OPTIMIZE: { warnDays: 100 } } }, 'overrides.timeInPhase.SCALE_OPTIMIZE.critDays'],
      [{ burnIndexCrit: 1.1 }, 'overrides.burnIndexCrit'],
      [{ severityWeights: { critical: 2 } }, 'overrides.severityWeights.critical'],
      [{ ruleWeights: { TIME_IN_PHASE: 0 } }, 'overrides.ruleWeights.TIME_IN_PHASE'],
      [{ nonsense: 1 }, 'overrides'],
    ];
    for (const [overrides, path] of cases) {
      const r = await c.invoke('signals/setThresholds', { overrides } as never);
      expect(r.ok, JSON.stringify(overrides)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.issues?.map((x) => x.path)).toContain(path);
      }
    }
    expect(c.db().prepare(`SELECT count(*) FROM settings WHERE key = 'signals.thresholds'`).pluck().get()).toBe(0);
    expect((await c.ok('history/state')).canUndo).toBe(false);
  });

  it('an empty override resets to the defaults; a stored value it cannot read counts as none', async () => {
    const c = await emptyCore();
    await c.ok('signals/setThresholds', { overrides: { scopeChurnMaxChanges: 5 } });
    const reset = await c.ok('signals/setThresholds', { overrides: {} });
    expect(reset.overrides).toEqual({});
    expect((await c.ok('history/state')).undoLabel).toBe('Reset signal thresholds');
    c.db()
      .prepare(`INSERT INTO settings (key, value) VALUES ('signals.thresholds', '{"scopeChurnMaxChanges":-1}')`)
      .run();
    expect((await c.ok('signals/thresholds')).effective.scopeChurnMaxChanges).toBe(2);
  });
});
