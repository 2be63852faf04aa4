import { z } from 'zod';

// Only the fields Rapport reads, parsed leniently: Shopify adds fields without notice and
// omits or nulls many. Ids arrive as numbers, or as strings when they exceed 2^53 (lossless parse).

export const id = z.union([z.string(), z.number()]).transform(String);
const text = z
  .string()
  .nullish()
  .transform((v) => (v ? v : null));
const amount = z.union([z.string(), z.number()]).nullish();
const moneySet = z
  .object({
    shop_money: z.object({ amount: amount, currency_code: z.string().nullish() }).nullish(),
    presentment_money: z.object({ amount: amount, currency_code: z.string().nullish() }).nullish(),
  })
  .nullish();

export const address = z
  .object({
    first_name: text,
    last_name: text,
    name: text,
    address1: text,
    address2: text,
    city: text,
    province: text,
    zip: text,
    country_code: text,
    phone: text,
  })
  .nullish();

// Marketing consent (shopify.dev customer resource; on its own topics since API 2025-01):
// state subscribed | not_subscribed | unsubscribed | pending | redacted | invalid.
export const marketingConsent = z
  .object({
    state: text,
    opt_in_level: text,
    consent_updated_at: text,
  })
  .nullish();

export const customer = z.object({
  id,
  // Absent since API 2025-01 (customers_email_marketing_consent/update, customers_marketing_consent/update).
  email_marketing_consent: marketingConsent,
  sms_marketing_consent: marketingConsent,
  email: text,
  phone: text,
  first_name: text,
  last_name: text,
  locale: text,
  created_at: text,
  updated_at: text,
  // Absent since API 2025-01 (tags arrive on customers/tags_added and _removed).
  tags: z.string().nullish(),
  addresses: z.array(address).nullish(),
  default_address: address,
});

export const refund = z.object({
  id,
  order_id: id,
  created_at: text,
  note: text,
  // `amount` is in `currency`, the shopper's (presentment) currency in a multi-currency store.
  transactions: z.array(z.object({ kind: text, status: text, amount, currency: text })).nullish(),
  refund_line_items: z.array(z.object({ subtotal_set: moneySet, total_tax_set: moneySet, subtotal: amount, total_tax: amount })).nullish(),
  // Shipping refunds and refund discrepancies; negative amounts are money given back.
  order_adjustments: z
    .array(z.object({ kind: text, amount, tax_amount: amount, amount_set: moneySet, tax_amount_set: moneySet }))
    .nullish(),
});

export const order = z.object({
  id,
  name: text,
  email: text,
  phone: text,
  created_at: z.string(),
  updated_at: text,
  processed_at: text,
  cancelled_at: text,
  closed_at: text,
  currency: text,
  presentment_currency: text,
  financial_status: text,
  fulfillment_status: text,
  subtotal_price: amount,
  total_price: amount,
  total_tax: amount,
  total_discounts: amount,
  subtotal_price_set: moneySet,
  total_price_set: moneySet,
  total_tax_set: moneySet,
  total_discounts_set: moneySet,
  total_shipping_price_set: moneySet,
  payment_gateway_names: z.array(z.string()).nullish(),
  gateway: text,
  test: z.boolean().nullish(),
  customer: customer.partial({ id: true }).nullish(),
  billing_address: address,
  shipping_address: address,
  line_items: z
    .array(
      z.object({
        id,
        product_id: id.nullish(),
        variant_id: id.nullish(),
        sku: text,
        title: text,
        name: text,
        quantity: z.number().int(),
        price: amount,
        price_set: moneySet,
        total_discount: amount,
        gift_card: z.boolean().nullish(),
      }),
    )
    .nullish(),
  refunds: z.array(refund.partial({ order_id: true })).nullish(),
  fulfillments: z.array(z.object({ status: text, shipment_status: text, created_at: text, updated_at: text })).nullish(),
  shipping_lines: z.array(z.object({ price: amount, price_set: moneySet })).nullish(),
  discount_codes: z.array(z.object({ code: text })).nullish(),
  // The checkout the order came from (checkouts/create|update's id and token).
  checkout_id: id.nullish(),
  checkout_token: z.string().nullish(),
});

/** checkouts/create, checkouts/update (the abandoned-checkout resource). */
export const checkout = z.object({
  id,
  token: text,
  cart_token: text,
  email: text,
  phone: text,
  customer: customer.partial({ id: true }).nullish(),
  buyer_accepts_marketing: z.boolean().nullish(),
  abandoned_checkout_url: text,
  customer_locale: text,
  currency: text,
  presentment_currency: text,
  total_price: amount,
  subtotal_price: amount,
  line_items: z.array(z.object({ title: text, presentment_title: text, quantity: z.number().int() })).nullish(),
  billing_address: address,
  shipping_address: address,
  completed_at: text,
  closed_at: text,
  created_at: text,
  updated_at: text,
});

const customerRef = z.object({ id: id.nullish(), email: text, phone: text });

export const dataRequest = z.object({
  customer: customerRef,
  orders_requested: z.array(id).nullish(),
  data_request: z.object({ id }).nullish(),
});

export const customerRedact = z.object({ customer: customerRef, orders_to_redact: z.array(id).nullish() });

export const deleted = z.object({ id });

/** customers_email_marketing_consent/update */
export const emailConsentUpdate = z.object({ customer_id: id, email_address: text, email_marketing_consent: marketingConsent });

/** customers_marketing_consent/update (SMS) */
export const smsConsentUpdate = z.object({ id, phone: text, sms_marketing_consent: marketingConsent });

export type ShopifyOrder = z.infer<typeof order>;
export type ShopifyCheckout = z.infer<typeof checkout>;
export type ShopifyCustomer = z.infer<typeof customer>;
export type ShopifyRefund = z.infer<typeof refund>;
export type ShopifyAddress = z.infer<typeof address>;
export type MoneySet = z.infer<typeof moneySet>;
export type MarketingConsent = z.infer<typeof marketingConsent>;

/** products/create, products/update (the REST product resource): status active | archived | draft. */
const productImage = z.object({ id: id.nullish(), src: text }).nullish();
export const product = z.object({
  id,
  title: z.string().nullish(),
  handle: text,
  status: text,
  vendor: text,
  product_type: text,
  updated_at: z.string(),
  image: productImage,
  images: z.array(z.object({ id, src: text })).nullish(),
  variants: z
    .array(
      z.object({
        id,
        title: text,
        sku: text,
        price: amount,
        compare_at_price: amount,
        position: z.number().nullish(),
        inventory_quantity: z.number().nullish(),
        inventory_management: text,
        image_id: id.nullish(),
      }),
    )
    .nullish(),
});
export type ShopifyProduct = z.infer<typeof product>;
