import { useEffect } from 'react';
import type { OpenFailureReason } from '../../../../shared/domain/workspace';
import { setAppState } from '../../app/appState';
import { createFile, openDefault, openFile } from '../../app/commands';

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

/** The portfolio file could not be opened: say which and why, and offer the ways out. */
export function OpenFailed({ path, reason, message }: { path: string; reason: OpenFailureReason; message: string }) {
  useEffect(() => setAppState('failed'), []);
  return (
    <main className="center-screen" data-testid="open-failed">
      <div className="card failed-card" role="alert" aria-labelledby="failed-title">
        <h1 id="failed-title">Could not open the portfolio</h1>
        <p className="failed-path">
          <code data-testid="failed-path">{path}</code>
        </p>
        <p className="failed-reason" data-testid="failed-reason" data-reason={reason}>
          <strong>{REASONS[reason]}</strong>
        </p>
        {/* SQLite's own words help support, not the reader: one click away. */}
        <details className="failed-detail">
          <summary>Details</summary>
          <p data-testid="failed-message">{message}</p>
        </details>
        <p className="muted">The file was not changed.</p>
        <div className="button-row">
          <button type="button" className="button primary" onClick={() => void openFile()} data-testid="failed-open">
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
