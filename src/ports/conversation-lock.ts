/**
 * One tab owns an open conversation (an interview or a twin chat) at a time. Another tab that
 * opens it gets a claim that is not owned: it shows the conversation read-only with "Open in
 * another tab — continue here", and `takeOver()` moves ownership to it. The owner hears that it
 * lost the conversation through `onChange(false)`.
 *
 * Non-owners wait in line: when the owner lets go (leaves the screen or closes its tab), the
 * next tab that claimed the conversation becomes its owner and hears `onChange(true)` (it should
 * read the conversation again before writing, since the other tab saved more).
 *
 * The storage rule (a stale session write is refused, `stale-session`) stays the safety net:
 * the lock keeps two tabs from typing into one conversation, the revision keeps a stale one
 * from rolling it back.
 */
export interface ConversationLock {
  /**
   * Claims `conversationId` for this tab without waiting: the claim is owned at once when no
   * other tab holds it, and otherwise waits in line (see above). Release it when the screen goes.
   */
  claim(conversationId: string): Promise<ConversationClaim>;
  /**
   * True when claims exclude other tabs (Web Locks); false in the fallback, where they only
   * exclude other claims in this tab and a takeover is heard through BroadcastChannel.
   */
  readonly acrossTabs: boolean;
}

export interface ConversationClaim {
  readonly conversationId: string;
  /** Whether this tab owns the conversation now. */
  readonly owned: boolean;
  /** Hears every change of `owned` (lost to a takeover; gained when the owner let go). Returns a stop function. */
  onChange(listener: (owned: boolean) => void): () => void;
  /** "Continue here": takes the conversation from the tab that has it. Resolves once owned. */
  takeOver(): Promise<void>;
  /** The owner saved something: tells read-only tabs showing this conversation to read it again. */
  announceChange(): void;
  /** Hears `announceChange()` of other tabs for this conversation. Returns a stop function. */
  onRemoteChange(listener: () => void): () => void;
  /** Lets the conversation go (and leaves the line); the claim is done. Safe to call twice. */
  release(): void;
}
