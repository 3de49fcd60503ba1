import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');

export interface LockHolder {
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts hold-lock.ts in a separate Node process and resolves once it reports that it holds the lock.
 * A separate process matters: SQLite's locks are per process (POSIX advisory locks), so a second
 * connection in this process would not show what another program holding the file looks like.
 */
export function holdLockInChild(path: string): Promise<LockHolder> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'hold-lock.ts'), path], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise<LockHolder>((res, rej) => {
    let out = '';
    let err = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      if (out.split('\n').includes('ready')) res({ child, stop });
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('error', rej);
    child.once('exit', (code, signal) =>
      rej(new Error(`lock holder exited before ready (code ${code}, signal ${signal}): ${err}`)),
    );
  });
}
