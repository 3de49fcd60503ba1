/**
 * Child process of the crash harness: opens a portfolio through the real core (createCore, the router, fake
 * dialogs) and writes until it is killed (or until --max-ops). Bundled by bundleCrashWorker (bundle.ts) and run with
 * `node worker.cjs <db> <dir> <seed> <seqBase> <maxOps>`.
 *
 * Lines go out with fs.writeSync on fd 1: each is in the pipe before the next write starts, so a line the
 * harness reads is a write the app had acknowledged before the kill.
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../index';
import { createRouter } from '../../router';
import type { Result } from '../../../../shared/errors';
import type { Channel, Input, Output } from '../../../../shared/ipc/contract';
import { FakeDialogs, FixedClock, MemoryLogger } from '../fakes';
import { APP_SENDER, trustAppFrame } from '../test-core';
import type { WorkerLine } from './protocol';
import { runWorkload } from './workload';

const [dbPath, dir, seedArg, seqBaseArg, maxOpsArg] = process.argv.slice(2);
if (!dbPath || !dir || !seedArg || !seqBaseArg) {
  process.stderr.write('usage: worker.cjs <db> <dir> <seed> <seqBase> [maxOps]\n');
  process.exit(2);
}

const print = (line: WorkerLine) => writeSync(1, JSON.stringify(line) + '\n');

async function main(): Promise<void> {
  const dialogs = new FakeDialogs();
  const logger = new MemoryLogger();
  const core = createCore({
    defaultDbPath: dbPath!,
    dataDir: join(dir!, 'data'),
    dialogs,
    clock: new FixedClock('2026-03-02T09:00:00.000Z'),
    logger,
  });
  const dispatch = createRouter(core.handlers, trustAppFrame, logger);
  const invoke = <C extends Channel>(channel: C, input?: Input<C>) =>
    dispatch(APP_SENDER, channel, input) as Promise<Result<Output<C>>>;

  const status = await invoke('workspace/openDefault');
  if (!status.ok || status.value.state !== 'open') {
    const failed = status.ok && status.value.state === 'failed' ? status.value : null;
    print({
      op: 'openFailed',
      reason: status.ok ? (failed?.reason ?? status.value.state) : status.error.code,
      message: status.ok ? (failed?.message ?? '') : status.error.message,
    });
    process.exit(3);
  }
  print({ op: 'opened' });
  const ops = await runWorkload(
    { invoke, db: () => core.workspace.db(), dialogs, dir: dir!, print },
    { seed: Number(seedArg), seqBase: Number(seqBaseArg), maxOps: Number(maxOpsArg ?? 0) },
  );
  core.dispose();
  print({ op: 'done', ops });
}

main().catch((e: unknown) => {
  process.stderr.write(`crash worker failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
