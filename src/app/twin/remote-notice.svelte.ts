/**
 * Remote mode's promise that the user knows where their words go: before the first question
 * to a host the user has not been told about, the question is held and the screen asks; it is
 * sent only once the user agrees (and the host is remembered), or dropped if they cancel.
 */
export interface RemoteHost {
  /** The host that would receive the text, or null for on-device engines. */
  host(): string | null;
  needsNotice(): boolean;
  acknowledge(): Promise<void>;
}

export interface HeldQuestion {
  host: string;
  question: string;
}

export class RemoteNotice {
  #held = $state.raw<HeldQuestion | undefined>(undefined);
  #confirming = false;

  constructor(private readonly remote: RemoteHost | undefined) {}

  /** The question waiting for the user's answer to the notice. */
  get held(): HeldQuestion | undefined {
    return this.#held;
  }

  /** True when `question` must wait for the notice (it is then held). */
  holds(question: string): boolean {
    const host = this.remote?.host();
    if (!host || !this.remote?.needsNotice()) return false;
    this.#held = { host, question };
    return true;
  }

  /**
   * The user agreed: the host is remembered and the held question is returned to be sent.
   * Throws when the host cannot be remembered (the question stays held). Undefined when
   * nothing is held or a confirm is already under way (a double click).
   */
  async confirm(): Promise<string | undefined> {
    const held = this.#held;
    if (!held || this.#confirming) return undefined;
    this.#confirming = true;
    try {
      await this.remote?.acknowledge();
    } finally {
      this.#confirming = false;
    }
    this.#held = undefined;
    return held.question;
  }

  cancel(): void {
    this.#held = undefined;
  }
}
