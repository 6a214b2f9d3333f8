/**
 * Cleans an interviewer reply as it streams, so the candidate only ever sees the question:
 *
 * - `<think>` reasoning is removed (some local models emit it even when told not to);
 * - a leading decision marker, `[FOLLOW-UP]` or `[NEXT]`, is read and hidden: it is how the
 *   model tells the code which of the allowed turns it chose (see state.ts);
 * - a leading speaker label ("Interviewer:") is hidden;
 * - if the model starts writing the candidate's part ("Candidate: …"), the reply is cut
 *   there and `cut` becomes true so the caller can stop the stream.
 *
 * Text that could still turn into one of those is held back for a few characters only.
 */
import { ThinkStripper } from '../think-strip';

export type TurnDecision = 'follow-up' | 'next';

const MARKER = /^\s*(?:\*\*)?\[\s*(follow[\s_-]?up|next(?:[\s_-]?question)?)\s*\](?:\*\*)?[ \t]*(?:\r?\n\s*)?/i;
const SPEAKER = /^\s*(?:\*\*)?(?:interviewer|ai|assistant)(?:\*\*)?\s*:(?:\*\*)?[ \t]*/i;
/** Longest prefix we wait on before deciding the reply has no marker/label. */
const HEAD_LIMIT = 32;
const CANDIDATE_LINE = /(?:^|\n)[ \t]*(?:\*\*)?(?:candidate|interviewee|applicant|me|you)(?:\*\*)?[ \t]*:/i;
/** Lines shorter than this are held until we know they are not a "Candidate:" label. */
const LINE_HOLD = 16;

export class ReplyFilter {
  private readonly think = new ThinkStripper();
  private head = '';
  private headDone = false;
  private text = '';
  private emitted = 0;
  /** Where the "Candidate:" search resumes: the newline before the last line (earlier lines had none). */
  private scanFrom = 0;
  private _decision: TurnDecision | undefined;
  private _cut = false;

  get decision(): TurnDecision | undefined {
    return this._decision;
  }

  /** True when the model began writing the candidate's part; nothing after that is kept. */
  get cut(): boolean {
    return this._cut;
  }

  /** Everything visible so far (including text still held back). */
  get visibleText(): string {
    return this.text;
  }

  /** Feeds a streamed piece; returns the newly visible text. */
  push(piece: string): string {
    if (this._cut) return '';
    return this.accept(this.think.push(piece), false);
  }

  /** Ends the stream; returns the remaining visible text. */
  flush(): string {
    if (this._cut) return '';
    return this.accept(this.think.flush(), true);
  }

  private accept(piece: string, final: boolean): string {
    if (!this.headDone) {
      this.head += piece;
      this.readHead(final);
      if (!this.headDone) return '';
      piece = this.head;
      this.head = '';
    }
    this.text += piece;
    // Only the last line can still turn into a label, so each piece costs its own length, not
    // the whole reply's: a fast stream delivers hundreds of pieces in one task.
    const found = this.text.slice(this.scanFrom).search(CANDIDATE_LINE);
    const cutAt = found >= 0 ? this.scanFrom + found : -1;
    this.scanFrom = Math.max(0, this.text.lastIndexOf('\n'));
    if (cutAt >= 0) {
      this.text = this.text.slice(0, cutAt).trimEnd();
      this._cut = true;
      return this.release(this.text.length);
    }
    if (final) {
      this.text = this.text.trimEnd();
      return this.release(this.text.length);
    }
    const lastLine = this.text.lastIndexOf('\n');
    const tail = this.text.length - (lastLine + 1);
    const safe = lastLine >= 0 && tail < LINE_HOLD ? lastLine : this.text.length;
    return this.release(safe);
  }

  private release(upTo: number): string {
    if (upTo <= this.emitted) return '';
    const out = this.text.slice(this.emitted, upTo);
    this.emitted = upTo;
    return out;
  }

  private readHead(final: boolean): void {
    for (;;) {
      const marker = MARKER.exec(this.head);
      if (marker) {
        // Only the first marker counts.
        this._decision ??= (marker[1] as string).toLowerCase().startsWith('f') ? 'follow-up' : 'next';
        this.head = this.head.slice(marker[0].length);
        continue;
      }
      const speaker = SPEAKER.exec(this.head);
      if (speaker) {
        this.head = this.head.slice(speaker[0].length);
        continue;
      }
      break;
    }
    const trimmed = this.head.trimStart();
    const couldBeMore =
      trimmed.length === 0 ||
      (trimmed.length < HEAD_LIMIT &&
        (/^(?:\*\*)?\[[^\]]*$/.test(trimmed) ||
          /^\*{1,2}$/.test(trimmed) ||
          /^(?:\*\*)?(?:i(?:n(?:t(?:e(?:r(?:v(?:i(?:e(?:w(?:e(?:r)?)?)?)?)?)?)?)?)?)?|a(?:i|s(?:s(?:i(?:s(?:t(?:a(?:n(?:t)?)?)?)?)?)?)?)?)(?:\*\*)?$/i.test(
            trimmed,
          )));
    if (final || !couldBeMore) {
      this.head = trimmed;
      this.headDone = true;
    }
  }
}

/** Cleans a complete reply (used for non-streamed turns and tests). */
export function cleanReply(text: string): { text: string; decision: TurnDecision | undefined; cut: boolean } {
  const filter = new ReplyFilter();
  filter.push(text);
  filter.flush();
  return { text: filter.visibleText, decision: filter.decision, cut: filter.cut };
}
