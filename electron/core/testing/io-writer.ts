/**
 * Child process for the storage-failure tests (io-failure.test.ts, busy.test.ts): a real core (handlers,
 * storage guard, router) on one portfolio file, driven by JSON lines on stdin, answering JSON lines on
 * stdout. Runs as a separate process so the failures are real: a file-size limit (ulimit -f), another uid
 * on a read-only folder, another process holding the lock.
 *
 * Usage: node <bundle of io-writer.ts> <portfolio path>
 * Commands, one JSON object per line:
 *   {"op":"invoke","channel":"initiative/list","input":{...}}  → {"ok":true,"value":...} | {"ok":false,"error":{...}}
 *   {"op":"fill","descriptionChars":N}  creates initiatives until one fails; every success is reported on its
 *        own line {"committed":"name"} as soon as it returns, then {"done":true,"error":{...}}
 *   {"op":"queueSave","path":"..."}  the next "Save a copy" dialog answers with this path
 * Prints {"ready":true} first. Exits when stdin closes.
 */
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createTestCore } from './test-core';

const path = process.argv[2];
if (!path) {
  process.stderr.write('usage: io-writer <portfolio path>\n');
  process.exit(2);
}

const t = createTestCore({ dir: dirname(path), defaultDbPath: path });
const say = (v: unknown) => process.stdout.write(JSON.stringify(v) + '\n');

interface Command {
  op: 'invoke' | 'fill' | 'queueSave';
  channel?: string;
  input?: unknown;
  descriptionChars?: number;
  path?: string;
}

async function run(cmd: Command): Promise<void> {
  if (cmd.op === 'invoke') {
    say(await t.dispatch({ url: 'app://flightdeck/index.html', isMainFrame: true }, cmd.channel, cmd.input));
    return;
  }
  if (cmd.op === 'queueSave') {
    t.dialogs.queueSave(cmd.path ?? null);
    say({ ok: true });
    return;
  }
  const description = 'x'.repeat(cmd.descriptionChars ?? 5000);
  for (let i = 1; i < 1_000_000; i++) {
    const name = `fill ${i}`;
    const r = await t.invoke('initiative/create', { name, description });
    if (!r.ok) {
      say({ done: true, error: r.error });
      return;
    }
    // Reported only after the call returned: this is what "acknowledged" means for the parent.
    say({ committed: name });
  }
  say({ done: true, error: null });
}

const lines = createInterface({ input: process.stdin });
let queue = Promise.resolve();
lines.on('line', (line) => {
  if (!line.trim()) return;
  queue = queue
    .then(() => run(JSON.parse(line) as Command))
    .catch((e: unknown) => {
      say({ crashed: String(e) });
    });
});
lines.on('close', () => {
  void queue.then(() => {
    t.dispose();
    process.exit(0);
  });
});
say({ ready: true });
