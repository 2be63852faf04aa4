// Checkout storage (bound to each unit of work as `repos.checkouts`, db/repos/checkouts.repo.ts):
// one row per platform checkout (unique per connection and platform id), scoped by account.

/**
 * open: no order yet (due for the flow when `dueAt` is set); messaged: the flow queued its one
 * message; completed: an order came first; recovered: an order came after the message; closed:
 * ended without an order (an unpaid WooCommerce order cancelled); skipped: the flow let it go
 * (`skipReason`). Only open moves: to any other; messaged only to recovered.
 */
export type CheckoutStatus = 'open' | 'messaged' | 'completed' | 'recovered' | 'closed' | 'skipped';

export type CheckoutRecord = {
  id: string;
  accountId: string;
  connectionId: string;
  externalId: string;
  token: string | null;
  customerId: string | null;
  recoveryUrl: string | null;
  currency: string;
  totalMinor: number;
  /** JSON text: [{title, quantity}] */
  items: string;
  status: CheckoutStatus;
  /** When the flow may write (last activity + the flow's delay); null: not due (flow off when it arrived, or settled). */
  dueAt: string | null;
  skipReason: string | null;
  messageId: string | null;
  messagedAt: string | null;
  orderId: string | null;
  /** The order's total when it recovered a messaged checkout (the flow's recovered revenue). */
  recoveredMinor: number | null;
  completedAt: string | null;
  /** The platform's updated_at of the state stored: an older delivery never moves it back. */
  sourceUpdatedAt: string;
  createdAt: string;
  updatedAt: string;
};

export interface CheckoutsRepo {
  /** The connection's checkout by platform id, else by token (an order may carry only one of them). */
  find(connectionId: string, externalId: string | null, token: string | null): Promise<CheckoutRecord | undefined>;
  insert(c: CheckoutRecord): Promise<void>;
  /** Writes the row if its status and due time are still those read (a racing pass or delivery wins once). */
  save(c: CheckoutRecord, expected: { status: CheckoutStatus; dueAt: string | null }): Promise<boolean>;
  /** Open checkouts whose time has come, oldest first (the `(status, due_at)` index). */
  due(now: string, limit: number): Promise<CheckoutRecord[]>;
  /** Whether the customer was sent an abandoned-checkout message at or after `since` (the frequency rule). */
  messagedSince(accountId: string, customerId: string, since: string): Promise<boolean>;
}

/** The flow's recovered figures over a period (db/queries/flows.query.ts). */
export type RecoveredFigures = { recovered: number; recoveredMinor: number };
