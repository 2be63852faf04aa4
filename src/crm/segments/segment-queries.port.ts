import type { Expr } from './segment-query.ast.ts';

// Who is in a segment, read from the store (db/queries/segments.query.ts). `now` anchors relative
// dates (`-90d`); erased customers are never members.

/** A member as the segment screens and the CSV show them. */
export type SegmentMember = {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  numberOfOrders: number;
  amountSpentMinor: number;
  currency: string;
  lastOrderAt: string | null;
};

export interface SegmentQueriesPort {
  /** How many of the account's customers match. */
  count(accountId: string, query: Expr, now: Date): Promise<number>;
  /** Matching customers in id order (bytewise), a page after `after` (exclusive). */
  members(accountId: string, query: Expr, now: Date, page: { after?: string; limit: number }): Promise<SegmentMember[]>;
  /** A saved segment's kept members (`segment_members`), in id order (bytewise), after `after`. */
  keptMembers(accountId: string, segmentId: string, page: { after?: string; limit: number }): Promise<SegmentMember[]>;
  /** A saved segment's recorded sizes, oldest day first. */
  sizes(accountId: string, segmentId: string): Promise<{ day: string; size: number }[]>;
}
