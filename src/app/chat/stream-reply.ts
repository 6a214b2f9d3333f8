/**
 * The one stream loop of both modes. It relays the user's Stop to the engine, lets the caller
 * cut a reply short, saves the reply while it streams (StreamingWriter), and always returns:
 * how the reply ended is a value, not an exception, so every caller has one branch for a
 * stopped, cut, truncated or failed reply, each with the partial text kept.
 */
import type { ChatEngine, ChatRequest } from '../../ports/chat-engine';
import type { TokenUsage } from '../../domain/chat';
import { AppError, isAbortError, toAppError } from '../../domain/errors';
import { StreamingWriter } from './streaming-writer';

/** complete: the engine finished · length: cut by maxTokens · stopped: the user's Stop · cut: the caller's cut · failed: an error. */
export type ReplyEnd = 'complete' | 'length' | 'stopped' | 'cut' | 'failed';

export interface StreamedReply {
  /** Exactly what the engine generated (before any display filter): what it is sent back as history. */
  raw: string;
  usage?: TokenUsage;
  end: ReplyEnd;
  /** Set when `end` is 'failed'. */
  error?: AppError;
}

export interface StreamReplyOptions {
  /** The user's Stop. */
  signal?: AbortSignal;
  /** Each new piece of text and the whole so far; return 'cut' to end the reply here. */
  onText?: (delta: string, raw: string) => 'cut' | void;
  /** Saves the reply while it streams (at once, then at most once per interval, then after a stall). */
  save?: { write: (incomplete: boolean) => Promise<void>; now: () => number; intervalMs?: number };
}

export async function streamReply(
  engine: ChatEngine,
  request: Omit<ChatRequest, 'signal'>,
  options: StreamReplyOptions = {},
): Promise<StreamedReply> {
  const own = new AbortController();
  const relay = () => own.abort(options.signal?.reason);
  if (options.signal?.aborted) relay();
  else options.signal?.addEventListener('abort', relay, { once: true });
  const writer = options.save ? new StreamingWriter(options.save.write, options.save.now, options.save.intervalMs) : undefined;
  let raw = '';
  let usage: TokenUsage | undefined;
  let truncated = false;
  let cut = false;
  let error: AppError | undefined;
  try {
    for await (const delta of engine.stream({ ...request, signal: own.signal })) {
      if (delta.usage) usage = delta.usage;
      if (delta.finishReason === 'length') truncated = true;
      if (!delta.text || cut) continue;
      raw += delta.text;
      if (options.onText?.(delta.text, raw) === 'cut') {
        cut = true;
        own.abort(new AppError('aborted', 'Cut: the reply went past what it should say.'));
        continue;
      }
      await writer?.update();
    }
  } catch (caught) {
    // An abort we asked for is an ending, not a failure (engines end such a stream normally; this guards any that throw).
    if (!(own.signal.aborted && isAbortError(caught))) error = toAppError(caught);
  } finally {
    options.signal?.removeEventListener('abort', relay);
  }
  try {
    await writer?.settle();
  } catch (caught) {
    error ??= toAppError(caught);
  }
  const end: ReplyEnd = error ? 'failed' : cut ? 'cut' : options.signal?.aborted ? 'stopped' : truncated ? 'length' : 'complete';
  return { raw, end, ...(usage ? { usage } : {}), ...(error ? { error } : {}) };
}

/** A whole reply for a side task (guideline, feedback, summary): a stop or failure throws, nothing partial is kept. */
export async function collectReply(engine: ChatEngine, request: ChatRequest): Promise<{ text: string; usage?: TokenUsage }> {
  const { signal, ...rest } = request;
  const reply = await streamReply(engine, rest, signal ? { signal } : {});
  if (reply.end === 'failed') throw reply.error;
  if (reply.end === 'stopped') throw new AppError('aborted', 'Stopped.');
  return reply.usage ? { text: reply.raw, usage: reply.usage } : { text: reply.raw };
}
