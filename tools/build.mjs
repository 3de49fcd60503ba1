// Builds every bundle: main, preload and CLI with esbuild (Node/CommonJS), the renderer with Vite.
// `--node-only` skips the renderer (used by `prepare`, so the CLI works right after `npm install`).
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = resolve(import.meta.dirname, '..');
const nodeOnly = process.argv.includes('--node-only');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // Native modules load at runtime from node_modules (or app.asar.unpacked); electron is the host.
  external: ['electron', 'better-sqlite3', '@resvg/resvg-js'],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
};

await Promise.all([
  build({
    ...common,
    entryPoints: [resolve(root, 'electron/main/index.ts')],
    outfile: resolve(root, 'out/main/index.cjs'),
  }),
  // The connections' polling worker (electron/core/connections/workerConnectors.ts), beside main.
  build({
    ...common,
    entryPoints: [resolve(root, 'electron/core/connections/pollWorker.ts')],
    outfile: resolve(root, 'out/main/pollWorker.cjs'),
  }),
  build({
    ...common,
    entryPoints: [resolve(root, 'electron/preload/index.ts')],
    outfile: resolve(root, 'out/preload/index.cjs'),
  }),
  build({
    ...common,
    entryPoints: [resolve(root, 'electron/cli/flightdeck.ts')],
    outfile: resolve(root, 'out/cli/flightdeck.cjs'),
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
chmodSync(resolve(root, 'out/cli/flightdeck.cjs'), 0o755);

if (!nodeOnly) {
  const vite = spawnSync(
    process.execPath,
    [resolve(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (vite.status !== 0) process.exit(vite.status ?? 1);
}
