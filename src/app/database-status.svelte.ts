/**
 * What happened to this tab's database connection, for the banner the shell shows. Another tab
 * can erase the database or open a newer version of Rehearse that upgrades it; either closes
 * this tab's connection, after which nothing here can be saved until a reload. An open can
 * also wait (blocked) while an older tab keeps the database open.
 */
import type { StorageClosedReason } from '../ports/repositories';

export type DatabaseProblem =
  | { kind: 'closed'; reason: Exclude<StorageClosedReason, 'erased-here'> }
  /** Our open waits for a tab holding an older version to close it. */
  | { kind: 'blocked' };

export interface ProblemText {
  title: string;
  detail: string;
  /** Whether reloading this tab is what fixes it. */
  reload: boolean;
}

export class DatabaseStatus {
  /** The problem to show, or null while the database is fine. */
  #problem = $state<DatabaseProblem | null>(null);

  get problem(): DatabaseProblem | null {
    return this.#problem;
  }
  private readonly listeners = new Set<(reason: StorageClosedReason) => void>();

  /** openRehearseDB's onBlocked. */
  blocked(): void {
    if (!this.#problem) this.#problem = { kind: 'blocked' };
  }

  /** The open went through: a blocked wait is over. */
  opened(): void {
    if (this.#problem?.kind === 'blocked') this.#problem = null;
  }

  /** openRehearseDB's onClosed. This tab's own erase is not shown (the page reloads itself). */
  closed(reason: StorageClosedReason): void {
    for (const listener of this.listeners) listener(reason);
    if (reason !== 'erased-here' && this.#problem?.kind !== 'closed') this.#problem = { kind: 'closed', reason };
  }

  /**
   * Calls `listener` when the connection closes, with why: e.g. to forget secrets read from a
   * database another tab erased. Returns a function that stops listening.
   */
  onClosed(listener: (reason: StorageClosedReason) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}

/** The banner's words: what happened and what to do. Never about storage space. */
export function describeDatabaseProblem(problem: DatabaseProblem): ProblemText {
  if (problem.kind === 'blocked') {
    return {
      title: 'Rehearse is waiting for another tab.',
      detail:
        'An older version of Rehearse is open in another tab and keeps its data busy. Close or reload that tab; this one opens as soon as it does.',
      reload: false,
    };
  }
  switch (problem.reason) {
    case 'erased':
      return {
        title: 'Rehearse’s data was erased in another tab.',
        detail: 'This tab can no longer save anything. Reload to start again.',
        reload: true,
      };
    case 'upgraded':
      return {
        title: 'A newer version of Rehearse is open in another tab.',
        detail: 'This tab can no longer save. Reload it to use the new version; everything saved so far is kept.',
        reload: true,
      };
    case 'lost':
      return {
        title: 'The browser closed Rehearse’s saved data.',
        detail: 'This tab can no longer save (the site’s data may have been cleared). Reload to keep going.',
        reload: true,
      };
  }
}
