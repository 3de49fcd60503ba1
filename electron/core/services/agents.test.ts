import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentCreateInput } from '../../../shared/domain/agent';
import { verifyAuditChain } from '../audit/verify';
import { createTestCore, type TestCore } from '../testing/test-core';
import { dumpRecords, dumpTables } from '../testing/portfolio-files';

let t: TestCore;
let initiativeId: number;
let owner: number;
let operator: number;
beforeEach(async () => {
  t = createTestCore(); // the clock reads 2026-03-02
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  initiativeId = (await t.ok('initiative/create', { name: 'Support triage agent', type: 'autonomous_agent' })).id;
  owner = (await t.ok('person/create', { name: 'Ada Owner' })).id;
  operator = (await t.ok('person/create', { name: 'Sam Operator' })).id;
});
afterEach(() => t.dispose());

const TRIAGE = (): AgentCreateInput => ({
  initiativeId,
  agentKey: 'spiffe://corp/agents/triage',
  name: 'Triage bot',
  description: 'Routes inbound tickets',
  accountableOwnerId: owner,
  autonomyLevel: 'L4_APPROVER',
  killSwitchMechanism: 'GATEWAY_BLOCK',
  killSwitchOwnerId: operator,
  killSwitchProcedure: 'Block the route at the API gateway',
  killSwitchLastTested: '2026-02-01',
  lastReviewDate: '2026-02-15',
  tools: [
    { toolName: 'zendesk', scopes: ['tickets:read', 'tickets:write'] },
    { toolName: 'slack', scopes: ['chat:write'] },
  ],
});

const agentAudit = () =>
  (
    t
      .db()
      .prepare("SELECT action FROM audit_log WHERE entity_kind = 'agent' OR action IN ('undo','redo') ORDER BY seq")
      .all() as {
      action: string;
    }[]
  ).map((r) => r.action);

