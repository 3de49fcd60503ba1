/**
 * The crash-safety harness (issue 8): one portfolio file kept across all iterations, so damage would
 * accumulate; per iteration a worker process writes through the real core, is SIGKILLed after a random delay
 * (sometimes at once, while Node or the open is still starting), and the file is checked by verify.ts against
 * every write acknowledged so far. Free of vitest so the bench can run it too.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../../../shared/random';
import { writePortfolioFile } from '../portfolio-files';
import { parseLines, type Ack, type OpKind, type WorkerLine } from './protocol';
import { AckModel, readBaseline, verifyAfterKill } from './verify';

export interface CrashOptions {
  /** The bundled worker (bundleCrashWorker of worker.ts). */
  worker: string;
  /** A folder of the harness's own: the portfolio and the worker's import files go here. */
  dir: string;
  iterations: number;
  seed: number;
  /** Upper bound of the random delay before the kill. */
  maxDelayMs?: number;
  /** Initiatives in the demo portfolio the runs start from. */
  demoSize?: number;
  log?: (message: string) => void;
}

export interface CrashFailure {
  iteration: number;
  /** The worker's seed; with the iteration, enough to rerun it (FD_CRASH_SEED, FD_CRASH_ITERATIONS). */
  seed: number;
  /** The kill: ms after the spawn (kind 'start') or after the open (kind 'writing'). */
  killKind: 'start' | 'writing';
  delayMs: number;
  problems: string[];
}

export interface CrashReport {
  iterations: number;
  survived: number;
  /** Kills after the worker had acknowledged at least one write. */
  killsAfterWrites: number;
  /** Kills while a write was in flight (begun, not acknowledged): the kill landed inside a write. */
  killsInFlight: number;
  /** Of those, how many had committed before the kill (the kill fell between COMMIT and the ack). */
  inFlightCommitted: number;
  /** Kills that left a half-written transaction in the WAL (frames after the last commit frame). */
  killsMidCommit: number;
  /** Kills before the worker had the file open (during Node's start or openPortfolio). */
  killsBeforeOpen: number;
  /** Acknowledged writes checked (cumulative demands on the one file). */
  acknowledged: number;
  refused: Record<string, number>;
  failures: CrashFailure[];
  /** Wall time of the whole run, and the part spent checking the file. */
  ms: number;
  verifyMs: number;
  /** The worker's start (spawn to "opened"), median over the runs that got there. */
  startupMedianMs: number;
  /** Wall time of each iteration: spawn, writes, kill, recovery and checks. */
  iterationMs: number[];
}

interface Run {
  lines: WorkerLine[];
  stderr: string;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  /** Milliseconds from the spawn to the worker's "opened" line (openLine); null when it never came. */
  openedAfterMs: number | null;
}

/** When to kill: so long after the spawn (lands in Node's start or the open), or after the file is open. */
export type KillAt = { afterSpawnMs: number } | { afterOpenMs: number } | null;

/**
 * Starts the worker, kills it with SIGKILL at `killAt` and waits until its pipes are drained. `openLine` is
 * the line that starts the afterOpenMs clock.
 */
