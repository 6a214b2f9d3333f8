/**
 * The interviewer's reply while it streams, as the screen shows it: the text so far (batched
 * once per animation frame, so the conversation re-renders ~60×/s at most, not per token), and
 * why it has not started yet when the turn waits for background work.
 */
import { FrameBatcher, type FrameScheduler } from '../chat/frame-batcher.svelte';
import type { MessageRecord } from '../../domain/records';
import type { TurnCallbacks } from './interviewer-turn';

export class ReplyStream {
  readonly #text: FrameBatcher;
  /** True while a reply streams into `text` (its saved partial copy is not shown twice). */
  #active = $state(false);
  #waiting = $state<string | null>(null);

  constructor(schedule?: FrameScheduler) {
    this.#text = new FrameBatcher(schedule);
  }

  get text(): string {
    return this.#text.text;
  }
  get active(): boolean {
    return this.#active;
  }
  /** A status line while the turn waits ("Getting the next question ready…"), else null. */
  get waiting(): string | null {
    return this.#waiting;
  }

  /**
   * Runs one turn, streaming its reply here; `firstWords` is called once when the first text
   * arrives. Errors pass through; the stream is cleared whatever happens.
   */
  async run(operation: (callbacks: TurnCallbacks) => Promise<MessageRecord>, firstWords: () => void): Promise<void> {
    this.#text.reset();
    this.#active = true;
    let started = false;
    try {
      await operation({
        onDelta: (text) => {
          this.#waiting = null;
          this.#text.push(text);
          if (!started) firstWords();
          started = true;
        },
        onReset: () => this.#text.reset(),
        onWaiting: (status) => (this.#waiting = status),
      });
    } finally {
      this.#waiting = null;
      this.#active = false;
      this.#text.reset();
    }
  }
}
