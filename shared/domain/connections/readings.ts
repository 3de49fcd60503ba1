/**
 * Pure helpers for how old a reading is and what a trend says, shared by the overview and the signals.
 */

/** Floor for staleness: a slow poll schedule must not make a minute-old figure look stale. */
export const STALE_FLOOR_SEC = 15 * 60;
/** Sample data (demo) or data without a live connection: stale after a day. */
export const OFFLINE_STALE_SEC = 86_400;

/** Stale = older than 3 poll intervals of its connection (15 min at least); a day without one. */
export function staleAfterSec(pollIntervalSec: number | null): number {
  if (pollIntervalSec === null) return OFFLINE_STALE_SEC;
  return Math.max(3 * pollIntervalSec, STALE_FLOOR_SEC);
}

export function ageOf(asOfSec: number, nowSec: number): number {
  return Math.max(0, nowSec - asOfSec);
}

/**
 * Ordinary least squares slope of y over x (x in the window's own unit, e.g. days), as a share of y's mean
 * per whole window: 0.2 = the fit rises by 20 % of the mean over `window` units. null with fewer than 2
 * points or a zero mean.
 */
export function olsSlopeShare(x: readonly number[], y: readonly number[], window: number): number | null {
  const n = Math.min(x.length, y.length);
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i]!;
    sy += y[i]!;
  }
  const mx = sx / n;
  const my = sy / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (x[i]! - mx) * (y[i]! - my);
    den += (x[i]! - mx) ** 2;
  }
  if (den === 0 || my === 0) return null;
  return ((num / den) * window) / Math.abs(my);
}