export function runAndKill(worker: string, args: string[], killAt: KillAt, openLine = '{"op":"opened"}'): Promise<Run> {
  return new Promise((resolve, reject) => {
    const spawned = Date.now();
    const child = spawn(process.execPath, [worker, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let openedAfterMs: number | null = null;
    let timer: NodeJS.Timeout | null = null;
    const killIn = (ms: number) => (timer = setTimeout(() => child.kill('SIGKILL'), ms));
    if (killAt && 'afterSpawnMs' in killAt) killIn(killAt.afterSpawnMs);
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      if (openedAfterMs === null && out.includes(`${openLine}\n`)) {
        openedAfterMs = Date.now() - spawned;
        if (killAt && 'afterOpenMs' in killAt) killIn(killAt.afterOpenMs);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.once('error', reject);
    // 'close' comes after the process exited and both pipes ended: every line written before the kill is in.
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      try {
        resolve({ lines: parseLines(out), stderr: err, exit: { code, signal }, openedAfterMs });
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}

/**
 * Frames at the end of the WAL that belong to no committed transaction: the kill landed while a transaction
 * was being written to the log (its COMMIT never completed). SQLite's recovery must ignore them; counting them
 * shows the harness really cuts transactions in half. Frames of an older WAL generation (other salts) and a
 * torn last frame are not counted.
 */
export function uncommittedWalFrames(dbPath: string): number {
  let buf: Buffer;
  try {
    buf = readFileSync(`${dbPath}-wal`);
  } catch {
    return 0;
  }
  if (buf.length < 32) return 0;
  const pageSize = buf.readUInt32BE(8);
  const salt1 = buf.readUInt32BE(16);
  const salt2 = buf.readUInt32BE(20);
  const frame = 24 + pageSize;
  let sinceCommit = 0;
  for (let off = 32; off + frame <= buf.length; off += frame) {
    if (buf.readUInt32BE(off + 8) !== salt1 || buf.readUInt32BE(off + 12) !== salt2) break;
    sinceCommit = buf.readUInt32BE(off + 4) !== 0 ? 0 : sinceCommit + 1;
  }
  return sinceCommit;
}

const ACK_OPS = new Set([
  'create',
  'update',
  'phase',
  'gateRequest',
  'gateDecide',
  'riskCreate',
  'riskUpdate',
  'measure',
  'import',
  'ingest',
]);
const isAck = (l: WorkerLine): l is Ack => ACK_OPS.has(l.op);

/** A demo portfolio for the runs: a few dozen initiatives with KPIs, risks, reviews and metrics. */
export function prepareCrashPortfolio(dir: string, demoSize = 30): string {
  const path = join(dir, 'crash.flightdeck');
  writePortfolioFile(path, { size: demoSize, seed: 8 });
  return path;
}

export async function runCrashHarness(o: CrashOptions): Promise<CrashReport> {
  const started = Date.now();
  const maxDelay = o.maxDelayMs ?? 400;
  const path = prepareCrashPortfolio(o.dir, o.demoSize);
  const work = join(o.dir, 'work');
  mkdirSync(work, { recursive: true });
  const base = readBaseline(path);
  const model = new AckModel();
  const rnd = seededRandom(o.seed);
  // The worker's start time, as last seen: early kills are spread over it.
  let startupMs = 800;
  const report: CrashReport = {
    iterations: 0,
    survived: 0,
    killsAfterWrites: 0,
    killsInFlight: 0,
    inFlightCommitted: 0,
    killsBeforeOpen: 0,
    killsMidCommit: 0,
    acknowledged: 0,
    refused: {},
    failures: [],
    ms: 0,
    verifyMs: 0,
    startupMedianMs: 0,
    iterationMs: [],
  };
  const startups: number[] = [];

  for (let i = 0; i < o.iterations; i++) {
    const i0 = Date.now();
    // One kill in twenty at once; one in ten somewhere in the start (Node loading, createCore, openPortfolio:
    // WAL recovery of the last kill included); the rest while writing, 0..maxDelay ms after the open.
    const r = rnd();
    const killAt: KillAt =
      r < 0.05
        ? { afterSpawnMs: 0 }
        : r < 0.15
          ? { afterSpawnMs: Math.floor(rnd() * startupMs * 1.1) }
          : { afterOpenMs: Math.floor(rnd() * maxDelay) };
    const delayMs = 'afterSpawnMs' in killAt ? killAt.afterSpawnMs : killAt.afterOpenMs;
    const seed = o.seed * 1000 + i;
    const run = await runAndKill(o.worker, [path, work, String(seed), String((i + 1) * 1_000_000), '0'], killAt);
    if (run.openedAfterMs !== null) {
      startupMs = run.openedAfterMs;
      startups.push(run.openedAfterMs);
    }
    report.iterations++;
    const problems: string[] = [];
    if (run.exit.signal !== 'SIGKILL') {
      problems.push(`the worker ended by itself (code ${run.exit.code}) before the kill: ${run.stderr.trim()}`);
    }
    const opened = run.lines.some((l) => l.op === 'opened');
    if (!opened) report.killsBeforeOpen++;
    let inFlight: { seq: number; kind: OpKind } | null = null;
    let acks = 0;
    for (const l of run.lines) {
      if (l.op === 'begin') inFlight = { seq: l.seq, kind: l.kind };
      else if (l.op === 'refused') {
        inFlight = null;
        report.refused[l.code] = (report.refused[l.code] ?? 0) + 1;
        if (l.code === 'PARTIAL_IMPORT' || !['CONFLICT', 'VALIDATION', 'NOT_FOUND'].includes(l.code)) {
          problems.push(`op ${l.seq} (${l.kind}) failed unexpectedly: ${l.code}: ${l.message}`);
        }
      } else if (l.op === 'openFailed') {
        problems.push(`the worker could not open the file: ${l.reason}: ${l.message}`);
      } else if (isAck(l)) {
        inFlight = null;
        acks++;
        model.add(l);
      }
    }
    if (acks > 0) report.killsAfterWrites++;
    if (inFlight) report.killsInFlight++;
    report.acknowledged = model.count;

    if (uncommittedWalFrames(path) > 0) report.killsMidCommit++;
    const v0 = Date.now();
    const v = verifyAfterKill(path, model, base, inFlight);
    report.verifyMs += Date.now() - v0;
    if (v.inFlightCommitted) report.inFlightCommitted++;
    problems.push(...v.problems);
    report.iterationMs.push(Date.now() - i0);
    if (problems.length === 0) report.survived++;
    else {
      report.failures.push({
        iteration: i,
        seed,
        killKind: 'afterSpawnMs' in killAt ? 'start' : 'writing',
        delayMs,
        problems,
      });
      o.log?.(
        `iteration ${i} (seed ${seed}, kill ${delayMs} ms after ${'afterSpawnMs' in killAt ? 'spawn' : 'open'}): ${problems.join('; ')}`,
      );
    }
  }
  report.ms = Date.now() - started;
  startups.sort((a, b) => a - b);
  report.startupMedianMs = startups[Math.floor(startups.length / 2)] ?? 0;
  return report;
}
