import { useEffect, useState } from 'react';
import {
  CONNECTION_KINDS,
  CONNECTION_STATES,
  DIAGNOSIS_STAGES,
  type Connection,
  type ConnectionState,
  type Diagnosis,
} from '../../../../shared/domain/connections/connection';
import { errorMessage, invoke } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { setAppState } from '../../app/appState';
import { reportError } from '../../app/commands';
import { Chip } from '../../components/Chip';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { plural } from '../../components/format';
import { toast } from '../../store/toasts';
import { formatAge, formatUntil } from '../monitoring/metricFormat';
import { useNow } from '../monitoring/useNow';
import { ConnectionForm } from './ConnectionForm';
import { useConnectionIntent } from './connectionIntent';
import { DiagnosisView, TestingNotice } from './DiagnosisView';
import './connections.css';
import { RetentionDialog } from './RetentionDialog';

export const CONNECTION_TABLES = ['connections', 'connection_bindings'];

const STATE_TONE: Record<ConnectionState, 'ok' | 'neutral' | 'warning' | 'danger'> = {
  ok: 'ok',
  never: 'neutral',
  failing: 'warning',
  circuit_open: 'danger',
  paused: 'neutral',
};

type Open =
  | { what: 'add' }
  | { what: 'edit'; connection: Connection }
  | { what: 'delete'; connection: Connection }
  | { what: 'test'; id: number | null }
  | { what: 'retention' };

