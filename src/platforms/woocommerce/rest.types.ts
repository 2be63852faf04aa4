import { z } from 'zod';

// REST v3 shapes the client returns or sends. Responses are read leniently (only the fields we
// use; WooCommerce and plugins add fields); ids become strings because they may exceed 2^53
// once parsed losslessly.

const id = z.union([z.string(), z.number()]).transform(String);
const text = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const count = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? null : Number(v)));

/** An order or customer exactly as WooCommerce sent it; parse it with payload.schemas.ts. */
export type WooRecord = { id: number | string; [field: string]: unknown };
export const record = z.looseObject({ id: z.union([z.string(), z.number()]) });

export type WooPage<T> = { items: T[]; total: number; totalPages: number };

export type WooDiscountType = 'percent' | 'fixed_cart' | 'fixed_product';

/** POST /coupons body. Money and percentages are decimal strings, as WooCommerce documents. */
export type WooCouponInput = {
  code: string;
  discount_type: WooDiscountType;
  amount: string;
  description?: string;
  individual_use?: boolean;
  product_ids?: number[];
  limit_usage_to_x_items?: number | null;
  usage_limit?: number | null;
  usage_limit_per_user?: number | null;
  email_restrictions?: string[];
  minimum_amount?: string;
  free_shipping?: boolean;
  /** Site time unless it carries `Z` or an offset (WC_Data::set_date_prop); send UTC with `Z`. */
  date_expires?: string | null;
};

export const coupon = z.looseObject({
  id,
  code: z.string(),
  amount: z.union([z.string(), z.number()]).transform(String),
  discount_type: z.string(),
  date_expires_gmt: text,
  usage_count: count,
  usage_limit: count,
  email_restrictions: z
    .array(z.string())
    .nullish()
    .transform((v) => v ?? []),
});
export type WooCoupon = z.infer<typeof coupon>;

export type WooWebhookStatus = 'active' | 'paused' | 'disabled';

export type WooWebhookInput = {
  name: string;
  /** `order.updated`, `customer.created`, ... */
  topic: string;
  delivery_url: string;
  /** Always set our own: a secret WooCommerce generates cannot be read back. */
  secret: string;
  status?: WooWebhookStatus;
};

export const webhook = z.looseObject({
  id,
  name: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  status: z.string(),
  topic: z.string(),
  delivery_url: z.string(),
});
export type WooWebhook = z.infer<typeof webhook>;

export const systemStatus = z.looseObject({
  environment: z.looseObject({ home_url: text, site_url: text, version: text, wc_version: text }).partial().nullish(),
  settings: z.looseObject({ currency: text }).partial().nullish(),
});

/** The WordPress REST index (GET /wp-json/, public): the site's time zone setting. */
export const siteIndex = z.looseObject({ timezone_string: text, gmt_offset: z.union([z.number(), z.string()]).nullish() }).partial();

export type WooPing =
  | { ok: true; wcVersion: string | null; currency: string | null; homeUrl: string | null; timezone: string | null }
  | {
      ok: false;
      reason:
        | 'private_address'
        | 'unreachable'
        | 'redirected'
        | 'not_wordpress'
        | 'pretty_permalinks_disabled'
        | 'woocommerce_inactive'
        | 'wrong_keys'
        | 'store_error';
      /** WooCommerce's error code or ours (`network_error`, `invalid_response`, ...). */
      code: string;
      /** Safe to show the merchant. */
      message: string;
    };

/** A customer's meta entries to set (WooCommerce updates an existing key in place, adds a new one). */
export type WooCustomerMetaUpdate = { id: string; meta_data: Array<{ key: string; value: string }> };

/** One item of a batch answer: the updated resource, or `{id, error}` for an item WooCommerce refused. */
export const batchItem = z.looseObject({
  id,
  error: z.looseObject({ code: z.string(), message: z.string(), data: z.unknown().optional() }).optional(),
});
export type WooBatchItem = z.infer<typeof batchItem>;
