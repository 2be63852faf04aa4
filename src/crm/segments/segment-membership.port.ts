import type { Expr } from './segment-query.ast.ts';
import type { Segment, SegmentUpdate } from './segments.port.ts';

// Kept membership (`segment_members`, `segment_sizes`), bound to a unit of work like the other
// repositories of crm/store.port.ts (db/repos/segment-membership.repo.ts), so a customer's
// membership changes commit with the event that changed them. Every call is scoped to one account.

/** A segment whose query has been parsed, ready to evaluate. */
export type EvaluatedSegment = { id: string; query: Expr };

export interface SegmentMembershipRepo {
  /** The account's segments, oldest first. */
  list(accountId: string): Promise<Segment[]>;
  insert(segment: Segment): Promise<void>;
  update(accountId: string, id: string, patch: SegmentUpdate): Promise<void>;
  delete(accountId: string, id: string): Promise<boolean>;
  /** Which of `segments` the customer matches now (one statement for all of them). */
  matching(accountId: string, customerId: string, segments: EvaluatedSegment[], now: Date): Promise<string[]>;
  /** The segments the customer is kept in. */
  segmentsOf(accountId: string, customerId: string): Promise<string[]>;
  enter(accountId: string, segmentId: string, customerIds: string[], at: string): Promise<void>;
  leave(accountId: string, segmentId: string, customerIds: string[]): Promise<void>;
  /** Every customer of the account the query selects, in id order (the full evaluation). */
  evaluate(accountId: string, query: Expr, now: Date): Promise<string[]>;
  /** The kept members of a segment, in id order. */
  members(accountId: string, segmentId: string): Promise<string[]>;
  /** Replaces the kept members by a full evaluation, in one statement each way; returns the size. */
  refill(accountId: string, segmentId: string, query: Expr, now: Date, at: string): Promise<number>;
  /** Today's size (UTC day), replaced when written again the same day. */
  recordSize(accountId: string, segmentId: string, day: string, size: number): Promise<void>;
  /** The account of each of these customers that still exists (a unit's touched customers, by id). */
  accountsOf(customerIds: string[]): Promise<{ id: string; accountId: string }[]>;
  /** Notes a customer whose memberships of synced segments changed, for the sync job (segment-sync.service.ts). */
  noteForSync(accountId: string, customerId: string, at: string): Promise<void>;
  /** Asks the sync job for a full comparison of the account's mirrors with its kept members. */
  requestSyncCheck(accountId: string, at: string): Promise<void>;
  /** The profile an identity belongs to (a unit notes whose facts a write changes: membership.store.ts). */
  customerOfIdentity(identityId: string): Promise<string | undefined>;
  /** The profile an order belongs to, if any (the same). */
  customerOfOrder(orderId: string): Promise<string | undefined>;
  /** Profiles with an identity or an order in this store (the same, before the store is erased). */
  customersOfConnection(connectionId: string): Promise<string[]>;
  /** Accounts after `after` in id order (the daily check walks them in slices). */
  accountsAfter(after: string, limit: number): Promise<string[]>;
}
