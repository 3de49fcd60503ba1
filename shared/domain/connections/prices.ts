import { z } from 'zod';
import { isoDate } from '../initiative';

/**
 * Token prices for estimating spend where a gateway reports tokens but no cost (Envoy AI Gateway and the
 * OpenTelemetry GenAI conventions have no cost metric; Kong only has one when the route sets costs).
 *
 * These are PUBLIC LIST PRICES in USD per 1M tokens, as published by the vendors on the `asOf` date. Prices
 * change (usually down, sometimes per snapshot), and a real invoice differs: batch and cached-input discounts,
 * long-context tiers, committed-use deals, regional and provisioned deployments. Spend computed from this table
 * is an estimate and is labelled as one; billing-grade spend comes from a gateway's REST API. Users correct or
 * extend the table with overrides (a JSON setting, see `priceOverridesInput`).
 *
 * Open-weight models (Llama, Qwen, DeepSeek, Mistral's open models …) are deliberately absent: their price is
 * set by whoever hosts them, so any default would be a guess. Unknown models are never priced.
 */
export interface PriceEntry {
  /**
   * Which model names this price applies to: an exact name ("gpt-4o") or a glob where `*` stands for any run
   * of characters ("my-azure-deployment-*"). Case-insensitive. A pattern without a provider prefix also
   * matches prefixed names ("openai/gpt-4o", "azure/gpt-4o"), and an undated one matches dated snapshots
   * ("gpt-4o-2024-08-06"); see `modelVariants`.
   */
  pattern: string;
  /** USD per 1M input (prompt) tokens. */
  inputPerM: number;
  /** USD per 1M output (completion) tokens; 0 for embedding models, which have none. */
  outputPerM: number;
  /** YYYY-MM-DD: the day the price was read from the vendor's price list. */
  asOf: string;
  note?: string;
}

const p = (pattern: string, inputPerM: number, outputPerM: number, asOf: string, note?: string): PriceEntry =>
  note === undefined ? { pattern, inputPerM, outputPerM, asOf } : { pattern, inputPerM, outputPerM, asOf, note };

/** Default list prices (standard tier, no batch or cache discounts). See the caveats above. */
export const DEFAULT_PRICES: readonly PriceEntry[] = [
  // OpenAI — https://openai.com/api/pricing
  p('gpt-5', 1.25, 10, '2025-08-07'),
  p('gpt-5-mini', 0.25, 2, '2025-08-07'),
  p('gpt-5-nano', 0.05, 0.4, '2025-08-07'),
  p('gpt-4.1', 2, 8, '2025-04-14'),
  p('gpt-4.1-mini', 0.4, 1.6, '2025-04-14'),
  p('gpt-4.1-nano', 0.1, 0.4, '2025-04-14'),
  p('gpt-4o', 2.5, 10, '2024-10-01'),
  // The first gpt-4o snapshot kept its launch price when later snapshots became cheaper.
  p('gpt-4o-2024-05-13', 5, 15, '2024-10-01'),
  p('gpt-4o-mini', 0.15, 0.6, '2024-07-18'),
  p('gpt-4-turbo', 10, 30, '2024-04-09'),
  p('gpt-4', 30, 60, '2024-04-09'),
  p('gpt-3.5-turbo', 0.5, 1.5, '2024-01-25'),
  p('o1', 15, 60, '2024-12-17'),
  p('o1-mini', 1.1, 4.4, '2025-01-31'),
  p('o3', 2, 8, '2025-06-10'),
  p('o3-mini', 1.1, 4.4, '2025-01-31'),
  p('o4-mini', 1.1, 4.4, '2025-04-16'),
  p('text-embedding-3-small', 0.02, 0, '2024-01-25'),
  p('text-embedding-3-large', 0.13, 0, '2024-01-25'),
  p('text-embedding-ada-002', 0.1, 0, '2024-01-25'),
  // Anthropic — https://www.anthropic.com/pricing#api
  p('claude-opus-4-5', 5, 25, '2025-11-24'),
  p('claude-opus-4-1', 15, 75, '2025-08-05'),
  p('claude-opus-4', 15, 75, '2025-05-22'),
  p('claude-sonnet-4-5', 3, 15, '2025-09-29', 'prompts up to 200k tokens'),
  p('claude-sonnet-4', 3, 15, '2025-05-22', 'prompts up to 200k tokens'),
  p('claude-haiku-4-5', 1, 5, '2025-10-15'),
  p('claude-3-7-sonnet', 3, 15, '2025-02-24'),
  p('claude-3-5-sonnet', 3, 15, '2024-10-22'),
  p('claude-3-5-haiku', 0.8, 4, '2024-11-04'),
  p('claude-3-opus', 15, 75, '2024-03-04'),
  p('claude-3-haiku', 0.25, 1.25, '2024-03-13'),
  // Google Gemini API — https://ai.google.dev/gemini-api/docs/pricing
  p('gemini-2.5-pro', 1.25, 10, '2025-06-17', 'prompts up to 200k tokens'),
  p('gemini-2.5-flash', 0.3, 2.5, '2025-06-17'),
  p('gemini-2.5-flash-lite', 0.1, 0.4, '2025-07-22'),
  p('gemini-2.0-flash', 0.1, 0.4, '2025-02-05'),
  p('gemini-1.5-pro', 1.25, 5, '2024-10-01', 'prompts up to 128k tokens'),
  p('gemini-1.5-flash', 0.075, 0.3, '2024-10-01', 'prompts up to 128k tokens'),
  // Mistral AI (hosted API) — https://mistral.ai/pricing
  p('mistral-large', 2, 6, '2024-11-18'),
  p('mistral-small', 0.1, 0.3, '2025-03-17'),
  p('codestral', 0.3, 0.9, '2025-01-13'),
];

