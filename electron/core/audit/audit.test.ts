import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { History } from '../services/history';
import { openSqlite, type Db } from '../db/sqlite';
import { insertInitiative, type InitiativeRecord } from '../repositories/initiatives.repo';
import { createTestCore, type TestCore } from '../testing/test-core';
import { openOrThrow } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { appendAudit, readAuditHeadSetting } from './audit.repo';
import { GENESIS_HASH, hashOf } from './chain';
import { verifyAuditChain } from './verify';

const temp = new TempDirs();
let t: TestCore;
let path: string;

beforeEach(async () => {
  const dir = temp.make();
  t = createTestCore({ actor: 'Auditor Test', dir });
  path = t.defaultDbPath;
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
});
afterEach(() => {
  t.dispose();
  temp.cleanup();
});

interface LogRow {
  seq: number;
  actor: string;
  action: string;
  label: string;
  entity_kind: string;
  entity_id: number;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
}
const logOf = (db: Db) => db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as LogRow[];

/** Ten entries of mixed kinds through the real core. */
async function someHistory(): Promise<number> {
  const ada = await t.ok('person/create', { name: 'Ada Lovelace' });
  const a = await t.ok('initiative/create', { name: 'Claims triage', sponsorId: ada.id });
  await t.ok('initiative/update', { id: a.id, patch: { status: 'on_hold' } });
  await t.ok('initiative/changePhase', { id: a.id, toPhase: 'DATA_FOUNDATION', reason: 'Gate 1 passed' });
  const b = await t.ok('initiative/create', { name: 'Invoice copilot' });
  await t.ok('initiative/archive', { id: b.id, archived: true });
  await t.ok('person/update', { id: ada.id, patch: { title: 'CFO' } });
  await t.ok('initiative/update', { id: a.id, patch: { name: 'Claims triage v2' } });
  await t.ok('initiative/delete', { id: b.id });
  await t.ok('history/undo');
  return a.id;
}

/** Closes the app's connection and edits the file the way someone with the sqlite3 CLI would. */
function tamper(edit: (db: Db) => void): void {
  t.core.dispose();
  const db = openSqlite(path, { fileMustExist: true });
  try {
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    edit(db);
  } finally {
    db.close();
  }
}

function verifyFile() {
  const db = openOrThrow(path, { create: false });
  try {
    return verifyAuditChain(db);
  } finally {
    db.close();
  }
}

