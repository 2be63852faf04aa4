import type { DiscountCodeFailure, DiscountCodeIssuer, DiscountCodeRequest, DiscountCodeResult } from '../../crm/loyalty/discounts.port.ts';
import { fromMinor } from '../../lib/money.ts';
import type { WooClient } from './rest.client.ts';
import { WooRestError } from './rest.errors.ts';
import type { WooCouponInput } from './rest.types.ts';

// DiscountCodeIssuer over WooCommerce REST /coupons. Every code is single use, for one shopper's
// email, and cannot be combined with other coupons. Core WooCommerce coupons have no start date
// (`startsAt` is not sent) and can only be tied to a shopper by email, not by customer id.

type CouponApi = Pick<WooClient, 'createCoupon' | 'findCouponByCode' | 'deleteCoupon'>;

const refuse = (reason: string): DiscountCodeFailure => ({ ok: false, retryable: false, reason });

/** WC_Data reads a date with `Z` as UTC (without one, as the site's local time). */
const utc = (iso: string) => `${new Date(iso).toISOString().slice(0, 19)}Z`;

function couponBody(req: DiscountCodeRequest): { ok: true; body: WooCouponInput } | DiscountCodeFailure {
  const email = req.customer.email?.trim().toLowerCase();
  if (!email) return refuse('WooCommerce coupons can only be limited to one shopper by email, and this shopper has no email address.');
  let kind: Pick<WooCouponInput, 'discount_type' | 'amount' | 'free_shipping' | 'product_ids' | 'limit_usage_to_x_items'>;
  switch (req.kind) {
    case 'fixed_amount':
      if (!req.amountMinor || req.amountMinor <= 0) return refuse('A fixed-amount reward needs an amount above zero.');
      kind = { discount_type: 'fixed_cart', amount: fromMinor(req.amountMinor, req.currency) };
      break;
    case 'percentage':
      if (!req.percentage || req.percentage < 1 || req.percentage > 100)
        return refuse('A percentage reward needs a percentage from 1 to 100.');
      kind = { discount_type: 'percent', amount: String(req.percentage) };
      break;
    case 'free_shipping':
      // Works only where the store's Free shipping method is set to accept "a valid free shipping coupon".
      kind = { discount_type: 'fixed_cart', amount: '0', free_shipping: true };
      break;
    case 'free_product': {
      const productId = Number(req.productExternalId);
      if (!req.productExternalId || !/^\d+$/.test(req.productExternalId) || !Number.isSafeInteger(productId)) {
        return refuse('A free-product reward needs the WooCommerce product id of the product to give.');
      }
      kind = { discount_type: 'percent', amount: '100', product_ids: [productId], limit_usage_to_x_items: 1 };
      break;
    }
    default:
      return refuse(`Unsupported reward kind ${String((req as { kind: unknown }).kind)}.`);
  }
  return {
    ok: true,
    body: {
      code: req.code,
      ...kind,
      description: req.title || `Rapport reward ${req.code}`,
      individual_use: true,
      usage_limit: 1,
      usage_limit_per_user: 1,
      email_restrictions: [email],
      ...(req.minimumOrderMinor && req.minimumOrderMinor > 0 ? { minimum_amount: fromMinor(req.minimumOrderMinor, req.currency) } : {}),
      date_expires: req.expiresAt ? utc(req.expiresAt) : null,
    },
  };
}

function failure(e: unknown, action: string): DiscountCodeFailure {
  if (!(e instanceof WooRestError)) throw e;
  if (e.retryable)
    return { ok: false, retryable: true, reason: `WooCommerce did not answer while ${action} (${e.code}); Rapport will try again.` };
  if (e.kind === 'auth')
    return refuse(`WooCommerce refused Rapport's API keys while ${action}: ${e.detail} Reconnect the store with a Read/Write key.`);
  return refuse(`WooCommerce refused ${action}: ${e.detail} (${e.code})`);
}

export function createWooCouponIssuer(client: CouponApi): DiscountCodeIssuer {
  return {
    async create(req): Promise<DiscountCodeResult> {
      const built = couponBody(req);
      if (!built.ok) return built;
      try {
        // WooCommerce stores codes lower-cased and matches them without regard to case at
        // checkout, so the code stays as Rapport shows it to the shopper.
        const c = await client.createCoupon(built.body);
        return { ok: true, code: req.code, externalId: c.id, alreadyExisted: false };
      } catch (e) {
        if (!(e instanceof WooRestError) || e.code !== 'woocommerce_rest_coupon_code_already_exists')
          return failure(e, 'creating the discount code');
      }
      // The code is derived from the redemption, so it exists because an earlier attempt (whose
      // answer we lost) created it. Only adopt it if it is restricted to the same shopper.
      try {
        const found = await client.findCouponByCode(req.code);
        if (!found) return refuse(`WooCommerce says the code ${req.code} exists but does not list it (is it a draft?).`);
        if (!found.email_restrictions.map((m) => m.toLowerCase()).includes(built.body.email_restrictions![0]!)) {
          return refuse(`The code ${req.code} already belongs to another WooCommerce coupon.`);
        }
        return { ok: true, code: req.code, externalId: found.id, alreadyExisted: true };
      } catch (e) {
        return failure(e, 'looking up the existing discount code');
      }
    },

    async disable(externalId) {
      try {
        await client.deleteCoupon(externalId); // 'not_found' is fine: already gone
        return { ok: true };
      } catch (e) {
        return failure(e, 'deleting the discount code');
      }
    },
  };
}
