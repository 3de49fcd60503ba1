import type { Migration } from './types';

const AUTONOMY = `'L1_OPERATOR','L2_COLLABORATOR','L3_CONSULTANT','L4_APPROVER','L5_OBSERVER'`;
const MECHANISMS = `'CREDENTIAL_REVOKE','GATEWAY_BLOCK','FEATURE_FLAG','ORCHESTRATOR_HALT'`;
/** YYYY-MM-DD; the zod schema checks it is a real day, this keeps other writers from storing junk. */
const isDate = (col: string) => `${col} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;

/**
 * The agent inventory of an initiative (domain.md §4.3), reduced to what the agent controls check:
 * identity, accountable owner, autonomy level, tool grants with scopes and the kill switch. Everything
 * but identity and name is optional so an agent can be registered before it is fully governed (that
 * gap is exactly what the agents.* auto-checks and signals report).
 */
export const m0050Agents: Migration = {
  version: 50,
  name: 'agents',
  up(db) {
    db.exec(`
      CREATE TABLE agents (
        id                      INTEGER PRIMARY KEY,
        initiative_id           INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
        agent_key               TEXT NOT NULL CHECK (length(agent_key) BETWEEN 1 AND 200),
        name                    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description             TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
        accountable_owner_id    INTEGER REFERENCES people(id) ON DELETE RESTRICT,
        autonomy_level          TEXT CHECK (autonomy_level IS NULL OR autonomy_level IN (${AUTONOMY})),
        kill_switch_mechanism   TEXT CHECK (kill_switch_mechanism IS NULL OR kill_switch_mechanism IN (${MECHANISMS})),
        kill_switch_owner_id    INTEGER REFERENCES people(id) ON DELETE RESTRICT,
        kill_switch_procedure   TEXT NOT NULL DEFAULT '' CHECK (length(kill_switch_procedure) <= 2000),
        kill_switch_last_tested TEXT CHECK (kill_switch_last_tested IS NULL OR ${isDate('kill_switch_last_tested')}),
        last_review_date        TEXT CHECK (last_review_date IS NULL OR ${isDate('last_review_date')}),
        status                  TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','retired')),
        created_at              TEXT NOT NULL,
        updated_at              TEXT NOT NULL,
        UNIQUE (initiative_id, agent_key)
      ) STRICT;
      -- People delete checks (RESTRICT) must not scan.
      CREATE INDEX agents_accountable_owner ON agents (accountable_owner_id);
      CREATE INDEX agents_kill_switch_owner ON agents (kill_switch_owner_id);

      CREATE TABLE agent_tools (
        id        INTEGER PRIMARY KEY,
        agent_id  INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        tool_name TEXT NOT NULL CHECK (length(tool_name) BETWEEN 1 AND 200),
        scopes    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(scopes) AND json_type(scopes) = 'array'),
        UNIQUE (agent_id, tool_name)
      ) STRICT;
    `);
  },
};
