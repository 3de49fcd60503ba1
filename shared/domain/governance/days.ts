/**
 * Calendar days as integers ("epoch days": whole days since 1970-01-01 UTC). The signal rules run over
 * 10,000 initiatives at a time, so dates are turned into numbers once, when a snapshot is built, and the
 * rules only ever subtract integers.
 */
export type EpochDay = number;

const MS_PER_DAY = 86_400_000;

/** The epoch day of a `YYYY-MM-DD` date or an ISO instant (only its date part counts). */
export function epochDay(iso: string): EpochDay {
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`Not a date: ${iso}`);
  return Math.floor(ms / MS_PER_DAY);
}

/** The `YYYY-MM-DD` form of an epoch day, for messages and storage. */
export function isoFromEpochDay(day: EpochDay): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
