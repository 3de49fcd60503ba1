import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../../../shared/domain/roi/model';
import { runMonteCarlo, tornado } from '../../../../../shared/domain/roi/montecarlo';
import { SUPPORT_ASSISTANT_TEMPLATE } from '../../../../../shared/domain/roi/templates';
import { workerMessageSchema, type RunRequest, type WorkerMessage } from './protocol';
import { handleRequest } from './simulate';

function request(overrides: Partial<RunRequest> = {}): RunRequest {
  return {
    type: 'run',
    runId: 7,
    model: SUPPORT_ASSISTANT_TEMPLATE,
    iterations: 2000,
    seed: 1,
    riskAdjusted: false,
    bins: 30,
    ...overrides,
  };
}

function answers(data: unknown): WorkerMessage[] {
  const out: WorkerMessage[] = [];
  let clock = 100;
  handleRequest(
    data,
    (m) => out.push(m),
    () => (clock += 5),
  );
  return out;
}

describe('the worker request handler', () => {
  it('posts progress, then one result equal to the engine run, with the tornado and the elapsed time', () => {
    const out = answers(request({ iterations: 3000 }));
    const progress = out.filter((m) => m.type === 'progress');
    expect(progress.map((m) => m.done)).toEqual([500, 1000, 1500, 2000, 2500]);
    expect(progress.every((m) => m.runId === 7 && m.total === 3000)).toBe(true);
    const last = out.at(-1)!;
    if (last.type !== 'result') throw new Error(`expected a result, got ${last.type}`);
    const compiled = compileModel(SUPPORT_ASSISTANT_TEMPLATE);
    expect(last.result).toEqual(runMonteCarlo(compiled, { iterations: 3000, seed: 1, bins: 30 }));
    expect(last.tornado).toEqual(tornado(compiled));
    expect(last.tornado.bars.length).toBeGreaterThan(0);
    // The fake clock ticks 5 ms a reading: start, loop start, loop end, end.
    expect(last.runMs).toBe(5);
    expect(last.elapsedMs).toBe(15);
    // Every message passes the panel's own check (no NaN, no Infinity, the right shape).
    for (const m of out) expect(workerMessageSchema.safeParse(m).success).toBe(true);
  });

  it('runs risk-adjusted when asked, and the same seed gives the same figures', () => {
    const a = answers(request({ riskAdjusted: true, seed: 11 })).at(-1)!;
    const b = answers(request({ riskAdjusted: true, seed: 11 })).at(-1)!;
    const u = answers(request({ riskAdjusted: false, seed: 11 })).at(-1)!;
    if (a.type !== 'result' || b.type !== 'result' || u.type !== 'result') throw new Error('no result');
    expect(b.result).toEqual(a.result);
    expect(a.result.npv.p50).toBeLessThan(u.result.npv.p50);
  });

  it('caps progress posts at about 200 for a long run', () => {
    const out = answers(request({ iterations: 120_000 }));
    const posts = out.filter((m) => m.type === 'progress');
    // Every 600 iterations: 199 posts before the result.
    expect(posts).toHaveLength(199);
    expect(posts[0]!.done).toBe(600);
    expect(out.at(-1)!.type).toBe('result');
  });

  it('answers an invalid model with an error naming the problem, never silence', () => {
    const broken = structuredClone(SUPPORT_ASSISTANT_TEMPLATE);
    broken.drivers[0]!.low = broken.drivers[0]!.high + 1;
    const out = answers(request({ model: broken }));
    expect(out).toHaveLength(1);
    const m = out[0]!;
    if (m.type !== 'error') throw new Error('expected an error');
    expect(m.runId).toBe(7);
    expect(m.message).toMatch(/^The model has (an error|\d+ errors), so it cannot be simulated: /);
    expect(m.issues.length).toBeGreaterThan(0);
    expect(m.issues[0]!.path).toMatch(/^drivers\.0/);
  });

  it('answers a model that is not a model at all', () => {
    const out = answers(request({ model: 'hello' }));
    expect(out).toHaveLength(1);
    expect(out[0]!.type).toBe('error');
  });

  it('refuses a malformed request and keeps its run id when it has one', () => {
    const tooMany = answers({ ...request(), iterations: 10_000_000 });
    expect(tooMany).toEqual([
      expect.objectContaining({ type: 'error', runId: 7, message: expect.stringMatching(/^The simulation request/) }),
    ]);
    expect(answers(null)).toEqual([expect.objectContaining({ type: 'error', runId: 0 })]);
    expect(answers({ ...request(), extra: true })[0]!.type).toBe('error');
  });

  it('reports a run where no iteration is finite instead of zeros', () => {
    const m = structuredClone(SUPPORT_ASSISTANT_TEMPLATE);
    m.drivers.push({
      key: 'gap',
      label: 'Gap',
      unit: '',
      kind: 'value',
      low: 1,
      likely: 2,
      high: 3,
      distribution: 'pert',
    });
    // Finite at the likely value (so the model validates), a division by zero for every other sample.
    const first = Object.keys(m.benefits[0]!.inputs)[0]!;
    m.benefits[0]!.inputs[first] = `(${m.benefits[0]!.inputs[first]}) / max(0, 1 - 1000000 * max(gap - 2, 2 - gap))`;
    const out = answers(request({ model: m, iterations: 200 }));
    expect(out.at(-1)).toEqual(
      expect.objectContaining({ type: 'error', message: expect.stringMatching(/^No iteration gave finite amounts/) }),
    );
  });
});