/** Live connections (issue 6): the monitoring systems and AI gateways the app polls, their state and tests. */
export function ConnectionsView() {
  const list = useQuery('connection/list', undefined, CONNECTION_TABLES);
  const [chosen, setChosen] = useState<Open | null>(null);
  // Palette commands ("Add connection…", "Test connection…") wait in the intent store, as the view may
  // not have been mounted when they ran; a dialog opened here replaces them.
  const intent = useConnectionIntent((s) => s.intent);
  const open: Open | null =
    chosen ?? (intent === 'add' ? { what: 'add' } : intent === 'test' ? { what: 'test', id: null } : null);
  const setOpen = (o: Open | null) => {
    useConnectionIntent.getState().clear();
    setChosen(o);
  };
  const close = () => setOpen(null);
  const loaded = list.data !== undefined;
  useEffect(() => {
    if (loaded || list.error !== undefined) setAppState('ready');
  }, [loaded, list.error]);

  const connections = list.data ?? [];
  const remove = async (c: Connection) => {
    try {
      await invoke('connection/delete', { id: c.id });
      toast.change(`Deleted connection “${c.name}”`);
    } catch (e) {
      reportError(e);
    } finally {
      close();
    }
  };

  return (
    <section className="connections-view" aria-labelledby="connections-heading" data-testid="connections-view">
      <div className="view-header">
        <h1 id="connections-heading">Connections</h1>
        <span className="row-count">{loaded ? plural(connections.length, 'connection') : 'Loading…'}</span>
        <div className="spacer" />
        <button type="button" className="button" onClick={() => setOpen({ what: 'retention' })}>
          Data retention…
        </button>
        {connections.length > 0 && (
          <button type="button" className="button" onClick={() => setOpen({ what: 'test', id: null })}>
            Test connection…
          </button>
        )}
        <button
          type="button"
          className="button primary"
          onClick={() => setOpen({ what: 'add' })}
          data-testid="add-connection"
        >
          Add connection
        </button>
      </div>
      {list.error !== undefined && !loaded && (
        <p role="alert" className="empty-state">
          Could not load the connections: {errorMessage(list.error)}
        </p>
      )}
      {loaded && connections.length === 0 ? (
        <div className="empty-state" data-testid="connections-empty">
          <h2>No connections yet</h2>
          <p>
            A connection is a monitoring system or AI gateway the app reads from — Prometheus, Alertmanager, a LiteLLM
            proxy, Langfuse or OpenRouter. Bind an initiative to its slice of that telemetry to see its cost, latency,
            errors, quality and alerts, and to check its SLOs.
          </p>
          <button type="button" className="button primary" onClick={() => setOpen({ what: 'add' })}>
            Add connection
          </button>
        </div>
      ) : (
        loaded && (
          <div className="plain-table-scroll">
            <ConnectionTable connections={connections} onOpen={setOpen} />
          </div>
        )
      )}

      {open?.what === 'add' && <ConnectionForm connection={null} onClose={close} />}
      {open?.what === 'edit' && <ConnectionForm connection={open.connection} onClose={close} />}
      {open?.what === 'retention' && <RetentionDialog onClose={close} />}
      {open?.what === 'test' && <TestDialog connections={connections} initialId={open.id} onClose={close} />}
      {open?.what === 'delete' && (
        <ConfirmDialog
          title="Delete connection?"
          confirmLabel="Delete"
          destructive
          onConfirm={() => remove(open.connection)}
          onCancel={close}
        >
          <p>
            Delete <strong>“{open.connection.name}”</strong>? Its {plural(open.connection.bindingCount, 'binding')} and
            alerts go with it; stored metric history stays.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

export function ConnectionTable({ connections, onOpen }: { connections: Connection[]; onOpen: (o: Open) => void }) {
  const now = useNow(15_000);
  const [pending, setPending] = useState<number | null>(null);
  const act = async (c: Connection, what: 'pause' | 'resume' | 'poll') => {
    if (pending !== null) return;
    setPending(c.id);
    try {
      if (what === 'poll') {
        const after = await invoke('connection/pollNow', { id: c.id });
        if (after.state === 'ok') toast.info(`Polled “${c.name}”`);
        else toast.error(`“${c.name}”: ${after.lastError?.message ?? CONNECTION_STATES.label(after.state)}`);
      } else {
        await invoke('connection/pause', { id: c.id, paused: what === 'pause' });
        toast.change(what === 'pause' ? `Paused “${c.name}”` : `Resumed “${c.name}”`);
      }
    } catch (e) {
      reportError(e);
    } finally {
      setPending(null);
    }
  };
  return (
    <table className="plain-table connections-table" data-testid="connections-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind / version</th>
          <th scope="col">URL</th>
          <th scope="col">State</th>
          <th scope="col">Last OK</th>
          <th scope="col">Next poll</th>
          <th scope="col" className="num">
            Bindings
          </th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {connections.map((c) => {
          const error = c.lastError ? `${DIAGNOSIS_STAGES.label(c.lastError.stage)}: ${c.lastError.message}` : null;
          return (
            <tr key={c.id} data-testid="connection-row" data-connection-id={c.id} data-state={c.state}>
              <td className="strong connection-name">{c.name}</td>
              <td>
                {CONNECTION_KINDS.label(c.kind)}
                {/* Under the kind rather than in a column of its own: the row has to fit beside its actions. */}
                <span className="connection-version small-text muted">{c.version ?? 'version unknown'}</span>
              </td>
              <td className="connection-url" title={c.baseUrl}>
                <code>{c.baseUrl}</code>
              </td>
              <td className="connection-state">
                <Chip tone={STATE_TONE[c.state]} title={error ?? undefined}>
                  {CONNECTION_STATES.label(c.state)}
                </Chip>
                {error && c.state !== 'ok' && (
                  <span className="connection-error small-text" title={error} data-testid="connection-error">
                    {error}
                  </span>
                )}
              </td>
              <td className="nowrap" title={c.lastOkAt ?? undefined}>
                {c.lastOkAt ? formatAge((now - Date.parse(c.lastOkAt)) / 1000) : 'never'}
              </td>
              <td className="nowrap">
                {c.paused ? 'paused' : c.nextPollAt ? formatUntil((Date.parse(c.nextPollAt) - now) / 1000) : '—'}
              </td>
              <td className="num">{c.bindingCount}</td>
              <td>
                <div className="row-actions">
                  <button
                    type="button"
                    className="button small"
                    onClick={() => onOpen({ what: 'test', id: c.id })}
                    aria-label={`Test ${c.name}`}
                    data-testid="connection-test"
                  >
                    Test
                  </button>
                  <button
                    type="button"
                    className="button small"
                    disabled={pending !== null}
                    onClick={() => void act(c, 'poll')}
                    aria-label={`Poll ${c.name} now`}
                  >
                    {pending === c.id ? 'Working…' : 'Poll now'}
                  </button>
                  <button
                    type="button"
                    className="button small"
                    disabled={pending !== null}
                    onClick={() => void act(c, c.paused ? 'resume' : 'pause')}
                    aria-label={`${c.paused ? 'Resume' : 'Pause'} ${c.name}`}
                    data-testid="connection-pause"
                  >
                    {c.paused ? 'Resume' : 'Pause'}
                  </button>
                  <button
                    type="button"
                    className="button small"
                    onClick={() => onOpen({ what: 'edit', connection: c })}
                    aria-label={`Edit ${c.name}`}
                    data-testid="connection-edit"
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button small danger-outline"
                    onClick={() => onOpen({ what: 'delete', connection: c })}
                    aria-label={`Delete ${c.name}`}
                    data-testid="connection-delete"
                  >
                    Delete
                  </button>
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Tests a saved connection and shows the diagnosis; opened from a row (runs at once) or the palette (choose). */
function TestDialog({
  connections,
  initialId,
  onClose,
}: {
  connections: Connection[];
  initialId: number | null;
  onClose: () => void;
}) {
  const [chosenId, setId] = useState<number | null>(initialId);
  // Opened from the palette before the list arrived: the first connection, once there is one.
  const id = chosenId ?? connections[0]?.id ?? null;
  // Opened from a row's Test button, the user already chose: the test starts right away.
  const [state, setState] = useState<{ running: boolean; result: Diagnosis | null; error: string | null }>({
    running: initialId !== null,
    result: null,
    error: null,
  });
  const name = connections.find((c) => c.id === id)?.name ?? 'connection';

  const go = (which: number) =>
    invoke('connection/test', { id: which }).then(
      (result) => setState({ running: false, result, error: null }),
      (e: unknown) => setState({ running: false, result: null, error: errorMessage(e) }),
    );
  const run = (which: number | null) => {
    if (which === null || state.running) return;
    setState({ running: true, result: null, error: null });
    void go(which);
  };

  useEffect(() => {
    if (initialId !== null) void go(initialId);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Dialog
      title={initialId !== null ? `Test “${name}”` : 'Test connection'}
      onClose={onClose}
      size="medium"
      testId="connection-test-dialog"
      actions={
        <>
          <button type="button" className="button" onClick={onClose}>
            Close
          </button>
          <button
            type="button"
            className="button primary"
            disabled={state.running || id === null}
            onClick={() => run(id)}
            data-testid="connection-test-run"
          >
            {state.running ? 'Testing…' : state.result || state.error ? 'Test again' : 'Test'}
          </button>
        </>
      }
    >
      {initialId === null && connections.length === 0 && <p className="muted">No connections to test yet.</p>}
      {initialId === null && connections.length > 0 && (
        <label className="field">
          <span>Connection</span>
          <select
            className="select"
            value={id ?? ''}
            onChange={(e) => {
              setId(Number(e.target.value));
              setState({ running: false, result: null, error: null });
            }}
            data-autofocus
          >
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {state.running && <TestingNotice />}
      {state.error && (
        <p role="alert" className="form-error">
          {state.error}
        </p>
      )}
      {state.result && <DiagnosisView diagnosis={state.result} />}
    </Dialog>
  );
}
