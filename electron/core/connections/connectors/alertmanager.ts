// PLACEHOLDER (lead scaffold): the alertmanager connector replaces this.
import { ConnectorError, type Connector } from '../types';

export const alertmanagerConnector: Connector = {
  kind: 'alertmanager',
  test: () => Promise.resolve({ ok: false, stage: 'http_error', message: 'Not built yet', checks: [], elapsedMs: 0 }),
  poll: () => Promise.reject(new ConnectorError('http_error', 'Not built yet')),
};
