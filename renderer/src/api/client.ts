import type { AppErrorShape, ErrorCode, FieldIssue } from '../../../shared/errors';
import type { Channel, FlightdeckBridge, Input, Output } from '../../../shared/ipc/contract';

/** A failed call to the core, carrying the code the UI branches on and the per-field issues. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  constructor(shape: AppErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.code = shape.code;
    this.issues = shape.issues ?? [];
  }
}

export function isApiError(e: unknown, code?: ErrorCode): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

/** The only place that reads window.flightdeck; a missing bridge is a host bug, reported loudly. */
export function bridge(): FlightdeckBridge {
  const b = (window as Window & { flightdeck?: FlightdeckBridge }).flightdeck;
  if (!b) throw new Error('The Flightdeck bridge is missing: the page was not loaded by the app.');
  return b;
}

/** Calls a core handler and unwraps its Result: resolves with the value or throws an ApiError. */
export async function invoke<C extends Channel>(channel: C, input?: Input<C>): Promise<Output<C>> {
  const result = await bridge().invoke(channel, input);
  if (result.ok) return result.value;
  throw new ApiError(result.error);
}

/** Plain-language text for an unknown failure. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
