import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../../shared/ipc/contract';
import { buildMenuTemplate } from './menu';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}

function build(platform: NodeJS.Platform, isDev: boolean) {
  const sent: MenuCommand[] = [];
  const template = buildMenuTemplate({ platform, isDev, appName: 'Flightdeck', send: (c) => sent.push(c) });
  const items = flatten(template);
  const byLabel = (label: string) => {
    const item = items.find((i) => i.label === label);
    if (!item) throw new Error(`no menu item ${label}`);
    return item;
  };
  const click = (label: string) => {
    const handler = byLabel(label).click as unknown as () => void;
    handler();
  };
  return { template, items, byLabel, click, sent };
}

describe('application menu', () => {
  it('forwards every menu command to the renderer', () => {
    const m = build('linux', false);
    for (const label of [
      'New Initiative…',
      'New Portfolio…',
      'Open Portfolio…',
      'Save a Copy…',
      'Backups…',
      'Import Initiatives…',
      'Export Status Pack…',
      'Undo',
      'Redo',
      'Command Palette…',
      'Find…',
    ]) {
      m.click(label);
    }
    expect([...m.sent].sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('keeps native clipboard roles but not the native undo/redo roles', () => {
    const roles = build('linux', false)
      .items.map((i) => i.role)
      .filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll', 'togglefullscreen', 'quit']));
    expect(roles).not.toContain('undo');
    expect(roles).not.toContain('redo');
  });

  it('offers reload and devtools only in development', () => {
    expect(build('linux', false).items.map((i) => i.role)).not.toContain('toggleDevTools');
    expect(build('linux', false).items.map((i) => i.role)).not.toContain('reload');
    expect(build('linux', true).items.map((i) => i.role)).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it('shows the palette and find shortcuts, leaving the key press to the page off macOS', () => {
    const linux = build('linux', false);
    expect(linux.byLabel('Command Palette…')).toMatchObject({ accelerator: 'CmdOrCtrl+K', registerAccelerator: false });
    expect(linux.byLabel('Find…')).toMatchObject({ accelerator: 'CmdOrCtrl+F', registerAccelerator: false });
    expect(linux.byLabel('Undo')).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
    expect(linux.byLabel('Redo')).toMatchObject({ accelerator: 'Ctrl+Y', registerAccelerator: false });
    expect(linux.byLabel('New Initiative…')).toMatchObject({ accelerator: 'CmdOrCtrl+N', registerAccelerator: false });
    // Keys only the menu owns stay registered.
    expect(linux.byLabel('Open Portfolio…')).toMatchObject({ accelerator: 'CmdOrCtrl+O' });
    expect(linux.byLabel('Open Portfolio…').registerAccelerator).toBeUndefined();
    const mac = build('darwin', false);
    expect(mac.byLabel('Command Palette…')).toMatchObject({ registerAccelerator: true });
  });

  it('puts the app menu first on macOS and Quit under File elsewhere', () => {
    const mac = build('darwin', false);
    expect(mac.template[0]?.label).toBe('Flightdeck');
    const file = build('win32', false).template.find((t) => t.label === '&File');
    const sub = file?.submenu as MenuItemConstructorOptions[];
    expect(sub.at(-1)?.role).toBe('quit');
  });

  it('never calls send while building', () => {
    const send = vi.fn();
    buildMenuTemplate({ platform: 'linux', isDev: true, appName: 'Flightdeck', send });
    expect(send).not.toHaveBeenCalled();
  });
});
