import { index, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { accounts, connections } from './tenancy.ts';

// The merchant's first-hour checklist (Home). Most steps are read from real data (a connection,
// a running program); these two tables hold what cannot be: what the merchant marked done, and
// when a store's storefront widget first called us.

export const onboardingMarks = sqliteTable(
  'onboarding_marks',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // widget / preview: marked done by the merchant; dismissed: the finished checklist hidden.
    step: text('step', { enum: ['widget', 'preview', 'dismissed'] }).notNull(),
    markedAt: text('marked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.step] })],
);

export const storefrontFirstSeen = sqliteTable(
  'storefront_first_seen',
  {
    // One row per store, written once (the storefront hot path keeps an in-memory guard).
    connectionId: text('connection_id')
      .primaryKey()
      .references(() => connections.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    firstSeenAt: text('first_seen_at').notNull(),
  },
  (t) => [index('storefront_first_seen_account').on(t.accountId)],
);
