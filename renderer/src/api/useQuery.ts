import { useEffect, useState } from 'react';
import type { Channel, Input, Output } from '../../../shared/ipc/contract';
import { invoke } from './client';
import { onEvent } from './events';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

/**
 * Reads from the core, and reads again whenever a change touches one of `tables`.
 * The input is compared by value (JSON), so callers may build it inline. Late answers to
 * superseded requests are dropped so a slow read never overwrites a newer one.
 */
export function useQuery<C extends Channel>(
  channel: C,
  input: Input<C> | undefined,
  tables: readonly string[],
  enabled = true,
): QueryState<Output<C>> {
  const [state, setState] = useState<QueryState<Output<C>>>({ data: undefined, error: undefined, loading: true });
  const inputKey = JSON.stringify(input ?? null);
  const tablesKey = tables.join(',');

  useEffect(() => {
    if (!enabled) return;
    let seq = 0;
    const watched = tablesKey.split(',');
    const parsed = JSON.parse(inputKey) as Input<C> | null;
    const load = () => {
      const mine = ++seq;
      setState((s) => (s.loading ? s : { ...s, loading: true }));
      invoke(channel, parsed ?? undefined).then(
        (data) => {
          if (mine === seq) setState({ data, error: undefined, loading: false });
        },
        (error: unknown) => {
          if (mine === seq) setState((s) => ({ data: s.data, error, loading: false }));
        },
      );
    };
    load();
    const off = onEvent('db/changed', ({ tables: changed }) => {
      if (changed.some((t) => watched.includes(t))) load();
    });
    return () => {
      seq = -1;
      off();
    };
  }, [channel, inputKey, tablesKey, enabled]);

  return state;
}
