// Electronegativity (@doyensec/electronegativity) over the Electron main and preload code, offline, as one CI check.
//
//   node tools/electronegativity.mjs [--config file]   exit 0: no unexplained finding; 1: a finding (or a stale exception) to
//                                           deal with; 3: the scanner could not run at all (counted as SKIPPED).
//
// What is scanned: the non-test TypeScript of electron/main and electron/preload (the scanner parses TypeScript with
// Babel), plus renderer/index.html so its CSP check sees the app's policy. Sources rather than the esbuild bundle,
// so a finding points at a line a person can read; the bundle adds only electron/core, which never imports Electron.
//
// Offline: as installed, the scanner makes two network requests that CI cannot (and must not) depend on:
//   1. dist/locales/i18n.js downloads translations from an S3 bucket (falls back to its bundled en-US on failure);
//   2. AvailableSecurityFixesGlobalCheck downloads Electron's release list from GitHub to flag outdated versions.
// Before loading the scanner, this wrapper puts a stand-in for its `got` HTTP client into Node's require cache that
// rejects every request at once, so nothing leaves the machine and no run waits on a timeout. (1) then uses the
// bundled messages; (2) is disabled in electronegativity.json with its reason. The Electron version the
// version-dependent checks need (defaults of contextIsolation/sandbox) is read from node_modules/electron instead
// of being guessed from package.json ranges.
//
// Every finding must match an entry of electronegativity.json "accepted" (check id + file + a piece of the flagged
// line) that carries a written reason; an accepted entry that no longer matches anything also fails, so the file
// never explains findings that are gone. Before the real scan a canary file with known-bad settings is scanned: if
// the scanner finds nothing there, it is not really running and the check fails instead of passing silently.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

export const EXIT_SKIPPED = 3;

const repoRoot = resolve(import.meta.dirname, '..');
// `--config <file>` (used by the wrapper's own test); "scan" paths are relative to the config file's folder.
const configArg = process.argv.indexOf('--config');
const configPath =
  configArg > 0 ? resolve(process.argv[configArg + 1] ?? '') : resolve(repoRoot, 'electronegativity.json');
const root = dirname(configPath);
const require = createRequire(import.meta.url);

/** Checks the config's shape: every disabled check and accepted finding needs a real reason. Returns problems. */
export function validateConfig(config) {
  const problems = [];
  if (!config || typeof config !== 'object') return ['electronegativity.json is not a JSON object'];
  if (!Array.isArray(config.scan) || config.scan.some((p) => typeof p !== 'string')) {
    problems.push('"scan" must be a list of paths relative to the repository root');
  }
  for (const key of ['disabledChecks', 'accepted']) {
    if (!Array.isArray(config[key])) problems.push(`"${key}" must be a list`);
  }
  for (const [i, d] of (config.disabledChecks ?? []).entries()) {
    if (typeof d?.check !== 'string' || !d.check) problems.push(`disabledChecks[${i}] has no "check"`);
    if (typeof d?.reason !== 'string' || d.reason.trim().length < 20) {
      problems.push(`disabledChecks[${i}] (${d?.check}) needs a "reason" of at least a sentence`);
    }
  }
  for (const [i, a] of (config.accepted ?? []).entries()) {
    for (const field of ['id', 'file', 'match']) {
      if (typeof a?.[field] !== 'string' || !a[field]) problems.push(`accepted[${i}] has no "${field}"`);
    }
    if (typeof a?.reason !== 'string' || a.reason.trim().length < 20) {
      problems.push(`accepted[${i}] (${a?.id} in ${a?.file}) needs a "reason" of at least a sentence`);
    }
  }
  return problems;
}

/**
 * Splits findings into accepted and unexplained, and lists accepted entries that matched nothing (stale).
 * A finding matches an entry when the check id and file are equal and the flagged source line contains `match`:
 * line numbers are deliberately not used, so an edit above a finding does not invalidate its justification.
 */
