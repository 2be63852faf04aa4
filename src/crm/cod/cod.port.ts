// COD confirmation storage (bound to each unit of work as `repos.cod`): each account's settings and
// one row per cash-on-delivery order asked to confirm (unique per store order).

export type CodSettings = {
  enabled: boolean;
  /** A WhatsApp template whose quick replies carry COD_CONFIRM / COD_CANCEL. */
  templateId: string | null;
  reminderHours: number;
  reviewHours: number;
  /** Cancel the order at the store on Cancel; otherwise tag it cod-cancel-requested. */
  cancelAtStore: boolean;
  updatedAt: string | null;
};

export const DEFAULT_COD_SETTINGS: CodSettings = {
  enabled: false,
  templateId: null,
  reminderHours: 12,
  reviewHours: 24,
  cancelAtStore: false,
  updatedAt: null,
};

export type CodStatus = 'pending' | 'asked' | 'reminded' | 'confirmed' | 'cancelled' | 'no_answer' | 'skipped';
/** What the store is told: tag cod-confirmed, cancel, tag cod-cancel-requested, tag cod-review. */
export type CodStoreAction = 'confirm' | 'cancel' | 'cancel_requested' | 'review';
export type CodStoreState = 'pending' | 'queued' | 'done' | 'failed';

export type CodConfirmation = {
  id: string;
  accountId: string;
  connectionId: string;
  orderExternalId: string;
  orderName: string | null;
  customerId: string | null;
  phone: string;
  status: CodStatus;
  askedAt: string | null;
  remindedAt: string | null;
  answeredAt: string | null;
  nextDueAt: string | null;
  storeAction: CodStoreAction | null;
  storeState: CodStoreState | null;
  storeError: string | null;
  createdAt: string;
  updatedAt: string;
};

export interface CodRepo {
  settings(accountId: string): Promise<CodSettings>;
  saveSettings(accountId: string, settings: Omit<CodSettings, 'updatedAt'>, now: string): Promise<void>;
  /** Inserts unless the store order has one; returns whether it was new. */
  note(c: CodConfirmation): Promise<boolean>;
  get(accountId: string, id: string): Promise<CodConfirmation | undefined>;
  /** Rows the job must look at (`next_due_at` passed), oldest first. */
  due(now: string, limit: number): Promise<CodConfirmation[]>;
  /** Rows whose store write is not yet in the outbox. */
  storePending(limit: number): Promise<CodConfirmation[]>;
  /** Writes the row if its status is still `expected` (a racing answer wins once); returns whether it did. */
  save(c: CodConfirmation, expected: CodStatus): Promise<boolean>;
}
