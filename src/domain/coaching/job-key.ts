/**
 * The key of one job description: every interview set up from the same description shares one
 * requirement list and one coverage map (records.ts `JobRecord`, `SessionRecord.jobKey`).
 *
 * Pure and synchronous (no Web Crypto, which is async): the IndexedDB upgrade backfills keys
 * inside its version-change transaction, where nothing but IndexedDB requests may be awaited.
 * cyrb53 is a 53-bit non-cryptographic hash; a collision between two job descriptions of one
 * candidate is not a realistic concern, and nothing secret depends on it.
 */
import type { SessionRecord } from '../records';

/** Case, runs of whitespace and the ends do not make another job: a re-pasted description keeps its key. */
export function normalizeJobText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** "job-…": the same for every description that normalizes to the same text. */
export function jobKeyOf(text: string): string {
  return `job-${cyrb53(normalizeJobText(text)).toString(36)}`;
}

/**
 * The job a practice session was set up from: its stored key, or (a session saved or imported
 * without one) the key of its setup's description. Undefined for twin conversations.
 */
export function sessionJobKey(session: Pick<SessionRecord, 'mode' | 'jobKey' | 'setup'>): string | undefined {
  if (session.mode !== 'practice') return undefined;
  if (session.jobKey !== undefined) return session.jobKey;
  const description = session.setup?.jobDescription;
  return description ? jobKeyOf(description) : undefined;
}
