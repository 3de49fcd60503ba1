import type { SortingState } from '@tanstack/react-table';
import { create } from 'zustand';

/** Sort order of the portfolio, kept outside the view so it survives a trip to People. */
const useSortStore = create<{ sorting: SortingState; set: (s: SortingState) => void }>((set) => ({
  sorting: [],
  set: (sorting) => set({ sorting }),
}));

export function useSorting(): [SortingState, (s: SortingState) => void] {
  return [useSortStore((s) => s.sorting), useSortStore((s) => s.set)];
}
