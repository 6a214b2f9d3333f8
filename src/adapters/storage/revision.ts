/**
 * The rule that keeps any write from rolling a session back, shared by the IndexedDB and the
 * in-memory repositories so both refuse the same writes.
 */
import type { SessionRecord } from '../../domain/records';
import { AppError } from '../../domain/errors';

const STALE_SESSION_MESSAGE = 'This conversation changed in another tab. Reload to see the latest.';

export function staleSessionError(cause?: unknown): AppError {
  return new AppError('stale-session', STALE_SESSION_MESSAGE, cause === undefined ? {} : { cause });
}

/**
 * The revision to store for `incoming`, given what is stored now; throws `stale-session` when
 * `incoming` was read before the stored copy was written. A record without one counts as 0.
 */
export function nextRevision(stored: SessionRecord | undefined, incoming: SessionRecord): number {
  const have = stored?.revision ?? 0;
  const given = incoming.revision ?? 0;
  if (stored && given < have) throw staleSessionError();
  return Math.max(have, given) + 1;
}
