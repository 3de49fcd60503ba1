import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, createWriteStream } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../../shared/errors';

/**
 * Gate evidence files, content-addressed under `<dataDir>/evidence/<sha256[0..2]>/<sha256>`. The copy is
 * streamed into a temp file inside the evidence folder while it is hashed and counted, then renamed into
 * place, so a half-copied file never carries a hash name. The database row is written by the caller.
 */

export interface StoredEvidenceFile {
  sha256: string;
  sizeBytes: number;
  /** The picked file's own name (no folders), as the user knows it. */
  fileName: string;
  /** Where the copy lives now. */
  storedPath: string;
  /** False when the same content was already stored (the existing copy is reused). */
  created: boolean;
}

const MB = 1024 * 1024;

export function formatMb(bytes: number): string {
  const mb = bytes / MB;
  return `${mb >= 10 || Number.isInteger(mb) ? Math.round(mb) : mb.toFixed(1)} MB`;
}

export function evidenceFolder(dataDir: string): string {
  return join(dataDir, 'evidence');
}

export function evidencePath(dataDir: string, sha256: string): string {
  return join(evidenceFolder(dataDir), sha256.slice(0, 2), sha256);
}

function fileIssue(message: string): AppError {
  return new AppError('VALIDATION', message, [{ path: 'file', message }]);
}

function tooLarge(name: string, size: number, limit: number): AppError {
  return fileIssue(`“${name}” is ${formatMb(size)}; evidence files can be at most ${formatMb(limit)}.`);
}

function errno(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as NodeJS.ErrnoException).code : undefined;
}

/** Turns a file-system failure on the picked file into an error that names the file and says what to do. */
function pickedFileError(e: unknown, name: string): AppError {
  if (e instanceof AppError) return e;
  switch (errno(e)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError('NOT_FOUND', `The file “${name}” does not exist any more (moved or deleted?).`);
    case 'EACCES':
    case 'EPERM':
      return fileIssue(`Flightdeck is not allowed to read “${name}”. Check the file's permissions and try again.`);
    case 'ELOOP':
      return fileIssue(`“${name}” is a link; attach the file it points to instead.`);
    case 'EISDIR':
      return fileIssue(`“${name}” is a folder; attach a single file.`);
    default:
      return fileIssue(`Could not attach “${name}”: ${(e as Error).message}`);
  }
}

function kindOf(s: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean }): string {
  if (s.isDirectory()) return 'a folder; attach a single file';
  if (s.isFIFO()) return 'a pipe, not a file';
  if (s.isSocket()) return 'a socket, not a file';
  return 'a device, not a file';
}

/** Hashes and counts what flows through; fails as soon as more than `limit` bytes have passed. */
class HashAndCount extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  constructor(
    private readonly limit: number,
    private readonly onTooLarge: (bytes: number) => Error,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      done(this.onTooLarge(this.bytes));
      return;
    }
    this.hash.update(chunk);
    done(null, chunk);
  }
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => undefined);
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Copies the file the user picked into the evidence store. Refuses, with nothing left behind: a missing
 * or unreadable file, anything that is not a regular file (folder, device, pipe, socket), a link (it
 * resolves to a path outside what the user picked), and a file over `maxBytes`, checked before copying
 * and again while copying in case the file grows.
 */
export async function storeEvidenceFile(
  dataDir: string,
  picked: string,
  maxBytes: number,
  /** Tests only: runs after the checks and before the copy, to change the file in between. */
  afterCheck?: () => Promise<void>,
): Promise<StoredEvidenceFile> {
  const name = basename(picked) || picked;
  let info;
  try {
    info = await lstat(picked);
  } catch (e) {
    throw pickedFileError(e, name);
  }
  if (info.isSymbolicLink()) {
    const target = await realpath(picked).catch(() => null);
    throw fileIssue(
      target
        ? `“${name}” is a link to ${target}, a path outside what you picked. Attach the file itself.`
        : `“${name}” is a link that points nowhere. Attach the file itself.`,
    );
  }
  if (!info.isFile()) throw fileIssue(`“${name}” is ${kindOf(info)}.`);
  if (info.size > maxBytes) throw tooLarge(name, info.size, maxBytes);

  // O_NOFOLLOW: a link swapped in after the check is refused by the OS (ELOOP); O_NONBLOCK: a pipe swapped
  // in cannot hang the open. The opened file must still be the one that was checked (same device and inode).
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  let handle: FileHandle;
  try {
    handle = await open(picked, flags);
  } catch (e) {
    throw pickedFileError(e, name);
  }

  const folder = evidenceFolder(dataDir);
  const temp = join(folder, `.incoming-${randomBytes(8).toString('hex')}`);
  let tempCreated = false;
  try {
    const opened = await handle.stat();
    if (!opened.isFile() || opened.ino !== info.ino || opened.dev !== info.dev) {
      throw fileIssue(`“${name}” changed while it was being attached; try again.`);
    }
    await afterCheck?.();
    await mkdir(folder, { recursive: true });
    const meter = new HashAndCount(maxBytes, (bytes) => tooLarge(name, bytes, maxBytes));
    tempCreated = true;
    await pipeline(
      createReadStream('', { fd: handle, autoClose: false }),
      meter,
      createWriteStream(temp, { flags: 'wx', mode: 0o644 }),
    );
    const sha256 = meter.hash.digest('hex');
    const storedPath = evidencePath(dataDir, sha256);
    if (await exists(storedPath)) {
      // Same content already stored (content-addressed): keep the existing copy.
      await removeQuietly(temp);
      return { sha256, sizeBytes: meter.bytes, fileName: name, storedPath, created: false };
    }
    await mkdir(join(folder, sha256.slice(0, 2)), { recursive: true });
    await rename(temp, storedPath);
    return { sha256, sizeBytes: meter.bytes, fileName: name, storedPath, created: true };
  } catch (e) {
    if (tempCreated) await removeQuietly(temp);
    throw e instanceof AppError ? e : pickedFileError(e, name);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Removes a stored copy (a failed attachment's); missing is fine. */
export async function removeStoredFile(dataDir: string, sha256: string): Promise<void> {
  await removeQuietly(evidencePath(dataDir, sha256));
}
