import * as yauzl from 'yauzl';
import { unreadable } from './errors';
import { MAX_ZIP_ENTRIES, MAX_ZIP_RATIO, READ_LIMITS, ZIP_RATIO_MIN_BYTES } from './limits';

const MB = 1024 * 1024;

function mb(bytes: number): string {
  return `${Math.round(bytes / MB).toLocaleString('en-US')} MB`;
}

function bomb(fileName: string, why: string): Error {
  return unreadable(
    fileName,
    `looks like a zip bomb, not a normal workbook (${why})`,
    'open it in Excel, check its contents and save it again, or export the sheet as CSV',
  );
}

/**
 * Checks a workbook's zip before exceljs (which inflates every part in memory) sees it. First the central
 * directory: entry count, the total of the declared uncompressed sizes, each entry's compression ratio, and
 * that it is an XLSX workbook at all. Then every entry is inflated once and thrown away, with yauzl checking
 * that no entry inflates to more than it declared: a zip whose headers lie about sizes is caught here, with
 * memory bounded by one chunk, instead of inside exceljs.
 */
export async function checkWorkbookZip(fileName: string, bytes: Buffer): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (e) {
    throw unreadable(
      fileName,
      `is a damaged zip archive, so not a readable XLSX workbook (${(e as Error).message})`,
      'open it in Excel and save it again as .xlsx, or export the sheet as CSV',
    );
  }
  try {
    if (zip.entryCount > MAX_ZIP_ENTRIES) {
      throw bomb(fileName, `${zip.entryCount.toLocaleString('en-US')} parts; a workbook has tens`);
    }
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      entries.push(entry);
      declared += entry.uncompressedSize;
      if (declared > READ_LIMITS.maxXlsxUncompressedBytes) {
        throw bomb(fileName, `it unpacks to more than ${mb(READ_LIMITS.maxXlsxUncompressedBytes)}`);
      }
      if (
        entry.uncompressedSize > ZIP_RATIO_MIN_BYTES &&
        entry.uncompressedSize > Math.max(1, entry.compressedSize) * MAX_ZIP_RATIO
      ) {
        const ratio = Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize));
        throw bomb(fileName, `part “${entry.fileName}” unpacks ${ratio.toLocaleString('en-US')} times its packed size`);
      }
      if (entry.isEncrypted()) {
        throw unreadable(fileName, 'is encrypted', 'open it in Excel, remove the password and save it again');
      }
    }
    const names = new Set(entries.map((e) => e.fileName.toLowerCase()));
    if (!names.has('xl/workbook.xml')) {
      const what = names.has('word/document.xml')
        ? 'a Word document'
        : names.has('ppt/presentation.xml')
          ? 'a PowerPoint presentation'
          : names.has('content.xml') && names.has('mimetype')
            ? 'an OpenDocument file (.ods?)'
            : 'a zip archive';
      throw unreadable(
        fileName,
        `is not an XLSX workbook (it is ${what})`,
        'save the sheet from your spreadsheet program as .xlsx or CSV and import that file',
      );
    }
    let inflated = 0;
    for (const entry of entries) {
      if (entry.fileName.endsWith('/')) continue;
      let stream;
      try {
        stream = await zip.openReadStreamPromise(entry);
        for await (const chunk of stream) {
          inflated += (chunk as Buffer).length;
          if (inflated > READ_LIMITS.maxXlsxUncompressedBytes) {
            stream.destroy();
            throw bomb(fileName, `it unpacks to more than ${mb(READ_LIMITS.maxXlsxUncompressedBytes)}`);
          }
        }
      } catch (e) {
        if (e instanceof Error && e.name === 'AppError') throw e;
        const message = (e as Error).message;
        if (/too many bytes|expected .* bytes/i.test(message) || /uncompressed/i.test(message)) {
          throw bomb(fileName, `part “${entry.fileName}” unpacks to more than it declares`);
        }
        throw unreadable(
          fileName,
          `is a damaged workbook: part “${entry.fileName}” cannot be unpacked (${message})`,
          'open it in Excel and save it again, or export the sheet as CSV',
        );
      }
    }
  } finally {
    zip.close();
  }
}
