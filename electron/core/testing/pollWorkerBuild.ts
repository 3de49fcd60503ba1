// Builds the polling worker the way tools/build.mjs builds it for the app (one CommonJS bundle), into a
// folder of the caller's: tests and the bench run the same kind of file the app runs, not a TS loader trick.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const POLL_WORKER_ENTRY = fileURLToPath(new URL('../connections/pollWorker.ts', import.meta.url));

export async function buildPollWorker(outDir: string): Promise<string> {
  const outfile = join(outDir, 'pollWorker.cjs');
  await build({
    entryPoints: [POLL_WORKER_ENTRY],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}
