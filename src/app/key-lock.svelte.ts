/**
 * The remote API key's passphrase lock, for the UI and for the engine. A protected key is
 * stored only encrypted; once the user unlocks it, the plain key is kept in memory for this
 * tab (never written anywhere) so remote replies work until the tab closes or "Lock now".
 */
import type { RemoteSettings, Settings } from '../domain/records';
import { AppError } from '../ports/errors';

type EncryptedKey = NonNullable<RemoteSettings['encryptedApiKey']>;

/** The key vault adapter (PBKDF2 → AES-GCM); injected so this class stays testable and adapter-free. */
export interface KeyCipher {
  encrypt(apiKey: string, passphrase: string): Promise<EncryptedKey>;
  decrypt(encrypted: EncryptedKey, passphrase: string): Promise<string>;
}

/** What KeyLock needs of the settings (SettingsStore has it). */
export interface SettingsAccess {
  readonly value: Settings;
  update(change: (draft: Settings) => void): Promise<void>;
}

export type KeyStatus = 'none' | 'plain' | 'locked' | 'unlocked';

export class KeyLock {
  busy = $state(false);
  /** The plain key and the ciphertext it came from, so a changed key is never mistaken for unlocked. */
  #unlocked = $state<{ key: string; from: string } | null>(null);

  constructor(
    private readonly settings: SettingsAccess,
    private readonly cipher: KeyCipher,
  ) {}

  get status(): KeyStatus {
    const remote = this.settings.value.remote;
    if (remote.encryptedApiKey) return this.#unlocked?.from === remote.encryptedApiKey.data ? 'unlocked' : 'locked';
    return (remote.apiKey ?? '') !== '' ? 'plain' : 'none';
  }

  /** Encrypts the saved plain key with the passphrase and removes the plain copy from storage. */
  async protect(passphrase: string, repeated: string): Promise<void> {
    const plain = this.settings.value.remote.apiKey ?? '';
    if (plain === '') throw new AppError('invalid-input', 'There is no API key to protect. Enter your key in Settings → Engine first.');
    if (passphrase !== repeated)
      throw new AppError('invalid-input', 'The two passphrases are different. Type the same passphrase in both fields.');
    await this.run(async () => {
      const encrypted = await this.cipher.encrypt(plain, passphrase);
      await this.settings.update((s) => {
        delete s.remote.apiKey;
        s.remote.encryptedApiKey = encrypted;
      });
      this.#unlocked = { key: plain, from: encrypted.data };
    });
  }

  async unlock(passphrase: string): Promise<void> {
    const encrypted = this.settings.value.remote.encryptedApiKey;
    if (!encrypted) throw new AppError('invalid-input', 'There is no protected key to unlock.');
    await this.run(async () => {
      const key = await this.cipher.decrypt(encrypted, passphrase);
      this.#unlocked = { key, from: encrypted.data };
    });
  }

  /** Forgets the unlocked key in memory; the encrypted key stays saved. */
  lock(): void {
    this.#unlocked = null;
  }

  /** Deletes the key from this device in both forms. */
  async forget(): Promise<void> {
    await this.run(async () => {
      await this.settings.update((s) => {
        delete s.remote.apiKey;
        delete s.remote.encryptedApiKey;
      });
      this.#unlocked = null;
    });
  }

  /** For the remote engine: the plain key, or an error that says to unlock it first. */
  async apiKey(remote: RemoteSettings): Promise<string | undefined> {
    if (remote.encryptedApiKey) {
      if (this.#unlocked?.from === remote.encryptedApiKey.data) return this.#unlocked.key;
      throw new AppError('remote-auth', 'Your API key is locked with a passphrase. Unlock it in Settings → Data, then try again.');
    }
    const plain = remote.apiKey?.trim();
    return plain ? plain : undefined;
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await action();
    } finally {
      this.busy = false;
    }
  }
}
