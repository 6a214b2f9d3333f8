import { describe, expect, it } from 'vitest';
import { readSseEvents, SseHtmlError, SseLimitError, SseParser, type SseEvent } from '../../../../src/adapters/llm/sse';

const encoder = new TextEncoder();

/** A realistic chat-completions stream: CRLF and LF endings, keep-alives, multi-byte text, multi-line data. */
const STREAM = [
  ': keep-alive\r\n\r\n',
  'data: {"choices":[{"delta":{"content":"Héllo"}}]}\r\n\r\n',
  'data: {"choices":[{"delta":{"content":" wörld 🎤 — 日本"}}]}\n\n',
  ': keep-alive\n',
  'event: note\r\nid: 7\r\ndata: line one\r\ndata: line two\r\n\r\n',
  'data:no-space\rdata:  two spaces\r\r',
  'retry: 1500\ndata: {"usage":{"total_tokens":9}}\n\n',
  'data: [DONE]\n\n',
].join('');

const EXPECTED: SseEvent[] = [
  { data: '{"choices":[{"delta":{"content":"Héllo"}}]}' },
  { data: '{"choices":[{"delta":{"content":" wörld 🎤 — 日本"}}]}' },
  { event: 'note', id: '7', data: 'line one\nline two' },
  { id: '7', data: 'no-space\n two spaces' },
  { id: '7', retry: 1500, data: '{"usage":{"total_tokens":9}}' },
  { id: '7', data: '[DONE]' },
];

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

async function collect(chunks: Uint8Array[]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSseEvents(streamOf(chunks))) events.push(event);
  return events;
}

function splitAt(bytes: Uint8Array, positions: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let start = 0;
  for (const p of [...positions, bytes.length]) {
    out.push(bytes.slice(start, p));
    start = p;
  }
  return out;
}

describe('readSseEvents', () => {
  const bytes = encoder.encode(STREAM);

  it('parses a whole stream delivered in one chunk', async () => {
    expect(await collect([bytes])).toEqual(EXPECTED);
  });

  it('gives the same events when the stream is split at any single byte position', async () => {
    // The stream holds 2-, 3- and 4-byte UTF-8 characters and \r\n pairs, so this covers
    // splits inside a character and between \r and \n.
    for (let p = 0; p <= bytes.length; p++) {
      const events = await collect(splitAt(bytes, [p]));
      expect(events, `split at byte ${p}`).toEqual(EXPECTED);
    }
  });

  it('gives the same events when every byte arrives on its own', async () => {
    const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
    expect(await collect(chunks)).toEqual(EXPECTED);
  });

  it('gives the same events for many random multi-way splits', async () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 12) }, () => Math.floor(random() * bytes.length)).sort((a, b) => a - b);
      expect(await collect(splitAt(bytes, cuts)), `cuts ${cuts.join(',')}`).toEqual(EXPECTED);
    }
  });

  it('discards an event cut off before its blank line', async () => {
    const cut = encoder.encode('data: {"a":1}\n\ndata: {"choices":[{"del');
    expect(await collect([cut])).toEqual([{ data: '{"a":1}' }]);
  });

  it('completes a line ended by a final lone \\r', async () => {
    expect(await collect([encoder.encode('data: x\r\r')])).toEqual([{ data: 'x' }]);
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(encoder.encode('data: tick\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of readSseEvents(body)) {
      expect(event.data).toBe('tick');
      break;
    }
    expect(cancelled).toBe(true);
  });

  it('propagates an error of the underlying stream', async () => {
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // First pull delivers an event; the next one fails like a reset connection.
        if (pulls++ === 0) controller.enqueue(encoder.encode('data: one\n\n'));
        else controller.error(new TypeError('network reset'));
      },
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const event of readSseEvents(body)) seen.push(event.data);
      })(),
    ).rejects.toThrow('network reset');
    expect(seen).toEqual(['one']);
  });
});

describe('SseParser', () => {
  it('ignores events without data and unknown fields', () => {
    const parser = new SseParser();
    expect(parser.push('event: ping\n\nfoo: bar\n\n:comment\n\n')).toEqual([]);
    expect(parser.push('data\n\n')).toEqual([{ data: '' }]);
  });

  it('holds back an unfinished line until it completes', () => {
    const parser = new SseParser();
    expect(parser.push('data: hel')).toEqual([]);
    expect(parser.push('lo\n')).toEqual([]);
    expect(parser.push('\n')).toEqual([{ data: 'hello' }]);
  });

  it('joins a line that arrives in many pieces only once, and still splits \r\n across chunks', () => {
    const parser = new SseParser();
    for (let i = 0; i < 1000; i++) expect(parser.push(i === 0 ? 'data: ' : 'ab')).toEqual([]);
    expect(parser.push('\r')).toEqual([]);
    expect(parser.push('\n\r\n')).toEqual([{ data: 'ab'.repeat(999) }]);
  });
});

describe('SseParser limits (issue 15, hole 8)', () => {
  it('refuses a line longer than the limit, even when it arrives in small pieces', () => {
    const parser = new SseParser({ maxLineChars: 100 });
    expect(parser.push(`data: ${'x'.repeat(90)}`)).toEqual([]);
    expect(() => parser.push('y'.repeat(20))).toThrow(SseLimitError);
  });

  it('refuses a whole line longer than the limit in one chunk', () => {
    const parser = new SseParser({ maxLineChars: 100 });
    expect(() => parser.push(`data: ${'x'.repeat(200)}\n`)).toThrow(expect.objectContaining({ kind: 'line', limit: 100 }));
  });

  it('refuses one event built of many short data lines past the same limit', () => {
    const parser = new SseParser({ maxLineChars: 100 });
    expect(() => parser.push('data: 0123456789\n'.repeat(20))).toThrow(expect.objectContaining({ kind: 'line' }));
  });

  it('refuses a stream longer than its limit, comments included', () => {
    const parser = new SseParser({ maxStreamChars: 1000 });
    expect(() => {
      for (let i = 0; i < 100; i++) parser.push(': keep-alive\n\n');
    }).toThrow(expect.objectContaining({ kind: 'stream', limit: 1000 }));
  });

  it('accepts lines up to the default 1 MiB limit', () => {
    const parser = new SseParser();
    const data = 'z'.repeat(1024 * 1024 - 6);
    expect(parser.push(`data: ${data}\n\n`)).toEqual([{ data }]);
  });

  it('recognises an HTML page by its first visible character', async () => {
    const page = encoder.encode('\n  <!doctype html><html><body>Sign in</body></html>');
    await expect(collect2(page, { rejectHtml: true })).rejects.toThrow(SseHtmlError);
    // Without the option (or for a real stream) nothing changes.
    expect(await collect2(encoder.encode('data: <b>\n\n'), { rejectHtml: true })).toEqual([{ data: '<b>' }]);
  });
});

async function collect2(bytes: Uint8Array, options: Parameters<typeof readSseEvents>[1]): Promise<SseEvent[]> {
  const events: SseEvent[] = [];
  for await (const event of readSseEvents(streamOf([bytes]), options)) events.push(event);
  return events;
}
