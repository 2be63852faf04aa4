import type {
  CanonicalAddress,
  CanonicalCheckout,
  CanonicalCustomer,
  CanonicalEvent,
  CanonicalOrder,
  CanonicalProduct,
  CanonicalVariant,
  FulfilmentStatus,
  OrderStatus,
  PaymentMethod,
  PaymentStatus,
} from '../../crm/events.ts';
import { toMinor } from '../../lib/money.ts';
import { parsePayload, type NormaliseContext, type PlatformAdapter } from '../adapter.ts';
import type { CanonicalConsent } from '../../crm/customers/consent.port.ts';
import * as S from './payload.schemas.ts';

// `_gmt` dates are UTC without a zone designator.
const gmt = (v: string | null | undefined) => (v ? new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`).toISOString() : null);

function paymentMethodOf(method: string | null): PaymentMethod {
  if (!method) return 'unknown';
  if (method === 'cod') return 'cod';
  if (method === 'bacs' || method === 'cheque') return 'bank_transfer';
  if (/stripe|card|square|razorpay|payu|paystack/i.test(method)) return 'card';
  if (/paypal|easypaisa|jazzcash|upi|paytm|wallet/i.test(method)) return 'wallet';
  return 'other';
}

function statusOf(status: string): OrderStatus {
  if (status === 'cancelled' || status === 'failed') return 'cancelled';
  if (status === 'completed' || status === 'refunded') return 'closed';
  return 'open'; // pending, processing, on-hold and custom statuses
}

// WooCommerce core has no "shipped" state: `completed` is the merchant saying it arrived. COD
// shops mark an order completed when the courier remits the cash. Plugins add the rest.
function fulfilmentOf(status: string): FulfilmentStatus {
  if (status === 'completed') return 'delivered';
  if (/rto|returned|return-to-origin|refused/i.test(status)) return 'returned';
  if (/ship|dispatch|out-for-delivery/i.test(status)) return 'fulfilled';
  return 'unfulfilled';
}

function paymentStatusOf(o: S.WooOrder, method: PaymentMethod): PaymentStatus {
  if (o.status === 'refunded') return 'refunded';
  // A COD order gets date_paid at checkout although no cash changed hands.
  if (method === 'cod') return o.status === 'completed' ? 'paid' : 'pending';
  if (o.refunds?.length) return 'partially_refunded';
  if (o.status === 'failed') return 'failed';
  if (o.status === 'cancelled' && !o.date_paid_gmt) return 'voided';
  if (o.date_paid_gmt) return 'paid';
  return 'pending';
}

function address(a: S.WooAddress): CanonicalAddress | null {
  if (!a || ![a.address_1, a.city, a.postcode, a.country].some(Boolean)) return null;
  return {
    name: [a.first_name, a.last_name].filter(Boolean).join(' ') || null,
    line1: a.address_1 ?? null,
    line2: a.address_2 ?? null,
    city: a.city ?? null,
    province: a.state ?? null,
    zip: a.postcode ?? null,
    countryCode: a.country ?? null,
    phone: a.phone ?? null,
  };
}

function orderOf(o: S.WooOrder, ctx: NormaliseContext): CanonicalOrder {
  const currency = o.currency ?? ctx.currency;
  const updatedAt = gmt(o.date_modified_gmt) ?? gmt(o.date_created_gmt)!;
  const method = paymentMethodOf(o.payment_method);
  const completedAt = o.status === 'completed' ? (gmt(o.date_completed_gmt) ?? updatedAt) : null;
  const bill = o.billing;
  const addresses = [address(o.billing), address(o.shipping)].filter((a): a is CanonicalAddress => a !== null);
  const shopper: CanonicalCustomer | null =
    o.customer_id !== '0'
      ? {
          externalId: o.customer_id,
          email: bill?.email ?? null,
          phone: bill?.phone ?? null,
          firstName: bill?.first_name ?? null,
          lastName: bill?.last_name ?? null,
          locale: null,
          tags: null,
          addresses,
          createdAt: null,
          updatedAt,
        }
      : null;
  const items = o.line_items ?? [];
  return {
    externalId: o.id,
    name: o.number ? `#${o.number}` : `#${o.id}`,
    email: bill?.email ?? null,
    phone: bill?.phone ?? null,
    customer: shopper,
    guestName: shopper ? null : { firstName: bill?.first_name ?? null, lastName: bill?.last_name ?? null },
    status: statusOf(o.status),
    paymentStatus: paymentStatusOf(o, method),
    fulfilmentStatus: fulfilmentOf(o.status),
    paymentMethod: method,
    platformStatus: o.status,
    gateway: o.payment_method_title ?? o.payment_method,
    currency,
    // After discounts, as Shopify's subtotal_price: line `total`, not `subtotal` (before coupons).
    subtotalMinor: items.reduce((s, l) => s + toMinor(l.total, currency), 0),
    shippingMinor: toMinor(o.shipping_total, currency),
    taxMinor: toMinor(o.total_tax, currency),
    discountMinor: toMinor(o.discount_total, currency),
    totalMinor: toMinor(o.total, currency),
    presentment: null,
    placedAt: gmt(o.date_created_gmt)!,
    paidAt: method === 'cod' ? completedAt : gmt(o.date_paid_gmt),
    fulfilledAt: completedAt,
    deliveredAt: completedAt,
    cancelledAt: o.status === 'cancelled' || o.status === 'failed' ? updatedAt : null,
    updatedAt,
    trashed: o.status === 'trash',
    test: false,
    lineItems: items.map((l) => ({
      externalId: l.id,
      productId: l.product_id ? String(l.product_id) : null,
      variantId: l.variation_id && l.variation_id !== 0 ? String(l.variation_id) : null,
      sku: l.sku,
      title: l.name ?? '',
      quantity: l.quantity,
      priceMinor: toMinor(l.price, currency),
      totalMinor: toMinor(l.total, currency),
      giftCard: false,
    })),
    // Embedded refunds carry no date; the order's modification time is when we learnt of them.
    refunds: (o.refunds ?? []).map((r) => ({
      externalId: r.id,
      orderExternalId: o.id,
      amountMinor: Math.abs(toMinor(r.total, currency)),
      currency,
      reason: r.reason,
      createdAt: updatedAt,
    })),
    shippingAddress: address(o.shipping),
    billingAddress: address(o.billing),
    discountCodes: (o.coupon_lines ?? []).flatMap((c) => (c.code ? [c.code] : [])),
    // Paid (or COD accepted): it completes the checkout it was while awaiting payment, if one was noted.
    checkout: PAID_STATUSES.has(o.status) ? { externalId: o.id, token: null, mayPrecede: false } : null,
  };
}

