// Builds better-sqlite3 for Electron's ABI into .native/electron/better_sqlite3.node.
//
// Why not electron-rebuild / electron-builder's npmRebuild: both rebuild node_modules/better-sqlite3
// in place, and that build is the plain-Node one the tests and the CLI load. Here the package is
// copied to a scratch folder and compiled there, so node_modules is never written to.
//
// Usage: node tools/electron-native.mjs [--force] [--selftest-node]
// --selftest-node runs the same copy-and-compile pipeline against the running Node's headers into
// .native/selftest-node/ and loads the result: it proves the pipeline offline, where the Electron
// headers cannot be downloaded. It writes nothing that the app or electron-builder uses.
// Skips the build when the output is newer than every input (package sources, electron version).
// Needs the Electron headers from https://electronjs.org/headers (cached by node-gyp afterwards).
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const selftest = process.argv.includes('--selftest-node');
const force = selftest || process.argv.includes('--force');
const pkgDir = join(root, 'node_modules', 'better-sqlite3');
const electronPkg = join(root, 'node_modules', 'electron', 'package.json');
const outDir = join(root, '.native', selftest ? 'selftest-node' : 'electron');
const outFile = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'build-info.json');
const scratch = join(root, '.native', 'scratch');
const logFile = join(root, '.native', 'electron-native.log');
const DIST_URL = 'https://electronjs.org/headers';

/** One line on stderr and a non-zero exit: `npm start` / `npm run dist` stop with the reason in view. */
function fail(message) {
  process.stderr.write(`electron-native: ${message}\n`);
  process.exit(1);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

if (!existsSync(pkgDir)) fail('node_modules/better-sqlite3 is missing: run npm install first');
if (!existsSync(electronPkg)) fail('node_modules/electron is missing: run npm install first');
const electronVersion = selftest ? process.versions.node : readJson(electronPkg).version;
const sqliteVersion = readJson(join(pkgDir, 'package.json')).version;
const arch = process.env.npm_config_arch || process.arch;

/** The compiled output of the Node build and our own scratch copies are not inputs. */
const skipInput = (rel) =>
  rel === 'build' || rel.startsWith('build/') || rel === 'node_modules' || rel.startsWith('node_modules/');

function newestInput(dir, base = dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const rel = relative(base, full).split('\\').join('/');
    if (skipInput(rel)) continue;
    newest = Math.max(newest, entry.isDirectory() ? newestInput(full, base) : statSync(full).mtimeMs);
  }
  return newest;
}

function upToDate() {
  if (force || !existsSync(outFile) || !existsSync(stampFile)) return false;
  let stamp;
  try {
    stamp = readJson(stampFile);
  } catch {
    return false;
  }
  if (stamp.electron !== electronVersion || stamp.betterSqlite3 !== sqliteVersion || stamp.arch !== arch) return false;
  const built = statSync(outFile).mtimeMs;
  return built > Math.max(newestInput(pkgDir), statSync(electronPkg).mtimeMs, statSync(import.meta.filename).mtimeMs);
}

if (upToDate()) {
  process.stdout.write(
    `electron-native: up to date (better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}, ${arch})\n`,
  );
  process.exit(0);
}

// A clean copy without the Node build, so nothing from it can leak into the Electron build.
rmSync(scratch, { recursive: true, force: true });
mkdirSync(scratch, { recursive: true });
const work = join(scratch, 'better-sqlite3');
cpSync(pkgDir, work, {
  recursive: true,
  filter: (src) => !skipInput(relative(pkgDir, src).split('\\').join('/')),
});

// ~/.npmrc here sets nodedir=/usr, and npm passes it to scripts as npm_config_nodedir: node-gyp would
// then compile against Node's headers and silently produce a Node-ABI file under the Electron name.
const env = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(k)),
);

const gypJs = join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const [cmd, prefix] = existsSync(gypJs) ? [process.execPath, [gypJs]] : ['npx', ['--no-install', 'node-gyp']];
const localNodeHeaders = ['/usr', process.execPath.replace(/\/bin\/node$/, '')].find((d) =>
  existsSync(join(d, 'include', 'node', 'node_api.h')),
);
const args = selftest
  ? [
      ...prefix,
      'rebuild',
      '--release',
      `--arch=${arch}`,
      ...(localNodeHeaders ? [`--nodedir=${localNodeHeaders}`] : []),
    ]
  : [
      ...prefix,
      'rebuild',
      '--release',
      `--target=${electronVersion}`,
      `--dist-url=${DIST_URL}`,
      '--runtime=electron',
      `--arch=${arch}`,
    ];

const runtimeName = selftest ? 'Node (self-test)' : 'Electron';
process.stdout.write(
  `electron-native: building better-sqlite3 ${sqliteVersion} for ${runtimeName} ${electronVersion} (${arch})…\n`,
);
const started = Date.now();
const res = spawnSync(cmd, args, { cwd: work, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
const output = `${res.stdout ?? ''}\n${res.stderr ?? ''}`;
mkdirSync(join(root, '.native'), { recursive: true });
writeFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n(cwd ${work})\n\n${output}`);

if (res.error) fail(`could not run node-gyp (${res.error.message}); log: ${relative(root, logFile)}`);
if (res.status !== 0) {
  // node-gyp's own wording when the headers tarball cannot be fetched (DNS, refused, proxy, 4xx).
  const offline =
    /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|socket hang up|FetchError|gyp http 40\d|headers-?.*tar\.gz|network connectivity/i;
  if (offline.test(output)) {
    fail(
      `could not download the Electron ${electronVersion} headers from ${DIST_URL} (offline or blocked?); ` +
        `nothing was built. Log: ${relative(root, logFile)}`,
    );
  }
  const lastError = output
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /error/i.test(l))
    .pop();
  fail(
    `node-gyp failed (exit ${res.status})${lastError ? `: ${lastError.slice(0, 200)}` : ''}; log: ${relative(root, logFile)}`,
  );
}

const built = join(work, 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(built))
  fail(`node-gyp succeeded but ${relative(root, built)} is missing; log: ${relative(root, logFile)}`);

// Copy then rename: a half-written .node must never be picked up by a running `electron .`.
mkdirSync(outDir, { recursive: true });
copyFileSync(built, `${outFile}.tmp`);
renameSync(`${outFile}.tmp`, outFile);
writeFileSync(
  stampFile,
  JSON.stringify(
    { electron: electronVersion, betterSqlite3: sqliteVersion, arch, builtAt: new Date().toISOString() },
    null,
    2,
  ) + '\n',
);
rmSync(scratch, { recursive: true, force: true });
if (selftest) {
  // Load it the way the app does (nativeBinding), in a child so a crash is reported, not fatal.
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const D=require(${JSON.stringify(join(pkgDir))});const db=new D(':memory:',{nativeBinding:${JSON.stringify(outFile)}});` +
        `console.log(db.prepare('select sqlite_version() v').get().v)`,
    ],
    { encoding: 'utf8' },
  );
  if (probe.status !== 0) fail(`self-test build does not load: ${probe.stderr.trim().split('\n').pop()}`);
  process.stdout.write(`electron-native: self-test build loads (SQLite ${probe.stdout.trim()})\n`);
}
process.stdout.write(
  `electron-native: wrote ${relative(root, outFile)} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
);
