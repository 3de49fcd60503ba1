import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempDirs } from '../testing/temp-dir';
import { evidencePath, formatMb, storeEvidenceFile } from './evidenceStore';

const temps = new TempDirs();
afterEach(() => temps.cleanup());

describe('storeEvidenceFile', () => {
  it('copies into evidence/<2>/<sha256> and hashes what it copied', async () => {
    const dataDir = temps.make();
    const src = join(temps.make(), 'report.txt');
    writeFileSync(src, 'hello evidence');
    const stored = await storeEvidenceFile(dataDir, src, 1024);
    const sha = createHash('sha256').update('hello evidence').digest('hex');
    expect(stored).toEqual({
      sha256: sha,
      sizeBytes: 14,
      fileName: 'report.txt',
      storedPath: evidencePath(dataDir, sha),
      created: true,
    });
    expect((await storeEvidenceFile(dataDir, src, 1024)).created).toBe(false);
  });

  it('counts bytes while copying: a file that grows past the limit after the size check is refused, temp removed', async () => {
    const dataDir = temps.make();
    const src = join(temps.make(), 'growing.log');
    writeFileSync(src, Buffer.alloc(1000, 7));
    await expect(
      storeEvidenceFile(dataDir, src, 2048, () => {
        appendFileSync(src, Buffer.alloc(5000, 8));
        return Promise.resolve();
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('“growing.log” is') as string });
    const folder = join(dataDir, 'evidence');
    expect(existsSync(folder) ? readdirSync(folder, { recursive: true }) : []).toEqual([]);
  });

  it('says sizes in MB', () => {
    expect(formatMb(100 * 1024 * 1024)).toBe('100 MB');
    expect(formatMb(1.5 * 1024 * 1024)).toBe('1.5 MB');
    expect(formatMb(12.4 * 1024 * 1024)).toBe('12 MB');
  });
});
