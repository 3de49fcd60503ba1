import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readdirSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase, copyFileDurably, inspectBackup } from './backup';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { openSqlite } from './sqlite';
import { fileDigest, openOrThrow, writePortfolioFile } from '../testing/portfolio-files';
import { TempDirs } from '../testing/temp-dir';

const temp = new TempDirs();
afterEach(() => temp.cleanup());

function count(path: string): number {
  const db = openSqlite(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM initiatives').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

function insertInitiative(db: ReturnType<typeof openOrThrow>, name: string): void {
  const at = '2026-03-02T09:00:00.000Z';
  db.prepare(
    `INSERT INTO initiatives (name, description, business_unit, type, phase, status, risk_tier, tags,
       phase_entered_at, created_at, updated_at)
     VALUES (?, '', '', 'other', 'STRATEGY', 'active', 'unclassified', '[]', ?, ?, ?)`,
  ).run(name, at, at, at);
}

/** Overwrites `bytes.length` bytes at `offset`: real damage on disk, as a bad sector or a stray write leaves it. */
function overwrite(path: string, offset: number, bytes: Buffer): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
}

/** A closed portfolio with a few initiatives, and a backup of it. */
async function goodBackup(dir: string, size = 20): Promise<{ source: string; backup: string }> {
  const source = join(dir, 'src.flightdeck');
  writePortfolioFile(source, { size });
  const db = openOrThrow(source);
  const backup = join(dir, 'good.flightdeck');
  try {
    await backupDatabase(db, backup);
  } finally {
    db.close();
  }
  return { source, backup };
}

describe('backupDatabase', () => {
  it('copies committed data that is still in the WAL, as a self-contained rollback-journal file', async () => {
    const dir = temp.make();
    const path = join(dir, 'p.flightdeck');
    writePortfolioFile(path, { size: 10 });
    const db = openOrThrow(path);
    try {
      db.pragma('wal_autocheckpoint = 0');
      for (let i = 0; i < 5; i++) insertInitiative(db, `in the WAL ${i}`);
      expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
      const dest = join(dir, 'b.flightdeck');
      const check = await backupDatabase(db, dest);
      expect(check).toEqual({ ok: true, problem: null, initiativeCount: 15, schemaVersion: LATEST_SCHEMA_VERSION });
      expect(count(dest)).toBe(15);
      const copy = openSqlite(dest, { readonly: true });
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      copy.close();
      // Nothing but the backup itself is left in the folder: no -wal, -shm or temporary file.
      expect(readdirSync(dir).filter((n) => n.startsWith('b.') || n.startsWith('.b.'))).toEqual(['b.flightdeck']);
    } finally {
      db.close();
    }
  });

  it('carries writes made through the connection while the copy runs', async () => {
    const dir = temp.make();
    const path = join(dir, 'p.flightdeck');
    writePortfolioFile(path, { size: 300 });
    const db = openOrThrow(path);
    try {
      // This is about what the copy contains, not durability: no fsync per insert keeps the test quick.
      db.pragma('synchronous = OFF');
      let done = false;
      let written = 0;
      // One page per step: the copy takes many turns of the event loop, and a write lands between most of them.
      const run = backupDatabase(db, join(dir, 'b.flightdeck'), { pagesPerStep: 1 }).then((c) => {
        done = true;
        return c;
      });
      while (!done) {
        await new Promise((r) => setImmediate(r));
        if (!done) {
          insertInitiative(db, `during ${written}`);
          written++;
        }
      }
      const check = await run;
      expect(written).toBeGreaterThan(10);
      expect(check.initiativeCount).toBe(300 + written);
      expect(count(join(dir, 'b.flightdeck'))).toBe(300 + written);
    } finally {
      db.close();
    }
  });

  it('never replaces an existing file and leaves no temporary file when it fails', async () => {
    const dir = temp.make();
    const path = join(dir, 'p.flightdeck');
    writePortfolioFile(path, { size: 3 });
    const db = openOrThrow(path);
    try {
      const dest = join(dir, 'taken.flightdeck');
      writeFileSync(dest, 'someone else');
      await expect(backupDatabase(db, dest)).rejects.toThrow(/already exists/);
      expect(readdirSync(dir).sort()).toEqual(['p.flightdeck', 'p.flightdeck-wal', 'taken.flightdeck'].sort());
      await expect(backupDatabase(db, join(dir, 'missing-folder', 'b.flightdeck'))).rejects.toThrow();
      expect(existsSync(join(dir, 'missing-folder'))).toBe(false);
    } finally {
      db.close();
    }
  });
});

describe('copyFileDurably', () => {
  it('copies byte for byte and refuses to replace the destination', async () => {
    const dir = temp.make();
    const { backup } = await goodBackup(dir, 5);
    const dest = join(dir, 'copy.flightdeck');
    copyFileDurably(backup, dest);
    expect(fileDigest(dest)).toBe(fileDigest(backup));
    writeFileSync(join(dir, 'other'), 'keep me');
    expect(() => copyFileDurably(backup, join(dir, 'other'))).toThrow(/already exists/);
    expect(statSync(join(dir, 'other')).size).toBe(7);
    expect(readdirSync(dir).some((n) => n.endsWith('.partial'))).toBe(false);
  });
});

describe('inspectBackup', () => {
  it('reports a good backup with its initiative count and schema version', async () => {
    const { backup } = await goodBackup(temp.make(), 12);
    expect(inspectBackup(backup)).toEqual({
      ok: true,
      problem: null,
      initiativeCount: 12,
      schemaVersion: LATEST_SCHEMA_VERSION,
    });
  });

  it('does not change the file it checks', async () => {
    const { backup } = await goodBackup(temp.make());
    const before = fileDigest(backup);
    inspectBackup(backup);
    expect(fileDigest(backup)).toBe(before);
  });

  it('reports a damaged interior page', async () => {
    const dir = temp.make();
    const { backup } = await goodBackup(dir);
    const db = openSqlite(backup, { readonly: true });
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = (
      db.prepare(`SELECT rootpage FROM sqlite_schema WHERE name = 'initiatives'`).get() as { rootpage: number }
    ).rootpage;
    db.close();
    // The b-tree page header of the initiatives table: an invalid page type and cell count.
    overwrite(backup, (root - 1) * pageSize, Buffer.alloc(12, 0xa5));
    const r = inspectBackup(backup);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/damaged|malformed/);
    expect(r.initiativeCount).toBeNull();
  });

  it('reports a truncated backup', async () => {
    const { backup } = await goodBackup(temp.make());
    truncateSync(backup, Math.floor(statSync(backup).size / 2));
    const r = inspectBackup(backup);
    expect(r.ok).toBe(false);
    expect(r.problem).toMatch(/^The backup is truncated: [\d,]+ of [\d,]+ bytes are there\.$/);
  });

  it('reports an empty, a missing, a non-SQLite and a header-only file', async () => {
    const dir = temp.make();
    writeFileSync(join(dir, 'empty'), '');
    expect(inspectBackup(join(dir, 'empty')).problem).toBe('The backup is empty (0 bytes).');
    expect(inspectBackup(join(dir, 'nope')).problem).toBe('The backup file is missing.');
    writeFileSync(join(dir, 'text'), 'hello, this is not a database at all'.repeat(50));
    expect(inspectBackup(join(dir, 'text')).problem).toMatch(/not a SQLite database/);
    writeFileSync(join(dir, 'short'), 'SQLite format 3\0abc');
    expect(inspectBackup(join(dir, 'short')).problem).toMatch(/truncated/);
    expect(inspectBackup(dir).problem).toBe('The backup is not a file.');
  });

  it('reports another program’s SQLite file and a file from a newer version', async () => {
    const dir = temp.make();
    const foreign = join(dir, 'foreign.db');
    const f = openSqlite(foreign);
    f.exec('CREATE TABLE things (x); INSERT INTO things VALUES (1);');
    f.close();
    expect(inspectBackup(foreign).problem).toMatch(/another program/);

    const { backup } = await goodBackup(dir, 2);
    const newer = join(dir, 'newer.flightdeck');
    copyFileSync(backup, newer);
    const n = openSqlite(newer);
    n.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 10}`);
    n.close();
    const r = inspectBackup(newer);
    expect(r.ok).toBe(false);
    expect(r.schemaVersion).toBe(LATEST_SCHEMA_VERSION + 10);
    expect(r.problem).toMatch(/newer version/);
  });
});
