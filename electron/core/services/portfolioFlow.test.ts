import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PhaseFlow } from '../../../shared/domain/flow';
import { PHASES, type PhaseId } from '../../../shared/domain/phases';
import { createTestCore, type TestCore } from '../testing/test-core';
import { dumpTables } from '../testing/portfolio-files';
import { FLOW_SQL } from '../repositories/flow.repo';
import { flowSince } from './portfolioFlow';

let t: TestCore;
afterEach(() => t.dispose());

// "Now" for these tests; the 90-day window then starts on 2026-03-03 (00:00 UTC) and ends now.
const NOW = '2026-06-01T12:00:00.000Z';

async function openEmpty(): Promise<void> {
  t = createTestCore();
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
}

async function createAt(at: string, name: string, phase: PhaseId = 'STRATEGY'): Promise<number> {
  t.clock.set(at);
  return (await t.ok('initiative/create', { name, phase })).id;
}

async function moveAt(at: string, id: number, toPhase: PhaseId): Promise<void> {
  t.clock.set(at);
  await t.ok('initiative/changePhase', { id, toPhase, reason: 'Test move' });
}

async function flow(days?: number): Promise<Record<PhaseId, Omit<PhaseFlow, 'phase'>>> {
  t.clock.set(NOW);
  const rows = await t.ok('portfolio/flow', days === undefined ? undefined : { days });
  expect(rows.map((r) => r.phase)).toEqual(PHASES.map((p) => p.id));
  return Object.fromEntries(rows.map(({ phase, ...rest }) => [phase, rest])) as Record<
    PhaseId,
    Omit<PhaseFlow, 'phase'>
  >;
}

const zero = { current: 0, enteredInWindow: 0, leftInWindow: 0 };

describe('portfolio/flow', () => {
  beforeEach(openEmpty);

  it('gives all seven phases, in order, with zeros for an empty portfolio', async () => {
    const f = await flow();
    for (const p of PHASES) expect(f[p.id]).toEqual(zero);
  });

  it('starts the window on the whole day exactly `days` days ago and ends it now', async () => {
    expect(flowSince(new Date(NOW), 90)).toBe('2026-03-03');
    // Just before the window: creation and move do not count, but the initiative is current.
    const before = await createAt('2026-03-02T23:59:59.999Z', 'Before the window');
    // The first instant of the window's first day, and exactly 90 × 24 h before now: both count.
    const first = await createAt('2026-03-03T00:00:00.000Z', 'First instant');
    const exact = await createAt('2026-03-03T12:00:00.000Z', 'Exactly 90 days ago');
    await moveAt('2026-03-02T23:59:59.999Z', before, 'DATA_FOUNDATION');
    await moveAt('2026-03-03T00:00:00.000Z', first, 'DATA_FOUNDATION');

    const f = await flow();
    expect(f.STRATEGY).toEqual({ current: 1, enteredInWindow: 2, leftInWindow: 1 });
    expect(f.DATA_FOUNDATION).toEqual({ current: 2, enteredInWindow: 1, leftInWindow: 0 });
    expect(exact).toBeGreaterThan(0);

    // One day less: the window starts 2026-03-04 and nothing above is in it any more.
    const g = await flow(89);
    expect(g.STRATEGY).toEqual({ current: 1, enteredInWindow: 0, leftInWindow: 0 });
    expect(g.DATA_FOUNDATION).toEqual({ current: 2, enteredInWindow: 0, leftInWindow: 0 });
  });

  it('ignores changes stamped after now', async () => {
    await createAt('2026-06-01T12:00:00.001Z', 'From the future');
    const f = await flow();
    expect(f.STRATEGY).toEqual({ current: 1, enteredInWindow: 0, leftInWindow: 0 });
  });

  it('leaves archived initiatives out of every figure', async () => {
    const kept = await createAt('2026-05-01T09:00:00.000Z', 'Kept');
    const gone = await createAt('2026-05-01T09:00:00.000Z', 'Archived');
    await moveAt('2026-05-02T09:00:00.000Z', kept, 'DATA_FOUNDATION');
    await moveAt('2026-05-02T09:00:00.000Z', gone, 'DATA_FOUNDATION');
    await moveAt('2026-05-03T09:00:00.000Z', gone, 'ARCHITECTURE');
    await t.ok('initiative/archive', { id: gone, archived: true });

    const f = await flow();
    expect(f.STRATEGY).toEqual({ current: 0, enteredInWindow: 1, leftInWindow: 1 });
    expect(f.DATA_FOUNDATION).toEqual({ current: 1, enteredInWindow: 1, leftInWindow: 0 });
    expect(f.ARCHITECTURE).toEqual(zero);

    await t.ok('initiative/archive', { id: gone, archived: false });
    const g = await flow();
    expect(g.DATA_FOUNDATION).toEqual({ current: 1, enteredInWindow: 2, leftInWindow: 1 });
    expect(g.ARCHITECTURE).toEqual({ current: 1, enteredInWindow: 1, leftInWindow: 0 });
  });

  it('counts a recycle loop once per entry and once per exit', async () => {
    const id = await createAt('2026-01-01T09:00:00.000Z', 'Looping');
    await moveAt('2026-04-01T09:00:00.000Z', id, 'DATA_FOUNDATION');
    await moveAt('2026-04-10T09:00:00.000Z', id, 'STRATEGY');
    await moveAt('2026-04-20T09:00:00.000Z', id, 'DATA_FOUNDATION');
    await moveAt('2026-05-20T09:00:00.000Z', id, 'ARCHITECTURE');
    await moveAt('2026-05-21T09:00:00.000Z', id, 'DATA_FOUNDATION');

    const f = await flow();
    expect(f.STRATEGY).toEqual({ current: 0, enteredInWindow: 1, leftInWindow: 2 });
    expect(f.DATA_FOUNDATION).toEqual({ current: 1, enteredInWindow: 3, leftInWindow: 2 });
    expect(f.ARCHITECTURE).toEqual({ current: 0, enteredInWindow: 1, leftInWindow: 1 });
    // A second initiative in the same phases is counted on its own, not merged with the first.
    const other = await createAt('2026-05-01T09:00:00.000Z', 'Other');
    await moveAt('2026-05-02T09:00:00.000Z', other, 'DATA_FOUNDATION');
    const g = await flow();
    expect(g.DATA_FOUNDATION).toEqual({ current: 2, enteredInWindow: 4, leftInWindow: 2 });
  });

  it('refuses a window outside 1..3650 whole days with a field issue, and writes nothing', async () => {
    const before = dumpTables(t.db());
    for (const days of [0, 3651, 1.5, -3]) {
      const r = await t.invoke('portfolio/flow', { days });
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      if (!r.ok) expect((r.error.issues ?? []).map((i) => i.path)).toEqual(['days']);
    }
    const r = await t.invoke('portfolio/flow', { days: 90, extra: 1 } as never);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(dumpTables(t.db())).toEqual(before);
    expect((await t.ok('portfolio/flow', { days: 3650 })).length).toBe(7);
    expect((await t.ok('portfolio/flow', { days: 1 })).length).toBe(7);
  });
});

