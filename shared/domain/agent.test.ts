import { describe, expect, it } from 'vitest';
import {
  AGENT_CHECKS,
  agentCheckSummary,
  agentCreateInput,
  agentDateIssues,
  agentProblems,
  agentSnapshot,
  agentUpdateInput,
  killSwitchTestAge,
  killSwitchUntested,
  parseScopes,
  type Agent,
} from './agent';
import { runAutoCheck } from './governance/autochecks';
import { epochDay } from './governance/days';
import type { AgentSnapshot, InitiativeSnapshot } from './governance/snapshot';

const TODAY = epochDay('2026-06-30');

function agent(over: Partial<Agent> = {}): Agent {
  return {
    id: 1,
    initiativeId: 1,
    agentKey: 'agent-support-triage',
    name: 'Support triage',
    description: '',
    accountableOwnerId: 7,
    autonomyLevel: 'L4_APPROVER',
    killSwitchMechanism: 'CREDENTIAL_REVOKE',
    killSwitchOwnerId: 8,
    killSwitchProcedure: 'Revoke the client secret in the IdP',
    killSwitchLastTested: '2026-06-01',
    lastReviewDate: '2026-05-01',
    status: 'active',
    tools: [{ id: 1, toolName: 'zendesk', scopes: ['tickets:read'] }],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...over,
  };
}

/** An autonomous-agent initiative holding `agents`: only type and agents matter to the agents.* rules. */
function initiative(agents: AgentSnapshot[]): InitiativeSnapshot {
  return {
    id: 1,
    type: 'autonomous_agent',
    riskTier: 'limited',
    status: 'active',
    createdDay: TODAY - 400,
    phase: 'DEVELOP_VALIDATE',
    phaseEnteredDay: TODAY - 30,
    owners: { sponsor: null, productOwner: null, techLead: null },
    agents,
  };
}

describe('agentCreateInput', () => {
  it('fills defaults, trims text and cleans scopes', () => {
    const v = agentCreateInput.parse({
      initiativeId: 3,
      agentKey: '  spiffe://corp/triage ',
      name: ' Triage ',
      tools: [{ toolName: ' crm ', scopes: [' read ', '', 'read', 'write'] }, { toolName: 'mail' }],
    });
    expect(v).toEqual({
      initiativeId: 3,
      agentKey: 'spiffe://corp/triage',
      name: 'Triage',
      description: '',
      accountableOwnerId: null,
      autonomyLevel: null,
      killSwitchMechanism: null,
      killSwitchOwnerId: null,
      killSwitchProcedure: '',
      killSwitchLastTested: null,
      lastReviewDate: null,
      status: 'active',
      tools: [
        { toolName: 'crm', scopes: ['read', 'write'] },
        { toolName: 'mail', scopes: [] },
      ],
    });
  });

  it('names the missing identity, name and tool name, and a tool listed twice', () => {
    const r = agentCreateInput.safeParse({
      initiativeId: 1,
      agentKey: '  ',
      name: '',
      tools: [{ toolName: 'crm' }, { toolName: ' ' }, { toolName: 'CRM' }],
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['agentKey', 'Identity is required'],
      ['name', 'Name is required'],
      ['tools.1.toolName', 'Tool name is required'],
      ['tools.2.toolName', '“CRM” is listed twice'],
    ]);
    const dup = agentCreateInput.safeParse({
      initiativeId: 1,
      agentKey: 'a',
      name: 'b',
      tools: [{ toolName: 'crm' }, { toolName: 'CRM' }],
    });
    expect(dup.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['tools.1.toolName', '“CRM” is listed twice'],
    ]);
  });

  it('refuses unknown vocabulary, bad dates and unknown keys', () => {
    const base = { initiativeId: 1, agentKey: 'a', name: 'b' };
    expect(agentCreateInput.safeParse({ ...base, autonomyLevel: 'L6' }).success).toBe(false);
    expect(agentCreateInput.safeParse({ ...base, killSwitchMechanism: 'PRAYER' }).success).toBe(false);
    expect(agentCreateInput.safeParse({ ...base, killSwitchLastTested: '2026-02-30' }).success).toBe(false);
    expect(agentCreateInput.safeParse({ ...base, status: 'paused' }).success).toBe(false);
    expect(agentCreateInput.safeParse({ ...base, secret: 'x' }).success).toBe(false);
  });

  it('takes a partial patch, and still checks what it holds', () => {
    expect(agentUpdateInput.parse({ id: 1, patch: { autonomyLevel: null } })).toEqual({
      id: 1,
      patch: { autonomyLevel: null },
    });
    expect(agentUpdateInput.safeParse({ id: 1, patch: { name: ' ' } }).success).toBe(false);
  });
});

describe('agentDateIssues and parseScopes', () => {
  it('flags test and review dates after today, not on it', () => {
    expect(agentDateIssues({ killSwitchLastTested: '2026-06-30', lastReviewDate: null }, '2026-06-30')).toEqual([]);
    expect(agentDateIssues({ killSwitchLastTested: '2026-07-01', lastReviewDate: '2027-01-01' }, '2026-06-30')).toEqual(
      [
        { path: 'killSwitchLastTested', message: 'The kill-switch test date is in the future' },
        { path: 'lastReviewDate', message: 'The last review date is in the future' },
      ],
    );
  });

  it('splits on commas and new lines, dropping blanks and repeats', () => {
    expect(parseScopes(' read:tickets, write:comments,,\nread:tickets ')).toEqual(['read:tickets', 'write:comments']);
    expect(parseScopes('  ')).toEqual([]);
  });
});

