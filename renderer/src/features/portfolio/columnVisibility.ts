import type { ColumnVisibilityState } from '@tanstack/react-table';
import { FILTER_ONLY_COLUMNS } from './columns';

const KEY = 'flightdeck.portfolio.columns';

/** The user's column choices, from localStorage; unreadable storage just means defaults. */
export function loadColumnVisibility(): ColumnVisibilityState {
  let saved: ColumnVisibilityState = {};
  try {
    const raw = localStorage.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === 'object') {
      saved = Object.fromEntries(
        Object.entries(parsed as Record<string, unknown>).filter(
          (e): e is [string, boolean] => typeof e[1] === 'boolean',
        ),
      );
    }
  } catch {
    saved = {};
  }
  return withFilterOnlyHidden(saved);
}

export function saveColumnVisibility(v: ColumnVisibilityState): void {
  const user = Object.fromEntries(
    Object.entries(v).filter(([id]) => !(FILTER_ONLY_COLUMNS as readonly string[]).includes(id)),
  );
  try {
    localStorage.setItem(KEY, JSON.stringify(user));
  } catch {
    // Storage full or disabled: the choice lasts for this session only.
  }
}

export function withFilterOnlyHidden(v: ColumnVisibilityState): ColumnVisibilityState {
  const out = { ...v };
  for (const id of FILTER_ONLY_COLUMNS) out[id] = false;
  return out;
}
