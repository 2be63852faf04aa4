// Calls to the Rapport backend from checkout extensions: the buyer's session token as bearer
// (the only credential; the backend takes the customer from its `sub`). Where Rapport runs comes
// from the shop metafield `$app:loyalty.backend_url` that Rapport writes on install, or from the
// block's "Rapport URL" setting, which wins when a self-hosting merchant fills it in. Shared by
// the checkout, thank-you and order-status modules.

export type Rate = { currency: string; points: number; per: string };
export type Rounding = 'floor' | 'round' | 'ceil';
export type Loyalty = {
  enabled: boolean;
  loggedIn: boolean;
  earning: Rate[];
  /** The program's rounding (absent from servers before it was sent: floor). */
  rounding?: Rounding;
  join: { signupPoints: number } | null;
  member: { balance: number; pending: number; tier: { name: string; multiplier: number } | null } | null;
  /** Running points campaigns for this buyer (absent from servers before them). */
  campaigns?: Campaign[];
};
export type Campaign = {
  kind: 'multiplier' | 'bonus';
  multiplier: number;
  bonusPoints: number;
  /** The bonus's minimum order as a decimal amount of `currency`, or null. */
  minOrderAmount: string | null;
  currency: string;
};
export type Reward = { id: string; name: string; pointsCost: number; available: boolean; reason: string | null };

type MetafieldEntry = { target: { type: string }; metafield: { namespace: string; key: string; value: string | number | boolean } };
type Context = {
  sessionToken: { get(): Promise<string> };
  settings: { value: Record<string, unknown> };
  appMetafields?: { value: MetafieldEntry[] };
};
export type Result<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

/** The setting when filled in, else the shop's `$app:loyalty.backend_url` (namespaced `app--<id>--loyalty` once resolved). */
export function backendBase(ctx: Pick<Context, 'settings' | 'appMetafields'>): string {
  const setting = String(ctx.settings.value.backend_url ?? '').trim();
  const published = ctx.appMetafields?.value.find(
    (e) =>
      e.target.type === 'shop' && e.metafield.key === 'backend_url' && /^(\$app:loyalty|app--\d+--loyalty)$/.test(e.metafield.namespace),
  )?.metafield.value;
  return (setting || String(published ?? '')).trim().replace(/\/+$/, '');
}

export async function backend<T>(ctx: Context, path: string, body?: unknown): Promise<Result<T>> {
  const base = backendBase(ctx);
  if (!base) return { ok: false, status: 0, message: 'Rapport URL not set' };
  try {
    const res = await fetch(`${base}/storefront/checkout${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${await ctx.sessionToken.get()}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { error?: { message?: string } };
    return res.ok ? { ok: true, data: json } : { ok: false, status: res.status, message: json.error?.message ?? '' };
  } catch {
    return { ok: false, status: 0, message: '' };
  }
}

/**
 * The backend's rule (crm/loyalty/order-points.ts): `amount x points x multiplier / per`, rounded
 * the program's way after the same float-noise guard, so the figure shown is the one awarded.
 */
export function pointsFor(amount: number, currency: string, rates: Rate[], multiplier = 1, rounding: Rounding = 'floor'): number | null {
  const rate = rates.find((r) => r.currency === currency);
  if (!rate || !(Number(rate.per) > 0)) return null;
  const v = Math.round(((amount * rate.points * multiplier) / Number(rate.per)) * 1e6) / 1e6;
  return rounding === 'ceil' ? Math.ceil(v) : rounding === 'round' ? Math.round(v) : Math.floor(v);
}

/**
 * What the order would earn with the running points campaigns: the base points, each multiplier
 * campaign's extra (tier multiplier x (campaign multiplier - 1), rounded on its own) and each
 * bonus whose minimum (in its currency) the amount reaches, as the backend awards them.
 */
export function pointsForOrder(amount: number, currency: string, loyalty: Loyalty): number | null {
  const multiplier = loyalty.member?.tier?.multiplier ?? 1;
  const base = pointsFor(amount, currency, loyalty.earning, multiplier, loyalty.rounding);
  if (base === null) return null;
  let total = base;
  for (const c of loyalty.campaigns ?? []) {
    if (c.kind === 'multiplier' && c.multiplier > 1)
      total += pointsFor(amount, currency, loyalty.earning, multiplier * (c.multiplier - 1), loyalty.rounding) ?? 0;
    if (c.kind === 'bonus' && (c.minOrderAmount === null || (c.currency === currency && amount >= Number(c.minOrderAmount))))
      total += c.bonusPoints;
  }
  return total;
}
