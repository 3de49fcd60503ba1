import { useCallback, useEffect, useRef, useState } from 'react';
import type { FieldIssue } from '../../../../../shared/errors';
import {
  describeZodError,
  SIMULATION_LIMITS,
  workerMessageSchema,
  type RunRequest,
  type SimulationOutcome,
} from './protocol';

export type RunSettings = Omit<RunRequest, 'type' | 'runId' | 'bins'>;

export interface MonteCarloState {
  /** The run in flight, with its progress; null when none is. */
  running: { done: number; total: number } | null;
  /** The latest finished run (kept while a new one runs, so the charts do not blank out). */
  outcome: SimulationOutcome | null;
  /** The settings the outcome was computed with. */
  outcomeSettings: RunSettings | null;
  error: { message: string; issues: FieldIssue[] } | null;
  cancelled: boolean;
}

const INITIAL: MonteCarloState = { running: null, outcome: null, outcomeSettings: null, error: null, cancelled: false };

function createWorker(): Worker {
  return new Worker(new URL('./montecarlo.worker.ts', import.meta.url), { type: 'module', name: 'montecarlo' });
}

/** Replaces the worker's listeners (a kept worker serves one run at a time). */
function listen(w: Worker, on: { message: (data: unknown) => void; failure: (message: string) => void }): void {
  w.onmessage = (event: MessageEvent<unknown>) => on.message(event.data);
  w.onerror = (event: ErrorEvent) => {
    event.preventDefault();
    on.failure(`The simulation worker failed${event.message ? `: ${event.message}` : ' to load'}`);
  };
  w.onmessageerror = () => on.failure('The simulation answer could not be read');
}

function send(w: Worker, request: RunRequest): void {
  w.postMessage(request);
}

/**
 * Runs Monte Carlo simulations in a Web Worker. A new run while one is in flight, Cancel and unmount all
 * terminate the busy worker (the loop cannot be interrupted any other way); an idle worker is kept for the
 * next run. Every answer carries its run id and answers to any other run are dropped, so a stale result
 * never replaces a newer one.
 */
export function useMonteCarlo(): {
  state: MonteCarloState;
  run: (settings: RunSettings) => void;
  cancel: () => void;
} {
  const [state, setState] = useState<MonteCarloState>(INITIAL);
  const worker = useRef<Worker | null>(null);
  const busy = useRef(false);
  const runId = useRef(0);

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
    busy.current = false;
  }, []);

  useEffect(() => stop, [stop]);

  const run = useCallback(
    (settings: RunSettings) => {
      if (busy.current) stop();
      const id = ++runId.current;
      const fail = (message: string) => {
        if (id !== runId.current) return;
        stop();
        setState((s) => ({ ...s, running: null, error: { message, issues: [] } }));
      };
      let w = worker.current;
      if (!w) {
        try {
          w = createWorker();
        } catch (e) {
          fail(`The simulation could not start: ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
        worker.current = w;
      }
      const current = w;
      listen(current, {
        message: (data) => {
          if (current !== worker.current) return;
          const parsed = workerMessageSchema.safeParse(data);
          if (!parsed.success) {
            fail(`The simulation sent an unreadable answer (${describeZodError(parsed.error)})`);
            return;
          }
          const message = parsed.data;
          if (message.runId !== runId.current) return;
          if (message.type === 'progress') {
            setState((s) => ({ ...s, running: { done: message.done, total: message.total } }));
            return;
          }
          busy.current = false;
          if (message.type === 'error') {
            setState((s) => ({ ...s, running: null, error: { message: message.message, issues: message.issues } }));
            return;
          }
          setState({ running: null, outcome: message, outcomeSettings: settings, error: null, cancelled: false });
        },
        failure: fail,
      });
      busy.current = true;
      setState((s) => ({ ...s, running: { done: 0, total: settings.iterations }, error: null, cancelled: false }));
      send(current, { type: 'run', runId: id, bins: SIMULATION_LIMITS.bins, ...settings } satisfies RunRequest);
    },
    [stop],
  );

  const cancel = useCallback(() => {
    if (!busy.current) return;
    runId.current++;
    stop();
    setState((s) => ({ ...s, running: null, cancelled: true }));
  }, [stop]);

  return { state, run, cancel };
}
