import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionKind } from '../../../shared/domain/connections/connection';
import { ingestBatches } from '../repositories/metrics.repo';
import { getConnectionRecord } from '../repositories/connections.repo';
import { MemorySecretStore } from '../testing/fakes';
import { createTestCore, type TestCore } from '../testing/test-core';
import { BACKOFF_CAP_SEC, CIRCUIT_OPEN_SEC, afterFailure, afterSuccess, backoffSec } from './retryPolicy';
import { Scheduler, type Timers } from './scheduler';
import { ConnectorError, type Connector, type PollContext, type PollResult } from './types';

const T0 = Date.parse('2026-11-21T12:00:00.000Z');

describe('retry policy', () => {
  it('backs off exponentially within ±20 % jitter, capped at an hour', () => {
    const interval = 86_400;
    let previousMax = 0;
    for (let n = 1; n <= 4; n++) {
      const base = backoffSec(n, interval) * 1000;
      const lo = afterFailure(T0, n, interval, undefined, () => 0).atMs - T0;
      const hi = afterFailure(T0, n, interval, undefined, () => 0.999_999).atMs - T0;
      expect(lo).toBe(Math.round(base * 0.8));
      expect(hi).toBeLessThanOrEqual(Math.round(base * 1.2));
      expect(hi).toBeGreaterThan(base * 1.19);
      expect(base).toBeGreaterThan(previousMax / 1.2 + 1);
      previousMax = hi;
    }
    expect(backoffSec(2, interval)).toBe(2 * backoffSec(1, interval));
    expect(backoffSec(30, interval)).toBe(BACKOFF_CAP_SEC);
    // Never later than the regular poll would come anyway.
    expect(backoffSec(4, 30)).toBe(30);
  });

  it('never retries sooner than Retry-After', () => {
    const next = afterFailure(T0, 1, 30, 120, () => 0.5);
    expect(next.atMs - T0).toBe(120_000);
    expect(next.circuitOpenUntilMs).toBeNull();
    // A short Retry-After does not shorten the backoff.
    expect(afterFailure(T0, 3, 600, 1, () => 0).atMs - T0).toBe(Math.round(backoffSec(3, 600) * 800));
  });

  it('opens the circuit from the fifth failure, for 15 minutes or Retry-After if longer', () => {
    expect(afterFailure(T0, 4, 30, undefined, () => 0).circuitOpenUntilMs).toBeNull();
    expect(afterFailure(T0, 5, 30, undefined, () => 0)).toEqual({
      atMs: T0 + CIRCUIT_OPEN_SEC * 1000,
      circuitOpenUntilMs: T0 + CIRCUIT_OPEN_SEC * 1000,
    });
    expect(afterFailure(T0, 6, 30, 7200, () => 0).circuitOpenUntilMs).toBe(T0 + 7_200_000);
    expect(afterSuccess(T0, 30)).toEqual({ atMs: T0 + 30_000, circuitOpenUntilMs: null });
  });
});

/** Timers the test owns: nothing fires by itself; the test calls tick(). */
class ManualTimers implements Timers {
  armed: number[] = [];
  setTimeout(_fn: () => void, ms: number): unknown {
    this.armed.push(ms);
    return this.armed.length;
  }
  clearTimeout(): void {}
}

type PollFn = (ctx: PollContext) => Promise<PollResult>;

interface Rig {
  t: TestCore;
  s: Scheduler;
  nowMs: { v: number };
  calls: PollContext[];
  setPoll(fn: PollFn): void;
  ids: number[];
  initiativeId: number;
  row(id: number): NonNullable<ReturnType<typeof getConnectionRecord>>;
  advance(sec: number): void;
  /** One scheduling pass, then wait for what it started. */
  pass(): Promise<void>;
}

let rigs: Rig[] = [];
afterEach(() => {
  for (const r of rigs) {
    r.s.stop();
    r.t.dispose();
  }
  rigs = [];
});

