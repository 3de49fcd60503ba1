import { sample, type ThreePoint } from '../../../shared/domain/roi/distributions';
import { wideModel } from '../../../shared/domain/roi/fixtures';
import { compileModel } from '../../../shared/domain/roi/model';
import { runMonteCarlo } from '../../../shared/domain/roi/montecarlo';
import { seededRandom } from '../../../shared/random';
import { PREFERRED_SCENARIO_SQL } from '../../../electron/core/repositories/roi.repo';
import { SENDER, withDemoCore } from '../demoCore';
import { interleaved } from '../stats';
import type { BenchRow } from '../types';

const ITERATIONS = 10_000;

/**
 * Issue 4: "Monte Carlo, 10,000 iterations x 30 drivers ≤ 300 ms". The model is fixtures.ts's wide model
 * (30 ranged drivers, PERT and triangular, 17 lines of every kind, 5 yearly periods); the run includes the
 * percentiles, histogram and fan. The baseline is the floor under any engine: the same 300,000 draws
 * from the same distributions in a plain loop, with no model evaluated, so the gap is the engine's own cost.
 */
const monteCarlo: BenchRow = {
  figure: 'Monte Carlo, 10,000 iterations × 30 drivers',
  target: { ms: 300, on: 'p95' },
  async run(ctx) {
    const compiled = compileModel(wideModel());
    const estimates: ThreePoint[] = compiled.drivers.map((d) => ({ low: d.low, likely: d.likely, high: d.high }));
    const kinds = compiled.drivers.map((d) => d.distribution);
    const values = new Float64Array(compiled.drivers.length);
    let seed = 1;
    let p50 = 0;
    const r = await interleaved(
      ctx.runs,
      3,
      () => {
        p50 = runMonteCarlo(compiled, { iterations: ITERATIONS, seed: seed++ }).npv.p50;
      },
      () => {
        const u = seededRandom(seed);
        for (let it = 0; it < ITERATIONS; it++) {
          for (let d = 0; d < values.length; d++) values[d] = sample(kinds[d]!, estimates[d]!, u);
        }
      },
    );
    return {
      ...r,
      baselineLabel: 'the same 300,000 draws, no model',
      note: `wide model, 5 yearly periods; NPV P50 ${(p50 / 1e6).toFixed(2)} M`,
    };
  },
};

/**
 * Issue 4: "Portfolio ROI roll-up for 10,000 initiatives ≤ 200 ms": `roi/portfolio` through the router on
 * the 10k demo (about 8,000 initiatives with an ROI model), against the raw aggregate SQL on the same
 * connection (the portfolio totals by phase in one GROUP BY).
 */
const rollUp: BenchRow = {
  figure: 'portfolio ROI roll-up, 10,000 initiatives (roi/portfolio)',
  target: { ms: 200, on: 'p95' },
  run: (ctx) =>
    withDemoCore(ctx, async ({ db, dispatch }) => {
      const raw = db.prepare(
        `SELECT i.phase, count(*), sum(s.npv), sum(s.pv_costs) FROM (${PREFERRED_SCENARIO_SQL}) s
         JOIN initiatives i ON i.id = s.initiative_id WHERE i.archived_at IS NULL GROUP BY i.phase`,
      );
      let points = 0;
      const r = await interleaved(
        ctx.runs,
        5,
        async () => {
          const res = await dispatch(SENDER, 'roi/portfolio', undefined);
          if (!res.ok) throw new Error(res.error.message);
          points = (res.value as { points: unknown[] }).points.length;
        },
        () => raw.all(),
      );
      return {
        ...r,
        baselineLabel: 'raw GROUP BY phase over the same scenarios',
        note: `${points.toLocaleString('en')} initiatives with a model: totals by phase, unit and type, and every point`,
      };
    }),
};

export const roiRows: BenchRow[] = [monteCarlo, rollUp];
