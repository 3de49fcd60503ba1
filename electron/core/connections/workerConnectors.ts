import { Worker } from 'node:worker_threads';
import { CONNECTION_KINDS, type ConnectionKind } from '../../../shared/domain/connections/connection';
import { CONNECTORS } from './connectors/index';
import { ConnectorError, type Connector, type PollContext, type PollResult } from './types';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

export interface PollWorkerOptions {
  /** The built worker (out/main/pollWorker.cjs in the app), or pollWorker.ts with a TypeScript loader. */
  path: string;
  /** Node options for the worker, e.g. ['--import', 'tsx'] when `path` is TypeScript (tests, bench). */
  execArgv?: string[];
}

export interface WorkerConnectors {
  connectors: Record<ConnectionKind, Connector>;
  close(): Promise<void>;
}

interface Pending {
  resolve(r: PollResult): void;
  reject(e: ConnectorError): void;
}

/**
 * Connectors whose polls run in a worker thread (pollWorker.ts); `test` stays in-process (one request at a
 * user's click). The worker starts on the first poll and again after a crash, which fails only the polls
 * that were in flight — as a network error, so the scheduler retries them with backoff.
 */
export function createWorkerConnectors(options: PollWorkerOptions): WorkerConnectors {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (message: string) => {
    for (const p of pending.values()) p.reject(new ConnectorError('network', message));
    pending.clear();
  };

  const ensure = (): Worker => {
    if (worker) return worker;
    const w = new Worker(options.path, { execArgv: options.execArgv ?? [] });
    // Polls keep the worker busy, not the process alive: quitting never waits on a timer in here.
    w.unref();
    w.on('message', (r: WorkerReply) => {
      const p = pending.get(r.id);
      if (!p) return;
      pending.delete(r.id);
      if (r.ok) p.resolve(r.result);
      else p.reject(new ConnectorError(r.error.stage, r.error.message, r.error.httpStatus, r.error.retryAfterSec));
    });
    w.on('error', (e) => {
      if (worker === w) worker = null;
      failAll(`The polling worker failed: ${e.message}`);
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      if (pending.size > 0) failAll(`The polling worker stopped (exit code ${code})`);
    });
    worker = w;
    return w;
  };

  const poll = (kind: ConnectionKind) => (ctx: PollContext) =>
    new Promise<PollResult>((resolve, reject) => {
      if (ctx.signal.aborted) {
        reject(new ConnectorError('network', 'The poll was cancelled'));
        return;
      }
      const id = nextId++;
      const { signal, ...rest } = ctx;
      const w = ensure();
      pending.set(id, { resolve, reject });
      signal.addEventListener(
        'abort',
        () => {
          if (!pending.has(id)) return;
          pending.delete(id);
          w.postMessage({ type: 'abort', id } satisfies WorkerRequest);
          reject(new ConnectorError('network', 'The poll was cancelled'));
        },
        { once: true },
      );
      w.postMessage({ type: 'poll', id, kind, ctx: rest } satisfies WorkerRequest);
    });

  const connectors = Object.fromEntries(
    CONNECTION_KINDS.ids.map((kind) => [kind, { kind, test: CONNECTORS[kind].test, poll: poll(kind) }]),
  ) as Record<ConnectionKind, Connector>;

  return {
    connectors,
    close: async () => {
      failAll('The polling worker was closed');
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
