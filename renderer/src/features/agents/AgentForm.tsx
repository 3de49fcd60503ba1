import {
  AGENT_LIMITS,
  AGENT_STATUSES,
  AUTONOMY_LEVELS,
  KILL_SWITCH_MECHANISMS,
  agentDateIssues,
  parseScopes,
  type Agent,
  type AgentAutonomyLevel,
  type AgentStatus,
  type KillSwitchMechanism,
} from '../../../../shared/domain/agent';
import { invoke } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { FormDialog } from '../../components/FormDialog';
import { Field } from '../../components/Field';
import { VocabularySelect } from '../../components/VocabularySelect';
import { toast } from '../../store/toasts';
import type { FieldErrors } from '../initiative/issues';
import { useDraftForm } from '../initiative/useDraftForm';

/** One row of the tools editor: the scopes as the user types them, comma-separated. */
interface ToolDraft {
  /** Stable React key for the row; never sent. */
  key: number;
  toolName: string;
  scopes: string;
}

/** Everything the form edits, as the strings its controls hold ('' = not set). */
interface Draft {
  agentKey: string;
  name: string;
  description: string;
  accountableOwnerId: string;
  autonomyLevel: AgentAutonomyLevel | '';
  killSwitchMechanism: KillSwitchMechanism | '';
  killSwitchOwnerId: string;
  killSwitchProcedure: string;
  killSwitchLastTested: string;
  lastReviewDate: string;
  status: AgentStatus;
  tools: ToolDraft[];
}

let nextKey = 1;
const toolRow = (toolName = '', scopes = ''): ToolDraft => ({ key: nextKey++, toolName, scopes });

const BLANK = (): Draft => ({
  agentKey: '',
  name: '',
  description: '',
  accountableOwnerId: '',
  autonomyLevel: '',
  killSwitchMechanism: '',
  killSwitchOwnerId: '',
  killSwitchProcedure: '',
  killSwitchLastTested: '',
  lastReviewDate: '',
  status: 'active',
  tools: [toolRow()],
});

function draftFrom(a: Agent): Draft {
  const id = (v: number | null) => (v === null ? '' : String(v));
  return {
    agentKey: a.agentKey,
    name: a.name,
    description: a.description,
    accountableOwnerId: id(a.accountableOwnerId),
    autonomyLevel: a.autonomyLevel ?? '',
    killSwitchMechanism: a.killSwitchMechanism ?? '',
    killSwitchOwnerId: id(a.killSwitchOwnerId),
    killSwitchProcedure: a.killSwitchProcedure,
    killSwitchLastTested: a.killSwitchLastTested ?? '',
    lastReviewDate: a.lastReviewDate ?? '',
    status: a.status,
    tools: a.tools.map((t) => toolRow(t.toolName, t.scopes.join(', '))),
  };
}

/** Rows left wholly blank are dropped rather than refused: an empty last row is the editor's way of adding. */
const filledTools = (d: Draft) => d.tools.filter((t) => t.toolName.trim() || t.scopes.trim());

/** The obvious mistakes, caught before a round trip; the core re-checks everything (owners, duplicates). */
function checkDraft(d: Draft, today: string): FieldErrors {
  const e: FieldErrors = {};
  if (!d.agentKey.trim()) e.agentKey = 'Identity is required';
  else if (d.agentKey.trim().length > AGENT_LIMITS.agentKey) {
    e.agentKey = `Identity must be at most ${AGENT_LIMITS.agentKey} characters`;
  }
  if (!d.name.trim()) e.name = 'Name is required';
  else if (d.name.trim().length > AGENT_LIMITS.name) e.name = `Name must be at most ${AGENT_LIMITS.name} characters`;
  const seen = new Set<string>();
  filledTools(d).forEach((t, i) => {
    const name = t.toolName.trim();
    if (!name) e.tools ??= `Tool ${i + 1}: Tool name is required`;
    else if (seen.has(name.toLowerCase())) e.tools ??= `Tool ${i + 1}: “${name}” is listed twice`;
    seen.add(name.toLowerCase());
  });
  const dates = { killSwitchLastTested: d.killSwitchLastTested || null, lastReviewDate: d.lastReviewDate || null };
  for (const i of agentDateIssues(dates, today)) e[i.path] = i.message;
  return e;
}

