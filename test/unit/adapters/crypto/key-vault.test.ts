import { describe, expect, it } from 'vitest';
import { PBKDF2_ITERATIONS, decryptApiKey, deriveKey, encryptApiKey, type EncryptedKey } from '../../../../src/adapters/crypto/key-vault';
import { AppError } from '../../../../src/domain/errors';

const KEY = 'gsk_live_0123456789abcdefghijklmnopqrstuvwxyz';
const PASS = 'correct horse battery staple';

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('key vault (Node WebCrypto)', () => {
  it('uses at least 310,000 PBKDF2 iterations', () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(310_000);
  });

  it('round-trips the key, and the stored form holds neither key nor passphrase', async () => {
    const encrypted = await encryptApiKey(KEY, PASS);
    const stored = JSON.stringify(encrypted);
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain(PASS);
    expect(atob(encrypted.salt)).toHaveLength(16);
    expect(atob(encrypted.iv)).toHaveLength(12);
    expect(await decryptApiKey(encrypted, PASS)).toBe(KEY);
  });

  it('a wrong passphrase is an invalid-input AppError that says what to do', async () => {
    const encrypted = await encryptApiKey(KEY, PASS);
    const error = await rejection(decryptApiKey(encrypted, 'correct horse battery stapler'));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/does not unlock your API key/);
    expect(error.message).toMatch(/Forget key/);
  });

  it('tampered ciphertext or damaged base64 is refused, not decoded to garbage', async () => {
    const encrypted = await encryptApiKey(KEY, PASS);
    const bytes = Uint8Array.from(atob(encrypted.data), (c) => c.charCodeAt(0));
    bytes[0] = bytes[0]! ^ 1;
    const tampered: EncryptedKey = { ...encrypted, data: btoa(String.fromCharCode(...bytes)) };
    expect((await rejection(decryptApiKey(tampered, PASS))).code).toBe('invalid-input');
    expect((await rejection(decryptApiKey({ ...encrypted, salt: '%%% not base64 %%%' }, PASS))).message).toMatch(/damaged/);
  });

  it('the derived key is not extractable', async () => {
    const key = await deriveKey(PASS, crypto.getRandomValues(new Uint8Array(16)));
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });

  it('a fresh salt and IV every time: the same key and passphrase never give the same ciphertext', async () => {
    const a = await encryptApiKey(KEY, PASS);
    const b = await encryptApiKey(KEY, PASS);
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
    expect(a.data).not.toBe(b.data);
    // Swapping in the other record's salt breaks decryption: the salt really feeds the key.
    expect((await rejection(decryptApiKey({ ...a, salt: b.salt }, PASS))).code).toBe('invalid-input');
  });

  it('accepts the same passphrase typed in composed or decomposed Unicode', async () => {
    const composed = 'café au lait ☕ 東京';
    const encrypted = await encryptApiKey(KEY, composed);
    expect(await decryptApiKey(encrypted, composed.normalize('NFD'))).toBe(KEY);
  });

  it('refuses a short passphrase and an empty key before doing any work', async () => {
    expect((await rejection(encryptApiKey(KEY, 'short'))).message).toMatch(/at least 8 characters/);
    expect((await rejection(encryptApiKey('  ', PASS))).message).toMatch(/no API key to protect/);
  });
});
