import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PRICES,
  MAX_PRICE_ENTRIES,
  canonicalModel,
  modelVariants,
  priceEntryInput,
  priceFor,
  priceOverridesInput,
  withOverrides,
  type PriceEntry,
} from './prices';

const entry = (pattern: string, inputPerM: number, outputPerM = inputPerM): PriceEntry => ({
  pattern,
  inputPerM,
  outputPerM,
  asOf: '2025-01-01',
});

const issues = (v: unknown) =>
  priceOverridesInput.safeParse(v).error?.issues.map((i) => [i.path.join('.'), i.message]) ?? [];

describe('the default table', () => {
  it('has distinct patterns, real dates and finite non-negative prices that pass its own validation', () => {
    const patterns = DEFAULT_PRICES.map((e) => canonicalModel(e.pattern));
    expect(new Set(patterns).size).toBe(patterns.length);
    expect(priceOverridesInput.safeParse(DEFAULT_PRICES).success).toBe(true);
  });

  it('prices the models the recorded fixtures name, and leaves unknown or open-weight ones unpriced', () => {
    expect(priceFor('gpt-4o')).toMatchObject({ pattern: 'gpt-4o', inputPerM: 2.5, outputPerM: 10 });
    expect(priceFor('gpt-4o-mini')?.pattern).toBe('gpt-4o-mini');
    expect(priceFor('claude-3-5-sonnet-20241022')?.pattern).toBe('claude-3-5-sonnet');
    expect(priceFor('text-embedding-3-small')).toMatchObject({ inputPerM: 0.02, outputPerM: 0 });
    expect(priceFor('flaky-model')).toBeNull();
    expect(priceFor('llama-3.3-70b')).toBeNull();
    expect(priceFor('')).toBeNull();
    expect(priceFor('   ')).toBeNull();
  });
});

describe('model names', () => {
  it('lower-cases, trims and spells version dots as hyphens', () => {
    expect(canonicalModel('  Claude-3.5-Sonnet ')).toBe('claude-3-5-sonnet');
    expect(canonicalModel('gpt-4.1-mini')).toBe('gpt-4-1-mini');
    // Only dots between digits: a Bedrock vendor dot stays.
    expect(canonicalModel('anthropic.claude-3')).toBe('anthropic.claude-3');
  });

  it('lists the name as given, undated, without provider prefix, and both', () => {
    expect(modelVariants('azure/gpt-4o-2024-08-06')).toEqual([
      'azure/gpt-4o-2024-08-06',
      'azure/gpt-4o',
      'gpt-4o-2024-08-06',
      'gpt-4o',
    ]);
    expect(modelVariants('us.anthropic.claude-3-7-sonnet-20250219-v1:0')).toContain('claude-3-7-sonnet');
    expect(modelVariants('vertex_ai/claude-3-5-sonnet-v2@20241022')).toContain('claude-3-5-sonnet');
    expect(modelVariants('gemini-1.5-pro-002')).toContain('gemini-1-5-pro');
    expect(modelVariants('mistral-large-latest')).toContain('mistral-large');
    expect(modelVariants('gpt-4o')).toEqual(['gpt-4o']);
  });
});

describe('priceFor', () => {
  it('matches case-insensitively through provider prefixes and dated snapshots', () => {
    for (const name of [
      'GPT-4o',
      'openai/gpt-4o',
      'azure/gpt-4o',
      'openrouter/openai/gpt-4o',
      'gpt-4o-2024-08-06',
      'gpt-4o-2024-11-20',
    ])
      expect(priceFor(name)?.pattern, name).toBe('gpt-4o');
    expect(priceFor('anthropic/claude-3.5-sonnet')?.pattern).toBe('claude-3-5-sonnet');
    expect(priceFor('anthropic.claude-3-5-sonnet-20241022-v2:0')?.pattern).toBe('claude-3-5-sonnet');
    expect(priceFor('gpt-4-0613')?.pattern).toBe('gpt-4');
    expect(priceFor('gpt-3.5-turbo-0125')?.pattern).toBe('gpt-3.5-turbo');
    expect(priceFor('o1-mini-2024-09-12')?.pattern).toBe('o1-mini');
  });

  it('lets the most specific pattern win, whatever the table order', () => {
    // A dated snapshot with its own price beats the undated family name.
    expect(priceFor('gpt-4o-2024-05-13')).toMatchObject({ inputPerM: 5, outputPerM: 15 });
    expect(priceFor('openai/gpt-4o-2024-05-13')).toMatchObject({ inputPerM: 5 });
    const table = [entry('gpt-4o', 1), entry('gpt-4o-mini', 2), entry('azure/gpt-4o', 3), entry('gpt-4o-*', 4)];
    const reversed = [...table].reverse();
    for (const t of [table, reversed]) {
      expect(priceFor('gpt-4o', t)?.inputPerM).toBe(1);
      expect(priceFor('gpt-4o-mini', t)?.inputPerM).toBe(2);
      expect(priceFor('gpt-4o-mini-2024-07-18', t)?.inputPerM).toBe(2);
      expect(priceFor('azure/gpt-4o', t)?.inputPerM).toBe(3);
      expect(priceFor('AZURE/gpt-4o-2024-08-06', t)?.inputPerM).toBe(3);
      // The glob spells out more than "gpt-4o": it wins for names it covers that are not priced by name.
      expect(priceFor('gpt-4o-audio-preview', t)?.inputPerM).toBe(4);
    }
  });

  it('prefers an exact name over a glob of the same length, and the earlier entry on a full tie', () => {
    expect(priceFor('gpt-4o-2024-08-06', [entry('gpt-4o*', 9), entry('gpt-4o', 1)])?.inputPerM).toBe(1);
    expect(priceFor('my-model', [entry('my-model', 1), entry('MY-MODEL', 2)])?.inputPerM).toBe(1);
  });

  it('never stretches a name to a different model', () => {
    expect(priceFor('gpt-4o-realtime-preview')).toBeNull();
    expect(priceFor('chatgpt-4o-latest')).toBeNull();
    expect(priceFor('gpt-4-32k')).toBeNull();
    expect(priceFor('ft:gpt-4o-mini-2024-07-18:acme::abc123')).toBeNull();
    expect(priceFor('meta-llama/llama-3.3-70b-instruct:free')).toBeNull();
    expect(priceFor('my-deployment')).toBeNull();
  });

  it('matches globs anywhere in the name, with regex characters taken literally', () => {
    const t = [entry('azure/acme-*-prod', 7), entry('v1.(beta)+', 8)];
    expect(priceFor('azure/acme-gpt4o-prod', t)?.inputPerM).toBe(7);
    expect(priceFor('azure/acme-prod', t)).toBeNull();
    expect(priceFor('v1.(beta)+', t)?.inputPerM).toBe(8);
    expect(priceFor('v1x(beta)', t)).toBeNull();
  });
});

