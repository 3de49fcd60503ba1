import { join } from 'node:path';
import type { Result } from '../../../shared/errors';
import type { Channel, Input, Output } from '../../../shared/ipc/contract';
import { createCore, type Core, type CoreDeps } from '../index';
import { createRouter, type Dispatch, type Sender, type SenderCheck } from '../router';
import type { Db } from '../db/sqlite';
import { EventLog, FakeDialogs, FixedClock, MemoryLogger } from './fakes';
import { makeTempDir, removeTempDir } from './temp-dir';

/** The app's own frame as the transports report it; anything else is refused by `trustAppFrame`. */
export const APP_SENDER: Sender = { url: 'app://flightdeck/index.html', isMainFrame: true };
export const trustAppFrame: SenderCheck = (s) => s.isMainFrame && s.url.startsWith('app://flightdeck/');

export interface TestCore {
  core: Core;
  dir: string;
  defaultDbPath: string;
  dialogs: FakeDialogs;
  clock: FixedClock;
  events: EventLog;
  logger: MemoryLogger;
  dispatch: Dispatch;
  /** Through the router, as the renderer calls it: validation included, errors as values. */
  invoke<C extends Channel>(channel: C, input?: Input<C>): Promise<Result<Output<C>>>;
  /** Like invoke, but throws with the error code when the call fails, for the happy paths. */
  ok<C extends Channel>(channel: C, input?: Input<C>): Promise<Output<C>>;
  /** The open connection, for counting rows behind the core's back. */
  db(): Db;
  dispose(): void;
}

export interface TestCoreOptions extends Partial<Omit<CoreDeps, 'dialogs' | 'clock' | 'emit' | 'logger'>> {
  dir?: string;
  clock?: FixedClock;
}

/** A real core on a real SQLite file in its own temp dir, with fake dialogs, a fixed clock and recorded events. */
export function createTestCore(options: TestCoreOptions = {}): TestCore {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? makeTempDir();
  const dialogs = new FakeDialogs();
  const clock = options.clock ?? new FixedClock();
  const events = new EventLog();
  const logger = new MemoryLogger();
  const { dir: _dir, clock: _clock, ...deps } = options;
  const defaultDbPath = deps.defaultDbPath ?? join(dir, 'Portfolio.flightdeck');
  const core = createCore({ ...deps, defaultDbPath, dialogs, clock, emit: events.emit, logger });
  const dispatch = createRouter(core.handlers, trustAppFrame, logger);

  const invoke = <C extends Channel>(channel: C, input?: Input<C>) =>
    dispatch(APP_SENDER, channel, input) as Promise<Result<Output<C>>>;

  return {
    core,
    dir,
    defaultDbPath,
    dialogs,
    clock,
    events,
    logger,
    dispatch,
    invoke,
    async ok(channel, input) {
      const r = await invoke(channel, input);
      if (!r.ok) throw new Error(`${channel} failed: ${r.error.code}: ${r.error.message}`);
      return r.value;
    },
    db: () => core.workspace.db(),
    dispose() {
      core.dispose();
      if (ownsDir) removeTempDir(dir);
    },
  };
}
