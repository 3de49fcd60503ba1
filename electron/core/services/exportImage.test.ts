import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inputSchemas } from '../../../shared/ipc/contract';
import { FakeDialogs } from '../testing/fakes';
import { TempDirs } from '../testing/temp-dir';
import {
  decodePngDataUrl,
  exportImageHandlers,
  MAX_PNG_BYTES,
  PNG_SIGNATURE,
  pngFileName,
  writeFileAtomic,
} from './exportImage';

const temps = new TempDirs();
afterEach(() => temps.cleanup());

/** A PNG signature followed by an IHDR-like chunk and some varied bytes: enough for the checks under test. */
function pngBytes(extra = 300): Buffer {
  const body = Buffer.alloc(extra);
  for (let i = 0; i < extra; i++) body[i] = (i * 37 + 11) % 256;
  return Buffer.concat([PNG_SIGNATURE, Buffer.from('0000000d49484452', 'hex'), body]);
}
const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

function setup() {
  const dialogs = new FakeDialogs();
  const handler = exportImageHandlers({ dialogs })['export/png'];
  return { dialogs, run: (input: { title: string; defaultName: string; dataUrl: string }) => handler(input) };
}

describe('export/png', () => {
  it('writes the decoded bytes where the user chose, and proposes a safe .png name', async () => {
    const dir = temps.make();
    const { dialogs, run } = setup();
    const target = join(dir, 'npv.png');
    dialogs.queueSave(target);
    const bytes = pngBytes(5000);
    const result = await run({ title: 'Export chart', defaultName: 'NPV / waterfall', dataUrl: dataUrl(bytes) });
    expect(result).toEqual({ path: target });
    expect(readFileSync(target).equals(bytes)).toBe(true);
    expect(dialogs.saveRequests).toEqual([
      { title: 'Export chart', defaultName: 'NPV - waterfall.png', filter: { name: 'PNG image', extensions: ['png'] } },
    ]);
    // Nothing but the image: the temp file was renamed, not copied.
    expect(readdirSync(dir)).toEqual(['npv.png']);
  });

  it('keeps .png, adds it to any other name, and replaces only the file the dialog confirmed', async () => {
    const dir = temps.make();
    const { dialogs, run } = setup();
    const bytes = pngBytes(64);
    const input = { title: 'T', defaultName: 'c', dataUrl: dataUrl(bytes) };
    dialogs.queueSave(join(dir, 'chart'), join(dir, 'chart.flightdeck'));
    expect(await run(input)).toEqual({ path: join(dir, 'chart.png') });
    expect(await run(input)).toEqual({ path: join(dir, 'chart.flightdeck.png') });
    // The dialog asked about overwriting "Chart.PNG": it is replaced whole.
    writeFileSync(join(dir, 'Chart.PNG'), 'old contents that are longer than nothing');
    dialogs.queueSave(join(dir, 'Chart.PNG'));
    expect(await run(input)).toEqual({ path: join(dir, 'Chart.PNG') });
    expect(readFileSync(join(dir, 'Chart.PNG')).equals(bytes)).toBe(true);
    // It did not ask about "chart.png" when the user typed "chart": that file is kept.
    writeFileSync(join(dir, 'chart.png'), 'keep me');
    dialogs.queueSave(join(dir, 'chart'));
    await expect(run(input)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(readFileSync(join(dir, 'chart.png'), 'utf8')).toBe('keep me');
  });

  it('answers cancelled when the dialog is dismissed, and writes nothing', async () => {
    const dir = temps.make();
    const { dialogs, run } = setup();
    dialogs.queueSave(null);
    expect(await run({ title: 'T', defaultName: 'x', dataUrl: dataUrl(pngBytes()) })).toEqual({ cancelled: true });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a payload that is not a PNG data URL before asking for a path', async () => {
    const { dialogs, run } = setup();
    const bad = [
      ['data:image/jpeg;base64,/9j/4AAQ', /data:image\/png;base64/],
      ['https://example.com/a.png', /data:image\/png;base64/],
      ['data:image/png;base64,', /not valid base64/],
      ['data:image/png;base64,iVBO$$$=', /not valid base64/],
      ['data:image/png;base64,iVBORw0KGgoAAAANSUhEUg=', /not valid base64/],
      [dataUrl(Buffer.from('GIF89a not a png at all')), /not a PNG/],
      [dataUrl(PNG_SIGNATURE), /not a PNG/],
    ] as const;
    for (const [url, message] of bad) {
      await expect(run({ title: 'T', defaultName: 'x', dataUrl: url })).rejects.toMatchObject({
        code: 'VALIDATION',
        message: expect.stringMatching(message) as string,
        issues: [{ path: 'dataUrl', message: expect.stringMatching(message) as string }],
      });
    }
    expect(dialogs.saveRequests).toEqual([]);
  });

  it('caps the size at 20 MB', () => {
    const big = Buffer.concat([PNG_SIGNATURE, Buffer.alloc(MAX_PNG_BYTES)]);
    expect(() => decodePngDataUrl(dataUrl(big))).toThrow(/larger than 20 MB/);
    expect(decodePngDataUrl(dataUrl(pngBytes(10))).length).toBe(PNG_SIGNATURE.length + 8 + 10);
  });

  it('reports an unwritable destination clearly and leaves no temp file behind', async () => {
    const dir = temps.make();
    const { dialogs, run } = setup();
    // A "folder" that is a file: no one, root included, can create files under it.
    writeFileSync(join(dir, 'plain-file'), 'x');
    dialogs.queueSave(join(dir, 'plain-file', 'chart.png'));
    await expect(run({ title: 'T', defaultName: 'x', dataUrl: dataUrl(pngBytes()) })).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: expect.stringContaining('the folder does not exist') as string,
    });
    // A target that is a folder: refused before a temp file is made.
    mkdirSync(join(dir, 'taken.png'));
    dialogs.queueSave(join(dir, 'taken.png'));
    await expect(run({ title: 'T', defaultName: 'x', dataUrl: dataUrl(pngBytes()) })).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: expect.stringContaining('Could not save the image') as string,
    });
    // A database under the chosen name (the open portfolio, a backup) is never replaced by an export.
    const portfolio = join(dir, 'portfolio.png');
    writeFileSync(portfolio, Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(100)]));
    const before = readFileSync(portfolio);
    dialogs.queueSave(portfolio);
    await expect(run({ title: 'T', defaultName: 'x', dataUrl: dataUrl(pngBytes()) })).rejects.toMatchObject({
      code: 'IO_ERROR',
      message: expect.stringContaining('never replaces') as string,
    });
    expect(readFileSync(portfolio).equals(before)).toBe(true);
    rmSync(portfolio);
    expect(readdirSync(dir).sort()).toEqual(['plain-file', 'taken.png']);
    expect(readdirSync(join(dir, 'taken.png'))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('reports a read-only folder (skipped as root, who can write anywhere)', () => {
    const dir = temps.make();
    chmodSync(dir, 0o500);
    try {
      expect(() => writeFileAtomic(join(dir, 'a.png'), pngBytes())).toThrow(/the folder is not writable/);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      chmodSync(dir, 0o700);
    }
  });

  it('input schema: title, name and data are required strings, nothing else is accepted', () => {
    const schema = inputSchemas['export/png'];
    expect(schema.safeParse({ title: 'T', defaultName: 'n', dataUrl: 'data:' }).success).toBe(true);
    expect(schema.safeParse({ title: ' ', defaultName: 'n', dataUrl: 'x' }).success).toBe(false);
    expect(schema.safeParse({ title: 'T', defaultName: 'n', dataUrl: 'x', path: '/etc/passwd' }).success).toBe(false);
    expect(schema.safeParse({ title: 'T', defaultName: 'n' }).success).toBe(false);
  });

  it('file names: folders and reserved characters are replaced, .png is added once', () => {
    expect(pngFileName('../../etc/passwd')).toBe('-..-etc-passwd.png');
    expect(pngFileName('Value vs risk.PNG')).toBe('Value vs risk.png');
    expect(pngFileName('...')).toBe('chart.png');
  });
});
