/**
 * Bundles the crash worker like bundleForChild (same externals, same output folder), with one difference:
 * exceljs, pptxgenjs and echarts are required on first use instead of at start. echarts is 2.9 MB of the
 * 4.6 MB bundle and exceljs takes ~0.8 s to load on a busy 2-CPU machine; the harness starts the worker
 * hundreds of times and the worker never renders a chart, reads .xlsx or writes .pptx (if a code path did,
 * the real package would load then).
 */
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'esbuild';
import { REPO_ROOT } from '../child';
import { bundleForChild } from '../childBundle';
import { makeTempDir, removeTempDir } from '../temp-dir';
import { prepareCrashPortfolio } from './harness';

/** Packages the worker's code imports but its writes never use, each costly to load (measured on 2 busy CPUs). */
const requireHere = createRequire(join(REPO_ROOT, 'package.json'));

const LAZY = ['exceljs', 'pptxgenjs', 'echarts', '@resvg/resvg-js'];

/**
 * A stand-in that loads the real package on first use. The package's export names are read here, in the
 * parent, so a namespace import (`import * as echarts`) still sees every name; functions (pptxgenjs's class)
 * are wrapped in a Proxy so `new` and calls reach the real one.
 */
function lazyStub(name: string): string {
  const real = requireHere(name) as unknown;
  const load = `let real; const load = () => real || (real = require(${JSON.stringify(name)}));`;
  if (typeof real === 'function') {
    return `${load}
      module.exports = new Proxy(function () {}, {
        get: (_t, k) => load()[k],
        has: (_t, k) => k in load(),
        construct: (_t, a) => Reflect.construct(load(), a),
        apply: (_t, self, a) => Reflect.apply(load(), self, a),
      });`;
  }
  const keys = Object.keys(real as object);
  return `${load}
    for (const k of ${JSON.stringify(keys)}) {
      Object.defineProperty(module.exports, k, { enumerable: true, get: () => load()[k] });
    }`;
}

const lazyModules: Plugin = {
  name: 'lazy-modules',
  setup(b) {
    const filter = new RegExp(`^(${LAZY.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
    // The stub's own require of the real package stays external (resolved from node_modules at run time).
    b.onResolve({ filter }, (args) =>
      args.namespace === 'lazy' ? { path: args.path, external: true } : { path: args.path, namespace: 'lazy' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents: lazyStub(args.path),
      loader: 'js',
      resolveDir: REPO_ROOT,
    }));
  },
};

export async function bundleCrashWorker(entry: string): Promise<string> {
  // The lazy stubs stand in for the heavy packages, so only the native driver and yauzl stay plain externals.
  const bundle = await bundleForChild(entry, { external: ['better-sqlite3', 'yauzl'], plugins: [lazyModules] });
  return withCodeCache(bundle);
}

/**
 * Node 20 has no module compile cache, and parsing the 1.7 MB bundle is a third of the worker's start. The
 * loader compiles the bundle with V8 code cache data made by one warm-up run here (a clean run of 40 writes,
 * so the functions the writes use are in the cache too), then runs it as CommonJS like `node bundle.cjs`
 * would. If V8 rejects the cache (another Node), it just compiles from source. Returns the loader's path.
 */
function withCodeCache(bundle: string): string {
  const loader = bundle.replace(/\.cjs$/, '.loader.cjs');
  const cache = `${bundle}.v8cache`;
  writeFileSync(
    loader,
    `'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const file = ${JSON.stringify(bundle)};
const cacheFile = ${JSON.stringify(cache)};
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch {}
const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
const m = new Module(file, null);
m.filename = file;
m.paths = Module._nodeModulePaths(path.dirname(file));
if (process.env.FD_WRITE_CODE_CACHE) process.on('exit', () => fs.writeFileSync(cacheFile, script.createCachedData()));
script.runInThisContext().call(m.exports, m.exports, Module.createRequire(file), m, file, path.dirname(file));
`,
  );
  const dir = makeTempDir('fd-crash-warmup-');
  try {
    const db = prepareCrashPortfolio(dir);
    const r = spawnSync(process.execPath, [loader, db, dir, '1', '1000000', '40'], {
      env: { ...process.env, FD_WRITE_CODE_CACHE: '1' },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`the crash worker's warm-up run failed: ${r.stderr}`);
  } finally {
    removeTempDir(dir);
  }
  return loader;
}

/** Deletes what bundleCrashWorker wrote (loader, bundle, code cache). */
export function removeCrashWorker(loader: string): void {
  const bundle = loader.replace(/\.loader\.cjs$/, '.cjs');
  for (const f of [loader, bundle, `${bundle}.v8cache`]) rmSync(f, { force: true });
}
