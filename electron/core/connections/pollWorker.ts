// The polling worker: runs the connectors' HTTP requests, JSON parsing and shape checks off the main
// thread, so 50 connections answering at once cost the main process only their SQLite writes (issue 6:
// event-loop delay ≤ 50 ms at p99). No database and no secret store here: the main thread sends each poll's
// target (with its secret, in memory only) and gets the batches back.
import { parentPort } from 'node:worker_threads';
import { CONNECTORS } from './connectors/index';
import { ConnectorError } from './types';
import type { WorkerReply, WorkerRequest } from './workerProtocol';

const port = parentPort;
if (!port) throw new Error('pollWorker.ts runs as a worker thread only');

const inFlight = new Map<number, AbortController>();

port.on('message', (m: WorkerRequest) => {
  if (m.type === 'abort') {
    inFlight.get(m.id)?.abort();
    return;
  }
  const controller = new AbortController();
  inFlight.set(m.id, controller);
  const reply = (r: WorkerReply) => {
    inFlight.delete(m.id);
    port.postMessage(r);
  };
  CONNECTORS[m.kind].poll({ ...m.ctx, signal: controller.signal }).then(
    (result) => reply({ id: m.id, ok: true, result }),
    (e: unknown) =>
      reply({
        id: m.id,
        ok: false,
        error:
          e instanceof ConnectorError
            ? { stage: e.stage, message: e.message, httpStatus: e.httpStatus, retryAfterSec: e.retryAfterSec }
            : { stage: 'shape', message: `Unexpected reply: ${e instanceof Error ? e.message : String(e)}` },
      }),
  );
});
