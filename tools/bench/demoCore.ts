import { join } from 'node:path';
import { createCore, type Core } from '../../electron/core';
import type { Db } from '../../electron/core/db/sqlite';
import { noDialogs, silentLogger } from '../../electron/core/ports';
import { createRouter, type Dispatch } from '../../electron/core/router';
import { writePortfolioFile } from '../../electron/core/testing/portfolio-files';
import type { BenchContext } from './types';

export const DEMO_SIZE = 10_000;
export const DEMO_SEED = 20_260_101;
export const DEMO_NOW = new Date('2026-11-01T09:00:00.000Z');
/** The renderer's frame as the router sees it: calls go through the same sender check. */
export const SENDER = { url: 'app://bench/', isMainFrame: true };

export interface DemoCore {
  core: Core;
  db: Db;
  /** The core's handlers behind the router, as the renderer calls them (sender check, validation). */
  dispatch: Dispatch;
}

/** A core on a fresh 10,000-initiative demo file, open, for the length of `use`. */
export async function withDemoCore<T>(ctx: BenchContext, use: (d: DemoCore) => Promise<T>): Promise<T> {
  const path = join(ctx.temp.make('fd-bench-'), 'bench.flightdeck');
  writePortfolioFile(path, { size: DEMO_SIZE, seed: DEMO_SEED, now: DEMO_NOW });
  const core = createCore({ defaultDbPath: path, dialogs: noDialogs, clock: { now: () => DEMO_NOW } });
  try {
    await core.handlers['workspace/openDefault'](undefined);
    const dispatch = createRouter(core.handlers, () => true, silentLogger);
    return await use({ core, db: core.workspace.db(), dispatch });
  } finally {
    core.dispose();
  }
}
