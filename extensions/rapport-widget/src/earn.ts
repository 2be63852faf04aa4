// Points a product would earn, from its price and the program's rates (the same rate the
// backend applies to orders: points per `per` units of the shop currency, times the tier
// multiplier). Floored: the block promises at least what the order will give.

export type Rate = { currency: string; points: number; per: string };

/** `priceCents` is Liquid's money value: the amount times 100, in the cart currency. */
export function pointsForPrice(priceCents: number, currency: string, rates: Rate[], multiplier = 1): number | null {
  const rate = rates.find((r) => r.currency === currency);
  const per = rate ? Number(rate.per) : NaN;
  if (!rate || !(per > 0) || !Number.isFinite(priceCents)) return null;
  const raw = ((priceCents / 100) * rate.points * multiplier) / per;
  return Math.max(0, Math.floor(Math.round(raw * 1e6) / 1e6));
}

/**
 * The price of the selected variant, from the earn block's `data-rapport-variants` JSON (variant
 * id -> cents, rendered by Liquid). Null for an unknown id or unreadable JSON: keep the figure.
 */
export function variantPrice(json: string | null | undefined, variantId: string): number | null {
  try {
    const price = (JSON.parse(json || '{}') as Record<string, unknown>)[variantId];
    return typeof price === 'number' && Number.isFinite(price) ? price : null;
  } catch {
    return null;
  }
}
