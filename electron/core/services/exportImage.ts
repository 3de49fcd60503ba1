import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Handlers } from '../../../shared/ipc/contract';
import type { Dialogs } from '../ports';

/**
 * Chart images the renderer exports (echarts' getDataURL): checked to be a real PNG, then written where the
 * user chose through the host's save dialog. The renderer never names the path, and never writes a file.
 */

export const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';
/** Every PNG starts with these eight bytes (RFC 2083, 3.1). */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A chart at twice the screen's pixels is well under a megabyte; far above this is not a chart. */
export const MAX_PNG_BYTES = 20 * 1024 * 1024;
/** Base64 text of MAX_PNG_BYTES, plus the prefix: the longest `dataUrl` worth decoding. */
export const MAX_PNG_DATA_URL_CHARS = PNG_DATA_URL_PREFIX.length + Math.ceil(MAX_PNG_BYTES / 3) * 4;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function payloadIssue(message: string): AppError {
  return new AppError('VALIDATION', message, [{ path: 'dataUrl', message }]);
}

/** The PNG bytes of a `data:image/png;base64,...` URL; a VALIDATION error naming what is wrong otherwise. */
export function decodePngDataUrl(dataUrl: string): Buffer {
  if (!dataUrl.startsWith(PNG_DATA_URL_PREFIX)) {
    throw payloadIssue('The image must be a data URL starting with “data:image/png;base64,”.');
  }
  if (dataUrl.length > MAX_PNG_DATA_URL_CHARS) {
    throw payloadIssue(`The image is larger than ${MAX_PNG_BYTES / (1024 * 1024)} MB.`);
  }
  const text = dataUrl.slice(PNG_DATA_URL_PREFIX.length);
  // Buffer.from skips characters it does not know; a strict check first, so damaged text is refused, not guessed.
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
    throw payloadIssue('The image data is not valid base64.');
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > MAX_PNG_BYTES) throw payloadIssue(`The image is larger than ${MAX_PNG_BYTES / (1024 * 1024)} MB.`);
  if (bytes.length <= PNG_SIGNATURE.length || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw payloadIssue('The image data is not a PNG (its signature is missing).');
  }
  return bytes;
}

/** What the save dialog proposes: the caller's name without folders or characters file systems refuse, as .png. */
export function pngFileName(defaultName: string): string {
  // eslint-disable-next-line no-control-regex
  const bare = defaultName.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').trim();
  const stem = bare.replace(/\.png$/i, '').replace(/^\.+/, '') || 'chart';
  return `${stem}.png`;
}

function errno(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null ? (e as NodeJS.ErrnoException).code : undefined;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function startsWithSqliteHeader(path: string): boolean {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(SQLITE_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } catch {
    return false;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch {
    // ENOENT, or ENOTDIR when a file stands where a folder of the path should be.
    return null;
  }
}

/**
 * Why `target` cannot take an export, or null when it can. Checked before any work is done (the CLI checks
 * its --rejects file before importing) and again by writeFileAtomic. A database under that name (the open
 * portfolio, another portfolio, a backup) is never replaced by an export: a fuzz test found that a save
 * dialog answer or --out naming the portfolio itself turned it into a CSV.
 */
export function exportTargetProblem(target: string): string | null {
  const info = statOrNull(target);
  if (info?.isDirectory()) return 'a folder has that name';
  if (info && startsWithSqliteHeader(target)) {
    return 'that file is a Flightdeck portfolio or another database, which an export never replaces; choose another name';
  }
  const folder = dirname(target);
  const folderInfo = statOrNull(folder);
  if (!folderInfo?.isDirectory()) return 'the folder does not exist';
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return 'the folder is not writable';
  }
  return null;
}

/**
 * Writes `bytes` to `target` so that it either holds all of them or is untouched: a temp file in the same
 * folder (same file system, so the rename is atomic), flushed, then renamed over the target. The temp file
 * is removed on any failure. `what` names the file in the error ("the CSV", "the status pack").
 */
export function writeFileAtomic(target: string, bytes: Buffer, what = 'the file'): void {
  const problem = exportTargetProblem(target);
  if (problem) throw new AppError('IO_ERROR', `Could not save ${what} to ${target}: ${problem}. Nothing was written.`);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'wx', 0o644);
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, target);
  } catch (e) {
    if (fd !== null) {
      try {
        closeSync(fd);
      } catch {
        // Already failing; the write error is the one to report.
      }
    }
    try {
      rmSync(temp, { force: true });
    } catch {
      // No folder to hold it (ENOTDIR): there is no temp file either.
    }
    const code = errno(e);
    const why =
      code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'the folder is not writable'
        : code === 'ENOENT' || code === 'ENOTDIR'
          ? 'the folder does not exist'
          : code === 'ENOSPC' || code === 'EFBIG'
            ? 'the disk is full'
            : code === 'EISDIR'
              ? 'a folder has that name'
              : (e as Error).message;
    throw new AppError('IO_ERROR', `Could not save ${what} to ${target}: ${why}. Nothing was written.`);
  }
}

export interface ExportImageDeps {
  dialogs: Dialogs;
}

export function exportImageHandlers(deps: ExportImageDeps): Pick<Handlers, 'export/png'> {
  return {
    'export/png': async ({ title, defaultName, dataUrl }) => {
      // Checked before asking: a bad image should not cost the user a trip through the save dialog.
      const bytes = decodePngDataUrl(dataUrl);
      const chosen = await deps.dialogs.chooseSavePath({
        title,
        defaultName: pngFileName(defaultName),
        filter: { name: 'PNG image', extensions: ['png'] },
      });
      if (!chosen) return { cancelled: true };
      // A PNG always ends in .png (a host dialog may have appended another file type's extension). The dialog
      // confirmed overwriting the name it showed, not this one: an existing file under the new name is kept.
      const path = extname(chosen).toLowerCase() === '.png' ? chosen : `${chosen}.png`;
      if (path !== chosen && existsSync(path)) {
        throw new AppError('CONFLICT', `${path} already exists. Choose another name.`);
      }
      writeFileAtomic(path, bytes, 'the image');
      return { path };
    },
  };
}
