import type { FlowKind, FlowSetting } from './flow-kinds.ts';

// Storage of flow settings and skip counts (db/repos/flows.repo.ts), bound to a unit of work like
// the other repositories of crm/store.port.ts; every call scoped to one account.

export interface FlowsRepo {
  /** The account's flows that have a row (no row: off, no template, no delay). */
  list(accountId: string): Promise<FlowSetting[]>;
  get(accountId: string, kind: FlowKind): Promise<FlowSetting | undefined>;
  /** The kinds switched on (one indexed read: the domain-event queue asks it once per unit of work). */
  enabledKinds(accountId: string): Promise<FlowKind[]>;
  upsert(accountId: string, setting: FlowSetting): Promise<void>;
  /** Every account's enabled flows of these kinds (the daily pass; `flows` holds a few rows per account). */
  enabledAnywhere(kinds: FlowKind[]): Promise<Array<{ accountId: string; setting: FlowSetting }>>;
  /**
   * Customers whose lapse falls in a window: no score with an expected next order and the last order
   * in (lastFrom, lastTo] (the `(account_id, last_order_at)` index), or the score's expected next
   * order in (expectedFrom, expectedTo] after their last order (the `(account_id, next_order_expected_at)` index).
   */
  lapsed(
    accountId: string,
    w: { lastFrom: string; lastTo: string; expectedFrom: string; expectedTo: string },
    limit: number,
  ): Promise<Array<{ customerId: string; lastOrderAt: string }>>;
  /** One more event let go without a message, on a UTC day, for a reason. */
  countSkip(accountId: string, kind: FlowKind, day: string, reason: string): Promise<void>;
}

/** The admin's figures per flow over a period (db/queries/flows.query.ts). */
export type FlowFigures = {
  queued: number;
  sent: number;
  failed: number;
  suppressed: number;
  skipped: number;
  /** Abandoned checkout: checkouts messaged in the period that an order then completed, and those orders' total. */
  recovered: number;
  recoveredMinor: number;
  /** The currency of those orders (the shop's); null when none. */
  recoveredCurrency: string | null;
};

export interface FlowFiguresPort {
  /** Per kind, messages of source `flow` queued since `since` by status, and skips counted since that day. */
  figures(accountId: string, since: string): Promise<Map<string, FlowFigures>>;
}
