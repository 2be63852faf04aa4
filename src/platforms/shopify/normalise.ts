import type {
  CanonicalAddress,
  CanonicalCheckout,
  CanonicalCustomer,
  CanonicalEvent,
  CanonicalOrder,
  CanonicalProduct,
  CanonicalRefund,
  FulfilmentStatus,
  PaymentMethod,
  PaymentStatus,
} from '../../crm/events.ts';
import { currencyExponent, toMinor } from '../../lib/money.ts';
import { parsePayload, type NormaliseContext, type PlatformAdapter } from '../adapter.ts';
import type { CanonicalConsent, ConsentChannel } from '../../crm/customers/consent.port.ts';
import * as S from './payload.schemas.ts';

const iso = (v: string | null | undefined) => (v ? new Date(v).toISOString() : null);

/** Prefer the shop-currency figure of a *_set (multi-currency stores); fall back to the plain field. */
function shopMoney(set: S.MoneySet, plain: string | number | null | undefined, currency: string): number {
  return toMinor(set?.shop_money?.amount ?? plain ?? '0', currency);
}

function paymentMethodOf(gateways: string[]): PaymentMethod {
  const names = gateways.map((g) => g.toLowerCase());
  if (!names.length) return 'unknown';
  if (names.some((g) => /cash on delivery|\bcod\b/.test(g))) return 'cod';
  if (names.every((g) => g === 'gift_card')) return 'gift_card';
  if (names.some((g) => /bank|deposit/.test(g))) return 'bank_transfer';
  if (names.some((g) => /shopify_payments|stripe|bogus|card|razorpay|payu|checkout/.test(g))) return 'card';
  if (names.some((g) => /paypal|apple|google|wallet|easypaisa|jazzcash|upi|paytm|phonepe/.test(g))) return 'wallet';
  return 'other';
}

const paymentStatuses: Record<string, PaymentStatus> = {
  pending: 'pending',
  authorized: 'authorized',
  partially_paid: 'pending',
  paid: 'paid',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
  voided: 'voided',
  expired: 'failed',
};

function address(a: S.ShopifyAddress): CanonicalAddress | null {
  if (!a) return null;
  return {
    name: a.name ?? ([a.first_name, a.last_name].filter(Boolean).join(' ') || null),
    line1: a.address1,
    line2: a.address2,
    city: a.city,
    province: a.province,
    zip: a.zip,
    countryCode: a.country_code,
    phone: a.phone,
  };
}

const CONSENT_STATES: Record<string, CanonicalConsent['state']> = {
  subscribed: 'subscribed',
  unsubscribed: 'unsubscribed',
  not_subscribed: 'unsubscribed',
};

/**
 * Shopify's consent as a canonical decision. `pending` (double opt-in not confirmed yet),
 * `invalid` and `redacted` are not a yes: unknown. A decision without a date counts as the
 * oldest possible, so any dated one wins over it.
 */
export function consentOf(channel: ConsentChannel, c: S.MarketingConsent): CanonicalConsent | null {
  if (!c?.state) return null;
  const state = c.state.toLowerCase();
  return {
    channel,
    state: CONSENT_STATES[state] ?? 'unknown',
    source: 'shopify',
    detail: [state, c.opt_in_level?.toLowerCase()].filter(Boolean).join('/'),
    decidedAt: iso(c.consent_updated_at) ?? new Date(0).toISOString(),
  };
}

function consentsOf(c: Pick<S.ShopifyCustomer, 'email_marketing_consent' | 'sms_marketing_consent'>): CanonicalConsent[] | undefined {
  const list = [consentOf('email', c.email_marketing_consent), consentOf('sms', c.sms_marketing_consent)].filter(
    (x): x is CanonicalConsent => x !== null,
  );
  return list.length ? list : undefined;
}

