import { describe, expect, it } from 'vitest';
import { checkSettings, runRequestSchema, SIMULATION_LIMITS, workerMessageSchema } from './protocol';

describe('checkSettings', () => {
  it('accepts the defaults and tolerates digit grouping', () => {
    expect(checkSettings({ iterations: '10000', seed: '1' })).toEqual({ ok: true, iterations: 10_000, seed: 1 });
    expect(checkSettings({ iterations: '200,000', seed: '0' })).toEqual({ ok: true, iterations: 200_000, seed: 0 });
    expect(checkSettings({ iterations: ' 1 000 ', seed: '42' })).toEqual({ ok: true, iterations: 1000, seed: 42 });
  });
  it('names the field and the problem for each bad value', () => {
    expect(checkSettings({ iterations: '', seed: '' })).toEqual({
      ok: false,
      errors: { iterations: 'Enter the number of iterations', seed: 'Enter a seed' },
    });
    expect(checkSettings({ iterations: '99', seed: '1' })).toEqual({
      ok: false,
      errors: { iterations: 'Between 100 and 200,000' },
    });
    expect(checkSettings({ iterations: '200001', seed: '1' })).toEqual({
      ok: false,
      errors: { iterations: 'Between 100 and 200,000' },
    });
    expect(checkSettings({ iterations: '1e4', seed: '-1' })).toEqual({
      ok: false,
      errors: { iterations: 'Enter a whole number', seed: 'Enter a whole number (0 or more)' },
    });
    expect(checkSettings({ iterations: '1000.5', seed: String(SIMULATION_LIMITS.maxSeed + 1) })).toEqual({
      ok: false,
      errors: { iterations: 'Enter a whole number', seed: 'At most 4,294,967,295' },
    });
  });
});

describe('the worker protocol', () => {
  const request = { type: 'run', runId: 1, model: {}, iterations: 10_000, seed: 1, riskAdjusted: false, bins: 30 };
  it('checks requests against the same bounds as the form', () => {
    expect(runRequestSchema.safeParse(request).success).toBe(true);
    expect(runRequestSchema.safeParse({ ...request, iterations: 99 }).success).toBe(false);
    expect(runRequestSchema.safeParse({ ...request, iterations: 1.5e5 + 0.5 }).success).toBe(false);
    expect(runRequestSchema.safeParse({ ...request, seed: -1 }).success).toBe(false);
    expect(runRequestSchema.safeParse({ ...request, type: 'cancel' }).success).toBe(false);
  });
  it('refuses answers with NaN or Infinity, or of an unknown type', () => {
    const percentiles = { p10: -1, p50: 0, p90: 1, mean: 0 };
    const result = {
      type: 'result',
      runId: 1,
      elapsedMs: 12,
      runMs: 10,
      result: {
        iterations: 10,
        valid: 10,
        npv: percentiles,
        roi: null,
        probNegative: 0.4,
        histogram: { edges: [-1], width: 0, counts: [10] },
        fan: { p10: [0], p50: [0], p90: [0] },
      },
      tornado: { baseNpv: 0, bars: [] },
    };
    expect(workerMessageSchema.safeParse(result).success).toBe(true);
    const withNaN = structuredClone(result);
    withNaN.result.npv.p50 = Number.NaN;
    expect(workerMessageSchema.safeParse(withNaN).success).toBe(false);
    const withInfinity = structuredClone(result);
    withInfinity.result.fan.p90 = [Number.POSITIVE_INFINITY];
    expect(workerMessageSchema.safeParse(withInfinity).success).toBe(false);
    expect(workerMessageSchema.safeParse({ type: 'done', runId: 1 }).success).toBe(false);
    expect(workerMessageSchema.safeParse({ type: 'progress', runId: 1, done: 5, total: 10 }).success).toBe(true);
  });
});
