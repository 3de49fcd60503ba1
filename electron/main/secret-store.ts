// The app's SecretStore: connection secrets encrypted by Electron's safeStorage (the OS keychain, DPAPI or
// the desktop keyring) and kept as base64 in a JSON file under userData, written atomically with mode 0600.
// No Electron import here: safeStorage is passed in, so the unit test runs under plain Node with a fake.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretStore } from '../core/ports';

/** The part of Electron's safeStorage this store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keyring, i.e. a hard-coded key, which is no protection. */
  getSelectedStorageBackend?(): string;
}

export const SECRETS_FILE_NAME = 'secrets.json';

interface FileShape {
  version: 1;
  /** ref → base64 of safeStorage's ciphertext. */
  secrets: Record<string, string>;
}

export const UNAVAILABLE_MESSAGE =
  'The system secret store is not available (no OS keychain or keyring for Electron safeStorage). ' +
  'Flightdeck does not keep secrets in plain text; set up a keyring, or use an environment variable ' +
  'with the flightdeck command line (--secret-env).';

/** Refs this store hands out; anything else (env:…) is not ours to read. */
const REF = /^store:[A-Za-z0-9-]{1,64}$/;

export function createSafeSecretStore(options: {
  safeStorage: SafeStorageLike;
  /** The JSON file, normally `<userData>/secrets.json`. */
  file: string;
  newId?: () => string;
}): SecretStore {
  const { safeStorage, file } = options;
  const newId = options.newId ?? randomUUID;
  // Operations run one after another: two saves must not read the same file and lose one write.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => T): Promise<T> => {
    const run = queue.then(op);
    queue = run.catch(() => undefined);
    return run;
  };

  const assertAvailable = () => {
    if (!safeStorage.isEncryptionAvailable() || safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
      throw new Error(UNAVAILABLE_MESSAGE);
    }
  };

  const read = (): FileShape => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, secrets: {} };
      throw e;
    }
    const parsed = JSON.parse(text) as Partial<FileShape>;
    const secrets = parsed && typeof parsed.secrets === 'object' && parsed.secrets !== null ? parsed.secrets : {};
    return { version: 1, secrets: { ...secrets } };
  };

  /** Temp file in the same folder, fsync, rename: a crash leaves the old file or the new one, never half. */
  const write = (data: FileShape) => {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${newId()}.tmp`;
    try {
      writeFileSync(tmp, JSON.stringify(data, null, 2), { mode: 0o600 });
      const fd = openSync(tmp, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
  };

  const checkRef = (ref: string) => {
    if (!REF.test(ref)) throw new Error(`Not a secret store reference: ${JSON.stringify(ref.slice(0, 80))}`);
  };

  return {
    put: (secret, ref) =>
      serial(() => {
        assertAvailable();
        const key = ref ?? `store:${newId()}`;
        checkRef(key);
        const data = read();
        data.secrets[key] = safeStorage.encryptString(secret).toString('base64');
        write(data);
        return key;
      }),
    get: (ref) =>
      serial(() => {
        if (!REF.test(ref)) return null;
        const stored = read().secrets[ref];
        if (stored === undefined) return null;
        assertAvailable();
        return safeStorage.decryptString(Buffer.from(stored, 'base64'));
      }),
    delete: (ref) =>
      serial(() => {
        if (!REF.test(ref)) return;
        const data = read();
        if (!(ref in data.secrets)) return;
        delete data.secrets[ref];
        write(data);
      }),
  };
}
