// One file, two holders: another app instance (a real Workspace in a child process) or the CLI while the
// app is open. The exclusive lock must turn every second opener away with a clear "busy", and never let
// two writers interleave.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_BUSY, runCli } from '../../cli/cli';
import { verifyAuditChain } from '../audit/verify';
import { IoChild } from '../testing/io-child';
import { fileDigest, openOrThrow } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { createTestCore, type TestCore } from '../testing/test-core';

const temp = new TempDirs();
const children: IoChild[] = [];
let core: TestCore | null = null;
afterEach(async () => {
  core?.dispose();
  core = null;
  await Promise.all(children.splice(0).map((c) => c.kill()));
  temp.cleanup();
});

async function holder(path: string): Promise<IoChild> {
  const c = await IoChild.start(path);
  children.push(c);
  return c;
}

type Status = { state: string; reason?: string; message?: string; initiativeCount?: number };

async function createIn(c: IoChild, names: string[]): Promise<void> {
  for (const name of names) {
    const r = await c.invoke('initiative/create', { name });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
  }
}

function cli(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  if (typeof code !== 'number') throw new Error('expected a synchronous command');
  return { code, stdout, stderr };
}

function inspect(path: string): { integrity: unknown; chainOk: boolean; names: string[]; connections: number } {
  const db = openOrThrow(path, { create: false });
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }),
      chainOk: verifyAuditChain(db).ok,
      names: (db.prepare('SELECT name FROM initiatives ORDER BY name').all() as { name: string }[]).map((r) => r.name),
      connections: (db.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

describe('a file held by another Flightdeck', { timeout: 60_000 }, () => {
  it('a second window gets LOCKED with what to do; Try again (reopen) after the other exits shows its writes', async () => {
    const dir = temp.make();
    const path = join(dir, 'shared.flightdeck');
    const other = await holder(path);
    expect((await other.invoke('workspace/openDefault')).ok).toBe(true);
    expect((await other.invoke('workspace/setup', { mode: 'empty' })).ok).toBe(true);
    await createIn(other, ['from the other window 1', 'from the other window 2']);
    const digest = fileDigest(path);

    core = createTestCore({ dir, defaultDbPath: path });
    const failed = (await core.ok('workspace/openDefault')) as Status;
    expect(failed).toMatchObject({ state: 'failed', reason: 'LOCKED', path });
    expect(failed.message).toMatch(/in use by another Flightdeck window or another program/);
    expect(failed.message).toMatch(/Close it there, then choose Try again/);
    expect(fileDigest(path)).toBe(digest);
    // Trying again while the other still has it changes nothing.
    expect(await core.ok('workspace/reopen')).toMatchObject({ state: 'failed', reason: 'LOCKED' });

    await createIn(other, ['from the other window 3']);
    await other.stop();
    const reopened = (await core.ok('workspace/reopen')) as Status;
    expect(reopened).toMatchObject({ state: 'open', path, initiativeCount: 3 });
    const list = await core.ok('initiative/list', { includeArchived: true });
    expect(list.map((i) => i.name).sort()).toEqual([
      'from the other window 1',
      'from the other window 2',
      'from the other window 3',
    ]);
  });

  it('two app instances in two processes racing to write: one gets the file, the other is refused; nothing corrupts', async () => {
    const path = join(temp.make(), 'race.flightdeck');
    const a = await holder(path);
    const b = await holder(path);
    const [ra, rb] = await Promise.all([a.invoke('workspace/openDefault'), b.invoke('workspace/openDefault')]);
    const states = [ra, rb].map((r) => (r.value as Status).state).sort();
    expect(states).toEqual(['failed', 'open']);
    const [winner, loser] = (ra.value as Status).state === 'open' ? [a, b] : [b, a];
    expect(((loser === a ? ra : rb).value as Status).reason).toBe('LOCKED');

    expect((await winner.invoke('workspace/setup', { mode: 'empty' })).ok).toBe(true);
    // Both write at once: the loser's writes are refused (no file open), the winner's all land.
    const results = await Promise.all(
      [0, 1, 2, 3, 4].flatMap((i) => [
        winner.invoke('initiative/create', { name: `winner ${i}` }),
        loser.invoke('initiative/create', { name: `loser ${i}` }),
      ]),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok).map((r) => r.error?.code)).toEqual(Array(5).fill('NO_DATABASE'));
    // Its reopen is refused while the winner holds the file...
    expect(((await loser.invoke('workspace/reopen')).value as Status).reason).toBe('LOCKED');
    await winner.stop();
    // ...and works once it is gone; then the loser writes too.
    expect(((await loser.invoke('workspace/reopen')).value as Status).state).toBe('open');
    await createIn(loser, ['loser after reopen']);
    await loser.stop();

    const found = inspect(path);
    expect(found.integrity).toBe('ok');
    expect(found.chainOk).toBe(true);
    expect(found.names).toEqual(['loser after reopen', 'winner 0', 'winner 1', 'winner 2', 'winner 3', 'winner 4']);
  });
});

describe('the CLI on a file the app has open', { timeout: 60_000 }, () => {
  it('reads and writes exit 4 (busy) with one line; nothing is written and the file stays sound', async () => {
    const dir = temp.make();
    const path = join(dir, 'open-in-app.flightdeck');
    const app = await holder(path);
    expect((await app.invoke('workspace/openDefault')).ok).toBe(true);
    expect((await app.invoke('workspace/setup', { mode: 'empty' })).ok).toBe(true);
    await createIn(app, ['in the app']);

    const commands = [
      ['list', '--db', path],
      ['demo', '--db', path, '--size', '3'],
      ['signals', '--db', path],
      ['audit', 'verify', '--db', path],
      ['connections', 'add', '--db', path, '--kind', 'prometheus', '--name', 'cli', '--url', 'http://127.0.0.1:9'],
    ];
    for (const argv of commands) {
      const r = cli(argv);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(EXIT_BUSY);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^flightdeck: [^\n]+: busy: the file is open in Flightdeck[^\n]*\n$/);
    }
    // The app is unaffected and keeps writing.
    await createIn(app, ['still writing']);
    await app.stop();

    const found = inspect(path);
    expect(found.integrity).toBe('ok');
    expect(found.chainOk).toBe(true);
    expect(found.names).toEqual(['in the app', 'still writing']);
    expect(found.connections).toBe(0);
    // Once the app has closed it, the same command works.
    expect(cli(['list', '--db', path]).code).toBe(0);
  });
});
