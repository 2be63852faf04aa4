import type { CanonicalCustomer, CanonicalOrder, CanonicalProduct } from '../../crm/events.ts';
import type { NormaliseContext } from '../adapter.ts';
import { legacyId } from './gid.ts';
import { customerOf, orderOf, productOf } from './normalise.ts';
import type { MoneySet, ShopifyAddress, ShopifyCustomer, ShopifyOrder } from './payload.schemas.ts';

// GraphQL Admin shapes (bulk JSONL lines, `orders` pages) -> canonical events. Pure. They are
// mapped onto the webhook (REST) shape and go through the same `orderOf`/`customerOf`, so an order
// imported by the backfill and the same order from a webhook become identical canonical orders:
// same external ids (the numeric tail of the gid, as webhooks send `id`), same rules for COD,
// refunds and fulfilment. That is what lets the versioned domain dedupe them.

type Money = { amount?: string | null; currencyCode?: string | null } | null;
type GqlMoneySet = { shopMoney?: Money; presentmentMoney?: Money } | null;
type GqlAddress = {
  firstName?: string | null;
  lastName?: string | null;
  name?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  zip?: string | null;
  countryCodeV2?: string | null;
  phone?: string | null;
} | null;
export type GqlCustomer = {
  id: string;
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  locale?: string | null;
  createdAt?: string | null;
  updatedAt?: string | null;
  tags?: string[] | null;
  defaultEmailAddress?: { emailAddress?: string | null } | null;
  defaultPhoneNumber?: { phoneNumber?: string | null } | null;
  defaultAddress?: GqlAddress;
  addressesV2?: { edges?: Array<{ node: GqlAddress }> } | null;
};
export type GqlLineItem = {
  id: string;
  title?: string | null;
  name?: string | null;
  sku?: string | null;
  quantity: number;
  isGiftCard?: boolean | null;
  product?: { id: string } | null;
  variant?: { id: string } | null;
  originalUnitPriceSet?: GqlMoneySet;
  totalDiscountSet?: GqlMoneySet;
};
export type GqlOrder = {
  id: string;
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  createdAt: string;
  updatedAt?: string | null;
  processedAt?: string | null;
  cancelledAt?: string | null;
  closedAt?: string | null;
  test?: boolean | null;
  currencyCode?: string | null;
  presentmentCurrencyCode?: string | null;
  displayFinancialStatus?: string | null;
  displayFulfillmentStatus?: string | null;
  paymentGatewayNames?: string[] | null;
  discountCodes?: string[] | null;
  subtotalPriceSet?: GqlMoneySet;
  totalPriceSet?: GqlMoneySet;
  totalTaxSet?: GqlMoneySet;
  totalDiscountsSet?: GqlMoneySet;
  totalShippingPriceSet?: GqlMoneySet;
  customer?: GqlCustomer | null;
  billingAddress?: GqlAddress;
  shippingAddress?: GqlAddress;
  refunds?: Array<{ id: string; createdAt?: string | null; note?: string | null; totalRefundedSet?: GqlMoneySet }> | null;
  fulfillments?: Array<{
    createdAt?: string | null;
    updatedAt?: string | null;
    displayStatus?: string | null;
    status?: string | null;
  }> | null;
};

const lower = (v: string | null | undefined) => (v ? v.toLowerCase() : null);
const money = (s: GqlMoneySet | undefined): MoneySet =>
  s
    ? {
        shop_money: s.shopMoney ? { amount: s.shopMoney.amount ?? null, currency_code: s.shopMoney.currencyCode ?? null } : null,
        presentment_money: s.presentmentMoney
          ? { amount: s.presentmentMoney.amount ?? null, currency_code: s.presentmentMoney.currencyCode ?? null }
          : null,
      }
    : null;

function address(a: GqlAddress | undefined): ShopifyAddress {
  if (!a) return null;
  return {
    first_name: a.firstName ?? null,
    last_name: a.lastName ?? null,
    name: a.name ?? null,
    address1: a.address1 ?? null,
    address2: a.address2 ?? null,
    city: a.city ?? null,
    province: a.province ?? null,
    zip: a.zip ?? null,
    country_code: a.countryCodeV2 ?? null,
    phone: a.phone ?? null,
  };
}

function restCustomer(c: GqlCustomer): ShopifyCustomer {
  return {
    id: legacyId(c.id),
    email: c.defaultEmailAddress?.emailAddress ?? c.email ?? null,
    phone: c.defaultPhoneNumber?.phoneNumber ?? c.phone ?? null,
    first_name: c.firstName ?? null,
    last_name: c.lastName ?? null,
    locale: c.locale ?? null,
    created_at: c.createdAt ?? null,
    updated_at: c.updatedAt ?? null,
    tags: c.tags ? c.tags.join(', ') : null,
    addresses: c.addressesV2?.edges?.map((e) => address(e.node)) ?? null,
    default_address: address(c.defaultAddress),
  };
}

const FULFILMENT: Record<string, string> = { FULFILLED: 'fulfilled', PARTIALLY_FULFILLED: 'partial' };

