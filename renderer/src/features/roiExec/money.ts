import { UNKNOWN } from '../roi/roiFormat';

const SCALES = [
  { at: 1e9, suffix: 'B' },
  { at: 1e6, suffix: 'M' },
  { at: 1e3, suffix: 'k' },
] as const;

/**
 * Money as an executive reads it: three significant figures and a scale, "$36M", "$4.49M", "−$575k",
 * "$950". The exact dollars go in a tooltip beside it. Not a finite number: "—", never NaN or Infinity.
 */
export function money(x: number | null | undefined): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) return UNKNOWN;
  const abs = Math.abs(x);
  const sign = x < 0 ? '−' : '';
  for (const { at, suffix } of SCALES) {
    // 999,600 is "$1M", not "$1,000k": decide the scale after rounding.
    if (Number((abs / at).toPrecision(3)) >= 1) {
      const n = Number((abs / at).toPrecision(3));
      return `${sign}$${n.toLocaleString('en-US', { maximumFractionDigits: 2 })}${suffix}`;
    }
  }
  const n = Math.round(abs);
  return n === 0 ? '$0' : `${sign}$${n}`;
}
