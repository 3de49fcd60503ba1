// Spend estimated from tokens × a list-price table, for metric families that count tokens but report no cost
// (Envoy AI Gateway / OpenTelemetry GenAI, Kong without configured costs). Pure: the poll path passes a poll's
// batches through it before they are stored.
import { DEFAULT_PRICES, priceFor, type PriceEntry } from '../../../shared/domain/connections/prices';
import type { SampleBatch } from './types';

/** The dimension that marks a derived series, so the UI can say "estimated from tokens × list price". */
export const ESTIMATE_DIM = 'estimate';
export const ESTIMATE_PRICE_TABLE = 'price-table';

export interface DerivedSpend {
  /** The input batches, unchanged and in order, followed by the derived spend_usd batches. */
  batches: SampleBatch[];
  /** Models that had tokens but no price in the table, sorted; their tokens got no spend. */
  unpriced: string[];
  /**
   * (initiative, family) pairs that had tokens but no per-model token series at all: nothing could be priced.
   * (A total without a model next to per-model series is the usual shape and is not listed.)
   */
  noModel: Array<{ initiativeId: number; family: string }>;
}

interface Pair {
  initiativeId: number;
  family: string;
  dims: Record<string, string>;
  model: string;
  /** ts → tokens; a later value for a timestamp replaces the earlier one, as in storage. */
  input: Map<number, number>;
  output: Map<number, number>;
}

const groupKey = (initiativeId: number, family: string) => JSON.stringify([initiativeId, family]);
const dimsKey = (dims: Record<string, string>) =>
  JSON.stringify(Object.entries(dims).sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * For every (initiative, family) with input_tokens/output_tokens batches and NO spend_usd batch, spend_usd
 * batches priced per model from the token batches' `dims.model`, with the token batch's dims plus
 * `{ estimate: 'price-table' }`, in the same family. Families that bring their own spend (LiteLLM, Kong with
 * costs, the REST gateways) are left alone, so a request is never costed twice.
 *
 * Never a guess: a token batch without a model, or with a model the table does not know, yields no spend for
 * its points (not 0); the unknown models are returned in `unpriced`. Only per-model series are derived, never
 * a total: the readers sum an initiative's series, and a total beside them would count spend twice.
 *
 * Alignment: input and output are priced independently and summed per timestamp, so a timestamp where only
 * one side has a point costs that side alone. Requiring both would lose every embedding model (they have no
 * output tokens) and drop known input cost whenever an output series is briefly absent; the cost of a side
 * that is missing is simply not there (an underestimate for that step, never an invented amount). Connectors
 * query both sides on the same grid, so in practice the timestamps coincide.
 */
export function deriveSpend(
  batches: readonly SampleBatch[],
  table: readonly PriceEntry[] = DEFAULT_PRICES,
): DerivedSpend {
  const hasSpend = new Set<string>();
  const hasTokens = new Map<string, { initiativeId: number; family: string; modelled: boolean }>();
  for (const b of batches) {
    const g = groupKey(b.initiativeId, b.family);
    if (b.metric === 'spend_usd') hasSpend.add(g);
    else if (b.metric === 'input_tokens' || b.metric === 'output_tokens') {
      const seen = hasTokens.get(g) ?? { initiativeId: b.initiativeId, family: b.family, modelled: false };
      if (b.dims['model']) seen.modelled = true;
      hasTokens.set(g, seen);
    }
  }

  const pairs = new Map<string, Pair>();
  for (const b of batches) {
    if (b.metric !== 'input_tokens' && b.metric !== 'output_tokens') continue;
    const model = b.dims['model'];
    if (!model || hasSpend.has(groupKey(b.initiativeId, b.family))) continue;
    const key = JSON.stringify([b.initiativeId, b.family, dimsKey(b.dims)]);
    let pair = pairs.get(key);
    if (!pair) {
      pair = {
        initiativeId: b.initiativeId,
        family: b.family,
        dims: b.dims,
        model,
        input: new Map(),
        output: new Map(),
      };
      pairs.set(key, pair);
    }
    const side = b.metric === 'input_tokens' ? pair.input : pair.output;
    // Connectors drop NaN/±Inf already; a negative count is a broken counter, not a refund. Neither is data.
    for (const [ts, v] of b.points) if (Number.isFinite(ts) && Number.isFinite(v) && v >= 0) side.set(ts, v);
  }

  const derived: SampleBatch[] = [];
  const unpriced = new Set<string>();
  const prices = new Map<string, PriceEntry | null>();
  for (const pair of pairs.values()) {
    let price = prices.get(pair.model);
    if (price === undefined) {
      price = priceFor(pair.model, table);
      prices.set(pair.model, price);
    }
    if (!price) {
      unpriced.add(pair.model);
      continue;
    }
    const spend = new Map<number, number>();
    // Tokens × USD per 1M tokens; multiplying before dividing keeps small amounts exact where possible.
    for (const [ts, n] of pair.input) spend.set(ts, (n * price.inputPerM) / 1e6);
    for (const [ts, n] of pair.output) spend.set(ts, (spend.get(ts) ?? 0) + (n * price.outputPerM) / 1e6);
    if (spend.size === 0) continue;
    derived.push({
      initiativeId: pair.initiativeId,
      metric: 'spend_usd',
      family: pair.family,
      dims: { ...pair.dims, [ESTIMATE_DIM]: ESTIMATE_PRICE_TABLE },
      points: [...spend.entries()].sort((a, b) => a[0] - b[0]),
    });
  }

  const noModel = [...hasTokens.entries()]
    .filter(([g, t]) => !t.modelled && !hasSpend.has(g))
    .map(([, t]) => ({ initiativeId: t.initiativeId, family: t.family }));
  return { batches: [...batches, ...derived], unpriced: [...unpriced].sort(), noModel };
}
