import { handleRequest } from './simulate';
import type { WorkerMessage } from './protocol';

/**
 * The Monte Carlo runs here, off the UI thread. One request per message; the panel terminates the worker
 * to cancel, so there is no cancellation message to race with.
 */

// Typed by hand: the renderer's tsconfig has the DOM library, not WebWorker.
const scope = self as unknown as {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
};

scope.addEventListener('message', (event) => {
  handleRequest(
    event.data,
    (message) => scope.postMessage(message),
    () => performance.now(),
  );
});
