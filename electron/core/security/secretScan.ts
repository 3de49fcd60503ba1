// Finds a secret wherever the app might have let it slip: in files as bytes, in the containers those files are
// (zip-based XLSX/PPTX entries inflated, PDF streams inflated and the PDF's text as poppler reads it, gzip,
// SQLite rows read through the driver so a value split over overflow pages is still seen), and in the
// encodings a leak usually takes (base64 at every alignment, base64url, URL-encoding, hex, UTF-16).
// Test and audit tooling: it runs under plain Node and never changes what it scans.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { openSqlite } from '../db/sqlite';
import { readZipEntries } from '../testing/zip';

export type SecretForm =
  'plain' | 'base64' | 'base64url' | 'url-encoded' | 'hex' | 'utf16le' | 'utf16be' | 'json-escaped' | 'markup-escaped';

export interface Needle {
  /** Which secret (the caller's label, never the secret itself). */
  secret: string;
  form: SecretForm;
  bytes: Buffer;
}

export interface SecretHit {
  /** File path, plus `!entry` inside a zip, `#stream N` inside a PDF, `#text` for a PDF's text, `#row table` for SQLite. */
  where: string;
  secret: string;
  form: SecretForm;
}

export interface ScanReport {
  hits: SecretHit[];
  /** Every file, entry or derived text that was examined, so a caller can check the scan covered what it should. */
  scanned: string[];
}

/**
 * The characters of base64(prefix of k bytes + secret + anything) that depend on the secret alone, for k = 0..2:
 * an encoded secret inside a longer encoded stream matches one of these three, whatever its offset.
 */
function base64Alignments(secret: Buffer): string[] {
  const out: string[] = [];
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k, 0), secret]).toString('base64');
    const from = Math.ceil((8 * k) / 6);
    const to = Math.floor((8 * (k + secret.length)) / 6);
    out.push(encoded.slice(from, to));
  }
  return out;
}

const MARKUP: Record<string, string[]> = {
  '&': ['&amp;', '&#38;', '&#x26;'],
  '<': ['&lt;', '&#60;', '&#x3C;', '&#x3c;'],
  '>': ['&gt;', '&#62;', '&#x3E;', '&#x3e;', '>'],
  '"': ['&quot;', '&#34;', '&#x22;', '"'],
  "'": ['&apos;', '&#39;', '&#x27;', "'"],
};

