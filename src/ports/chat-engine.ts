export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'abort';

/** One streamed piece of a reply. `text` pieces concatenate to the full reply. */
export interface ChatDelta {
  text?: string;
  /** Present at most once, usually on the last delta, when the engine reports usage. */
  usage?: TokenUsage;
  finishReason?: FinishReason;
}

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

export interface ChatEngine {
  readonly info: EngineInfo;
  /** Context window in tokens (prompt + reply). */
  readonly contextWindow: number;
  /**
   * Streams a reply. Throws AppError (code `aborted` when the signal fires before any text;
   * after text has arrived an abort ends the stream with finishReason 'abort').
   */
  stream(request: ChatRequest): AsyncIterable<ChatDelta>;
}
