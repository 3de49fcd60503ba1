import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TempDirs } from '../core/testing/temp-dir';
import { UNAVAILABLE_MESSAGE, createSafeSecretStore, type SafeStorageLike } from './secret-store';

const SECRET = 'sk-live-SAFE-91c2e4f6';

/** A stand-in for safeStorage: reversible, but the plain text never appears in its output. */
class FakeSafeStorage implements SafeStorageLike {
  available = true;
  backend = 'gnome_libsecret';
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  encryptString(plain: string): Buffer {
    return Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a));
  }
  decryptString(encrypted: Buffer): string {
    return Buffer.from([...encrypted].map((b) => b ^ 0x5a)).toString('utf8');
  }
  getSelectedStorageBackend(): string {
    return this.backend;
  }
}

const temp = new TempDirs();
afterEach(() => temp.cleanup());

function setup() {
  const dir = temp.make();
  const file = join(dir, 'secrets.json');
  const safe = new FakeSafeStorage();
  return { dir, file, safe, store: createSafeSecretStore({ safeStorage: safe, file }) };
}

describe('safeStorage secret store', () => {
  it('round-trips a secret; the file holds only ciphertext, mode 0600', async () => {
    const { file, store } = setup();
    const ref = await store.put(SECRET);
    expect(ref).toMatch(/^store:[0-9a-f-]{36}$/);
    expect(await store.get(ref)).toBe(SECRET);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toMatchObject({ version: 1, secrets: { [ref]: expect.any(String) as unknown } });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('keeps several secrets, replaces under a given ref, deletes, and leaves no temp files', async () => {
    const { dir, store } = setup();
    const [a, b] = await Promise.all([store.put('alpha-secret'), store.put('beta-secret')]);
    expect(await store.get(a)).toBe('alpha-secret');
    expect(await store.get(b)).toBe('beta-secret');
    await store.put('alpha-2', a);
    expect(await store.get(a)).toBe('alpha-2');
    await store.delete(a);
    expect(await store.get(a)).toBeNull();
    expect(await store.get(b)).toBe('beta-secret');
    expect(readdirSync(dir)).toEqual(['secrets.json']);
  });

  it('refuses to store when encryption is unavailable, and never writes plain text', async () => {
    const { file, safe, store } = setup();
    safe.available = false;
    await expect(store.put(SECRET)).rejects.toThrow(UNAVAILABLE_MESSAGE);
    expect(existsSync(file)).toBe(false);
    safe.available = true;
    safe.backend = 'basic_text';
    await expect(store.put(SECRET)).rejects.toThrow(/not available/);
    expect(existsSync(file)).toBe(false);
  });

  it('answers null for unknown or foreign refs and survives a missing file', async () => {
    const { store } = setup();
    expect(await store.get('store:nope')).toBeNull();
    expect(await store.get('env:HOME')).toBeNull();
    await store.delete('store:nope');
    await expect(store.put('x', 'env:HOME')).rejects.toThrow(/Not a secret store reference/);
  });

  it('a corrupt file is an error, not an empty store that a save would overwrite', async () => {
    const { file, store } = setup();
    writeFileSync(file, '{not json');
    await expect(store.put(SECRET)).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('{not json');
  });
});
