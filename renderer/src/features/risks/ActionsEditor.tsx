import { useState } from 'react';
import { ACTION_STATUSES, type RiskAction } from '../../../../shared/domain/risk';
import type { PersonRow } from '../../../../shared/domain/person';
import { invoke, isApiError, errorMessage } from '../../api/client';
import { reportError } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { Field } from '../../components/Field';
import { VocabularySelect } from '../../components/VocabularySelect';
import { toast } from '../../store/toasts';
import { actionIssues, errorsFromIssues, newKey, type ActionDraft, type PathErrors } from './riskDraft';

const blankAction = (): ActionDraft => ({
  key: newKey(),
  id: null,
  description: '',
  ownerId: '',
  dueOn: '',
  status: 'PLANNED',
});

/** One action as inline fields: what, who, by when, how far; its errors beside each. */
function ActionRow({
  index,
  value,
  errors,
  people,
  overdue,
  onChange,
  children,
}: {
  index: number;
  value: ActionDraft;
  errors: PathErrors;
  people: readonly PersonRow[];
  overdue: boolean;
  onChange: (a: ActionDraft) => void;
  children?: React.ReactNode;
}) {
  const set = (k: 'description' | 'ownerId' | 'dueOn' | 'status') => (e: { target: { value: string } }) =>
    onChange({ ...value, [k]: e.target.value });
  const n = index + 1;
  return (
    <div className="risk-action-row" data-testid="action-row" data-action-id={value.id ?? ''}>
      <Field label={`Action ${n}`} error={errors.description} className="action-description">
        <input
          className="input"
          name={`actions.${index}.description`}
          value={value.description}
          onChange={set('description')}
          autoComplete="off"
        />
      </Field>
      <Field label="Owner" error={errors.ownerId}>
        <select className="select" name={`actions.${index}.ownerId`} value={value.ownerId} onChange={set('ownerId')}>
          <option value="">— choose —</option>
          {people.map((p) => (
            <option key={p.id} value={String(p.id)}>
              {p.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Due" error={errors.dueOn}>
        <input
          className="input"
          type="date"
          name={`actions.${index}.dueOn`}
          value={value.dueOn}
          onChange={set('dueOn')}
        />
      </Field>
      <Field label="Status" error={errors.status}>
        <VocabularySelect
          name={`actions.${index}.status`}
          value={value.status}
          onChange={set('status')}
          items={ACTION_STATUSES}
        />
      </Field>
      <div className="risk-action-buttons">
        {overdue && (
          <span data-testid="action-overdue">
            <Chip tone="danger" title="Open and past its due date">
              Overdue
            </Chip>
          </span>
        )}
        {children}
      </div>
    </div>
  );
}

const rowErrors = (errors: PathErrors, index: number): PathErrors => {
  const prefix = `actions.${index}.`;
  const out: PathErrors = {};
  for (const [k, v] of Object.entries(errors)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
};

/** Actions of a risk not yet saved: part of the draft, sent with risk/create. */
export function DraftActions({
  actions,
  errors,
  people,
  onChange,
}: {
  actions: ActionDraft[];
  errors: PathErrors;
  people: readonly PersonRow[];
  onChange: (next: ActionDraft[]) => void;
}) {
  return (
    <fieldset className="span-2 risk-actions" data-testid="actions-editor">
      <legend>Treatment actions</legend>
      {actions.length === 0 && <p className="muted">No actions yet.</p>}
      {actions.map((a, i) => (
        <ActionRow
          key={a.key}
          index={i}
          value={a}
          errors={rowErrors(errors, i)}
          people={people}
          overdue={false}
          onChange={(v) => onChange(actions.map((x) => (x.key === a.key ? v : x)))}
        >
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove action ${i + 1}`}
            onClick={() => onChange(actions.filter((x) => x.key !== a.key))}
          >
            ×
          </button>
        </ActionRow>
      ))}
      <div>
        <button
          type="button"
          className="button small"
          data-testid="add-action"
          onClick={() => onChange([...actions, blankAction()])}
        >
          Add action
        </button>
      </div>
    </fieldset>
  );
}

function toDraft(a: RiskAction): ActionDraft {
  return {
    // Negative: never collides with the keys of rows not yet saved.
    key: -a.id,
    id: a.id,
    description: a.description,
    ownerId: String(a.ownerId),
    dueOn: a.dueOn,
    status: a.status,
  };
}

const same = (a: ActionDraft, b: ActionDraft) =>
  a.description === b.description && a.ownerId === b.ownerId && a.dueOn === b.dueOn && a.status === b.status;

/**
 * Actions of a stored risk: each row is saved on its own (risk/addAction, risk/updateAction,
 * risk/deleteAction), so each is one undoable change and a half-written row never blocks the risk's form.
 */
export function LiveActions({
  riskId,
  actions,
  people,
}: {
  riskId: number;
  actions: readonly RiskAction[];
  people: readonly PersonRow[];
}) {
  const [edits, setEdits] = useState<Record<number, ActionDraft>>({});
  const [adding, setAdding] = useState<ActionDraft[]>([]);
  const [errors, setErrors] = useState<Record<number, PathErrors>>({});
  const [busy, setBusy] = useState<number | null>(null);

  const setRowErrors = (key: number, e: PathErrors | null) =>
    setErrors(({ [key]: _gone, ...rest }) => (e && Object.keys(e).length ? { ...rest, [key]: e } : rest));

  const fieldsOf = (d: ActionDraft) => ({
    description: d.description,
    ownerId: Number(d.ownerId),
    dueOn: d.dueOn,
    status: d.status,
  });

  const run = async (d: ActionDraft, call: () => Promise<unknown>, done: () => void, message: string) => {
    const local = actionIssues(d);
    setRowErrors(d.key, local);
    if (Object.keys(local).length) return;
    setBusy(d.key);
    try {
      await call();
      done();
      toast.change(message);
    } catch (e) {
      if (isApiError(e, 'VALIDATION')) setRowErrors(d.key, errorsFromIssues(e.issues));
      else setRowErrors(d.key, { description: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  };

  const remove = async (a: RiskAction) => {
    try {
      await invoke('risk/deleteAction', { id: a.id });
      toast.change(`Removed action “${a.description}”`);
    } catch (e) {
      reportError(e);
    }
  };

  const stored = actions.map((a) => ({ server: toDraft(a), action: a }));
  const rows: { value: ActionDraft; action: RiskAction | null }[] = [
    ...stored.map(({ server, action }) => ({ value: edits[server.key] ?? server, action })),
    ...adding.map((value) => ({ value, action: null })),
  ];

  return (
    <fieldset className="span-2 risk-actions" data-testid="actions-editor">
      <legend>Treatment actions</legend>
      <p className="field-hint">Each action is saved on its own, with its own Save.</p>
      {rows.length === 0 && <p className="muted">No actions yet.</p>}
      {rows.map(({ value, action }, i) => {
        const server = action ? toDraft(action) : null;
        const dirty = server === null || !same(value, server);
        return (
          <ActionRow
            key={value.key}
            index={i}
            value={value}
            errors={errors[value.key] ?? {}}
            people={people}
            overdue={action?.overdue ?? false}
            onChange={(v) => {
              if (action) setEdits((m) => ({ ...m, [v.key]: v }));
              else setAdding((list) => list.map((x) => (x.key === v.key ? v : x)));
            }}
          >
            {dirty && (
              <button
                type="button"
                className="button small primary"
                data-testid="save-action"
                disabled={busy === value.key}
                onClick={() =>
                  action
                    ? void run(
                        value,
                        () => invoke('risk/updateAction', { id: action.id, patch: fieldsOf(value) }),
                        () => setEdits(({ [value.key]: _gone, ...rest }) => rest),
                        `Saved action “${value.description.trim()}”`,
                      )
                    : void run(
                        value,
                        () => invoke('risk/addAction', { riskId, ...fieldsOf(value) }),
                        () => setAdding((list) => list.filter((x) => x.key !== value.key)),
                        `Added action “${value.description.trim()}”`,
                      )
                }
              >
                {action ? 'Save' : 'Add'}
              </button>
            )}
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove action ${i + 1}`}
              onClick={() => {
                if (action) void remove(action);
                else setAdding((list) => list.filter((x) => x.key !== value.key));
                setRowErrors(value.key, null);
              }}
            >
              ×
            </button>
          </ActionRow>
        );
      })}
      <div>
        <button
          type="button"
          className="button small"
          data-testid="add-action"
          onClick={() => setAdding((list) => [...list, blankAction()])}
        >
          Add action
        </button>
      </div>
    </fieldset>
  );
}
