import type { Agent, AgentTool } from '../../../shared/domain/agent';
import type { Db } from '../db/sqlite';

/** An agents row as stored. */
export interface AgentRecord {
  id: number;
  initiative_id: number;
  agent_key: string;
  name: string;
  description: string;
  accountable_owner_id: number | null;
  autonomy_level: Agent['autonomyLevel'];
  kill_switch_mechanism: Agent['killSwitchMechanism'];
  kill_switch_owner_id: number | null;
  kill_switch_procedure: string;
  kill_switch_last_tested: string | null;
  last_review_date: string | null;
  status: Agent['status'];
  created_at: string;
  updated_at: string;
}

/** An agent_tools row as stored; `scopes` is a JSON array of strings. */
export interface AgentToolRecord {
  id: number;
  agent_id: number;
  tool_name: string;
  scopes: string;
}

const AGENT_COLUMNS = [
  'initiative_id',
  'agent_key',
  'name',
  'description',
  'accountable_owner_id',
  'autonomy_level',
  'kill_switch_mechanism',
  'kill_switch_owner_id',
  'kill_switch_procedure',
  'kill_switch_last_tested',
  'last_review_date',
  'status',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof AgentRecord)[];

const TOOL_COLUMNS = ['agent_id', 'tool_name', 'scopes'] as const satisfies readonly (keyof AgentToolRecord)[];

/** Scopes as stored; anything that is not an array of strings (another writer's junk) reads as no scopes. */
function parseScopes(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

export function toAgentTool(r: AgentToolRecord): AgentTool {
  return { id: r.id, toolName: r.tool_name, scopes: parseScopes(r.scopes) };
}

export function toAgent(r: AgentRecord, tools: readonly AgentToolRecord[]): Agent {
  return {
    id: r.id,
    initiativeId: r.initiative_id,
    agentKey: r.agent_key,
    name: r.name,
    description: r.description,
    accountableOwnerId: r.accountable_owner_id,
    autonomyLevel: r.autonomy_level,
    killSwitchMechanism: r.kill_switch_mechanism,
    killSwitchOwnerId: r.kill_switch_owner_id,
    killSwitchProcedure: r.kill_switch_procedure,
    killSwitchLastTested: r.kill_switch_last_tested,
    lastReviewDate: r.last_review_date,
    status: r.status,
    tools: tools.map(toAgentTool),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function getAgentRecord(db: Db, id: number): AgentRecord | null {
  return (db.prepare('SELECT * FROM agents WHERE id = ?').get(id) as AgentRecord | undefined) ?? null;
}

export function listAgentRecords(db: Db, initiativeId: number): AgentRecord[] {
  return db.prepare('SELECT * FROM agents WHERE initiative_id = ? ORDER BY id').all(initiativeId) as AgentRecord[];
}

/** The agent with this identity in the initiative, if any (the UNIQUE(initiative_id, agent_key) pair). */
export function findAgentByKey(db: Db, initiativeId: number, agentKey: string): AgentRecord | null {
  return (
    (db.prepare('SELECT * FROM agents WHERE initiative_id = ? AND agent_key = ?').get(initiativeId, agentKey) as
      AgentRecord | undefined) ?? null
  );
}

/** An agent's tool grants in entry order. */
export function listAgentToolRecords(db: Db, agentId: number): AgentToolRecord[] {
  return db.prepare('SELECT * FROM agent_tools WHERE agent_id = ? ORDER BY id').all(agentId) as AgentToolRecord[];
}

/** All tool grants of an initiative's agents, for its snapshot (undo of an initiative delete). */
export function listInitiativeAgentToolRecords(db: Db, initiativeId: number): AgentToolRecord[] {
  return db
    .prepare(
      `SELECT t.* FROM agent_tools t JOIN agents a ON a.id = t.agent_id
       WHERE a.initiative_id = ? ORDER BY t.id`,
    )
    .all(initiativeId) as AgentToolRecord[];
}

/** An initiative's agents with their tools, in creation order (two reads, grouped in one pass). */
export function listAgents(db: Db, initiativeId: number): Agent[] {
  const byAgent = new Map<number, AgentToolRecord[]>();
  for (const t of listInitiativeAgentToolRecords(db, initiativeId)) {
    let list = byAgent.get(t.agent_id);
    if (!list) byAgent.set(t.agent_id, (list = []));
    list.push(t);
  }
  return listAgentRecords(db, initiativeId).map((r) => toAgent(r, byAgent.get(r.id) ?? []));
}

export function getAgent(db: Db, id: number): Agent | null {
  const r = getAgentRecord(db, id);
  return r ? toAgent(r, listAgentToolRecords(db, id)) : null;
}

function insertSql(table: string, columns: readonly string[], withId: boolean): string {
  const cols = withId ? ['id', ...columns] : [...columns];
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
}

/** Inserts an agent; an id is given only when undo puts a deleted one back. */
export function insertAgent(db: Db, rec: Omit<AgentRecord, 'id'> & { id?: number }): number {
  const sql = insertSql('agents', AGENT_COLUMNS, rec.id !== undefined);
  return Number(db.prepare(sql).run(rec).lastInsertRowid);
}

export function updateAgent(db: Db, rec: AgentRecord): void {
  const sets = AGENT_COLUMNS.map((c) => `${c} = @${c}`).join(', ');
  db.prepare(`UPDATE agents SET ${sets} WHERE id = @id`).run(rec);
}

export function deleteAgent(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM agents WHERE id = ?').run(id).changes > 0;
}

export function insertAgentTool(db: Db, rec: Omit<AgentToolRecord, 'id'> & { id?: number }): number {
  const sql = insertSql('agent_tools', TOOL_COLUMNS, rec.id !== undefined);
  return Number(db.prepare(sql).run(rec).lastInsertRowid);
}

export function deleteAgentToolsOf(db: Db, agentId: number): void {
  db.prepare('DELETE FROM agent_tools WHERE agent_id = ?').run(agentId);
}

/** Replaces an agent's tool grants with `tools`, in order. */
export function replaceAgentTools(
  db: Db,
  agentId: number,
  tools: readonly { toolName: string; scopes: readonly string[] }[],
): void {
  deleteAgentToolsOf(db, agentId);
  for (const t of tools)
    insertAgentTool(db, { agent_id: agentId, tool_name: t.toolName, scopes: JSON.stringify(t.scopes) });
}

/** Agents a person is the accountable or kill-switch owner of (both ON DELETE RESTRICT). */
export function countAgentsOwnedBy(db: Db, personId: number): number {
  return (
    db
      .prepare('SELECT count(*) AS n FROM agents WHERE accountable_owner_id = @id OR kill_switch_owner_id = @id')
      .get({ id: personId }) as { n: number }
  ).n;
}
