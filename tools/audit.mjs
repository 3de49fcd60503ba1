// `npm audit --omit=dev` as one CI check (perf-reliability.md S8): what ships in the app must have no high or
// critical advisory that is not explained, with a reason, in audit-exceptions.json.
//
//   node tools/audit.mjs     exit 0: audited, nothing unexplained; 1: an unexplained high/critical advisory, or npm
//                            failed for a reason of ours (no lockfile, ...); 3: the advisory service could not be
//                            reached, so nothing was audited (tools/test-all.mjs counts this as SKIPPED, never passed).
//
// Only production dependencies are audited: devDependencies (Electron itself, electron-builder, the test tools) are
// not shipped inside app.asar. Electron is a devDependency by npm's rules but is the runtime; its version is pinned
// and follows Electron's security releases, which npm advisories do not track anyway.
// Whatever the outcome, the production tree's size is printed, so a skipped run says exactly what went unaudited.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const EXIT_SKIPPED = 3;
const BLOCKING = new Set(['high', 'critical']);

const root = resolve(import.meta.dirname, '..');

/**
 * Why npm audit produced no report, or null when it did. "unreachable" means the advisory service or the network
 * failed (nothing was checked); "error" is any other failure, which is ours to fix.
 */
export function auditFailure(stdout, stderr) {
  let json = null;
  try {
    json = JSON.parse(stdout);
  } catch {
    // npm printed no JSON at all: treated like an error below, with its stderr.
  }
  if (json && typeof json === 'object' && json.vulnerabilities && typeof json.vulnerabilities === 'object') return null;
  const text = `${json?.message ?? json?.error?.summary ?? ''}\n${stderr}`;
  const status = Number(json?.statusCode);
  const unreachable =
    (Number.isFinite(status) && status >= 400) ||
    /audit endpoint returned an error|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|network|socket hang up|certificate/i.test(
      text,
    );
  const line =
    (json?.message ?? text)
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? 'npm audit printed no report';
  return { kind: unreachable ? 'unreachable' : 'error', message: line };
}

/**
 * The high and critical advisories of an npm audit (report v2) with their explanation, if any. An advisory is one
 * `via` object (source id, package, url); packages that are only vulnerable through another one carry no advisory of
 * their own and are covered by that one's entry.
 */
export function evaluateAudit(report, exceptions) {
  const advisories = new Map();
  for (const vuln of Object.values(report.vulnerabilities ?? {})) {
    for (const via of vuln.via ?? []) {
      if (typeof via !== 'object' || via === null || !BLOCKING.has(via.severity)) continue;
      const key = via.url ?? `${via.name}#${via.source}`;
      if (!advisories.has(key)) {
        advisories.set(key, { package: via.name, url: via.url ?? '', title: via.title ?? '', severity: via.severity });
      }
    }
  }
  const used = new Set();
  const explained = [];
  const unexplained = [];
  for (const a of advisories.values()) {
    const i = exceptions.findIndex((e) => e.package === a.package && (e.advisory === a.url || e.advisory === '*'));
    if (i === -1) unexplained.push(a);
    else {
      used.add(i);
      explained.push({ ...a, reason: exceptions[i].reason });
    }
  }
  return { explained, unexplained, unused: exceptions.filter((_, i) => !used.has(i)) };
}

/** Problems with audit-exceptions.json: each entry names a package and an advisory URL (or "*") and gives a reason. */
export function validateExceptions(exceptions) {
  if (!Array.isArray(exceptions)) return ['audit-exceptions.json "exceptions" must be a list'];
  const problems = [];
  for (const [i, e] of exceptions.entries()) {
    if (typeof e?.package !== 'string' || !e.package) problems.push(`exceptions[${i}] has no "package"`);
    if (typeof e?.advisory !== 'string' || !e.advisory)
      problems.push(`exceptions[${i}] has no "advisory" (URL or "*")`);
    if (typeof e?.reason !== 'string' || e.reason.trim().length < 20) {
      problems.push(`exceptions[${i}] (${e?.package}) needs a "reason" of at least a sentence`);
    }
  }
  return problems;
}

function npm(args) {
  return spawnSync('npm', args, { cwd: root, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
}

function productionTree() {
  const r = npm(['ls', '--omit=dev', '--all', '--parseable']);
  const lines = (r.stdout ?? '').split('\n').filter((l) => l.trim() !== '');
  // The first line is the project itself.
  const packages = Math.max(0, lines.length - 1);
  const direct = Object.keys(JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).dependencies ?? {});
  return { packages, direct };
}

function main() {
  let exceptions = [];
  try {
    exceptions = JSON.parse(readFileSync(resolve(root, 'audit-exceptions.json'), 'utf8')).exceptions;
  } catch (e) {
    console.log(`audit: cannot read audit-exceptions.json: ${e.message}`);
    process.exit(1);
  }
  const problems = validateExceptions(exceptions);
  if (problems.length) {
    for (const p of problems) console.log(`audit-exceptions.json: ${p}`);
    process.exit(1);
  }

  const tree = productionTree();
  const scope = `${tree.packages} production packages (direct: ${tree.direct.join(', ')})`;
  const r = npm(['audit', '--omit=dev', '--json']);
  if (r.error) {
    console.log(`audit: SKIPPED, could not run npm: ${r.error.message}; not audited: ${scope}`);
    process.exit(EXIT_SKIPPED);
  }
  const failure = auditFailure(r.stdout ?? '', r.stderr ?? '');
  if (failure?.kind === 'unreachable') {
    console.log(`audit: SKIPPED, the advisory service could not be reached (${failure.message})`);
    console.log(`audit: not audited: ${scope}`);
    process.exit(EXIT_SKIPPED);
  }
  if (failure) {
    console.log(`audit: FAILED, npm audit did not produce a report: ${failure.message}`);
    process.exit(1);
  }

  const report = JSON.parse(r.stdout);
  const counts = report.metadata?.vulnerabilities ?? {};
  const { explained, unexplained, unused } = evaluateAudit(report, exceptions);
  console.log(
    `audit: ${scope}; advisories: ${['critical', 'high', 'moderate', 'low', 'info'].map((s) => `${counts[s] ?? 0} ${s}`).join(', ')}`,
  );
  for (const a of explained)
    console.log(`  explained   ${a.severity} ${a.package} ${a.url}\n              why: ${a.reason}`);
  for (const a of unexplained) console.log(`  UNEXPLAINED ${a.severity} ${a.package} ${a.url} ${a.title}`);
  // Not a failure: an advisory can be withdrawn or fixed upstream between two runs.
  for (const e of unused)
    console.log(`  unused exception (no such advisory now; remove it): ${e.package} ${e.advisory}`);
  console.log(
    `audit: ${unexplained.length ? 'FAILED' : 'passed'}, ${unexplained.length} unexplained high/critical, ${explained.length} explained`,
  );
  process.exit(unexplained.length ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) main();