async function rig(connections = 1, options: { concurrency?: number } = {}): Promise<Rig> {
  const nowMs = { v: T0 };
  const t = createTestCore({ secrets: new MemorySecretStore(), env: {} });
  await t.ok('workspace/openDefault');
  await t.ok('workspace/setup', { mode: 'empty' });
  const initiativeId = (await t.ok('initiative/create', { name: 'Invoice copilot' })).id;
  const ids: number[] = [];
  for (let i = 0; i < connections; i++) {
    const c = await t.ok('connection/create', {
      kind: 'prometheus',
      name: `Prom ${i}`,
      baseUrl: `http://127.0.0.1:${9000 + i}`,
      pollIntervalSec: 30,
    });
    await t.ok('binding/save', { initiativeId, connectionId: c.id, selector: { team: 'finance' } });
    ids.push(c.id);
  }
  const calls: PollContext[] = [];
  let poll: PollFn = (ctx) => Promise.resolve({ batches: [], cursor: ctx.now });
  const connector: Connector = {
    kind: 'prometheus',
    test: () => Promise.resolve({ ok: true, stage: 'ok', message: 'ok', checks: [], elapsedMs: 0 }),
    poll: (ctx) => {
      calls.push(ctx);
      return poll(ctx);
    },
  };
  const connectors = Object.fromEntries(
    (['prometheus', 'alertmanager', 'litellm', 'langfuse', 'openrouter'] as const).map((k) => [k, connector]),
  ) as Record<ConnectionKind, Connector>;
  const s = new Scheduler({
    db: () => t.db(),
    secrets: new MemorySecretStore(),
    env: {},
    now: () => new Date(nowMs.v),
    timers: new ManualTimers(),
    random: () => 0.5,
    connectors,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  });
  s.start();
  const r: Rig = {
    t,
    s,
    nowMs,
    calls,
    ids,
    initiativeId,
    setPoll: (fn) => (poll = fn),
    row: (id) => getConnectionRecord(t.db(), id)!,
    advance: (sec) => (nowMs.v += sec * 1000),
    pass: async () => {
      s.tick();
      await s.idle();
    },
  };
  rigs.push(r);
  return r;
}

/** Waits (without sleeping) until `cond` holds, or fails after a deadline. */
async function until(cond: () => boolean, deadlineMs = 5000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await new Promise((res) => setImmediate(res));
  }
}

const state = async (r: Rig, id: number) => (await r.t.ok('connection/list')).find((c) => c.id === id)!;

