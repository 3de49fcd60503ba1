import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../shared/domain/person';
import { createTestCore, type TestCore } from '../testing/test-core';
import { dumpRecords, dumpTables } from '../testing/portfolio-files';

let t: TestCore;
let ada: Person;
let grace: Person;

beforeEach(async () => {
  t = createTestCore({ actor: 'Test Lead' });
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  ada = await t.ok('person/create', { name: 'Ada Lovelace', email: 'ada@example.com', businessUnit: 'Finance' });
  grace = await t.ok('person/create', { name: 'Grace Hopper', title: 'Tech lead' });
  t.events.clear();
});
afterEach(() => t.dispose());

describe('initiatives through the core', () => {
  it('create → list shows it with the owner names, and tells the renderer what changed', async () => {
    const created = await t.ok('initiative/create', {
      name: 'Invoice copilot',
      type: 'copilot',
      businessUnit: 'Finance',
      tags: ['GenAI', 'genai'],
      sponsorId: ada.id,
      techLeadId: grace.id,
    });
    expect(created).toMatchObject({
      name: 'Invoice copilot',
      phase: 'STRATEGY',
      tags: ['genai'],
      createdAt: t.clock.iso(),
      phaseEnteredAt: t.clock.iso(),
      archivedAt: null,
    });
    const list = await t.ok('initiative/list');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: created.id,
      sponsorName: 'Ada Lovelace',
      productOwnerName: null,
      techLeadName: 'Grace Hopper',
    });
    // The initiative's aggregate: its own tables plus everything a delete cascades to (and undo brings back).
    expect(t.events.of('db/changed')).toEqual([
      {
        tables: expect.arrayContaining([
          'initiatives',
          'phase_transitions',
          'kpis',
          'gate_reviews',
          'audit_log',
        ]) as string[],
      },
    ]);
    expect(t.events.of('history/changed').at(-1)).toMatchObject({
      canUndo: true,
      undoLabel: 'Create “Invoice copilot”',
    });
  });

  it('lists by name, case-insensitively', async () => {
    for (const name of ['beta', 'Alpha', 'charlie', 'Bravo']) await t.ok('initiative/create', { name });
    expect((await t.ok('initiative/list')).map((r) => r.name)).toEqual(['Alpha', 'beta', 'Bravo', 'charlie']);
  });

  it('update changes only the patched fields and stamps updatedAt', async () => {
    const created = await t.ok('initiative/create', { name: 'Churn model', type: 'predictive' });
    t.clock.advanceDays(2);
    const updated = await t.ok('initiative/update', {
      id: created.id,
      patch: { status: 'on_hold', productOwnerId: grace.id, plannedStart: '2026-04-01', plannedEnd: '2026-09-30' },
    });
    expect(updated).toEqual({
      ...created,
      status: 'on_hold',
      productOwnerId: grace.id,
      plannedStart: '2026-04-01',
      plannedEnd: '2026-09-30',
      updatedAt: t.clock.iso(),
    });
  });

  it('refuses unknown owner ids field by field, and writes nothing', async () => {
    const created = await t.ok('initiative/create', { name: 'Churn model' });
    const before = dumpTables(t.db());
    const onCreate = await t.invoke('initiative/create', { name: 'X', sponsorId: 999, techLeadId: 998 });
    expect(onCreate).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        issues: [
          { path: 'sponsorId', message: 'Person 999 does not exist' },
          { path: 'techLeadId', message: 'Person 998 does not exist' },
        ],
      },
    });
    const onUpdate = await t.invoke('initiative/update', { id: created.id, patch: { productOwnerId: 4242 } });
    expect(onUpdate).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', issues: [{ path: 'patch.productOwnerId' }] },
    });
    expect(dumpTables(t.db())).toEqual(before);
  });

  it('refuses an update whose dates end up out of order with the stored ones', async () => {
    const created = await t.ok('initiative/create', {
      name: 'A',
      plannedStart: '2026-05-01',
      plannedEnd: '2026-06-01',
    });
    const r = await t.invoke('initiative/update', { id: created.id, patch: { plannedEnd: '2026-04-01' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'patch.plannedEnd' }] } });
    expect((await t.ok('initiative/get', { id: created.id })).initiative.plannedEnd).toBe('2026-06-01');
  });

  it('NOT_FOUND for a missing id', async () => {
    expect(await t.invoke('initiative/get', { id: 77 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.invoke('initiative/update', { id: 77, patch: { name: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await t.invoke('initiative/delete', { id: 77 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('changePhase records the transition, the stints and the days in phase', async () => {
    const start = t.clock.iso();
    const created = await t.ok('initiative/create', { name: 'Claims triage' });
    t.clock.advanceDays(10);
    const moved = await t.ok('initiative/changePhase', {
      id: created.id,
      toPhase: 'DATA_FOUNDATION',
      reason: 'Gate 1 passed',
    });
    const movedAt = t.clock.iso();
    expect(moved).toMatchObject({ phase: 'DATA_FOUNDATION', phaseEnteredAt: movedAt, updatedAt: movedAt });
    t.clock.advanceDays(5.5);

    const detail = await t.ok('initiative/get', { id: created.id });
    expect(detail.daysInPhase).toBe(5);
    expect(detail.history).toEqual([
      { phase: 'STRATEGY', enteredAt: start, leftAt: movedAt, by: 'Test Lead', reason: 'Created' },
      // Forward without a decided gate review: recorded, and marked as an override.
      {
        phase: 'DATA_FOUNDATION',
        enteredAt: movedAt,
        leftAt: null,
        by: 'Test Lead',
        reason: 'Gate 1 passed',
        isOverride: true,
      },
    ]);
    const transitions = t.db().prepare('SELECT from_phase, to_phase FROM phase_transitions ORDER BY id').all();
    expect(transitions).toEqual([
      { from_phase: null, to_phase: 'STRATEGY' },
      { from_phase: 'STRATEGY', to_phase: 'DATA_FOUNDATION' },
    ]);
  });

  it('changePhase to the current phase is a VALIDATION error and records nothing', async () => {
    const created = await t.ok('initiative/create', { name: 'A' });
    const r = await t.invoke('initiative/changePhase', { id: created.id, toPhase: 'STRATEGY', reason: 'again' });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'toPhase' }] } });
    expect((await t.ok('initiative/get', { id: created.id })).history).toHaveLength(1);
  });

  it('archive hides from the default list; includeArchived shows it; restore brings it back', async () => {
    const keep = await t.ok('initiative/create', { name: 'Keep' });
    const old = await t.ok('initiative/create', { name: 'Old' });
    const archived = await t.ok('initiative/archive', { id: old.id, archived: true });
    expect(archived.archivedAt).toBe(t.clock.iso());
    expect((await t.ok('initiative/list')).map((r) => r.id)).toEqual([keep.id]);
    expect((await t.ok('initiative/list', { includeArchived: true })).map((r) => r.id).sort()).toEqual(
      [keep.id, old.id].sort(),
    );
    await t.ok('initiative/archive', { id: old.id, archived: false });
    expect((await t.ok('initiative/list')).map((r) => r.id).sort()).toEqual([keep.id, old.id].sort());
  });

  it('businessUnits lists the distinct units of initiatives and people', async () => {
    await t.ok('initiative/create', { name: 'A', businessUnit: 'Operations' });
    await t.ok('initiative/create', { name: 'B', businessUnit: 'finance' });
    expect(await t.ok('initiative/businessUnits')).toEqual(['Finance', 'finance', 'Operations']);
  });
});

describe('undo and redo', () => {
  it('delete then undo restores the row with its id and its full phase history', async () => {
    const created = await t.ok('initiative/create', { name: 'Fraud scoring', sponsorId: ada.id });
    t.clock.advanceDays(3);
    await t.ok('initiative/changePhase', { id: created.id, toPhase: 'DATA_FOUNDATION', reason: 'Go' });
    t.clock.advanceDays(3);
    await t.ok('initiative/changePhase', { id: created.id, toPhase: 'ARCHITECTURE', reason: 'Data ready' });
    const before = dumpRecords(t.db());
    const detailBefore = await t.ok('initiative/get', { id: created.id });

    await t.ok('initiative/delete', { id: created.id });
    expect(await t.ok('initiative/list')).toEqual([]);
    expect(t.db().prepare('SELECT count(*) AS n FROM phase_transitions').get()).toEqual({ n: 0 });

    const state = await t.ok('history/undo');
    expect(state).toMatchObject({ canRedo: true, redoLabel: 'Delete “Fraud scoring”' });
    expect(dumpRecords(t.db())).toEqual(before);
    expect(await t.ok('initiative/get', { id: created.id })).toEqual(detailBefore);

    await t.ok('history/redo');
    expect(await t.invoke('initiative/get', { id: created.id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('walks back and forth across several changes, restoring each state exactly', async () => {
    const states: Record<string, unknown[]>[] = [dumpRecords(t.db())];
    const a = await t.ok('initiative/create', { name: 'A' });
    states.push(dumpRecords(t.db()));
    t.clock.advanceDays(1);
    await t.ok('initiative/update', { id: a.id, patch: { name: 'A renamed', tags: ['x'] } });
    states.push(dumpRecords(t.db()));
    t.clock.advanceDays(1);
    await t.ok('initiative/changePhase', { id: a.id, toPhase: 'SCALE_OPTIMIZE', reason: 'Leap' });
    states.push(dumpRecords(t.db()));
    await t.ok('initiative/archive', { id: a.id, archived: true });
    states.push(dumpRecords(t.db()));
    await t.ok('person/update', { id: ada.id, patch: { title: 'CFO' } });
    states.push(dumpRecords(t.db()));

    for (let i = states.length - 2; i >= 0; i--) {
      await t.ok('history/undo');
      expect(dumpRecords(t.db()), `after undo to state ${i}`).toEqual(states[i]);
    }
    expect(await t.ok('history/state')).toEqual({
      canUndo: true,
      undoLabel: 'Add person “Grace Hopper”',
      canRedo: true,
      redoLabel: 'Create “A”',
    });
    // The two people from beforeEach are the oldest entries; past them there is nothing left.
    await t.ok('history/undo');
    await t.ok('history/undo');
    expect(t.db().prepare('SELECT count(*) AS n FROM people').get()).toEqual({ n: 0 });
    expect(await t.invoke('history/undo')).toMatchObject({ ok: false, error: { code: 'NOTHING_TO_UNDO' } });
    await t.ok('history/redo');
    await t.ok('history/redo');
    expect(dumpRecords(t.db())).toEqual(states[0]);

    for (let i = 1; i < states.length; i++) {
      await t.ok('history/redo');
      expect(dumpRecords(t.db()), `after redo to state ${i}`).toEqual(states[i]);
    }
    expect(await t.invoke('history/redo')).toMatchObject({ ok: false, error: { code: 'NOTHING_TO_UNDO' } });

    // Undo twice, then a new change: the redo branch is gone.
    await t.ok('history/undo');
    await t.ok('history/undo');
    await t.ok('initiative/create', { name: 'B' });
    expect((await t.ok('history/state')).canRedo).toBe(false);
  });

  it('a refused change leaves no undo entry', async () => {
    await t.ok('initiative/create', { name: 'A' });
    const state = await t.ok('history/state');
    await t.invoke('initiative/create', { name: 'B', sponsorId: 999 });
    expect(await t.ok('history/state')).toEqual(state);
  });

  it('undo and redo emit db/changed for the tables the entry touched', async () => {
    await t.ok('initiative/create', { name: 'A' });
    t.events.clear();
    await t.ok('history/undo');
    expect(t.events.of('db/changed')).toEqual([
      {
        tables: expect.arrayContaining([
          'initiatives',
          'phase_transitions',
          'kpis',
          'gate_reviews',
          'audit_log',
        ]) as string[],
      },
    ]);
    expect(t.events.of('history/changed')).toEqual([
      { canUndo: true, undoLabel: 'Add person “Grace Hopper”', canRedo: true, redoLabel: 'Create “A”' },
    ]);
  });
});
