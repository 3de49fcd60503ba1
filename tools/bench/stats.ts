/** Nearest-rank percentile: with few samples an interpolated p95 would invent values nobody measured. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export const median = (s: readonly number[]) => percentile(s, 50);
export const p95 = (s: readonly number[]) => percentile(s, 95);

/** Times one call in milliseconds with the monotonic clock. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Runs `measured` and `baseline` alternately, so drift (thermal, GC, other load) hits both alike.
 * The first `warmup` pairs are discarded: they pay for JIT and statement preparation.
 */
export async function interleaved(
  runs: number,
  warmup: number,
  measured: () => unknown,
  baseline: () => unknown,
): Promise<{ samples: number[]; baseline: number[] }> {
  const samples: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs + warmup; i++) {
    const a = await timeMs(measured);
    const b = await timeMs(baseline);
    if (i >= warmup) {
      samples.push(a);
      base.push(b);
    }
  }
  return { samples, baseline: base };
}
