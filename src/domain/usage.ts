/** Token usage arithmetic shared by every request of both modes. */
import type { TokenUsage } from './chat';
import type { TokenCounter } from './tokens';

export function emptyUsage(): TokenUsage {
  return { promptTokens: 0, completionTokens: 0, totalTokens: 0 };
}

export function addUsage(total: TokenUsage, add: TokenUsage): TokenUsage {
  return {
    promptTokens: total.promptTokens + add.promptTokens,
    completionTokens: total.completionTokens + add.completionTokens,
    totalTokens: total.totalTokens + add.totalTokens,
  };
}

/** Usage of one request: the engine's report when it gave one, else our own count of what was sent and received. */
export function requestUsage(reported: TokenUsage | undefined, promptTokens: number, completion: string, count: TokenCounter): TokenUsage {
  if (reported) return reported;
  const completionTokens = completion === '' ? 0 : count(completion);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}
