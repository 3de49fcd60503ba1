import { useMemo, useState } from 'react';
import {
  AUTONOMY_LEVELS,
  KILL_SWITCH_MECHANISMS,
  agentCheckSummary,
  agentProblems,
  agentSnapshot,
  killSwitchTestAge,
  killSwitchUntested,
  type Agent,
} from '../../../../shared/domain/agent';
import type { InitiativeType } from '../../../../shared/domain/enums';
import { epochDay, type EpochDay } from '../../../../shared/domain/governance/days';
import { errorMessage, invoke } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { reportError } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDate, plural } from '../../components/format';
import { toast } from '../../store/toasts';
import { AgentForm } from './AgentForm';
import './agents.css';

const TABLES = ['agents', 'agent_tools'];

type Open = { what: 'create' } | { what: 'edit'; agent: Agent } | { what: 'delete'; agent: Agent };

/**
 * An initiative's agent inventory (domain.md §4.3): identity, owner, autonomy, tools with scopes and the
 * kill switch of each agent, and — for autonomous-agent initiatives — which agents.* checks of the G4
 * gate fail right now and why. Ages count from the core's clock, as the checks do.
 */
export function AgentSection({
  initiativeId,
  initiativeType,
}: {
  initiativeId: number;
  initiativeType: InitiativeType;
}) {
  const inventory = useQuery('agent/list', { initiativeId }, TABLES);
  const people = useQuery('person/list', undefined, ['people']);
  const names = useMemo(() => new Map((people.data ?? []).map((p) => [p.id, p.name])), [people.data]);
  const [open, setOpen] = useState<Open | null>(null);
  const close = () => setOpen(null);
  const agentic = initiativeType === 'autonomous_agent';

  const remove = async (agent: Agent) => {
    try {
      await invoke('agent/delete', { id: agent.id });
      toast.change(`Deleted agent “${agent.name}”`);
    } catch (e) {
      reportError(e);
    } finally {
      close();
    }
  };

  const data = inventory.data;
  const asOf = data ? epochDay(data.asOf) : null;
  const agents = data?.agents ?? [];
  const active = agents.filter((a) => a.status === 'active');

  return (
    <section className="detail-section" aria-labelledby="agents-heading" data-testid="agent-section">
      <div className="section-heading">
        <h3 id="agents-heading">Agents</h3>
        <button
          type="button"
          className="button small"
          onClick={() => setOpen({ what: 'create' })}
          data-testid="add-agent"
        >
          Add agent
        </button>
      </div>
      {inventory.error !== undefined && <p role="alert">{errorMessage(inventory.error)}</p>}
      {data && agents.length === 0 && (
        <p className="muted" data-testid="agents-empty">
          {agentic
            ? 'This initiative is an autonomous agent: add each agent with its identity, accountable owner, tools and scopes, autonomy level and kill switch. The production-readiness gate (G4) checks this inventory.'
            : 'No agents. Add one if this initiative runs an AI agent that acts on its own.'}
        </p>
      )}
      {data && agentic && asOf !== null && <AgentChecks agents={active} asOf={asOf} />}
      {asOf !== null &&
        agents.map((a) => (
          <AgentCard key={a.id} agent={a} asOf={asOf} names={names} onOpen={(what) => setOpen({ what, agent: a })} />
        ))}

      {open?.what === 'create' && data && <AgentForm initiativeId={initiativeId} today={data.asOf} onClose={close} />}
      {open?.what === 'edit' && data && (
        <AgentForm initiativeId={initiativeId} agent={open.agent} today={data.asOf} onClose={close} />
      )}
      {open?.what === 'delete' && (
        <ConfirmDialog
          title="Delete agent?"
          confirmLabel="Delete"
          destructive
          onConfirm={() => remove(open.agent)}
          onCancel={close}
        >
          <p>
            Delete <strong>“{open.agent.name}”</strong> and its {plural(open.agent.tools.length, 'tool grant')} from the
            inventory? You can undo this right after.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** The agents.* auto-checks over the active agents: all passing in one line, else the failing ones and why. */
function AgentChecks({ agents, asOf }: { agents: readonly Agent[]; asOf: EpochDay }) {
  const summary = agentCheckSummary(agents.map(agentSnapshot), asOf);
  const failing = summary.filter((c) => c.reason !== null || c.failing.length > 0);
  return (
    <div className="agent-checks" data-testid="agent-checks" data-failing={failing.length}>
      {failing.length === 0 ? (
        <p className="agent-checks-title">
          <Chip tone="ok">Passes</Chip> Gate G4 agent checks: all {summary.length} pass
        </p>
      ) : (
        <>
          <p className="agent-checks-title">
            Gate G4 agent checks: {failing.length} of {summary.length} fail
          </p>
          <ul>
            {failing.map((c) => (
              <li key={c.rule} data-testid="agent-check" data-rule={c.rule} data-status="failed">
                <Chip tone="warning">Fails</Chip> {c.label}
                <span className="muted">: {c.reason ?? c.failing.join(', ')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function KillSwitchAge({ agent, asOf }: { agent: Agent; asOf: EpochDay }) {
  const snap = agentSnapshot(agent);
  const age = killSwitchTestAge(snap, asOf);
  const stale = killSwitchUntested(snap, asOf);
  const text = age === null ? 'never tested' : age === 0 ? 'tested today' : `tested ${plural(age, 'day')} ago`;
  return (
    <span data-testid="kill-switch-age" data-stale={stale}>
      {stale ? (
        <Chip tone="warning" title="Kill switches should be tested at least every 90 days">
          {text}
        </Chip>
      ) : (
        text
      )}
    </span>
  );
}

function AgentCard({
  agent: a,
  asOf,
  names,
  onOpen,
}: {
  agent: Agent;
  asOf: EpochDay;
  names: ReadonlyMap<number, string>;
  onOpen: (what: 'edit' | 'delete') => void;
}) {
  const person = (id: number | null) =>
    id === null ? <Chip tone="warning">Missing</Chip> : (names.get(id) ?? `person #${id}`);
  const retired = a.status === 'retired';
  const problems = retired ? [] : agentProblems(agentSnapshot(a), asOf);
  return (
    <article
      className={`agent-card${retired ? ' retired' : ''}`}
      data-testid="agent-card"
      data-agent-id={a.id}
      aria-label={`Agent ${a.name}`}
    >
      <div className="agent-head">
        <strong>{a.name}</strong>
        <code className="agent-key" data-testid="agent-key">
          {a.agentKey}
        </code>
        {retired && <Chip tone="neutral">Retired</Chip>}
      </div>
      {a.description && <p className="agent-description">{a.description}</p>}
      <dl className="agent-facts">
        <dt>Owner</dt>
        <dd data-testid="agent-owner">{person(a.accountableOwnerId)}</dd>
        <dt>Autonomy</dt>
        <dd data-testid="agent-autonomy">
          {a.autonomyLevel ? AUTONOMY_LEVELS.label(a.autonomyLevel) : <Chip tone="warning">Not set</Chip>}
        </dd>
        <dt>Tools</dt>
        <dd data-testid="agent-tools">
          {a.tools.length === 0 ? (
            <span className="muted">none</span>
          ) : (
            <>
              <span className="muted">{plural(a.tools.length, 'tool')}</span>
              <ul className="agent-tool-list">
                {a.tools.map((t) => (
                  <li key={t.id} data-testid="agent-tool">
                    <span className="agent-tool-name">{t.toolName}</span>{' '}
                    {t.scopes.length === 0 ? (
                      <Chip tone="warning">no scopes</Chip>
                    ) : (
                      t.scopes.map((s) => (
                        <span key={s} className="tag">
                          {s}
                        </span>
                      ))
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </dd>
        <dt>Kill switch</dt>
        <dd data-testid="agent-kill-switch">
          {a.killSwitchMechanism ? (
            KILL_SWITCH_MECHANISMS.label(a.killSwitchMechanism)
          ) : (
            <Chip tone="warning">No mechanism</Chip>
          )}
          {' · '}
          {person(a.killSwitchOwnerId)}
          {' · '}
          <KillSwitchAge agent={a} asOf={asOf} />
        </dd>
        <dt>Last review</dt>
        <dd data-testid="agent-review">{formatDate(a.lastReviewDate)}</dd>
      </dl>
      {problems.length > 0 && (
        <ul className="agent-problems" data-testid="agent-problems" aria-label={`Problems of ${a.name}`}>
          {problems.map((p) => (
            <li key={p.message} data-rule={p.rule}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      <div className="agent-actions">
        <button
          type="button"
          className="button small"
          onClick={() => onOpen('edit')}
          aria-label={`Edit agent ${a.name}`}
          data-testid="edit-agent"
        >
          Edit
        </button>
        <button
          type="button"
          className="button small danger-outline"
          onClick={() => onOpen('delete')}
          aria-label={`Delete agent ${a.name}`}
          data-testid="delete-agent"
        >
          Delete
        </button>
      </div>
    </article>
  );
}
