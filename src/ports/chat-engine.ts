import type { ChatDelta, ChatMessage } from '../domain/chat';

export interface ChatRequest {
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for a JSON object; a JSON schema lets engines that can constrain decoding do so. */
  json?: boolean | { schema: Record<string, unknown> };
  signal?: AbortSignal;
}

export type EngineKind = 'webllm' | 'prompt-api' | 'remote';

/** What the UI shows next to every reply: which engine wrote it and where the words went. */
export interface EngineInfo {
  /** Stable id, e.g. `webllm:Llama-3.2-3B-Instruct-q4f16_1-MLC` or `remote:api.groq.com:llama-3.3-70b-versatile`. */
  id: string;
  kind: EngineKind;
  /** Human label, e.g. "Llama-3.2-3B on this device" or "Groq · llama-3.3-70b-versatile". */
  label: string;
  model: string;
  /** Host that receives the text; undefined for on-device engines. */
  host?: string;
}

/**
 * A chat model the app can talk to: WebLLM on this device, Chrome's built-in model, or a
 * remote OpenAI-compatible server.
 *
 * The abort contract, one for every engine, so callers carry one branch:
 * - When `request.signal` fires (the user's Stop, or the app's own cut), at any moment —
 *   before the request started, before the first token, mid-stream — `stream()` does not
 *   throw for it. It ends normally, and its last delta is `{ finishReason: 'abort' }`
 *   (with usage when the engine knows it). The text yielded before is the partial reply;
 *   it may be empty.
 * - A reply cut by `maxTokens` ends with finishReason 'length'; a normal end with 'stop'.
 * - Any other failure throws an AppError (never code 'aborted'); the text yielded before it
 *   is what arrived.
 * Exactly one delta carries a finishReason, and it is the last one.
 */
export interface ChatEngine {
  readonly info: EngineInfo;
  /** Context window in tokens (prompt + reply). */
  readonly contextWindow: number;
  /** Streams a reply, keeping the abort contract above. */
  stream(request: ChatRequest): AsyncIterable<ChatDelta>;
  /**
   * Optional capability: true once this engine can never answer again (the GPU device was
   * lost); whoever holds it builds a new one. Engines that cannot be lost leave it out.
   */
  readonly lost?: boolean;
}
