import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { IdentityRecord } from '../../crm/store.port.ts';
import { accounts, connections } from './tenancy.ts';

export const customers = sqliteTable(
  'customers',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    email: text('email'),
    emailKey: text('email_key'),
    phone: text('phone'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    // Lower-cased "first last email phone" for search.
    searchText: text('search_text').notNull().default(''),
    locale: text('locale'),
    // Derived stats, recomputed from orders on every change to them.
    ordersCount: integer('orders_count').notNull().default(0),
    amountSpentMinor: integer('amount_spent_minor').notNull().default(0),
    currency: text('currency').notNull(),
    firstOrderAt: text('first_order_at'),
    lastOrderAt: text('last_order_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    redactedAt: text('redacted_at'),
  },
  (t) => [
    index('customers_account_email').on(t.accountId, t.emailKey),
    index('customers_account_phone').on(t.accountId, t.phone),
    index('customers_account_updated').on(t.accountId, t.updatedAt, t.id),
    index('customers_account_spent').on(t.accountId, t.amountSpentMinor, t.id),
    index('customers_account_last_order').on(t.accountId, t.lastOrderAt, t.id),
  ],
);

// One row per (store connection, platform customer). Guests get a synthetic external id.
export const customerIdentities = sqliteTable(
  'customer_identities',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    email: text('email'),
    phone: text('phone'),
    // The phone as the store sent it when it could not be read as E.164: shown to staff, never an identity key.
    phoneRaw: text('phone_raw'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    // How this identity was joined to its profile: new, email, phone or merge.
    linkedBy: text('linked_by').$type<IdentityRecord['linkedBy']>().notNull(),
    sourceUpdatedAt: text('source_updated_at'),
    deletedAt: text('deleted_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('identities_connection_external').on(t.connectionId, t.externalId),
    index('identities_customer').on(t.customerId),
    index('identities_account').on(t.accountId),
  ],
);

export const addresses = sqliteTable(
  'addresses',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    // Deduplication key: normalised address text, so the same address seen twice is one row.
    fingerprint: text('fingerprint').notNull(),
    name: text('name'),
    line1: text('line1'),
    line2: text('line2'),
    city: text('city'),
    province: text('province'),
    zip: text('zip'),
    countryCode: text('country_code'),
    phone: text('phone'),
    lastUsedAt: text('last_used_at').notNull(),
  },
  (t) => [uniqueIndex('addresses_customer_fingerprint').on(t.customerId, t.fingerprint)],
);

export const customerTags = sqliteTable(
  'customer_tags',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    // Which store set the tag (a connection id), or "rapport" for tags added in Rapport.
    source: text('source').notNull(),
  },
  (t) => [uniqueIndex('customer_tags_pk').on(t.customerId, t.source, t.tag), index('customer_tags_account_tag').on(t.accountId, t.tag)],
);

export const customerNotes = sqliteTable(
  'customer_notes',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    author: text('author'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('customer_notes_customer').on(t.customerId)],
);

// Everything that happened to a customer, newest first on the profile.
export const timelineEvents = sqliteTable(
  'timeline_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    occurredAt: text('occurred_at').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    // JSON with the facts the UI shows (amounts, order name, merge reason).
    data: text('data').notNull().default('{}'),
    // Business key making each event idempotent (e.g. "order_placed:<order id>").
    dedupeKey: text('dedupe_key').notNull(),
  },
  (t) => [
    uniqueIndex('timeline_account_dedupe').on(t.accountId, t.dedupeKey),
    index('timeline_customer_time').on(t.customerId, t.occurredAt, t.id),
  ],
);

export const dataRequests = sqliteTable(
  'data_requests',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalRequestId: text('external_request_id'),
    // The customer's data as JSON, for the merchant to hand over.
    export: text('export').notNull(),
    createdAt: text('created_at').notNull(),
    // When staff marked the export handed over to the customer.
    fulfilledAt: text('fulfilled_at'),
  },
  (t) => [
    uniqueIndex('data_requests_external').on(t.connectionId, t.externalRequestId),
    index('data_requests_account_created').on(t.accountId, t.createdAt),
  ],
);

// What was erased, never the data itself: keyed hashes (HMAC-SHA256, a key derived from
// ENCRYPTION_KEY) of a platform customer id, lower-cased email or E.164 phone, so later or
// replayed deliveries, imports and reconciles cannot bring an erased person back.
export const erasureTombstones = sqliteTable(
  'erasure_tombstones',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    keyHash: text('key_hash').notNull(),
    // customer_id | email | phone: which kind of key was hashed (for audits; the hash covers it).
    kind: text('kind', { enum: ['customer_id', 'email', 'phone'] }).notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('erasure_tombstones_key').on(t.accountId, t.keyHash)],
);

// Old profile ids stay resolvable after a merge.
export const customerMerges = sqliteTable(
  'customer_merges',
  {
    fromId: text('from_id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    intoId: text('into_id').notNull(),
    reason: text('reason').notNull(),
    mergedAt: text('merged_at').notNull(),
  },
  (t) => [index('customer_merges_into').on(t.intoId)],
);
