// Points a product would earn, from its price and the program's rates: the backend's rule for an
// order of that one item (crm/loyalty/order-points.ts: points per `per` units of the shop
// currency, times the tier multiplier, rounded the program's way), so the figure is what it earns.

export type Rate = { currency: string; points: number; per: string };
export type Rounding = 'floor' | 'round' | 'ceil';

/** `priceCents` is Liquid's money value: the amount times 100, in the cart currency. */
export function pointsForPrice(
  priceCents: number,
  currency: string,
  rates: Rate[],
  multiplier = 1,
  rounding: Rounding = 'floor',
): number | null {
  const rate = rates.find((r) => r.currency === currency);
  const per = rate ? Number(rate.per) : NaN;
  if (!rate || !(per > 0) || !Number.isFinite(priceCents)) return null;
  const raw = ((priceCents / 100) * rate.points * multiplier) / per;
  const v = Math.max(0, Math.round(raw * 1e6) / 1e6);
  return rounding === 'ceil' ? Math.ceil(v) : rounding === 'round' ? Math.round(v) : Math.floor(v);
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

/**
 * The item's points with the running multiplier campaigns: the server adds each campaign's extra
 * (the order's points at tier multiplier x (campaign multiplier - 1)) rounded on its own.
 * Per-order bonuses are not per item: the panel announces them instead.
 */
export function pointsWithCampaigns(
  priceCents: number,
  currency: string,
  rates: Rate[],
  multiplier: number,
  rounding: Rounding,
  campaigns: ReadonlyArray<{ kind: string; multiplier: number }> = [],
): number | null {
  const base = pointsForPrice(priceCents, currency, rates, multiplier, rounding);
  if (base === null) return null;
  return campaigns
    .filter((c) => c.kind === 'multiplier' && c.multiplier > 1)
    .reduce((sum, c) => sum + (pointsForPrice(priceCents, currency, rates, multiplier * (c.multiplier - 1), rounding) ?? 0), base);
}