export function customerOf(c: Omit<S.ShopifyCustomer, 'id'> & { id: string }, fallbackUpdatedAt: string): CanonicalCustomer {
  const addresses = [...(c.addresses ?? []), ...(c.addresses?.length ? [] : [c.default_address])]
    .map(address)
    .filter((a): a is CanonicalAddress => a !== null);
  return {
    externalId: c.id,
    email: c.email,
    phone: c.phone,
    firstName: c.first_name,
    lastName: c.last_name,
    locale: c.locale,
    tags:
      typeof c.tags === 'string'
        ? c.tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean)
        : null,
    addresses,
    createdAt: iso(c.created_at),
    updatedAt: iso(c.updated_at) ?? fallbackUpdatedAt,
    ...(consentsOf(c) ? { consents: consentsOf(c) } : {}),
  };
}

/** Shop units per presentment unit, from an order's total (both sides of its `*_set`). */
type PresentmentRate = { currency: string; shopPerPresentment: number };

/**
 * A refund in the shop's currency. Refund transactions move the shopper's money, in the
 * presentment currency of a multi-currency store; stats and points are in shop money. So a
 * transaction counts as is only when it is in the shop's currency; otherwise the refund is valued
 * from its lines and adjustments in `shop_money` (Shopify's sign: adjustments below zero were
 * given back), or, with neither, converted at the order's own rate (orders payloads carry it).
 */
export function refundOf(
  r: Omit<S.ShopifyRefund, 'order_id'>,
  orderId: string,
  currency: string,
  fallbackAt: string,
  rate?: PresentmentRate | null,
): CanonicalRefund {
  const money = (r.transactions ?? []).filter((t) => t.kind === 'refund' && t.status === 'success');
  const inShopCurrency = money.every((t) => !t.currency || t.currency.toUpperCase() === currency.toUpperCase());
  const lines = (r.refund_line_items ?? []).map(
    (l) =>
      shopMoney(l.subtotal_set, inShopCurrency ? l.subtotal : null, currency) +
      shopMoney(l.total_tax_set, inShopCurrency ? l.total_tax : null, currency),
  );
  const adjustments = (r.order_adjustments ?? []).map(
    (a) =>
      shopMoney(a.amount_set, inShopCurrency ? a.amount : null, currency) +
      shopMoney(a.tax_amount_set, inShopCurrency ? a.tax_amount : null, currency),
  );
  const breakdown = lines.reduce((s, v) => s + v, 0) - adjustments.reduce((s, v) => s + v, 0);
  let amountMinor: number;
  if (money.length && inShopCurrency) amountMinor = money.reduce((sum, t) => sum + toMinor(t.amount ?? '0', currency), 0);
  else if (lines.length || adjustments.length || !money.length)
    amountMinor = Math.max(0, breakdown); // also a refund without money movement (store credit)
  else if (rate && money.every((t) => t.currency?.toUpperCase() === rate.currency.toUpperCase())) {
    const presentment = money.reduce((sum, t) => sum + Number(t.amount ?? 0), 0);
    amountMinor = toMinor((presentment * rate.shopPerPresentment).toFixed(currencyExponent(currency)), currency);
  } else amountMinor = 0; // no shop-money figure at all: the order's next update (with its rate) values it
  return { externalId: r.id, orderExternalId: orderId, amountMinor, currency, reason: r.note, createdAt: iso(r.created_at) ?? fallbackAt };
}

function presentmentRate(o: S.ShopifyOrder): PresentmentRate | null {
  const shop = Number(o.total_price_set?.shop_money?.amount);
  const presentment = Number(o.total_price_set?.presentment_money?.amount);
  const code = o.total_price_set?.presentment_money?.currency_code ?? o.presentment_currency;
  return code && shop > 0 && presentment > 0 ? { currency: code, shopPerPresentment: shop / presentment } : null;
}

