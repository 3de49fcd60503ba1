import { useEffect, useState } from 'react';
import type { HistoryState } from '../../../shared/domain/workspace';
import { invoke } from '../api/client';
import { onEvent } from '../api/events';

const NONE: HistoryState = { canUndo: false, undoLabel: null, canRedo: false, redoLabel: null };

/** The core's undo/redo stack summary, kept current by 'history/changed'. */
export function useHistoryState(): HistoryState {
  const [state, setState] = useState<HistoryState>(NONE);
  useEffect(() => {
    let live = true;
    invoke('history/state').then(
      (s) => live && setState(s),
      () => live && setState(NONE),
    );
    const off = onEvent('history/changed', setState);
    return () => {
      live = false;
      off();
    };
  }, []);
  return state;
}
