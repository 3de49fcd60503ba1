import type { SourceEncoding } from '../../../../shared/domain/import/types';
import { unreadable } from './errors';

/**
 * What a file is, decided from its first bytes rather than its name: a renamed PNG or an .xls saved as
 * ".csv" must be refused with the right message, and a CSV saved as ".txt" is still a CSV.
 */
export type FileKind = 'xlsx' | 'csv';

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Formats people pick by mistake, named so the message can say what the file really is. Each signature holds
 * a byte no text file starts with (or is long enough), so a CSV whose first header happens to be "GIF8" or
 * "SQLite" is not mistaken for one; other binaries are caught by their NUL and control bytes.
 */
const KNOWN_BINARIES: { magic: number[]; what: string }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document' },
  { magic: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { magic: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { magic: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], what: 'a GIF image' },
  { magic: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], what: 'a GIF image' },
  { magic: [0x1f, 0x8b], what: 'a gzip archive' },
  { magic: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], what: 'a RAR archive' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], what: 'a 7-Zip archive' },
  { magic: [...Buffer.from('SQLite format 3\0')], what: 'an SQLite database' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: 'a program (ELF)' },
];

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((b, i) => head[i] === b);
}

const NOT_A_SPREADSHEET_REMEDY = 'choose a CSV file or an Excel workbook (.xlsx)';

/** Classifies by signature; text (CSV) is anything that is not a known binary. */
export function detectKind(fileName: string, head: Uint8Array): FileKind {
  if (startsWith(head, ZIP)) return 'xlsx';
  if (startsWith(head, EMPTY_ZIP))
    throw unreadable(fileName, 'is an empty zip archive, not an XLSX workbook', NOT_A_SPREADSHEET_REMEDY);
  if (startsWith(head, OLE2)) {
    throw unreadable(
      fileName,
      'is in the old Excel 97-2003 (.xls) format, or is a password-protected workbook',
      'open it in Excel and save it as .xlsx (without a password) or as CSV, then import that file',
    );
  }
  for (const { magic, what } of KNOWN_BINARIES) {
    if (startsWith(head, magic))
      throw unreadable(fileName, `is not a spreadsheet (it is ${what})`, NOT_A_SPREADSHEET_REMEDY);
  }
  return 'csv';
}

export interface DecodedText {
  text: string;
  encoding: SourceEncoding;
  warnings: string[];
}

const BOM_UTF8 = [0xef, 0xbb, 0xbf];
const BOM_UTF16LE = [0xff, 0xfe];
const BOM_UTF16BE = [0xfe, 0xff];

/**
 * UTF-16 without a BOM shows as NUL bytes in every other position (ASCII text has a zero high byte). Returns
 * 'le' when the zeros sit at odd offsets, 'be' at even ones, null when neither pattern holds.
 */
function utf16Pattern(bytes: Uint8Array): 'le' | 'be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  if (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05) return 'le';
  if (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) return 'be';
  return null;
}

function swapBytes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length & ~1);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  return out;
}

function decodeUtf16(bytes: Uint8Array, order: 'le' | 'be'): string {
  // Decoding BE as swapped LE keeps this independent of which ICU data Node was built with.
  const le = order === 'le' ? bytes : swapBytes(bytes);
  return new TextDecoder('utf-16le').decode(le);
}

/** Control characters that never appear in text files (tab, LF, CR, form feed are fine). */
function isBinaryControl(code: number): boolean {
  return (
    code === 0 || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c) || code === 0x7f
  );
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80-0x9F (curly quotes, dashes, euro...). Node's
 * TextDecoder('windows-1252') decodes those as Latin-1 C1 controls in Node 20, so the table is applied here.
 * Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as their code points, as the WHATWG decoder does.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeCp1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80]!));
}

/** Bytes Windows-1252 leaves undefined: their presence means the file is not cp1252 text either. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Text decoding for CSV. Order: BOM; UTF-16 by NUL pattern; strict UTF-8; UTF-8 with a few stray bytes (each
 * read as Windows-1252, with a warning); otherwise Windows-1252, which maps every byte, so a file that is
 * neither is still read, with a warning when it does not look like Windows-1252 text either.
 */
