import type { PersonRow } from '../../../../shared/domain/person';
import { Field } from '../../components/Field';
import type { GateErrors } from './gateFormat';

export interface ConditionDraft {
  /** Stable React key; never sent. */
  key: number;
  text: string;
  ownerId: string;
  dueDate: string;
}

let nextKey = 1;
export function blankCondition(): ConditionDraft {
  return { key: nextKey++, text: '', ownerId: '', dueDate: '' };
}

interface ConditionsEditorProps {
  conditions: ConditionDraft[];
  onChange: (next: ConditionDraft[]) => void;
  people: PersonRow[];
  /** Issues keyed by full path: "conditions", "conditions.0.ownerId", … */
  errors: GateErrors;
}

/** Conditional go: what must still happen, who owns it and by when. */
export function ConditionsEditor({ conditions, onChange, people, errors }: ConditionsEditorProps) {
  const update = (i: number, patch: Partial<ConditionDraft>) =>
    onChange(conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <fieldset className="gate-conditions" data-testid="conditions-editor">
      <legend>Conditions</legend>
      {errors.conditions && (
        <p className="field-error" data-testid="conditions-error">
          {errors.conditions}
        </p>
      )}
      {conditions.map((c, i) => (
        <div key={c.key} className="gate-condition-row" data-testid="condition-row">
          <Field label={`Condition ${i + 1}`} error={errors[`conditions.${i}.text`]} className="gate-wide">
            <input
              className="input"
              name={`conditions.${i}.text`}
              value={c.text}
              onChange={(e) => update(i, { text: e.target.value })}
              autoComplete="off"
            />
          </Field>
          <Field label="Owner" error={errors[`conditions.${i}.ownerId`]}>
            <select
              className="select"
              name={`conditions.${i}.ownerId`}
              value={c.ownerId}
              onChange={(e) => update(i, { ownerId: e.target.value })}
            >
              <option value="">Choose…</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Due" error={errors[`conditions.${i}.dueDate`]}>
            <input
              className="input"
              type="date"
              name={`conditions.${i}.dueDate`}
              value={c.dueDate}
              onChange={(e) => update(i, { dueDate: e.target.value })}
            />
          </Field>
          <button
            type="button"
            className="button small gate-condition-remove"
            onClick={() => onChange(conditions.filter((_, j) => j !== i))}
            aria-label={`Remove condition ${i + 1}`}
          >
            Remove
          </button>
        </div>
      ))}
      <div>
        <button
          type="button"
          className="button small"
          onClick={() => onChange([...conditions, blankCondition()])}
          data-testid="add-condition"
        >
          Add condition
        </button>
      </div>
    </fieldset>
  );
}
