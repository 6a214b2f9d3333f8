/**
 * An incremental Server-Sent-Events parser for `fetch` response bodies, following the
 * WHATWG "event stream interpretation" rules. Network chunks may split a stream at any
 * byte: inside a multi-byte UTF-8 character, between `\r` and `\n`, inside a field name.
 * The parser therefore keeps undecoded bytes and unfinished lines between chunks and only
 * acts on complete lines.
 *
 * The server on the other end is not trusted, so the parser is linear and bounded:
 * - each character is scanned once: an unfinished line is kept as a list of pieces and
 *   joined only when its line break arrives (appending to one string and searching it again
 *   on every chunk took 10 s for one 8 MB line);
 * - a line, and the data of one event, may hold at most `maxLineChars` characters; the
 *   whole stream at most `maxStreamChars`. Past a limit the parser throws an `SseLimitError`.
 */

export interface SseEvent {
  /** The `event:` field; absent means the default "message" type. */
  event?: string;
  /** All `data:` lines of the event joined with `\n`. */
  data: string;
  id?: string;
  /** `retry:` in milliseconds, when the server sent a valid one. */
  retry?: number;
}

export interface SseLimits {
  /** Longest line, and longest data of one event, in characters. */
  maxLineChars?: number;
  /** Most characters the whole stream may carry (comments included). */
  maxStreamChars?: number;
}

/** 1 MiB characters: a chat chunk is a few hundred; a megabyte line is no stream we can use. */
export const DEFAULT_MAX_LINE_CHARS = 1024 * 1024;

export type SseLimitKind = 'line' | 'stream';

/** The stream broke a size limit; the reader stops at once. */
export class SseLimitError extends Error {
  constructor(
    readonly kind: SseLimitKind,
    readonly limit: number,
  ) {
    super(kind === 'line' ? `SSE line longer than ${limit} characters` : `SSE stream longer than ${limit} characters`);
    this.name = 'SseLimitError';
  }
}

/** Text-level state machine: feed decoded text, get complete events back. */
export class SseParser {
  /** Pieces of the unfinished line, joined only once its break arrives. */
  private pending: string[] = [];
  private pendingChars = 0;
  /** The last chunk ended with `\r`: a `\n` at the start of the next one belongs to it. */
  private afterCr = false;
  private data: string[] = [];
  private dataChars = 0;
  private hasData = false;
  private eventType: string | undefined;
  private lastId: string | undefined;
  private retry: number | undefined;
  private streamChars = 0;
  private readonly maxLineChars: number;
  private readonly maxStreamChars: number;

  constructor(limits: SseLimits = {}) {
    this.maxLineChars = limits.maxLineChars ?? DEFAULT_MAX_LINE_CHARS;
    this.maxStreamChars = limits.maxStreamChars ?? Number.POSITIVE_INFINITY;
  }

  /** Feeds more text; returns the events completed by it (possibly none). Throws SseLimitError. */
  push(text: string): SseEvent[] {
    this.streamChars += text.length;
    if (this.streamChars > this.maxStreamChars) throw new SseLimitError('stream', this.maxStreamChars);
    const events: SseEvent[] = [];
    let start = 0;
    if (this.afterCr) {
      this.afterCr = false;
      if (text.startsWith('\n')) start = 1;
    }
    // The next `\r` and `\n` are each searched for once per chunk, not once per line, so a
    // chunk of many `\n` lines without any `\r` stays linear.
    let cr = -2;
    let lf = -2;
    for (;;) {
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) break;
      const event = this.line(this.takeLine(text.slice(start, end)));
      if (event) events.push(event);
      if (end === cr) {
        if (end + 1 === text.length) this.afterCr = true;
        start = text[end + 1] === '\n' ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
    if (start < text.length) this.keep(text.slice(start));
    return events;
  }

  /**
   * Ends the stream. An unfinished line and an event without its blank line are discarded,
   * as the spec says, so a stream cut mid-event never yields half a JSON.
   */
  end(): SseEvent[] {
    this.pending = [];
    this.pendingChars = 0;
    this.afterCr = false;
    this.resetEvent();
    return [];
  }

  private keep(piece: string): void {
    this.pendingChars += piece.length;
    if (this.pendingChars > this.maxLineChars) throw new SseLimitError('line', this.maxLineChars);
    this.pending.push(piece);
  }

  private takeLine(tail: string): string {
    if (this.pending.length === 0) {
      if (tail.length > this.maxLineChars) throw new SseLimitError('line', this.maxLineChars);
      return tail;
    }
    this.keep(tail);
    const line = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    return line;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return undefined; // comment, e.g. `: keep-alive`
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        // Many short data lines without a blank line would build one huge event: same limit.
        this.dataChars += value.length + 1;
        if (this.dataChars > this.maxLineChars) throw new SseLimitError('line', this.maxLineChars);
        this.data.push(value);
        this.hasData = true;
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        // Unknown fields are ignored by the spec.
        break;
    }
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    if (!this.hasData) {
      this.resetEvent();
      return undefined;
    }
    const event: SseEvent = { data: this.data.join('\n') };
    if (this.eventType !== undefined && this.eventType !== '') event.event = this.eventType;
    if (this.lastId !== undefined) event.id = this.lastId;
    if (this.retry !== undefined) event.retry = this.retry;
    this.resetEvent();
    return event;
  }

  private resetEvent(): void {
    this.data = [];
    this.dataChars = 0;
    this.hasData = false;
    this.eventType = undefined;
    this.retry = undefined;
  }
}

/**
 * Reads a byte stream as SSE events. `TextDecoder` in streaming mode holds back the
 * incomplete bytes of a character split across chunks, so no character is ever mangled.
 * Stopping the iteration early (break / throw) cancels the underlying reader, and so does
 * a broken limit (SseLimitError) or the first visible character being `<` (an HTML page,
 * SseHtmlError) when `rejectHtml` is set.
 */
export async function* readSseEvents(
  body: ReadableStream<Uint8Array>,
  options: SseLimits & { rejectHtml?: boolean } = {},
): AsyncGenerator<SseEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser(options);
  let sniffing = options.rejectHtml === true;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (sniffing) {
        const first = /\S/.exec(text);
        if (first) {
          sniffing = false;
          if (first[0] === '<') throw new SseHtmlError();
        }
      }
      yield* parser.push(text);
    }
    finished = true;
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/** The body began with `<`: an HTML page (a proxy's login or error page), not an event stream. */
export class SseHtmlError extends Error {
  constructor() {
    super('The stream is an HTML page');
    this.name = 'SseHtmlError';
  }
}
