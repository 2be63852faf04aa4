import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { accounts } from './tenancy.ts';

// Campaigns (crm/campaigns, its README): one message from a template to an audience, expanded by
// the leader's send job in pages of customers (id order) from `cursor`, each page one unit of work
// with its `campaign_recipients` rows and its messages (idempotency key `campaign:<id>:<customer>`).
export const campaigns = sqliteTable(
  'campaigns',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // draft | scheduled | sending | sent | cancelled
    status: text('status').notNull(),
    // The channel of its templates (email | whatsapp | sms): every variant's template has it.
    channel: text('channel').notNull(),
    // JSON: {"kind":"segment","segmentId":…} or {"kind":"filter","filters":{…customer-list filters}}
    audience: text('audience').notNull(),
    // JSON: [{"key":"A","templateId":…,"weight":1}, …]
    variants: text('variants').notNull(),
    holdoutPercent: integer('holdout_percent').notNull(),
    // Minutes after local midnight in the shopper's time zone, or null for any time.
    windowOpens: integer('window_opens'),
    windowCloses: integer('window_closes'),
    // When the send starts (scheduled); null while a draft.
    sendAt: text('send_at'),
    // The last customer id expanded: a restarted send goes on after it.
    cursor: text('cursor'),
    recipients: integer('recipients').notNull().default(0),
    queued: integer('queued').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    holdout: integer('holdout').notNull().default(0),
    // Days after the send in which a group's orders count for it (the report).
    attributionDays: integer('attribution_days').notNull().default(5),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
  },
  (t) => [index('campaigns_account_created').on(t.accountId, t.createdAt, t.id), index('campaigns_status_send').on(t.status, t.sendAt)],
);

// Who a campaign reached and how: one row per customer expanded (the primary key makes a replayed
// page harmless). group_key: a variant's key, `holdout`, or null (skipped before assignment).
export const campaignRecipients = sqliteTable(
  'campaign_recipients',
  {
    campaignId: text('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    groupKey: text('group_key'),
    // queued | skipped | holdout
    outcome: text('outcome').notNull(),
    // Why skipped: no_address | capped | no_variant | invalid | customer_not_found
    reason: text('reason'),
    messageId: text('message_id'),
    // When the message may go (the send window), null for holdout and skipped.
    sendAt: text('send_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.customerId] }), index('campaign_recipients_customer').on(t.customerId)],
);

// The account's frequency cap: at most `cap_messages` marketing messages per customer per
// `cap_days` days, across campaigns (no row: no cap).
export const campaignSettings = sqliteTable('campaign_settings', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  capMessages: integer('cap_messages'),
  capDays: integer('cap_days'),
  updatedAt: text('updated_at').notNull(),
});
