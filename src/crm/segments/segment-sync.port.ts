// What the segment sync job (segment-sync.service.ts) reads and writes: the queue of customers
// whose synced memberships changed, the accounts asking for a full comparison, and the tags
// already at each store customer. db/segment-sync.repo.ts implements it on both databases.

/** One store customer (a customer's identity on an active store) and the segment tags it should and does carry. */
export type StoreCustomerTags = {
  connectionId: string;
  platform: string;
  customerId: string;
  externalId: string;
  /** Tags of the synced segments the customer is kept in, sorted. */
  desired: string[];
  /** Tags Rapport has put on this store customer and not taken off, sorted. */
  pushed: string[];
};

export type QueuedCustomer = { accountId: string; customerId: string; queuedAt: string };
export type StoreCustomerRef = { accountId: string; connectionId: string; customerId: string };

export interface SegmentSyncPort {
  /** The oldest queued customers (noted by membership in the unit that changed them). */
  queued(limit: number): Promise<QueuedCustomer[]>;
  /** Drops queue rows not queued again since they were read. */
  dropQueued(items: QueuedCustomer[]): Promise<void>;
  /** Accounts that asked for a full comparison, and when. */
  checkRequests(limit: number): Promise<{ accountId: string; requestedAt: string }[]>;
  /** Clears a request unless it was made again since `requestedAt`. */
  checkDone(accountId: string, requestedAt: string): Promise<void>;
  /** Forgets pushes to store customers that no longer exist (deleted at the store, or their store gone). */
  dropOrphanPushes(accountId: string): Promise<number>;
  /**
   * A page of the account's store customers whose pushed tags differ from their memberships,
   * in (connection, customer) order after `after`.
   */
  differing(accountId: string, after: { connectionId: string; customerId: string } | null, limit: number): Promise<StoreCustomerRef[]>;
  /** The active stores (of platforms with a mirror) where these customers of the account have an identity. */
  storesOf(accountId: string, customerIds: string[], platforms: string[]): Promise<StoreCustomerRef[]>;
  /** Desired and pushed tags of these customers' identities on one store. */
  tagsAt(connectionId: string, customerIds: string[]): Promise<StoreCustomerTags[]>;
  /** After a successful write: `added` now at the store customer, `removed` no longer. */
  recordPushed(
    accountId: string,
    connectionId: string,
    externalId: string,
    change: { added: string[]; removed: string[] },
    at: string,
  ): Promise<void>;
  /** How many store customers (identities on active stores) the segment's kept members have: what its mirror should reach. */
  storeCustomers(accountId: string, segmentId: string): Promise<number>;
  /** How many store customers carry this tag by Rapport's hand. */
  pushedCount(accountId: string, tag: string): Promise<number>;
  /** The account's writes still to do, those that failed at least once, and the latest failure's reason. */
  backlog(accountId: string): Promise<{ pending: number; failing: number; lastError: string | null }>;
}
