import { describe, expect, it } from 'vitest';
import type { CanonicalMetric } from '../../../shared/domain/connections/metrics';
import type { PriceEntry } from '../../../shared/domain/connections/prices';
import { deriveSpend } from './deriveSpend';
import type { SampleBatch } from './types';

const T = 1_760_000_000;
const TABLE: PriceEntry[] = [
  { pattern: 'gpt-4o', inputPerM: 2.5, outputPerM: 10, asOf: '2025-01-01' },
  { pattern: 'claude-3-5-sonnet', inputPerM: 3, outputPerM: 15, asOf: '2025-01-01' },
  { pattern: 'text-embedding-3-small', inputPerM: 0.02, outputPerM: 0, asOf: '2025-01-01' },
];

function batch(
  metric: CanonicalMetric,
  dims: Record<string, string>,
  points: Array<[number, number]>,
  over: Partial<SampleBatch> = {},
): SampleBatch {
  return { initiativeId: 1, metric, family: 'otel', dims, points, ...over };
}

const derivedOf = (r: { batches: SampleBatch[] }, input: readonly SampleBatch[]) => r.batches.slice(input.length);

describe('deriveSpend', () => {
  it('prices each model from its own token series and marks the result as an estimate', () => {
    const input = [
      batch('input_tokens', {}, [[T, 3_000_000]]),
      batch('output_tokens', {}, [[T, 300_000]]),
      batch('input_tokens', { model: 'gpt-4o' }, [
        [T, 1_000_000],
        [T + 60, 2_000_000],
      ]),
      batch('output_tokens', { model: 'gpt-4o' }, [
        [T, 100_000],
        [T + 60, 0],
      ]),
      batch('input_tokens', { model: 'openrouter/anthropic/claude-3.5-sonnet' }, [[T, 2_000_000]]),
      batch('output_tokens', { model: 'openrouter/anthropic/claude-3.5-sonnet' }, [[T, 200_000]]),
      batch('requests', { model: 'gpt-4o' }, [[T, 50]]),
    ];
    const r = deriveSpend(input, TABLE);
    // The input comes back untouched, in order, before the derived batches.
    expect(r.batches.slice(0, input.length)).toEqual(input);
    r.batches.slice(0, input.length).forEach((b, i) => expect(b).toBe(input[i]));
    const derived = derivedOf(r, input);
    expect(derived.map((b) => [b.metric, b.family, b.initiativeId, b.dims])).toEqual([
      ['spend_usd', 'otel', 1, { model: 'gpt-4o', estimate: 'price-table' }],
      ['spend_usd', 'otel', 1, { model: 'openrouter/anthropic/claude-3.5-sonnet', estimate: 'price-table' }],
    ]);
    // 1M × 2.5 + 0.1M × 10 = 3.5; 2M × 2.5 + 0 = 5 (a real zero of output tokens costs nothing).
    expect(derived[0]?.points).toEqual([
      [T, 3.5],
      [T + 60, 5],
    ]);
    // 2M × 3 + 0.2M × 15 = 9.
    expect(derived[1]?.points[0]?.[0]).toBe(T);
    expect(derived[1]?.points[0]?.[1]).toBeCloseTo(9, 12);
    expect(r.unpriced).toEqual([]);
    expect(r.noModel).toEqual([]);
  });

  it('keeps other dimensions and gives each (initiative, family) its own series', () => {
    const input = [
      batch('input_tokens', { team: 'ops', model: 'gpt-4o' }, [[T, 1_000_000]]),
      batch('input_tokens', { model: 'gpt-4o', team: 'support' }, [[T, 2_000_000]]),
      batch('input_tokens', { model: 'gpt-4o' }, [[T, 4_000_000]], { initiativeId: 2 }),
      batch('input_tokens', { model: 'gpt-4o' }, [[T, 8_000_000]], { family: 'kong' }),
    ];
    const derived = derivedOf(deriveSpend(input, TABLE), input);
    expect(derived.map((b) => [b.initiativeId, b.family, b.dims, b.points])).toEqual([
      [1, 'otel', { team: 'ops', model: 'gpt-4o', estimate: 'price-table' }, [[T, 2.5]]],
      [1, 'otel', { model: 'gpt-4o', team: 'support', estimate: 'price-table' }, [[T, 5]]],
      [2, 'otel', { model: 'gpt-4o', estimate: 'price-table' }, [[T, 10]]],
      [1, 'kong', { model: 'gpt-4o', estimate: 'price-table' }, [[T, 20]]],
    ]);
  });

  it('gives no spend, not zero, for unknown models and reports them once, sorted', () => {
    const input = [
      batch('input_tokens', { model: 'gpt-4o' }, [[T, 1_000_000]]),
      batch('input_tokens', { model: 'flaky-model' }, [[T, 5_000_000]]),
      batch('output_tokens', { model: 'flaky-model' }, [[T, 5_000_000]]),
      batch('input_tokens', { model: 'acme-internal' }, [[T, 1]], { initiativeId: 3 }),
    ];
    const r = deriveSpend(input, TABLE);
    const derived = derivedOf(r, input);
    expect(derived).toHaveLength(1);
    expect(derived[0]?.dims['model']).toBe('gpt-4o');
    expect(r.unpriced).toEqual(['acme-internal', 'flaky-model']);
  });

  it('prices nothing for tokens without a model, and says so for that initiative and family', () => {
    const input = [
      batch('input_tokens', {}, [[T, 1_000_000]]),
      batch('output_tokens', {}, [[T, 1_000_000]]),
      batch('input_tokens', { model: '' }, [[T, 1_000_000]], { initiativeId: 2 }),
    ];
    const r = deriveSpend(input, TABLE);
    expect(derivedOf(r, input)).toEqual([]);
    expect(r.unpriced).toEqual([]);
    expect(r.noModel).toEqual([
      { initiativeId: 1, family: 'otel' },
      { initiativeId: 2, family: 'otel' },
    ]);
  });

  it('prices input and output independently on misaligned timestamps and sums where both exist', () => {
    const input = [
      batch('input_tokens', { model: 'gpt-4o' }, [
        [T, 1_000_000],
        [T + 60, 1_000_000],
      ]),
      batch('output_tokens', { model: 'gpt-4o' }, [
        [T + 60, 1_000_000],
        [T + 120, 1_000_000],
      ]),
      // An embedding model has input tokens only; it is still priced.
      batch('input_tokens', { model: 'text-embedding-3-small' }, [[T, 50_000_000]]),
    ];
    const derived = derivedOf(deriveSpend(input, TABLE), input);
    expect(derived[0]?.points).toEqual([
      [T, 2.5],
      [T + 60, 12.5],
      [T + 120, 10],
    ]);
    expect(derived[1]?.points).toEqual([[T, 1]]);
  });

  it('sorts points, keeps the last value for a repeated timestamp and skips points that are not data', () => {
    const input = [
      batch('input_tokens', { model: 'gpt-4o' }, [
        [T + 60, 1_000_000],
        [T, 2_000_000],
        [T, 4_000_000],
        [T + 120, Number.NaN],
        [T + 180, -5],
        [T + 240, Number.POSITIVE_INFINITY],
      ]),
    ];
    const derived = derivedOf(deriveSpend(input, TABLE), input);
    expect(derived[0]?.points).toEqual([
      [T, 10],
      [T + 60, 2.5],
    ]);
    // Nothing left to price: no batch at all (an empty series would be noise).
    const none = [batch('input_tokens', { model: 'gpt-4o' }, [[T, Number.NaN]])];
    expect(derivedOf(deriveSpend(none, TABLE), none)).toEqual([]);
  });

  it('leaves families with their own spend alone and derives for the others', () => {
    const litellmSpend = batch('spend_usd', { model: 'gpt-4o' }, [[T, 1.23]], { family: 'litellm' });
    const input = [
      batch('input_tokens', { model: 'gpt-4o' }, [[T, 1_000_000]], { family: 'litellm' }),
      litellmSpend,
      batch('output_tokens', { model: 'gpt-4o' }, [[T, 1_000_000]], { family: 'litellm' }),
      // Spend for another model of the same family still means the family reports cost.
      batch('spend_usd', {}, [[T, 7]], { family: 'kong', initiativeId: 4 }),
      batch('input_tokens', { model: 'claude-3-5-sonnet' }, [[T, 1_000_000]], { family: 'kong', initiativeId: 4 }),
      // Same model, another initiative without spend: derived.
      batch('input_tokens', { model: 'gpt-4o' }, [[T, 1_000_000]], { family: 'litellm', initiativeId: 5 }),
    ];
    const r = deriveSpend(input, TABLE);
    expect(r.batches.slice(0, input.length)).toEqual(input);
    expect(r.batches[1]).toBe(litellmSpend);
    expect(litellmSpend.points).toEqual([[T, 1.23]]);
    const derived = derivedOf(r, input);
    expect(derived.map((b) => [b.initiativeId, b.family, b.points])).toEqual([[5, 'litellm', [[T, 2.5]]]]);
    expect(r.noModel).toEqual([]);
  });

  it('is idempotent over its own output and leaves its input arrays unmodified', () => {
    const input = [batch('input_tokens', { model: 'gpt-4o' }, [[T, 1_000_000]])];
    const frozen = JSON.stringify(input);
    const once = deriveSpend(input, TABLE);
    const twice = deriveSpend(once.batches, TABLE);
    expect(twice.batches).toEqual(once.batches);
    expect(JSON.stringify(input)).toBe(frozen);
  });

  it('uses the default list prices when no table is given', () => {
    const input = [batch('input_tokens', { model: 'openai/gpt-4o-mini-2024-07-18' }, [[T, 1_000_000]])];
    expect(derivedOf(deriveSpend(input), input)[0]?.points).toEqual([[T, 0.15]]);
  });
});
