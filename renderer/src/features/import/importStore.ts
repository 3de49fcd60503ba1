import { create } from 'zustand';

/** Whether the import wizard is open: the palette, the portfolio toolbar and its empty state all open it. */
interface ImportWizardStore {
  open: boolean;
  setOpen: (open: boolean) => void;
}

export const useImportWizard = create<ImportWizardStore>((set) => ({
  open: false,
  setOpen: (open) => set({ open }),
}));

export function openImportWizard(): void {
  useImportWizard.getState().setOpen(true);
}
