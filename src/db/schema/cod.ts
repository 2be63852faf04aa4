import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { accounts, connections } from './tenancy.ts';

// COD confirmation (crm/cod): each account's settings, and one row per cash-on-delivery order
// asked to confirm on WhatsApp, noted in the unit of work that stores the order.

export const codConfirmationSettings = sqliteTable('cod_confirmation_settings', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(false),
  // A WhatsApp message template whose quick replies send COD_CONFIRM / COD_CANCEL.
  templateId: text('template_id'),
  reminderHours: integer('reminder_hours').notNull().default(12),
  reviewHours: integer('review_hours').notNull().default(24),
  // Cancel at the store when the shopper cancels; otherwise tag the order cod-cancel-requested.
  cancelAtStore: integer('cancel_at_store', { mode: 'boolean' }).notNull().default(false),
  updatedAt: text('updated_at').notNull(),
});

export const codConfirmations = sqliteTable(
  'cod_confirmations',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    orderExternalId: text('order_external_id').notNull(),
    orderName: text('order_name'),
    customerId: text('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    phone: text('phone').notNull(),
    // pending (noted) | asked | reminded | confirmed | cancelled | no_answer | skipped (could not be asked)
    status: text('status').notNull(),
    askedAt: text('asked_at'),
    remindedAt: text('reminded_at'),
    answeredAt: text('answered_at'),
    // When the job looks at it next (ask, remind, review); null once settled.
    nextDueAt: text('next_due_at'),
    // What the store must be told: confirm | cancel | cancel_requested | review; and whether it was.
    storeAction: text('store_action'),
    // pending | queued (in platform_outbox) | done | failed
    storeState: text('store_state'),
    storeError: text('store_error'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('cod_confirmations_order').on(t.connectionId, t.orderExternalId),
    index('cod_confirmations_due').on(t.nextDueAt),
    index('cod_confirmations_store').on(t.storeState, t.updatedAt),
    index('cod_confirmations_account_created').on(t.accountId, t.createdAt),
  ],
);
