import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder per test, so no test can see another's portfolio file. */
export function makeTempDir(prefix = 'flightdeck-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeTempDir(dir: string): void {
  // maxRetries: a just-killed child process may still hold the file for a moment on some systems.
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}

/**
 * Hands out temp dirs and removes them all at once; pair `cleanup` with afterEach.
 * Kept free of vitest so the bench can use it too.
 */
export class TempDirs {
  private readonly dirs: string[] = [];
  make(prefix?: string): string {
    const dir = makeTempDir(prefix);
    this.dirs.push(dir);
    return dir;
  }
  cleanup(): void {
    for (const dir of this.dirs.splice(0)) removeTempDir(dir);
  }
}