describe('portfolio/flow on the demo portfolio', () => {
  beforeEach(async () => {
    t = createTestCore();
    t.clock.set(NOW);
    await t.ok('workspace/openDefault');
    await t.ok('workspace/setup', { mode: 'demo' });
  });

  it('agrees with the table per phase and with the transitions counted one by one', async () => {
    const rows = await t.ok('portfolio/flow');
    const table = await t.ok('initiative/list');
    for (const r of rows) expect(r.current).toBe(table.filter((i) => i.phase === r.phase).length);

    const since = flowSince(new Date(NOW), 90);
    const moves = t
      .db()
      .prepare(
        `SELECT t.from_phase, t.to_phase, t.at FROM phase_transitions t
         JOIN initiatives i ON i.id = t.initiative_id WHERE i.archived_at IS NULL`,
      )
      .all() as { from_phase: PhaseId | null; to_phase: PhaseId; at: string }[];
    const inWindow = moves.filter((m) => m.at.slice(0, 10) >= since && m.at <= NOW);
    expect(inWindow.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.enteredInWindow).toBe(inWindow.filter((m) => m.to_phase === r.phase).length);
      expect(r.leftInWindow).toBe(inWindow.filter((m) => m.from_phase === r.phase).length);
    }
  });
});

describe('portfolio/flow query plan', () => {
  beforeEach(openEmpty);

  it('reads the transitions once and looks each initiative up by its key', () => {
    const plan = (
      t.db().prepare(`EXPLAIN QUERY PLAN ${FLOW_SQL}`).all({ since: '2026-03-03', until: NOW }) as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.filter((d) => /\bt\b/.test(d) && /^(SCAN|SEARCH)/.test(d))).toEqual(['SCAN t']);
    expect(plan).toContain('SEARCH i USING INTEGER PRIMARY KEY (rowid=?)');
  });
});
