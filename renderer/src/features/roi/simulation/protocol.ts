import { z } from 'zod';
import type { MonteCarloResult, TornadoBar } from '../../../../../shared/domain/roi/montecarlo';

/**
 * The messages between the Simulation panel and its Monte Carlo worker. Both directions are checked:
 * the worker refuses a malformed request with an error message (never a silent hang), and the panel
 * refuses a malformed answer, so a mismatch between two builds shows up as a plain error.
 */

export const SIMULATION_LIMITS = {
  minIterations: 100,
  /** The run keeps a cumulative cash flow per iteration and period; this keeps a 10-year monthly run under ~200 MB. */
  maxIterations: 200_000,
  defaultIterations: 10_000,
  maxSeed: 2 ** 32 - 1,
  defaultSeed: 1,
  bins: 30,
} as const;

const count = z.number().int().nonnegative();

export const runRequestSchema = z.strictObject({
  type: z.literal('run'),
  runId: count,
  /** The stored model; the worker compiles and validates it. */
  model: z.unknown(),
  iterations: z.number().int().min(SIMULATION_LIMITS.minIterations).max(SIMULATION_LIMITS.maxIterations),
  seed: z.number().int().min(0).max(SIMULATION_LIMITS.maxSeed),
  riskAdjusted: z.boolean(),
  bins: z.number().int().min(1).max(200),
});
export type RunRequest = z.output<typeof runRequestSchema>;

/** z.number() refuses NaN and ±Infinity, so nothing non-finite reaches the screen from a run. */
const num = z.number();
const percentiles = z.strictObject({ p10: num, p50: num, p90: num, mean: num });

const resultSchema = z.strictObject({
  iterations: count,
  valid: count,
  npv: percentiles,
  roi: percentiles.nullable(),
  probNegative: num.min(0).max(1),
  histogram: z.strictObject({ edges: z.array(num), width: num, counts: z.array(count) }),
  fan: z.strictObject({ p10: z.array(num), p50: z.array(num), p90: z.array(num) }),
}) satisfies z.ZodType<MonteCarloResult>;

const barSchema = z.strictObject({
  key: z.string(),
  label: z.string(),
  low: num,
  high: num,
  npvAtLow: num,
  npvAtHigh: num,
  swing: num,
}) satisfies z.ZodType<TornadoBar>;

export const workerMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('progress'), runId: count, done: count, total: count }),
  z.strictObject({
    type: z.literal('result'),
    runId: count,
    /** Compile + Monte Carlo + tornado, in the worker. */
    elapsedMs: num.nonnegative(),
    /** The Monte Carlo loop alone (what the bench row times in Node). */
    runMs: num.nonnegative(),
    result: resultSchema,
    tornado: z.strictObject({ baseNpv: num, bars: z.array(barSchema) }),
  }),
  z.strictObject({
    type: z.literal('error'),
    runId: count,
    message: z.string(),
    issues: z.array(z.strictObject({ path: z.string(), message: z.string() })),
  }),
]);
export type WorkerMessage = z.output<typeof workerMessageSchema>;
export type SimulationOutcome = Extract<WorkerMessage, { type: 'result' }>;

/** What the form holds; strings, as typed. */
export interface SimulationSettingsDraft {
  iterations: string;
  seed: string;
}

export type SettingsCheck =
  | { ok: true; iterations: number; seed: number }
  | { ok: false; errors: Partial<Record<keyof SimulationSettingsDraft, string>> };

function wholeNumber(text: string): number | null {
  const cleaned = text.replace(/[\s,_]/g, '');
  if (!/^\d+$/.test(cleaned)) return null;
  return Number(cleaned);
}

/** Field-level checks of the run settings; a run starts only when both are valid. */
export function checkSettings(draft: SimulationSettingsDraft): SettingsCheck {
  const errors: Partial<Record<keyof SimulationSettingsDraft, string>> = {};
  const { minIterations, maxIterations, maxSeed } = SIMULATION_LIMITS;
  const iterations = wholeNumber(draft.iterations);
  if (draft.iterations.trim() === '') errors.iterations = 'Enter the number of iterations';
  else if (iterations === null) errors.iterations = 'Enter a whole number';
  else if (iterations < minIterations || iterations > maxIterations) {
    errors.iterations = `Between ${minIterations.toLocaleString('en')} and ${maxIterations.toLocaleString('en')}`;
  }
  const seed = wholeNumber(draft.seed);
  if (draft.seed.trim() === '') errors.seed = 'Enter a seed';
  else if (seed === null) errors.seed = 'Enter a whole number (0 or more)';
  else if (seed > maxSeed) errors.seed = `At most ${maxSeed.toLocaleString('en')}`;
  if (iterations === null || seed === null || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, iterations, seed };
}

/** A readable line for a malformed message, naming the first problem. */
export function describeZodError(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid message';
  const at = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return `${at}${first.message}`;
}
