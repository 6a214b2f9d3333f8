/**
 * Which tab may write an open conversation (a practice interview or a twin chat), as the
 * screen sees it. Built on the ConversationLock port: this tab claims the conversation when it
 * opens it; when another tab owns it, this one is read-only (`readOnly`) and offers "Continue
 * here" (`takeOver`). A tab that gains ownership (it continued here, or the owner let go) reads
 * the conversation again from storage (`regained`) before `canWrite` turns true, since the
 * other tab saved more. The owner tells read-only tabs when it saved (`announce`), and they read
 * it again (`changed`).
 *
 * Without a lock (unit tests of the sessions, or no lock wired) the tab simply owns everything.
 * The storage revision rule (`stale-session`) stays the safety net behind this.
 */
import type { ConversationClaim, ConversationLock } from '../ports/conversation-lock';
import { toAppError, type AppError } from '../domain/errors';

export interface OwnershipHooks {
  /** This tab owns the conversation again: read it from storage (writes wait until this ends). */
  regained(): Promise<void>;
  /** Another tab took the conversation: stop what is running here (it must not write on). */
  lost?(): void;
  /** The owning tab saved: read the conversation again to show it. */
  changed?(): Promise<void>;
}

/** 'free': no lock, this tab writes; 'rejoining': owned, reading the latest copy before writing. */
export type Ownership = 'free' | 'owned' | 'read-only' | 'rejoining';

export class ConversationOwnership {
  #state = $state<Ownership>('free');
  #error = $state<AppError | undefined>(undefined);
  #claim: ConversationClaim | undefined;
  #hooks: OwnershipHooks | undefined;
  /** Moves on with every claim and release: an answer that arrives for an older one is dropped. */
  #generation = 0;
  /** "Continue here" is under way (its own gain of ownership is not a second rejoin). */
  #taking = false;

  constructor(private readonly lock: ConversationLock | undefined) {}

  get state(): Ownership {
    return this.#state;
  }
  /** Another tab owns the conversation: show it, write nothing. */
  get readOnly(): boolean {
    return this.#state === 'read-only';
  }
  /** This tab may write now (it owns the conversation and has read its latest copy). */
  get canWrite(): boolean {
    return this.#state === 'free' || this.#state === 'owned';
  }
  /** Reading the conversation again after a change or a takeover failed. */
  get error(): AppError | undefined {
    return this.#error;
  }
  get conversationId(): string | undefined {
    return this.#claim?.conversationId;
  }

  /** Claims `conversationId` for this tab (letting any earlier one go); resolves once it is known whether it owns it. */
  async claim(conversationId: string, hooks: OwnershipHooks): Promise<void> {
    if (this.#claim?.conversationId === conversationId) {
      this.#hooks = hooks;
      return;
    }
    this.release();
    this.#hooks = hooks;
    if (!this.lock) return;
    const generation = this.#generation;
    const claim = await this.lock.claim(conversationId);
    if (generation !== this.#generation) return claim.release();
    this.#claim = claim;
    this.#state = claim.owned ? 'owned' : 'read-only';
    claim.onChange((owned) => {
      if (generation !== this.#generation) return;
      // A takeover of ours hears this too: it reads the conversation itself (below), once.
      if (owned && !this.#taking) void this.#rejoin(generation);
      else if (owned) return;
      else {
        this.#state = 'read-only';
        this.#hooks?.lost?.();
      }
    });
    claim.onRemoteChange(() => {
      if (generation === this.#generation && this.#state === 'read-only') void this.#refresh(generation);
    });
  }

  /** "Continue here": this tab takes the conversation, reads it again, then may write. */
  async takeOver(): Promise<void> {
    const claim = this.#claim;
    if (!claim || this.#state !== 'read-only') return;
    const generation = this.#generation;
    this.#state = 'rejoining';
    this.#taking = true;
    try {
      await claim.takeOver();
    } catch (error) {
      if (generation === this.#generation) {
        this.#state = 'read-only';
        this.#error = toAppError(error);
      }
      return;
    } finally {
      this.#taking = false;
    }
    await this.#rejoin(generation);
  }

  /** This tab saved: read-only tabs showing the conversation read it again. */
  announce(): void {
    if (this.#state === 'owned') this.#claim?.announceChange();
  }

  /** The conversation is closed here (the screen goes, another one opens): another tab may own it. */
  release(): void {
    this.#generation++;
    this.#claim?.release();
    this.#claim = undefined;
    this.#hooks = undefined;
    this.#state = 'free';
    this.#error = undefined;
  }

  async #rejoin(generation: number): Promise<void> {
    this.#state = 'rejoining';
    this.#error = undefined;
    try {
      await this.#hooks?.regained();
    } catch (error) {
      if (generation === this.#generation) this.#error = toAppError(error);
    }
    // Lost again while reading (another tab continued meanwhile): stay read-only.
    if (generation === this.#generation && this.#claim?.owned) this.#state = 'owned';
    else if (generation === this.#generation) this.#state = 'read-only';
  }

  async #refresh(generation: number): Promise<void> {
    try {
      await this.#hooks?.changed?.();
      if (generation === this.#generation) this.#error = undefined;
    } catch (error) {
      if (generation === this.#generation) this.#error = toAppError(error);
    }
  }
}
