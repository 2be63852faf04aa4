// The domain-event queue (db/repos/event-queue.repo.ts), bound to a unit of work like the other
// repositories of crm/store.port.ts, so an event is queued in the unit that recorded it, or not at all.

/** A timeline entry as a consumer receives it. */
export type DomainEvent = {
  accountId: string;
  customerId: string;
  kind: string;
  occurredAt: string;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  /** The timeline entry's dedupe key: unique per account, stable across replays. */
  dedupeKey: string;
};

export type QueuedEvent = DomainEvent & {
  id: number;
  consumer: string;
  /**
   * The oldest new timeline entry of the unit that queued it (this one's own time or earlier): what
   * the event is a consequence of. A tier change computed while a backfill applies an old order is old.
   */
  causedAt: string;
  attempts: number;
  lastError: string | null;
  dueAt: string;
};

export interface EventQueueRepo {
  /** Queues the event for a consumer unless it already holds it (account, consumer, dedupe key); returns whether it was new. */
  enqueue(consumer: string, event: DomainEvent, causedAt: string, dueAt: string, now: string): Promise<boolean>;
  /**
   * Takes up to `limit` due events of the consumer, oldest first: each gets one more attempt and is
   * not due again before `leaseUntil` (a consumer that dies mid-way lets them come back). Concurrent
   * claims take disjoint events (PostgreSQL: SKIP LOCKED; SQLite: one writer).
   */
  claimDue(consumer: string, now: string, leaseUntil: string, limit: number): Promise<QueuedEvent[]>;
  /** Handled: the row goes. */
  done(accountId: string, id: number): Promise<void>;
  /** Failed: due again at `dueAt` (a backoff, or far away for a row that gave up), with the error kept. */
  failed(accountId: string, id: number, error: string, dueAt: string): Promise<void>;
  /** The consumer's rows of an account, for the admin's view of what waits or failed (newest first). */
  list(accountId: string, consumer: string, limit: number): Promise<QueuedEvent[]>;
}
