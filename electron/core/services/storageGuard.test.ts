import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import { openOrThrow, dumpTables } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { createTestCore, type TestCore } from '../testing/test-core';
import { EventLog, MemoryLogger } from '../testing/fakes';
import { classifyStorageError, guardHandlers } from './storageGuard';
import { Workspace } from './workspace';

const temp = new TempDirs();
let t: TestCore | null = null;
let ws: Workspace | null = null;
afterEach(() => {
  t?.dispose();
  t = null;
  ws?.close();
  ws = null;
  temp.cleanup();
});

/** What SQLite's driver throws: an Error with the extended result code. */
const sqliteError = (code: string, message = 'disk I/O error') => Object.assign(new Error(message), { code });

describe('classifyStorageError', () => {
  const path = join(temp.make(), 'p.flightdeck');
  it('sorts SQLite result codes into read-only reasons and leaves everything else alone', () => {
    expect(classifyStorageError(sqliteError('SQLITE_FULL'), path)?.reason).toBe('DISK_FULL');
    expect(classifyStorageError(sqliteError('SQLITE_IOERR_WRITE'), path)?.reason).toBe('IO_ERROR');
    expect(classifyStorageError(sqliteError('SQLITE_IOERR_FSYNC'), path)?.reason).toBe('IO_ERROR');
    expect(classifyStorageError(sqliteError('SQLITE_READONLY_DBMOVED'), path)?.reason).toBe('FILE_REMOVED');
    expect(classifyStorageError(sqliteError('SQLITE_READONLY'), path)?.reason).toBe('NOT_WRITABLE');
    // query_only refusing a write once we are read-only is the mode working, not a new failure.
    expect(classifyStorageError(sqliteError('SQLITE_READONLY'), path, true)).toBeNull();
    expect(classifyStorageError(sqliteError('SQLITE_CANTOPEN'), path)?.reason).toBe('IO_ERROR');
    expect(classifyStorageError(sqliteError('SQLITE_CONSTRAINT_UNIQUE'), path)).toBeNull();
    expect(classifyStorageError(new Error('plain bug'), path)).toBeNull();
    expect(classifyStorageError(Object.assign(new Error('x'), { code: 'ENOSPC' }), path)).toBeNull();
  });
});

describe('guardHandlers', () => {
  function guarded(h: Partial<Handlers>) {
    const dir = temp.make();
    const path = join(dir, 'p.flightdeck');
    openOrThrow(path).close();
    ws = new Workspace({ now: () => new Date('2026-06-01T00:00:00Z') });
    ws.open(path, false);
    const events = new EventLog();
    const handlers = guardHandlers(h as Handlers, { workspace: ws, emit: events.emit, logger: new MemoryLogger() });
    return { handlers, events, path, workspace: ws };
  }

  it('keeps synchronous handlers synchronous and passes AppErrors and other errors through unchanged', () => {
    const bug = new Error('bug');
    const { handlers } = guarded({
      'app/info': () => ({ version: '1', schemaVersion: 1, actor: 'a', platform: 'p' }),
      'history/state': () => {
        throw new AppError('NOT_FOUND', 'no such thing');
      },
      'workspace/status': () => {
        throw bug;
      },
    });
    expect(handlers['app/info'](undefined)).toEqual({ version: '1', schemaVersion: 1, actor: 'a', platform: 'p' });
    expect(() => handlers['history/state'](undefined)).toThrow(/no such thing/);
    expect(() => handlers['workspace/status'](undefined)).toThrow(bug);
  });

  it('an I/O error from a handler puts the workspace read-only, announces it, and answers READ_ONLY; later writes are refused, reads work', async () => {
    const { handlers, events, workspace } = guarded({
      'initiative/list': () => {
        throw sqliteError('SQLITE_IOERR_WRITE');
      },
    });
    await expect(
      Promise.resolve().then(() => handlers['initiative/list']({ includeArchived: false })),
    ).rejects.toMatchObject({
      code: 'READ_ONLY',
      message: expect.stringMatching(/disk reported an error .*change you just made was not saved/),
    });
    expect(workspace.readOnlyState()?.reason).toBe('IO_ERROR');
    expect(events.of('workspace/changed').at(-1)).toMatchObject({ state: 'open', readOnly: { reason: 'IO_ERROR' } });
    // query_only is on: SQLite itself refuses any write on the connection, whoever issues it.
    expect(() => workspace.db().prepare(`INSERT INTO settings (key, value) VALUES ('x', 'y')`).run()).toThrow(
      /readonly/,
    );
    expect(workspace.db().prepare('SELECT count(*) AS n FROM initiatives').get()).toEqual({ n: 0 });
  });

  it('SQLITE_BUSY becomes BUSY; errors of channels that write other files do not make the portfolio read-only', async () => {
    const { handlers, workspace } = guarded({
      'history/undo': () => {
        throw sqliteError('SQLITE_BUSY', 'database is locked');
      },
      'backup/now': () => Promise.reject(sqliteError('SQLITE_FULL', 'database or disk is full')),
    });
    expect(() => handlers['history/undo'](undefined)).toThrow(expect.objectContaining({ code: 'BUSY' }) as Error);
    await expect(handlers['backup/now'](undefined)).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(workspace.readOnlyState()).toBeNull();
  });
});

describe('read-only mode through the real core', () => {
  it('a file renamed away is FILE_REMOVED before the next write; renamed back, Retry leaves read-only and writes persist', async () => {
    t = createTestCore();
    const c = t;
    await c.ok('workspace/openDefault');
    await c.ok('initiative/create', { name: 'before' });
    const aside = `${c.defaultDbPath}.moved`;
    renameSync(c.defaultDbPath, aside);

    const refused = await c.invoke('initiative/create', { name: 'while moved' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
    const status = await c.ok('workspace/status');
    expect(status).toMatchObject({ state: 'open', readOnly: { reason: 'FILE_REMOVED' } });
    expect(c.events.of('workspace/changed').at(-1)).toMatchObject({ readOnly: { reason: 'FILE_REMOVED' } });
    expect((await c.ok('initiative/list', { includeArchived: true })).map((i) => i.name)).toEqual(['before']);
    expect(await c.ok('workspace/retryWrite')).toMatchObject({ readOnly: { reason: 'FILE_REMOVED' } });
    // Reopen never drops the only handle to a removed file's data.
    expect(await c.ok('workspace/reopen')).toMatchObject({ state: 'open', readOnly: { reason: 'FILE_REMOVED' } });

    renameSync(aside, c.defaultDbPath);
    expect(await c.ok('workspace/retryWrite')).toMatchObject({ state: 'open', readOnly: null });
    expect(c.events.of('workspace/changed').at(-1)).toMatchObject({ readOnly: null });
    await c.ok('initiative/create', { name: 'after' });
    const data = dumpTables(c.db());
    c.core.dispose();
    const db = openOrThrow(c.defaultDbPath, { create: false });
    try {
      expect(
        (db.prepare('SELECT name FROM initiatives ORDER BY id').all() as { name: string }[]).map((r) => r.name),
      ).toEqual(['before', 'after']);
      expect(dumpTables(db)['initiatives']).toEqual(data['initiatives']);
    } finally {
      db.close();
    }
  });
});
