// Portfolio files handed to the app by the OS (double-click via fileAssociations, `flightdeck x.flightdeck`
// on the command line, a second launch, macOS open-file). Pure, so the rules are unit-tested.
//
// The core only opens files through Dialogs.chooseOpenPath (so history is cleared and events are sent
// the same way as File > Open). An OS request therefore becomes a pending answer to the next "open"
// question plus a 'file/open' menu command: the renderer runs its normal open flow and the dialog
// step returns the requested path instead of asking.
import { isAbsolute, resolve } from 'node:path';
import type { Dialogs } from '../core/ports';

const EXTENSION = /\.flightdeck$/i;
/** A request nobody acted on (renderer busy, modal open) must not surprise a much later File > Open. */
export const PENDING_TTL_MS = 60_000;

/** The last argument that names a portfolio file, made absolute against the launching shell's folder. */
export function portfolioPathFromArgv(argv: readonly string[], cwd: string): string | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i];
    if (arg === undefined || arg.startsWith('-') || !EXTENSION.test(arg)) continue;
    return isAbsolute(arg) ? arg : resolve(cwd, arg);
  }
  return null;
}

export class PendingOpen {
  private pending: { path: string; at: number } | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  set(path: string): void {
    this.pending = { path, at: this.now() };
  }

  /** Hands the path out once; expired requests are dropped. */
  take(): string | null {
    const p = this.pending;
    this.pending = null;
    if (!p || this.now() - p.at > PENDING_TTL_MS) return null;
    return p.path;
  }

  get hasPending(): boolean {
    return this.pending !== null && this.now() - this.pending.at <= PENDING_TTL_MS;
  }
}

/** Dialogs whose "open" question is answered by a pending OS request first, the real dialog otherwise. */
export function withPendingOpen(dialogs: Dialogs, pending: PendingOpen): Dialogs {
  return {
    chooseOpenPath: () => {
      const path = pending.take();
      return path ? Promise.resolve(path) : dialogs.chooseOpenPath();
    },
    chooseSavePath: (options) => dialogs.chooseSavePath(options),
    chooseEvidenceFile: () => dialogs.chooseEvidenceFile(),
    chooseImportFile: () => dialogs.chooseImportFile(),
  };
}
