import { useState, type FormEvent } from 'react';
import { LIMITS } from '../../../../shared/domain/initiative';
import type { Person } from '../../../../shared/domain/person';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { FormDialog } from '../../components/FormDialog';
import { Field } from '../../components/Field';
import { toast } from '../../store/toasts';
import { issuesByField, type FieldErrors } from '../initiative/issues';

interface Draft {
  name: string;
  title: string;
  businessUnit: string;
  email: string;
}

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function check(d: Draft): FieldErrors {
  const e: FieldErrors = {};
  if (!d.name.trim()) e.name = 'Name is required';
  else if (d.name.trim().length > LIMITS.personName) e.name = `Name must be at most ${LIMITS.personName} characters`;
  if (d.email.trim() && !EMAIL_RE.test(d.email.trim())) e.email = 'Not an email address';
  if (d.title.trim().length > LIMITS.title) e.title = `Title must be at most ${LIMITS.title} characters`;
  return e;
}

/** Add or edit a person; the core's field errors land next to the field they name. */
export function PersonForm({ person, onClose }: { person: Person | null; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>({
    name: person?.name ?? '',
    title: person?.title ?? '',
    businessUnit: person?.businessUnit ?? '',
    email: person?.email ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = check(draft);
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      if (person) {
        const saved = await invoke('person/update', { id: person.id, patch: draft });
        toast.change(`Saved “${saved.name}”`);
      } else {
        const created = await invoke('person/create', draft);
        toast.change(`Added “${created.name}”`);
      }
      onClose();
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) setErrors(issuesByField(err.issues));
      else setErrors({ '': errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormDialog
      title={person ? `Edit “${person.name}”` : 'Add person'}
      onClose={onClose}
      size="small"
      formId="person-form"
      submitLabel={person ? 'Save changes' : 'Add person'}
      busy={busy}
      formError={errors['']}
      onSubmit={submit}
      layout="form-stack"
    >
      <Field label="Name" error={errors.name}>
        <input className="input" name="name" value={draft.name} onChange={set('name')} data-autofocus />
      </Field>
      <Field label="Title" error={errors.title}>
        <input className="input" name="title" value={draft.title} onChange={set('title')} />
      </Field>
      <Field label="Business unit" error={errors.businessUnit}>
        <input className="input" name="businessUnit" value={draft.businessUnit} onChange={set('businessUnit')} />
      </Field>
      <Field label="Email" error={errors.email}>
        <input className="input" type="email" name="email" value={draft.email} onChange={set('email')} />
      </Field>
    </FormDialog>
  );
}
