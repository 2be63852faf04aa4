import type { Expr } from './segment-query.ast.ts';

// Who is in a segment, read from the store (db/queries/segments.query.ts). `now` anchors relative
// dates (`-90d`); erased customers are never members.

export interface SegmentQueriesPort {
  /** How many of the account's customers match. */
  count(accountId: string, query: Expr, now: Date): Promise<number>;
  /** Matching customer ids in id order, a page after `after` (exclusive). */
  memberIds(accountId: string, query: Expr, now: Date, page: { after?: string; limit: number }): Promise<string[]>;
}
