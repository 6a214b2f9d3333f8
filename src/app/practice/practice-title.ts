/** "Professional · Senior Backend Engineer": the session's name in History, from its setup. */
import type { PracticeSetup } from '../../domain/records';

export function practiceTitle(setup: PracticeSetup): string {
  const firstLine =
    setup.jobDescription
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? 'Practice';
  const short = firstLine.length > 60 ? `${firstLine.slice(0, 57).trimEnd()}…` : firstLine;
  const type = setup.type[0]?.toUpperCase() + setup.type.slice(1);
  return `${type} · ${short}`;
}
