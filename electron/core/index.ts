import { dirname } from 'node:path';
import type { Handlers } from '../../shared/ipc/contract';
import { AppError } from '../../shared/errors';
import { LATEST_SCHEMA_VERSION } from './db/migrations';
import { generateDemo, writeDemo } from './demo/generate';
import {
  silentLogger,
  systemClock,
  type Clock,
  type Dialogs,
  type Emit,
  type Logger,
  type OpenExternal,
  type PdfEngine,
  type SecretStore,
  noSecretStore,
} from './ports';
import { Jobs } from './services/jobs';
import { importHandlers } from './services/imports';
import { exportHandlers } from './services/exports';
import { setSetting } from './repositories/settings.repo';
import { History } from './services/history';
import { DEFAULT_TIMELINE_LIMIT, initiativeTimeline } from './audit/timeline';
import { initiativeHandlers } from './services/initiatives';
import { peopleHandlers } from './services/people';
import { kpiHandlers } from './services/kpis';
import { roiHandlers } from './services/roi';
import { roiActualHandlers } from './services/roiActuals';
import { agentHandlers } from './services/agents';
import { signalHandlers } from './services/signals';
import { portfolioFlowHandlers } from './services/portfolioFlow';
import { exportImageHandlers } from './services/exportImage';
import { gateHandlers } from './services/gates';
import { riskHandlers } from './services/risks';
import { connectionHandlers } from './services/connections';
import { createWorkerConnectors, type PollWorkerOptions } from './connections/workerConnectors';
import { metricHandlers } from './services/metrics';
import { BackupManager } from './services/backups';
import { Scheduler } from './connections/scheduler';
import { SETUP_DONE_KEY, Workspace, FILE_EXTENSION } from './services/workspace';
import { guardHandlers } from './services/storageGuard';
import type { CoreContext } from './services/context';

export interface CoreDeps {
  /** The portfolio opened at start and by "Open default": the user-data folder's file. */
  defaultDbPath: string;
  /** The user-data folder; gate evidence files are copied under `<dataDir>/evidence`. Default: defaultDbPath's folder. */
  dataDir?: string;
  dialogs: Dialogs;
  openExternal?: OpenExternal;
  emit?: Emit;
  clock?: Clock;
  logger?: Logger;
  actor?: string;
  appVersion?: string;
  platform?: string;
  nativeBinding?: string;
  demoSize?: number;
  demoSeed?: number;
  /** Connection secrets: safeStorage in the app, MemorySecretStore in tests. Default: none (env: refs only). */
  secrets?: SecretStore;
  /** Environment for 'env:VAR' secret references. Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Poll live connections in the background (the app). Default false: the CLI and tests poll on request. */
  polling?: boolean;
  /**
   * Run polls' HTTP and parsing in this worker thread (the app: out/main/pollWorker.cjs), leaving the main
   * thread only the SQLite writes. Default: in-process (the CLI's one-shot sync, tests).
   */
  pollWorker?: PollWorkerOptions;
  /** PDF status packs: Electron's printToPDF in the app; default headless Chromium (CLI, tests). */
  pdfEngine?: PdfEngine;
}

export interface Core {
  handlers: Handlers;
  workspace: Workspace;
  dispose(): void;
}

export const DEMO_SIZE = 40;
export const DEMO_SEED = 20_260_101;

