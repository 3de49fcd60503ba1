import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  tone: 'info' | 'error';
  /** Offer Undo: the change the toast reports is the last one on the core's history. */
  undoable: boolean;
}

interface ToastStore {
  toasts: Toast[];
  push: (message: string, options?: { tone?: Toast['tone']; undoable?: boolean }) => number;
  dismiss: (id: number) => void;
}

let nextId = 1;
const TIMEOUT_MS = 8000;

export const useToasts = create<ToastStore>((set, get) => ({
  toasts: [],
  push: (message, options) => {
    const id = nextId++;
    const toast: Toast = { id, message, tone: options?.tone ?? 'info', undoable: options?.undoable ?? false };
    // Keep the stack short: a desktop app's toasts are confirmations, not a log.
    set((s) => ({ toasts: [...s.toasts.slice(-2), toast] }));
    window.setTimeout(() => get().dismiss(id), TIMEOUT_MS);
    return id;
  },
  dismiss: (id) => set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) })),
}));

/** Shorthands for the common cases. */
export const toast = {
  change: (message: string) => useToasts.getState().push(message, { undoable: true }),
  info: (message: string) => useToasts.getState().push(message),
  error: (message: string) => useToasts.getState().push(message, { tone: 'error' }),
};
