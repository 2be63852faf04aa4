import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { FulfilmentStatus, OrderStatus, PaymentMethod, PaymentStatus } from '../../crm/events.ts';
import { customers } from './customers.ts';
import { accounts, connections } from './tenancy.ts';

export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    customerId: text('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    name: text('name'),
    email: text('email'),
    phone: text('phone'),
    // Canonical states (crm/events.ts); the platform's own status is kept raw.
    status: text('status').$type<OrderStatus>().notNull(),
    paymentStatus: text('payment_status').$type<PaymentStatus>().notNull(),
    fulfilmentStatus: text('fulfilment_status').$type<FulfilmentStatus>().notNull(),
    paymentMethod: text('payment_method').$type<PaymentMethod>().notNull(),
    platformStatus: text('platform_status'),
    gateway: text('gateway'),
    currency: text('currency').notNull(),
    subtotalMinor: integer('subtotal_minor').notNull(),
    shippingMinor: integer('shipping_minor').notNull(),
    taxMinor: integer('tax_minor').notNull(),
    discountMinor: integer('discount_minor').notNull(),
    totalMinor: integer('total_minor').notNull(),
    presentmentCurrency: text('presentment_currency'),
    presentmentTotalMinor: integer('presentment_total_minor'),
    refundedMinor: integer('refunded_minor').notNull().default(0),
    placedAt: text('placed_at').notNull(),
    paidAt: text('paid_at'),
    fulfilledAt: text('fulfilled_at'),
    deliveredAt: text('delivered_at'),
    cancelledAt: text('cancelled_at'),
    deletedAt: text('deleted_at'),
    // When the trash state (deletedAt) was last observed: the receipt of the deletion or restore
    // delivery that set it. Trash and restore carry no version of their own (a deletion is just
    // `{"id": N}`), so they are ordered by this.
    trashObservedAt: text('trash_observed_at'),
    sourceUpdatedAt: text('source_updated_at').notNull(),
    test: integer('test', { mode: 'boolean' }).notNull().default(false),
    // JSON array of the discount codes used (loyalty marks reward codes as used from it).
    discountCodes: text('discount_codes').notNull().default('[]'),
  },
  (t) => [
    uniqueIndex('orders_connection_external').on(t.connectionId, t.externalId),
    index('orders_customer_placed').on(t.customerId, t.placedAt),
    index('orders_account_placed').on(t.accountId, t.placedAt),
  ],
);

export const lineItems = sqliteTable(
  'line_items',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    productId: text('product_id'),
    variantId: text('variant_id'),
    sku: text('sku'),
    title: text('title').notNull(),
    quantity: integer('quantity').notNull(),
    priceMinor: integer('price_minor').notNull(),
    totalMinor: integer('total_minor').notNull(),
    giftCard: integer('gift_card', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [uniqueIndex('line_items_order_external').on(t.orderId, t.externalId)],
);

// Refunds are keyed by the platform refund id, and may arrive before their order.
export const refunds = sqliteTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    connectionId: text('connection_id')
      .notNull()
      .references(() => connections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    orderExternalId: text('order_external_id').notNull(),
    amountMinor: integer('amount_minor').notNull(),
    currency: text('currency').notNull(),
    reason: text('reason'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('refunds_connection_external').on(t.connectionId, t.externalId),
    index('refunds_order').on(t.connectionId, t.orderExternalId),
  ],
);