describe('agentSnapshot and the kill-switch age', () => {
  it('maps an agent to what the checks read', () => {
    expect(agentSnapshot(agent())).toEqual({
      agentId: 'agent-support-triage',
      accountableOwnerId: 7,
      autonomyLevel: 'L4_APPROVER',
      tools: [{ toolName: 'zendesk', scopes: ['tickets:read'] }],
      killSwitch: {
        mechanism: 'CREDENTIAL_REVOKE',
        ownerId: 8,
        procedure: 'Revoke the client secret in the IdP',
        lastTestedDay: epochDay('2026-06-01'),
      },
    });
  });

  it('has no kill switch when none of its parts is set', () => {
    const s = agentSnapshot(
      agent({
        killSwitchMechanism: null,
        killSwitchOwnerId: null,
        killSwitchProcedure: ' ',
        killSwitchLastTested: null,
      }),
    );
    expect(s.killSwitch).toBeNull();
  });

  it('counts days since the test; never tested or > 90 days is untested', () => {
    const at = (d: string | null) => agentSnapshot(agent({ killSwitchLastTested: d }));
    expect(killSwitchTestAge(at('2026-06-01'), TODAY)).toBe(29);
    expect(killSwitchTestAge(at(null), TODAY)).toBeNull();
    expect(killSwitchTestAge(at('2026-07-05'), TODAY)).toBeNull();
    expect(killSwitchUntested(at('2026-04-01'), TODAY)).toBe(false); // 90 days
    expect(killSwitchUntested(at('2026-03-31'), TODAY)).toBe(true); // 91 days
    expect(killSwitchUntested(at(null), TODAY)).toBe(true);
  });
});

describe('agentProblems', () => {
  it('finds nothing wrong with a fully governed agent', () => {
    expect(agentProblems(agentSnapshot(agent()), TODAY)).toEqual([]);
  });

  it('lists every gap with the check it fails', () => {
    const s = agentSnapshot(
      agent({
        accountableOwnerId: null,
        autonomyLevel: null,
        killSwitchOwnerId: null,
        tools: [
          { id: 1, toolName: 'crm', scopes: [] },
          { id: 2, toolName: 'mail', scopes: ['send:internal'] },
        ],
      }),
    );
    expect(agentProblems(s, TODAY)).toEqual([
      { rule: 'agents.owners', message: 'No accountable owner', incomplete: true },
      { rule: 'agents.tool_scopes', message: 'Tools without scopes: crm', incomplete: true },
      { rule: 'agents.kill_switch', message: 'The kill switch has no owner', incomplete: true },
      { rule: 'agents.autonomy_level', message: 'No autonomy level', incomplete: true },
    ]);
  });

  it('reports a stale or missing test without calling the entry incomplete', () => {
    expect(agentProblems(agentSnapshot(agent({ killSwitchLastTested: '2026-01-01' })), TODAY)).toEqual([
      { rule: 'agents.kill_switch', message: 'The kill switch was last tested 180 days ago', incomplete: false },
    ]);
    expect(agentProblems(agentSnapshot(agent({ killSwitchLastTested: null })), TODAY)).toEqual([
      { rule: 'agents.kill_switch', message: 'The kill switch was never tested', incomplete: false },
    ]);
  });
});

describe('agentCheckSummary agrees with runAutoCheck', () => {
  const variants: Partial<Agent>[] = [
    {},
    { accountableOwnerId: null },
    { autonomyLevel: null },
    { tools: [{ id: 1, toolName: 'crm', scopes: [] }] },
    { tools: [] },
    { killSwitchMechanism: null },
    { killSwitchOwnerId: null },
    { killSwitchProcedure: '' },
    { killSwitchLastTested: null },
    { killSwitchLastTested: '2026-01-01' },
    { killSwitchLastTested: '2026-04-01' },
    { killSwitchMechanism: null, killSwitchOwnerId: null, killSwitchProcedure: '', killSwitchLastTested: null },
  ];

  it('for every single-gap agent, alone and next to a governed one', () => {
    for (const v of variants) {
      for (const inventory of [[agent(v)], [agent(), agent({ ...v, id: 2, agentKey: 'agent-two' })]]) {
        const snaps = inventory.map(agentSnapshot);
        const summary = agentCheckSummary(snaps, TODAY);
        for (const c of AGENT_CHECKS) {
          const outcome = runAutoCheck(c.rule, initiative(snaps), TODAY);
          const mine = summary.find((x) => x.rule === c.rule)!;
          expect({ v, rule: c.rule, failed: mine.failing.length > 0 }).toEqual({
            v,
            rule: c.rule,
            failed: outcome.status === 'failed',
          });
        }
      }
    }
  });

  it('fails every check for an empty inventory, as the rules do', () => {
    const summary = agentCheckSummary([], TODAY);
    for (const c of summary) {
      expect(c.reason).toBe('No agent is in the inventory');
      expect(runAutoCheck(c.rule, initiative([]), TODAY).status).toBe('failed');
    }
  });
});
