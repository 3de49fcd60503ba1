import type { Migration } from './migrations/types';
import type { Db } from './sqlite';

/**
 * Applies pending migrations, each in its own transaction together with the user_version bump,
 * so a failure leaves the file at the last good version.
 */
export function migrate(db: Db, migrations: readonly Migration[], applicationId: number): number {
  assertOrdered(migrations);
  let current = db.pragma('user_version', { simple: true }) as number;
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      // PRAGMA cannot take bound parameters; the values are integers we own.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
      db.pragma(`application_id = ${Math.trunc(applicationId)}`);
    })();
    current = m.version;
  }
  return current;
}

export function assertOrdered(migrations: readonly Migration[]): void {
  let last = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= last) {
      throw new Error(`Migration ${m.name} has version ${m.version}, not above ${last}`);
    }
    last = m.version;
  }
}
