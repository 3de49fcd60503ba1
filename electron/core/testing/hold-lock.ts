/**
 * Child process for the "locked by another program" test: opens a portfolio with the same driver,
 * takes SQLite's write lock in exclusive locking mode and keeps it until stdin closes or it is killed.
 * Prints "ready" only once the lock is held, so the parent waits on state instead of sleeping.
 * Run with: node --import tsx electron/core/testing/hold-lock.ts <file>
 */
import { openSqlite } from '../db/sqlite';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: hold-lock.ts <file>\n');
  process.exit(2);
}
const db = openSqlite(path, { fileMustExist: true });
db.pragma('locking_mode = EXCLUSIVE');
db.exec('BEGIN IMMEDIATE');
process.stdout.write('ready\n');
process.stdin.resume();
process.stdin.on('end', () => {
  db.exec('ROLLBACK');
  db.close();
  process.exit(0);
});
