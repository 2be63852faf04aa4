import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts, connections } from './tenancy.ts';

// Platform sync: Shopify app sessions, backfill/reconcile runs with their progress, per-store
// watermarks, and an outbox of writes back to the platforms (loyalty metafields, tags).

// @shopify/shopify-api Session storage. Tokens are sealed with ENCRYPTION_KEY like every secret.
export const shopifySessions = sqliteTable(
  'shopify_sessions',
  {
    id: text('id').primaryKey(),
    shop: text('shop').notNull(),
    connectionId: text('connection_id').references(() => connections.id, { onDelete: 'cascade' }),
    isOnline: integer('is_online', { mode: 'boolean' }).notNull(),
    state: text('state'),
    scope: text('scope'),
    accessTokenEnc: text('access_token_enc'),
    expiresAt: text('expires_at'),
    // Expiring offline tokens come with a refresh token that is replaced on every use.
    refreshTokenEnc: text('refresh_token_enc'),
    refreshTokenExpiresAt: text('refresh_token_expires_at'),
    userId: text('user_id'),
    // Online sessions: the associated user as Shopify returned it, as JSON (no tokens in it).
    onlineAccessInfo: text('online_access_info'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('shopify_sessions_shop').on(t.shop)],
);

export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    resource: text('resource').notNull(),
    status: text('status').notNull(),
    total: integer('total'),
    done: integer('done').notNull().default(0),
    // Where to resume: a bulk operation id, a page, a modified_after watermark.
    cursor: text('cursor'),
    // Said to the merchant, e.g. that history older than 60 days needs read_all_orders; in English,
    // and as a code with its figures (JSON) so the panel can say it in the merchant's language.
    note: text('note'),
    noteCode: text('note_code'),
    noteParams: text('note_params'),
    error: text('error'),
    startedAt: text('started_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    finishedAt: text('finished_at'),
  },
  (t) => [index('sync_runs_connection').on(t.connectionId, t.startedAt), index('sync_runs_status').on(t.status)],
);

export const connectionSyncState = sqliteTable('connection_sync_state', {
  connectionId: text('connection_id')
    .primaryKey()
    .references(() => connections.id, { onDelete: 'cascade' }),
  accountId: text('account_id')
    .notNull()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  ordersWatermark: text('orders_watermark'),
  customersWatermark: text('customers_watermark'),
  lastReconcileAt: text('last_reconcile_at'),
  webhooksCheckedAt: text('webhooks_checked_at'),
  grantedScopes: text('granted_scopes'),
  updatedAt: text('updated_at').notNull(),
});

// Writes owed to a platform (e.g. a member's loyalty metafields), coalesced per subject so a
// burst of changes becomes one write, sent in rate-limited batches by a job.
export const platformOutbox = sqliteTable(
  'platform_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    subjectId: text('subject_id').notNull(),
    dueAt: text('due_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('platform_outbox_subject').on(t.connectionId, t.kind, t.subjectId), index('platform_outbox_due').on(t.dueAt)],
);

// Small named state that jobs must keep across restarts (e.g. how far the loyalty write-back
// has scanned the points ledger), as JSON.
export const jobState = sqliteTable('job_state', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
});