describe('scheduler', () => {
  it('polls a new connection at once, then on its interval', async () => {
    const r = await rig();
    const id = r.ids[0]!;
    await r.pass();
    expect(r.calls).toHaveLength(1);
    expect(await state(r, id)).toMatchObject({ state: 'ok', nextPollAt: new Date(T0 + 30_000).toISOString() });
    r.advance(29);
    await r.pass();
    expect(r.calls).toHaveLength(1);
    r.advance(1);
    await r.pass();
    expect(r.calls).toHaveLength(2);
    expect(r.calls[1]!.since).toBe(Math.floor(T0 / 1000));
  });

  it('backs off after failures, honours Retry-After, opens the circuit at 5 and probes after 15 min', async () => {
    const r = await rig();
    const id = r.ids[0]!;
    r.setPoll(() => Promise.reject(new ConnectorError('rate_limited', 'Too many requests (429)', 429, 120)));
    await r.pass();
    expect(r.row(id)).toMatchObject({ consecutive_failures: 1, last_error_stage: 'rate_limited' });
    expect(Date.parse(r.row(id).next_poll_at!) - r.nowMs.v).toBe(120_000);
    r.advance(119);
    await r.pass();
    expect(r.calls).toHaveLength(1);
    r.advance(1);

    r.setPoll(() => Promise.reject(new ConnectorError('server_error', 'Server error (503)', 503)));
    const delays: number[] = [];
    for (let n = 2; n <= 4; n++) {
      await r.pass();
      expect(r.row(id).consecutive_failures).toBe(n);
      const delay = Date.parse(r.row(id).next_poll_at!) - r.nowMs.v;
      delays.push(delay);
      r.advance(delay / 1000);
    }
    // random() = 0.5 → no jitter: 20 s, 30 s (capped by the 30 s interval), 30 s.
    expect(delays).toEqual([20_000, 30_000, 30_000]);
    expect(await state(r, id)).toMatchObject({ state: 'failing' });

    await r.pass();
    expect(r.row(id).consecutive_failures).toBe(5);
    expect(await state(r, id)).toMatchObject({ state: 'circuit_open' });
    const callsAtOpen = r.calls.length;
    r.advance(CIRCUIT_OPEN_SEC - 1);
    await r.pass();
    expect(r.calls).toHaveLength(callsAtOpen);

    // Half-open probe fails: open again for another 15 minutes.
    r.advance(1);
    await r.pass();
    expect(r.calls).toHaveLength(callsAtOpen + 1);
    expect(await state(r, id)).toMatchObject({ state: 'circuit_open', consecutiveFailures: 6 });

    // Next probe succeeds: closed, back to ok.
    r.setPoll((ctx) => Promise.resolve({ batches: [], cursor: ctx.now }));
    r.advance(CIRCUIT_OPEN_SEC);
    await r.pass();
    expect(await state(r, id)).toMatchObject({ state: 'ok', consecutiveFailures: 0 });
    expect(r.row(id).circuit_open_until).toBeNull();
  });

  it('pollNow forces a probe while the circuit is open', async () => {
    const r = await rig();
    const id = r.ids[0]!;
    r.setPoll(() => Promise.reject(new ConnectorError('refused', 'Connection refused')));
    for (let i = 0; i < 5; i++) {
      await r.pass();
      r.advance(60);
    }
    expect(await state(r, id)).toMatchObject({ state: 'circuit_open' });
    r.setPoll((ctx) => Promise.resolve({ batches: [], cursor: ctx.now }));
    expect(r.row(id).circuit_open_until).not.toBeNull();
    const outcome = await r.s.pollNow(id);
    expect(outcome).toMatchObject({ ok: true });
    expect(await state(r, id)).toMatchObject({ state: 'ok' });
  });

  it('skips paused connections until resumed', async () => {
    const r = await rig();
    const id = r.ids[0]!;
    await r.t.ok('connection/pause', { id, paused: true });
    await r.pass();
    expect(r.calls).toHaveLength(0);
    await r.t.ok('connection/pause', { id, paused: false });
    await r.pass();
    expect(r.calls).toHaveLength(1);
  });

  it('runs at most `concurrency` polls at once and starts the rest as slots free up', async () => {
    const r = await rig(5, { concurrency: 2 });
    let active = 0;
    let peak = 0;
    const release: Array<() => void> = [];
    r.setPoll(
      (ctx) =>
        new Promise((resolve) => {
          active++;
          peak = Math.max(peak, active);
          release.push(() => {
            active--;
            resolve({ batches: [], cursor: ctx.now });
          });
        }),
    );
    r.s.tick();
    await Promise.resolve();
    expect(r.s.activeCount).toBe(2);
    while (r.calls.length < 5 || release.length > 0) {
      const next = release.shift();
      if (!next) {
        r.s.tick();
        await new Promise((res) => setImmediate(res));
        continue;
      }
      next();
      await new Promise((res) => setImmediate(res));
      r.s.tick();
    }
    await r.s.idle();
    expect(peak).toBe(2);
    expect(r.calls).toHaveLength(5);
  });

  it('a retry after a failure writes no duplicates and resumes from the last good cursor', async () => {
    const r = await rig();
    const id = r.ids[0]!;
    const t0 = Math.floor(T0 / 1000);
    const points = (n: number): Array<[number, number]> => Array.from({ length: n }, (_, i) => [t0 + i * 60, i + 1]);
    const batch = (n: number) => ({
      batches: [
        { initiativeId: r.initiativeId, metric: 'requests' as const, family: 'litellm', dims: {}, points: points(n) },
      ],
      cursor: t0 + n * 60,
    });
    r.setPoll(() => Promise.resolve(batch(2)));
    await r.pass();
    r.setPoll(() => Promise.reject(new ConnectorError('network', 'Connection reset mid-body')));
    r.advance(30);
    await r.pass();
    r.setPoll(() => Promise.resolve(batch(3)));
    r.advance(60);
    await r.pass();
    expect(r.calls.map((c) => c.since)).toEqual([null, t0 + 120, t0 + 120]);
    const n = (r.t.db().prepare('SELECT count(*) AS n FROM metric_samples').get() as { n: number }).n;
    expect(n).toBe(3);
    expect(r.row(id).cursor).toBe(t0 + 180);
  });

  it('stop cancels requests in flight and records nothing for them', async () => {
    const r = await rig();
    const id = r.ids[0]!;
    let aborted = false;
    r.setPoll(
      (ctx) =>
        new Promise((_resolve, reject) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            reject(new ConnectorError('timeout', 'aborted'));
          });
        }),
    );
    r.s.tick();
    await until(() => r.calls.length === 1);
    r.s.stop();
    await new Promise((res) => setImmediate(res));
    expect(aborted).toBe(true);
    expect(r.row(id)).toMatchObject({ consecutive_failures: 0, last_error_at: null, last_ok_at: null });
  });

  it('sweeps raw samples past retention on its first pass', async () => {
    const r = await rig();
    const old = Math.floor(T0 / 1000) - 400 * 86_400;
    ingestBatches(r.t.db(), null, [
      { initiativeId: r.initiativeId, metric: 'requests', family: 'demo', dims: {}, points: [[old, 1]] },
    ]);
    await r.pass();
    expect((r.t.db().prepare('SELECT count(*) AS n FROM metric_samples').get() as { n: number }).n).toBe(0);
  });
});
