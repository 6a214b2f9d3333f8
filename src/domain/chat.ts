/** The words of a conversation with a chat model: shared vocabulary of every layer (ports, app, adapters). */
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
