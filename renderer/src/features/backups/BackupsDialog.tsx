import { useCallback, useEffect, useState } from 'react';
import { BACKUP_LIMITS, type BackupInfo, type BackupList } from '../../../../shared/domain/workspace';
import { errorMessage, invoke, isApiError } from '../../api/client';
import { Chip } from '../../components/Chip';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { formatDateTime, plural } from '../../components/format';
import {
  baseName,
  formatSize,
  isRestorable,
  relativeTime,
  useBackups,
  validateSettings,
  type Draft,
  type DraftErrors,
} from './backupsStore';
import { RestoreConfirm } from './RestoreConfirm';
import './backups.css';

/** Mounted once in the layout; File > Backups… and the palette open it. */
export function BackupsDialogHost() {
  const open = useBackups((s) => s.dialogOpen);
  if (!open) return null;
  return <BackupsDialog />;
}

type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; value: T };

function BackupsDialog() {
  const close = useBackups((s) => s.closeDialog);
  const [list, setList] = useState<Loaded<BackupList>>({ state: 'loading' });
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);

  const load = useCallback(() => {
    invoke('backup/list').then(
      (value) => setList({ state: 'done', value }),
      (e: unknown) => setList({ state: 'error', message: errorMessage(e) }),
    );
  }, []);
  useEffect(load, [load]);

  return (
    <>
      <Dialog
        title="Backups"
        onClose={close}
        size="large"
        testId="backups-dialog"
        actions={
          <button type="button" className="button primary" onClick={close}>
            Close
          </button>
        }
      >
        <div className="backups-dialog">
          <BackupsSection list={list} onChanged={load} onRestore={setRestoring} />
          <SettingsSection />
        </div>
      </Dialog>
      {restoring && list.state === 'done' && (
        <RestoreConfirm backup={restoring} portfolioPath={list.value.portfolioPath} onCancel={() => setRestoring(null)}>
          <p data-testid="restore-confirm-aside">
            The portfolio open now is closed and moved aside in the same folder, to a name ending in{' '}
            <code>.replaced-</code> and the time. It is not deleted: changes made since this backup stay in that file.
          </p>
        </RestoreConfirm>
      )}
    </>
  );
}

