import type { Platform } from '../crm/events.ts';

// The webhook inbox as a queue port. The default implementation is a table in the same SQLite
// file (src/db/inbox.sqlite.ts); a shared queue for multi-instance deployments implements the
// same verbs.

export type Delivery = {
  accountId: string;
  connectionId: string;
  platform: Platform;
  topic: string;
  dedupeKey: string;
  body: string;
  triggeredAt: string | null;
};

export type InboxItem = Delivery & { id: number; attempts: number; receivedAt: string; body: string | null };

export type InboxStatus = 'pending' | 'done' | 'ignored' | 'dead';

export type InboxRow = InboxItem & {
  status: InboxStatus;
  lastError: string | null;
  processedAt: string | null;
  nextAttemptAt: string | null;
};

export type InboxCounts = Record<InboxStatus, number> & { oldestPendingAt: string | null };

export interface InboxQueue {
  /** Durably records a delivery; it is acknowledged only once this resolves. Resolves false for a duplicate (a key seen within 7 days). */
  accept(delivery: Delivery, receivedAt: string): Promise<boolean>;
  /**
   * Records a verified Shopify privacy webhook (or app/uninstalled) for a shop without a
   * connection: nothing to process, only its receipt. Returns false for a retry (same webhook id).
   */
  acceptUnknownShop(delivery: { shopDomain: string; topic: string; webhookId: string }, receivedAt: string): Promise<boolean>;
  /**
   * Pending deliveries due at `now`, oldest first. A shared queue (PostgreSQL) claims them for
   * this worker with a lease: only deliveries of accounts no other worker holds.
   */
  due(limit: number, now: string): Promise<InboxItem[]>;
  /**
   * Shared queues only: called inside the worker's batch just before a delivery is processed.
   * Locks the delivery's account until the batch commits and says whether this worker still holds
   * the delivery; false (another worker took it over, or is applying that account now): skip it.
   */
  hold?(item: InboxItem): Promise<boolean>;
  /** Inside the worker's batch, commits with the delivery's effects. A shared queue ignores a delivery this worker no longer holds. */
  complete(id: number, status: 'done' | 'ignored', at: string): Promise<void>;
  /** Records a failed attempt: retried at `retryAt`, or dead-lettered when it is null. */
  fail(id: number, error: string, retryAt: string | null, at: string): Promise<void>;
  /** Puts dead (or, with `includeDone`, all retained) deliveries back in the queue. Returns how many. */
  requeue(filter: { accountId?: string; ids?: number[]; includeDone?: boolean }, at: string): Promise<number>;
  list(filter: { accountId?: string; status?: InboxStatus; limit: number; afterId?: number }): Promise<InboxRow[]>;
  counts(accountId?: string): Promise<InboxCounts>;
  /**
   * Deletes at most `limit` rows per kind that are due: done/ignored deliveries processed before
   * `processedBefore`, dead ones before `deadBefore`, dedupe keys received before `keysBefore`.
   * Returns how many rows went; call again (after yielding) until it returns 0.
   */
  purge(cutoffs: { processedBefore: string; deadBefore: string; keysBefore: string }, limit: number): Promise<number>;
  /** Wakes the worker when a delivery arrives (in any process, for a shared queue). Returns the unsubscribe. */
  onAccepted(listener: () => void): () => void;
}
