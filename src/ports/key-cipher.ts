/** Encrypts and decrypts the remote API key with a passphrase (adapters/crypto/key-vault.ts: PBKDF2 → AES-GCM). */
import type { RemoteSettings } from '../domain/records';

export type EncryptedKey = NonNullable<RemoteSettings['encryptedApiKey']>;

export interface KeyCipher {
  encrypt(apiKey: string, passphrase: string): Promise<EncryptedKey>;
  decrypt(encrypted: EncryptedKey, passphrase: string): Promise<string>;
}
