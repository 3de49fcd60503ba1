import type { TempDirs } from '../../electron/core/testing/temp-dir';

/** What every row gets from the runner. */
export interface BenchContext {
  /** Temp folders, removed when the run ends. */
  temp: TempDirs;
  /** Measured repetitions per row (after warm-up); rows may scale it down for slow figures. */
  runs: number;
  log(message: string): void;
}

/** Which statistic the target applies to. The perf budget (docs/reference/perf-reliability.md C0) states goals as p95. */
export type Statistic = 'median' | 'p95';

/**
 * A time budget, or a ceiling on measured / baseline for figures whose goal is an overhead
 * ("the audit log adds ≤ 20%": ratioToBaseline 1.2), judged on the same statistic of both.
 */
export type Target = { ms: number; on: Statistic } | { ratioToBaseline: number; on: Statistic };

export type RowOutcome =
  | {
      /** Milliseconds per repetition of the figure itself. */
      samples: number[];
      /** The same work done by the bare platform in the same run: how far from the floor the app is. */
      baseline: number[];
      baselineLabel: string;
      note?: string;
    }
  | { skipped: string };

/** One line of the bench table. Add rows by exporting them from a module in rows/ and listing it in rows/index.ts. */
export interface BenchRow {
  figure: string;
  target: Target;
  run(ctx: BenchContext): Promise<RowOutcome>;
}
