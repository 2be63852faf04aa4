import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

// State every web process must agree on when no Redis is configured (REDIS_URL): rate-limit
// counters (rate-limiter-flexible's store, db/shared-state.repo.ts) and short-lived entries
// (one-time states, caches with a time to live). Rows expire: readers ignore expired ones and a
// bounded purge deletes them by the expiry index, so neither table grows without bound.

export const rateLimits = sqliteTable(
  'rate_limits',
  {
    // The limiter's prefix and the caller's key (`login_fail:email:…`).
    key: text('key').primaryKey(),
    points: integer('points').notNull(),
    // Null: never expires (a limiter with duration 0; none of ours).
    expiresAt: text('expires_at'),
  },
  (t) => [index('rate_limits_expires').on(t.expiresAt)],
);

export const sharedEntries = sqliteTable(
  'shared_entries',
  {
    key: text('key').primaryKey(),
    value: text('value').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('shared_entries_expires').on(t.expiresAt)],
);