// ---- model names ---------------------------------------------------------------------------------------------

/**
 * The comparable form of a model name or pattern: trimmed, lower case, and a dot between digits written as a
 * hyphen, because vendors and gateways spell versions both ways ("claude-3.5-sonnet" on OpenRouter,
 * "claude-3-5-sonnet" at Anthropic; "gpt-4.1").
 */
export function canonicalModel(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/(\d)\.(?=\d)/g, '$1-');
}

/**
 * Bedrock-style vendor prefixes, optionally behind a cross-region inference prefix:
 * "anthropic.claude-3-5-sonnet-…", "us.anthropic.claude-3-7-sonnet-…".
 */
const VENDOR_DOT = /^(?:(?:us|eu|apac|us-gov|global)\.)?(?:anthropic|openai|meta|mistral|amazon|cohere|ai21|google)\./;

/**
 * Snapshot and version suffixes that do not change what a model is billed as: "-2024-08-06", "-20241022",
 * "@20240620" (Vertex), "-0613"/"-2411" (OpenAI, Mistral), "-002" (Gemini), "-v2:0" (Bedrock), "-latest".
 * Qualifiers that do change the price ("-preview", "-realtime", ":free", fine-tune ids "ft:…") are not
 * stripped, so such names stay unpriced unless the table names them.
 */
const SNAPSHOT_SUFFIX = /(?:-\d{4}-\d{2}-\d{2}|[-@]\d{8}|-\d{3,4}|-v\d+(?::\d+)?|-latest)$/;

/**
 * The names a model is looked up under, most complete first: as given, without its dated suffix, without its
 * provider prefix ("openrouter/anthropic/…", "azure/…", Bedrock "anthropic."), and without both. A pattern may
 * therefore name a provider-qualified or dated model exactly, and the plain model name covers the rest.
 */
export function modelVariants(model: string): string[] {
  const full = canonicalModel(model);
  if (full === '') return [];
  const bare = full.slice(full.lastIndexOf('/') + 1).replace(VENDOR_DOT, '');
  const out: string[] = [];
  for (const name of [full, bare]) {
    out.push(name);
    let undated = name;
    // A Bedrock id carries two suffixes ("-20241022-v2:0"); three rounds cover every real combination.
    for (let i = 0; i < 3; i++) {
      const next = undated.replace(SNAPSHOT_SUFFIX, '');
      if (next === undated || next === '') break;
      undated = next;
    }
    out.push(undated);
  }
  return [...new Set(out)];
}

interface CompiledPattern {
  exact: boolean;
  /** Characters other than `*`: the more a pattern spells out, the more specific it is. */
  literal: number;
  test: (name: string) => boolean;
}

