import { useEffect, useState } from 'react';
import { invoke } from '../../api/client';
import { setAppState } from '../../app/appState';
import { reportError } from '../../app/commands';
import { useWorkspace } from '../../store/workspace';

/** Shown once for a new portfolio file: start from a realistic demo or from nothing. */
export function FirstRun({ path }: { path: string }) {
  const [busy, setBusy] = useState<'demo' | 'empty' | null>(null);
  useEffect(() => setAppState('setup'), []);

  const start = async (mode: 'demo' | 'empty') => {
    setBusy(mode);
    try {
      useWorkspace.getState().apply(await invoke('workspace/setup', { mode }));
    } catch (e) {
      reportError(e);
      setBusy(null);
    }
  };

  return (
    <main className="center-screen" data-testid="first-run">
      <div className="card setup-card">
        <h1>Welcome to Flightdeck</h1>
        <p>Track every AI initiative from strategy to scale across the seven-phase roadmap.</p>
        <p className="muted small-text">
          Portfolio file: <code>{path}</code>
        </p>
        <div className="setup-choices">
          <button
            type="button"
            className="choice"
            onClick={() => void start('demo')}
            disabled={busy !== null}
            data-testid="setup-demo"
          >
            <strong>Start with a demo portfolio</strong>
            <span>A sample portfolio of initiatives and their owners, to explore how it works.</span>
          </button>
          <button
            type="button"
            className="choice"
            onClick={() => void start('empty')}
            disabled={busy !== null}
            data-testid="setup-empty"
          >
            <strong>Start empty</strong>
            <span>A clean portfolio for your own initiatives.</span>
          </button>
        </div>
      </div>
    </main>
  );
}
