// Test-only builders for synthetic snapshots. Day numbers are plain epoch days; tests use small offsets
// from a fixed base so timelines read as "day 0, day 45, …".
import { epochDay } from './days';
import type { AgentSnapshot, InitiativeSnapshot, KpiSnapshot } from './snapshot';

export const DAY0 = epochDay('2026-01-01');

export function snapshot(over: Partial<InitiativeSnapshot> = {}): InitiativeSnapshot {
  return {
    id: 1,
    type: 'copilot',
    riskTier: 'limited',
    status: 'active',
    createdDay: DAY0,
    phase: 'STRATEGY',
    phaseEnteredDay: DAY0,
    owners: {
      sponsor: { personId: 1, active: true },
      productOwner: { personId: 2, active: true },
      techLead: { personId: 3, active: true },
    },
    ...over,
  };
}

export function businessKpi(over: Partial<KpiSnapshot> = {}): KpiSnapshot {
  return {
    id: 10,
    kind: 'BUSINESS_OUTCOME',
    cadence: 'MONTHLY',
    createdDay: DAY0,
    baseline: { value: 100, day: DAY0, source: 'ERP export' },
    target: { value: 80, byDay: DAY0 + 720 },
    measurements: [],
    ...over,
  };
}

export function agent(over: Partial<AgentSnapshot> = {}): AgentSnapshot {
  return {
    agentId: 'agent-support-triage',
    accountableOwnerId: 7,
    autonomyLevel: 'L2_COLLABORATOR',
    tools: [{ toolName: 'crm', scopes: ['tickets.read'] }],
    killSwitch: { mechanism: 'GATEWAY_BLOCK', ownerId: 7, procedure: 'Block at the gateway', lastTestedDay: DAY0 },
    ...over,
  };
}
