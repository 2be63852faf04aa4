import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { ProductStatus } from '../../crm/events.ts';
import { accounts, connections } from './tenancy.ts';

// The shop's catalogue (crm/catalogue), kept from product webhooks and the reconcile: what quotes
// are built from. Prices in the shop currency's minor units. A product the store deleted keeps its
// row (quotes and reviews point at it) with deleted_at set.

export const products = sqliteTable(
  'products',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    title: text('title').notNull(),
    handle: text('handle'),
    status: text('status').$type<ProductStatus>().notNull(),
    vendor: text('vendor'),
    productType: text('product_type'),
    imageUrl: text('image_url'),
    currency: text('currency').notNull(),
    // Lower-cased title, SKUs and vendor: what the admin's search matches.
    searchText: text('search_text').notNull(),
    // The platform's updated_at of the payload applied last: an older payload changes nothing.
    platformUpdatedAt: text('platform_updated_at').notNull(),
    deletedAt: text('deleted_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('products_external').on(t.connectionId, t.externalId),
    index('products_account_title').on(t.accountId, t.title, t.id),
  ],
);

export const productVariants = sqliteTable(
  'product_variants',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    productId: text('product_id')
      .notNull()
      .references(() => products.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    title: text('title'),
    sku: text('sku'),
    // null until a payload with the variant's details arrives (a WooCommerce variation named by id only).
    priceMinor: integer('price_minor'),
    compareAtPriceMinor: integer('compare_at_price_minor'),
    inventoryQuantity: integer('inventory_quantity'),
    position: integer('position').notNull().default(0),
    imageUrl: text('image_url'),
    platformUpdatedAt: text('platform_updated_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('product_variants_external').on(t.connectionId, t.externalId),
    index('product_variants_product').on(t.productId, t.position),
  ],
);