/** Composition root of the back end: plain Node, no Electron. Hosts wrap `handlers` in the router. */
export function createCore(deps: CoreDeps): Core {
  const clock = deps.clock ?? systemClock;
  const emit: Emit = deps.emit ?? (() => {});
  const workspace = new Workspace({ nativeBinding: deps.nativeBinding, now: () => clock.now() });
  const actor = () => deps.actor ?? 'Flightdeck user';
  const history = new History({ meta: () => ({ actor: actor(), at: clock.now().toISOString() }) });
  const ctx: CoreContext = {
    workspace,
    history,
    clock,
    actor,
    emit,
    logger: deps.logger ?? silentLogger,
  };

  const jobs = new Jobs(emit);
  const pollWorker = deps.pollWorker ? createWorkerConnectors(deps.pollWorker) : null;
  // Background polling of live connections; pollNow works through it even when it is not started.
  const scheduler = new Scheduler({
    ...(pollWorker ? { connectors: pollWorker.connectors } : {}),
    db: () => (workspace.path !== null ? workspace.db() : null),
    secrets: deps.secrets ?? noSecretStore,
    env: deps.env ?? process.env,
    now: () => clock.now(),
    emit,
    logger: ctx.logger,
  });
  if (deps.polling) scheduler.start();

  const backups = new BackupManager(ctx, {
    dataDir: deps.dataDir ?? dirname(deps.defaultDbPath),
    // A restore opens another file: everything that follows the workspace must hear of it.
    switched: () => switched(),
    nativeBinding: deps.nativeBinding,
  });

  const switched = () => {
    scheduler.workspaceChanged();
    backups.workspaceChanged();
    history.clear();
    const status = workspace.status();
    emit('workspace/changed', status);
    emit('history/changed', history.state());
    return status;
  };

  const handlers: Handlers = {
    'app/info': () => ({
      version: deps.appVersion ?? '0.0.0',
      schemaVersion: LATEST_SCHEMA_VERSION,
      actor: ctx.actor(),
      platform: deps.platform ?? process.platform,
    }),
    'app/openExternal': async ({ url }) => {
      if (!deps.openExternal) return { opened: false };
      await deps.openExternal(url);
      return { opened: true };
    },
    'workspace/status': () => workspace.status(),
    'workspace/openDefault': () => {
      workspace.open(deps.defaultDbPath, true);
      return switched();
    },
    'workspace/setup': ({ mode }) => {
      const db = workspace.db();
      const status = workspace.status();
      if (status.state === 'open' && !status.firstRun) {
        throw new AppError('CONFLICT', 'This portfolio is already set up.');
      }
      if (mode === 'demo') {
        writeDemo(
          db,
          generateDemo({ size: deps.demoSize ?? DEMO_SIZE, seed: deps.demoSeed ?? DEMO_SEED, now: clock.now() }),
          { actor: ctx.actor(), at: clock.now().toISOString() },
        );
      } else {
        setSetting(db, SETUP_DONE_KEY, 'empty');
      }
      emit('db/changed', { tables: ['initiatives', 'people', 'phase_transitions', 'audit_log'] });
      return switched();
    },
    'workspace/open': async () => {
      const path = await deps.dialogs.chooseOpenPath();
      if (!path) throw new AppError('CANCELLED', 'No file was chosen.');
      workspace.open(path, false);
      return switched();
    },
    'workspace/create': async () => {
      const path = await deps.dialogs.chooseSavePath({
        title: 'New portfolio',
        defaultName: `Portfolio${FILE_EXTENSION}`,
      });
      if (!path) throw new AppError('CANCELLED', 'No file was chosen.');
      workspace.create(path);
      return switched();
    },
    'workspace/reopen': () => {
      workspace.reopen();
      return switched();
    },
    'workspace/retryWrite': () => {
      const status = workspace.retryWrite();
      emit('workspace/changed', status);
      return status;
    },
    ...backups.handlers(),
    'workspace/saveCopy': async () => {
      workspace.db();
      const path = await deps.dialogs.chooseSavePath({
        title: 'Save a copy',
        defaultName: `Portfolio copy${FILE_EXTENSION}`,
      });
      if (!path) throw new AppError('CANCELLED', 'No file was chosen.');
      return { path: workspace.saveCopy(path) };
    },
    ...initiativeHandlers(ctx),
    ...peopleHandlers(ctx),
    ...kpiHandlers(ctx),
    ...roiHandlers(ctx),
    ...roiActualHandlers(ctx),
    ...agentHandlers(ctx),
    ...signalHandlers(ctx),
    ...portfolioFlowHandlers(ctx),
    ...exportImageHandlers({ dialogs: deps.dialogs }),
    ...gateHandlers(ctx, { dialogs: deps.dialogs, dataDir: deps.dataDir ?? dirname(deps.defaultDbPath) }),
    ...riskHandlers(ctx),
    ...connectionHandlers(ctx, {
      ...(pollWorker ? { connectors: pollWorker.connectors } : {}),
      secrets: deps.secrets ?? noSecretStore,
      env: deps.env ?? process.env,
      poller: scheduler,
    }),
    ...metricHandlers(ctx),
    'job/cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    ...importHandlers(ctx, { dialogs: deps.dialogs, jobs }),
    ...exportHandlers(ctx, { dialogs: deps.dialogs, jobs, ...(deps.pdfEngine ? { pdfEngine: deps.pdfEngine } : {}) }),
    'audit/timeline': ({ initiativeId, limit }) =>
      initiativeTimeline(workspace.db(), initiativeId, limit ?? DEFAULT_TIMELINE_LIMIT),
    'history/state': () => history.state(),
    'history/undo': () => {
      const { tables } = history.undo(workspace.db());
      emit('db/changed', { tables });
      emit('history/changed', history.state());
      return history.state();
    },
    'history/redo': () => {
      const { tables } = history.redo(workspace.db());
      emit('db/changed', { tables });
      emit('history/changed', history.state());
      return history.state();
    },
  };

  return {
    // Storage failures (disk full, I/O errors, the file removed) turn into read-only mode for every host.
    handlers: guardHandlers(handlers, { workspace, emit, logger: ctx.logger }),
    workspace,
    dispose: () => {
      // Cancels requests in flight before the file they would write to closes.
      scheduler.stop();
      backups.stop();
      void pollWorker?.close();
      workspace.close();
    },
  };
}