describe('writing the chain', () => {
  it('grows by one linked entry per changed record, including undo and redo', async () => {
    const ada = await t.ok('person/create', { name: 'Ada Lovelace' });
    const a = await t.ok('initiative/create', { name: 'Claims triage' });
    t.clock.advanceDays(1);
    await t.ok('initiative/update', { id: a.id, patch: { status: 'on_hold', sponsorId: ada.id } });
    await t.ok('history/undo');
    await t.ok('history/redo');
    const log = logOf(t.db());
    expect(log.map((r) => [r.seq, r.action, r.entity_kind, r.entity_id, r.actor])).toEqual([
      [1, 'person.create', 'person', ada.id, 'Auditor Test'],
      [2, 'initiative.create', 'initiative', a.id, 'Auditor Test'],
      [3, 'initiative.update', 'initiative', a.id, 'Auditor Test'],
      [4, 'undo', 'initiative', a.id, 'Auditor Test'],
      [5, 'redo', 'initiative', a.id, 'Auditor Test'],
    ]);
    expect(log[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < log.length; i++) expect(log[i]!.prev_hash).toBe(log[i - 1]!.hash);
    // An update keeps only what changed; undo logs the reverse of it under the original label.
    expect(JSON.parse(log[2]!.before_json!)).toEqual({
      status: 'active',
      sponsor_id: null,
      updated_at: '2026-03-02T09:00:00.000Z',
    });
    expect(JSON.parse(log[2]!.after_json!)).toMatchObject({ status: 'on_hold', sponsor_id: ada.id });
    expect(log[3]!.label).toBe(log[2]!.label);
    expect(JSON.parse(log[3]!.after_json!)).toEqual(JSON.parse(log[2]!.before_json!));
    expect(JSON.parse(log[4]!.after_json!)).toEqual(JSON.parse(log[2]!.after_json!));
    expect(readAuditHeadSetting(t.db())).toEqual({ seq: 5, hash: log[4]!.hash });
    expect(verifyAuditChain(t.db())).toMatchObject({ ok: true, entries: 5 });
  });

  it('writes nothing for a change that changes nothing, and nothing for a refused one', async () => {
    const a = await t.ok('initiative/create', { name: 'A' });
    const n = logOf(t.db()).length;
    await t.ok('initiative/archive', { id: a.id, archived: false });
    await t.invoke('initiative/update', { id: a.id, patch: { sponsorId: 999 } });
    expect(logOf(t.db())).toHaveLength(n);
  });

  it('the demo setup logs one creation per person and initiative (counting its KPIs, reviews and agents), and the chain verifies', async () => {
    const c = createTestCore({ actor: 'Demo Maker', demoSize: 12 });
    try {
      await c.ok('workspace/openDefault');
      await c.ok('workspace/setup', { mode: 'demo' });
      const log = logOf(c.db());
      const people = c.db().prepare('SELECT count(*) FROM people').pluck().get() as number;
      const created = log.filter((r) => r.action === 'initiative.create');
      expect(created).toHaveLength(12);
      expect(log.filter((r) => r.action === 'person.create')).toHaveLength(people);
      // Each initiative's entry counts the demo records that came with it.
      const count = (table: string) => c.db().prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
      const sum = (key: string) =>
        created.reduce((s, r) => s + Number((JSON.parse(r.after_json!) as Record<string, unknown>)[key]), 0);
      expect(sum('kpis')).toBe(count('kpis'));
      expect(sum('gate_reviews')).toBe(count('gate_reviews'));
      expect(sum('agents')).toBe(count('agents'));
      expect(new Set(log.map((r) => r.actor))).toEqual(new Set(['Demo Maker']));
      expect(verifyAuditChain(c.db())).toMatchObject({ ok: true, entries: 12 + people });
    } finally {
      c.dispose();
    }
  });
});

describe('the log and the change commit together', () => {
  const record = (id: number): InitiativeRecord => ({
    id,
    name: `I${id}`,
    description: '',
    business_unit: '',
    type: 'other',
    phase: 'STRATEGY',
    status: 'active',
    risk_tier: 'unclassified',
    tags: '[]',
    sponsor_id: null,
    product_owner_id: null,
    tech_lead_id: null,
    planned_start: null,
    planned_end: null,
    actual_start: null,
    actual_end: null,
    phase_entered_at: '2026-01-01',
    archived_at: null,
    created_at: '2026-01-01',
    updated_at: '2026-01-01',
  });
  const meta = () => ({ actor: 'x', at: '2026-01-01T00:00:00.000Z' });

  it('a change that fails after writing rolls back, and no audit entry is left', () => {
    const db = t.db();
    const history = new History({ meta });
    expect(() =>
      history.record(
        db,
        'half a change',
        () => [{ kind: 'initiative', id: 77 }],
        () => {
          insertInitiative(db, record(77));
          throw new Error('failed mid-change');
        },
      ),
    ).toThrow('failed mid-change');
    expect(db.prepare('SELECT count(*) FROM initiatives').pluck().get()).toBe(0);
    expect(logOf(db)).toEqual([]);
  });

  it('an audit write that fails rolls the change back', () => {
    const db = t.db();
    const history = new History({
      meta,
      writeAudit: (d, m, events) => {
        appendAudit(d, m, events);
        throw new Error('disk full while logging');
      },
    });
    expect(() =>
      history.record(
        db,
        'create',
        () => [{ kind: 'initiative', id: 78 }],
        () => insertInitiative(db, record(78)),
      ),
    ).toThrow('disk full while logging');
    expect(db.prepare('SELECT count(*) FROM initiatives').pluck().get()).toBe(0);
    expect(logOf(db)).toEqual([]);
    expect(readAuditHeadSetting(db)).toBeNull();
    // The next real change still chains from genesis: no stale head was kept in memory.
    new History({ meta }).record(
      db,
      'create',
      () => [{ kind: 'initiative', id: 79 }],
      () => insertInitiative(db, record(79)),
    );
    expect(logOf(db)[0]).toMatchObject({ seq: 1, prev_hash: GENESIS_HASH });
  });

  it('refuses to append outside a transaction', () => {
    expect(() =>
      appendAudit(t.db(), meta(), [{ action: 'a', label: '', kind: 'k', id: 1, before: null, after: {} }]),
    ).toThrow(/inside the transaction/);
  });
});

describe('the app cannot rewrite history', () => {
  it('UPDATE and DELETE on audit_log are refused by triggers', async () => {
    await someHistory();
    const db = t.db();
    expect(() => db.prepare(`UPDATE audit_log SET actor = 'Mallory' WHERE seq = 2`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, entries: 10 });
  });
});

describe('tampering outside the app is detected', () => {
  beforeEach(async () => {
    await someHistory();
  });

  it('an intact file verifies', () => {
    t.core.dispose();
    expect(verifyFile()).toMatchObject({ ok: true, entries: 10, headSeq: 10 });
  });

  it('edit of a before/after value names that entry', () => {
    tamper((db) => db.prepare(`UPDATE audit_log SET after_json = '{"status":"active"}' WHERE seq = 3`).run());
    expect(verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'edited' });
  });

  it('edit of the actor names that entry', () => {
    tamper((db) => db.prepare(`UPDATE audit_log SET actor = 'Someone else' WHERE seq = 6`).run());
    expect(verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 6, reason: 'edited' });
  });

  it('an edit re-hashed to look consistent is still caught where the next entry no longer links', () => {
    tamper((db) => {
      const r = db.prepare('SELECT * FROM audit_log WHERE seq = 4').get() as LogRow & { at: string };
      // The editor recomputes this row's hash properly; what they cannot fix without redoing the whole
      // rest of the chain is the next entry's link to the old hash.
      const h = hashOf({
        seq: 4,
        at: r.at,
        actor: 'Mallory',
        action: r.action,
        label: r.label,
        entityKind: r.entity_kind,
        entityId: r.entity_id,
        before: r.before_json,
        after: r.after_json,
        prevHash: r.prev_hash,
      });
      db.prepare('UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 4').run('Mallory', h);
    });
    const r = verifyFile();
    expect(r).toMatchObject({ ok: false, firstBrokenSeq: 4, reason: 'edited' });
  });

  it('deleting a middle entry names the missing seq', () => {
    tamper((db) => db.prepare('DELETE FROM audit_log WHERE seq = 5').run());
    expect(verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 5, reason: 'deleted' });
  });

  it('deleting the first entry is caught too', () => {
    tamper((db) => db.prepare('DELETE FROM audit_log WHERE seq = 1').run());
    expect(verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 1, reason: 'deleted' });
  });

  it('swapping two entries’ content is reported as reordered at the first of them', () => {
    tamper((db) => {
      const cols = [
        'at',
        'actor',
        'action',
        'label',
        'entity_kind',
        'entity_id',
        'before_json',
        'after_json',
        'prev_hash',
        'hash',
      ];
      const get = db.prepare(`SELECT ${cols.join(', ')} FROM audit_log WHERE seq = ?`).raw(true);
      const set = db.prepare(`UPDATE audit_log SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE seq = ?`);
      const a = get.get(3) as unknown[];
      const b = get.get(7) as unknown[];
      set.run(...b, 3);
      set.run(...a, 7);
    });
    expect(verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'reordered' });
  });

  it('swapping neighbours is reordered too', () => {
    tamper((db) => {
      const cols = [
        'at',
        'actor',
        'action',
        'label',
        'entity_kind',
        'entity_id',
        'before_json',
        'after_json',
        'prev_hash',
        'hash',
      ];
      const get = db.prepare(`SELECT ${cols.join(', ')} FROM audit_log WHERE seq = ?`).raw(true);
      const set = db.prepare(`UPDATE audit_log SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE seq = ?`);
      const a = get.get(8) as unknown[];
      const b = get.get(9) as unknown[];
      set.run(...b, 8);
      set.run(...a, 9);
    });
    expect(verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 8, reason: 'reordered' });
  });

  it('deleting the tail is caught against the recorded head', () => {
    tamper((db) => db.prepare('DELETE FROM audit_log WHERE seq >= 8').run());
    expect(verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 8, reason: 'truncated', entries: 7 });
  });

  it('deleting the tail and the recorded head is caught as truncation', () => {
    tamper((db) => {
      db.prepare('DELETE FROM audit_log WHERE seq >= 8').run();
      db.prepare(`DELETE FROM settings WHERE key = 'audit_head'`).run();
    });
    expect(verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 8, reason: 'truncated' });
  });
});

