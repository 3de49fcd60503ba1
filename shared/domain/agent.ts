import { z } from 'zod';
import { vocabulary } from './enums';
import { entityId, isoDate } from './initiative';
import { AUTO_CHECK_LIMITS, type AutoCheckRuleId } from './governance/autochecks';
import { epochDay, type EpochDay } from './governance/days';
import type { AgentSnapshot } from './governance/snapshot';

/**
 * The agent inventory (domain.md §4.3), reduced to the controls the agents.* auto-checks read: a unique
 * identity, an accountable owner, an autonomy level, scoped tool grants and a tested kill switch.
 */

/** Feng, McDonald & Zhang, "Levels of Autonomy for AI Agents" (domain.md §4.2): the user's role at each level. */
export const AUTONOMY_LEVELS = vocabulary([
  { id: 'L1_OPERATOR', label: 'L1 Operator', hint: 'The user drives; the agent acts on request' },
  { id: 'L2_COLLABORATOR', label: 'L2 Collaborator', hint: 'User and agent plan and act together' },
  { id: 'L3_CONSULTANT', label: 'L3 Consultant', hint: 'The agent leads and consults the user' },
  { id: 'L4_APPROVER', label: 'L4 Approver', hint: 'The agent acts; the user approves significant actions' },
  { id: 'L5_OBSERVER', label: 'L5 Observer', hint: 'Fully autonomous; the user observes and can stop it' },
] as const);
export type AgentAutonomyLevel = (typeof AUTONOMY_LEVELS.ids)[number];

/** Kill switches are enforced at infrastructure level, not inside the agent runtime (domain.md §4.2). */
export const KILL_SWITCH_MECHANISMS = vocabulary([
  { id: 'CREDENTIAL_REVOKE', label: 'Credential revocation' },
  { id: 'GATEWAY_BLOCK', label: 'Gateway block' },
  { id: 'FEATURE_FLAG', label: 'Feature flag' },
  { id: 'ORCHESTRATOR_HALT', label: 'Orchestrator halt' },
] as const);
export type KillSwitchMechanism = (typeof KILL_SWITCH_MECHANISMS.ids)[number];

export const AGENT_STATUSES = vocabulary([
  { id: 'active', label: 'Active' },
  { id: 'retired', label: 'Retired' },
] as const);
export type AgentStatus = (typeof AGENT_STATUSES.ids)[number];

export const AGENT_LIMITS = {
  agentKey: 200,
  name: 200,
  description: 2_000,
  procedure: 2_000,
  toolName: 200,
  scope: 200,
  tools: 50,
  scopes: 50,
} as const;

const text = (max: number, what: string) =>
  z
    .string()
    .max(max, `${what} must be at most ${max} characters`)
    .transform((s) => s.trim());

const required = (max: number, what: string, message: string) => text(max, what).pipe(z.string().min(1, message));

/** Blank scopes are dropped and repeats kept once, so "read, , read" is stored as ["read"]. */
const scopes = z
  .array(text(AGENT_LIMITS.scope, 'A scope'))
  .max(AGENT_LIMITS.scopes, `At most ${AGENT_LIMITS.scopes} scopes per tool`)
  .transform((list) => [...new Set(list.filter((s) => s.length > 0))]);

export const agentToolInput = z.strictObject({
  toolName: required(AGENT_LIMITS.toolName, 'Tool name', 'Tool name is required'),
  scopes: scopes.default([]),
});
export type AgentToolInput = z.input<typeof agentToolInput>;

/** A tool list: one grant per tool name (the table's UNIQUE(agent_id, tool_name)). */
const tools = z
  .array(agentToolInput)
  .max(AGENT_LIMITS.tools, `At most ${AGENT_LIMITS.tools} tools per agent`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((t, i) => {
      const key = t.toolName.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: [i, 'toolName'], message: `“${t.toolName}” is listed twice` });
      }
      seen.add(key);
    });
  });

const agentShape = {
  /** The agent's identity: service principal, workload id or agent id; unique within the initiative. */
  agentKey: required(AGENT_LIMITS.agentKey, 'Identity', 'Identity is required'),
  name: required(AGENT_LIMITS.name, 'Name', 'Name is required'),
  description: text(AGENT_LIMITS.description, 'Description'),
  accountableOwnerId: entityId.nullable(),
  autonomyLevel: z.enum(AUTONOMY_LEVELS.ids).nullable(),
  killSwitchMechanism: z.enum(KILL_SWITCH_MECHANISMS.ids).nullable(),
  killSwitchOwnerId: entityId.nullable(),
  killSwitchProcedure: text(AGENT_LIMITS.procedure, 'Procedure'),
  killSwitchLastTested: isoDate.nullable(),
  lastReviewDate: isoDate.nullable(),
  status: z.enum(AGENT_STATUSES.ids),
  tools,
};