function fulfilment(o: S.ShopifyOrder): { status: FulfilmentStatus; fulfilledAt: string | null; deliveredAt: string | null } {
  const fs = o.fulfillments ?? [];
  const delivered = fs.find((f) => f.shipment_status === 'delivered');
  const firstAt =
    fs
      .map((f) => iso(f.created_at))
      .filter((d): d is string => d !== null)
      .sort()[0] ?? null;
  if (fs.some((f) => f.shipment_status === 'failure')) return { status: 'returned', fulfilledAt: firstAt, deliveredAt: null };
  if (delivered) return { status: 'delivered', fulfilledAt: firstAt, deliveredAt: iso(delivered.updated_at) ?? firstAt };
  if (o.fulfillment_status === 'fulfilled') return { status: 'fulfilled', fulfilledAt: firstAt ?? iso(o.updated_at), deliveredAt: null };
  if (o.fulfillment_status === 'partial') return { status: 'partial', fulfilledAt: firstAt, deliveredAt: null };
  return { status: 'unfulfilled', fulfilledAt: null, deliveredAt: null };
}

export function orderOf(o: S.ShopifyOrder, ctx: NormaliseContext): CanonicalOrder {
  const currency = o.currency ?? ctx.currency;
  const updatedAt = iso(o.updated_at) ?? iso(o.created_at)!;
  const method = paymentMethodOf(o.payment_gateway_names?.length ? o.payment_gateway_names : o.gateway ? [o.gateway] : []);
  const paymentStatus = paymentStatuses[o.financial_status ?? ''] ?? 'unknown';
  const settled = paymentStatus === 'paid' || paymentStatus === 'partially_refunded' || paymentStatus === 'refunded';
  // COD is "paid" only when the merchant marks the cash collected, i.e. at this update.
  const paidAt = settled ? (method === 'cod' ? updatedAt : (iso(o.processed_at) ?? iso(o.created_at))) : null;
  const f = fulfilment(o);
  const shipping = o.total_shipping_price_set
    ? shopMoney(o.total_shipping_price_set, null, currency)
    : (o.shipping_lines ?? []).reduce((s, l) => s + shopMoney(l.price_set, l.price, currency), 0);
  const presentment = o.total_price_set?.presentment_money;
  const shopper = o.customer?.id ? customerOf({ ...o.customer, id: o.customer.id }, updatedAt) : null;
  const bill = o.billing_address ?? o.shipping_address;
  return {
    externalId: o.id,
    name: o.name,
    email: o.email ?? shopper?.email ?? null,
    // The address phone may be a gift recipient's: it identifies the shopper only when nothing else does.
    phone: o.phone ?? shopper?.phone ?? (o.email || shopper?.email ? null : (bill?.phone ?? null)),
    customer: shopper,
    guestName: shopper ? null : { firstName: bill?.first_name ?? null, lastName: bill?.last_name ?? null },
    status: o.cancelled_at ? 'cancelled' : o.closed_at ? 'closed' : 'open',
    paymentStatus,
    fulfilmentStatus: f.status,
    paymentMethod: method,
    platformStatus: o.financial_status,
    gateway: o.payment_gateway_names?.join(', ') || o.gateway,
    currency,
    subtotalMinor: shopMoney(o.subtotal_price_set, o.subtotal_price, currency),
    shippingMinor: shipping,
    taxMinor: shopMoney(o.total_tax_set, o.total_tax, currency),
    discountMinor: shopMoney(o.total_discounts_set, o.total_discounts, currency),
    totalMinor: shopMoney(o.total_price_set, o.total_price, currency),
    presentment:
      o.presentment_currency && presentment?.amount != null
        ? { currency: o.presentment_currency, totalMinor: toMinor(presentment.amount, o.presentment_currency) }
        : null,
    placedAt: iso(o.processed_at) ?? iso(o.created_at)!,
    paidAt,
    fulfilledAt: f.fulfilledAt,
    deliveredAt: f.deliveredAt,
    cancelledAt: iso(o.cancelled_at),
    updatedAt,
    trashed: false,
    test: o.test ?? false,
    lineItems: (o.line_items ?? []).map((l) => {
      const price = shopMoney(l.price_set, l.price, currency);
      return {
        externalId: l.id,
        productId: l.product_id ?? null,
        variantId: l.variant_id ?? null,
        sku: l.sku,
        title: l.title ?? l.name ?? '',
        quantity: l.quantity,
        priceMinor: price,
        totalMinor: price * l.quantity - toMinor(l.total_discount ?? '0', currency),
        giftCard: l.gift_card ?? false,
      };
    }),
    refunds: (o.refunds ?? []).map((r) => refundOf(r, o.id, currency, updatedAt, presentmentRate(o))),
    discountCodes: (o.discount_codes ?? []).flatMap((d) => (d.code ? [d.code] : [])),
    shippingAddress: address(o.shipping_address),
    billingAddress: address(o.billing_address),
    checkout:
      o.checkout_id || o.checkout_token ? { externalId: o.checkout_id ?? null, token: o.checkout_token || null, mayPrecede: true } : null,
  };
}