function BackupsSection({
  list,
  onChanged,
  onRestore,
}: {
  list: Loaded<BackupList>;
  onChanged: () => void;
  onRestore: (b: BackupInfo) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const backUpNow = async () => {
    // aria-disabled, not disabled, while busy: a disabled button drops the keyboard focus to the page.
    if (busy) return;
    setBusy(true);
    setResult(null);
    try {
      const made = await invoke('backup/now');
      setResult({ tone: 'ok', text: `Backed up: ${made.name} (${formatSize(made.sizeBytes)}).` });
      onChanged();
    } catch (e) {
      setResult({ tone: 'error', text: `No backup was made: ${errorMessage(e)}` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="backups-list-title" className="backups-section">
      <div className="section-heading">
        <h3 id="backups-list-title">Backups of this portfolio</h3>
        <div className="spacer" />
        <button
          type="button"
          className="button"
          onClick={() => void backUpNow()}
          aria-disabled={busy}
          aria-busy={busy}
          data-testid="backup-now"
        >
          {busy ? 'Backing up…' : 'Back up now'}
        </button>
      </div>
      <p
        role="status"
        className={result?.tone === 'error' ? 'form-error' : 'backup-result'}
        data-testid="backup-now-result"
      >
        {result?.text}
      </p>
      {list.state === 'loading' ? (
        <p className="muted" aria-busy="true">
          Loading…
        </p>
      ) : list.state === 'error' ? (
        <p className="form-error" role="alert" data-testid="backups-error">
          Could not list the backups: {list.message}
        </p>
      ) : (
        <BackupTable list={list.value} onRestore={onRestore} />
      )}
    </section>
  );
}

function BackupTable({ list, onRestore }: { list: BackupList; onRestore: (b: BackupInfo) => void }) {
  return (
    <>
      <p className="muted small-text">
        Kept in <code className="path-text">{list.folder}</code>
      </p>
      {list.backups.length === 0 ? (
        <div className="empty-state backups-empty" data-testid="backups-empty">
          <h4>No backups yet</h4>
          <p>
            Flightdeck backs up this portfolio automatically while it is open and has changed. Use Back up now to make
            one immediately.
          </p>
        </div>
      ) : (
        <div className="plain-table-scroll backups-scroll">
          <table className="plain-table backups-table" data-testid="backups-table">
            <thead>
              <tr>
                <th scope="col">Taken</th>
                <th scope="col" className="num">
                  Size
                </th>
                <th scope="col" className="num">
                  Initiatives
                </th>
                <th scope="col">Check</th>
                <th scope="col">
                  <span className="visually-hidden">Restore</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.backups.map((b) => (
                <tr key={b.name} data-testid="backup-row" data-name={b.name} data-ok={String(b.ok)}>
                  <td>
                    <span className="backup-when">{relativeTime(b.createdAt)}</span>
                    <br />
                    <span className="muted small-text">{formatDateTime(b.createdAt)}</span>
                  </td>
                  <td className="num nowrap">{formatSize(b.sizeBytes)}</td>
                  <td className="num">{b.initiativeCount === null ? '—' : b.initiativeCount.toLocaleString('en')}</td>
                  <td>
                    {b.ok === true ? (
                      <Chip tone="ok">OK</Chip>
                    ) : b.ok === null ? (
                      <Chip tone="neutral">Not checked</Chip>
                    ) : (
                      <>
                        <Chip tone="danger">Damaged</Chip>{' '}
                        <span className="backup-problem">{b.problem ?? 'Failed the check.'}</span>
                      </>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button small"
                      disabled={!isRestorable(b)}
                      onClick={() => onRestore(b)}
                      data-testid="backup-restore"
                      aria-label={`Restore the backup of ${formatDateTime(b.createdAt)}`}
                    >
                      Restore…
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small-text">
        {plural(list.backups.length, 'backup')} of {baseName(list.portfolioPath)}.
      </p>
    </>
  );
}

function SettingsSection() {
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    invoke('backup/settings').then(
      (s) => setDraft({ enabled: s.enabled, keep: String(s.keep), intervalMinutes: String(s.intervalMinutes) }),
      (e: unknown) => setLoadError(errorMessage(e)),
    );
  }, []);

  if (loadError)
    return (
      <p className="form-error" role="alert">
        Could not read the backup settings: {loadError}
      </p>
    );
  if (!draft)
    return (
      <p className="muted" aria-busy="true">
        Loading settings…
      </p>
    );

  const update = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setResult(null);
  };
  const save = async () => {
    if (saving) return;
    const checked = validateSettings(draft);
    setErrors(checked.errors);
    if (!checked.value) return;
    setSaving(true);
    setResult(null);
    try {
      const saved = await invoke('backup/setSettings', checked.value);
      setDraft({ enabled: saved.enabled, keep: String(saved.keep), intervalMinutes: String(saved.intervalMinutes) });
      setResult({ tone: 'ok', text: 'Settings saved.' });
    } catch (e) {
      if (isApiError(e, 'VALIDATION') && e.issues.length > 0) {
        const fromCore: DraftErrors = {};
        for (const i of e.issues) if (i.path === 'keep' || i.path === 'intervalMinutes') fromCore[i.path] = i.message;
        setErrors(fromCore);
      }
      setResult({ tone: 'error', text: `Not saved: ${errorMessage(e)}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="backup-settings-title" className="backups-section">
      <h3 id="backup-settings-title">Automatic backups</h3>
      <form
        className="backup-settings"
        data-testid="backup-settings"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="checkbox">
          <input
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => update({ enabled: e.target.checked })}
            data-testid="backup-enabled"
          />
          Back up this portfolio automatically while it is open
        </label>
        <div className="backup-settings-fields">
          <Field
            label="Backups to keep"
            error={errors.keep}
            hint={`${BACKUP_LIMITS.keepMin}–${BACKUP_LIMITS.keepMax}; the oldest go first`}
          >
            <input
              className="input"
              inputMode="numeric"
              value={draft.keep}
              onChange={(e) => update({ keep: e.target.value })}
              data-testid="backup-keep"
            />
          </Field>
          <Field
            label="Minutes between backups"
            error={errors.intervalMinutes}
            hint={`${BACKUP_LIMITS.intervalMin}–${BACKUP_LIMITS.intervalMax}; only after changes`}
          >
            <input
              className="input"
              inputMode="numeric"
              value={draft.intervalMinutes}
              onChange={(e) => update({ intervalMinutes: e.target.value })}
              data-testid="backup-interval"
            />
          </Field>
        </div>
        <div className="button-row">
          <button
            type="submit"
            className="button"
            aria-disabled={saving}
            aria-busy={saving}
            data-testid="backup-settings-save"
          >
            {saving ? 'Saving…' : 'Save settings'}
          </button>
          <span
            role="status"
            className={result?.tone === 'error' ? 'form-error' : 'backup-result'}
            data-testid="backup-settings-result"
          >
            {result?.text}
          </span>
        </div>
      </form>
    </section>
  );
}
