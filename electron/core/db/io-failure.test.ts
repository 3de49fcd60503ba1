// Storage failures made real in a child process: a file-size limit (ulimit -f), a read-only folder for a
// user who cannot write it, the file deleted under the app. Nothing is faked inside the code under test.
import { chmodSync, chownSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/verify';
import { IoChild } from '../testing/io-child';
import { fileDigest, openOrThrow, writePortfolioFile } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { m0010Initial } from './migrations/0010_initial';
import type { Db } from './sqlite';

const temp = new TempDirs();
const children: IoChild[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => c.kill()));
  temp.cleanup();
});

async function start(...args: Parameters<typeof IoChild.start>): Promise<IoChild> {
  const c = await IoChild.start(...args);
  children.push(c);
  return c;
}

type Status = { state: string; readOnly?: { reason: string; message: string } | null; initiativeCount?: number };

async function status(c: IoChild): Promise<Status> {
  const r = await c.invoke('workspace/status');
  expect(r.ok).toBe(true);
  return r.value as Status;
}

async function names(c: IoChild): Promise<string[]> {
  const r = await c.invoke('initiative/list', { includeArchived: true });
  expect(r.ok, JSON.stringify(r.error)).toBe(true);
  return (r.value as { name: string }[]).map((i) => i.name).sort();
}

/** What a later, healthy process finds in the file: integrity, the audit chain, and the initiatives' names. */
function inspect(path: string): { integrity: unknown; chainOk: boolean; names: string[] } {
  const db: Db = openOrThrow(path, { create: false });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const chain = verifyAuditChain(db);
    const rows = db.prepare('SELECT name FROM initiatives ORDER BY name').all() as { name: string }[];
    return { integrity, chainOk: chain.ok, names: rows.map((r) => r.name).sort() };
  } finally {
    db.close();
  }
}

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;

