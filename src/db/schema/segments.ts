import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { accounts } from './tenancy.ts';

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
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('segments_account_name').on(t.accountId, t.name), index('segments_account_created').on(t.accountId, t.createdAt)],
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
