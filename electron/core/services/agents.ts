import { agentDateIssues, type Agent } from '../../../shared/domain/agent';
import { AppError, type FieldIssue } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import type { Db } from '../db/sqlite';
import {
  deleteAgent,
  findAgentByKey,
  getAgent,
  getAgentRecord,
  insertAgent,
  listAgents,
  replaceAgentTools,
  updateAgent,
  type AgentRecord,
} from '../repositories/agents.repo';
import { getInitiativeRecord } from '../repositories/initiatives.repo';
import { getPersonRecord } from '../repositories/people.repo';
import { change, nowIso, type CoreContext } from './context';

type AgentHandlers = Pick<Handlers, 'agent/list' | 'agent/create' | 'agent/update' | 'agent/delete'>;

function mustGet(db: Db, id: number): AgentRecord {
  const r = getAgentRecord(db, id);
  if (!r) throw new AppError('NOT_FOUND', `Agent ${id} does not exist.`);
  return r;
}

function read(db: Db, id: number): Agent {
  const a = getAgent(db, id);
  if (!a) throw new AppError('NOT_FOUND', `Agent ${id} does not exist.`);
  return a;
}

/**
 * The checks the schema cannot make because they need the file or the clock: a unique identity within
 * the initiative, owners that exist, and test / review dates not after today. `prefix` is '' for a create
 * and 'patch.' for an edit, so issues name the field the form shows.
 */
function storedIssues(db: Db, rec: Omit<AgentRecord, 'id'> & { id?: number }, today: string, prefix: string) {
  const issues: FieldIssue[] = [];
  const same = findAgentByKey(db, rec.initiative_id, rec.agent_key);
  if (same && same.id !== rec.id) {
    issues.push({ path: `${prefix}agentKey`, message: `Another agent of this initiative is “${rec.agent_key}”` });
  }
  const people: [string, number | null][] = [
    ['accountableOwnerId', rec.accountable_owner_id],
    ['killSwitchOwnerId', rec.kill_switch_owner_id],
  ];
  for (const [field, id] of people) {
    if (id !== null && !getPersonRecord(db, id)) {
      issues.push({ path: `${prefix}${field}`, message: `Person ${id} does not exist` });
    }
  }
  for (const i of agentDateIssues(
    { killSwitchLastTested: rec.kill_switch_last_tested, lastReviewDate: rec.last_review_date },
    today,
  )) {
    issues.push({ path: `${prefix}${i.path}`, message: i.message });
  }
  return issues;
}

function refuse(issues: FieldIssue[]): void {
  const first = issues[0];
  if (first) throw new AppError('VALIDATION', first.message, issues);
}

export function agentHandlers(ctx: CoreContext): AgentHandlers {
  const today = () => ctx.clock.now().toISOString().slice(0, 10);

  return {
    'agent/list': ({ initiativeId }) => ({ asOf: today(), agents: listAgents(ctx.workspace.db(), initiativeId) }),

    'agent/create': ({ initiativeId, tools, ...f }) => {
      const db = ctx.workspace.db();
      if (!getInitiativeRecord(db, initiativeId)) {
        throw new AppError('NOT_FOUND', `Initiative ${initiativeId} does not exist.`);
      }
      const at = nowIso(ctx);
      const rec: Omit<AgentRecord, 'id'> = {
        initiative_id: initiativeId,
        agent_key: f.agentKey,
        name: f.name,
        description: f.description,
        accountable_owner_id: f.accountableOwnerId,
        autonomy_level: f.autonomyLevel,
        kill_switch_mechanism: f.killSwitchMechanism,
        kill_switch_owner_id: f.killSwitchOwnerId,
        kill_switch_procedure: f.killSwitchProcedure,
        kill_switch_last_tested: f.killSwitchLastTested,
        last_review_date: f.lastReviewDate,
        status: f.status,
        created_at: at,
        updated_at: at,
      };
      refuse(storedIssues(db, rec, today(), ''));
      return change<Agent>(
        ctx,
        `Add agent “${f.name}”`,
        (created) => (created ? [{ kind: 'agent', id: created.id }] : []),
        (tx) => {
          const id = insertAgent(tx, rec);
          replaceAgentTools(tx, id, tools);
          return read(tx, id);
        },
      );
    },

    'agent/update': ({ id, patch }) => {
      const db = ctx.workspace.db();
      const cur = mustGet(db, id);
      // `undefined` keeps the stored value; `null` clears it.
      const keep = <T>(v: T | undefined, stored: T): T => (v !== undefined ? v : stored);
      const next: AgentRecord = {
        ...cur,
        agent_key: keep(patch.agentKey, cur.agent_key),
        name: keep(patch.name, cur.name),
        description: keep(patch.description, cur.description),
        accountable_owner_id: keep(patch.accountableOwnerId, cur.accountable_owner_id),
        autonomy_level: keep(patch.autonomyLevel, cur.autonomy_level),
        kill_switch_mechanism: keep(patch.killSwitchMechanism, cur.kill_switch_mechanism),
        kill_switch_owner_id: keep(patch.killSwitchOwnerId, cur.kill_switch_owner_id),
        kill_switch_procedure: keep(patch.killSwitchProcedure, cur.kill_switch_procedure),
        kill_switch_last_tested: keep(patch.killSwitchLastTested, cur.kill_switch_last_tested),
        last_review_date: keep(patch.lastReviewDate, cur.last_review_date),
        status: keep(patch.status, cur.status),
        updated_at: nowIso(ctx),
      };
      // Only what the patch touches is checked against today: an old stored date stays editable around.
      refuse(
        storedIssues(db, next, today(), 'patch.').filter(
          (i) => patch[i.path.slice('patch.'.length) as keyof typeof patch] !== undefined,
        ),
      );
      return change(
        ctx,
        `Edit agent “${next.name}”`,
        () => [{ kind: 'agent', id }],
        (tx) => {
          mustGet(tx, id);
          updateAgent(tx, next);
          if (patch.tools !== undefined) replaceAgentTools(tx, id, patch.tools);
          return read(tx, id);
        },
      );
    },

    'agent/delete': ({ id }) =>
      change(
        ctx,
        `Delete agent “${mustGet(ctx.workspace.db(), id).name}”`,
        () => [{ kind: 'agent', id }],
        (tx) => {
          deleteAgent(tx, id);
          return { id };
        },
      ),
  };
}