// WooCommerce has no checkout webhooks. Its abandoned checkout is an order placed and left
// awaiting payment (pending: the shopper left the gateway; failed: the payment was refused), with
// `payment_url` to pay it; it is completed when the order moves on to a paid status and closed when
// it is cancelled (WooCommerce cancels unpaid orders after "Hold stock" minutes). Block-checkout
// drafts (checkout-draft) are ignored: they exist before the shopper has given any contact detail.
const AWAITING_PAYMENT = new Set(['pending', 'failed']);
const PAID_STATUSES = new Set(['processing', 'on-hold', 'completed']);

function checkoutOf(o: S.WooOrder, order: CanonicalOrder): CanonicalCheckout | null {
  const open = AWAITING_PAYMENT.has(o.status) && !!o.payment_url;
  if (!open && o.status !== 'cancelled') return null;
  return {
    externalId: o.id,
    token: null,
    email: order.email,
    phone: order.phone,
    customer: order.customer,
    guestName: order.guestName,
    recoveryUrl: o.payment_url,
    currency: order.currency,
    totalMinor: order.totalMinor,
    items: order.lineItems.map((l) => ({ title: l.title, quantity: l.quantity })),
    // The Rapport plugin records newsletter consent on the customer (customer webhooks), not here.
    acceptsMarketing: null,
    locale: null,
    completedAt: null,
    closedAt: open ? null : order.updatedAt,
    createdAt: order.placedAt,
    updatedAt: order.updatedAt,
  };
}

// WooCommerce core records no newsletter consent. The Rapport Loyalty plugin adds an opt-in
// (checkout and My Account) and stores the decision on the customer as these meta keys, so it
// reaches us with customer webhooks and REST reconciles like any other customer field.
export const CONSENT_META = 'rapport_marketing_consent';
export const CONSENT_AT_META = 'rapport_marketing_consent_at';

export function consentOf(c: Pick<S.WooCustomer, 'meta_data'>): CanonicalConsent | null {
  const meta = new Map((c.meta_data ?? []).map((m) => [m.key, m.value]));
  const state = meta.get(CONSENT_META);
  if (state !== 'subscribed' && state !== 'unsubscribed') return null;
  const at = meta.get(CONSENT_AT_META);
  const decidedAt = typeof at === 'string' && !Number.isNaN(Date.parse(gmt(at) ?? '')) ? gmt(at)! : new Date(0).toISOString();
  return { channel: 'email', state, source: 'woocommerce_plugin', detail: state, decidedAt };
}

const PRODUCT_STATUSES: Record<string, CanonicalProduct['status']> = { publish: 'active', trash: 'archived' };
const price = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? null : String(v));

