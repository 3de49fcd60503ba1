import { create } from 'zustand';
import type { WorkspaceStatus } from '../../../shared/domain/workspace';

/**
 * Which portfolio file is open. `generation` changes whenever a different file (or a freshly
 * set-up one) becomes current, so views keyed on it remount and drop data of the old file.
 */
interface WorkspaceStore {
  status: WorkspaceStatus | null;
  generation: number;
  /** Startup failed before the core could answer at all. */
  bootError: string | null;
  apply: (status: WorkspaceStatus) => void;
  setBootError: (message: string) => void;
}

function identity(s: WorkspaceStatus | null): string {
  if (!s) return '';
  if (s.state === 'open') return `open:${s.path}:${s.firstRun}`;
  if (s.state === 'failed') return `failed:${s.path}:${s.reason}`;
  return 'closed';
}

export const useWorkspace = create<WorkspaceStore>((set) => ({
  status: null,
  generation: 0,
  bootError: null,
  apply: (status) =>
    set((s) => (identity(s.status) === identity(status) ? { status } : { status, generation: s.generation + 1 })),
  setBootError: (bootError) => set({ bootError }),
}));
