import type { Db } from '../sqlite';

/** A forward-only schema step. `version` becomes PRAGMA user_version once `up` commits. */
export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}