/** One WooCommerce product or variation as a canonical variant (a simple product is its own one variant). */
export function variantOf(p: S.WooProduct, currency: string, position: number): CanonicalVariant {
  const active = price(p.price) ?? price(p.regular_price) ?? '0';
  const regular = price(p.regular_price);
  const onSale = price(p.sale_price) !== null && regular !== null && regular !== active;
  const options = (p.attributes ?? []).map((a) => a.option).filter((o): o is string => Boolean(o));
  return {
    externalId: p.id,
    title: p.type === 'variation' ? options.join(' / ') || p.name || null : null,
    sku: p.sku,
    priceMinor: toMinor(active, currency),
    compareAtPriceMinor: onSale ? toMinor(regular!, currency) : null,
    inventoryQuantity: p.manage_stock === true || p.manage_stock === 'true' ? (p.stock_quantity ?? null) : null,
    position: p.menu_order ?? position,
    imageUrl: p.image?.src ?? p.images?.[0]?.src ?? null,
  };
}

/**
 * A product payload as canonical. A variable product's payload names its variations by id only
 * (their prices come with each variation: `variations` from the reconcile, or webhooks).
 */
export function productOf(p: S.WooProduct, currency: string, variations?: S.WooProduct[]): CanonicalProduct {
  const variable = (p.variations ?? []).length > 0 || p.type === 'variable';
  const variantIds = variable ? (p.variations ?? []).map(String) : [p.id];
  const variants = variable
    ? variations
      ? variations.map((v, i) => variantOf({ ...v, type: 'variation' }, currency, i + 1))
      : null
    : [variantOf(p, currency, 1)];
  return {
    externalId: p.id,
    title: p.name ?? '',
    handle: p.slug,
    status: PRODUCT_STATUSES[p.status ?? 'publish'] ?? 'draft',
    vendor: null,
    productType: p.type,
    imageUrl: p.images?.[0]?.src ?? null,
    updatedAt: gmt(p.date_modified_gmt) ?? gmt(p.date_created_gmt) ?? new Date(0).toISOString(),
    variants,
    variantIds: variants ? variants.map((v) => v.externalId) : variantIds,
  };
}

export const wooAdapter: PlatformAdapter = {
  normalise(topic, body, ctx): CanonicalEvent[] {
    switch (topic) {
      case 'order.created':
      case 'order.updated':
      case 'order.restored': {
        const o = parsePayload(S.order, body, topic);
        if (o.status === 'checkout-draft') return [{ type: 'ignored', reason: 'checkout draft' }];
        const order = orderOf(o, ctx);
        const checkout = checkoutOf(o, order);
        return [
          ...(checkout ? [{ type: 'checkout.updated' as const, checkout }] : []),
          { type: 'order.upserted', order, ...(topic === 'order.restored' ? { restored: true } : {}) },
        ];
      }
      case 'order.deleted':
        return [{ type: 'order.deleted', externalId: parsePayload(S.deleted, body, topic).id }];
      case 'customer.created':
      case 'customer.updated': {
        const c = parsePayload(S.customer, body, topic);
        const addresses = [address(c.billing), address(c.shipping)].filter((a): a is CanonicalAddress => a !== null);
        return [
          {
            type: 'customer.upserted',
            customer: {
              externalId: c.id,
              email: c.email ?? c.billing?.email ?? null,
              phone: c.billing?.phone ?? null,
              firstName: c.first_name ?? c.billing?.first_name ?? null,
              lastName: c.last_name ?? c.billing?.last_name ?? null,
              locale: null,
              tags: null,
              addresses,
              createdAt: gmt(c.date_created_gmt),
              updatedAt: gmt(c.date_modified_gmt) ?? gmt(c.date_created_gmt) ?? new Date(0).toISOString(),
              ...(consentOf(c) ? { consents: [consentOf(c)!] } : {}),
            },
          },
        ];
      }
      case 'customer.deleted':
        return [{ type: 'customer.deleted', externalId: parsePayload(S.deleted, body, topic).id }];
      case 'product.created':
      case 'product.updated':
      case 'product.restored': {
        const p = parsePayload(S.product, body, topic);
        if (p.type === 'variation' && p.parent_id && String(p.parent_id) !== '0') {
          const updatedAt = gmt(p.date_modified_gmt) ?? gmt(p.date_created_gmt) ?? new Date(0).toISOString();
          return [
            { type: 'product.variant_upserted', productExternalId: String(p.parent_id), variant: variantOf(p, ctx.currency, 0), updatedAt },
          ];
        }
        return [{ type: 'product.upserted', product: productOf(p, ctx.currency) }];
      }
      case 'product.deleted':
        return [{ type: 'product.deleted', externalId: parsePayload(S.deleted, body, topic).id }];
      default:
        return [{ type: 'ignored', reason: `unhandled topic ${topic}` }];
    }
  },
};
