import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import type { Person } from '../../../shared/domain/person';
import type { Db } from '../db/sqlite';
import {
  countOwnedBy,
  deletePerson,
  getPersonRecord,
  insertPerson,
  listPeople,
  toPerson,
  updatePerson,
  type PersonRecord,
} from '../repositories/people.repo';
import { countAgentsOwnedBy } from '../repositories/agents.repo';
import { countGateRolesOf } from '../repositories/gates.repo';
import { countRisksNaming } from '../repositories/risks.repo';
import { change, nowIso, type CoreContext } from './context';

type PeopleHandlers = Pick<Handlers, 'person/list' | 'person/create' | 'person/update' | 'person/delete'>;

function mustGet(db: Db, id: number): PersonRecord {
  const r = getPersonRecord(db, id);
  if (!r) throw new AppError('NOT_FOUND', `Person ${id} does not exist.`);
  return r;
}

export function peopleHandlers(ctx: CoreContext): PeopleHandlers {
  return {
    'person/list': () => listPeople(ctx.workspace.db()),

    'person/create': (p) =>
      change<Person>(
        ctx,
        `Add person “${p.name}”`,
        (created) => (created ? [{ kind: 'person', id: created.id }] : []),
        (db) => {
          const at = nowIso(ctx);
          const id = insertPerson(db, {
            name: p.name,
            email: p.email,
            title: p.title,
            business_unit: p.businessUnit,
            created_at: at,
            updated_at: at,
          });
          return toPerson(mustGet(db, id));
        },
      ),

    'person/update': ({ id, patch }) =>
      change(
        ctx,
        `Edit person “${patch.name ?? mustGet(ctx.workspace.db(), id).name}”`,
        () => [{ kind: 'person', id }],
        (db) => {
          const cur = mustGet(db, id);
          updatePerson(db, {
            ...cur,
            name: patch.name ?? cur.name,
            email: patch.email ?? cur.email,
            title: patch.title ?? cur.title,
            business_unit: patch.businessUnit ?? cur.business_unit,
            updated_at: nowIso(ctx),
          });
          return toPerson(mustGet(db, id));
        },
      ),

    'person/delete': ({ id }) =>
      change(
        ctx,
        `Remove person “${mustGet(ctx.workspace.db(), id).name}”`,
        () => [{ kind: 'person', id }],
        (db) => {
          const owned = countOwnedBy(db, id);
          if (owned > 0) {
            throw new AppError(
              'IN_USE',
              `This person owns ${owned} initiative role${owned === 1 ? '' : 's'}. Reassign them first.`,
            );
          }
          const agents = countAgentsOwnedBy(db, id);
          if (agents > 0) {
            throw new AppError(
              'IN_USE',
              `This person owns ${agents} agent${agents === 1 ? '' : 's'} or their kill switch. Reassign them first.`,
            );
          }
          const gateRoles = countGateRolesOf(db, id);
          if (gateRoles > 0) {
            throw new AppError(
              'IN_USE',
              `This person signed off gate reviews or owns gate conditions (${gateRoles}); those records keep their name.`,
            );
          }
          const risks = countRisksNaming(db, id);
          if (risks > 0) {
            throw new AppError(
              'IN_USE',
              `This person owns, accepted or has actions on ${risks} risk record${risks === 1 ? '' : 's'}. Reassign them first.`,
            );
          }
          deletePerson(db, id);
          return { id };
        },
      ),
  };
}
