import { create } from 'zustand';

/** What the status-pack dialog was opened for: the portfolio, or one initiative (from its detail panel). */
export interface PackRequest {
  initiative?: { id: number; name: string };
}

interface ExportsStore {
  pack: PackRequest | null;
  /** The export history dialog; `snapshotId` shows one export's frozen snapshot inside it. */
  history: { snapshotId: number | null } | null;
  openPack: (request: PackRequest) => void;
  closePack: () => void;
  openHistory: (snapshotId?: number | null) => void;
  closeHistory: () => void;
}

export const useExports = create<ExportsStore>((set) => ({
  pack: null,
  history: null,
  openPack: (pack) => set({ pack, history: null }),
  closePack: () => set({ pack: null }),
  openHistory: (snapshotId = null) => set({ history: { snapshotId }, pack: null }),
  closeHistory: () => set({ history: null }),
}));

/** Entry points for the palette, the toolbar and the detail panel. */
export function openPackExport(initiative?: { id: number; name: string }): void {
  useExports.getState().openPack(initiative ? { initiative } : {});
}

export function openExportHistory(): void {
  useExports.getState().openHistory();
}
