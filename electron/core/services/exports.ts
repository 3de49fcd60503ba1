import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import type { Dialogs, PdfEngine } from '../ports';
import type { CoreContext } from './context';
import type { Jobs } from './jobs';

// PLACEHOLDER (scaffold): the pack helper replaces this file.
export interface ExportDeps {
  dialogs: Dialogs;
  jobs: Jobs;
  /** PDF rendering; absent → headless Chromium when one is found, else a clear error. */
  pdfEngine?: PdfEngine;
}

type ExportChannels = 'export/pack' | 'export/table' | 'export/history' | 'export/snapshot';

export function exportHandlers(_ctx: CoreContext, _deps: ExportDeps): Pick<Handlers, ExportChannels> {
  const todo = () => {
    throw new AppError('INTERNAL', 'Status packs are not built yet.');
  };
  return {
    'export/pack': todo,
    'export/table': todo,
    'export/history': todo,
    'export/snapshot': todo,
  };
}
