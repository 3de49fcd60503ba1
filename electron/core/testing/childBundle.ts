// Builds a child-process entry (crash workers, I/O-failure writers) into one CommonJS file, so tests
// that start a child hundreds of times pay Node's start (~50 ms), not a TypeScript loader's (~700 ms).
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { REPO_ROOT } from './child';

/**
 * The bundle is written under the repo's node_modules/.cache, so the externals (better-sqlite3's
 * native Node build, the same one the tests use) resolve from the repo's node_modules at run time.
 * Returns the .cjs path; run it with `process.execPath`.
 */
export interface ChildBundleOptions {
  /** Packages left to Node's require at run time (default: the native and heavy ones below). */
  external?: string[];
  plugins?: Plugin[];
}

const DEFAULT_EXTERNAL = ['better-sqlite3', '@resvg/resvg-js', 'exceljs', 'pptxgenjs', 'yauzl'];

export async function bundleForChild(entry: string, options: ChildBundleOptions = {}): Promise<string> {
  const outDir = join(REPO_ROOT, 'node_modules', '.cache', 'flightdeck-child');
  mkdirSync(outDir, { recursive: true });
  const stem = basename(entry).replace(/\.ts$/, '');
  const outfile = join(outDir, `${stem}-${process.pid}-${Math.random().toString(36).slice(2, 8)}.cjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: options.external ?? DEFAULT_EXTERNAL,
    plugins: options.plugins ?? [],
    logLevel: 'warning',
  });
  return outfile;
}