export const agentCreateInput = z.strictObject({
  initiativeId: entityId,
  ...agentShape,
  description: agentShape.description.default(''),
  accountableOwnerId: agentShape.accountableOwnerId.default(null),
  autonomyLevel: agentShape.autonomyLevel.default(null),
  killSwitchMechanism: agentShape.killSwitchMechanism.default(null),
  killSwitchOwnerId: agentShape.killSwitchOwnerId.default(null),
  killSwitchProcedure: agentShape.killSwitchProcedure.default(''),
  killSwitchLastTested: agentShape.killSwitchLastTested.default(null),
  lastReviewDate: agentShape.lastReviewDate.default(null),
  status: agentShape.status.default('active'),
  tools: agentShape.tools.default([]),
});
export type AgentCreateInput = z.input<typeof agentCreateInput>;
export type AgentFields = Omit<z.output<typeof agentCreateInput>, 'initiativeId'>;

/** A partial edit; `tools`, when given, replaces the whole tool list. */
export const agentPatch = z.strictObject(agentShape).partial();
export type AgentPatch = z.input<typeof agentPatch>;
export const agentUpdateInput = z.strictObject({ id: entityId, patch: agentPatch });
export const agentDeleteInput = z.strictObject({ id: entityId });
export const agentListInput = z.strictObject({ initiativeId: entityId });

export interface AgentTool {
  id: number;
  toolName: string;
  scopes: string[];
}

export interface Agent {
  id: number;
  initiativeId: number;
  agentKey: string;
  name: string;
  description: string;
  accountableOwnerId: number | null;
  autonomyLevel: AgentAutonomyLevel | null;
  killSwitchMechanism: KillSwitchMechanism | null;
  killSwitchOwnerId: number | null;
  killSwitchProcedure: string;
  killSwitchLastTested: string | null;
  lastReviewDate: string | null;
  status: AgentStatus;
  /** Tool grants in the order they were entered. */
  tools: AgentTool[];
  createdAt: string;
  updatedAt: string;
}

/** An initiative's inventory as the list shows it, with the day the core counts ages from (its clock's UTC date). */
export interface AgentInventory {
  asOf: string;
  agents: Agent[];
}

/** Dates that record something that happened cannot lie ahead of `today` (YYYY-MM-DD). */
export function agentDateIssues(
  v: { killSwitchLastTested?: string | null; lastReviewDate?: string | null },
  today: string,
): { path: 'killSwitchLastTested' | 'lastReviewDate'; message: string }[] {
  const out: { path: 'killSwitchLastTested' | 'lastReviewDate'; message: string }[] = [];
  if (v.killSwitchLastTested && v.killSwitchLastTested > today) {
    out.push({ path: 'killSwitchLastTested', message: 'The kill-switch test date is in the future' });
  }
  if (v.lastReviewDate && v.lastReviewDate > today) {
    out.push({ path: 'lastReviewDate', message: 'The last review date is in the future' });
  }
  return out;
}

/** Splits "read:tickets, write:comments" (commas or new lines) into trimmed, non-blank, distinct scopes. */
export function parseScopes(s: string): string[] {
  return [
    ...new Set(
      s
        .split(/[,\n]/)
        .map((x) => x.trim())
        .filter((x) => x.length > 0),
    ),
  ];
}

/** What the agents.* auto-checks read about an agent (shared/domain/governance/snapshot.ts). */
export function agentSnapshot(a: Agent): AgentSnapshot {
  const hasKillSwitch =
    a.killSwitchMechanism !== null ||
    a.killSwitchOwnerId !== null ||
    a.killSwitchProcedure.trim().length > 0 ||
    a.killSwitchLastTested !== null;
  return {
    agentId: a.agentKey,
    accountableOwnerId: a.accountableOwnerId,
    autonomyLevel: a.autonomyLevel,
    tools: a.tools.map((t) => ({ toolName: t.toolName, scopes: t.scopes })),
    killSwitch: hasKillSwitch
      ? {
          mechanism: a.killSwitchMechanism,
          ownerId: a.killSwitchOwnerId,
          procedure: a.killSwitchProcedure,
          lastTestedDay: a.killSwitchLastTested === null ? null : epochDay(a.killSwitchLastTested),
        }
      : null,
  };
}

