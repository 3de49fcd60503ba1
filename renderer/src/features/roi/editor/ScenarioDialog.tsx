import { SCENARIO_KINDS, type ScenarioKind } from '../../../../../shared/domain/roiScenario';
import { useQuery } from '../../../api/useQuery';
import { Field } from '../../../components/Field';
import { FormDialog } from '../../../components/FormDialog';
import { VocabularySelect } from '../../../components/VocabularySelect';
import type { FieldErrors } from '../../initiative/issues';
import { useDraftForm } from '../../initiative/useDraftForm';

interface ScenarioDraft {
  name: string;
  kind: ScenarioKind;
  templateId: string;
}

interface ScenarioDialogProps {
  title: string;
  submitLabel: string;
  initialName: string;
  initialKind: ScenarioKind;
  /** Offer the templates (roi/templates) to start from. */
  withTemplates?: boolean;
  /** Shown above the fields. */
  intro?: string;
  onSubmit: (d: ScenarioDraft) => Promise<void>;
  onClose: () => void;
}

function check(d: ScenarioDraft, withTemplates: boolean): FieldErrors {
  const e: FieldErrors = {};
  if (!d.name.trim()) e.name = 'Name the scenario';
  else if (d.name.trim().length > 120) e.name = 'At most 120 characters';
  if (withTemplates && !d.templateId) e.templateId = 'Choose a template';
  return e;
}

/** Name and kind of a scenario (new from a template, blank, a what-if copy, or a rename); the core's refusals land beside the fields. */
export function ScenarioDialog({
  title,
  submitLabel,
  initialName,
  initialKind,
  withTemplates = false,
  intro,
  onSubmit,
  onClose,
}: ScenarioDialogProps) {
  const templates = useQuery('roi/templates', undefined, [], withTemplates);
  const { draft, setDraft, errors, formError, busy, set, submit } = useDraftForm<ScenarioDraft>(
    { name: initialName, kind: initialKind, templateId: '' },
    { formId: 'roi-scenario-form', check: (d) => check(d, withTemplates), save: onSubmit },
  );
  const list = templates.data ?? [];
  // The first template is chosen once the list arrives.
  if (withTemplates && !draft.templateId && list[0]) {
    const first = list[0];
    setDraft((d) => ({ ...d, templateId: first.id, name: d.name || first.name }));
  }
  return (
    <FormDialog
      title={title}
      onClose={onClose}
      size="medium"
      layout="form-stack"
      formId="roi-scenario-form"
      submitLabel={submitLabel}
      busy={busy}
      formError={formError}
      onSubmit={submit}
    >
      {intro && <p className="muted">{intro}</p>}
      {withTemplates && (
        <fieldset className="roi-templates" aria-describedby={errors.templateId ? 'roi-template-error' : undefined}>
          <legend>Template</legend>
          {templates.loading && !templates.data && <p className="muted">Loading templates…</p>}
          {templates.error !== undefined && <p role="alert">Templates could not be loaded.</p>}
          {list.map((t) => (
            <label key={t.id} className="roi-template" data-template={t.id}>
              <input
                type="radio"
                name="templateId"
                value={t.id}
                checked={draft.templateId === t.id}
                onChange={() => setDraft((d) => ({ ...d, templateId: t.id }))}
              />
              <span>
                <strong>{t.name}</strong>
                <span className="muted small-text">{t.description}</span>
              </span>
            </label>
          ))}
          {errors.templateId && (
            <span className="field-error" id="roi-template-error" data-testid="field-error">
              {errors.templateId}
            </span>
          )}
        </fieldset>
      )}
      <Field label="Name" error={errors.name}>
        <input
          className="input"
          name="name"
          value={draft.name}
          onChange={set('name')}
          autoComplete="off"
          data-autofocus={withTemplates ? undefined : true}
        />
      </Field>
      <Field
        label="Kind"
        error={errors.kind}
        hint="One baseline, one approved and one current plan; any number of what-ifs"
      >
        <VocabularySelect name="kind" value={draft.kind} onChange={set('kind')} items={SCENARIO_KINDS.items} />
      </Field>
    </FormDialog>
  );
}