describe('withOverrides', () => {
  it('puts overrides first and drops the defaults they restate', () => {
    const merged = withOverrides([entry('GPT-4o', 1), entry('acme-*', 2)]);
    expect(merged.slice(0, 2).map((e) => e.pattern)).toEqual(['GPT-4o', 'acme-*']);
    expect(merged.filter((e) => canonicalModel(e.pattern) === 'gpt-4o')).toHaveLength(1);
    expect(merged).toHaveLength(DEFAULT_PRICES.length + 1);
    expect(priceFor('openai/gpt-4o', merged)?.inputPerM).toBe(1);
    expect(priceFor('acme-7', merged)?.inputPerM).toBe(2);
    // Defaults not overridden still apply.
    expect(priceFor('gpt-4o-mini', merged)?.pattern).toBe('gpt-4o-mini');
  });
});

describe('priceOverridesInput', () => {
  it('accepts a valid table, trimming patterns and notes', () => {
    const r = priceOverridesInput.parse([
      { pattern: ' azure/gpt-4o ', inputPerM: 2.5, outputPerM: 10, asOf: '2025-03-01', note: ' EA price ' },
      { pattern: 'text-embed-*', inputPerM: 0.02, outputPerM: 0, asOf: '2025-03-01' },
    ]);
    expect(r[0]).toEqual({
      pattern: 'azure/gpt-4o',
      inputPerM: 2.5,
      outputPerM: 10,
      asOf: '2025-03-01',
      note: 'EA price',
    });
    expect(priceOverridesInput.parse([])).toEqual([]);
  });

  it('rejects negative, NaN, infinite, missing and absurd prices with messages that say which', () => {
    const ok = { pattern: 'm', inputPerM: 1, outputPerM: 1, asOf: '2025-01-01' };
    expect(issues([{ ...ok, inputPerM: -0.5 }])).toEqual([['0.inputPerM', 'Input price cannot be negative']]);
    expect(issues([{ ...ok, outputPerM: Number.NaN }])).toEqual([
      ['0.outputPerM', 'Output price must be a number (USD per 1M tokens)'],
    ]);
    expect(issues([{ ...ok, inputPerM: Number.POSITIVE_INFINITY }])).toEqual([
      ['0.inputPerM', 'Input price must be a number (USD per 1M tokens)'],
    ]);
    expect(issues([{ ...ok, outputPerM: '3' }])).toEqual([
      ['0.outputPerM', 'Output price must be a number (USD per 1M tokens)'],
    ]);
    const { inputPerM: _, ...noInput } = ok;
    expect(issues([noInput])).toEqual([['0.inputPerM', 'Input price must be a number (USD per 1M tokens)']]);
    expect(issues([{ ...ok, inputPerM: 20_000 }])[0]?.[1]).toMatch(/at most 10000 USD per 1M tokens/);
  });

  it('rejects empty, spaced and catch-all patterns, unreal dates, unknown keys and repeated patterns', () => {
    const ok = { pattern: 'm', inputPerM: 1, outputPerM: 1, asOf: '2025-01-01' };
    expect(issues([{ ...ok, pattern: '  ' }])).toEqual([['0.pattern', 'Enter a model name or pattern']]);
    expect(issues([{ ...ok, pattern: 'gpt 4o' }])).toEqual([['0.pattern', 'A pattern cannot contain spaces']]);
    expect(issues([{ ...ok, pattern: '*' }])[0]?.[1]).toMatch(/catch-all/);
    expect(issues([{ ...ok, asOf: '2025-02-30' }])).toEqual([['0.asOf', 'Not a real date']]);
    expect(issues([{ ...ok, asOf: '1/2/2025' }])[0]).toEqual(['0.asOf', 'Use the form YYYY-MM-DD']);
    expect(priceEntryInput.safeParse({ ...ok, currency: 'EUR' }).success).toBe(false);
    expect(issues([ok, { ...ok, pattern: 'x' }, { ...ok, pattern: ' M ' }])).toEqual([
      ['2.pattern', '“M” is already priced in entry 1'],
    ]);
    expect(issues(Array.from({ length: MAX_PRICE_ENTRIES + 1 }, (_, i) => ({ ...ok, pattern: `m${i}` })))).toEqual([
      ['', `At most ${MAX_PRICE_ENTRIES} prices`],
    ]);
  });
});
