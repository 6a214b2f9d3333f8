/**
 * An incremental Server-Sent-Events parser for `fetch` response bodies, following the
 * WHATWG "event stream interpretation" rules. Network chunks may split a stream at any
 * byte: inside a multi-byte UTF-8 character, between `\r` and `\n`, inside a field name.
 * The parser therefore keeps undecoded bytes and unfinished lines between chunks and only
 * acts on complete lines.
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

/** Text-level state machine: feed decoded text, get complete events back. */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private hasData = false;
  private eventType: string | undefined;
  private lastId: string | undefined;
  private retry: number | undefined;

  /** Feeds more text; returns the events completed by it (possibly none). */
  push(text: string): SseEvent[] {
    this.buffer += text;
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const lf = this.buffer.indexOf('\n', start);
      const cr = this.buffer.indexOf('\r', start);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A lone `\r` at the very end may be the first half of `\r\n`: wait for the next chunk.
        if (cr === this.buffer.length - 1) break;
        end = cr;
        next = this.buffer[cr + 1] === '\n' ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else {
        break;
      }
      const event = this.line(this.buffer.slice(start, end));
      if (event) events.push(event);
      start = next;
    }
    this.buffer = this.buffer.slice(start);
    return events;
  }

  /**
   * Ends the stream. A trailing `\r` still completes its line; an event without its blank
   * line is discarded, as the spec says, so a stream cut mid-event never yields half a JSON.
   */
  end(): SseEvent[] {
    const events = this.buffer.endsWith('\r') ? this.push('\n') : [];
    this.buffer = '';
    this.resetEvent();
    return events;
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
    this.hasData = false;
    this.eventType = undefined;
    this.retry = undefined;
  }
}

/**
 * Reads a byte stream as SSE events. `TextDecoder` in streaming mode holds back the
 * incomplete bytes of a character split across chunks, so no character is ever mangled.
 * Stopping the iteration early (break / throw) cancels the underlying reader.
 */
export async function* readSseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const parser = new SseParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    finished = true;
    yield* parser.push(decoder.decode());
    yield* parser.end();
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
