import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts, connections } from './tenancy.ts';

// Every acknowledged webhook delivery, committed before the 2xx. The worker drains it.
export const webhookInbox = sqliteTable(
  'webhook_inbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id').notNull().references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id').notNull().references(() => connections.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: ['shopify', 'woocommerce'] }).notNull(),
    topic: text('topic').notNull(),
    // Platform-specific delivery identity; a second delivery with the same key is a duplicate.
    dedupeKey: text('dedupe_key').notNull(),
    // Raw body exactly as received (null after a compliance erasure scrubbed it).
    body: text('body'),
    triggeredAt: text('triggered_at'),
    receivedAt: text('received_at').notNull(),
    status: text('status', { enum: ['pending', 'done', 'ignored', 'dead'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    processedAt: text('processed_at'),
  },
  (t) => [
    uniqueIndex('webhook_inbox_dedupe').on(t.connectionId, t.dedupeKey),
    index('webhook_inbox_queue').on(t.status, t.nextAttemptAt, t.id),
    index('webhook_inbox_account_status').on(t.accountId, t.status),
  ],
);

// Deliveries per account and status, kept by triggers on webhook_inbox (src/db/inbox-counts.sqlite.ts)
// so health and the panel read four rows instead of counting an ever-growing table. No foreign
// key: a cascade delete of the account's deliveries still runs the triggers after it is gone.
export const webhookInboxCounts = sqliteTable(
  'webhook_inbox_counts',
  {
    accountId: text('account_id').notNull(),
    status: text('status', { enum: ['pending', 'done', 'ignored', 'dead'] }).notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.status] })],
);
