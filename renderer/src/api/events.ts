import type { AppEvents, EventName } from '../../../shared/ipc/contract';
import { bridge } from './client';

/** Subscribes to a push from the host; returns the unsubscribe. */
export function onEvent<E extends EventName>(event: E, listener: (payload: AppEvents[E]) => void): () => void {
  return bridge().on(event, listener);
}
