import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { accounts } from './tenancy.ts';

// WhatsApp Cloud API (channels/whatsapp, crm/messaging/whatsapp): each account's business number
// and its access token (sealed with ENCRYPTION_KEY, never read back out), the webhook payloads Meta
// delivered (stored before the 200, applied by a job), and every inbound message on any channel.

export const whatsappNumbers = sqliteTable(
  'whatsapp_numbers',
  {
    // One business number per account for now.
    accountId: text('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // Meta's id of the number: the path of every send, and how a webhook finds its account.
    phoneNumberId: text('phone_number_id').notNull(),
    wabaId: text('waba_id').notNull(),
    displayPhone: text('display_phone'),
    // AES-256-GCM (lib/crypto.ts encrypt) under deriveKey(ENCRYPTION_KEY, 'whatsapp-token').
    accessTokenEnc: text('access_token_enc').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('whatsapp_numbers_phone_number_id').on(t.phoneNumberId)],
);

// One row per `entry[].changes[].value` of a verified delivery, unique per account and content
// hash: Meta redelivers until it gets a 200, and a redelivery is the same value.
export const whatsappWebhooks = sqliteTable(
  'whatsapp_webhooks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    dedupeKey: text('dedupe_key').notNull(),
    body: text('body').notNull(),
    // pending | done | dead
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    receivedAt: text('received_at').notNull(),
    nextAttemptAt: text('next_attempt_at').notNull(),
    processedAt: text('processed_at'),
  },
  (t) => [
    uniqueIndex('whatsapp_webhooks_account_key').on(t.accountId, t.dedupeKey),
    index('whatsapp_webhooks_due').on(t.status, t.nextAttemptAt),
    index('whatsapp_webhooks_processed').on(t.status, t.processedAt),
  ],
);

// What shoppers wrote to the shop, on any channel (the service inbox builds on it). The 24-hour
// customer-service window of WhatsApp reads the newest one from a number.
export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    // E.164 phone (WhatsApp), or an email address.
    fromAddress: text('from_address').notNull(),
    // The profile with that phone when it arrived (null: nobody we know). Moved with a merge.
    customerId: text('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    // text | button | interactive | other (media and the rest: the type is kept in `body`)
    kind: text('kind').notNull(),
    body: text('body').notNull(),
    // A button's payload or an interactive reply's id.
    replyId: text('reply_id'),
    providerMessageId: text('provider_message_id').notNull(),
    // The message it answers (context.id): a wamid of ours.
    contextMessageId: text('context_message_id'),
    receivedAt: text('received_at').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('inbound_messages_provider_id').on(t.accountId, t.channel, t.providerMessageId),
    index('inbound_messages_from').on(t.accountId, t.channel, t.fromAddress, t.receivedAt),
    index('inbound_messages_customer').on(t.customerId, t.receivedAt),
    index('inbound_messages_account_received').on(t.accountId, t.receivedAt, t.id),
  ],
);
