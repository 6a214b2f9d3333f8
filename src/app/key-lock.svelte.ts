/**
 * The remote API key's passphrase lock, for the UI and for the engine. A protected key is
 * stored only encrypted; once the user unlocks it, the plain key is kept in memory for this
 * tab (never written anywhere) so remote replies work until the tab closes or "Lock now".
 *
 * Whenever the plain key must leave memory (Lock now, Forget key, everything erased in another
 * tab) the listeners of `onKeyDropped` hear it, so engines built with the key drop it too.
 */
import type { RemoteSettings } from '../domain/records';
import { AppError } from '../domain/errors';
import type { KeyCipher } from '../ports/key-cipher';
import type { SettingsAccess } from '../ports/settings-access';

const LOCKED_MESSAGE = 'Your API key is locked with a passphrase. Unlock it in Settings → Data, then try again.';

export type KeyStatus = 'none' | 'plain' | 'locked' | 'unlocked';

export interface KeyLockOptions {
  /** Subscribes to "everything was erased in another tab"; returns an unsubscribe. */
  erasedElsewhere?: (listener: () => void) => () => void;
}

export class KeyLock {
  #busy = $state(false);

  get busy(): boolean {
    return this.#busy;
  }
  /** The plain key and the ciphertext it came from, so a changed key is never mistaken for unlocked. */
  #unlocked = $state<{ key: string; from: string } | null>(null);
  readonly #listeners = new Set<(reason: AppError) => void>();

  constructor(
    private readonly settings: SettingsAccess,
    private readonly cipher: KeyCipher,
    options: KeyLockOptions = {},
  ) {
    options.erasedElsewhere?.(() => this.erasedElsewhere());
  }

  /** Hears every time the plain key leaves memory, with the message for whoever needed it next. */
  onKeyDropped(listener: (reason: AppError) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

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

  /** Forgets the unlocked key in memory (and every engine holding it); the encrypted key stays saved. */
  lock(): void {
    this.#unlocked = null;
    this.dropped(new AppError('remote-auth', LOCKED_MESSAGE));
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
    this.dropped(new AppError('remote-auth', 'The API key was deleted from this device. Enter it in Settings → Engine, then try again.'));
  }

  /** For the remote engine: the plain key, or an error that says to unlock it first. */
  async apiKey(remote: RemoteSettings): Promise<string | undefined> {
    if (remote.encryptedApiKey) {
      if (this.#unlocked?.from === remote.encryptedApiKey.data) return this.#unlocked.key;
      throw new AppError('remote-auth', LOCKED_MESSAGE);
    }
    const plain = remote.apiKey?.trim();
    return plain ? plain : undefined;
  }

  /**
   * Another tab erased everything: the key is gone from storage, so it leaves this tab's memory
   * too — the unlocked copy and the settings held in memory (not written: there is nothing to
   * write to any more).
   */
  private erasedElsewhere(): void {
    this.#unlocked = null;
    const remote = this.settings.value.remote;
    delete remote.apiKey;
    delete remote.encryptedApiKey;
    this.dropped(
      new AppError(
        'remote-auth',
        'Everything was erased in another tab, your API key included. Reload the page, then set up the remote engine again.',
      ),
    );
  }

  private dropped(reason: AppError): void {
    for (const listener of this.#listeners) listener(reason);
  }

  private async run(action: () => Promise<void>): Promise<void> {
    this.#busy = true;
    try {
      await action();
    } finally {
      this.#busy = false;
    }
  }
}
