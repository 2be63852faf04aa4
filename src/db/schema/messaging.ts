import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { orders } from './orders.ts';
import { accounts } from './tenancy.ts';

// Messages to shoppers (crm/messaging, its README): one row per message on any channel, its
// rendered content in `message_bodies` (list pages and the sender's claim never read bodies they
// do not show or send), every status change in `message_events`.
export const messages = sqliteTable(
  'messages',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // Null for a message to an address that is no customer (a test to a staff member). Moved with a merge.
    customerId: text('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    // email | whatsapp | sms (the consent channel it is checked against)
    channel: text('channel').notNull(),
    // marketing | transactional
    purpose: text('purpose').notNull(),
    // test | campaign | flow, and that thing's id
    source: text('source').notNull(),
    sourceId: text('source_id'),
    // Unique per account: queueing the same key twice queues once (a campaign and customer, a flow step).
    idempotencyKey: text('idempotency_key').notNull(),
    toAddress: text('to_address').notNull(),
    language: text('language').notNull(),
    // queued | sending | sent | delivered | failed | bounced | suppressed
    status: text('status').notNull(),
    // smtp | outbox (no SMTP_URL: kept here, shown in the panel, never sent)
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    subject: text('subject'),
    error: text('error'),
    attempts: integer('attempts').notNull().default(0),
    queuedAt: text('queued_at').notNull(),
    // When the sender may take it next: queued, a retry's backoff, or a claim's lease (a crashed sender's claim lapses).
    nextAttemptAt: text('next_attempt_at').notNull(),
    sentAt: text('sent_at'),
    // Engagement (crm/messaging/tracking): the provider's delivery report (WhatsApp), the first
    // open (pixel, when the shop turned it on), the last click of a tracked link. Attribution
    // reads the last touch of a customer's messages through messages_customer_queued.
    deliveredAt: text('delivered_at'),
    openedAt: text('opened_at'),
    clickedAt: text('clicked_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('messages_account_key').on(t.accountId, t.idempotencyKey),
    index('messages_due').on(t.status, t.nextAttemptAt),
    index('messages_account_queued').on(t.accountId, t.queuedAt, t.id),
    index('messages_account_status_queued').on(t.accountId, t.status, t.queuedAt, t.id),
    index('messages_customer_queued').on(t.customerId, t.queuedAt, t.id),
    // A campaign's messages by status: cancelling withdraws its queued ones in one statement.
    index('messages_source_status').on(t.sourceId, t.status),
    // Provider status webhooks (WhatsApp's wamid) find their message by it.
    index('messages_provider_id').on(t.accountId, t.providerMessageId),
  ],
);

export const messageBodies = sqliteTable('message_bodies', {
  messageId: text('message_id')
    .primaryKey()
    .references(() => messages.id, { onDelete: 'cascade' }),
  accountId: text('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  // ltr | rtl: how the html was laid out (Urdu and Shahmukhi right to left)
  dir: text('dir').notNull(),
  html: text('html').notNull(),
  text: text('text').notNull(),
  // Channel-specific content as JSON (a WhatsApp template send, free-form text, reply buttons); null for email.
  payload: text('payload'),
});

export const messageEvents = sqliteTable(
  'message_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    status: text('status').notNull(),
    detail: text('detail'),
    occurredAt: text('occurred_at').notNull(),
  },
  (t) => [index('message_events_message').on(t.messageId, t.id)],
);

// Addresses that hard-bounced or complained: nothing more goes there on that channel, transactional included.
export const messageSuppressions = sqliteTable(
  'message_suppressions',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    // Lower-cased email, or E.164 phone.
    address: text('address').notNull(),
    // bounce | complaint
    reason: text('reason').notNull(),
    suppressedAt: text('suppressed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.channel, t.address] })],
);

// Which message an order counts for (crm/messaging/attribution.ts): the customer's last message
// clicked (WhatsApp: delivered) within the shop's attribution window before the order was placed.
// One row per order, written once when the order is first stored with its customer; revenue is
// read from the order (refunds included) when a report asks.
export const orderAttributions = sqliteTable(
  'order_attributions',
  {
    orderId: text('order_id')
      .primaryKey()
      .references(() => orders.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    messageId: text('message_id')
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    // The message's source (campaign | flow | …) and its id, copied so a report is one indexed read.
    source: text('source').notNull(),
    sourceId: text('source_id'),
    channel: text('channel').notNull(),
    // click | delivered
    touch: text('touch').notNull(),
    touchedAt: text('touched_at').notNull(),
    attributedAt: text('attributed_at').notNull(),
  },
  (t) => [index('order_attributions_source').on(t.accountId, t.source, t.sourceId)],
);

// A shop's messaging settings (one row per account; absent = the defaults).
export const messagingSettings = sqliteTable('messaging_settings', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  // en | ur | pa | hi: the language chain's step after the shopper's own (null: English).
  defaultLanguage: text('default_language'),
  // The open pixel is off by default (privacy; Apple Mail opens everything anyway).
  openTracking: integer('open_tracking', { mode: 'boolean' }).notNull().default(false),
  clickTracking: integer('click_tracking', { mode: 'boolean' }).notNull().default(true),
  attributionWindowDays: integer('attribution_window_days').notNull().default(5),
  updatedAt: text('updated_at').notNull(),
});
