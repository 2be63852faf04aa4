// How the loyalty domain asks a store for a real, single-use discount code when a shopper
// redeems a reward. Each platform implements it (platforms/shopify/discounts.ts through the
// GraphQL Admin API, platforms/woocommerce/coupons.ts through REST /coupons); the domain never
// sees either wire format.

export type DiscountKind = 'fixed_amount' | 'percentage' | 'free_shipping' | 'free_product';

export type DiscountCodeRequest = {
  /**
   * The code the shopper types. Derived from the redemption id, so a retry after a timeout asks
   * for the same code and the issuer can find the earlier success instead of creating a second.
   */
  code: string;
  /** Shown to the merchant in the platform admin, e.g. "Rapport: PKR 500 off (redemption red_…)". */
  title: string;
  kind: DiscountKind;
  /** fixed_amount: minor units of `currency`. */
  amountMinor: number | null;
  /** percentage: 1 to 100. */
  percentage: number | null;
  /** free_product: the platform's product or variant id (as stored on line items). */
  productExternalId: string | null;
  currency: string;
  minimumOrderMinor: number | null;
  /** The only shopper allowed to use the code. */
  customer: { externalId: string | null; email: string | null };
  startsAt: string;
  expiresAt: string | null;
};

type DiscountCodeIssued = { ok: true; code: string; externalId: string; alreadyExisted: boolean };
export type DiscountCodeFailure = {
  ok: false;
  /** true: network error, throttling or 5xx that outlasted the client's own retries; false: the platform refused. */
  retryable: boolean;
  /** Safe to show a merchant (no secrets, no payload dumps). */
  reason: string;
};
export type DiscountCodeResult = DiscountCodeIssued | DiscountCodeFailure;

/** One store's discount API. Expected failures are returned, never thrown. */
export interface DiscountCodeIssuer {
  create(request: DiscountCodeRequest): Promise<DiscountCodeResult>;
  /** Ends a code early (reward expired or cancelled). Already gone counts as success. */
  disable(externalId: string): Promise<{ ok: true } | DiscountCodeFailure>;
}
