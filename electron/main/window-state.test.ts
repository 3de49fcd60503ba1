import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_STATE,
  MIN_HEIGHT,
  MIN_WIDTH,
  clampToDisplays,
  loadWindowState,
  parseWindowState,
  saveWindowState,
  type Rect,
} from './window-state';

const laptop: Rect = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('parseWindowState', () => {
  it('accepts a full state and rounds numbers', () => {
    expect(parseWindowState({ bounds: { width: 1000.4, height: 700, x: 10.6, y: 20 }, maximized: true })).toEqual({
      bounds: { width: 1000, height: 700, x: 11, y: 20 },
      maximized: true,
    });
  });
  it('drops a half position and treats odd maximized values as false', () => {
    expect(parseWindowState({ bounds: { width: 1000, height: 700, x: 5 }, maximized: 'yes' })).toEqual({
      bounds: { width: 1000, height: 700 },
      maximized: false,
    });
  });
  it.each([
    null,
    'x',
    3,
    {},
    { bounds: null },
    { bounds: { width: -1, height: 5 } },
    { bounds: { width: NaN, height: 5 } },
  ])('refuses %j', (raw) => expect(parseWindowState(raw)).toBeNull());
});

describe('clampToDisplays', () => {
  it('keeps a window that fits where it was', () => {
    const s = { bounds: { width: 1200, height: 800, x: 100, y: 50 }, maximized: false };
    expect(clampToDisplays(s, [laptop])).toEqual(s);
  });
  it('keeps a window on a secondary monitor that is still attached', () => {
    const s = { bounds: { width: 2000, height: 1200, x: 2000, y: 100 }, maximized: true };
    expect(clampToDisplays(s, [laptop, rightMonitor])).toEqual(s);
  });
  it('drops the position when that monitor is gone, and caps the size', () => {
    const s = { bounds: { width: 2400, height: 1300, x: 2000, y: 100 }, maximized: false };
    expect(clampToDisplays(s, [laptop])).toEqual({ bounds: { width: 1920, height: 1050 }, maximized: false });
  });
  it('pulls a window hanging off the bottom-right edge back inside', () => {
    const s = { bounds: { width: 1200, height: 800, x: 1500, y: 900 }, maximized: false };
    expect(clampToDisplays(s, [laptop])).toEqual({
      bounds: { width: 1200, height: 800, x: 720, y: 250 },
      maximized: false,
    });
  });
  it('drops a position whose title bar is above the screen', () => {
    const s = { bounds: { width: 1200, height: 800, x: 100, y: -2000 }, maximized: false };
    expect(clampToDisplays(s, [laptop]).bounds).toEqual({ width: 1200, height: 800 });
  });
  it('raises a tiny window to the minimum size', () => {
    const s = { bounds: { width: 100, height: 50 }, maximized: false };
    expect(clampToDisplays(s, [laptop]).bounds).toEqual({ width: MIN_WIDTH, height: MIN_HEIGHT });
  });
  it('never exceeds a display smaller than the minimum', () => {
    const small: Rect = { x: 0, y: 0, width: 800, height: 500 };
    expect(clampToDisplays(DEFAULT_STATE, [small]).bounds).toEqual({ width: 800, height: 500 });
  });
  it('returns the state unchanged when no display is known', () => {
    expect(clampToDisplays(DEFAULT_STATE, [])).toBe(DEFAULT_STATE);
  });
});

describe('load and save', () => {
  let dir = '';
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('round-trips through a JSON file, creating the folder', () => {
    dir = mkdtempSync(join(tmpdir(), 'fd-ws-'));
    const file = join(dir, 'nested', 'window-state.json');
    const s = { bounds: { width: 1111, height: 777, x: 3, y: 4 }, maximized: true };
    saveWindowState(file, s);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(s);
    expect(loadWindowState(file)).toEqual(s);
  });
  it('falls back to defaults for a missing or broken file', () => {
    dir = mkdtempSync(join(tmpdir(), 'fd-ws-'));
    expect(loadWindowState(join(dir, 'none.json'))).toEqual(DEFAULT_STATE);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"bounds": {"width": 10');
    expect(loadWindowState(broken)).toEqual(DEFAULT_STATE);
  });
});
