import { useState, type ReactNode } from 'react';
import type { BackupInfo } from '../../../../shared/domain/workspace';
import { errorMessage } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { formatDateTime, plural } from '../../components/format';
import { baseName, formatSize, relativeTime, restoreBackup } from './backupsStore';

/**
 * The last step before a restore: what will be put back, and what happens to the file there now
 * (moved aside, never deleted). Stays open with the error if the restore fails.
 */
export function RestoreConfirm({
  backup,
  portfolioPath,
  children,
  onCancel,
}: {
  backup: BackupInfo;
  portfolioPath: string;
  /** What happens to the current file, in the caller's words (damaged file or open portfolio). */
  children: ReactNode;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    // aria-disabled, not disabled, while busy: a disabled button drops the keyboard focus to the page.
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await restoreBackup(backup.name);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Dialog
      title="Restore this backup?"
      onClose={() => {
        if (!busy) onCancel();
      }}
      size="small"
      role="alertdialog"
      testId="restore-confirm"
      initialFocus="[data-cancel]"
      actions={
        <>
          <button type="button" className="button" data-cancel onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            data-testid="restore-confirm-button"
            aria-disabled={busy}
            aria-busy={busy}
            onClick={() => void run()}
          >
            {busy ? 'Restoring…' : 'Restore'}
          </button>
        </>
      }
    >
      <div className="restore-confirm">
        <p>
          <strong>
            Backup of {formatDateTime(backup.createdAt)} ({relativeTime(backup.createdAt)})
          </strong>
          <br />
          <span className="muted">
            {formatSize(backup.sizeBytes)}
            {backup.initiativeCount !== null && ` · ${plural(backup.initiativeCount, 'initiative')}`}
          </span>
        </p>
        <p>
          It becomes <code>{baseName(portfolioPath)}</code> again.
        </p>
        {children}
        {error && (
          <p className="form-error" role="alert" data-testid="restore-error">
            The backup was not restored: {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
