/** True while an interview or twin reply is in progress: the update toast waits for it. */
export class Busy {
  #value = $state(false);

  get value(): boolean {
    return this.#value;
  }

  /** The screen with a reply in progress says when it starts and when it is over. */
  set(value: boolean): void {
    this.#value = value;
  }
}
