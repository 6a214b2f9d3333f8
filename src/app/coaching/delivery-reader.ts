/**
 * The delivery of spoken answers per interview, for History's delivery trends. Session records
 * do not carry it, so it comes from the messages — read only when the delivery view is opened,
 * one index read per interview, a few interviews at a time with a pause for the page between
 * batches (a thousand interviews must not freeze the screen), and remembered per session
 * revision so opening the view again reads nothing new.
 */
import type { MessageRepository } from '../../ports/repositories';
import { deliveryOf, type SessionDelivery } from '../../domain/coaching/trends';

/** Interviews read at once: small enough that one batch's work stays well under a frame budget. */
const BATCH = 20;

/** What the reader needs of an interview: a session summary or a whole record. */
type Interview = { id: string; createdAt: number; title: string; revision?: number };

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class DeliveryReader {
  /** Per session id: the revision it was read at and what it gave (null: no spoken answers). */
  private readonly cache = new Map<string, { revision: number; delivery: SessionDelivery | null }>();

  constructor(
    private readonly messages: Pick<MessageRepository, 'listBySession'>,
    private readonly yieldToPage: () => Promise<void> = nextTask,
  ) {}

  /** The delivery of each of these interviews that had spoken answers. `signal` stops reading early. */
  async read(sessions: readonly Interview[], signal?: AbortSignal): Promise<SessionDelivery[]> {
    const out: SessionDelivery[] = [];
    const todo: Interview[] = [];
    for (const s of sessions) {
      const hit = this.cache.get(s.id);
      if (hit && hit.revision === (s.revision ?? 0)) {
        if (hit.delivery) out.push(hit.delivery);
      } else todo.push(s);
    }
    for (let i = 0; i < todo.length; i += BATCH) {
      if (signal?.aborted) break;
      const batch = todo.slice(i, i + BATCH);
      const read = await Promise.all(batch.map(async (s) => deliveryOf(s, await this.messages.listBySession(s.id))));
      batch.forEach((s, j) => {
        const delivery = read[j] ?? null;
        this.cache.set(s.id, { revision: s.revision ?? 0, delivery });
        if (delivery) out.push(delivery);
      });
      if (i + BATCH < todo.length) await this.yieldToPage();
    }
    return out;
  }
}
