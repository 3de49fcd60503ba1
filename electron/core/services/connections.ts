// connection/* and binding/*: live connections, their secrets (through the injected SecretStore, never the
// database) and the bindings that tie an initiative to a slice of a connection's telemetry.
//
// Neither connection settings nor bindings go on the undo stack: a connection's secret lives outside the file
// (an undo could not bring a deleted secret back), polling writes its status row continuously, and the UI
// confirms deletes instead. Their changes still emit 'db/changed' so every view refreshes.
import type { Handlers } from '../../../shared/ipc/contract';
import {
  CONNECTION_KINDS,
  DEFAULT_POLL_SECONDS,
  CONNECTION_LIMITS,
  DIAGNOSIS_STAGES,
  type Connection,
  type ConnectionKind,
} from '../../../shared/domain/connections/connection';
import type { Binding, PresetDetection } from '../../../shared/domain/connections/metrics';
import { LANGFUSE_SELECTOR_KEYS } from '../connections/connectors/langfuse';
import { LITELLM_SELECTOR_KEYS } from '../connections/connectors/litellm';
import { OPENROUTER_SELECTOR_KEYS } from '../connections/connectors/openrouter';
import { AppError } from '../../../shared/errors';
import { detectPresets } from '../connections/connectors/prometheus';
import type { PollOutcome } from '../connections/sync';
import { CONNECTORS } from '../connections/connectors/index';
import { scrub } from '../connections/http';
import { diagnose, diagnoseConnection, loadTarget, pollConnection } from '../connections/sync';
import type { ConnectionTarget, Connector } from '../connections/types';
import type { Db } from '../db/sqlite';
import type { SecretStore } from '../ports';
import {
  canonicalJson,
  deleteBinding,
  deleteConnection,
  findConnectionByName,
  findDuplicateBinding,
  getBinding,
  getBindingRecord,
  getConnection,
  getConnectionRecord,
  inferAuthKind,
  insertBinding,
  insertConnection,
  listBindings,
  listConnections,
  setConnectionPaused,
  updateBinding,
  updateConnectionSettings,
  type ConnectionRecord,
  type ConnectionSettings,
} from '../repositories/connections.repo';
import { getInitiativeRecord } from '../repositories/initiatives.repo';
import { nowIso, type CoreContext } from './context';

type ConnectionChannels =
  | 'connection/list'
  | 'connection/create'
  | 'connection/update'
  | 'connection/delete'
  | 'connection/test'
  | 'connection/pause'
  | 'connection/pollNow'
  | 'binding/list'
  | 'binding/save'
  | 'binding/delete'
  | 'binding/detect';

/** The scheduler as the handlers see it (absent: polls run directly, as in the CLI and most tests). */
export interface Poller {
  pollNow(id: number): Promise<PollOutcome | null>;
  wake(): void;
}

export interface ConnectionDeps {
  secrets: SecretStore;
  /** Environment for 'env:VAR' secret references (process.env in the app and CLI). */
  env: Record<string, string | undefined>;
  poller?: Poller;
  /** Tests may substitute connectors and detection; default the real ones. */
  connectors?: Record<ConnectionKind, Connector>;
  detect?: (target: ConnectionTarget, signal?: AbortSignal) => Promise<PresetDetection[]>;
}

/** The keys each REST connector can filter on (Prometheus and Alertmanager take any label name). */
const SELECTOR_KEYS: Partial<Record<ConnectionKind, readonly string[]>> = {
  litellm: LITELLM_SELECTOR_KEYS,
  langfuse: LANGFUSE_SELECTOR_KEYS,
  openrouter: OPENROUTER_SELECTOR_KEYS,
};

const CONNECTION_TABLES = ['connections', 'connection_bindings', 'monitor_alerts', 'metric_series'];

function mustGetConnection(db: Db, id: number): ConnectionRecord {
  const r = getConnectionRecord(db, id);
  if (!r) throw new AppError('NOT_FOUND', `Connection ${id} does not exist.`);
  return r;
}

