/**
 * Removes `<think>…</think>` blocks from streamed model text.
 *
 * Qwen3 and other reasoning models may emit their private reasoning between these tags even
 * when thinking is switched off (the chat template then emits an empty block). The candidate
 * should never see it, and a streamed reply may split a tag anywhere (`<thi` + `nk>`), so the
 * stripper holds back only the few characters that could still become a tag.
 */
const OPEN = '<think>';
const CLOSE = '</think>';

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagLength(text: string, tag: string): number {
  const max = Math.min(text.length, tag.length - 1);
  for (let k = max; k > 0; k--) {
    if (text.endsWith(tag.slice(0, k))) return k;
  }
  return 0;
}

export class ThinkStripper {
  private pending = '';
  private inThink = false;
  /** After a think block the model usually writes blank lines; they are not part of the reply. */
  private trimLeading = false;

  /** Feeds one streamed piece; returns the visible text that is now certain. */
  push(piece: string): string {
    this.pending += piece;
    let out = '';
    for (;;) {
      if (this.inThink) {
        const end = this.pending.indexOf(CLOSE);
        if (end === -1) {
          // Reasoning is discarded as it arrives; keep only what might start the closing tag.
          this.pending = this.pending.slice(this.pending.length - partialTagLength(this.pending, CLOSE));
          return out;
        }
        this.pending = this.pending.slice(end + CLOSE.length);
        this.inThink = false;
        this.trimLeading = true;
        continue;
      }
      const start = this.pending.indexOf(OPEN);
      if (start === -1) {
        const keep = partialTagLength(this.pending, OPEN);
        out += this.visible(this.pending.slice(0, this.pending.length - keep));
        this.pending = this.pending.slice(this.pending.length - keep);
        return out;
      }
      out += this.visible(this.pending.slice(0, start));
      this.pending = this.pending.slice(start + OPEN.length);
      this.inThink = true;
    }
  }

  /**
   * Ends the stream. Held-back characters that never became a tag are real text; an unclosed
   * think block (the reply was cut off mid-reasoning) shows nothing.
   */
  flush(): string {
    const rest = this.inThink ? '' : this.pending;
    this.pending = '';
    this.inThink = false;
    return this.visible(rest);
  }

  private visible(text: string): string {
    if (!this.trimLeading || text === '') return text;
    const trimmed = text.replace(/^\s+/, '');
    if (trimmed !== '') this.trimLeading = false;
    return trimmed;
  }
}
