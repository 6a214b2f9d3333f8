/**
 * Esc stops a streaming reply (interview or twin) wherever focus is on the screen (the text
 * box, a button, the heading, the page itself), but never takes Esc from what owns it: a
 * key another handler already used (`defaultPrevented`), an IME composition, or an open
 * <dialog> (Esc closes the dialog, and only that).
 */

/** The parts of a KeyboardEvent this decision reads (kept small so it is testable without a DOM). */
export interface EscapeEvent {
  key: string;
  defaultPrevented: boolean;
  isComposing?: boolean;
  target: EventTarget | null;
}

interface MaybeElement {
  closest?: (selector: string) => unknown;
}

export function escapeStopsReply(event: EscapeEvent, busy: boolean, openDialog: () => boolean = () => false): boolean {
  if (event.key !== 'Escape' || !busy || event.defaultPrevented || event.isComposing) return false;
  const target = event.target as MaybeElement | null;
  if (typeof target?.closest === 'function' && target.closest('dialog, [role="dialog"], [role="alertdialog"]')) return false;
  return !openDialog();
}

/** True while a modal or non-modal <dialog> is open on the page. */
export function dialogIsOpen(): boolean {
  return typeof document !== 'undefined' && document.querySelector('dialog[open]') !== null;
}