/** The secret as markup writers spell it: one variant per reference style, applied to every special character. */
function markupVariants(secret: string): string[] {
  if (!/[&<>"']/.test(secret)) return [];
  const styles = 5;
  const out: string[] = [];
  for (let k = 0; k < styles; k++) {
    out.push(secret.replace(/[&<>"']/g, (c) => MARKUP[c]?.[Math.min(k, (MARKUP[c]?.length ?? 1) - 1)] ?? c));
  }
  // The common mix: & < > named, quotes as they are.
  out.push(secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  return out;
}

/** Every form of `secret` the scanner looks for. `label` names it in hits (default 'secret'). */
export function secretNeedles(secret: string, label = 'secret'): Needle[] {
  if (secret.length < 8) throw new Error('A secret to scan for needs at least 8 characters, or every file matches.');
  const raw = Buffer.from(secret, 'utf8');
  const candidates: { form: SecretForm; text: string | Buffer }[] = [
    { form: 'plain', text: secret },
    { form: 'json-escaped', text: JSON.stringify(secret).slice(1, -1) },
    // XML and HTML writers escape & < > " ' in their own ways (named, decimal or hex references; > often left).
    ...markupVariants(secret).map((text) => ({ form: 'markup-escaped' as const, text })),
    ...base64Alignments(raw).map((b) => ({ form: 'base64' as const, text: b })),
    ...base64Alignments(raw).map((b) => ({
      form: 'base64url' as const,
      text: b.replace(/\+/g, '-').replace(/\//g, '_'),
    })),
    { form: 'url-encoded', text: encodeURIComponent(secret) },
    { form: 'url-encoded', text: encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()) },
    // application/x-www-form-urlencoded also escapes what encodeURIComponent leaves (!'()*) and writes space as +.
    { form: 'url-encoded', text: new URLSearchParams({ x: secret }).toString().slice(2) },
    { form: 'hex', text: raw.toString('hex') },
    { form: 'hex', text: raw.toString('hex').toUpperCase() },
    { form: 'utf16le', text: Buffer.from(secret, 'utf16le') },
    { form: 'utf16be', text: Buffer.from(secret, 'utf16le').swap16() },
  ];
  const seen = new Set<string>();
  const needles: Needle[] = [];
  for (const c of candidates) {
    const bytes = typeof c.text === 'string' ? Buffer.from(c.text, 'utf8') : c.text;
    const key = bytes.toString('hex');
    // A secret of URL-safe characters is its own URL encoding: one needle, named by its first (simplest) form.
    if (seen.has(key) || bytes.length < 8) continue;
    seen.add(key);
    needles.push({ secret: label, form: c.form, bytes });
  }
  return needles;
}

/** Hits of any needle in `bytes`, one per (secret, form). */
export function scanBytes(where: string, bytes: Buffer, needles: readonly Needle[]): SecretHit[] {
  const hits: SecretHit[] = [];
  const found = new Set<string>();
  for (const n of needles) {
    const key = `${n.secret}\u0000${n.form}`;
    if (found.has(key)) continue;
    if (bytes.indexOf(n.bytes) !== -1) {
      found.add(key);
      hits.push({ where, secret: n.secret, form: n.form });
    }
  }
  return hits;
}

/** Text as it was produced (a handler's JSON result, an event payload, a command's output). */
export function scanText(where: string, text: string, needles: readonly Needle[]): SecretHit[] {
  return scanBytes(where, Buffer.from(text, 'utf8'), needles);
}

const isZip = (b: Buffer) => b.length >= 4 && b.readUInt32LE(0) === 0x04034b50;
const isPdf = (b: Buffer) => b.subarray(0, 5).toString('latin1') === '%PDF-';
const isGzip = (b: Buffer) => b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8;
const isSqlite = (b: Buffer) => b.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000';

/** The decompressed content of every stream of a PDF that inflates (FlateDecode; others are left as bytes). */
function pdfStreams(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  const text = buf.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end === -1) break;
    const body = buf.subarray(start, end);
    for (const inflate of [inflateSync, inflateRawSync]) {
      try {
        out.push(inflate(body));
        break;
      } catch {
        // Not deflate data (an image, a font in another filter, trailing EOL bytes): the raw scan covers it.
      }
    }
    re.lastIndex = end;
  }
  return out;
}

/** The PDF's text as a reader extracts it (poppler's pdftotext). Fails loudly without it: skipping would pass falsely. */
export function pdfToText(file: string): string {
  const r = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    throw new Error(`pdftotext could not read ${file} (install poppler-utils): ${r.error?.message ?? r.stderr}`);
  }
  return r.stdout;
}

/** Every text and blob value of every table, read through SQLite (a copy, with its WAL, so the original stays untouched). */
function sqliteValues(file: string): { table: string; bytes: Buffer }[] {
  const dir = mkdtempSync(join(tmpdir(), 'flightdeck-scan-'));
  try {
    const copy = join(dir, 'copy.db');
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = openSqlite(copy, { fileMustExist: true });
    try {
      const out: { table: string; bytes: Buffer }[] = [];
      const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[];
      for (const table of tables) {
        const chunks: Buffer[] = [];
        let rows: unknown[][];
        try {
          rows = db
            .prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`)
            .raw(true)
            .all() as unknown[][];
        } catch {
          // A virtual table whose module is not loaded here: its shadow tables are plain tables and are read.
          continue;
        }
        for (const row of rows) {
          for (const v of row) {
            if (typeof v === 'string') chunks.push(Buffer.from(v, 'utf8'), Buffer.from('\u0000'));
            else if (Buffer.isBuffer(v)) chunks.push(v, Buffer.from('\u0000'));
          }
        }
        out.push({ table, bytes: Buffer.concat(chunks) });
      }
      return out;
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scanContent(where: string, bytes: Buffer, needles: readonly Needle[], report: ScanReport, depth = 0) {
  report.scanned.push(where);
  report.hits.push(...scanBytes(where, bytes, needles));
  if (depth > 4) return;
  if (isZip(bytes)) {
    for (const [name, entryBytes] of await readZipEntries(bytes))
      await scanContent(`${where}!${name}`, entryBytes, needles, report, depth + 1);
  } else if (isGzip(bytes)) {
    await scanContent(`${where}#gunzip`, gunzipSync(bytes), needles, report, depth + 1);
  } else if (isPdf(bytes)) {
    pdfStreams(bytes).forEach((s, i) => {
      report.scanned.push(`${where}#stream ${i}`);
      report.hits.push(...scanBytes(`${where}#stream ${i}`, s, needles));
    });
  }
}

/** Scans one file (and what it contains). */
export async function scanFile(file: string, needles: readonly Needle[], label = file): Promise<ScanReport> {
  const report: ScanReport = { hits: [], scanned: [] };
  const bytes = readFileSync(file);
  await scanContent(label, bytes, needles, report);
  if (isPdf(bytes)) {
    const text = pdfToText(file);
    report.scanned.push(`${label}#text`);
    report.hits.push(...scanText(`${label}#text`, text, needles));
    // A long line may wrap inside the secret; the secret has no white space, so the text without it still shows it.
    report.hits.push(...scanText(`${label}#text (joined)`, text.replace(/\s+/g, ''), needles));
  }
  if (isSqlite(bytes)) {
    for (const { table, bytes: values } of sqliteValues(file)) {
      report.scanned.push(`${label}#row ${table}`);
      report.hits.push(...scanBytes(`${label}#row ${table}`, values, needles));
    }
  }
  return report;
}

/** Every regular file under `root`, recursively (symbolic links are reported as scanned, not followed). */
export async function scanTree(root: string, needles: readonly Needle[]): Promise<ScanReport> {
  const report: ScanReport = { hits: [], scanned: [] };
  const walk = async (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const st = lstatSync(path);
      if (st.isDirectory()) await walk(path);
      else if (st.isFile()) {
        const r = await scanFile(path, needles, relative(root, path) || name);
        report.hits.push(...r.hits);
        report.scanned.push(...r.scanned);
      } else report.scanned.push(`${relative(root, path)} (not a regular file, skipped)`);
    }
  };
  await walk(root);
  return report;
}

/** One line per hit, for an assertion message that names the file and the form. */
export function describeHits(hits: readonly SecretHit[]): string {
  return hits.map((h) => `${h.secret} found as ${h.form} in ${h.where}`).join('\n');
}
