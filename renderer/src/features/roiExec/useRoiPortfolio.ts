import { useEffect, useState } from 'react';
import type { RoiPortfolio } from '../../../../shared/domain/roiPortfolio';
import { invoke } from '../../api/client';
import { onEvent } from '../../api/events';

export interface RoiPortfolioState {
  data: RoiPortfolio | undefined;
  error: unknown;
  loading: boolean;
}

/**
 * Every table the roll-up reads: the initiatives and whatever ROI tables exist (scenarios, plan vs actual).
 * Matched by prefix so a new `roi_*` table (actuals) refreshes the view without a change here.
 */
export function touchesRoi(tables: readonly string[]): boolean {
  return tables.some((t) => t === 'initiatives' || t.startsWith('roi_'));
}

/** The executive roll-up (roi/portfolio), read again whenever a change touches what it reads. */
export function useRoiPortfolio(): RoiPortfolioState {
  const [state, setState] = useState<RoiPortfolioState>({ data: undefined, error: undefined, loading: true });
  useEffect(() => {
    let seq = 0;
    const load = () => {
      const mine = ++seq;
      setState((s) => (s.loading ? s : { ...s, loading: true }));
      invoke('roi/portfolio').then(
        (data) => {
          if (mine === seq) setState({ data, error: undefined, loading: false });
        },
        (error: unknown) => {
          if (mine === seq) setState((s) => ({ data: s.data, error, loading: false }));
        },
      );
    };
    load();
    const offChanged = onEvent('db/changed', ({ tables }) => {
      if (touchesRoi(tables)) load();
    });
    const offWorkspace = onEvent('workspace/changed', load);
    return () => {
      seq = -1;
      offChanged();
      offWorkspace();
    };
  }, []);
  return state;
}
