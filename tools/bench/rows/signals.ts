import { join } from 'node:path';
import type { SignalsReport } from '../../../shared/domain/watchlist';
import { createCore } from '../../../electron/core';
import { noDialogs, silentLogger } from '../../../electron/core/ports';
import { INITIATIVES_SQL, TRANSITIONS_SQL } from '../../../electron/core/repositories/signals.repo';
import { createRouter } from '../../../electron/core/router';
import { writePortfolioFile } from '../../../electron/core/testing/portfolio-files';
import { interleaved } from '../stats';
import type { BenchRow } from '../types';

const SIZE = 10_000;
const SEED = 20_260_101;
const NOW = new Date('2026-11-01T09:00:00.000Z');
const SENDER = { url: 'app://bench/', isMainFrame: true };

/**
 * Issue 3: "evaluating every signal for 10,000 initiatives ≤ 1 s". Timed through the router as the
 * watchlist calls it (validation, the set-based reads, snapshot building, every rule, scoring, sorting).
 * The baseline is the floor under any implementation: the two raw reads of initiatives and transitions.
 */
const evaluateAll: BenchRow = {
  figure: 'evaluate every signal, 10,000 initiatives (signals/list)',
  target: { ms: 1000, on: 'p95' },
  async run(ctx) {
    const path = join(ctx.temp.make('fd-bench-'), 'bench.flightdeck');
    writePortfolioFile(path, { size: SIZE, seed: SEED, now: NOW });
    const core = createCore({ defaultDbPath: path, dialogs: noDialogs, clock: { now: () => NOW } });
    try {
      await core.handlers['workspace/openDefault'](undefined);
      const dispatch = createRouter(core.handlers, () => true, silentLogger);
      const db = core.workspace.db();
      const initiatives = db.prepare(INITIATIVES_SQL).raw(true);
      const transitions = db.prepare(TRANSITIONS_SQL).raw(true);
      let open = 0;
      let flagged = 0;
      const r = await interleaved(
        ctx.runs,
        3,
        async () => {
          const res = await dispatch(SENDER, 'signals/list', undefined);
          if (!res.ok) throw new Error(res.error.message);
          const report = res.value as SignalsReport;
          open = report.signals.length;
          flagged = report.watchlist.length;
        },
        () => {
          initiatives.all();
          transitions.all();
        },
      );
      return {
        ...r,
        baselineLabel: 'raw reads of initiatives + phase_transitions',
        note: `${open.toLocaleString('en')} open signals on ${flagged.toLocaleString('en')} initiatives`,
      };
    } finally {
      core.dispose();
    }
  },
};

export const signalRows: BenchRow[] = [evaluateAll];
