import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { accounts } from './tenancy.ts';

// Marketing consent, one row per (customer, channel): the latest decision the platforms told us
// of. `decided_at` is when the shopper decided (the platform's consent time), so an older
// decision delivered late never overwrites a newer one. See crm/customers/consent.service.ts.
export const customerConsents = sqliteTable(
  'customer_consents',
  {
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // email | sms | whatsapp
    channel: text('channel').notNull(),
    // subscribed | unsubscribed | unknown
    state: text('state').notNull(),
    // Where it came from: shopify | woocommerce_plugin | staff, and the platform's own wording.
    source: text('source').notNull(),
    detail: text('detail'),
    decidedAt: text('decided_at').notNull(),
    // First time we saw this channel subscribed: the newsletter award keys on the customer, this is for people.
    firstSubscribedAt: text('first_subscribed_at'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.channel] })],
);
