import type { SloKind, SloStatus } from './metrics';

/** What an SLO is compared with: the current figure over its window, or nothing. */
export interface SloInput {
  /** null = no data: never compared as 0. */
  value: number | null;
  stale: boolean;
  source: string | null;
  asOf: string | null;
}

/**
 * One SLO's state. Every kind is an upper bound ("at most"). Missing data is 'no_data' and stale data is
 * 'stale' — neither can be called met, because a silent system is not a healthy one.
 */
export function evaluateSlo(kind: SloKind, threshold: number, input: SloInput): SloStatus {
  const base = { kind, threshold, actual: input.value, source: input.source, asOf: input.asOf };
  if (input.value === null || !Number.isFinite(input.value)) return { ...base, actual: null, state: 'no_data' };
  if (input.stale) return { ...base, state: 'stale' };
  return { ...base, state: input.value > threshold ? 'breached' : 'met' };
}

/** Cost per request from spend and requests over the same window; null when either is missing or no requests. */
export function costPerRequest(spend: number | null, requests: number | null): number | null {
  if (spend === null || requests === null || requests <= 0) return null;
  return spend / requests;
}
