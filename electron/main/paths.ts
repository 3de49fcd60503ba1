// Where the shell finds its files. Pure, so the dev/packaged split is unit-tested.
import { isAbsolute, join, resolve } from 'node:path';

/** Relative to the project root: what tools/electron-native.mjs writes. */
export const DEV_NATIVE_BINDING = join('.native', 'electron', 'better_sqlite3.node');
/** Relative to process.resourcesPath: where electron-builder's extraResources puts the same file. */
export const PACKAGED_NATIVE_BINDING = join('native', 'better_sqlite3.node');

/**
 * better-sqlite3 built for Electron's ABI. It is never the node_modules build: that one is compiled
 * for plain Node, which the tests and the CLI use, and loading it in Electron fails with a
 * NODE_MODULE_VERSION mismatch.
 */
export function nativeBindingPath(where: { isPackaged: boolean; resourcesPath: string; appPath: string }): string {
  return where.isPackaged
    ? join(where.resourcesPath, PACKAGED_NATIVE_BINDING)
    : join(where.appPath, DEV_NATIVE_BINDING);
}

/**
 * FLIGHTDECK_USER_DATA moves userData (settings, logs, the default portfolio) elsewhere. e2e runs use
 * it to give every launch a fresh folder; relative paths are resolved against the working directory.
 */
export function userDataOverride(env: NodeJS.ProcessEnv, cwd: string): string | null {
  const raw = env.FLIGHTDECK_USER_DATA?.trim();
  if (!raw) return null;
  return isAbsolute(raw) ? raw : resolve(cwd, raw);
}

export const DEFAULT_PORTFOLIO_NAME = 'portfolio.flightdeck';
