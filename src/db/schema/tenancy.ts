import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

// A merchant account owns store connections, staff users and every CRM row.
export const accounts = sqliteTable('accounts', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  // Reporting currency: customer "amount spent" is summed in it.
  currency: text('currency').notNull().default('USD'),
  createdAt: text('created_at').notNull(),
});

export const connections = sqliteTable(
  'connections',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    platform: text('platform', { enum: ['shopify', 'woocommerce'] }).notNull(),
    // Shopify: the myshopify domain. WooCommerce: the site URL with trailing slash.
    domain: text('domain').notNull(),
    name: text('name').notNull(),
    // unverified: stored with `connect --no-verify`, not used until Shopify confirms the token.
    // disconnected: keys and tokens deleted by `rapport disconnect`; customer data kept.
    status: text('status', { enum: ['active', 'uninstalled', 'unverified', 'disconnected'] })
      .notNull()
      .default('active'),
    currency: text('currency').notNull().default('USD'),
    // Used to read local phone numbers as E.164.
    country: text('country'),
    // The shop's IANA time zone (Shopify shop.ianaTimezone; WordPress timezone_string): the
    // shop's "today" for birthdays. Null: not known yet, read as UTC.
    timezone: text('timezone'),
    // Secrets, encrypted with ENCRYPTION_KEY (see lib/crypto.ts).
    accessTokenEnc: text('access_token_enc'),
    webhookSecretEnc: text('webhook_secret_enc'),
    apiKeyEnc: text('api_key_enc'),
    apiSecretEnc: text('api_secret_enc'),
    // WooCommerce: signs the shopper's identity token the WordPress plugin sends (kept apart from
    // the webhook secret so one key never serves two protocols).
    storefrontSecretEnc: text('storefront_secret_enc'),
    createdAt: text('created_at').notNull(),
    uninstalledAt: text('uninstalled_at'),
  },
  (t) => [uniqueIndex('connections_platform_domain').on(t.platform, t.domain), index('connections_account').on(t.accountId)],
);

export const adminUsers = sqliteTable(
  'admin_users',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('admin_users_email').on(t.email)],
);

export const adminSessions = sqliteTable(
  'admin_sessions',
  {
    // sha256 of the bearer token; the token itself is never stored.
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => adminUsers.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('admin_sessions_user').on(t.userId)],
);