function compile(pattern: string): CompiledPattern {
  const canon = canonicalModel(pattern);
  if (!canon.includes('*')) return { exact: true, literal: canon.length, test: (n) => n === canon };
  const source = canon
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${source}$`);
  return { exact: false, literal: canon.replace(/\*/g, '').length, test: (n) => re.test(n) };
}

const compiled = new WeakMap<readonly PriceEntry[], CompiledPattern[]>();
function compiledOf(table: readonly PriceEntry[]): CompiledPattern[] {
  let c = compiled.get(table);
  if (!c) {
    c = table.map((e) => compile(e.pattern));
    compiled.set(table, c);
  }
  return c;
}

/**
 * The price of `model`, or null when no entry matches (the caller then reports it as unpriced; it never
 * guesses). The most specific matching pattern wins: the one spelling out the most characters, then an exact
 * name over a glob, then the earlier entry (overrides come first, see `withOverrides`). So
 * "gpt-4o-2024-05-13" beats "gpt-4o" for that snapshot, and "azure/gpt-4o" beats "gpt-4o" for Azure.
 */
export function priceFor(model: string, table: readonly PriceEntry[] = DEFAULT_PRICES): PriceEntry | null {
  const names = modelVariants(model);
  if (names.length === 0) return null;
  const patterns = compiledOf(table);
  let best: { entry: PriceEntry; pat: CompiledPattern } | null = null;
  for (let i = 0; i < table.length; i++) {
    const pat = patterns[i]!;
    if (!names.some((n) => pat.test(n))) continue;
    if (!best || pat.literal > best.pat.literal || (pat.literal === best.pat.literal && pat.exact && !best.pat.exact))
      best = { entry: table[i]!, pat };
  }
  return best ? best.entry : null;
}

/**
 * The table in effect: the user's overrides first (so they win ties), then the defaults whose pattern no
 * override restates. An override of "GPT-4o" replaces the default "gpt-4o" rather than sitting beside it.
 */
export function withOverrides(
  overrides: readonly PriceEntry[],
  base: readonly PriceEntry[] = DEFAULT_PRICES,
): PriceEntry[] {
  const taken = new Set(overrides.map((o) => canonicalModel(o.pattern)));
  return [...overrides, ...base.filter((e) => !taken.has(canonicalModel(e.pattern)))];
}

// ---- user overrides ------------------------------------------------------------------------------------------

/** Far above any real list price; a larger number is a unit mistake (per token, or cents). */
export const MAX_PRICE_PER_M = 10_000;
export const MAX_PRICE_ENTRIES = 500;

const usdPerM = (what: string) =>
  z
    .number({ error: `${what} must be a number (USD per 1M tokens)` })
    .nonnegative(`${what} cannot be negative`)
    .max(MAX_PRICE_PER_M, `${what} must be at most ${MAX_PRICE_PER_M} USD per 1M tokens; is it per 1M tokens?`);

export const priceEntryInput = z.strictObject({
  pattern: z
    .string({ error: 'Enter a model name or pattern' })
    .trim()
    .min(1, { error: 'Enter a model name or pattern', abort: true })
    .max(200, 'A pattern must be at most 200 characters')
    .regex(/^[^\s]+$/, 'A pattern cannot contain spaces')
    // A bare "*" would price every unknown model alike and hide which ones the table does not know.
    .regex(/[a-z0-9]/i, 'A pattern must name a model (a catch-all like "*" is not allowed)'),
  inputPerM: usdPerM('Input price'),
  outputPerM: usdPerM('Output price'),
  asOf: isoDate,
  note: z.string().trim().max(200, 'A note must be at most 200 characters').optional(),
});

/** The user's price overrides, stored as a JSON setting: a list of entries with distinct patterns. */
export const priceOverridesInput = z
  .array(priceEntryInput)
  .max(MAX_PRICE_ENTRIES, `At most ${MAX_PRICE_ENTRIES} prices`)
  .superRefine((list, ctx) => {
    const seen = new Map<string, number>();
    list.forEach((e, i) => {
      const key = canonicalModel(e.pattern);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: [i, 'pattern'],
          message: `“${e.pattern}” is already priced in entry ${first + 1}`,
        });
    });
  });