/**
 * A checkout as Shopify reports it (checkouts/create|update). `total_price` is in `currency`, the
 * shop's; `buyer_accepts_marketing` true is an email subscription at that step (false decides nothing).
 */
export function checkoutOf(c: S.ShopifyCheckout, ctx: NormaliseContext): CanonicalCheckout {
  const currency = c.currency ?? ctx.currency;
  const updatedAt = iso(c.updated_at) ?? iso(c.created_at) ?? new Date(0).toISOString();
  const shopper = c.customer?.id ? customerOf({ ...c.customer, id: c.customer.id }, updatedAt) : null;
  const bill = c.billing_address ?? c.shipping_address;
  return {
    externalId: c.id,
    token: c.token,
    email: c.email ?? shopper?.email ?? null,
    phone: c.phone ?? shopper?.phone ?? (c.email || shopper?.email ? null : (bill?.phone ?? null)),
    customer: shopper,
    guestName: shopper ? null : { firstName: bill?.first_name ?? null, lastName: bill?.last_name ?? null },
    recoveryUrl: c.abandoned_checkout_url,
    currency,
    totalMinor: toMinor(c.total_price ?? '0', currency),
    items: (c.line_items ?? []).map((l) => ({ title: l.title ?? l.presentment_title ?? '', quantity: l.quantity })),
    acceptsMarketing: c.buyer_accepts_marketing === true ? true : null,
    locale: c.customer_locale,
    completedAt: iso(c.completed_at),
    closedAt: iso(c.closed_at),
    createdAt: iso(c.created_at) ?? updatedAt,
    updatedAt,
  };
}

const PRODUCT_STATUSES = new Set(['active', 'draft', 'archived']);

/** A products/* payload (REST product resource) as a canonical product. */
export function productOf(
  p: S.ShopifyProduct,
  currency: string,
  /** Variant images by variant id (GraphQL names them on the variant, not by image id). */
  variantImages?: Map<string, string>,
): CanonicalProduct {
  const images = new Map((p.images ?? []).map((i) => [i.id, i.src]));
  const status = (p.status ?? 'active').toLowerCase();
  const variants = (p.variants ?? []).map((v, i) => ({
    externalId: v.id,
    // Shopify names a product without options' only variant "Default Title": no title of its own.
    title: v.title && v.title !== 'Default Title' ? v.title : null,
    sku: v.sku,
    priceMinor: toMinor(v.price ?? '0', currency),
    compareAtPriceMinor: v.compare_at_price ? toMinor(v.compare_at_price, currency) : null,
    // Untracked stock (inventory_management null) has no meaningful quantity.
    inventoryQuantity: v.inventory_management ? (v.inventory_quantity ?? null) : null,
    position: v.position ?? i + 1,
    imageUrl: variantImages?.get(v.id) ?? (v.image_id ? images.get(v.image_id) : null) ?? null,
  }));
  return {
    externalId: p.id,
    title: p.title ?? '',
    handle: p.handle,
    status: PRODUCT_STATUSES.has(status) ? (status as CanonicalProduct['status']) : 'draft',
    vendor: p.vendor,
    productType: p.product_type,
    imageUrl: p.image?.src ?? p.images?.[0]?.src ?? null,
    updatedAt: new Date(p.updated_at).toISOString(),
    variants,
    variantIds: variants.map((v) => v.externalId),
  };
}

