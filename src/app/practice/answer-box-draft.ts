/**
 * The answer box's unsent text for one interview: kept with the session after a pause (at once
 * when the page is hidden), with a rescue copy in Web Storage for a page that closes before
 * IndexedDB finishes. A tab that lost the interview to another tab writes nothing.
 */
import { DraftKeeper } from '../drafts/draft-keeper.svelte';
import type { ConversationOwnership } from '../conversation-ownership.svelte';
import type { AnswerDraft } from '../../domain/records';
import type { AnswerExtras, DraftInput } from './answer-drafts';
import { draftOf, parseRescuedAnswer, rescueKey, sameDraft } from './answer-draft';

export class AnswerBoxDraft {
  readonly #keeper: DraftKeeper<DraftInput>;
  readonly #ownership: ConversationOwnership;

  constructor(
    sessionId: string,
    save: (sessionId: string, draft: DraftInput | undefined) => Promise<void>,
    ownership: ConversationOwnership,
    storage?: Storage,
  ) {
    this.#ownership = ownership;
    this.#keeper = new DraftKeeper<DraftInput>({
      save: async (draft) => (ownership.canWrite ? save(sessionId, draft) : undefined),
      key: rescueKey(sessionId),
      parse: parseRescuedAnswer,
      same: sameDraft,
      ...(storage ? { storage } : {}),
    });
  }

  /** The unsent answer could not be saved on this device (it is still in the box). */
  get failed(): boolean {
    return this.#keeper.failed;
  }

  /** What the box held: the rescue copy a closing page could not save, else the stored draft. */
  restore(stored: AnswerDraft | undefined): DraftInput | undefined {
    const draft = this.#keeper.restore(stored && { ...stored });
    return draft?.text ? draft : undefined;
  }

  /** The box changed: kept with the session after a pause (at once when the page is hidden). */
  keep(text: string, extras: AnswerExtras | null): void {
    if (this.#ownership.canWrite) this.#keeper.change(draftOf(text, extras) ?? { text: '' });
  }

  /** Listens for the page being hidden or closed, so the box is saved then; returns the remover. */
  watchPage(): () => void {
    return this.#keeper.watchPage();
  }

  flush(): Promise<void> {
    return this.#keeper.flush();
  }

  /** The interview is finished (or opened as a report): no draft is kept any more. */
  discard(): void {
    this.#keeper.discard();
  }
}
