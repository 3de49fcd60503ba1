import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { createCore, type Core } from '../../../electron/core';
import { openPortfolio } from '../../../electron/core/db/open';
import { FEDERAL_2024, generatedRows, writeFlightdeckCsv } from '../../../electron/core/import/testFiles';
import { noDialogs } from '../../../electron/core/ports';
import type { BenchContext, BenchRow } from '../types';

const NOW = new Date('2026-11-01T09:00:00.000Z');
const ROWS = 10_000;

/**
 * A core on a new, empty portfolio whose import dialog answers `file`, with the file already opened in the
 * wizard (import/open reads it once to describe it; that step is the wizard's first screen, not the import).
 */
async function coreWithFile(dbPath: string, file: string): Promise<{ core: Core; token: string }> {
  const core = createCore({
    defaultDbPath: dbPath,
    dialogs: { ...noDialogs, chooseImportFile: () => Promise.resolve(file) },
    clock: { now: () => NOW },
  });
  await core.handlers['workspace/openDefault'](undefined);
  await core.handlers['workspace/setup']({ mode: 'empty' });
  const { token } = await core.handlers['import/open'](undefined);
  return { core, token };
}

/**
 * Times 'import/run' as the wizard's Import button calls it: read the file, map and check every row, write them
 * in one transaction with people, phase history and audit entries. Each run imports into a fresh portfolio (a
 * re-import would measure updates); creating the core and opening the file are outside the timing, and so is
 * the baseline's setup (`baseline()` returns the timed part). Runs alternate with the baseline.
 */
async function measureImports(
  ctx: BenchContext,
  file: string,
  runs: number,
  baseline: () => () => unknown,
): Promise<{ samples: number[]; baseline: number[]; imported: number; rejected: number }> {
  const dir = ctx.temp.make('fd-bench-import-');
  const samples: number[] = [];
  const base: number[] = [];
  let imported = 0;
  let rejected = 0;
  const warmup = 1;
  for (let i = 0; i < runs + warmup; i++) {
    const { core, token } = await coreWithFile(join(dir, `import-${i}.flightdeck`), file);
    try {
      const t0 = process.hrtime.bigint();
      const r = await core.handlers['import/run']({ token, mode: 'validOnly' });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      imported = r.imported;
      rejected = r.rejected;
      const timed = baseline();
      const b0 = process.hrtime.bigint();
      await timed();
      const bms = Number(process.hrtime.bigint() - b0) / 1e6;
      if (i >= warmup) {
        samples.push(ms);
        base.push(bms);
      }
    } finally {
      core.dispose();
    }
  }
  return { samples, baseline: base, imported, rejected };
}

const tenThousand: BenchRow = {
  figure: 'import 10,000-row CSV (read, map, check, write with audit)',
  target: { ms: 3000, on: 'p95' },
  async run(ctx) {
    const dir = ctx.temp.make('fd-bench-import-');
    const rows = generatedRows(ROWS);
    const file = writeFlightdeckCsv(dir, 'portfolio-10k.csv', rows);
    const runs = Math.max(5, Math.ceil(ctx.runs / 4));
    // The floor: the same 10,000 initiatives inserted by one prepared statement in one transaction, no checks.
    let b = 0;
    const baseline = () => {
      const r = openPortfolio(join(dir, `raw-${b++}.flightdeck`), { create: true });
      if (!r.ok) throw new Error(r.message);
      const db = r.db;
      const ins = db.prepare(
        `INSERT INTO initiatives (name, description, business_unit, type, phase, status, risk_tier, tags,
           phase_entered_at, created_at, updated_at)
         VALUES (?, ?, ?, 'other', 'STRATEGY', 'active', 'unclassified', '[]', ?, ?, ?)`,
      );
      const at = NOW.toISOString();
      return () => {
        try {
          db.transaction(() => {
            for (const x of rows) ins.run(x.name, x.description ?? '', x.businessUnit ?? '', at, at, at);
          })();
        } finally {
          db.close();
        }
      };
    };
    const m = await measureImports(ctx, file, runs, baseline);
    if (m.imported !== ROWS) throw new Error(`imported ${m.imported} of ${ROWS} rows (${m.rejected} rejected)`);
    return {
      samples: m.samples,
      baseline: m.baseline,
      baselineLabel: `raw INSERT of the ${ROWS.toLocaleString('en')} rows into initiatives, one txn`,
      note: `${m.imported.toLocaleString('en')} initiatives + owners + phase history + audit entries per run; fresh file each run`,
    };
  },
};

const federal: BenchRow = {
  figure: 'import federal 2024 inventory (1,757 rows)',
  target: { ms: 1000, on: 'p95' },
  async run(ctx) {
    const runs = Math.max(5, Math.ceil(ctx.runs / 3));
    // The floor: csv-parse of the file alone, no encoding check, no header search, no mapping, no writes.
    const baseline = () => () => parse(readFileSync(FEDERAL_2024), { bom: true, relax_column_count: true });
    const m = await measureImports(ctx, FEDERAL_2024, runs, baseline);
    return {
      samples: m.samples,
      baseline: m.baseline,
      baselineLabel: 'csv-parse of the file alone',
      note: `${m.imported.toLocaleString('en')} imported, ${m.rejected} rejected with reasons; fresh file each run`,
    };
  },
};

export const importRows: BenchRow[] = [tenThousand, federal];