export function classify(findings, accepted) {
  const used = new Set();
  const ok = [];
  const unexplained = [];
  for (const f of findings) {
    const index = accepted.findIndex((a) => a.id === f.id && a.file === f.file && (f.sample ?? '').includes(a.match));
    if (index === -1) unexplained.push(f);
    else {
      used.add(index);
      ok.push({ ...f, reason: accepted[index].reason });
    }
  }
  const stale = accepted.filter((_, i) => !used.has(i));
  return { ok, unexplained, stale };
}

/** Makes the scanner's HTTP client refuse everything, and records what it tried. Must run before the scanner loads. */
function blockNetwork(scannerDir) {
  const attempts = [];
  const gotPath = require.resolve('got', { paths: [join(scannerDir, 'dist')] });
  const refuse = (url) => {
    attempts.push(String(url));
    return Promise.reject(new Error(`network disabled by tools/electronegativity.mjs: ${String(url)}`));
  };
  refuse.head = refuse;
  refuse.get = refuse;
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: refuse, children: [], paths: [] };
  return attempts;
}

function listSources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (/\.(ts|tsx|js|mjs|cjs|html)$/.test(entry.name) && !/\.test\.[cm]?[jt]sx?$/.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

/** Copies what is scanned into a fresh folder: tests (with their deliberately fake windows) stay out. */
function stage(paths) {
  const dir = mkdtempSync(join(tmpdir(), 'fd-electronegativity-'));
  let count = 0;
  for (const p of paths) {
    const abs = resolve(root, p);
    const files = statSync(abs).isDirectory() ? listSources(abs) : [abs];
    for (const file of files) {
      const target = join(dir, relative(root, file));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(file, target);
      count++;
    }
  }
  return { dir, count };
}

// No navigation guard, no permission handler and every insecure preference: what the real scan must not contain.
const CANARY = `import { BrowserWindow } from 'electron';
export const w = new BrowserWindow({
  webPreferences: {
    nodeIntegration: true,
    contextIsolation: false,
    sandbox: false,
    webSecurity: false,
    allowRunningInsecureContent: true,
    experimentalFeatures: true,
  },
});
`;
const CANARY_EXPECTED = [
  'CONTEXT_ISOLATION_JS_CHECK',
  'SANDBOX_JS_CHECK',
  'WEB_SECURITY_JS_CHECK',
  'INSECURE_CONTENT_JS_CHECK',
  'EXPERIMENTAL_FEATURES_JS_CHECK',
  'LIMIT_NAVIGATION_GLOBAL_CHECK',
  'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
];

async function scan(run, input, options) {
  const result = await run(
    {
      input,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: options.exclude,
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: true,
      electronUpgrade: undefined,
      electronVersionOverride: options.electronVersion,
      parserPlugins: [],
    },
    false,
  );
  return {
    errors: result.errors,
    checks: result.globalChecks + result.atomicChecks,
    findings: result.issues.map((i) => ({
      id: i.id,
      file: i.file.split('\\').join('/'),
      line: i.location.line,
      column: i.location.column,
      severity: i.severity?.name ?? '?',
      confidence: i.confidence?.name ?? '?',
      manualReview: Boolean(i.manualReview),
      sample: typeof i.sample === 'string' ? i.sample : '',
      description: i.description,
    })),
  };
}

function skip(reason) {
  console.log(`electronegativity: SKIPPED, ${reason}`);
  process.exit(EXIT_SKIPPED);
}

async function main() {
  let config;
  try {
    config = JSON.parse(readFileSync(configPath, 'utf8'));
  } catch (e) {
    console.log(`electronegativity: cannot read ${relative(root, configPath)}: ${e.message}`);
    process.exit(1);
  }
  const problems = validateConfig(config);
  if (problems.length) {
    for (const p of problems) console.log(`electronegativity.json: ${p}`);
    process.exit(1);
  }

  let scannerDir;
  let electronVersion;
  try {
    scannerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
    electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  } catch (e) {
    skip(`the scanner or electron is not installed (${e.message}); run npm ci`);
  }
  const scannerVersion = JSON.parse(readFileSync(join(scannerDir, 'package.json'), 'utf8')).version;

  // i18n picks its locale from LANG; a fixed one keeps messages (and the blocked URL) the same on every machine.
  process.env.LANG = 'en-US';
  const attempts = blockNetwork(scannerDir);
  let run;
  try {
    run = require(join(scannerDir, 'dist/runner.js'));
  } catch (e) {
    skip(`the scanner failed to load: ${e.message}`);
  }
  const exclude = config.disabledChecks.map((d) => d.check.toLowerCase());
  console.log(
    `electronegativity ${scannerVersion}, Electron ${electronVersion}, offline; disabled: ${config.disabledChecks.map((d) => d.check).join(', ') || 'none'}`,
  );

  // The scanner prints a line when its (blocked) downloads fail; ours below says why, so keep its noise out.
  const log = console.log;
  const muted = [];
  const quiet = async (fn) => {
    console.log = (...args) => muted.push(args.join(' '));
    try {
      return await fn();
    } finally {
      console.log = log;
    }
  };

  const canaryDir = mkdtempSync(join(tmpdir(), 'fd-electronegativity-canary-'));
  const staged = stage(config.scan);
  let failed = false;
  try {
    writeFileSync(join(canaryDir, 'canary.ts'), CANARY);
    const canary = await quiet(() => scan(run, canaryDir, { exclude, electronVersion }));
    const missing = CANARY_EXPECTED.filter((id) => !canary.findings.some((f) => f.id === id));
    if (missing.length) {
      console.log(
        `electronegativity: FAILED self-test, a known-insecure BrowserWindow was not flagged (${missing.join(', ')}); the scanner is not really checking anything`,
      );
      for (const line of muted) console.log(`  scanner said: ${line}`);
      process.exit(1);
    }

    const result = await quiet(() => scan(run, staged.dir, { exclude, electronVersion }));
    console.log(`scanned ${staged.count} files from ${config.scan.join(', ')} with ${result.checks} checks`);
    if (attempts.length)
      console.log(`blocked ${attempts.length} network request(s): ${[...new Set(attempts)].join(', ')}`);

    for (const e of result.errors) {
      // A file the scanner could not parse is a file it did not check.
      console.log(`  PARSE ${e.tolerable ? 'warning' : 'ERROR'} ${e.file}: ${e.message}`);
      if (!e.tolerable) failed = true;
    }

    const { ok, unexplained, stale } = classify(result.findings, config.accepted);
    const where = (f) => `${f.id} ${f.file}:${f.line}:${f.column} [${f.severity}/${f.confidence}]`;
    for (const f of ok) console.log(`  accepted   ${where(f)}\n             why: ${f.reason}`);
    for (const f of unexplained) {
      console.log(`  UNEXPLAINED ${where(f)}\n             ${f.sample}\n             ${f.description}`);
    }
    for (const a of stale) {
      console.log(`  STALE exception (matches no finding; remove it): ${a.id} ${a.file} "${a.match}"`);
    }
    if (unexplained.length || stale.length) failed = true;
    console.log(
      `electronegativity: ${result.findings.length} findings, ${ok.length} accepted with a reason, ${unexplained.length} unexplained, ${stale.length} stale exceptions, ${result.errors.length} parse errors: ${failed ? 'FAILED' : 'passed'}`,
    );
    if (unexplained.length) {
      console.log('Fix the code, or add an entry with a reason to electronegativity.json "accepted".');
    }
  } finally {
    rmSync(canaryDir, { recursive: true, force: true });
    rmSync(staged.dir, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((e) => {
    console.log(`electronegativity: FAILED, ${e.stack ?? e}`);
    process.exit(1);
  });
}
