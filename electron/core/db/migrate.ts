import type { Migration } from './migrations/types';
import type { Db } from './sqlite';

/**
 * Applies every pending migration in ONE transaction, user_version bumps included: if any step fails,
 * the file rolls back to exactly the schema and data it had, so the version that wrote it can still
 * open it. (A step per transaction would leave a half-upgraded file that neither version fully knows.)
 */
export function migrate(db: Db, migrations: readonly Migration[], applicationId: number): number {
  assertOrdered(migrations);
  const from = db.pragma('user_version', { simple: true }) as number;
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return from;
  db.transaction(() => {
    for (const m of pending) {
      try {
        m.up(db);
      } catch (e) {
        throw new Error(`step ${m.version} (${m.name}) failed: ${e instanceof Error ? e.message : String(e)}`, {
          cause: e,
        });
      }
      // PRAGMA cannot take bound parameters; the values are integers we own.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
    }
    db.pragma(`application_id = ${Math.trunc(applicationId)}`);
  })();
  return pending.at(-1)?.version ?? from;
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
