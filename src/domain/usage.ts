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

/** What keeps usage: a session record (its total, and since issue 16 the same split per engine). */
export interface UsageKeeper {
  usage: TokenUsage;
  usageByEngine?: Record<string, TokenUsage>;
}

/** The record with one request's usage added to its total and to the engine that served it. */
export function withEngineUsage<T extends UsageKeeper>(record: T, engineId: string, add: TokenUsage): T {
  const byEngine = record.usageByEngine ?? {};
  return {
    ...record,
    usage: addUsage(record.usage, add),
    usageByEngine: { ...byEngine, [engineId]: addUsage(byEngine[engineId] ?? emptyUsage(), add) },
  };
}

export interface EngineUsage {
  engineId: string;
  /** The engine's label as the session's engine log last named it (its id when the log does not). */
  label: string;
  usage: TokenUsage;
}

/**
 * The split for display, in the order the engines were first used (the engine log's order,
 * then any it does not name). Empty for sessions from before the split was kept: they show
 * only their total.
 */
export function usagePerEngine(
  record: Pick<UsageKeeper, 'usageByEngine'>,
  engines: readonly { engineId: string; label: string }[],
): EngineUsage[] {
  const byEngine = record.usageByEngine ?? {};
  const order = [...new Set([...engines.map((e) => e.engineId), ...Object.keys(byEngine)])];
  return order.flatMap((engineId) => {
    const usage = byEngine[engineId];
    if (!usage || usage.totalTokens <= 0) return [];
    const label = engines.findLast((e) => e.engineId === engineId)?.label ?? engineId;
    return [{ engineId, label, usage }];
  });
}
