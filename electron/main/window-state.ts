// Remembered window size and position. Pure apart from two small file helpers, so the clamping rules
// (the part that goes wrong when a monitor is unplugged) are unit-tested without Electron.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Normal (un-maximised) bounds; x/y absent means "let the OS centre it". */
  bounds: { width: number; height: number; x?: number; y?: number };
  maximized: boolean;
}

export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 600;
export const DEFAULT_STATE: WindowState = { bounds: { width: 1360, height: 860 }, maximized: false };

/** How much of the title bar must be on a screen for the saved position to be usable. */
const VISIBLE_MARGIN = 64;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Accepts only well-formed saved state; anything else (hand-edited, truncated) means defaults. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as { bounds?: unknown; maximized?: unknown };
  if (typeof r.bounds !== 'object' || r.bounds === null) return null;
  const b = r.bounds as Record<string, unknown>;
  if (!finite(b.width) || !finite(b.height) || b.width <= 0 || b.height <= 0) return null;
  const bounds: WindowState['bounds'] = { width: Math.round(b.width), height: Math.round(b.height) };
  if (finite(b.x) && finite(b.y)) {
    bounds.x = Math.round(b.x);
    bounds.y = Math.round(b.y);
  }
  return { bounds, maximized: r.maximized === true };
}

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  return {
    w: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    h: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * Fits saved state onto the displays that exist now (work areas, primary first). The size is capped
 * to the largest work area; a position whose title bar would not be reachable on any display is
 * dropped so the OS centres the window instead of opening it off-screen.
 */
export function clampToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return state;
  const maxW = Math.max(...workAreas.map((a) => a.width));
  const maxH = Math.max(...workAreas.map((a) => a.height));
  const width = Math.max(Math.min(state.bounds.width, maxW), Math.min(MIN_WIDTH, maxW));
  const height = Math.max(Math.min(state.bounds.height, maxH), Math.min(MIN_HEIGHT, maxH));
  const { x, y } = state.bounds;
  if (x === undefined || y === undefined) return { bounds: { width, height }, maximized: state.maximized };

  // The title bar strip: the part the user needs to grab to move the window back.
  const titleBar: Rect = { x, y, width, height: Math.min(VISIBLE_MARGIN, height) };
  const home = workAreas.find((a) => {
    const o = overlap(titleBar, a);
    return o.w >= Math.min(VISIBLE_MARGIN, width) && o.h > 0;
  });
  if (!home) return { bounds: { width, height }, maximized: state.maximized };

  // Pull the window fully inside the display it mostly sits on, when it fits.
  const nx = Math.min(Math.max(x, home.x), home.x + home.width - Math.min(width, home.width));
  const ny = Math.min(Math.max(y, home.y), home.y + home.height - Math.min(height, home.height));
  return {
    bounds: { width: Math.min(width, home.width), height: Math.min(height, home.height), x: nx, y: ny },
    maximized: state.maximized,
  };
}

export function loadWindowState(file: string): WindowState {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8'))) ?? DEFAULT_STATE;
  } catch {
    // First run or an unreadable file: defaults are the right answer, not an error dialog.
    return DEFAULT_STATE;
  }
}

/** Write-then-rename, so a crash mid-write leaves the previous state instead of half a JSON file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, file);
}
