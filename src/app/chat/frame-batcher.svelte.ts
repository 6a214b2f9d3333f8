/**
 * Streamed text for the screen, batched to one update per animation frame (a microtask where
 * there are no frames: tests, workers), so a conversation re-renders ~60×/s at most, not per
 * token. Both modes show a streaming reply through one of these.
 */
export type FrameScheduler = (flush: () => void) => void;

function defaultScheduler(): FrameScheduler {
  if (typeof requestAnimationFrame === 'function') return (flush) => void requestAnimationFrame(() => flush());
  return (flush) => queueMicrotask(flush);
}

export class FrameBatcher {
  #text = $state('');
  #buffered = '';
  #queued = false;
  readonly #schedule: FrameScheduler;

  constructor(schedule: FrameScheduler = defaultScheduler()) {
    this.#schedule = schedule;
  }

  /** The text shown so far. */
  get text(): string {
    return this.#text;
  }

  /** Adds newly streamed text; it shows on the next frame. */
  push(delta: string): void {
    this.#buffered += delta;
    if (this.#queued) return;
    this.#queued = true;
    this.#schedule(() => {
      this.#queued = false;
      if (this.#buffered === '') return;
      this.#text += this.#buffered;
      this.#buffered = '';
    });
  }

  /** Clears the text (a new reply, or one being replaced). A frame queued earlier that never ran (hidden tab) is forgotten. */
  reset(): void {
    this.#buffered = '';
    this.#text = '';
    this.#queued = false;
  }
}
