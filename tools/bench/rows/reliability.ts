import { closeSync, copyFileSync, openSync, readdirSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createCore, type Core } from '../../../electron/core';
import { openSqlite } from '../../../electron/core/db/sqlite';
import { noDialogs } from '../../../electron/core/ports';
import { writePortfolioFile } from '../../../electron/core/testing/portfolio-files';
import { DEMO_NOW, DEMO_SEED, DEMO_SIZE } from '../demoCore';
import { median, timeMs } from '../stats';
import type { BenchContext, BenchRow } from '../types';

/** Building the 10,000-initiative file takes seconds: once per run, shared by the rows of this module. */
const portfolios = new WeakMap<object, string>();

function tenThousand(ctx: BenchContext): string {
  let path = portfolios.get(ctx.temp);
  if (!path) {
    path = join(ctx.temp.make('fd-bench-reliability-'), 'source.flightdeck');
    ctx.log(`building a ${DEMO_SIZE.toLocaleString('en')}-initiative portfolio for the backup rows`);
    writePortfolioFile(path, { size: DEMO_SIZE, seed: DEMO_SEED, now: DEMO_NOW });
    portfolios.set(ctx.temp, path);
  }
  return path;
}

/** A core with its own data folder (the backups go there) on a fresh copy of the 10k file, open. */
async function coreOnCopy(ctx: BenchContext): Promise<{ core: Core; dir: string; path: string }> {
  const dir = ctx.temp.make('fd-bench-backup-');
  const path = join(dir, 'Portfolio.flightdeck');
  copyFileSync(tenThousand(ctx), path);
  const core = createCore({ defaultDbPath: path, dataDir: dir, dialogs: noDialogs });
  const status = await core.handlers['workspace/openDefault'](undefined);
  if (status.state !== 'open') throw new Error(`the bench portfolio did not open: ${JSON.stringify(status)}`);
  return { core, dir, path };
}

const runsFor = (ctx: BenchContext) => Math.max(5, Math.ceil(ctx.runs / 6));

const backup: BenchRow = {
  figure: 'backup of a 10,000-initiative portfolio (online backup API, checked, fsynced)',
  target: { ms: 1000, on: 'median' },
  async run(ctx) {
    const { core, dir, path } = await coreOnCopy(ctx);
    try {
      const samples: number[] = [];
      const base: number[] = [];
      const runs = runsFor(ctx);
      let size = 0;
      for (let i = 0; i <= runs; i++) {
        // 'backup/now' as the Back up now button calls it: copy, quick_check of the copy, fsync, rename, rotate.
        const ms = await timeMs(async () => {
          size = (await core.handlers['backup/now'](undefined)).sizeBytes;
        });
        const copy = join(dir, `raw-${i}.flightdeck`);
        const bms = await timeMs(() => copyFileSync(path, copy));
        rmSync(copy);
        if (i > 0) {
          samples.push(ms);
          base.push(bms);
        }
      }
      return {
        samples,
        baseline: base,
        baselineLabel: 'fs.copyFileSync of the same file (no consistency, no check, no fsync)',
        note: `${(size / 1e6).toFixed(1)} MB file; median ${median(samples).toFixed(0)} ms includes the quick_check of the copy`,
      };
    } finally {
      core.dispose();
    }
  },
};

function damageHeader(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.from('garbage garbage!'), 0, 16, 0);
  } finally {
    closeSync(fd);
  }
}

const recovery: BenchRow = {
  figure: 'recovery from the newest backup, 10,000 initiatives (check, move aside, copy, open)',
  target: { ms: 2000, on: 'median' },
  async run(ctx) {
    const { core, dir, path } = await coreOnCopy(ctx);
    try {
      const made = await core.handlers['backup/now'](undefined);
      const samples: number[] = [];
      const base: number[] = [];
      const runs = runsFor(ctx);
      for (let i = 0; i <= runs; i++) {
        // Untimed: the file at the path is damaged and the app shows the recovery screen.
        core.workspace.close();
        damageHeader(path);
        const failed = await core.handlers['workspace/openDefault'](undefined);
        if (failed.state !== 'failed') throw new Error('the damaged file opened');
        const newest = (await core.handlers['backup/list'](undefined)).newestGood;
        if (newest?.name !== made.name) throw new Error('the backup is not the newest good one');
        // A new mtime makes the list's cached check stale: the timed restore checks the backup itself.
        const later = new Date(Date.now() + (i + 1) * 1000);
        utimesSync(made.path, later, later);

        let restoredCount = 0;
        const ms = await timeMs(async () => {
          const r = await core.handlers['backup/restore']({ name: newest.name });
          if (r.status.state !== 'open') throw new Error('the restored file did not open');
          restoredCount = r.status.initiativeCount;
        });
        if (restoredCount !== DEMO_SIZE) throw new Error(`restored ${restoredCount} initiatives`);
        // The kept damaged files are the bench's own; a real restore never deletes them.
        for (const n of readdirSync(dir)) if (n.startsWith(`${basename(path)}.damaged-`)) rmSync(join(dir, n));

        const raw = join(dir, `raw-${i}.flightdeck`);
        const bms = await timeMs(() => {
          copyFileSync(made.path, raw);
          const db = openSqlite(raw);
          try {
            if (db.pragma('quick_check', { simple: true }) !== 'ok') throw new Error('quick_check failed');
          } finally {
            db.close();
          }
        });
        rmSync(raw, { force: true });
        if (i > 0) {
          samples.push(ms);
          base.push(bms);
        }
      }
      return {
        samples,
        baseline: base,
        baselineLabel: 'raw copy + new Database() + quick_check',
        note: `${(statSync(made.path).size / 1e6).toFixed(1)} MB backup; timed from the Restore click to the open portfolio: quick_check of the backup (not cached), damaged file moved aside, copy with fsync, open with its quick_check, audit entry`,
      };
    } finally {
      core.dispose();
    }
  },
};

/** The reliability section of the bench table (issue 8): backup and recovery times. */
export const reliabilityRows: BenchRow[] = [backup, recovery];
