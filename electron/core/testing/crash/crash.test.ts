/**
 * Crash-safety (issue 8): a worker writing through the real core is SIGKILLed at random points, at least 200
 * times by default (FD_CRASH_ITERATIONS), on one file kept across all kills; after each kill the invariants
 * I1–I5 must hold (see verify.ts). The first tests prove the checks can fail.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/sqlite';
import { TempDirs } from '../temp-dir';
import { bundleCrashWorker, removeCrashWorker } from './bundle';
import { prepareCrashPortfolio, runAndKill, runCrashHarness } from './harness';
import type { Ack } from './protocol';
import { AckModel, readBaseline, verifyAfterKill } from './verify';

const ITERATIONS = Number(process.env['FD_CRASH_ITERATIONS'] ?? 200);
const SEED = Number(process.env['FD_CRASH_SEED'] ?? 20_261_207);

const temps = new TempDirs();
let worker: string;
beforeAll(async () => {
  worker = await bundleCrashWorker(fileURLToPath(new URL('./worker.ts', import.meta.url)));
}, 120_000);
afterEach(() => temps.cleanup());
afterAll(() => {
  temps.cleanup();
  if (worker) removeCrashWorker(worker);
});

/** A file after a worker's clean run of `ops` writes, with the writes it acknowledged. */
async function cleanRun(ops: number) {
  const dir = temps.make('fd-crash-');
  const path = prepareCrashPortfolio(dir);
  const base = readBaseline(path);
  const run = await runAndKill(worker, [path, dir, '42', '1000000', String(ops)], null);
  expect(run.exit).toEqual({ code: 0, signal: null });
  const model = new AckModel();
  for (const l of run.lines) if (!['opened', 'begin', 'refused', 'done'].includes(l.op)) model.add(l as Ack);
  return { dir, path, base, model, lines: run.lines };
}

function mutated(src: string, dir: string, name: string, sql: string): string {
  const copy = join(dir, name);
  copyFileSync(src, copy);
  const db = openSqlite(copy);
  db.exec(sql);
  db.close();
  return copy;
}

describe('the crash checks can fail', () => {
  it('pass on a clean run and name each kind of damage', async () => {
    const { dir, path, base, model, lines } = await cleanRun(80);
    // The mix reached every kind of write the harness checks.
    const kinds = new Set(lines.map((l) => l.op));
    for (const k of [
      'create',
      'update',
      'phase',
      'gateRequest',
      'gateDecide',
      'riskUpdate',
      'measure',
      'import',
      'ingest',
    ]) {
      expect(kinds, k).toContain(k);
    }
    expect(verifyAfterKill(path, model, base).problems).toEqual([]);

    // I1: a write the app acknowledged but the file does not hold.
    const lost = new AckModel();
    for (const [id, seq] of model.updates) lost.updates.set(id, seq);
    const [someId] = [...model.updates.keys()];
    lost.updates.set(someId!, 99_000_000);
    expect(verifyAfterKill(path, lost, base).problems).toEqual([
      expect.stringMatching(new RegExp(`^I1: initiative ${someId} description`)),
    ]);

    // I2: half an ingest batch; a value stored without its audit entry.
    const reader = openSqlite(path);
    const seriesId = reader
      .prepare(`SELECT id FROM metric_series WHERE dims LIKE '%crash%' LIMIT 1`)
      .pluck()
      .get() as number;
    reader.close();
    const half = mutated(
      path,
      dir,
      'half.flightdeck',
      `DELETE FROM metric_samples WHERE series_id = ${seriesId} AND ts = (SELECT max(ts) FROM metric_samples WHERE series_id = ${seriesId})`,
    );
    expect(verifyAfterKill(half, model, base).problems.join('\n')).toMatch(/^I2: ingest batch \d+ has/m);
    const unaudited = mutated(
      path,
      dir,
      'unaudited.flightdeck',
      `UPDATE initiatives SET description = 'crash:98000000' WHERE id = 1`,
    );
    expect(verifyAfterKill(unaudited, model, base).problems).toEqual([
      'I2: initiative 1 holds crash:98000000 but no audit entry records it',
    ]);

    // I4: an audit entry edited in place (past the append-only trigger, as another program could).
    const edited = mutated(
      path,
      dir,
      'edited.flightdeck',
      `DROP TRIGGER audit_log_no_update;
       UPDATE audit_log SET label = 'tampered' WHERE seq = 2;
       CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;`,
    );
    expect(verifyAfterKill(edited, model, base).problems).toEqual([
      expect.stringMatching(/^I4: audit chain broken at 2/),
    ]);
  }, 120_000);
});

describe('SIGKILL at random points', () => {
  it(`keeps every acknowledged write and a sound file through ${ITERATIONS} kills`, async () => {
    const dir = temps.make('fd-crash-');
    const report = await runCrashHarness({
      worker,
      dir,
      iterations: ITERATIONS,
      seed: SEED,
      log: (m) => console.log(m),
    });
    const { failures, iterationMs, ...numbers } = report;
    const sorted = [...iterationMs].sort((a, b) => a - b);
    Object.assign(numbers, {
      iterationMedianMs: sorted[Math.floor(sorted.length / 2)],
      iterationMaxMs: sorted.at(-1),
    });
    console.log(`crash harness (seed ${SEED}): ${JSON.stringify(numbers)}`);
    expect(failures).toEqual([]);
    expect(report.survived).toBe(ITERATIONS);
    // The kills must actually land in writes, not only in Node's start.
    expect(report.killsAfterWrites).toBeGreaterThan(ITERATIONS / 2);
    expect(report.killsInFlight).toBeGreaterThan(ITERATIONS / 2);
    // One kill in seven lands in the start: with a full run some must.
    if (ITERATIONS >= 100) expect(report.killsBeforeOpen).toBeGreaterThan(0);
  }, 1_800_000);
});
