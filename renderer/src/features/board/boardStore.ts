import { create } from 'zustand';
import type { BoardFilter } from './boardModel';

interface BoardStore extends BoardFilter {
  setText: (text: string) => void;
  setType: (type: BoardFilter['type']) => void;
  clear: () => void;
}

/** The board's filter; a store of its own so it survives view switches without narrowing the table. */
export const useBoardFilter = create<BoardStore>((set) => ({
  text: '',
  type: '',
  setText: (text) => set({ text }),
  setType: (type) => set({ type }),
  clear: () => set({ text: '', type: '' }),
}));
