/**
 * How the ROI screens write numbers: money in dollars (compact for headlines), shares as percentages,
 * durations in months. Anything that is not a finite number (an IRR that does not exist, a payback that
 * never comes, a ratio over nothing) is shown as "—", never as NaN or Infinity.
 */

export const UNKNOWN = '—';

const isNumber = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

/** −0 would print as "-$0"; rounding can produce it from tiny negatives. */
const clean = (x: number) => (Object.is(x, -0) ? 0 : x);

/** "$1,443,745", "−$630,000". */
export function formatMoney(x: number | null | undefined): string {
  if (!isNumber(x)) return UNKNOWN;
  const r = clean(Math.round(x));
  const abs = Math.abs(r).toLocaleString('en-US');
  return r < 0 ? `−$${abs}` : `$${abs}`;
}

/** "$2.72M", "−$1.11M", "$845k", "$950": for headlines and chart axes. */
export function formatMoneyCompact(x: number | null | undefined): string {
  if (!isNumber(x)) return UNKNOWN;
  const abs = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  let body: string;
  if (abs >= 999_500_000) body = `${trim((abs / 1e9).toFixed(2))}B`;
  else if (abs >= 999_500) body = `${trim((abs / 1e6).toFixed(2))}M`;
  else if (abs >= 1_000) body = `${Math.round(abs / 1e3)}k`;
  else body = `${Math.round(abs)}`;
  return body === '0' ? '$0' : `${sign}$${body}`;
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** A fraction as a percentage: 0.526 → "52.6 %". */
export function formatPercent(x: number | null | undefined, digits = 1): string {
  if (!isNumber(x)) return UNKNOWN;
  const v = clean(Number((x * 100).toFixed(digits)));
  const text = v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${v < 0 ? text.replace('-', '−') : text} %`;
}

/** "14.8 months"; null (never pays back within the horizon) is "—". */
export function formatMonths(x: number | null | undefined): string {
  if (!isNumber(x)) return UNKNOWN;
  const v = clean(Number(x.toFixed(1)));
  return `${v.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} months`;
}

/** A plain number for inputs and tables: up to 6 significant decimals, no grouping noise beyond that. */
export function formatNumber(x: number | null | undefined, maxDigits = 4): string {
  if (!isNumber(x)) return UNKNOWN;
  return clean(x).toLocaleString('en-US', { maximumFractionDigits: maxDigits }).replace(/^-/, '−');
}

/** A multiplier: 0.39 → "0.39×". */
export function formatMultiplier(x: number | null | undefined): string {
  if (!isNumber(x)) return UNKNOWN;
  return `${formatNumber(x, x < 10 ? 3 : 1)}×`;
}

/**
 * Reads a number the user typed: plain, with thousands separators or underscores, or a trailing %.
 * Returns null for anything else (empty, "abc", "1e400"), so the caller can say "Enter a number".
 */
export function parseNumber(text: string): number | null {
  const t = text
    .trim()
    .replace(/[,_\s]/g, '')
    .replace(/^−/, '-');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A fraction as the text of a percent input: 0.1 → "10", 0.125 → "12.5" (no float noise). */
export function fractionToPercentText(x: number): string {
  return String(Number((x * 100).toPrecision(12)));
}

/** The text of a percent input as a fraction: "12.5" → 0.125; null when it is not a number. */
export function percentTextToFraction(text: string): number | null {
  const n = parseNumber(text.replace(/%\s*$/, ''));
  return n === null ? null : Number((n / 100).toPrecision(12));
}

/** A number as the text of an input, without float noise: 0.30000000000000004 → "0.3". */
export function numberText(x: number): string {
  return String(Number(x.toPrecision(12)));
}