function view(db: Db, id: number): Connection {
  const c = getConnection(db, id);
  if (!c) throw new AppError('NOT_FOUND', `Connection ${id} does not exist.`);
  return c;
}

function assertNameFree(db: Db, name: string, id: number | null): void {
  const other = findConnectionByName(db, name);
  if (other && other.id !== id) {
    const message = `A connection named “${other.name}” already exists. Choose another name.`;
    throw new AppError('CONFLICT', message);
  }
}

export function connectionHandlers(ctx: CoreContext, deps: ConnectionDeps): Pick<Handlers, ConnectionChannels> {
  const db = () => ctx.workspace.db();
  const changed = (tables: string[]) => ctx.emit('db/changed', { tables });
  const syncDeps = () => ({
    secrets: deps.secrets,
    env: deps.env,
    now: () => ctx.clock.now(),
    ...(deps.connectors ? { connectors: deps.connectors } : {}),
  });

  /** Stores a secret; on failure nothing else is written and the field says why. */
  const putSecret = async (secret: string): Promise<string> => {
    try {
      return await deps.secrets.put(secret);
    } catch (e) {
      // The store's message is about the store (never contains the secret, which it was handed, not shown).
      const message = `The secret could not be stored: ${scrub(e instanceof Error ? e.message : String(e), [secret])}`;
      throw new AppError('VALIDATION', message, [{ path: 'secret', message }]);
    }
  };

  /** Deleting a stored secret after the DB no longer names it; a failure only leaves an orphan, so log it. */
  const dropSecret = async (ref: string | null): Promise<void> => {
    if (ref === null || !ref.startsWith('store:')) return;
    try {
      await deps.secrets.delete(ref);
    } catch (e) {
      ctx.logger.warn('connections: could not delete a stored secret', { error: (e as Error).message });
    }
  };

  return {
    'connection/list': () => listConnections(db()),

    'connection/create': async (input) => {
      assertNameFree(db(), input.name, null);
      const secretRef = input.secret !== undefined ? await putSecret(input.secret) : null;
      try {
        const d = db();
        const id = d.transaction(() => {
          // Checked again inside the transaction: the secret store call was asynchronous.
          assertNameFree(d, input.name, null);
          const at = nowIso(ctx);
          return insertConnection(d, {
            kind: input.kind,
            name: input.name,
            base_url: input.baseUrl,
            auth_kind: input.authKind ?? inferAuthKind(input.kind, secretRef !== null, !!input.username?.trim()),
            username: input.username?.trim() ? input.username.trim() : null,
            secret_ref: secretRef,
            timeout_ms: input.timeoutMs ?? CONNECTION_LIMITS.defaultTimeoutMs,
            poll_interval_s: input.pollIntervalSec ?? DEFAULT_POLL_SECONDS[input.kind],
            created_at: at,
            updated_at: at,
          });
        })();
        changed(['connections']);
        deps.poller?.wake();
        return view(d, id);
      } catch (e) {
        await dropSecret(secretRef);
        throw e;
      }
    },

    'connection/update': async ({ id, patch }) => {
      mustGetConnection(db(), id);
      if (patch.name !== undefined) assertNameFree(db(), patch.name, id);
      const newRef = typeof patch.secret === 'string' ? await putSecret(patch.secret) : null;
      let oldRef: string | null = null;
      try {
        const d = db();
        d.transaction(() => {
          const now = mustGetConnection(d, id);
          if (patch.name !== undefined) assertNameFree(d, patch.name, id);
          const next: ConnectionSettings = {
            name: patch.name ?? now.name,
            base_url: patch.baseUrl ?? now.base_url,
            auth_kind: patch.authKind ?? now.auth_kind,
            username:
              patch.username !== undefined ? (patch.username.trim() ? patch.username.trim() : null) : now.username,
            secret_ref: patch.secret === undefined ? now.secret_ref : newRef,
            timeout_ms: patch.timeoutMs ?? now.timeout_ms,
            poll_interval_s: patch.pollIntervalSec ?? now.poll_interval_s,
          };
          const credentials =
            next.auth_kind !== now.auth_kind || next.username !== now.username || patch.secret !== undefined;
          const reset = next.base_url !== now.base_url ? 'server' : credentials ? 'status' : 'none';
          updateConnectionSettings(d, id, next, nowIso(ctx), reset);
          if (patch.secret !== undefined) oldRef = now.secret_ref;
        })();
      } catch (e) {
        await dropSecret(newRef);
        throw e;
      }
      // The old secret goes only once the file no longer names it.
      await dropSecret(oldRef);
      changed(['connections']);
      deps.poller?.wake();
      return view(db(), id);
    },

    'connection/delete': async ({ id }) => {
      const d = db();
      const cur = mustGetConnection(d, id);
      // Bindings and alerts go with it; metric history stays (its series' connection becomes NULL).
      d.transaction(() => deleteConnection(d, id))();
      await dropSecret(cur.secret_ref);
      changed(CONNECTION_TABLES);
      return { id };
    },

    'connection/test': async (input) => {
      if ('draft' in input) {
        // A draft's secret exists only in this call; nothing is stored or recorded.
        const draft = input.draft;
        const target: ConnectionTarget = {
          id: 0,
          kind: draft.kind,
          name: draft.name,
          baseUrl: draft.baseUrl,
          authKind: draft.authKind ?? inferAuthKind(draft.kind, draft.secret !== undefined, !!draft.username?.trim()),
          username: draft.username?.trim() ? draft.username.trim() : null,
          secret: draft.secret ?? null,
          timeoutMs: draft.timeoutMs ?? CONNECTION_LIMITS.defaultTimeoutMs,
          pollIntervalSec: draft.pollIntervalSec ?? DEFAULT_POLL_SECONDS[draft.kind],
        };
        return diagnose((deps.connectors ?? CONNECTORS)[draft.kind], target);
      }
      const d = db();
      const diagnosis = await diagnoseConnection(d, mustGetConnection(d, input.id), syncDeps());
      changed(['connections']);
      return diagnosis;
    },

    'connection/pause': ({ id, paused }) => {
      const d = db();
      mustGetConnection(d, id);
      d.transaction(() => setConnectionPaused(d, id, paused, nowIso(ctx)))();
      changed(['connections']);
      deps.poller?.wake();
      return view(d, id);
    },

    'connection/pollNow': async ({ id }) => {
      const d = db();
      const r = mustGetConnection(d, id);
      if (deps.poller) {
        await deps.poller.pollNow(id);
      } else {
        const outcome = await pollConnection(d, r, syncDeps());
        if (outcome.tables.length > 0) changed(outcome.tables);
      }
      return view(db(), id);
    },

    'binding/list': ({ initiativeId }) => listBindings(db(), initiativeId),

    'binding/save': async (input) => {
      const d = db();
      const existing = input.id !== undefined ? getBindingRecord(d, input.id) : null;
      if (input.id !== undefined && !existing) throw new AppError('NOT_FOUND', `Binding ${input.id} does not exist.`);
      if (!getInitiativeRecord(d, input.initiativeId)) {
        throw new AppError('NOT_FOUND', `Initiative ${input.initiativeId} does not exist.`);
      }
      const conn = mustGetConnection(d, input.connectionId);
      const preset = input.preset ?? null;
      if (preset !== null && conn.kind !== 'prometheus') {
        const message = `Metric presets apply to Prometheus connections only; “${conn.name}” is ${conn.kind}.`;
        throw new AppError('VALIDATION', message, [{ path: 'preset', message }]);
      }
      const allowed = SELECTOR_KEYS[conn.kind];
      const unknown = allowed ? Object.keys(input.selector).find((k) => !allowed.includes(k)) : undefined;
      if (unknown !== undefined && allowed) {
        // An ignored key would hand this initiative the whole connection's spend: refuse it up front.
        const message = `${CONNECTION_KINDS.label(conn.kind)} cannot select on “${unknown}”; use ${allowed.join(', ')}.`;
        throw new AppError('VALIDATION', message, [{ path: 'selector', message }]);
      }
      if (conn.kind !== 'alertmanager' && Object.keys(input.selector).length === 0) {
        const message = 'Add at least one selector, or every request of the connection counts as this initiative’s.';
        throw new AppError('VALIDATION', message, [{ path: 'selector', message }]);
      }
      const selector = canonicalJson(input.selector);
      const dup = { id: input.id ?? null, initiative_id: input.initiativeId, connection_id: conn.id, selector };
      if (findDuplicateBinding(d, dup)) {
        throw new AppError('CONFLICT', `This initiative is already bound to “${conn.name}” with the same selector.`);
      }
      let detected = '{}';
      if (preset !== null) {
        // Which concrete names this server uses for the preset; a failure here must not block the binding
        // (the server may be down right now): the connector falls back to the preset's known names.
        try {
          const loaded = await loadTarget(conn, deps);
          if ('target' in loaded) {
            const found = (await (deps.detect ?? detectPresets)(loaded.target)).find((p) => p.preset === preset);
            if (found) detected = canonicalJson(found.names as Record<string, string>);
          }
        } catch (e) {
          ctx.logger.info('connections: preset detection failed; binding saved without it', {
            connectionId: conn.id,
            error: e instanceof Error ? e.message : String(e),
          });
        }
      }
      const d2 = db();
      const id = d2.transaction(() => {
        // Re-checked: detection was asynchronous and the connection or initiative may be gone.
        mustGetConnection(d2, conn.id);
        if (!getInitiativeRecord(d2, input.initiativeId)) {
          throw new AppError('NOT_FOUND', `Initiative ${input.initiativeId} does not exist.`);
        }
        if (findDuplicateBinding(d2, dup)) {
          throw new AppError('CONFLICT', `This initiative is already bound to “${conn.name}” with the same selector.`);
        }
        const row = {
          initiative_id: input.initiativeId,
          connection_id: conn.id,
          preset,
          selector,
          detected,
        };
        if (existing) {
          if (!getBindingRecord(d2, existing.id))
            throw new AppError('NOT_FOUND', `Binding ${existing.id} does not exist.`);
          updateBinding(d2, { ...existing, ...row });
          return existing.id;
        }
        return insertBinding(d2, { ...row, created_at: nowIso(ctx) });
      })();
      changed(['connection_bindings', 'connections']);
      deps.poller?.wake();
      const b: Binding | null = getBinding(d2, id);
      if (!b) throw new AppError('NOT_FOUND', `Binding ${id} does not exist.`);
      return b;
    },

    'binding/delete': ({ id }) => {
      const d = db();
      if (!getBindingRecord(d, id)) throw new AppError('NOT_FOUND', `Binding ${id} does not exist.`);
      d.transaction(() => deleteBinding(d, id))();
      changed(['connection_bindings', 'connections']);
      return { id };
    },

    'binding/detect': async ({ connectionId }) => {
      const conn = mustGetConnection(db(), connectionId);
      if (conn.kind !== 'prometheus') {
        throw new AppError(
          'VALIDATION',
          `Metric detection needs a Prometheus connection; “${conn.name}” is ${conn.kind}.`,
          [{ path: 'connectionId', message: 'Not a Prometheus connection' }],
        );
      }
      const loaded = await loadTarget(conn, deps);
      if ('error' in loaded) throw new AppError('CONFLICT', loaded.error.message);
      try {
        return await (deps.detect ?? detectPresets)(loaded.target);
      } catch (e) {
        const stage = e && typeof e === 'object' && 'stage' in e ? String((e as { stage: unknown }).stage) : null;
        const what = stage ? `${DIAGNOSIS_STAGES.label(stage as never)}: ` : '';
        const raw = e instanceof Error ? e.message : String(e);
        const message = scrub(raw, loaded.target.secret ? [loaded.target.secret] : []);
        throw new AppError('CONFLICT', `Could not read the metric names of “${conn.name}”. ${what}${message}`);
      }
    },
  };
}
