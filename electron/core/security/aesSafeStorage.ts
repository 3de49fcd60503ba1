// A stand-in for Electron's safeStorage that really encrypts (AES-256-GCM under a random key that lives only in
// this object), so a test of "the secret is stored only as ciphertext" runs the real secret store on real
// ciphertext: the plaintext cannot appear in what it writes, in any encoding, unless the store leaks it.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Structurally Electron's safeStorage (and electron/main/secret-store's SafeStorageLike), which core may not import. */
export function aesSafeStorage() {
  const key = randomBytes(32);
  const self = {
    encryptions: 0,
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString(plain: string): Buffer {
      self.encryptions++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(encrypted: Buffer): string {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
  return self;
}
