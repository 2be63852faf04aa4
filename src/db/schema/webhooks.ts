import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts } from './tenancy.ts';

// Outbound webhooks (crm/webhooks): a merchant's subscriptions and the deliveries to them.
export const webhookSubscriptions = sqliteTable(
  'webhook_subscriptions',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    // ",points.changed,tier.changed," (commas around each: one LIKE finds a topic on either database).
    topics: text('topics').notNull(),
    // The signing secret, sealed (AES-256-GCM with the app's key): shown once when created.
    secretSealed: text('secret_sealed').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    description: text('description'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('webhook_subscriptions_account').on(t.accountId, t.createdAt)],
);

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    subscriptionId: text('subscription_id')
      .notNull()
      .references(() => webhookSubscriptions.id, { onDelete: 'cascade' }),
    topic: text('topic').notNull(),
    // The event's key (its timeline entry's dedupe key): one delivery per subscription and event.
    eventKey: text('event_key').notNull(),
    payload: text('payload').notNull(),
    // pending | delivered | failed
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    // When a sender may take it: due, a retry's backoff, or a claim's lease.
    nextAttemptAt: text('next_attempt_at').notNull(),
    createdAt: text('created_at').notNull(),
    deliveredAt: text('delivered_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_event').on(t.subscriptionId, t.eventKey),
    index('webhook_deliveries_due').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_subscription').on(t.subscriptionId, t.createdAt),
  ],
);
