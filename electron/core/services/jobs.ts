import { AppError } from '../../../shared/errors';
import type { Emit } from '../ports';

/**
 * Long jobs (import, export) the renderer can watch and stop. The renderer picks the jobId and passes it with
 * the request, so it can cancel before the request returns. Progress is throttled to ~10 events a second.
 */
export class Jobs {
  private readonly running = new Map<string, AbortController>();
  constructor(private readonly emit: Emit) {}

  /** Runs `work` under `jobId` (or an anonymous job); its signal aborts on 'job/cancel'. */
  async run<T>(
    jobId: string | undefined,
    work: (job: { signal: AbortSignal; progress: (phase: string, done: number, total: number) => void }) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    if (jobId !== undefined) {
      if (this.running.has(jobId)) throw new AppError('CONFLICT', `A job with id ${jobId} is already running.`);
      this.running.set(jobId, controller);
    }
    let last = 0;
    const progress = (phase: string, done: number, total: number) => {
      if (jobId === undefined) return;
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      this.emit('job/progress', { jobId, phase, done, total });
    };
    try {
      return await work({ signal: controller.signal, progress });
    } finally {
      if (jobId !== undefined) this.running.delete(jobId);
    }
  }

  cancel(jobId: string): boolean {
    const c = this.running.get(jobId);
    if (!c) return false;
    c.abort();
    return true;
  }
}

/** Throws CANCELLED when the job was stopped; call between steps. */
export function throwIfCancelled(signal: AbortSignal, what: string): void {
  if (signal.aborted) throw new AppError('CANCELLED', `${what} was cancelled; nothing was changed.`);
}

/** Lets the event loop run (progress events, the cancel request) between chunks of synchronous work. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
