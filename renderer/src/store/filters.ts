import { create } from 'zustand';
import type { PhaseId } from '../../../shared/domain/phases';
import type { InitiativeStatus, InitiativeType } from '../../../shared/domain/enums';

/** The portfolio's filter bar. Empty string means "any". */
export interface Filters {
  text: string;
  phase: PhaseId | '';
  type: InitiativeType | '';
  businessUnit: string;
  /** A person id as a string (select values are strings), '' for anyone. */
  owner: string;
  status: InitiativeStatus | '';
  missingOwner: boolean;
  showArchived: boolean;
}

export const EMPTY_FILTERS: Filters = {
  text: '',
  phase: '',
  type: '',
  businessUnit: '',
  owner: '',
  status: '',
  missingOwner: false,
  showArchived: false,
};

interface FilterStore extends Filters {
  set: <K extends keyof Filters>(key: K, value: Filters[K]) => void;
  /** Clears what narrows the rows; "Show archived" is a view choice and stays. */
  clear: () => void;
}

export const useFilters = create<FilterStore>((set) => ({
  ...EMPTY_FILTERS,
  set: (key, value) => set({ [key]: value } as Pick<Filters, typeof key>),
  clear: () => set((s) => ({ ...EMPTY_FILTERS, showArchived: s.showArchived })),
}));

export function hasActiveFilters(f: Filters): boolean {
  return Boolean(f.text.trim() || f.phase || f.type || f.businessUnit || f.owner || f.status || f.missingOwner);
}
