import { m0010Initial } from './0010_initial';
import { m0020AuditLog } from './0020_audit_log';
import { m0030Kpis } from './0030_kpis';
import { m0040GateReviews } from './0040_gate_reviews';
import { m0050Agents } from './0050_agents';
import { m0060SignalStates } from './0060_signal_states';
import { m0070Roi } from './0070_roi';
import { m0080RoiActuals } from './0080_roi_actuals';
import { m0090Risks } from './0090_risks';
import { m0100Connections } from './0100_connections';
import { m0110ImportExport } from './0110_import_export';
import type { Migration } from './types';

/** Static, ordered registry: a bundled main process cannot list a folder at runtime. */
export const MIGRATIONS: readonly Migration[] = [
  m0010Initial,
  m0020AuditLog,
  m0030Kpis,
  m0040GateReviews,
  m0050Agents,
  m0060SignalStates,
  m0070Roi,
  m0080RoiActuals,
  m0090Risks,
  m0100Connections,
  m0110ImportExport,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
