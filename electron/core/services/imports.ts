import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import type { Dialogs } from '../ports';
import type { CoreContext } from './context';
import type { Jobs } from './jobs';

// PLACEHOLDER (scaffold): the import helper replaces this file.
export interface ImportDeps {
  dialogs: Dialogs;
  jobs: Jobs;
}

type ImportChannels =
  | 'import/profiles'
  | 'import/saveProfile'
  | 'import/deleteProfile'
  | 'import/open'
  | 'import/preview'
  | 'import/run'
  | 'import/saveRejects';

export function importHandlers(_ctx: CoreContext, _deps: ImportDeps): Pick<Handlers, ImportChannels> {
  const todo = () => {
    throw new AppError('INTERNAL', 'Import is not built yet.');
  };
  return {
    'import/profiles': todo,
    'import/saveProfile': todo,
    'import/deleteProfile': todo,
    'import/open': todo,
    'import/preview': todo,
    'import/run': todo,
    'import/saveRejects': todo,
  };
}
