import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { accounts, connections } from './tenancy.ts';

// Saved segments: a name and a query (crm/segments, docs/segments.md). Built-in ones carry a key
// (`champions`, `cod_risk`…) and are not edited by staff.
export const segments = sqliteTable(
  'segments',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // The canonical text (the printer's), so an equal query is stored the same way.
    query: text('query').notNull(),
    builtIn: text('built_in'),
    // The customer tag (Shopify) / meta value (WooCommerce) the segment mirrors itself as at the stores, or null.
    syncTag: text('sync_tag'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('segments_account_name').on(t.accountId, t.name),
    index('segments_account_created').on(t.accountId, t.createdAt),
    uniqueIndex('segments_account_sync_tag').on(t.accountId, t.syncTag),
  ],
);

// Who is in each segment, kept for entering and leaving events: written by every unit of work
// for the customers it touched and repaired daily (crm/segments/membership.store.ts, README there).
export const segmentMembers = sqliteTable(
  'segment_members',
  {
    segmentId: text('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    enteredAt: text('entered_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.customerId] }), index('segment_members_customer').on(t.customerId)],
);

// A segment's size once a day (UTC), for its history chart.
export const segmentSizes = sqliteTable(
  'segment_sizes',
  {
    segmentId: text('segment_id')
      .notNull()
      .references(() => segments.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    day: text('day').notNull(),
    size: integer('size').notNull(),
  },
  (t) => [primaryKey({ columns: [t.segmentId, t.day] })],
);

// Sync out (crm/segments/segment-sync.service.ts). Customers whose synced memberships changed,
// noted in the unit of work that changed them, so a mirror never misses a change; drained by the
// sync job into platform_outbox, one row per store.
export const segmentSyncQueue = sqliteTable(
  'segment_sync_queue',
  {
    customerId: text('customer_id')
      .primaryKey()
      .references(() => customers.id, { onDelete: 'cascade' }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    queuedAt: text('queued_at').notNull(),
  },
  (t) => [index('segment_sync_queue_time').on(t.queuedAt)],
);

// Accounts whose mirrors need a full comparison (a synced segment created, redefined, retagged or
// deleted; the daily check): what the events alone cannot say.
export const segmentSyncChecks = sqliteTable('segment_sync_checks', {
  accountId: text('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  requestedAt: text('requested_at').notNull(),
});

// The tags Rapport has put on each store customer (by the store's id, which is what carries the
// tag): what to remove when a customer leaves or a tag changes, and what not to send again.
export const segmentTagPushes = sqliteTable(
  'segment_tag_pushes',
  {
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    tag: text('tag').notNull(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    pushedAt: text('pushed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.externalId, t.tag] }), index('segment_tag_pushes_account_tag').on(t.accountId, t.tag)],
);
