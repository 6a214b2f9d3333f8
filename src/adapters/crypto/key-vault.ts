/**
 * Passphrase protection for the remote API key, with the browser's own WebCrypto:
 * PBKDF2-SHA-256 stretches the passphrase into an AES-GCM key, which is created
 * non-extractable (script can use it, never read it) and lives only as long as the call.
 * Only the salt, IV and ciphertext are stored; the passphrase never is.
 */
import type { RemoteSettings } from '../../domain/records';
import { AppError } from '../../domain/errors';

export type EncryptedKey = NonNullable<RemoteSettings['encryptedApiKey']>;

/** OWASP's 2023 figure for PBKDF2-HMAC-SHA256 (the floor we promise is 310,000). */
export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PASSPHRASE_LENGTH = 8;
const SALT_BYTES = 16;
const IV_BYTES = 12;
// Binds the ciphertext to its purpose: a blob made for something else will not decrypt as a key.
const CONTEXT = new TextEncoder().encode('rehearse/api-key/v1');

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

// The same passphrase typed on macOS (decomposed accents) and Windows (composed) must match.
const normalize = (passphrase: string) => new TextEncoder().encode(passphrase.normalize('NFC'));

/** Derives the AES-GCM key. Non-extractable: `crypto.subtle.exportKey` refuses it. */
export async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', normalize(passphrase), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: PBKDF2_ITERATIONS },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export function checkPassphrase(passphrase: string): void {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new AppError('invalid-input', `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters; a longer phrase is safer.`);
  }
}

export async function encryptApiKey(apiKey: string, passphrase: string): Promise<EncryptedKey> {
  checkPassphrase(passphrase);
  if (apiKey.trim() === '')
    throw new AppError('invalid-input', 'There is no API key to protect. Enter your key in Settings → Engine first.');
  // A fresh salt and IV every time: the same key and passphrase never give the same ciphertext.
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const key = await deriveKey(passphrase, salt);
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: CONTEXT }, key, new TextEncoder().encode(apiKey));
  return { salt: toBase64(salt), iv: toBase64(iv), data: toBase64(new Uint8Array(data)) };
}

export async function decryptApiKey(encrypted: EncryptedKey, passphrase: string): Promise<string> {
  let salt: Uint8Array<ArrayBuffer>, iv: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>;
  try {
    [salt, iv, data] = [fromBase64(encrypted.salt), fromBase64(encrypted.iv), fromBase64(encrypted.data)];
  } catch (cause) {
    throw new AppError(
      'invalid-input',
      'The saved API key is damaged and cannot be unlocked. Choose “Forget key” and enter your key again.',
      { cause },
    );
  }
  const key = await deriveKey(passphrase, salt);
  try {
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: CONTEXT }, key, data);
    return new TextDecoder().decode(plain);
  } catch (cause) {
    // AES-GCM cannot tell a wrong passphrase from tampered data; the wrong passphrase is by far the likelier.
    throw new AppError(
      'invalid-input',
      'That passphrase does not unlock your API key. Check it (capital letters count) and try again, or choose “Forget key” and enter your key again.',
      { cause },
    );
  }
}
