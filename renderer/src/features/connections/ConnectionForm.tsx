import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  AUTH_KINDS,
  CONNECTION_KINDS,
  type Connection,
  type ConnectionKind,
  type Diagnosis,
} from '../../../../shared/domain/connections/connection';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { Field } from '../../components/Field';
import { FormDialog } from '../../components/FormDialog';
import { VocabularySelect } from '../../components/VocabularySelect';
import { toast } from '../../store/toasts';
import { issuesByField, type FieldErrors } from '../initiative/issues';
import {
  blankDraft,
  checkDraft,
  createInput,
  draftFromConnection,
  patchOf,
  withKind,
  type ConnectionDraft,
} from './connectionDraft';
import { DiagnosisView, TestingNotice } from './DiagnosisView';

const FORM_ID = 'connection-form';

const URL_HINTS: Record<ConnectionKind, string> = {
  prometheus: 'e.g. http://127.0.0.1:9090',
  alertmanager: 'e.g. http://127.0.0.1:9093',
  litellm: 'e.g. https://litellm.example.com',
  langfuse: 'e.g. https://cloud.langfuse.com',
  openrouter: 'https://openrouter.ai',
};

/** Add or edit a connection, and test the draft before saving it. */
export function ConnectionForm({ connection, onClose }: { connection: Connection | null; onClose: () => void }) {
  const [draft, setDraft] = useState<ConnectionDraft>(() =>
    connection ? draftFromConnection(connection) : blankDraft(),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [testing, setTesting] = useState(false);
  // The diagnosis and the draft it describes: once the form changes, it describes an older draft and is hidden.
  const [tested, setTested] = useState<{ draft: ConnectionDraft; diagnosis: Diagnosis } | null>(null);

  const update = (next: Partial<ConnectionDraft>, fields: string[]) => {
    setDraft((d) => ({ ...d, ...next }));
    if (fields.some((f) => errors[f])) {
      setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k))));
    }
  };
  const set = (key: keyof ConnectionDraft) => (e: { target: { value: string } }) =>
    update({ [key]: e.target.value }, [key]);

  // Focus moves after React has drawn the outcome, not in a requestAnimationFrame: an update made after an
  // awaited call can be committed after the next frame, and the Save / Test button, disabled while busy, has
  // dropped focus to <body> — outside the dialog, where Esc and Tab no longer reach it.
  const testButton = useRef<HTMLButtonElement>(null);
  // Without an invalid field, focus goes back to the Test button after a test, else to the dialog itself.
  const [refocus, setRefocus] = useState<{ n: number; fallback: 'test' | 'dialog' }>({ n: 0, fallback: 'dialog' });
  useEffect(() => {
    if (refocus.n === 0) return;
    const form = document.getElementById(FORM_ID);
    const dialog = form?.closest<HTMLElement>('[role="dialog"]');
    const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else if (!dialog?.contains(document.activeElement)) {
      (refocus.fallback === 'test' && testButton.current ? testButton.current : dialog)?.focus();
    }
  }, [refocus]);
  const focusFirstError = (fallback: 'test' | 'dialog' = 'dialog') => setRefocus((r) => ({ n: r.n + 1, fallback }));

  const showFailure = (err: unknown) => {
    if (isApiError(err, 'VALIDATION') && err.issues.length) {
      // The test sends { draft: … }: its issue paths start with "draft".
      setErrors(issuesByField(err.issues.map((i) => ({ ...i, path: i.path.replace(/^draft\./, '') }))));
    } else {
      setErrors({ '': errorMessage(err) });
    }
  };

  const local = () => {
    const e = checkDraft(draft);
    setErrors(e);
    if (Object.keys(e).length) focusFirstError();
    return Object.keys(e).length === 0;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || testing || !local()) return;
    setBusy(true);
    try {
      if (connection) {
        const patch = patchOf(connection, draft);
        if (Object.keys(patch).length === 0) {
          onClose();
          return;
        }
        const saved = await invoke('connection/update', { id: connection.id, patch });
        toast.change(`Saved connection “${saved.name}”`);
      } else {
        const created = await invoke('connection/create', createInput(draft));
        toast.change(`Added connection “${created.name}”`);
      }
      onClose();
    } catch (err) {
      showFailure(err);
      focusFirstError();
    } finally {
      setBusy(false);
    }
  };

  const test = async () => {
    if (testing || busy || !local()) return;
    const asked = draft;
    setTesting(true);
    setTested(null);
    try {
      // An unchanged saved connection is tested as stored (with its stored secret, which the form never has).
      const unchanged = connection !== null && Object.keys(patchOf(connection, draft)).length === 0;
      const result = await invoke('connection/test', unchanged ? { id: connection.id } : { draft: createInput(draft) });
      setTested({ draft: asked, diagnosis: result });
    } catch (err) {
      showFailure(err);
    } finally {
      setTesting(false);
      focusFirstError('test');
    }
  };

  const needsSecret = draft.authKind !== 'none';
  return (
    <FormDialog
      title={connection ? `Edit “${connection.name}”` : 'Add connection'}
      onClose={onClose}
      formId={FORM_ID}
      submitLabel={busy ? 'Saving…' : connection ? 'Save changes' : 'Add connection'}
      busy={busy || testing}
      formError={errors['']}
      onSubmit={(e) => void submit(e)}
    >
      <Field label="Kind" error={errors.kind}>
        <VocabularySelect
          items={CONNECTION_KINDS.items}
          name="kind"
          value={draft.kind}
          disabled={connection !== null}
          onChange={(e) => {
            const next = withKind(draft, e.target.value as ConnectionKind);
            update(next, ['kind', 'authKind', 'pollIntervalSec']);
          }}
          data-testid="connection-kind"
          {...(connection === null ? { 'data-autofocus': true } : {})}
        />
      </Field>
      <Field label="Name" error={errors.name}>
        <input
          className="input"
          name="name"
          value={draft.name}
          onChange={set('name')}
          placeholder="e.g. Production Prometheus"
          data-testid="connection-name"
          {...(connection !== null ? { 'data-autofocus': true } : {})}
        />
      </Field>
      <Field label="Base URL" error={errors.baseUrl} hint={URL_HINTS[draft.kind]} className="span-2">
        <input
          className="input"
          name="baseUrl"
          value={draft.baseUrl}
          onChange={set('baseUrl')}
          inputMode="url"
          spellCheck={false}
          autoComplete="off"
          data-testid="connection-url"
        />
      </Field>
      <Field label="Authentication" error={errors.authKind}>
        <VocabularySelect
          items={AUTH_KINDS.items}
          name="authKind"
          value={draft.authKind}
          onChange={set('authKind')}
          data-testid="connection-auth"
        />
      </Field>
      {draft.authKind === 'basic' ? (
        <Field label="User name" error={errors.username}>
          <input
            className="input"
            name="username"
            value={draft.username}
            onChange={set('username')}
            autoComplete="off"
            data-testid="connection-username"
          />
        </Field>
      ) : (
        <div aria-hidden="true" />
      )}
      {needsSecret && (
        <div className="span-2 secret-field">
          <Field
            label={draft.authKind === 'basic' ? 'Password / secret key' : 'API key / token'}
            error={errors.secret}
            hint={
              connection?.hasSecret && !draft.removeSecret
                ? 'A secret is stored — leave empty to keep it.'
                : 'Kept in the system’s secret store, never in the portfolio file.'
            }
          >
            <input
              className="input"
              type="password"
              name="secret"
              value={draft.secret}
              onChange={(e) => update({ secret: e.target.value, removeSecret: false }, ['secret'])}
              autoComplete="new-password"
              spellCheck={false}
              data-testid="connection-secret"
            />
          </Field>
          {connection?.hasSecret && (
            <label className="checkbox remove-secret">
              <input
                type="checkbox"
                checked={draft.removeSecret}
                onChange={(e) => update({ removeSecret: e.target.checked, secret: '' }, ['secret'])}
                data-testid="connection-remove-secret"
              />
              Remove secret
            </label>
          )}
        </div>
      )}
      <Field label="Timeout (seconds)" error={errors.timeoutMs}>
        <input
          className="input"
          name="timeoutMs"
          value={draft.timeoutMs}
          onChange={set('timeoutMs')}
          inputMode="decimal"
          data-testid="connection-timeout"
        />
      </Field>
      <Field label="Poll every (seconds)" error={errors.pollIntervalSec}>
        <input
          className="input"
          name="pollIntervalSec"
          value={draft.pollIntervalSec}
          onChange={set('pollIntervalSec')}
          inputMode="numeric"
          data-testid="connection-poll"
        />
      </Field>
      <div className="span-2 connection-test">
        <button
          type="button"
          className="button"
          onClick={() => void test()}
          disabled={testing || busy}
          ref={testButton}
          data-testid="connection-test-draft"
        >
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        {testing && <TestingNotice />}
        {tested && tested.draft === draft && <DiagnosisView diagnosis={tested.diagnosis} />}
      </div>
    </FormDialog>
  );
}
