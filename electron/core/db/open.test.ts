import {
  chmodSync,
  existsSync,
  openSync,
  readFileSync,
  closeSync,
  writeFileSync,
  writeSync,
  constants,
  accessSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { holdLockInChild, type LockHolder } from '../testing/child';
import { fileDigest, writePortfolioFile } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { openPortfolio, type OpenResult } from './open';
import { openSqlite } from './sqlite';

const temp = new TempDirs();
let holder: LockHolder | null = null;
afterEach(async () => {
  await holder?.stop();
  holder = null;
  temp.cleanup();
});

function expectFailure(r: OpenResult, reason: string): void {
  if (r.ok) {
    r.db.close();
    throw new Error(`expected ${reason}, but the file opened`);
  }
  expect(r.reason).toBe(reason);
  expect(r.message.length).toBeGreaterThan(0);
}

function portfolio(size = 200): string {
  const path = join(temp.make(), 'p.flightdeck');
  writePortfolioFile(path, { size });
  return path;
}

describe('openPortfolio refuses what it must not touch', () => {
  it('NOT_FOUND when the file is missing and create is false, and creates nothing', () => {
    const path = join(temp.make(), 'missing.flightdeck');
    expectFailure(openPortfolio(path, { create: false }), 'NOT_FOUND');
    expect(existsSync(path)).toBe(false);
  });

  it('NOT_SQLITE for a text file, leaving its bytes as they were', () => {
    const path = join(temp.make(), 'notes.flightdeck');
    writeFileSync(path, 'These are my meeting notes, not a database.\n'.repeat(200));
    const before = fileDigest(path);
    expectFailure(openPortfolio(path, { create: false }), 'NOT_SQLITE');
    expectFailure(openPortfolio(path, { create: true }), 'NOT_SQLITE');
    expect(fileDigest(path)).toBe(before);
  });

  it('NOT_FLIGHTDECK for another program’s SQLite file, leaving it unchanged', () => {
    const path = join(temp.make(), 'other.db');
    const other = openSqlite(path);
    other.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me');`);
    other.close();
    const before = fileDigest(path);
    expectFailure(openPortfolio(path, { create: false }), 'NOT_FLIGHTDECK');
    expect(fileDigest(path)).toBe(before);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('NOT_FLIGHTDECK for an empty SQLite file stamped with another application id', () => {
    const path = join(temp.make(), 'other-app.db');
    const other = openSqlite(path);
    other.pragma('application_id = 1234');
    other.close();
    const before = fileDigest(path);
    expectFailure(openPortfolio(path, { create: false }), 'NOT_FLIGHTDECK');
    expect(fileDigest(path)).toBe(before);
  });

  it('CORRUPT when a b-tree page in the middle is damaged, leaving the bytes as they were', () => {
    const path = portfolio(2000);
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16) === 1 ? 65536 : bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    expect(pages).toBeGreaterThan(20);
    // Pick a b-tree page near the middle (flag byte 2, 5, 10 or 13), not a free or overflow page.
    let page = Math.floor(pages / 2);
    while (![2, 5, 10, 13].includes(bytes[(page - 1) * pageSize]!)) page++;
    const offset = (page - 1) * pageSize;
    const fd = openSync(path, 'r+');
    try {
      // Garble the page header and the first cell pointers.
      writeSync(fd, Buffer.alloc(24, 0xff), 0, 24, offset);
    } finally {
      closeSync(fd);
    }
    const before = fileDigest(path);
    const r = openPortfolio(path, { create: false });
    expectFailure(r, 'CORRUPT');
    expect(fileDigest(path)).toBe(before);
  });

  it('NOT_SQLITE when the header magic is damaged, leaving the bytes as they were', () => {
    const path = portfolio(50);
    const fd = openSync(path, 'r+');
    try {
      writeSync(fd, Buffer.from('SQLite format 4\0', 'latin1'), 0, 16, 0);
    } finally {
      closeSync(fd);
    }
    const before = fileDigest(path);
    expectFailure(openPortfolio(path, { create: false }), 'NOT_SQLITE');
    expect(fileDigest(path)).toBe(before);
  });

  it('refuses a file whose header has a valid magic but an impossible page size, leaving it unchanged', () => {
    const path = portfolio(50);
    const fd = openSync(path, 'r+');
    try {
      // 3 is not a power of two: SQLite itself must reject the header (SQLITE_NOTADB).
      writeSync(fd, Buffer.from([0x00, 0x03]), 0, 2, 16);
    } finally {
      closeSync(fd);
    }
    const before = fileDigest(path);
    const r = openPortfolio(path, { create: false });
    expect(r.ok ? 'ok' : r.reason).toMatch(/^(NOT_SQLITE|CORRUPT)$/);
    if (r.ok) r.db.close();
    expect(fileDigest(path)).toBe(before);
  });

  it('TOO_NEW when user_version is above what this build knows, leaving it unchanged', () => {
    const path = portfolio(10);
    const db = openSqlite(path, { fileMustExist: true });
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 10}`);
    db.close();
    const before = fileDigest(path);
    const r = openPortfolio(path, { create: false });
    expectFailure(r, 'TOO_NEW');
    if (!r.ok) expect(r.message).toContain(String(LATEST_SCHEMA_VERSION + 10));
    expect(fileDigest(path)).toBe(before);
  });

  it('LOCKED when another process holds the write lock, and the file is unchanged', async () => {
    const path = portfolio(20);
    const before = fileDigest(path);
    holder = await holdLockInChild(path);
    expectFailure(openPortfolio(path, { create: false }), 'LOCKED');
    expect(fileDigest(path)).toBe(before);
    await holder.stop();
    holder = null;
    // Once the other program lets go, the file opens normally.
    const r = openPortfolio(path, { create: false });
    if (!r.ok) throw new Error(r.message);
    r.db.close();
  });

  it('LOCKED for a second opener in the same process (a second window on the same file)', () => {
    const path = portfolio(20);
    const first = openPortfolio(path, { create: false });
    if (!first.ok) throw new Error(first.message);
    try {
      expectFailure(openPortfolio(path, { create: false }), 'LOCKED');
    } finally {
      first.db.close();
    }
  });

  it('CORRUPT for an existing empty (0-byte) file, never initialising it as a new portfolio', () => {
    const path = join(temp.make(), 'truncated.flightdeck');
    writeFileSync(path, '');
    for (const create of [false, true]) {
      const r = openPortfolio(path, { create });
      expectFailure(r, 'CORRUPT');
      if (!r.ok) expect(r.message).toMatch(/the file is empty \(0 bytes\)/);
    }
    expect(readFileSync(path).length).toBe(0);
    expect(existsSync(`${path}-wal`)).toBe(false);
    expect(existsSync(`${path}-journal`)).toBe(false);
  });

  it('LOCKED, not CORRUPT, for a 0-byte file another process holds (it is being created right now)', async () => {
    const path = join(temp.make(), 'being-created.flightdeck');
    writeFileSync(path, '');
    holder = await holdLockInChild(path);
    const r = openPortfolio(path, { create: true });
    expectFailure(r, 'LOCKED');
    if (!r.ok) expect(r.message).toMatch(/another Flightdeck window or another program.*Try again/);
    expect(readFileSync(path).length).toBe(0);
  });

  // chmod cannot make a file read-only for root: root's writes ignore permission bits, so the
  // NOT_WRITABLE path cannot be reached this way when the suite runs as root (as in CI containers here).
  const isRoot = process.getuid?.() === 0;
  const skipNote = isRoot ? ' [SKIPPED: running as root, where chmod 444 does not stop writes]' : '';
  it.skipIf(isRoot)(`NOT_WRITABLE for a read-only file, leaving it unchanged${skipNote}`, () => {
    const path = portfolio(10);
    chmodSync(path, 0o444);
    // Guard the premise, so a permissive file system shows up as a failure rather than a false pass.
    expect(() => accessSync(path, constants.W_OK)).toThrow();
    const before = fileDigest(path);
    expectFailure(openPortfolio(path, { create: false }), 'NOT_WRITABLE');
    expect(fileDigest(path)).toBe(before);
    chmodSync(path, 0o644);
  });
});
