/**
 * Reliability section: the crash-safety harness of issue 8 (electron/core/testing/crash). The figure people
 * need is "iterations survived"; BenchRow carries timings, so the row times each iteration (spawn a worker
 * writing through the real core, SIGKILL it at a random point, recover the file, check I1–I5) and puts the
 * survival count in the note. Any iteration that breaks an invariant makes the row an ERROR, never a PASS.
 */
import { fileURLToPath } from 'node:url';
import { bundleCrashWorker, removeCrashWorker } from '../../../electron/core/testing/crash/bundle';
import { prepareCrashPortfolio, runAndKill, runCrashHarness } from '../../../electron/core/testing/crash/harness';
import type { Ack } from '../../../electron/core/testing/crash/protocol';
import { AckModel, readBaseline, verifyAfterKill } from '../../../electron/core/testing/crash/verify';
import type { BenchContext, BenchRow, RowOutcome } from '../types';

const WORKER = fileURLToPath(new URL('../../../electron/core/testing/crash/worker.ts', import.meta.url));

const crashIterations: BenchRow = {
  figure: 'crash-safety: SIGKILL iteration (write, kill, recover, check I1–I5)',
  // The budget is the harness's own speed (200 iterations must stay a CI-sized test); survival is the verdict.
  target: { ms: 2500, on: 'p95' },
  async run(ctx) {
    const worker = await bundleCrashWorker(WORKER);
    try {
      return await measure(ctx, worker);
    } finally {
      removeCrashWorker(worker);
    }
  },
};

async function measure(ctx: BenchContext, worker: string): Promise<RowOutcome> {
  // 200 kills at the default --runs 30, fewer for a quick run.
  const iterations = Math.max(20, Math.round((ctx.runs * 200) / 30));
  const report = await runCrashHarness({
    worker,
    dir: ctx.temp.make('fd-bench-crash-'),
    iterations,
    seed: 20_261_207,
    log: ctx.log,
  });
  if (report.failures.length > 0) {
    const f = report.failures[0]!;
    throw new Error(
      `${report.failures.length} of ${iterations} iterations broke an invariant; first: iteration ${f.iteration}, seed ${f.seed}: ${f.problems[0]}`,
    );
  }

  // The floor: the same worker started, doing 10 writes and exiting on its own, and the same checks.
  const baseline: number[] = [];
  const dir = ctx.temp.make('fd-bench-crash-base-');
  const path = prepareCrashPortfolio(dir);
  const base = readBaseline(path);
  const model = new AckModel();
  for (let i = 0; i < 10; i++) {
    const t0 = Date.now();
    const run = await runAndKill(worker, [path, dir, String(i), String((i + 1) * 1_000_000), '10'], null);
    if (run.exit.code !== 0) throw new Error(`the baseline worker failed: ${run.stderr}`);
    for (const l of run.lines) if (!['opened', 'begin', 'refused', 'done'].includes(l.op)) model.add(l as Ack);
    const v = verifyAfterKill(path, model, base);
    if (v.problems.length > 0) throw new Error(`the baseline run broke an invariant: ${v.problems[0]}`);
    baseline.push(Date.now() - t0);
  }

  return {
    samples: report.iterationMs,
    baseline,
    baselineLabel: 'same worker, 10 writes, clean exit, same checks',
    note:
      `${report.survived}/${report.iterations} kills survived (I1–I5 held); ${report.killsInFlight} landed inside a ` +
      `write (${report.inFlightCommitted} of them after its COMMIT, before the ack; ${report.killsMidCommit} left a ` +
      `half-written commit in the WAL), ${report.killsBeforeOpen} ` +
      `before the file was open; ${report.acknowledged} acknowledged writes checked; worker start ` +
      `${report.startupMedianMs} ms median`,
  };
}

export const crashRows: BenchRow[] = [crashIterations];
