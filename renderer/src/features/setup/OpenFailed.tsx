import { useEffect, useRef, useState } from 'react';
import type { OpenFailureReason } from '../../../../shared/domain/workspace';
import { errorMessage, invoke } from '../../api/client';
import { setAppState } from '../../app/appState';
import { createFile, openDefault, openFile } from '../../app/commands';
import { useWorkspace } from '../../store/workspace';
import { RecoveryPanel, useBackupLookup } from '../backups/RecoveryPanel';

const REASONS: Record<OpenFailureReason, string> = {
  NOT_FOUND: 'The file does not exist.',
  NOT_SQLITE: 'The file is not a Flightdeck portfolio (not a database).',
  NOT_FLIGHTDECK: 'The file is a database, but not a Flightdeck portfolio.',
  CORRUPT: 'The file is damaged.',
  LOCKED: 'Another program is using the file.',
  TOO_NEW: 'The file was written by a newer version of Flightdeck. Update Flightdeck to open it.',
  UNREADABLE: 'The file cannot be read.',
  NOT_WRITABLE: 'The file cannot be written to.',
  MIGRATION_FAILED: 'The file could not be upgraded to this version. It was left unchanged.',
};

/** Damage a backup can repair; restoring is offered for these even before the list is known. */
const DAMAGE: ReadonlySet<OpenFailureReason> = new Set(['CORRUPT', 'NOT_SQLITE', 'MIGRATION_FAILED']);
/** The file itself is fine here: restoring would only push a good file aside. */
const FILE_IS_FINE: ReadonlySet<OpenFailureReason> = new Set(['LOCKED', 'TOO_NEW']);

/** The portfolio file could not be opened: say which and why, and offer the ways out. */
export function OpenFailed({ path, reason, message }: { path: string; reason: OpenFailureReason; message: string }) {
  useEffect(() => setAppState('failed'), []);
  const lookup = useBackupLookup(path);
  const hasBackups = lookup.state === 'done' && lookup.list.backups.length > 0;
  const offerRestore = !FILE_IS_FINE.has(reason) && (DAMAGE.has(reason) || hasBackups);
  return (
    <main className="center-screen failed-screen" data-testid="open-failed">
      <div className={`card failed-card${offerRestore ? ' wide' : ''}`} aria-labelledby="failed-title" role="region">
        <h1 id="failed-title">Could not open the portfolio</h1>
        <p className="failed-path">
          <code data-testid="failed-path">{path}</code>
        </p>
        <p className="failed-reason" data-testid="failed-reason" data-reason={reason} role="alert">
          <strong>{REASONS[reason]}</strong>
        </p>
        {reason === 'MIGRATION_FAILED' && (
          <p data-testid="failed-migration">
            Nothing was lost: the file is still on the previous version&apos;s data, exactly as it was before the
            upgrade was tried. A backup from before the upgrade can be restored below.
          </p>
        )}
        {/* SQLite's own words help support, not the reader: one click away. */}
        <details className="failed-detail">
          <summary>Details</summary>
          <p data-testid="failed-message">{message}</p>
        </details>
        <p className="muted">The file was not changed.</p>
        {reason === 'LOCKED' && <TryAgain message={message} />}
        {offerRestore && <RecoveryPanel path={path} lookup={lookup} />}
        <div className="button-row failed-ways-out">
          <button
            type="button"
            className={offerRestore || reason === 'LOCKED' ? 'button' : 'button primary'}
            onClick={() => void openFile()}
            data-testid="failed-open"
          >
            Open another…
          </button>
          <button type="button" className="button" onClick={() => void createFile()} data-testid="failed-create">
            Create new…
          </button>
          <button type="button" className="button" onClick={() => void openDefault()} data-testid="failed-default">
            Open default
          </button>
        </div>
      </div>
    </main>
  );
}

/** "In use": the other program may let go; open the same file again on request. */
function TryAgain({ message }: { message: string }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  useEffect(() => buttonRef.current?.focus(), []);
  const retry = async () => {
    // aria-disabled, not disabled, while busy: a disabled button drops the keyboard focus to the page.
    if (busy) return;
    setBusy(true);
    setOutcome(null);
    try {
      const status = await invoke('workspace/reopen');
      // Still failing (same path and reason) keeps this screen: say when it was checked.
      if (status.state === 'failed') {
        const at = new Date().toLocaleTimeString('en', { hour: 'numeric', minute: '2-digit', second: '2-digit' });
        setOutcome(
          status.reason === 'LOCKED' ? `Still in use (checked at ${at}).` : `Checked at ${at}: ${status.message}`,
        );
      }
      useWorkspace.getState().apply(status);
    } catch (e) {
      setOutcome(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="locked-retry" data-testid="locked">
      {/* The core names what holds the file and what to do; this is only its fallback. */}
      <p data-testid="locked-message">
        {message ||
          'Close the portfolio in the other Flightdeck window or program (for example a command-line import still running), then try again.'}
      </p>
      <div className="button-row">
        <button
          ref={buttonRef}
          type="button"
          className="button primary"
          onClick={() => void retry()}
          aria-disabled={busy}
          aria-busy={busy}
          data-testid="failed-retry"
        >
          {busy ? 'Trying…' : 'Try again'}
        </button>
      </div>
      <p role="status" className="locked-outcome" data-testid="failed-retry-outcome">
        {outcome}
      </p>
    </div>
  );
}
