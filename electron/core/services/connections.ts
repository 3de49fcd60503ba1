// PLACEHOLDER (lead scaffold): replaced by the connections service. Handlers for connection/* and binding/*.
import type { Handlers } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/errors';
import type { SecretStore } from '../ports';
import type { CoreContext } from './context';

type ConnectionChannels =
  | 'connection/list'
  | 'connection/create'
  | 'connection/update'
  | 'connection/delete'
  | 'connection/test'
  | 'connection/pause'
  | 'connection/pollNow'
  | 'binding/list'
  | 'binding/save'
  | 'binding/delete'
  | 'binding/detect';

export interface ConnectionDeps {
  secrets: SecretStore;
  /** Environment for 'env:VAR' secret references (process.env in the app and CLI). */
  env: Record<string, string | undefined>;
}

const todo = () => {
  throw new AppError('INTERNAL', 'Not built yet');
};

export function connectionHandlers(_ctx: CoreContext, _deps: ConnectionDeps): Pick<Handlers, ConnectionChannels> {
  return {
    'connection/list': todo,
    'connection/create': todo,
    'connection/update': todo,
    'connection/delete': todo,
    'connection/test': todo,
    'connection/pause': todo,
    'connection/pollNow': todo,
    'binding/list': todo,
    'binding/save': todo,
    'binding/delete': todo,
    'binding/detect': todo,
  };
}
