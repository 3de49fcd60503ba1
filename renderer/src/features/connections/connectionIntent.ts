import { create } from 'zustand';

/**
 * A request from the command palette to the Connections view ("Add connection…", "Test connection…"):
 * the view may not be mounted yet when the command runs, so the request waits here until a dialog replaces it.
 */
interface IntentStore {
  intent: 'add' | 'test' | null;
  request: (intent: 'add' | 'test') => void;
  clear: () => void;
}

export const useConnectionIntent = create<IntentStore>((set, get) => ({
  intent: null,
  request: (intent) => set({ intent }),
  clear: () => {
    if (get().intent !== null) set({ intent: null });
  },
}));
