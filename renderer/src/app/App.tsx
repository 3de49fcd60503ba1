import { useEffect } from 'react';
import { errorMessage, invoke } from '../api/client';
import { onEvent } from '../api/events';
import { Toasts } from '../components/Toasts';
import { FirstRun } from '../features/setup/FirstRun';
import { OpenFailed } from '../features/setup/OpenFailed';
import { useUi } from '../store/ui';
import { useWorkspace } from '../store/workspace';
import { setAppState } from './appState';
import { useExternalLinks } from './links';
import { MainLayout } from './MainLayout';

/** Startup: find out which portfolio is open (opening the default one if none), then show the matching screen. */
export function App() {
  const status = useWorkspace((s) => s.status);
  const generation = useWorkspace((s) => s.generation);
  const bootError = useWorkspace((s) => s.bootError);
  useExternalLinks();

  useEffect(() => {
    setAppState('loading');
    const ws = useWorkspace.getState();
    const off = onEvent('workspace/changed', ws.apply);
    (async () => {
      let s = await invoke('workspace/status');
      if (s.state === 'closed') s = await invoke('workspace/openDefault');
      ws.apply(s);
    })().catch((e: unknown) => ws.setBootError(errorMessage(e)));
    return off;
  }, []);

  useEffect(() => {
    if (bootError) setAppState('failed');
  }, [bootError]);

  // Selection and open panels belong to the previous file.
  useEffect(() => {
    useUi.setState({ detailId: null, activeRowId: null, form: null, paletteOpen: false });
  }, [generation]);

  if (bootError) {
    return (
      <main className="center-screen">
        <div className="card" role="alert">
          <h1>Flightdeck could not start</h1>
          <p>{bootError}</p>
        </div>
      </main>
    );
  }
  if (!status || status.state === 'closed') {
    return (
      <main className="center-screen" aria-busy="true">
        <p className="muted">Opening portfolio…</p>
      </main>
    );
  }
  if (status.state === 'failed') {
    return (
      <>
        <OpenFailed path={status.path} reason={status.reason} message={status.message} />
        <Toasts />
      </>
    );
  }
  if (status.firstRun) {
    return (
      <>
        <FirstRun path={status.path} />
        <Toasts />
      </>
    );
  }
  // Keyed on the generation so a different file starts with fresh views and no stale data.
  return <MainLayout key={generation} path={status.path} />;
}
