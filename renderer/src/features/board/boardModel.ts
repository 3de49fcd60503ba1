import type { InitiativeType } from '../../../../shared/domain/enums';
import { PHASES, type PhaseId } from '../../../../shared/domain/phases';
import type { PortfolioRow } from '../portfolio/rows';

/** The board's own narrowing: a name / business-unit text and a type. Kept apart from the table's filters. */
export interface BoardFilter {
  text: string;
  type: InitiativeType | '';
}

export type Columns = Record<PhaseId, PortfolioRow[]>;

export function emptyColumns(): Columns {
  return Object.fromEntries(PHASES.map((p) => [p.id, [] as PortfolioRow[]])) as unknown as Columns;
}

/** Live initiatives per phase, in the order they arrive (the table query's name order). */
export function groupByPhase(rows: readonly PortfolioRow[], filter: BoardFilter = { text: '', type: '' }): Columns {
  const columns = emptyColumns();
  const text = filter.text.trim().toLowerCase();
  for (const r of rows) {
    if (r.archivedAt !== null) continue;
    if (filter.type && r.type !== filter.type) continue;
    if (text && !r.name.toLowerCase().includes(text) && !r.businessUnit.toLowerCase().includes(text)) continue;
    columns[r.phase].push(r);
  }
  return columns;
}

/** The phase after `phase`, or null in the last one (its gate, G7, recurs and stays there). */
export function nextPhase(phase: PhaseId): PhaseId | null {
  const i = PHASES.findIndex((p) => p.id === phase);
  return PHASES[i + 1]?.id ?? null;
}

export type DropVerdict = 'request' | 'same' | 'refused';

/** Dragging onto the next phase requests its gate; onto its own column is no move; anywhere else is refused. */
export function dropVerdict(from: PhaseId, onto: PhaseId): DropVerdict {
  if (onto === from) return 'same';
  return nextPhase(from) === onto ? 'request' : 'refused';
}

export const REFUSED_MESSAGE = 'Drag to the next phase to request its gate; moving back uses Move phase…';

/**
 * Where arrow keys take the focus on the board. Up/Down stay in the column; Left/Right jump to the nearest
 * non-empty column that way, keeping the position as far as that column reaches. Null: nowhere to go.
 */
export function moveFocus(
  columns: Columns,
  at: { phase: PhaseId; index: number },
  key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End',
): { phase: PhaseId; index: number } | null {
  const list = columns[at.phase];
  if (key === 'ArrowUp') return at.index > 0 ? { phase: at.phase, index: at.index - 1 } : null;
  if (key === 'ArrowDown') return at.index < list.length - 1 ? { phase: at.phase, index: at.index + 1 } : null;
  if (key === 'Home') return list.length ? { phase: at.phase, index: 0 } : null;
  if (key === 'End') return list.length ? { phase: at.phase, index: list.length - 1 } : null;
  const step = key === 'ArrowRight' ? 1 : -1;
  for (let i = PHASES.findIndex((p) => p.id === at.phase) + step; i >= 0 && i < PHASES.length; i += step) {
    const phase = PHASES[i]!.id;
    const n = columns[phase].length;
    if (n > 0) return { phase, index: Math.min(at.index, n - 1) };
  }
  return null;
}

/** Where a card is, by initiative id. */
export function locate(columns: Columns, id: number): { phase: PhaseId; index: number } | null {
  for (const p of PHASES) {
    const index = columns[p.id].findIndex((r) => r.id === id);
    if (index >= 0) return { phase: p.id, index };
  }
  return null;
}
