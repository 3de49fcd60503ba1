import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INITIATIVE_TYPES } from '../../../shared/domain/enums';
import { PHASE_IDS } from '../../../shared/domain/phases';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import { openSqlite } from '../db/sqlite';
import { DEMO_SIZE } from '../index';
import { fileDigest, openOrThrow, dumpTables, writePortfolioFile } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { createTestCore, type TestCore } from '../testing/test-core';

const temp = new TempDirs();
let t: TestCore | null = null;
afterEach(() => {
  t?.dispose();
  t = null;
  temp.cleanup();
});

function start(): TestCore {
  t = createTestCore();
  return t;
}

describe('workspace', () => {
  it('starts closed: data calls answer NO_DATABASE', async () => {
    const c = start();
    expect(await c.ok('workspace/status')).toEqual({ state: 'closed' });
    expect(await c.invoke('initiative/list')).toMatchObject({ ok: false, error: { code: 'NO_DATABASE' } });
  });

  it('openDefault creates the file and reports first run; setup demo fills it and ends first run', async () => {
    const c = start();
    expect(existsSync(c.defaultDbPath)).toBe(false);
    const status = await c.ok('workspace/openDefault');
    expect(status).toEqual({
      state: 'open',
      path: c.defaultDbPath,
      schemaVersion: LATEST_SCHEMA_VERSION,
      initiativeCount: 0,
      firstRun: true,
      readOnly: null,
    });
    expect(existsSync(c.defaultDbPath)).toBe(true);
    expect(c.events.of('workspace/changed').at(-1)).toEqual(status);

    const after = await c.ok('workspace/setup', { mode: 'demo' });
    expect(after).toMatchObject({ state: 'open', initiativeCount: DEMO_SIZE, firstRun: false });
    const list = await c.ok('initiative/list', { includeArchived: true });
    expect(list).toHaveLength(DEMO_SIZE);
    expect(new Set(list.map((r) => r.phase))).toEqual(new Set(PHASE_IDS));
    expect(new Set(list.map((r) => r.type))).toEqual(new Set(INITIATIVE_TYPES.ids));
    expect(new Set(list.map((r) => r.businessUnit)).size).toBeGreaterThanOrEqual(4);
    expect(list.some((r) => r.sponsorName !== null)).toBe(true);
    expect(c.events.of('db/changed').at(-1)).toEqual({
      tables: ['initiatives', 'people', 'phase_transitions', 'audit_log'],
    });

    // Reopening the same file keeps it set up.
    expect(await c.ok('workspace/openDefault')).toMatchObject({ firstRun: false, initiativeCount: DEMO_SIZE });
  });

  it('setup empty ends first run without data', async () => {
    const c = start();
    await c.ok('workspace/openDefault');
    expect(await c.ok('workspace/setup', { mode: 'empty' })).toMatchObject({ initiativeCount: 0, firstRun: false });
  });

  it('setup twice is a CONFLICT and changes nothing', async () => {
    const c = start();
    await c.ok('workspace/openDefault');
    await c.ok('workspace/setup', { mode: 'demo' });
    const before = dumpTables(c.db());
    expect(await c.invoke('workspace/setup', { mode: 'demo' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(await c.invoke('workspace/setup', { mode: 'empty' })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    expect(dumpTables(c.db())).toEqual(before);
  });

  it('File > Open of a corrupt file reports failed with path and reason, and leaves the file unchanged', async () => {
    const c = start();
    await c.ok('workspace/openDefault');
    await c.ok('initiative/create', { name: 'Before' });
    const bad = join(temp.make(), 'broken.flightdeck');
    writeFileSync(bad, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(4096, 0xee)]));
    const digest = fileDigest(bad);
    c.dialogs.queueOpen(bad);
    const status = await c.ok('workspace/open');
    expect(status).toMatchObject({ state: 'failed', path: bad });
    if (status.state !== 'failed') return;
    expect(['CORRUPT', 'NOT_SQLITE']).toContain(status.reason);
    expect(status.message).not.toBe('');
    expect(fileDigest(bad)).toBe(digest);
    expect(await c.ok('workspace/status')).toEqual(status);
    // The failed open closed the previous file; data calls say why nothing is open.
    const r = await c.invoke('initiative/list');
    expect(r).toMatchObject({ ok: false, error: { code: 'NO_DATABASE' } });
    if (!r.ok) expect(r.error.message).toContain(status.message);
  });

  it('File > Open of a good file switches to it and clears undo history', async () => {
    const c = start();
    await c.ok('workspace/openDefault');
    await c.ok('initiative/create', { name: 'In default' });
    const other = join(temp.make(), 'other.flightdeck');
    writePortfolioFile(other, { size: 12 });
    c.dialogs.queueOpen(other);
    expect(await c.ok('workspace/open')).toMatchObject({ state: 'open', path: other, initiativeCount: 12 });
    expect(await c.ok('history/state')).toMatchObject({ canUndo: false, canRedo: false });
  });

  it('File > Open of the file that is already open keeps it open (not LOCKED by our own lock)', async () => {
    const c = start();
    await c.ok('workspace/openDefault');
    await c.ok('initiative/create', { name: 'Still here' });
    c.dialogs.queueOpen(c.defaultDbPath);
    expect(await c.ok('workspace/open')).toMatchObject({ state: 'open', path: c.defaultDbPath, initiativeCount: 1 });
    expect(await c.ok('workspace/openDefault')).toMatchObject({ state: 'open', initiativeCount: 1 });
  });

  it('a cancelled dialog is CANCELLED and keeps the current file open', async () => {
    const c = start();
    const opened = await c.ok('workspace/openDefault');
    expect(await c.invoke('workspace/open')).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await c.invoke('workspace/create')).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(await c.ok('workspace/status')).toEqual(opened);
  });

  it('File > New creates a fresh portfolio, adding the extension when missing', async () => {
    const c = start();
    const dir = temp.make();
    c.dialogs.queueSave(join(dir, 'Q3 plan'));
    const status = await c.ok('workspace/create');
    expect(status).toMatchObject({ state: 'open', path: join(dir, 'Q3 plan.flightdeck'), firstRun: true });
    expect(c.dialogs.saveRequests[0]).toEqual({ title: 'New portfolio', defaultName: 'Portfolio.flightdeck' });
  });

  it('File > New never overwrites an existing file (CONFLICT), whatever the dialog said', async () => {
    const c = start();
    const opened = await c.ok('workspace/openDefault');
    const existing = join(temp.make(), 'precious.flightdeck');
    writePortfolioFile(existing, { size: 5 });
    const digest = fileDigest(existing);
    c.dialogs.queueSave(existing);
    expect(await c.invoke('workspace/create')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(fileDigest(existing)).toBe(digest);
    // The refused New leaves the open file open.
    expect(await c.ok('workspace/status')).toEqual(opened);

    // Same without the extension: "precious" resolves to the existing precious.flightdeck.
    c.dialogs.queueSave(existing.replace(/\.flightdeck$/, ''));
    expect(await c.invoke('workspace/create')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(fileDigest(existing)).toBe(digest);
  });

  it('Save a copy writes a readable, consistent copy and never overwrites', async () => {
    const c = start();
    await c.ok('workspace/openDefault');
    await c.ok('workspace/setup', { mode: 'demo' });
    await c.ok('initiative/create', { name: 'Only in the copy and the original' });
    const expected = dumpTables(c.db());
    const dir = temp.make();
    c.dialogs.queueSave(join(dir, 'copy'));
    const { path } = await c.ok('workspace/saveCopy');
    expect(path).toBe(join(dir, 'copy.flightdeck'));

    const copy = openOrThrow(path, { create: false });
    try {
      expect(dumpTables(copy)).toEqual(expected);
    } finally {
      copy.close();
    }
    c.dialogs.queueSave(path);
    const digest = fileDigest(path);
    expect(await c.invoke('workspace/saveCopy')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(fileDigest(path)).toBe(digest);
    // The original is still the open file.
    expect(await c.ok('workspace/status')).toMatchObject({ path: c.defaultDbPath });
  });

  it('an existing empty (0-byte) default file fails CORRUPT instead of being set up as a new portfolio', async () => {
    const c = start();
    writeFileSync(c.defaultDbPath, '');
    const status = await c.ok('workspace/openDefault');
    expect(status).toMatchObject({ state: 'failed', reason: 'CORRUPT', path: c.defaultDbPath });
    if (status.state === 'failed') expect(status.message).toMatch(/the file is empty \(0 bytes\)/);
    expect(readFileSync(c.defaultDbPath).length).toBe(0);
    expect(await c.invoke('initiative/list')).toMatchObject({ ok: false, error: { code: 'NO_DATABASE' } });
  });

  it('after an I/O failure, Retry on a healthy disk leaves read-only mode with a real write, and edits save again', async () => {
    const c = start();
    await c.ok('workspace/openDefault');
    await c.ok('initiative/create', { name: 'kept' });
    c.core.workspace.enterReadOnly('IO_ERROR', 'SQLITE_IOERR_FSYNC: disk I/O error');
    const status = await c.ok('workspace/status');
    expect(status).toMatchObject({
      state: 'open',
      readOnly: { reason: 'IO_ERROR', since: c.clock.now().toISOString() },
    });
    expect(await c.invoke('initiative/create', { name: 'refused' })).toMatchObject({
      ok: false,
      error: { code: 'READ_ONLY' },
    });
    // Save a copy still works in read-only mode: it is the rescue path.
    const copy = join(temp.make(), 'rescue.flightdeck');
    c.dialogs.queueSave(copy);
    expect(await c.ok('workspace/saveCopy')).toEqual({ path: copy });

    expect(await c.ok('workspace/retryWrite')).toMatchObject({ state: 'open', readOnly: null });
    await c.ok('initiative/create', { name: 'saved again' });
    expect((await c.ok('initiative/list', { includeArchived: true })).map((i) => i.name).sort()).toEqual([
      'kept',
      'saved again',
    ]);
    const db = openOrThrow(copy, { create: false });
    try {
      expect((db.prepare('SELECT name FROM initiatives').all() as { name: string }[]).map((r) => r.name)).toEqual([
        'kept',
      ]);
    } finally {
      db.close();
    }
  });

  it('keeps the open file locked against other openers while it is open', async () => {
    const c = start();
    await c.ok('workspace/openDefault');
    // A plain connection can open the handle lazily but cannot read while the core holds the lock.
    const other = openSqlite(c.defaultDbPath, { fileMustExist: true });
    try {
      expect(() => other.prepare('SELECT count(*) FROM initiatives').get()).toThrow(/locked|busy/i);
    } finally {
      other.close();
    }
  });
});
