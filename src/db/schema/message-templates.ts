import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts } from './tenancy.ts';

// Message templates (crm/messaging/templates): one row per template, its language variants as
// JSON ({"en": {"subject", "body", "text"}, "ur": …}), checked before they are stored.
export const messageTemplates = sqliteTable(
  'message_templates',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // 'email' for now; text, so WhatsApp and SMS templates need no migration.
    channel: text('channel').notNull(),
    // marketing (needs the shopper's consent) or transactional.
    purpose: text('purpose').notNull(),
    variants: text('variants').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('message_templates_account_name').on(t.accountId, t.name),
    index('message_templates_account_created').on(t.accountId, t.createdAt),
  ],
);
