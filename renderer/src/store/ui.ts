import { create } from 'zustand';

export type View = 'portfolio' | 'board' | 'watchlist' | 'roi' | 'risks' | 'people' | 'connections' | 'spend';

/** What the initiative form is doing, if it is open. */
export type FormState = { mode: 'create' } | { mode: 'edit'; id: number } | null;

interface UiStore {
  view: View;
  /** The row with the roving focus in the portfolio table. */
  activeRowId: number | null;
  /** The initiative shown in the detail panel. */
  detailId: number | null;
  form: FormState;
  paletteOpen: boolean;
  /** The gate review shown in the review dialog, if one is open. */
  gateReviewId: number | null;
  /** The initiative whose ROI workspace is open, if any. */
  roiInitiativeId: number | null;
  setView: (view: View) => void;
  setActiveRow: (id: number | null) => void;
  openDetail: (id: number | null) => void;
  openForm: (form: FormState) => void;
  setPaletteOpen: (open: boolean) => void;
  openGateReview: (id: number | null) => void;
  openRoi: (initiativeId: number | null) => void;
}

export const useUi = create<UiStore>((set) => ({
  view: 'portfolio',
  activeRowId: null,
  detailId: null,
  form: null,
  paletteOpen: false,
  gateReviewId: null,
  roiInitiativeId: null,
  setView: (view) => set({ view }),
  setActiveRow: (activeRowId) => set({ activeRowId }),
  openDetail: (detailId) => set(detailId === null ? { detailId } : { detailId, activeRowId: detailId }),
  openForm: (form) => set({ form }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
  openGateReview: (gateReviewId) => set({ gateReviewId }),
  openRoi: (roiInitiativeId) => set({ roiInitiativeId }),
}));
