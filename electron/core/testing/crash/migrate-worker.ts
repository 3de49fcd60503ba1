/**
 * Child process of the migration-kill test: opens an old portfolio with the app's own openPortfolio, which
 * backs it up and runs every pending migration, then prints the version and exits. The parent kills it at
 * random points on the way. Bundled by bundleForChild; run `node migrate-worker.cjs <db>`.
 */
import { writeSync } from 'node:fs';
import { openPortfolio } from '../../db/open';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: migrate-worker.cjs <db>\n');
  process.exit(2);
}
writeSync(1, '{"op":"started"}\n');
const r = openPortfolio(path, { create: false });
if (!r.ok) {
  writeSync(1, JSON.stringify({ op: 'openFailed', reason: r.reason, message: r.message }) + '\n');
  process.exit(3);
}
r.db.close();
writeSync(1, JSON.stringify({ op: 'migrated', from: r.migratedFrom, to: r.schemaVersion }) + '\n');
