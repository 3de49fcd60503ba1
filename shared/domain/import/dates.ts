import type { Cell } from './types';
import { isPlaceholder, startsWithPlaceholder } from './normalise';

/**
 * Dates as people type them in inventories. Every result is a real calendar day as YYYY-MM-DD. Readings that
 * invent precision (a month or a year read as its first day) or drop text come with a note, which the mapper
 * turns into a row warning; text that is not a date is a reject with the text quoted.
 */

/** How to read a/b/yyyy. 'YMD' only concerns the rare yyyy/b/a forms, which read year-first anyway. */
export type DayOrder = 'MDY' | 'DMY' | 'YMD';

export type DateParse =
  | { kind: 'empty'; note?: string }
  | { kind: 'date'; date: string; note?: string }
  | { kind: 'invalid'; reason: string };

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const exact = MONTHS[w];
  if (exact) return exact;
  // Full names: "july", "september".
  const m = MONTHS[w.slice(0, 3)];
  return m && MONTH_NAMES[m - 1]?.toLowerCase() === w ? m : undefined;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** YYYY-MM-DD when y/m/d is a real day, else null. */
function ymd(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1) return null;
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > dim) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

function fullYear(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 70 ? 2000 + n : 1900 + n;
  return n;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Excel's 1900 date system (serial 1 = 1900-01-01, with its phantom 1900-02-29; right for serials ≥ 61). */
export function excelSerialToIso(serial: number): string {
  return new Date(EXCEL_EPOCH_MS + Math.floor(serial) * DAY_MS).toISOString().slice(0, 10);
}

function serialOf(iso: string): number {
  return Math.round((Date.parse(`${iso}T00:00:00Z`) - EXCEL_EPOCH_MS) / DAY_MS);
}

/**
 * A year typed into a date-formatted cell shows as a day in 1905 ("7/7/1905" is serial 2015). Real AI use cases
 * do not date from 1900–1906, so such a day is read as the year it encodes.
 */
function yearTypedAsDate(iso: string, shown: string): DateParse | null {
  if (iso >= '1907-01-01' || iso < '1900-01-01') return null;
  const serial = serialOf(iso);
  if (serial < 1950 || serial > 2100) return null;
  return {
    kind: 'date',
    date: `${serial}-01-01`,
    note: `"${shown}" looks like the year ${serial} typed into a date cell; read as ${serial}-01-01`,
  };
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
const YEAR_FIRST = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/;
const YEAR_MONTH = /^(\d{4})[-/](\d{1,2})$/;
const MONTH_YEAR_NUM = /^(\d{1,2})\/(\d{4})$/;
const YEAR = /^(\d{4})$/;
const MONTH_DAY_YEAR = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4}|\d{2})$/i;
const MONTH_YEAR = /^([a-z]{3,9})\.?[\s,-]+(\d{4}|'?\d{2})$/i;
/** "22-Jul": how Excel shows a month typed as "Jul 22" in a yy-mmm cell; with no year a day is useless. */
const YEAR2_MONTH = /^(\d{2})-([a-z]{3,9})$/i;
const FISCAL_QUARTER = /^Q([1-4])\s*FY\s*(\d{4}|\d{2})$/i;
const FISCAL_YEAR = /^FY\s*'?(\d{4}|\d{2})$/i;
const QUARTER = /^Q([1-4])[\s-]*(\d{4})$|^(\d{4})[\s-]*Q([1-4])$/i;

function monthStart(y: number, m: number, shown: string, what: string): DateParse | null {
  const d = ymd(y, m, 1);
  return d ? { kind: 'date', date: d, note: `"${shown}" gives only ${what}; read as ${d}` } : null;
}

/** Reads a/b/yyyy in the given order; an order the values rule out (13 as a month) is swapped, with a note. */
function readNumeric(a: number, b: number, y: number, sep: string, order: DayOrder, shown: string): DateParse | null {
  // Dots are the European day.month.year; they do not follow the column's order.
  const dayFirst = sep === '.' || order === 'DMY';
  const [m, d] = dayFirst ? [b, a] : [a, b];
  const date = ymd(y, m, d);
  if (date) return { kind: 'date', date };
  const swapped = ymd(y, d, m);
  if (swapped) {
    return {
      kind: 'date',
      date: swapped,
      note: `"${shown}" cannot be ${dayFirst ? 'day/month' : 'month/day'} like the rest of the column; read as ${swapped}`,
    };
  }
  return null;
}

function parseText(s: string, order: DayOrder): DateParse | null {
  let m = ISO.exec(s);
  if (m) {
    const d = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? { kind: 'date', date: d } : null;
  }
  if ((m = YEAR_FIRST.exec(s))) {
    const d = ymd(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? { kind: 'date', date: d } : null;
  }
  if ((m = NUMERIC.exec(s))) {
    return readNumeric(Number(m[1]), Number(m[3]), fullYear(m[4] ?? ''), m[2] ?? '/', order, s);
  }
  if ((m = MONTH_DAY_YEAR.exec(s))) {
    const mo = monthOf(m[1] ?? '');
    const d = mo ? ymd(Number(m[3]), mo, Number(m[2])) : null;
    return d ? { kind: 'date', date: d } : null;
  }
  if ((m = DAY_MONTH_YEAR.exec(s))) {
    const mo = monthOf(m[2] ?? '');
    const d = mo ? ymd(fullYear(m[3] ?? ''), mo, Number(m[1])) : null;
    return d ? { kind: 'date', date: d } : null;
  }
  if ((m = YEAR_MONTH.exec(s))) return monthStart(Number(m[1]), Number(m[2]), s, 'a month');
  if ((m = MONTH_YEAR_NUM.exec(s))) return monthStart(Number(m[2]), Number(m[1]), s, 'a month');
  if ((m = MONTH_YEAR.exec(s))) {
    const mo = monthOf(m[1] ?? '');
    return mo ? monthStart(fullYear((m[2] ?? '').replace("'", '')), mo, s, 'a month') : null;
  }
  if ((m = YEAR2_MONTH.exec(s))) {
    const mo = monthOf(m[2] ?? '');
    return mo ? monthStart(fullYear(m[1] ?? ''), mo, s, 'a month') : null;
  }
  if ((m = YEAR.exec(s))) {
    const y = Number(m[1]);
    return y >= 1900 && y <= 2199 ? monthStart(y, 1, s, 'a year') : null;
  }
  if ((m = FISCAL_QUARTER.exec(s))) {
    // U.S. federal fiscal year N runs from 1 October of N-1; Q1 starts then.
    const fy = fullYear(m[2] ?? '');
    const q = Number(m[1]);
    const startMonth = ((9 + (q - 1) * 3) % 12) + 1;
    const y = q === 1 ? fy - 1 : fy;
    const d = ymd(y, startMonth, 1);
    return d ? { kind: 'date', date: d, note: `"${s}" is a fiscal quarter; read as its first day, ${d}` } : null;
  }
  if ((m = FISCAL_YEAR.exec(s))) {
    const d = ymd(fullYear(m[1] ?? '') - 1, 10, 1);
    return d ? { kind: 'date', date: d, note: `"${s}" is a fiscal year; read as its first day, ${d}` } : null;
  }
  if ((m = QUARTER.exec(s))) {
    const q = Number(m[1] ?? m[4]);
    return monthStart(Number(m[2] ?? m[3]), (q - 1) * 3 + 1, s, 'a quarter');
  }
  return null;
}

/** The leading token of "2022-11-16 (first formal action …)" or "2024-02-15 (kick-off); 2024-08-23 (…)". */
const LEADING_TOKEN = /^([0-9][0-9/.-]*[0-9])(?=[\s(;,])/;

function withYearCheck(r: DateParse, shown: string): DateParse {
  if (r.kind !== 'date') return r;
  return yearTypedAsDate(r.date, shown) ?? r;
}

/** Reads one cell as a date; `order` is the column's decided order for a/b/yyyy. */
export function parseDateCell(cell: Cell, order: DayOrder): DateParse {
  if (cell === null || cell === '') return { kind: 'empty' };
  if (typeof cell === 'boolean') return { kind: 'invalid', reason: `${cell ? 'TRUE' : 'FALSE'} is not a date` };
  if (typeof cell === 'number') {
    if (Number.isFinite(cell) && cell >= 20_000 && cell <= 80_000)
      return { kind: 'date', date: excelSerialToIso(cell) };
    if (Number.isInteger(cell) && cell >= 1900 && cell <= 2199) {
      return { kind: 'date', date: `${cell}-01-01`, note: `"${cell}" gives only a year; read as ${cell}-01-01` };
    }
    return { kind: 'invalid', reason: `${cell} is not a date (expected a date, or a spreadsheet date number)` };
  }
  const s = cell.trim().replace(/\s+/g, ' ');
  if (isPlaceholder(s)) return { kind: 'empty' };
  if (startsWithPlaceholder(s)) return { kind: 'empty', note: `"${clip(s)}" read as no date` };
  const whole = parseText(s, order);
  if (whole) return withYearCheck(whole, s);
  const lead = LEADING_TOKEN.exec(s);
  if (lead?.[1]) {
    const first = parseText(lead[1], order);
    if (first?.kind === 'date') {
      return withYearCheck(
        { kind: 'date', date: first.date, note: `"${clip(s)}" read as ${first.date}; the rest ignored` },
        s,
      );
    }
  }
  const example = order === 'DMY' ? '1/7/2023' : '7/1/2023';
  return { kind: 'invalid', reason: `"${clip(s)}" is not a date (expected e.g. ${example} or 2023-07-01)` };
}

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

const AMBIGUOUS = /^(\d{1,2})[/-](\d{1,2})[/-](?:\d{4}|\d{2})\b/;

/**
 * Decides MDY or DMY for a column from its a/b/yyyy values: a first part over 12 can only be a day, a second
 * part over 12 only a day. The side with more such values wins; with no evidence (or a tie) month-first, the
 * U.S. federal files' order.
 */
export function decideDayOrder(cells: Iterable<Cell>): { order: 'MDY' | 'DMY'; mdy: number; dmy: number } {
  let mdy = 0;
  let dmy = 0;
  for (const c of cells) {
    if (typeof c !== 'string') continue;
    const m = AMBIGUOUS.exec(c.trim());
    if (!m) continue;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dmy++;
    else if (b > 12 && a <= 12) mdy++;
  }
  return { order: dmy > mdy ? 'DMY' : 'MDY', mdy, dmy };
}
