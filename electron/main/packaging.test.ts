// The packaged app's Electron fuses (perf-reliability.md S3), read from electron-builder.yml the way
// electron-builder reads it, and held against the installed electron-builder schema and @electron/fuses:
// a misspelt key would be silently ignored at packaging time and leave that fuse at Electron's default.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
// Both resolved from app-builder-lib, exactly as electron-builder loads them (no extra devDependency): js-yaml 4
// parses electron-builder.yml, @electron/fuses flips the fuses at packaging time.
const builderLib = resolve(root, 'node_modules/app-builder-lib');
const fromBuilder = (name: string): unknown => require(require.resolve(name, { paths: [builderLib] }));
const yaml = fromBuilder('js-yaml') as { load(text: string): unknown };
const { FuseV1Options } = fromBuilder('@electron/fuses') as { FuseV1Options: Record<string, string | number> };

interface BuilderConfig {
  asar?: unknown;
  electronFuses?: Record<string, unknown>;
}
const config = yaml.load(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const fuses = config.electronFuses ?? {};

const schema = JSON.parse(readFileSync(resolve(root, 'node_modules/app-builder-lib/scheme.json'), 'utf8')) as {
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
};

/** electron-builder's key for a fuse: the enum member with a lower-case first letter (RunAsNode → runAsNode). */
const builderKey = (member: string) => member[0]!.toLowerCase() + member.slice(1);
const fuseMembers = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));

describe('electron-builder.yml electronFuses', () => {
  it('uses only keys electron-builder 26 knows', () => {
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    expect(Object.keys(fuses).filter((k) => !known.includes(k))).toEqual([]);
  });

  it('sets every fuse the installed @electron/fuses defines, explicitly', () => {
    expect(fuseMembers.length).toBeGreaterThanOrEqual(8);
    expect(fuseMembers.map(builderKey).filter((k) => !(k in fuses))).toEqual([]);
    // And nothing that is not a fuse (resetAdHocDarwinSignature is an electron-builder option, not needed: it signs after flipping).
    expect(Object.keys(fuses).filter((k) => !fuseMembers.map(builderKey).includes(k))).toEqual([]);
  });

  it('turns the backdoors off and the integrity checks on', () => {
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  it('packs the app into an asar, which onlyLoadAppFromAsar and the integrity fuse need', () => {
    expect(config.asar === undefined || config.asar === true || typeof config.asar === 'object').toBe(true);
  });
});
