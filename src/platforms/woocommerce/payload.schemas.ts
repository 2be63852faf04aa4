import { z } from 'zod';

// WooCommerce REST v3 resources as delivered by webhooks; only what we read, leniently.
// Empty strings (Woo's "unset") become null.

export const id = z.union([z.string(), z.number()]).transform(String);
const text = z
  .string()
  .nullish()
  .transform((v) => (v ? v : null));
const amount = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? '0' : String(v)));

export const address = z
  .object({
    first_name: text,
    last_name: text,
    company: text,
    address_1: text,
    address_2: text,
    city: text,
    state: text,
    postcode: text,
    country: text,
    email: text,
    phone: text,
  })
  .partial()
  .nullish();

export const order = z.object({
  id,
  number: text,
  status: z.string(),
  currency: text,
  date_created_gmt: z.string(),
  date_modified_gmt: text,
  date_paid_gmt: text,
  date_completed_gmt: text,
  discount_total: amount,
  shipping_total: amount,
  total: amount,
  total_tax: amount,
  customer_id: z
    .union([z.number(), z.string()])
    .nullish()
    .transform((v) => (v ? String(v) : '0')),
  billing: address,
  shipping: address,
  payment_method: text,
  payment_method_title: text,
  // Where the shopper pays an order awaiting payment (pending, failed): the recovery link.
  payment_url: text,
  line_items: z
    .array(
      z.object({
        id,
        name: text,
        product_id: z.union([z.number(), z.string()]).nullish(),
        variation_id: z.union([z.number(), z.string()]).nullish(),
        quantity: z.number(),
        subtotal: amount,
        total: amount,
        sku: text,
        price: amount,
      }),
    )
    .nullish(),
  refunds: z.array(z.object({ id, reason: text, total: amount })).nullish(),
  coupon_lines: z.array(z.object({ code: text })).nullish(),
});

export const customer = z.object({
  id,
  date_created_gmt: text,
  date_modified_gmt: text,
  email: text,
  first_name: text,
  last_name: text,
  billing: address,
  shipping: address,
  // REST v3 custom fields; the Rapport Loyalty plugin keeps the newsletter opt-in here.
  meta_data: z.array(z.object({ key: z.string(), value: z.unknown() })).nullish(),
});

export const deleted = z.object({ id });

/** A product, or a variation (type `variation`, parent_id): REST v3 products and products/<id>/variations. */
const image = z.object({ src: text }).nullish();
export const product = z.object({
  id,
  name: z.string().nullish(),
  slug: text,
  type: text,
  status: text,
  parent_id: z.union([z.number(), z.string()]).nullish(),
  sku: text,
  price: z.union([z.string(), z.number()]).nullish(),
  regular_price: z.union([z.string(), z.number()]).nullish(),
  sale_price: z.union([z.string(), z.number()]).nullish(),
  manage_stock: z.union([z.boolean(), z.string()]).nullish(),
  stock_quantity: z.number().nullish(),
  menu_order: z.number().nullish(),
  images: z.array(z.object({ src: text })).nullish(),
  image,
  attributes: z.array(z.object({ name: text, option: text }).partial()).nullish(),
  variations: z.array(z.union([z.number(), z.string()])).nullish(),
  date_created_gmt: text,
  date_modified_gmt: text,
});
export type WooProduct = z.infer<typeof product>;

export type WooOrder = z.infer<typeof order>;
export type WooAddress = z.infer<typeof address>;
export type WooCustomer = z.infer<typeof customer>;
