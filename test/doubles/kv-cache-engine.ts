/**
 * A ChatEngine double that keeps WebLLM's books: it wraps an engine that writes the replies
 * (a ScriptedChatEngine, say) and, for every request the app sends, applies WebLLM 0.2.86's
 * KV-cache reuse rule (webllm-reuse-rule.ts) to the request our WebLLM adapter would build
 * (`buildCompletionRequest`: system messages merged, a closing user message added, thinking
 * switched off for Qwen3). It counts prompt tokens, tokens prefilled (all after a reset, the
 * last round on a continuation), whether the cache was kept and why not, and tokens decoded.
 *
 * Like WebLLM it holds ONE engine state: any request (a JSON guideline, a summary) replaces
 * the conversation the next turn would have continued. Like WebLLM it stops a reply at
 * `maxTokens` with finishReason 'length', and a reply the caller stops (abort signal, or it
 * stops reading) ends as 'abort'; either one makes the next request start over.
 *
 * It answers instantly; time is computed from the counts (test/bench/kv/timeline.ts).
 */
import type { ChatEngine, ChatRequest, EngineInfo } from '../../src/ports/chat-engine';
import type { ChatDelta, ChatMessage, FinishReason } from '../../src/domain/chat';
import { buildCompletionRequest } from '../../src/adapters/llm/webllm-engine';
import type { TokenCounter } from '../../src/domain/tokens';
import { EMPTY_THINK_BLOCK, WebLLMCacheBook, type ReuseVerdict } from './webllm-reuse-rule';

export interface KvRecord {
  /** 0-based, in the order the requests arrived. */
  index: number;
  /** What the caller said was going on when the request arrived (`engine.phase`). */
  phase: string;
  /** The request asked for JSON. */
  json: boolean;
  /** The messages as WebLLM receives them (after our adapter's normalisation). */
  messages: ChatMessage[];
  promptTokens: number;
  prefilled: number;
  verdict: ReuseVerdict;
  /** Tokens decoded so far (the empty think block included when thinking is off). */
  decoded: number;
  /** The reply as the engine generated it (without the think block). */
  text: string;
  /** Undefined while streaming; 'error' when the wrapped engine failed. */
  finishReason?: FinishReason | 'error';
}

export interface KvCacheEngineOptions {
  /** Counts tokens (load gpt-tokenizer with `loadTokenCounter()` for realistic figures). */
  count: TokenCounter;
  /** A WebLLM model id; a Qwen3 id switches thinking off like the adapter does. */
  modelId?: string;
  contextWindow?: number;
}

export class KvCacheEngine implements ChatEngine {
  readonly info: EngineInfo;
  readonly contextWindow: number;
  readonly records: KvRecord[] = [];
  /** Set by the caller; copied into each record (e.g. "answer 3"). */
  phase = '';
  /** WebLLM's one engine state (the model, hence thinking on or off, is fixed per double). */
  private book: WebLLMCacheBook | undefined;
  private readonly count: TokenCounter;
  private readonly modelId: string;

  constructor(
    private readonly inner: ChatEngine,
    options: KvCacheEngineOptions,
  ) {
    this.count = options.count;
    this.modelId = options.modelId ?? 'Llama-3.2-3B-Instruct-q4f16_1-MLC';
    this.contextWindow = options.contextWindow ?? inner.contextWindow;
    this.info = { id: `webllm:${this.modelId}`, kind: 'webllm', label: `${this.modelId} (KV-cache double)`, model: this.modelId };
  }

  /** The request being (or last) streamed and how many tokens it has decoded: where a reader is now. */
  position(): { request: number; decoded: number } | undefined {
    const last = this.records.at(-1);
    return last ? { request: last.index, decoded: last.decoded } : undefined;
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatDelta> {
    const body = buildCompletionRequest(request, this.modelId) as { messages: ChatMessage[]; extra_body?: { enable_thinking?: boolean } };
    const thinkingOff = body.extra_body?.enable_thinking === false;
    this.book ??= new WebLLMCacheBook(this.count, thinkingOff);
    const turn = this.book.begin(body.messages);
    const record: KvRecord = {
      index: this.records.length,
      phase: this.phase,
      json: Boolean(request.json),
      messages: body.messages.map((m) => ({ role: m.role, content: m.content })),
      promptTokens: turn.promptTokens,
      prefilled: turn.prefilled,
      verdict: turn.verdict,
      decoded: thinkingOff ? this.count(EMPTY_THINK_BLOCK) : 0,
      text: '',
    };
    this.records.push(record);
    const thinkTokens = record.decoded;
    const limit = request.maxTokens ?? Number.POSITIVE_INFINITY;
    const finish = (reason: FinishReason | 'error') => {
      record.finishReason = reason;
      turn.finish(record.text, reason === 'error' ? 'error' : reason);
    };
    let ended = false;
    try {
      for await (const delta of this.inner.stream(request)) {
        if (delta.text) {
          let piece = delta.text;
          const fits = fitWithin(record.text, piece, limit - thinkTokens, this.count);
          const cut = fits < piece.length;
          piece = piece.slice(0, fits);
          record.text += piece;
          record.decoded = thinkTokens + this.count(record.text);
          if (piece) yield { text: piece };
          if (cut) {
            finish('length');
            ended = true;
            yield { finishReason: 'length', usage: this.usage(record) };
            return;
          }
        }
        if (delta.finishReason) {
          finish(delta.finishReason);
          ended = true;
          yield { finishReason: delta.finishReason, usage: this.usage(record) };
          return;
        }
      }
      finish('stop');
      ended = true;
      yield { finishReason: 'stop', usage: this.usage(record) };
    } catch (error) {
      if (!ended) finish(record.text ? 'abort' : 'error');
      ended = true;
      throw error;
    } finally {
      // The caller stopped reading: WebLLM's asyncGenerate calls triggerStop(), finishReason 'abort'.
      if (!ended) finish('abort');
    }
  }

  /** WebLLM's usage chunk: `prompt_tokens` is what this round prefilled. */
  private usage(record: KvRecord) {
    return { promptTokens: record.prefilled, completionTokens: record.decoded, totalTokens: record.prefilled + record.decoded };
  }
}

/** How many characters of `piece` fit after `text` within `limit` tokens. */
function fitWithin(text: string, piece: string, limit: number, count: TokenCounter): number {
  if (count(text + piece) <= limit) return piece.length;
  let lo = 0;
  let hi = piece.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (count(text + piece.slice(0, mid)) <= limit) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
