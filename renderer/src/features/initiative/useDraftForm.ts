import { useState, type FormEvent } from 'react';
import { errorMessage, isApiError } from '../../api/client';
import { issuesByField, type FieldErrors } from './issues';

interface DraftFormOptions<Draft> {
  /** The <form> id: the first invalid field inside it gets the focus after a failed submit. */
  formId: string;
  /** Client-side checks; any error stops the submit before the core is asked. */
  check: (draft: Draft) => FieldErrors;
  /** Sends the draft to the core. A VALIDATION error's issues land beside their fields. */
  save: (draft: Draft) => Promise<void>;
}

/**
 * A dialog form over a draft of string fields: field-level errors from local checks and from the core,
 * a form-level error for anything else, and nothing lost when saving fails.
 */
export function useDraftForm<Draft extends object>(initial: Draft, { formId, check, save }: DraftFormOptions<Draft>) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // After React paints the errors, put the caret in the first bad field.
  const focusFirstError = () =>
    requestAnimationFrame(() => {
      document.querySelector<HTMLElement>(`#${formId} [aria-invalid="true"]`)?.focus();
    });

  const set =
    <K extends keyof Draft>(key: K) =>
    (e: { target: { value: string } }) => {
      setDraft((d) => ({ ...d, [key]: e.target.value as Draft[K] }));
      // An edited field's old error no longer describes it.
      if (errors[key as string]) setErrors(({ [key as string]: _gone, ...rest }) => rest);
    };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = check(draft);
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length) {
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      await save(draft);
    } catch (err) {
      if (isApiError(err, 'VALIDATION') && err.issues.length) {
        const byField = issuesByField(err.issues);
        setErrors(byField);
        if (byField['']) setFormError(byField['']);
        focusFirstError();
      } else {
        setFormError(errorMessage(err));
      }
    } finally {
      setBusy(false);
    }
  };

  return { draft, setDraft, errors, formError, busy, set, submit };
}
