import { useState } from 'react';
import type { ReadOnlyReason } from '../../../shared/domain/workspace';
import { errorMessage, invoke } from '../api/client';
import { formatDateTime } from '../components/format';
import { baseName, useBackups } from '../features/backups/backupsStore';
import { toast } from '../store/toasts';
import { useWorkspace } from '../store/workspace';
import { saveCopy } from './commands';
import '../features/backups/backups.css';

const HEADLINES: Record<ReadOnlyReason, string> = {
  DISK_FULL: 'The disk is full: changes cannot be saved',
  IO_ERROR: 'The disk reported an error: changes cannot be saved',
  NOT_WRITABLE: 'The portfolio file can no longer be written',
  FILE_REMOVED: 'The portfolio file was moved or deleted',
};

/**
 * Shown above every view while the open portfolio takes no writes. Reading still works and nothing
 * saved before is lost; Retry checks whether writes work again, Save a copy rescues the data elsewhere.
 */
export function ReadOnlyBanner() {
  const status = useWorkspace((s) => s.status);
  const readOnly = status?.state === 'open' ? status.readOnly : null;
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  if (!readOnly) return <RestoreNotice />;

  const retry = async () => {
    // aria-disabled, not disabled, while busy: a disabled button drops the keyboard focus to the page.
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const next = await invoke('workspace/retryWrite');
      useWorkspace.getState().apply(next);
      if (next.state === 'open' && next.readOnly === null) toast.info('Changes are being saved again.');
      else if (next.state === 'open' && next.readOnly)
        setOutcome(`Still read-only (checked ${formatDateTime(new Date().toISOString())}): ${next.readOnly.message}`);
    } catch (e) {
      setOutcome(`Still read-only: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      className="readonly-banner"
      role="alert"
      aria-labelledby="readonly-title"
      data-testid="readonly-banner"
      data-reason={readOnly.reason}
    >
      <div className="readonly-text">
        <strong id="readonly-title">{HEADLINES[readOnly.reason]}</strong>
        <span data-testid="readonly-message">{readOnly.message}</span>
        <span className="readonly-safe">
          Read-only since {formatDateTime(readOnly.since)}. Everything saved before is safe, and you can keep reading.
        </span>
        {outcome && (
          <span className="readonly-outcome" data-testid="readonly-outcome">
            {outcome}
          </span>
        )}
      </div>
      <div className="readonly-actions">
        <button
          type="button"
          className="button"
          onClick={() => void retry()}
          aria-disabled={busy}
          aria-busy={busy}
          data-testid="readonly-retry"
        >
          {busy ? 'Checking…' : 'Retry'}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={() => void saveCopy()}
          data-testid="readonly-save-copy"
        >
          Save a copy…
        </button>
      </div>
    </div>
  );
}

/** After a restore: which backup came back and where the file it replaced was kept, until dismissed. */
function RestoreNotice() {
  const notice = useBackups((s) => s.notice);
  const dismiss = useBackups((s) => s.dismissNotice);
  if (!notice) return null;
  return (
    <div className="restore-notice" role="status" data-testid="restore-notice">
      <div className="readonly-text">
        <strong>Restored the backup of {formatDateTime(notice.restoredFrom.createdAt)}.</strong>
        {notice.keptDamagedFile ? (
          <span>
            The file it replaced was kept as{' '}
            <code className="path-text" data-testid="restore-kept" title={notice.keptDamagedFile}>
              {baseName(notice.keptDamagedFile)}
            </code>{' '}
            in the same folder.
          </span>
        ) : (
          <span>There was no file to keep at that path.</span>
        )}
      </div>
      <div className="readonly-actions">
        <button type="button" className="button" onClick={dismiss} data-testid="restore-notice-dismiss">
          Dismiss
        </button>
      </div>
    </div>
  );
}