// Child processes start and write real files: generous limits, the CI machine may be busy.
describe('storage failures during writes (real, in a child process)', { timeout: 60_000 }, () => {
  it('file-size limit (ulimit -f): READ_ONLY DISK_FULL, reads keep working, every acknowledged write survives', async () => {
    const dir = temp.make();
    const path = join(dir, 'limited.flightdeck');
    const c = await start(path, { fileSizeLimitKb: 1536 });
    expect((await c.invoke('workspace/openDefault')).ok).toBe(true);
    expect((await c.invoke('workspace/setup', { mode: 'empty' })).ok).toBe(true);

    const { committed, error } = await c.fill(6000);
    // The limit must really have been hit, after some writes went through.
    expect(committed.length).toBeGreaterThan(5);
    expect(error?.code).toBe('READ_ONLY');
    expect(error?.message).toMatch(/disk is full or the file reached its size limit/);
    expect(error?.message).toMatch(/change you just made was not saved/);
    expect(error?.message).toMatch(/Everything saved before is safe/);

    const s = await status(c);
    expect(s.readOnly?.reason).toBe('DISK_FULL');
    // Reads still work and show exactly what was acknowledged.
    expect(await names(c)).toEqual([...committed].sort());
    // A small write is refused too: read-only mode, not "try your luck".
    const again = await c.invoke('initiative/create', { name: 'after the failure' });
    expect(again.error?.code).toBe('READ_ONLY');
    await c.stop();

    const found = inspect(path);
    expect(found.integrity).toBe('ok');
    expect(found.chainOk).toBe(true);
    expect(found.names).toEqual([...committed].sort());
    expect(found.names).not.toContain(`fill ${committed.length + 1}`);
    expect(found.names).not.toContain('after the failure');
  });

  it('read-only file and folder: opens read-only (NOT_WRITABLE), reads and Save a copy work, writes are refused, nothing changes; Retry works once writable', async () => {
    const dir = temp.make();
    const copies = temp.make();
    const path = join(dir, 'shared.flightdeck');
    writePortfolioFile(path, { size: 12 });
    const before = inspect(path);
    // As root, permissions bind only another user: the child runs as nobody, on a folder nobody owns.
    const owner = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
    if (isRoot) for (const p of [dir, path, copies]) chownSync(p, NOBODY, NOBODY);
    chmodSync(path, 0o444);
    chmodSync(dir, 0o555);
    const digest = fileDigest(path);

    const c = await start(path, owner);
    const opened = await c.invoke('workspace/openDefault');
    expect(opened.ok, JSON.stringify(opened.error)).toBe(true);
    expect((opened.value as Status).readOnly?.reason).toBe('NOT_WRITABLE');
    expect((opened.value as Status).readOnly?.message).toMatch(/is read-only/);
    expect(await names(c)).toEqual(before.names);

    const write = await c.invoke('initiative/create', { name: 'refused' });
    expect(write.error?.code).toBe('READ_ONLY');
    const retry = await c.invoke('workspace/retryWrite');
    expect((retry.value as Status).readOnly?.reason).toBe('NOT_WRITABLE');

    const copyPath = join(copies, 'rescued.flightdeck');
    await c.queueSave(copyPath);
    const saved = await c.invoke('workspace/saveCopy');
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);
    expect(fileDigest(path)).toBe(digest);
    expect(existsSync(`${path}-wal`)).toBe(false);

    // Made writable again (by its owner): Retry leaves read-only mode and writes go through.
    chmodSync(dir, 0o755);
    chmodSync(path, 0o644);
    const back = await c.invoke('workspace/retryWrite');
    expect(back.ok, JSON.stringify(back.error)).toBe(true);
    expect((back.value as Status).readOnly).toBeNull();
    expect((await c.invoke('initiative/create', { name: 'after retry' })).ok).toBe(true);
    await c.stop();

    const copy = inspect(copyPath);
    expect(copy.integrity).toBe('ok');
    expect(copy.chainOk).toBe(true);
    expect(copy.names).toEqual(before.names);
    const after = inspect(path);
    expect(after.integrity).toBe('ok');
    expect(after.chainOk).toBe(true);
    expect(after.names).toEqual([...before.names, 'after retry'].sort());
  });

  it('read-only file in a writable folder opens read-only too; a read-only file that needs upgrading is refused NOT_WRITABLE', async () => {
    const dir = temp.make();
    const path = join(dir, 'ro-file.flightdeck');
    writePortfolioFile(path, { size: 4 });
    const old = join(dir, 'old.flightdeck');
    openOrThrow(old, { migrations: [m0010Initial] }).close();
    const owner = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
    if (isRoot) for (const p of [dir, path, old]) chownSync(p, NOBODY, NOBODY);
    chmodSync(path, 0o444);
    chmodSync(old, 0o444);
    const digests = [fileDigest(path), fileDigest(old)];

    const c = await start(path, owner);
    const opened = await c.invoke('workspace/openDefault');
    expect((opened.value as Status).readOnly?.reason).toBe('NOT_WRITABLE');
    expect(await names(c)).toHaveLength(4);
    expect((await c.invoke('initiative/create', { name: 'refused' })).error?.code).toBe('READ_ONLY');
    await c.stop();

    const c2 = await start(old, owner);
    const refused = (await c2.invoke('workspace/openDefault')).value as {
      state: string;
      reason: string;
      message: string;
    };
    expect(refused).toMatchObject({ state: 'failed', reason: 'NOT_WRITABLE' });
    expect(refused.message).toMatch(/must be upgraded/);
    await c2.stop();
    expect([fileDigest(path), fileDigest(old)]).toEqual(digests);
  });

  it('file deleted under the app: FILE_REMOVED read-only, reads work, Save a copy rescues every committed row', async () => {
    const dir = temp.make();
    const copies = temp.make();
    const path = join(dir, 'doomed.flightdeck');
    const c = await start(path);
    expect((await c.invoke('workspace/openDefault')).ok).toBe(true);
    expect((await c.invoke('workspace/setup', { mode: 'empty' })).ok).toBe(true);
    const committed: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const r = await c.invoke('initiative/create', { name: `kept ${i}` });
      expect(r.ok).toBe(true);
      committed.push(`kept ${i}`);
    }
    for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });

    // The first call after the removal is a write: refused before it can go to the deleted file.
    const write = await c.invoke('initiative/create', { name: 'into the void' });
    expect(write.error?.code).toBe('READ_ONLY');
    expect(write.error?.message).toMatch(/moved or deleted while open/);
    expect((await status(c)).readOnly?.reason).toBe('FILE_REMOVED');
    expect(await names(c)).toEqual(committed);
    // Retry cannot bring back a file that is gone.
    expect(((await c.invoke('workspace/retryWrite')).value as Status).readOnly?.reason).toBe('FILE_REMOVED');

    const copyPath = join(copies, 'rescued.flightdeck');
    await c.queueSave(copyPath);
    const saved = await c.invoke('workspace/saveCopy');
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);
    await c.stop();
    // Nothing recreated a ghost file at the old path.
    expect(existsSync(path)).toBe(false);

    const copy = inspect(copyPath);
    expect(copy.integrity).toBe('ok');
    expect(copy.chainOk).toBe(true);
    expect(copy.names).toEqual(committed);
  });
});
