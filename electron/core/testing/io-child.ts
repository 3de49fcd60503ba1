// Parent side of io-writer.ts: starts the bundled child (optionally under `ulimit -f` or as another uid)
// and talks to it in JSON lines, waiting on what it says, never on time.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import { bundleForChild } from './childBundle';
import { REPO_ROOT } from './child';

let bundle: Promise<string> | null = null;
/** One bundle per test process: every child start after the first costs only Node's start-up. */
export function ioWriterBundle(): Promise<string> {
  bundle ??= bundleForChild(join(REPO_ROOT, 'electron/core/testing/io-writer.ts'));
  return bundle;
}

export interface IoChildOptions {
  /** Run under `ulimit -f <KB>` with SIGXFSZ ignored, so writes past the limit fail with EFBIG. */
  fileSizeLimitKb?: number;
  /** Run as this user (needs root): e.g. 65534 so file permissions apply. */
  uid?: number;
  gid?: number;
}

export class IoChild {
  private readonly lines: unknown[] = [];
  /** Callers waiting for a line, in order: the child answers commands in the order they were sent. */
  private readonly waiting: ((line: unknown) => void)[] = [];
  private stderr = '';
  private readonly exited: Promise<void>;

  private constructor(readonly child: ChildProcess) {
    let buf = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) this.push(JSON.parse(line));
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((res) => child.once('exit', () => res()));
    child.once('exit', (code, signal) => this.push({ exited: { code, signal, stderr: this.stderr } }));
  }

  static async start(path: string, options: IoChildOptions = {}): Promise<IoChild> {
    const entry = await ioWriterBundle();
    const spawnOptions: SpawnOptions = { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] };
    if (options.uid !== undefined) spawnOptions.uid = options.uid;
    if (options.gid !== undefined) spawnOptions.gid = options.gid;
    const child =
      options.fileSizeLimitKb !== undefined
        ? spawn(
            'bash',
            [
              '-c',
              `trap "" XFSZ; ulimit -f ${Math.trunc(options.fileSizeLimitKb)}; exec "$0" "$1" "$2"`,
              process.execPath,
              entry,
              path,
            ],
            spawnOptions,
          )
        : spawn(process.execPath, [entry, path], spawnOptions);
    const c = new IoChild(child);
    const first = await c.next();
    if (!(typeof first === 'object' && first && 'ready' in first)) {
      throw new Error(`io-writer did not start: ${JSON.stringify(first)}`);
    }
    return c;
  }

  private push(line: unknown): void {
    const w = this.waiting.shift();
    if (w) w(line);
    else this.lines.push(line);
  }

  next(): Promise<unknown> {
    if (this.lines.length > 0) return Promise.resolve(this.lines.shift());
    return new Promise((res) => this.waiting.push(res));
  }

  private send(cmd: unknown): void {
    this.child.stdin?.write(JSON.stringify(cmd) + '\n');
  }

  /** Calls a channel through the child's router; resolves with its Result. */
  async invoke(
    channel: string,
    input?: unknown,
  ): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
    this.send({ op: 'invoke', channel, input });
    const r = await this.next();
    if (typeof r !== 'object' || r === null || !('ok' in r)) throw new Error(`unexpected answer: ${JSON.stringify(r)}`);
    return r as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  }

  async queueSave(path: string): Promise<void> {
    this.send({ op: 'queueSave', path });
    await this.next();
  }

  /** Creates initiatives until one fails; returns the names the child saw committed, and the failure. */
  async fill(
    descriptionChars: number,
  ): Promise<{ committed: string[]; error: { code: string; message: string } | null }> {
    this.send({ op: 'fill', descriptionChars });
    const committed: string[] = [];
    for (;;) {
      const line = (await this.next()) as Record<string, unknown>;
      if (typeof line['committed'] === 'string') committed.push(line['committed']);
      else if (line['done']) return { committed, error: line['error'] as { code: string; message: string } | null };
      else throw new Error(`unexpected line during fill: ${JSON.stringify(line)}`);
    }
  }

  /** Closes stdin (the child disposes its core and exits) and waits for the exit. */
  async stop(): Promise<void> {
    this.child.stdin?.end();
    await this.exited;
  }

  kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }
}
