import type { CanonicalConsent } from './customers/consent.port.ts';

// The canonical model: the only shapes platform adapters hand to the CRM domain.
// Money is integer minor units in the shop currency; timestamps are ISO-8601 UTC strings.

export type Platform = 'shopify' | 'woocommerce';

export type PaymentMethod = 'cod' | 'card' | 'wallet' | 'bank_transfer' | 'gift_card' | 'other' | 'unknown';
export type OrderStatus = 'open' | 'closed' | 'cancelled';
export type PaymentStatus = 'pending' | 'authorized' | 'paid' | 'partially_refunded' | 'refunded' | 'voided' | 'failed' | 'unknown';
// "delivered" means the goods reached the shopper (and, for COD, cash was collected);
// "returned" is a return to origin (RTO) or a refused delivery.
export type FulfilmentStatus = 'unfulfilled' | 'partial' | 'fulfilled' | 'delivered' | 'returned';

export type CanonicalAddress = {
  name: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  province: string | null;
  zip: string | null;
  countryCode: string | null;
  phone: string | null;
};

export type CanonicalCustomer = {
  externalId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  // null: the payload did not say (Shopify customer webhooks since 2025-01 carry no tags).
  tags: string[] | null;
  addresses: CanonicalAddress[];
  createdAt: string | null;
  updatedAt: string;
  /** Marketing consent the payload carries (absent: it said nothing; each decision has its own time). */
  consents?: CanonicalConsent[];
};

export type CanonicalLineItem = {
  externalId: string;
  productId: string | null;
  variantId: string | null;
  sku: string | null;
  title: string;
  quantity: number;
  priceMinor: number;
  totalMinor: number;
  giftCard: boolean;
};

export type CanonicalRefund = {
  externalId: string;
  orderExternalId: string;
  amountMinor: number;
  currency: string;
  reason: string | null;
  createdAt: string;
};

export type CanonicalOrder = {
  externalId: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  // null for guest checkouts: the domain then keys the shopper by email or phone.
  customer: CanonicalCustomer | null;
  guestName: { firstName: string | null; lastName: string | null } | null;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  fulfilmentStatus: FulfilmentStatus;
  paymentMethod: PaymentMethod;
  platformStatus: string | null;
  gateway: string | null;
  currency: string;
  /** Line items after discounts, before shipping and tax (Shopify subtotal_price; WooCommerce sum of line totals). */
  subtotalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  discountMinor: number;
  totalMinor: number;
  presentment: { currency: string; totalMinor: number } | null;
  placedAt: string;
  paidAt: string | null;
  fulfilledAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  updatedAt: string;
  // True when the platform has the order in its trash (WooCommerce).
  trashed: boolean;
  test: boolean;
  lineItems: CanonicalLineItem[];
  refunds: CanonicalRefund[];
  /** Discount codes the shopper used (Shopify discount_codes, WooCommerce coupon_lines). */
  discountCodes: string[];
  shippingAddress: CanonicalAddress | null;
  billingAddress: CanonicalAddress | null;
  /** The checkout this order completes (Shopify checkout_id / checkout_token; WooCommerce the order itself once paid). */
  checkout?: CheckoutRef | null;
};

/**
 * A checkout by the platform's id or its token (either may be all an order carries). `mayPrecede`:
 * the order may arrive before its checkout's own delivery (Shopify), so a completed row is kept for
 * it; WooCommerce's checkout is the order itself, so only a checkout already known completes.
 */
export type CheckoutRef = { externalId: string | null; token: string | null; mayPrecede: boolean };

/**
 * A shopper's checkout not (yet) turned into an order: Shopify checkouts/create|update, or a
 * WooCommerce order left awaiting payment. Versioned by `updatedAt` like orders.
 */
export type CanonicalCheckout = {
  externalId: string;
  token: string | null;
  email: string | null;
  phone: string | null;
  /** The platform's customer, when the shopper is signed in. */
  customer: CanonicalCustomer | null;
  guestName: { firstName: string | null; lastName: string | null } | null;
  /** The link that takes the shopper back to this checkout. */
  recoveryUrl: string | null;
  currency: string;
  totalMinor: number;
  /** Short: "2 × T-shirt, 1 × Cap" (titles and quantities only). */
  items: Array<{ title: string; quantity: number }>;
  /** The shopper ticked the marketing box at checkout (true), or said nothing we may read as a decision (null). */
  acceptsMarketing: boolean | null;
  locale: string | null;
  completedAt: string | null;
  /** Closed without an order (WooCommerce: the unpaid order cancelled). */
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** A product's status at the store: only `active` ones are offered in quotes. */
export type ProductStatus = 'active' | 'draft' | 'archived';

export type CanonicalVariant = {
  externalId: string;
  title: string | null;
  sku: string | null;
  /** In the shop currency, minor units. */
  priceMinor: number;
  compareAtPriceMinor: number | null;
  /** null: the store does not track stock for it. */
  inventoryQuantity: number | null;
  position: number;
  imageUrl: string | null;
};

export type CanonicalProduct = {
  externalId: string;
  title: string;
  handle: string | null;
  status: ProductStatus;
  vendor: string | null;
  productType: string | null;
  imageUrl: string | null;
  updatedAt: string;
  /**
   * Every variant the product has now (a simple WooCommerce product is its own one variant), or
   * null when the payload names variants without their details (WooCommerce variable products:
   * `variations` is a list of ids): then only the ids are kept and the rest comes from the variation
   * payloads or the next reconcile.
   */
  variants: CanonicalVariant[] | null;
  variantIds: string[];
};

export type CustomerRef = { externalId: string | null; email: string | null; phone: string | null };

export type CanonicalEvent =
  | { type: 'customer.upserted'; customer: CanonicalCustomer }
  | { type: 'customer.deleted'; externalId: string }
  /** Consent on its own topic (Shopify since 2025-01): the customer by platform id, maybe not synced yet. */
  | { type: 'customer.consent'; externalId: string; email: string | null; phone: string | null; consents: CanonicalConsent[] }
  | { type: 'order.upserted'; order: CanonicalOrder; restored?: boolean }
  | { type: 'order.deleted'; externalId: string }
  | { type: 'refund.created'; refund: CanonicalRefund }
  | { type: 'product.upserted'; product: CanonicalProduct }
  /** One variation on its own (WooCommerce sends variations as products with a parent). */
  | { type: 'product.variant_upserted'; productExternalId: string; variant: CanonicalVariant; updatedAt: string }
  | { type: 'product.deleted'; externalId: string }
  | { type: 'checkout.updated'; checkout: CanonicalCheckout }
  | { type: 'connection.uninstalled' }
  | { type: 'compliance.data_requested'; requestId: string | null; customer: CustomerRef; orderExternalIds: string[] }
  | { type: 'compliance.customer_redacted'; customer: CustomerRef; orderExternalIds: string[] }
  | { type: 'compliance.shop_redacted' }
  | { type: 'ignored'; reason: string };