export function decodeText(fileName: string, bytes: Uint8Array): DecodedText {
  const warnings: string[] = [];
  let text: string;
  let encoding: SourceEncoding;
  if (startsWith(bytes, BOM_UTF8)) {
    encoding = 'utf-8-bom';
    const body = bytes.subarray(3);
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      const mixed = decodeMixedUtf8(body);
      text = mixed.text;
      warnings.push(strayBytesWarning(fileName, mixed.invalid));
    }
  } else if (startsWith(bytes, BOM_UTF16LE)) {
    encoding = 'utf-16le';
    text = decodeUtf16(bytes.subarray(2), 'le');
  } else if (startsWith(bytes, BOM_UTF16BE)) {
    encoding = 'utf-16be';
    text = decodeUtf16(bytes.subarray(2), 'be');
  } else {
    const order = utf16Pattern(bytes);
    if (order) {
      encoding = order === 'le' ? 'utf-16le' : 'utf-16be';
      text = decodeUtf16(bytes, order);
    } else {
      if (bytes.includes(0))
        throw unreadable(fileName, 'is not a spreadsheet (it contains binary data)', NOT_A_SPREADSHEET_REMEDY);
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        encoding = 'utf-8';
      } catch {
        const mixed = decodeMixedUtf8(bytes);
        if (mixed.valid > 0 && mixed.valid >= mixed.invalid) {
          // Mostly UTF-8 with a few stray Windows-1252 bytes (rows pasted from another file): keep both readable.
          encoding = 'utf-8';
          text = mixed.text;
          warnings.push(strayBytesWarning(fileName, mixed.invalid));
        } else {
          encoding = 'windows-1252';
          text = decodeCp1252(bytes);
          if (!plausibleCp1252(bytes)) {
            warnings.push(
              `“${fileName}” is not valid UTF-8 and does not look like Windows-1252 text either; it was read as ` +
                'Windows-1252, so some characters may be wrong. If names look garbled, save the file as "CSV UTF-8" and import it again.',
            );
          }
        }
      }
    }
  }
  assertText(fileName, text);
  return { text, encoding, warnings };
}

/** Length of the valid UTF-8 sequence starting at `i` (2-4), or 0 when the bytes there are not one. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  const cont = (k: number): boolean => {
    const c = bytes[i + k];
    return c !== undefined && (c & 0xc0) === 0x80;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const b1 = bytes[i + 1] ?? 0;
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f)) return 0; // overlong, surrogate
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const b1 = bytes[i + 1] ?? 0;
    if ((b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** UTF-8 where it is valid, each invalid byte as Windows-1252; counts of both kinds of non-ASCII. */
function decodeMixedUtf8(bytes: Uint8Array): { text: string; valid: number; invalid: number } {
  const utf8 = new TextDecoder('utf-8');
  const parts: string[] = [];
  let valid = 0;
  let invalid = 0;
  let runStart = 0;
  for (let i = 0; i < bytes.length;) {
    if (bytes[i]! < 0x80) {
      i++;
      continue;
    }
    const len = utf8SequenceAt(bytes, i);
    if (len > 0) {
      valid++;
      i += len;
      continue;
    }
    invalid++;
    parts.push(utf8.decode(bytes.subarray(runStart, i)), decodeCp1252(bytes.subarray(i, i + 1)));
    i++;
    runStart = i;
  }
  parts.push(utf8.decode(bytes.subarray(runStart)));
  return { text: parts.join(''), valid, invalid };
}

function strayBytesWarning(fileName: string, n: number): string {
  const one = n === 1;
  return (
    `${n.toLocaleString('en-US')} ${one ? 'byte' : 'bytes'} of “${fileName}” ${one ? 'is' : 'are'} not valid UTF-8 and ` +
    `${one ? 'was' : 'were'} read as Windows-1252; check accented names in the preview.`
  );
}

function plausibleCp1252(bytes: Uint8Array): boolean {
  let high = 0;
  for (const b of bytes) {
    if (b >= 0x80) {
      if (CP1252_UNDEFINED.has(b)) return false;
      high++;
    }
  }
  // Western European text is mostly ASCII; a file dense with high bytes is something else.
  return high <= bytes.length * 0.2;
}

/** Decoded text full of control characters is a binary file that happened to decode. */
function assertText(fileName: string, text: string): void {
  const n = Math.min(text.length, 65_536);
  let controls = 0;
  for (let i = 0; i < n; i++) if (isBinaryControl(text.charCodeAt(i))) controls++;
  if (controls > 0 && controls > n * 0.01) {
    throw unreadable(fileName, 'is not a spreadsheet (it contains binary data)', NOT_A_SPREADSHEET_REMEDY);
  }
}
