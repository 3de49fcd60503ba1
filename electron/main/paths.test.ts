import { describe, expect, it } from 'vitest';
import { nativeBindingPath, userDataOverride } from './paths';

describe('nativeBindingPath', () => {
  it('uses the project build in development and resources/native when packaged', () => {
    expect(nativeBindingPath({ isPackaged: false, resourcesPath: '/r', appPath: '/repo' })).toBe(
      '/repo/.native/electron/better_sqlite3.node',
    );
    expect(nativeBindingPath({ isPackaged: true, resourcesPath: '/opt/Flightdeck/resources', appPath: '/x' })).toBe(
      '/opt/Flightdeck/resources/native/better_sqlite3.node',
    );
  });
  it('never points at the node_modules (plain Node) build', () => {
    for (const isPackaged of [true, false]) {
      expect(nativeBindingPath({ isPackaged, resourcesPath: '/r', appPath: '/a' })).not.toContain('node_modules');
    }
  });
});

describe('userDataOverride', () => {
  it('is null unless FLIGHTDECK_USER_DATA is set', () => {
    expect(userDataOverride({}, '/cwd')).toBeNull();
    expect(userDataOverride({ FLIGHTDECK_USER_DATA: '  ' }, '/cwd')).toBeNull();
  });
  it('resolves relative paths against the working directory', () => {
    expect(userDataOverride({ FLIGHTDECK_USER_DATA: '/tmp/fd' }, '/cwd')).toBe('/tmp/fd');
    expect(userDataOverride({ FLIGHTDECK_USER_DATA: 'data/x' }, '/cwd')).toBe('/cwd/data/x');
  });
});
