import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { accounts, connections } from './tenancy.ts';

// Checkouts (crm/checkouts): one row per platform checkout — Shopify checkouts/create|update, or a
// WooCommerce order left awaiting payment — for the abandoned-checkout flow. Written in the
// ingest's unit of work, latest wins on the platform's updated_at.
export const checkouts = sqliteTable(
  'checkouts',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    // Shopify checkout id (or `token:<token>` when an order named only the token); WooCommerce order id.
    externalId: text('external_id').notNull(),
    token: text('token'),
    customerId: text('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    recoveryUrl: text('recovery_url'),
    currency: text('currency').notNull(),
    totalMinor: integer('total_minor').notNull().default(0),
    // JSON: [{title, quantity}]
    items: text('items').notNull().default('[]'),
    // open | messaged | completed | recovered | closed | skipped
    status: text('status').notNull(),
    // When the flow may write (last activity + its delay); null when not due.
    dueAt: text('due_at'),
    skipReason: text('skip_reason'),
    messageId: text('message_id'),
    messagedAt: text('messaged_at'),
    orderId: text('order_id'),
    recoveredMinor: integer('recovered_minor'),
    completedAt: text('completed_at'),
    sourceUpdatedAt: text('source_updated_at').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('checkouts_connection_external').on(t.connectionId, t.externalId),
    index('checkouts_connection_token').on(t.connectionId, t.token),
    index('checkouts_due').on(t.status, t.dueAt),
    index('checkouts_customer_messaged').on(t.customerId, t.messagedAt),
    index('checkouts_account_messaged').on(t.accountId, t.messagedAt),
  ],
);
