/**
 * When a connection is polled next, after a success or a failure. Pure, so the scheduler, `sync --once` and
 * the tests share one rule and the tests can check its bounds without waiting.
 */

/** First retry after a failure; doubles per consecutive failure. */
export const BACKOFF_BASE_SEC = 10;
/** No retry is ever further away than this (the circuit's own wait aside). */
export const BACKOFF_CAP_SEC = 3600;
/** ±20 %: connections that failed together (one network outage) do not all retry in the same second. */
export const JITTER = 0.2;
/** After this many consecutive failures the circuit opens: no polls until the half-open probe. */
export const CIRCUIT_THRESHOLD = 5;
export const CIRCUIT_OPEN_SEC = 15 * 60;

export interface NextAttempt {
  /** Unix milliseconds of the next poll. */
  atMs: number;
  /** Unix milliseconds until which the circuit is open; null = closed. */
  circuitOpenUntilMs: number | null;
}

/** A success: back to the regular interval, circuit closed. */
export function afterSuccess(nowMs: number, pollIntervalSec: number): NextAttempt {
  return { atMs: nowMs + pollIntervalSec * 1000, circuitOpenUntilMs: null };
}

/**
 * The un-jittered delay before retry number `failures` (1 = after the first failure): 10 s, 20 s, 40 s …
 * capped at an hour, and never later than the regular interval would poll anyway.
 */
export function backoffSec(failures: number, pollIntervalSec: number): number {
  const exp = BACKOFF_BASE_SEC * 2 ** Math.max(0, Math.min(failures - 1, 30));
  return Math.min(exp, BACKOFF_CAP_SEC, Math.max(pollIntervalSec, BACKOFF_BASE_SEC));
}

/**
 * A failure (the `failures`-th in a row). Retry-After is a floor: never ask again sooner than the server
 * said. From CIRCUIT_THRESHOLD failures on, the circuit opens (again) for CIRCUIT_OPEN_SEC; the attempt
 * at its end is the half-open probe.
 * `random` is in [0, 1) (Math.random in the app, fixed in tests).
 */
export function afterFailure(
  nowMs: number,
  failures: number,
  pollIntervalSec: number,
  retryAfterSec: number | undefined,
  random: () => number,
): NextAttempt {
  const floorMs = retryAfterSec !== undefined && retryAfterSec > 0 ? retryAfterSec * 1000 : 0;
  if (failures >= CIRCUIT_THRESHOLD) {
    const untilMs = nowMs + Math.max(CIRCUIT_OPEN_SEC * 1000, floorMs);
    return { atMs: untilMs, circuitOpenUntilMs: untilMs };
  }
  const factor = 1 - JITTER + 2 * JITTER * random();
  const delayMs = Math.round(backoffSec(failures, pollIntervalSec) * 1000 * factor);
  return { atMs: nowMs + Math.max(delayMs, floorMs), circuitOpenUntilMs: null };
}