function fields(d: Draft) {
  const idOrNull = (s: string) => (s ? Number(s) : null);
  return {
    agentKey: d.agentKey,
    name: d.name,
    description: d.description,
    accountableOwnerId: idOrNull(d.accountableOwnerId),
    autonomyLevel: d.autonomyLevel || null,
    killSwitchMechanism: d.killSwitchMechanism || null,
    killSwitchOwnerId: idOrNull(d.killSwitchOwnerId),
    killSwitchProcedure: d.killSwitchProcedure,
    killSwitchLastTested: d.killSwitchLastTested || null,
    lastReviewDate: d.lastReviewDate || null,
    status: d.status,
    tools: filledTools(d).map((t) => ({ toolName: t.toolName, scopes: parseScopes(t.scopes) })),
  };
}

const NOT_SET = { id: '', label: '— not set —' } as const;

interface AgentFormProps {
  initiativeId: number;
  /** Present when editing. */
  agent?: Agent;
  /** The core's today (YYYY-MM-DD), for the "not in the future" checks. */
  today: string;
  onClose: () => void;
}

/** Add or edit an agent and its tool grants; errors show beside their fields, found here or by the core. */
export function AgentForm({ initiativeId, agent, today, onClose }: AgentFormProps) {
  const people = useQuery('person/list', undefined, ['people']);
  const { draft, setDraft, errors, formError, busy, set, submit } = useDraftForm<Draft>(
    agent ? draftFrom(agent) : BLANK(),
    {
      formId: 'agent-form',
      check: (d) => checkDraft(d, today),
      save: async (d) => {
        const saved = agent
          ? await invoke('agent/update', { id: agent.id, patch: fields(d) })
          : await invoke('agent/create', { initiativeId, ...fields(d) });
        toast.change(agent ? `Saved agent “${saved.name}”` : `Added agent “${saved.name}”`);
        onClose();
      },
    },
  );

  const setTool = (key: number, part: 'toolName' | 'scopes') => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, tools: d.tools.map((t) => (t.key === key ? { ...t, [part]: e.target.value } : t)) }));
  const addTool = () => setDraft((d) => ({ ...d, tools: [...d.tools, toolRow()] }));
  const removeTool = (key: number) => setDraft((d) => ({ ...d, tools: d.tools.filter((t) => t.key !== key) }));

  const personOptions = (people.data ?? []).map((p) => (
    <option key={p.id} value={String(p.id)}>
      {p.name}
      {p.title ? ` — ${p.title}` : ''}
    </option>
  ));

  return (
    <FormDialog
      title={agent ? `Edit agent “${agent.name}”` : 'New agent'}
      onClose={onClose}
      size="large"
      formId="agent-form"
      submitLabel={agent ? 'Save changes' : 'Add agent'}
      busy={busy}
      formError={formError}
      onSubmit={submit}
    >
      <Field label="Identity" error={errors.agentKey} hint="Service principal, workload or agent id">
        <input
          className="input mono"
          name="agentKey"
          value={draft.agentKey}
          onChange={set('agentKey')}
          autoComplete="off"
          spellCheck={false}
          placeholder="e.g. spiffe://corp/agents/triage"
          data-autofocus
          required
        />
      </Field>
      <Field label="Name" error={errors.name}>
        <input className="input" name="name" value={draft.name} onChange={set('name')} autoComplete="off" required />
      </Field>
      <Field label="Description" error={errors.description} className="span-2">
        <textarea
          className="input"
          name="description"
          rows={2}
          value={draft.description}
          onChange={set('description')}
        />
      </Field>
      <Field label="Accountable owner" error={errors.accountableOwnerId}>
        <select
          className="select"
          name="accountableOwnerId"
          value={draft.accountableOwnerId}
          onChange={set('accountableOwnerId')}
        >
          <option value="">— none —</option>
          {personOptions}
        </select>
      </Field>
      <Field
        label="Autonomy level"
        error={errors.autonomyLevel}
        hint={draft.autonomyLevel ? AUTONOMY_LEVELS.items.find((l) => l.id === draft.autonomyLevel)?.hint : undefined}
      >
        <VocabularySelect
          name="autonomyLevel"
          value={draft.autonomyLevel}
          onChange={set('autonomyLevel')}
          items={[NOT_SET, ...AUTONOMY_LEVELS.items]}
        />
      </Field>
      <Field label="Status" error={errors.status}>
        <VocabularySelect name="status" value={draft.status} onChange={set('status')} items={AGENT_STATUSES.items} />
      </Field>
      <Field label="Last review" error={errors.lastReviewDate}>
        <input
          className="input"
          type="date"
          name="lastReviewDate"
          max={today}
          value={draft.lastReviewDate}
          onChange={set('lastReviewDate')}
        />
      </Field>

      <fieldset className="span-2 agent-tools" data-testid="tools-editor">
        <legend>Tools and scopes</legend>
        {draft.tools.map((t, i) => (
          <div className="agent-tool-row" key={t.key} data-testid="tool-row">
            <input
              className="input"
              name={`toolName-${i}`}
              aria-label={`Tool ${i + 1} name`}
              value={t.toolName}
              onChange={setTool(t.key, 'toolName')}
              placeholder="Tool, e.g. zendesk"
              autoComplete="off"
            />
            <input
              className="input"
              name={`scopes-${i}`}
              aria-label={`Tool ${i + 1} scopes, comma-separated`}
              value={t.scopes}
              onChange={setTool(t.key, 'scopes')}
              placeholder="Scopes, comma-separated: tickets:read, tickets:write"
              autoComplete="off"
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove tool ${i + 1}`}
              onClick={() => removeTool(t.key)}
            >
              ×
            </button>
          </div>
        ))}
        {errors.tools && (
          <span className="field-error" role="alert" data-testid="field-error">
            {errors.tools}
          </span>
        )}
        <div>
          <button type="button" className="button small" onClick={addTool} data-testid="add-tool">
            Add tool
          </button>
        </div>
      </fieldset>

      <fieldset className="span-2 agent-kill-switch">
        <legend>Kill switch</legend>
        <Field label="Mechanism" error={errors.killSwitchMechanism}>
          <VocabularySelect
            name="killSwitchMechanism"
            value={draft.killSwitchMechanism}
            onChange={set('killSwitchMechanism')}
            items={[NOT_SET, ...KILL_SWITCH_MECHANISMS.items]}
          />
        </Field>
        <Field label="Owner" error={errors.killSwitchOwnerId}>
          <select
            className="select"
            name="killSwitchOwnerId"
            value={draft.killSwitchOwnerId}
            onChange={set('killSwitchOwnerId')}
          >
            <option value="">— none —</option>
            {personOptions}
          </select>
        </Field>
        <Field label="Last tested" error={errors.killSwitchLastTested}>
          <input
            className="input"
            type="date"
            name="killSwitchLastTested"
            max={today}
            value={draft.killSwitchLastTested}
            onChange={set('killSwitchLastTested')}
          />
        </Field>
        <Field label="Procedure" error={errors.killSwitchProcedure} className="span-3">
          <textarea
            className="input"
            name="killSwitchProcedure"
            rows={2}
            value={draft.killSwitchProcedure}
            onChange={set('killSwitchProcedure')}
            placeholder="How to stop the agent, enforced outside its runtime"
          />
        </Field>
      </fieldset>
    </FormDialog>
  );
}
