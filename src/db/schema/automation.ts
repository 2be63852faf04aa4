import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { accounts, connections } from './tenancy.ts';

// Platform workflow triggers (crm/automation): per store and trigger, whether a workflow uses it,
// as the platform last said (Shopify Flow's lifecycle callback, `has_enabled_flow`). No row = off:
// nothing is sent for it.
export const automationTriggers = sqliteTable(
  'automation_triggers',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    // points_earned | tier_changed | reward_redeemed | segment_entered
    trigger: text('trigger').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    // The platform's timestamp of the notice: an older notice arriving late changes nothing.
    noticeAt: text('notice_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.trigger] }), index('automation_triggers_account').on(t.accountId, t.enabled)],
);
