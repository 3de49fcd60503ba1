import type { ConnectionKind } from '../../../../shared/domain/connections/connection';
import type { Connector } from '../types';
import { alertmanagerConnector } from './alertmanager';
import { langfuseConnector } from './langfuse';
import { litellmConnector } from './litellm';
import { openrouterConnector } from './openrouter';
import { prometheusConnector } from './prometheus';

/** One connector per kind; the scheduler, the Test button and the CLI all look them up here. */
export const CONNECTORS: Record<ConnectionKind, Connector> = {
  prometheus: prometheusConnector,
  alertmanager: alertmanagerConnector,
  litellm: litellmConnector,
  langfuse: langfuseConnector,
  openrouter: openrouterConnector,
};
