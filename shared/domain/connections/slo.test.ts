import { describe, expect, it } from 'vitest';
import { costPerRequest, evaluateSlo } from './slo';

const fresh = { stale: false, source: 'litellm', asOf: '2026-03-10T12:00:00.000Z' };

describe('evaluateSlo', () => {
  it('is met at or under the threshold and breached above it', () => {
    expect(evaluateSlo('latency_p95', 2, { ...fresh, value: 2 }).state).toBe('met');
    expect(evaluateSlo('latency_p95', 2, { ...fresh, value: 2.01 })).toMatchObject({ state: 'breached', actual: 2.01 });
  });

  it('never compares missing data as 0', () => {
    const s = evaluateSlo('error_rate', 0.05, { ...fresh, value: null });
    expect(s).toMatchObject({ state: 'no_data', actual: null });
    expect(evaluateSlo('error_rate', 0.05, { ...fresh, value: Number.NaN }).state).toBe('no_data');
  });

  it('does not call stale data met, even when it is under the threshold', () => {
    expect(evaluateSlo('cost_per_day', 100, { ...fresh, stale: true, value: 1 })).toMatchObject({
      state: 'stale',
      actual: 1,
    });
  });
});

describe('costPerRequest', () => {
  it('divides spend by requests and is null without requests or either figure', () => {
    expect(costPerRequest(30, 1000)).toBe(0.03);
    expect(costPerRequest(30, 0)).toBeNull();
    expect(costPerRequest(null, 10)).toBeNull();
    expect(costPerRequest(3, null)).toBeNull();
  });
});