describe('agents through the core', () => {
  it('creates and lists an agent with its tools, emitting db/changed for the agent tables', async () => {
    t.events.clear();
    const a = await t.ok('agent/create', TRIAGE());
    expect(a).toMatchObject({
      initiativeId,
      agentKey: 'spiffe://corp/agents/triage',
      name: 'Triage bot',
      status: 'active',
      createdAt: t.clock.iso(),
      tools: [
        { toolName: 'zendesk', scopes: ['tickets:read', 'tickets:write'] },
        { toolName: 'slack', scopes: ['chat:write'] },
      ],
    });
    expect(await t.ok('agent/list', { initiativeId })).toEqual({ asOf: '2026-03-02', agents: [a] });
    expect(t.events.of('db/changed')).toEqual([{ tables: ['agents', 'agent_tools', 'audit_log'] }]);
    expect(await t.ok('history/state')).toMatchObject({ undoLabel: 'Add agent “Triage bot”' });
    expect(agentAudit()).toEqual(['agent.create']);
    const stored = t.db().prepare('SELECT scopes FROM agent_tools ORDER BY id').all();
    expect(stored).toEqual([{ scopes: '["tickets:read","tickets:write"]' }, { scopes: '["chat:write"]' }]);
  });

  it('edits fields and replaces the tool list; undo and redo move between the two', async () => {
    const a = await t.ok('agent/create', TRIAGE());
    t.clock.advanceDays(1);
    const edited = await t.ok('agent/update', {
      id: a.id,
      patch: { autonomyLevel: 'L3_CONSULTANT', killSwitchLastTested: null, tools: [{ toolName: 'jira', scopes: [] }] },
    });
    expect(edited).toMatchObject({
      autonomyLevel: 'L3_CONSULTANT',
      killSwitchLastTested: null,
      name: 'Triage bot',
      updatedAt: t.clock.iso(),
      tools: [{ toolName: 'jira', scopes: [] }],
    });
    await t.ok('history/undo');
    expect((await t.ok('agent/list', { initiativeId })).agents).toEqual([a]);
    await t.ok('history/redo');
    expect((await t.ok('agent/list', { initiativeId })).agents).toEqual([edited]);
    expect(agentAudit()).toEqual(['agent.create', 'agent.update', 'undo', 'redo']);
    expect(verifyAuditChain(t.db())).toMatchObject({ ok: true });
  });

  it('a patch without tools keeps them', async () => {
    const a = await t.ok('agent/create', TRIAGE());
    const edited = await t.ok('agent/update', { id: a.id, patch: { name: 'Triage agent' } });
    expect(edited.tools).toEqual(a.tools);
  });

  it('refuses missing identity and name and a tool without a name, naming the fields; nothing is written', async () => {
    const before = dumpTables(t.db());
    const history = await t.ok('history/state');
    const r = await t.invoke('agent/create', {
      ...TRIAGE(),
      agentKey: ' ',
      name: '',
      tools: [{ toolName: '', scopes: ['x'] }],
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!r.ok) {
      expect(r.error.issues).toEqual([
        { path: 'agentKey', message: 'Identity is required' },
        { path: 'name', message: 'Name is required' },
        { path: 'tools.0.toolName', message: 'Tool name is required' },
      ]);
    }
    expect(dumpTables(t.db())).toEqual(before);
    expect(await t.ok('history/state')).toEqual(history);
  });

  it('refuses a duplicate identity in the initiative, a future test date and unknown owners; nothing is written', async () => {
    await t.ok('agent/create', TRIAGE());
    const before = dumpTables(t.db());
    const r = await t.invoke('agent/create', {
      ...TRIAGE(),
      name: 'Second',
      accountableOwnerId: 999,
      killSwitchOwnerId: 998,
      killSwitchLastTested: '2026-03-03',
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!r.ok) {
      expect(r.error.issues).toEqual([
        { path: 'agentKey', message: 'Another agent of this initiative is “spiffe://corp/agents/triage”' },
        { path: 'accountableOwnerId', message: 'Person 999 does not exist' },
        { path: 'killSwitchOwnerId', message: 'Person 998 does not exist' },
        { path: 'killSwitchLastTested', message: 'The kill-switch test date is in the future' },
      ]);
    }
    expect(dumpTables(t.db())).toEqual(before);
    // Today is allowed, and the same identity is fine in another initiative.
    const other = (await t.ok('initiative/create', { name: 'Other' })).id;
    await t.ok('agent/create', { ...TRIAGE(), initiativeId: other, killSwitchLastTested: '2026-03-02' });
  });

  it('checks an edit the same way, on patch.* paths, and not the stored fields it leaves alone', async () => {
    const a = await t.ok('agent/create', TRIAGE());
    const b = await t.ok('agent/create', { ...TRIAGE(), agentKey: 'agent-b', name: 'B' });
    const before = dumpTables(t.db());
    const r = await t.invoke('agent/update', {
      id: b.id,
      patch: { agentKey: a.agentKey, killSwitchOwnerId: 4242, lastReviewDate: '2027-01-01' },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    if (!r.ok) {
      expect(r.error.issues).toEqual([
        { path: 'patch.agentKey', message: 'Another agent of this initiative is “spiffe://corp/agents/triage”' },
        { path: 'patch.killSwitchOwnerId', message: 'Person 4242 does not exist' },
        { path: 'patch.lastReviewDate', message: 'The last review date is in the future' },
      ]);
    }
    expect(dumpTables(t.db())).toEqual(before);
    // Keeping its own identity is not a duplicate.
    await t.ok('agent/update', { id: b.id, patch: { agentKey: 'agent-b', name: 'B2' } });
  });

  it('refuses an agent for an initiative that does not exist, and an edit of one that does not', async () => {
    expect(await t.invoke('agent/create', { ...TRIAGE(), initiativeId: 999 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await t.invoke('agent/update', { id: 999, patch: { name: 'x' } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await t.invoke('agent/delete', { id: 999 })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('the router refuses malformed input before any handler runs', async () => {
    const before = dumpTables(t.db());
    const bad: unknown[] = [
      { ...TRIAGE(), autonomyLevel: 'L9' },
      { ...TRIAGE(), killSwitchMechanism: 'unplug' },
      { ...TRIAGE(), killSwitchLastTested: '01/02/2026' },
      { ...TRIAGE(), tools: [{ toolName: 'x', scopes: 'read' }] },
      { ...TRIAGE(), initiativeId: -1 },
      { ...TRIAGE(), extra: true },
    ];
    for (const input of bad) {
      const r = await t.dispatch({ url: 'app://flightdeck/index.html', isMainFrame: true }, 'agent/create', input);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(
      await t.dispatch({ url: 'app://flightdeck/index.html', isMainFrame: true }, 'agent/update', {
        id: 1,
        patch: { status: 'paused' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'patch.status' }] } });
    expect(dumpTables(t.db())).toEqual(before);
  });

  it('undo of a delete restores the agent and its tools with the same ids', async () => {
    const a = await t.ok('agent/create', TRIAGE());
    const records = dumpRecords(t.db());
    await t.ok('agent/delete', { id: a.id });
    expect((await t.ok('agent/list', { initiativeId })).agents).toEqual([]);
    expect(t.db().prepare('SELECT count(*) AS n FROM agent_tools').get()).toEqual({ n: 0 });
    await t.ok('history/undo');
    expect((await t.ok('agent/list', { initiativeId })).agents).toEqual([a]);
    expect(dumpRecords(t.db())).toEqual(records);
    expect(agentAudit()).toEqual(['agent.create', 'agent.delete', 'undo']);
  });

  it('deleting the initiative cascades to its agents, and undo of that delete brings them back', async () => {
    await t.ok('agent/create', TRIAGE());
    await t.ok('agent/create', { ...TRIAGE(), agentKey: 'agent-two', name: 'Two', tools: [] });
    const full = (await t.ok('agent/list', { initiativeId })).agents;
    const records = dumpRecords(t.db());
    t.events.clear();
    await t.ok('initiative/delete', { id: initiativeId });
    expect(t.events.of('db/changed')[0]?.tables).toEqual(expect.arrayContaining(['agents', 'agent_tools']));
    expect(
      t.db().prepare('SELECT (SELECT count(*) FROM agents) + (SELECT count(*) FROM agent_tools) AS n').get(),
    ).toEqual({ n: 0 });
    await t.ok('history/undo');
    expect((await t.ok('agent/list', { initiativeId })).agents).toEqual(full);
    expect(dumpRecords(t.db())).toEqual(records);
    // The agents' own history still works on the restored rows.
    await t.ok('history/undo');
    expect((await t.ok('agent/list', { initiativeId })).agents.map((a) => a.name)).toEqual(['Triage bot']);
  });

  it('a person who owns an agent or its kill switch cannot be removed', async () => {
    await t.ok('agent/create', TRIAGE());
    for (const id of [owner, operator]) {
      expect(await t.invoke('person/delete', { id })).toMatchObject({ ok: false, error: { code: 'IN_USE' } });
    }
  });

  it('shows agent changes in the initiative timeline as “Added agent …” and “Changed agent …”', async () => {
    const a = await t.ok('agent/create', TRIAGE());
    await t.ok('agent/update', { id: a.id, patch: { autonomyLevel: 'L2_COLLABORATOR' } });
    await t.ok('agent/update', { id: a.id, patch: { name: 'Triage agent' } });
    await t.ok('agent/delete', { id: a.id });
    await t.ok('history/undo');
    // Another initiative's agent, possibly reusing the row id, stays out of this timeline.
    const other = (await t.ok('initiative/create', { name: 'Other' })).id;
    await t.ok('agent/create', { ...TRIAGE(), initiativeId: other, name: 'Elsewhere' });
    const timeline = await t.ok('audit/timeline', { initiativeId });
    expect(timeline.map((e) => [e.action, e.label])).toEqual([
      ['undo', 'Delete agent “Triage agent”'],
      ['agent.delete', 'Removed agent “Triage agent”'],
      ['agent.update', 'Changed agent “Triage agent”'],
      ['agent.update', 'Changed agent “Triage bot”'],
      ['agent.create', 'Added agent “Triage bot”'],
      ['initiative.create', expect.any(String) as string],
    ]);
    expect(timeline[3]?.changes).toEqual([
      { field: 'autonomy_level', before: 'L4_APPROVER', after: 'L2_COLLABORATOR' },
    ]);
    const otherTimeline = await t.ok('audit/timeline', { initiativeId: other });
    expect(otherTimeline.map((e) => e.label)).toContain('Added agent “Elsewhere”');
    expect(otherTimeline.map((e) => e.label)).not.toContain('Added agent “Triage bot”');
  });

  it('the file itself refuses bad vocabulary and non-array scopes (CHECK), for writers other than the app', () => {
    const db = t.db();
    const insert = (level: string) => () =>
      db
        .prepare(
          `INSERT INTO agents (initiative_id, agent_key, name, autonomy_level, created_at, updated_at)
           VALUES (?, 'k-' || ?, 'n', ?, 'now', 'now')`,
        )
        .run(initiativeId, level, level);
    expect(insert('L9')).toThrow(/CHECK constraint failed/);
    insert('L1_OPERATOR')();
    const agentId = (db.prepare('SELECT id FROM agents').get() as { id: number }).id;
    expect(() =>
      db.prepare(`INSERT INTO agent_tools (agent_id, tool_name, scopes) VALUES (?, 't', '{"a":1}')`).run(agentId),
    ).toThrow(/CHECK constraint failed/);
    expect(() =>
      db.prepare(`INSERT INTO agent_tools (agent_id, tool_name, scopes) VALUES (?, 't', 'not json')`).run(agentId),
    ).toThrow(/CHECK constraint failed|malformed JSON/);
  });
});
