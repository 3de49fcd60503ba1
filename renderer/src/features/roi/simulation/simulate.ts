import { AppError } from '../../../../../shared/errors';
import { compileModel } from '../../../../../shared/domain/roi/model';
import { runMonteCarlo, tornado } from '../../../../../shared/domain/roi/montecarlo';
import type { CompiledModel } from '../../../../../shared/domain/roi/model';
import { describeZodError, runRequestSchema, type WorkerMessage } from './protocol';

/**
 * What the worker does with one message, kept free of worker globals so vitest can drive it: check the
 * request, compile the model, run the Monte Carlo with progress posts, swing the tornado, post the result.
 * Every failure becomes an `error` message: the panel must never wait on an answer that will not come.
 */
export function handleRequest(data: unknown, post: (message: WorkerMessage) => void, now: () => number): void {
  const parsed = runRequestSchema.safeParse(data);
  if (!parsed.success) {
    post({
      type: 'error',
      runId: runIdOf(data),
      message: `The simulation request was not understood (${describeZodError(parsed.error)})`,
      issues: [],
    });
    return;
  }
  const request = parsed.data;
  const { runId } = request;
  const started = now();
  let compiled: CompiledModel;
  try {
    compiled = compileModel(request.model);
  } catch (e) {
    const issues = e instanceof AppError ? (e.issues ?? []) : [];
    const first = issues[0];
    post({
      type: 'error',
      runId,
      message: first
        ? `The model has ${issues.length === 1 ? 'an error' : `${issues.length} errors`}, so it cannot be simulated: ${first.message}`
        : `The model cannot be simulated: ${e instanceof Error ? e.message : String(e)}`,
      issues,
    });
    return;
  }
  try {
    const total = request.iterations;
    // At most ~200 progress posts, however long the run: each one is a render in the panel.
    const progressEvery = Math.max(500, Math.ceil(total / 200));
    const runStarted = now();
    const result = runMonteCarlo(compiled, {
      iterations: total,
      seed: request.seed,
      riskAdjusted: request.riskAdjusted,
      bins: request.bins,
      progressEvery,
      onProgress: (done) => {
        if (done < total) post({ type: 'progress', runId, done, total });
      },
    });
    const runMs = Math.max(0, now() - runStarted);
    const swings = tornado(compiled, { riskAdjusted: request.riskAdjusted });
    if (result.valid === 0) {
      post({
        type: 'error',
        runId,
        message: 'No iteration gave finite amounts (a formula divides by zero across the whole range)',
        issues: [],
      });
      return;
    }
    post({ type: 'result', runId, elapsedMs: Math.max(0, now() - started), runMs, result, tornado: swings });
  } catch (e) {
    post({
      type: 'error',
      runId,
      message: `The simulation failed: ${e instanceof Error ? e.message : String(e)}`,
      issues: [],
    });
  }
}

function runIdOf(data: unknown): number {
  if (typeof data === 'object' && data !== null && 'runId' in data) {
    const id = (data as { runId: unknown }).runId;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return id;
  }
  return 0;
}