describe('audit/timeline', () => {
  it('lists one initiative’s entries newest first with field diffs, through the router', async () => {
    const id = await someHistory();
    const timeline = await t.ok('audit/timeline', { initiativeId: id });
    expect(timeline.map((e) => e.action)).toEqual([
      'initiative.update',
      'initiative.update',
      'initiative.update',
      'initiative.create',
    ]);
    expect(timeline.every((e) => e.actor === 'Auditor Test')).toBe(true);
    expect(timeline[0]).toMatchObject({
      label: 'Edit “Claims triage v2”',
      changes: [{ field: 'name', before: 'Claims triage', after: 'Claims triage v2' }],
    });
    expect(timeline[1]).toMatchObject({
      label: 'Move to Data',
      changes: expect.arrayContaining([{ field: 'phase', before: 'STRATEGY', after: 'DATA_FOUNDATION' }]),
    });
    expect(timeline[2]!.changes).toEqual([{ field: 'status', before: 'active', after: 'on_hold' }]);
    expect(timeline[3]!.changes).toEqual(
      expect.arrayContaining([{ field: 'name', before: null, after: 'Claims triage' }]),
    );
    expect(timeline.map((e) => e.seq)).toEqual([...timeline.map((e) => e.seq)].sort((x, y) => y - x));
    expect(await t.ok('audit/timeline', { initiativeId: id, limit: 2 })).toEqual(timeline.slice(0, 2));
  });

  it('shows undo and redo with what they put back, and refuses bad input', async () => {
    const a = await t.ok('initiative/create', { name: 'A' });
    await t.ok('initiative/update', { id: a.id, patch: { riskTier: 'high' } });
    await t.ok('history/undo');
    const [undo] = await t.ok('audit/timeline', { initiativeId: a.id });
    expect(undo).toMatchObject({
      action: 'undo',
      changes: [{ field: 'risk_tier', before: 'high', after: 'unclassified' }],
    });
    expect(await t.invoke('audit/timeline', { initiativeId: a.id, limit: 0 })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(await t.invoke('audit/timeline', { initiativeId: a.id, extra: 1 } as never)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
  });

  it('walks the entity index, newest first, with no sort step', async () => {
    const plan = (
      t
        .db()
        .prepare(
          `EXPLAIN QUERY PLAN SELECT seq FROM audit_log WHERE entity_kind = 'initiative' AND entity_id = 1 ORDER BY seq DESC LIMIT 10`,
        )
        .all() as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX audit_log_entity/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});

describe('the canonical form', () => {
  it('cannot be fooled by moving text across a field boundary, and tells null from empty', () => {
    const base = ['2026-01-01', 'ab', 'c', 'l', 'initiative', 1, null, '{}', GENESIS_HASH] as const;
    const h = (actor: string, action: string, before: string | null) =>
      hashOf({
        seq: 1,
        at: base[0],
        actor,
        action,
        label: base[3],
        entityKind: base[4],
        entityId: base[5],
        before,
        after: base[7],
        prevHash: base[8],
      });
    expect(h('ab', 'c', null)).not.toBe(h('a', 'bc', null));
    expect(h('ab', 'c', null)).not.toBe(h('ab', 'c', ''));
    expect(h('ab', 'c', null)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('appending outside the app', () => {
  it('a well-formed entry added behind the app’s back is caught against the recorded head', async () => {
    await someHistory();
    tamper((db) => {
      const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as LogRow;
      const f = {
        seq: last.seq + 1,
        at: '2026-03-03T00:00:00.000Z',
        actor: 'Mallory',
        action: 'initiative.update',
        label: 'Backdated approval',
        entityKind: 'initiative',
        entityId: 1,
        before: null,
        after: '{"status":"active"}',
        prevHash: last.hash,
      };
      db.prepare('INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        f.seq,
        f.at,
        f.actor,
        f.action,
        f.label,
        f.entityKind,
        f.entityId,
        f.before,
        f.after,
        f.prevHash,
        hashOf(f),
      );
    });
    expect(verifyFile()).toMatchObject({ ok: false, firstBrokenSeq: 11, reason: 'edited' });
  });
});