/** Days since the kill switch was last tested, or null when it never was (or the date lies ahead). */
export function killSwitchTestAge(a: Pick<AgentSnapshot, 'killSwitch'>, asOf: EpochDay): number | null {
  const day = a.killSwitch?.lastTestedDay ?? null;
  return day === null || day > asOf ? null : asOf - day;
}

/** AGENT_KILL_SWITCH_UNTESTED (domain.md §4.3): never tested, or last tested more than 90 days ago. */
export function killSwitchUntested(a: Pick<AgentSnapshot, 'killSwitch'>, asOf: EpochDay): boolean {
  const age = killSwitchTestAge(a, asOf);
  return age === null || age > AUTO_CHECK_LIMITS.killSwitchTestMaxAgeDays;
}

export type AgentCheckRule = Extract<AutoCheckRuleId, `agents.${string}`>;

/** The agent controls a G4 review checks (criteria G4.A1–A5), with the names people read. */
export const AGENT_CHECKS: readonly { rule: AgentCheckRule; label: string }[] = [
  { rule: 'agents.inventory_complete', label: 'Inventory complete' },
  { rule: 'agents.owners', label: 'Accountable owners' },
  { rule: 'agents.tool_scopes', label: 'Scoped tools' },
  { rule: 'agents.kill_switch', label: 'Tested kill switch' },
  { rule: 'agents.autonomy_level', label: 'Autonomy level' },
];

export interface AgentProblem {
  /** The auto-check this problem makes fail for an autonomous-agent initiative. */
  rule: AgentCheckRule;
  message: string;
  /** The entry itself is incomplete (agents.inventory_complete fails too); a stale test is not. */
  incomplete: boolean;
}

/**
 * What keeps one agent from passing the agents.* auto-checks, one problem per gap, in the order the
 * checks are listed. An agent with none passes every agents.* check (autochecks.test-style agreement is
 * tested in agent.test.ts). Retired agents are out of the inventory the checks read; callers skip them.
 */
export function agentProblems(a: AgentSnapshot, asOf: EpochDay): AgentProblem[] {
  const out: AgentProblem[] = [];
  const gap = (rule: AgentCheckRule, message: string) => out.push({ rule, message, incomplete: true });
  if (a.accountableOwnerId === null) gap('agents.owners', 'No accountable owner');
  const unscoped = a.tools.filter((t) => t.scopes.length === 0).map((t) => t.toolName);
  if (unscoped.length > 0) gap('agents.tool_scopes', `Tools without scopes: ${unscoped.join(', ')}`);
  const k = a.killSwitch;
  if (k === null || k.mechanism === null) gap('agents.kill_switch', 'No kill-switch mechanism');
  else if (k.ownerId === null) gap('agents.kill_switch', 'The kill switch has no owner');
  else if (k.procedure.trim().length === 0) gap('agents.kill_switch', 'The kill switch has no procedure');
  else {
    const age = killSwitchTestAge(a, asOf);
    const stale = (message: string) => out.push({ rule: 'agents.kill_switch', message, incomplete: false });
    if (age === null) stale('The kill switch was never tested');
    else if (age > AUTO_CHECK_LIMITS.killSwitchTestMaxAgeDays) stale(`The kill switch was last tested ${age} days ago`);
  }
  if (a.autonomyLevel === null) gap('agents.autonomy_level', 'No autonomy level');
  return out;
}

export interface AgentCheckSummary {
  rule: AgentCheckRule;
  label: string;
  /** Identities (agent keys) of the agents that make the check fail; empty when it passes. */
  failing: string[];
  /** Set when the check fails for the inventory as a whole (no agent in it). */
  reason: string | null;
}

/**
 * The agents.* checks over an initiative's inventory (active agents only), per check: which agents make
 * it fail. It agrees with runAutoCheck for an autonomous-agent initiative (tested); for other types the
 * checks do not apply and callers should not present them as failing.
 */
export function agentCheckSummary(agents: readonly AgentSnapshot[], asOf: EpochDay): AgentCheckSummary[] {
  if (agents.length === 0) {
    return AGENT_CHECKS.map((c) => ({ ...c, failing: [], reason: 'No agent is in the inventory' }));
  }
  const problems = agents.map((a) => ({ key: a.agentId, list: agentProblems(a, asOf) }));
  return AGENT_CHECKS.map((c) => ({
    ...c,
    failing: problems
      .filter((p) =>
        c.rule === 'agents.inventory_complete'
          ? p.list.some((x) => x.incomplete)
          : p.list.some((x) => x.rule === c.rule),
      )
      .map((p) => p.key),
    reason: null,
  }));
}