function gqlOrderToRest(o: GqlOrder, lineItems: GqlLineItem[]): ShopifyOrder {
  const currency = o.currencyCode ?? null;
  return {
    id: legacyId(o.id),
    name: o.name ?? null,
    email: o.email ?? null,
    phone: o.phone ?? null,
    created_at: o.createdAt,
    updated_at: o.updatedAt ?? null,
    processed_at: o.processedAt ?? null,
    cancelled_at: o.cancelledAt ?? null,
    closed_at: o.closedAt ?? null,
    currency,
    presentment_currency: o.presentmentCurrencyCode ?? null,
    financial_status: lower(o.displayFinancialStatus),
    fulfillment_status: FULFILMENT[o.displayFulfillmentStatus ?? ''] ?? null,
    subtotal_price: null,
    total_price: null,
    total_tax: null,
    total_discounts: null,
    subtotal_price_set: money(o.subtotalPriceSet),
    total_price_set: money(o.totalPriceSet),
    total_tax_set: money(o.totalTaxSet),
    total_discounts_set: money(o.totalDiscountsSet),
    total_shipping_price_set: money(o.totalShippingPriceSet),
    payment_gateway_names: o.paymentGatewayNames ?? null,
    gateway: null,
    test: o.test ?? null,
    customer: o.customer ? restCustomer(o.customer) : null,
    billing_address: address(o.billingAddress),
    shipping_address: address(o.shippingAddress),
    line_items: lineItems.map((l) => ({
      id: legacyId(l.id),
      product_id: l.product ? legacyId(l.product.id) : null,
      variant_id: l.variant ? legacyId(l.variant.id) : null,
      sku: l.sku ?? null,
      title: l.title ?? null,
      name: l.name ?? null,
      quantity: l.quantity,
      price: null,
      price_set: money(l.originalUnitPriceSet),
      total_discount: l.totalDiscountSet?.shopMoney?.amount ?? null,
      gift_card: l.isGiftCard ?? null,
    })),
    // A refund's money is what it refunded; one successful refund transaction stands for it.
    refunds: (o.refunds ?? []).map((r) => ({
      id: legacyId(r.id),
      created_at: r.createdAt ?? null,
      note: r.note ?? null,
      refund_line_items: null,
      transactions: [
        {
          kind: 'refund',
          status: 'success',
          amount: r.totalRefundedSet?.shopMoney?.amount ?? '0',
          currency: r.totalRefundedSet?.shopMoney?.currencyCode ?? currency,
        },
      ],
    })),
    fulfillments: (o.fulfillments ?? []).map((f) => ({
      status: lower(f.status),
      shipment_status: lower(f.displayStatus),
      created_at: f.createdAt ?? null,
      updated_at: f.updatedAt ?? null,
    })),
    shipping_lines: null,
    discount_codes: (o.discountCodes ?? []).map((code) => ({ code })),
  };
}

export function gqlOrderToCanonical(o: GqlOrder, lineItems: GqlLineItem[], ctx: NormaliseContext): CanonicalOrder {
  return orderOf(gqlOrderToRest(o, lineItems), ctx);
}

export function gqlCustomerToCanonical(c: GqlCustomer): CanonicalCustomer {
  const rest = restCustomer(c);
  return customerOf(rest, rest.created_at ? new Date(rest.created_at).toISOString() : new Date(0).toISOString());
}

export type GqlProduct = {
  id: string;
  title: string | null;
  handle: string | null;
  /** ACTIVE | ARCHIVED | DRAFT (ProductStatus). */
  status: string | null;
  vendor: string | null;
  productType: string | null;
  updatedAt: string;
  featuredMedia?: { preview?: { image?: { url?: string | null } | null } | null } | null;
};

export type GqlVariant = {
  id: string;
  title: string | null;
  sku: string | null;
  /** Money scalars: decimal strings in the shop currency. */
  price: string | null;
  compareAtPrice: string | null;
  position: number | null;
  inventoryQuantity: number | null;
  inventoryItem?: { tracked?: boolean | null } | null;
  image?: { url?: string | null } | null;
};

/** A bulk product and its variant lines, through the webhook path's own mapping (one canonical shape). */
export function gqlProductToCanonical(p: GqlProduct, variants: GqlVariant[], currency: string): CanonicalProduct {
  const images = new Map<string, string>();
  return productOf(
    {
      id: legacyId(p.id),
      title: p.title,
      handle: p.handle,
      status: p.status?.toLowerCase() ?? null,
      vendor: p.vendor,
      product_type: p.productType,
      updated_at: p.updatedAt,
      image: p.featuredMedia?.preview?.image?.url ? { id: null, src: p.featuredMedia.preview.image.url } : null,
      images: [],
      variants: variants.map((v, i) => {
        const url = v.image?.url ?? null;
        if (url) images.set(legacyId(v.id), url);
        return {
          id: legacyId(v.id),
          title: v.title,
          sku: v.sku,
          price: v.price,
          compare_at_price: v.compareAtPrice,
          position: v.position ?? i + 1,
          inventory_quantity: v.inventoryQuantity,
          inventory_management: v.inventoryItem?.tracked ? 'shopify' : null,
          image_id: null,
        };
      }),
    },
    currency,
    images,
  );
}
