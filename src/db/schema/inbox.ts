import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts, connections } from './tenancy.ts';

// Every acknowledged webhook delivery, committed before the 2xx. The worker drains it; processed
// rows (raw bodies: personal data) are deleted after INBOX_RETENTION_HOURS (jobs/inbox-retention.job.ts).
export const webhookInbox = sqliteTable(
  'webhook_inbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: ['shopify', 'woocommerce'] }).notNull(),
    topic: text('topic').notNull(),
    // Platform-specific delivery identity (deduplicated in webhook_dedupe, which outlives the row).
    dedupeKey: text('dedupe_key').notNull(),
    // Raw body exactly as received (null after a compliance erasure scrubbed it).
    body: text('body'),
    triggeredAt: text('triggered_at'),
    receivedAt: text('received_at').notNull(),
    status: text('status', { enum: ['pending', 'done', 'ignored', 'dead'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    processedAt: text('processed_at'),
    // PostgreSQL (db/inbox.pg.ts): the worker holding this pending delivery and until when; the
    // delivery is claimed again by any worker once the lease expires. Unused on SQLite (one worker per file).
    claimedBy: text('claimed_by'),
    claimExpiresAt: text('claim_expires_at'),
  },
  (t) => [
    index('webhook_inbox_queue').on(t.status, t.nextAttemptAt, t.id),
    // The retention purge finds expired rows by range, never by scanning.
    index('webhook_inbox_retention').on(t.status, t.processedAt),
    index('webhook_inbox_account_status').on(t.accountId, t.status),
  ],
);

// Delivery identities seen, kept apart from the bodies so that deduplication outlives them:
// a platform retry of a delivery whose row was purged is still dropped. Written with the inbox
// row in one transaction; purged by received_at after 7 days (DEDUPE_RETENTION_HOURS).
export const webhookDedupe = sqliteTable(
  'webhook_dedupe',
  {
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    dedupeKey: text('dedupe_key').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.dedupeKey] }), index('webhook_dedupe_received').on(t.receivedAt)],
);

// Privacy webhooks (and app/uninstalled) for a Shopify shop Rapport has no connection for
// (installed but never opened, or gone): acknowledged, since Shopify requires a 2xx, and recorded
// as proof of receipt. Nothing else is owed, as nothing is held for that shop; the body is not
// kept (it would be personal data Rapport never had), only the delivery's identity.
export const shopifyUnknownShopDeliveries = sqliteTable(
  'shopify_unknown_shop_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    shopDomain: text('shop_domain').notNull(),
    topic: text('topic').notNull(),
    webhookId: text('webhook_id').notNull(),
    receivedAt: text('received_at').notNull(),
  },
  (t) => [uniqueIndex('shopify_unknown_shop_deliveries_webhook').on(t.shopDomain, t.webhookId)],
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