const ORDER_TOPICS = new Set([
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/cancelled',
  'orders/fulfilled',
  'orders/partially_fulfilled',
]);

export const shopifyAdapter: PlatformAdapter = {
  normalise(rawTopic, body, ctx): CanonicalEvent[] {
    const topic = rawTopic.toLowerCase();
    if (ORDER_TOPICS.has(topic)) return [{ type: 'order.upserted', order: orderOf(parsePayload(S.order, body, topic), ctx) }];
    switch (topic) {
      case 'checkouts/create':
      case 'checkouts/update':
        return [{ type: 'checkout.updated', checkout: checkoutOf(parsePayload(S.checkout, body, topic), ctx) }];
      case 'orders/delete':
        return [{ type: 'order.deleted', externalId: parsePayload(S.deleted, body, topic).id }];
      case 'refunds/create': {
        const r = parsePayload(S.refund, body, topic);
        return [{ type: 'refund.created', refund: refundOf(r, r.order_id, ctx.currency, new Date().toISOString()) }];
      }
      case 'customers/create':
      case 'customers/update': {
        const c = parsePayload(S.customer, body, topic);
        return [{ type: 'customer.upserted', customer: customerOf(c, iso(c.created_at) ?? new Date(0).toISOString()) }];
      }
      case 'customers/delete':
        return [{ type: 'customer.deleted', externalId: parsePayload(S.deleted, body, topic).id }];
      case 'customers_email_marketing_consent/update': {
        const c = parsePayload(S.emailConsentUpdate, body, topic);
        const consent = consentOf('email', c.email_marketing_consent);
        return consent
          ? [{ type: 'customer.consent', externalId: c.customer_id, email: c.email_address, phone: null, consents: [consent] }]
          : [{ type: 'ignored', reason: 'no consent state' }];
      }
      case 'customers_marketing_consent/update': {
        const c = parsePayload(S.smsConsentUpdate, body, topic);
        const consent = consentOf('sms', c.sms_marketing_consent);
        return consent
          ? [{ type: 'customer.consent', externalId: c.id, email: null, phone: c.phone, consents: [consent] }]
          : [{ type: 'ignored', reason: 'no consent state' }];
      }
      case 'products/create':
      case 'products/update':
        return [{ type: 'product.upserted', product: productOf(parsePayload(S.product, body, topic), ctx.currency) }];
      case 'products/delete':
        return [{ type: 'product.deleted', externalId: parsePayload(S.deleted, body, topic).id }];
      case 'app/uninstalled':
        return [{ type: 'connection.uninstalled' }];
      case 'customers/data_request': {
        const d = parsePayload(S.dataRequest, body, topic);
        return [
          {
            type: 'compliance.data_requested',
            requestId: d.data_request?.id ?? null,
            customer: { externalId: d.customer.id ?? null, email: d.customer.email, phone: d.customer.phone },
            orderExternalIds: d.orders_requested ?? [],
          },
        ];
      }
      case 'customers/redact': {
        const d = parsePayload(S.customerRedact, body, topic);
        return [
          {
            type: 'compliance.customer_redacted',
            customer: { externalId: d.customer.id ?? null, email: d.customer.email, phone: d.customer.phone },
            orderExternalIds: d.orders_to_redact ?? [],
          },
        ];
      }
      case 'shop/redact':
        return [{ type: 'compliance.shop_redacted' }];
      default:
        return [{ type: 'ignored', reason: `unhandled topic ${rawTopic}` }];
    }
  },
};
