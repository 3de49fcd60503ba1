import { join } from 'node:path';
import { createCore } from '../../../electron/core';
import { openPortfolio } from '../../../electron/core/db/open';
import { openSqlite } from '../../../electron/core/db/sqlite';
import { generateDemo, writeDemo } from '../../../electron/core/demo/generate';
import { noDialogs, silentLogger } from '../../../electron/core/ports';
import { PORTFOLIO_SQL } from '../../../electron/core/repositories/initiatives.repo';
import { createRouter } from '../../../electron/core/router';
import { writePortfolioFile } from '../../../electron/core/testing/portfolio-files';
import { interleaved, median, timeMs } from '../stats';
import type { BenchRow } from '../types';

const SIZE = 10_000;
const SEED = 20_260_101;
const NOW = new Date('2026-11-01T09:00:00.000Z');
const SENDER = { url: 'app://bench/', isMainFrame: true };

/**
 * A core on a 10k demo file, and a list-style channel timed through the router against the raw
 * statement on the same connection. Shared by the object list and the packed table rows.
 */
function listRow(figure: string, channel: 'initiative/list' | 'initiative/table'): BenchRow {
  return {
    figure,
    target: { ms: 20, on: 'p95' },
    async run(ctx) {
      const path = join(ctx.temp.make('fd-bench-'), 'bench.flightdeck');
      writePortfolioFile(path, { size: SIZE, seed: SEED, now: NOW });
      const core = createCore({ defaultDbPath: path, dialogs: noDialogs, clock: { now: () => NOW } });
      try {
        await core.handlers['workspace/openDefault'](undefined);
        // Through the router, as the renderer calls it: sender check and schema validation included.
        const dispatch = createRouter(core.handlers, () => true, silentLogger);
        // The raw floor: the same statement on the same connection, rows as the driver hands them over.
        const raw = core.workspace.db().prepare(PORTFOLIO_SQL);
        const r = await interleaved(
          ctx.runs,
          5,
          async () => {
            const res = await dispatch(SENDER, channel, undefined);
            if (!res.ok) throw new Error(res.error.message);
          },
          () => raw.all(),
        );
        // Arrays instead of objects: the cheapest way the driver can hand the rows over at all.
        const arrays = core.workspace.db().prepare(PORTFOLIO_SQL).raw(true);
        const floor = await interleaved(
          Math.min(ctx.runs, 15),
          2,
          () => arrays.all(),
          () => undefined,
        );
        const rows = (arrays.all() as unknown[]).length;
        return {
          ...r,
          baselineLabel: 'raw PORTFOLIO_SQL .all()',
          note: `${rows.toLocaleString('en')} live rows; driver floor with .raw(true) arrays: median ${median(floor.samples).toFixed(1)} ms`,
        };
      } finally {
        core.dispose();
      }
    },
  };
}

const listQuery = listRow('initiative/list as row objects (CLI, API), 10,000 initiatives', 'initiative/list');
const tableQuery = listRow(
  'portfolio list query (the table’s packed query), 10,000 initiatives (core)',
  'initiative/table',
);

const createDemo: BenchRow = {
  figure: 'create 10,000-initiative demo portfolio',
  target: { ms: 2000, on: 'p95' },
  async run(ctx) {
    const dir = ctx.temp.make('fd-bench-');
    const runs = Math.max(5, Math.ceil(ctx.runs / 3));
    let n = 0;
    const measured = () => {
      const r = openPortfolio(join(dir, `demo-${n++}.flightdeck`), { create: true });
      if (!r.ok) throw new Error(r.message);
      try {
        writeDemo(r.db, generateDemo({ size: SIZE, seed: SEED, now: NOW }));
      } finally {
        r.db.close();
      }
    };
    // The floor: a fresh file with the same durability settings and one transaction of bare rows.
    const baseline = () => {
      const db = openSqlite(join(dir, `raw-${n++}.db`));
      try {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = FULL');
        db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
        const ins = db.prepare('INSERT INTO t (id, name) VALUES (?, ?)');
        db.transaction(() => {
          for (let i = 1; i <= SIZE; i++) ins.run(i, `Initiative ${i}`);
        })();
      } finally {
        db.close();
      }
    };
    const r = await interleaved(runs, 1, measured, baseline);
    // How much of the figure is generation alone (pure JS, no I/O), for whoever tunes it next.
    const gen = await timeMs(() => generateDemo({ size: SIZE, seed: SEED, now: NOW }));
    return {
      ...r,
      baselineLabel: `raw insert of ${SIZE.toLocaleString('en')} minimal rows, one txn`,
      note: `open + migrate + generate + write + close; generateDemo alone ≈ ${gen.toFixed(0)} ms`,
    };
  },
};

export const coreRows: BenchRow[] = [tableQuery, listQuery, createDemo];
