/** The list of engines that wrote a session's replies: a new entry only when the engine changes. */
import type { EngineSwitch } from './records';

export function withEngine(
  engines: readonly EngineSwitch[],
  engine: { id: string; label: string },
  at: number,
): EngineSwitch[] | undefined {
  if (engines.at(-1)?.engineId === engine.id) return undefined;
  return [...engines, { at, engineId: engine.id, label: engine.label }];
}
