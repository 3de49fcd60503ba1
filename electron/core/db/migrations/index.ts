import { m0010Initial } from './0010_initial';
import type { Migration } from './types';

/** Static, ordered registry: a bundled main process cannot list a folder at runtime. */
export const MIGRATIONS: readonly Migration[] = [m0010Initial];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
