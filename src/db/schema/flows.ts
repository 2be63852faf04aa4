import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { messageTemplates } from './message-templates.ts';
import { accounts } from './tenancy.ts';

// The domain-event queue (crm/domain-events) and the automated flows that consume it (crm/flows).

// One row per (consumer, new timeline entry it subscribes to), written in the unit of work that
// added the entry; deleted once handled. A row that keeps failing is parked (due_at far in the
// future, last_error kept) and stays visible.
export const eventQueue = sqliteTable(
  'event_queue',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // flows | webhooks | shopify_flow …
    consumer: text('consumer').notNull(),
    kind: text('kind').notNull(),
    // A merged-away or erased profile takes its pending events with it.
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    data: text('data').notNull(),
    occurredAt: text('occurred_at').notNull(),
    // The oldest new timeline entry of the unit that queued it: a tier change computed now while a
    // backfill applies a two-year-old order is as old as that order (flows' staleness guard).
    causedAt: text('caused_at').notNull(),
    // The timeline entry's dedupe key: one row per entry and consumer.
    dedupeKey: text('dedupe_key').notNull(),
    // When a consumer may take it (next): enqueued, a retry's backoff, or a claim's lease.
    dueAt: text('due_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('event_queue_account_consumer_key').on(t.accountId, t.consumer, t.dedupeKey),
    index('event_queue_due').on(t.consumer, t.dueAt, t.id),
    index('event_queue_customer').on(t.customerId),
  ],
);

// One row per account and flow kind once the merchant has touched it; no row = off.
export const flows = sqliteTable(
  'flows',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // welcome | points_earned | points_available | points_expiring | tier_up | tier_down | referral_rewarded | feedback …
    kind: text('kind').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(false),
    templateId: text('template_id').references(() => messageTemplates.id, { onDelete: 'set null' }),
    delayMinutes: integer('delay_minutes').notNull().default(0),
    // JSON: the kind's own settings.
    options: text('options').notNull().default('{}'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.kind] })],
);

// Events a flow let go without a message, counted per UTC day and reason (stale, no_address, …).
export const flowSkips = sqliteTable(
  'flow_skips',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    day: text('day').notNull(),
    reason: text('reason').notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.kind, t.day, t.reason] })],
);
