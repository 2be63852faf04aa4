// Calls to the Rapport backend from checkout extensions: the buyer's session token as bearer
// (the only credential; the backend takes the customer from its `sub`). Where Rapport runs comes
// from the shop metafield `$app:loyalty.backend_url` that Rapport writes on install, or from the
// block's "Rapport URL" setting, which wins when a self-hosting merchant fills it in. Shared by
// the checkout, thank-you and order-status modules.

export type Rate = { currency: string; points: number; per: string };
export type Loyalty = {
  enabled: boolean;
  loggedIn: boolean;
  earning: Rate[];
  join: { signupPoints: number } | null;
  member: { balance: number; pending: number; tier: { name: string; multiplier: number } | null } | null;
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
  const published = ctx.appMetafields?.value.find((e) => e.target.type === 'shop' && e.metafield.key === 'backend_url'
    && /^(\$app:loyalty|app--\d+--loyalty)$/.test(e.metafield.namespace))?.metafield.value;
  return (setting || String(published ?? '')).trim().replace(/\/+$/, '');
}

export async function backend<T>(ctx: Context, path: string, body?: unknown): Promise<Result<T>> {
  const base = backendBase(ctx);
  if (!base) return { ok: false, status: 0, message: 'Rapport URL not set' };
  try {
    const res = await fetch(`${base}/storefront/checkout${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${await ctx.sessionToken.get()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { error?: { message?: string } };
    return res.ok ? { ok: true, data: json } : { ok: false, status: res.status, message: json.error?.message ?? '' };
  } catch {
    return { ok: false, status: 0, message: '' };
  }
}

/** Same rule as the storefront widget and the backend: points per `per` units, floored. */
export function pointsFor(amount: number, currency: string, rates: Rate[], multiplier = 1): number | null {
  const rate = rates.find((r) => r.currency === currency);
  if (!rate || !(Number(rate.per) > 0)) return null;
  return Math.floor(Math.round(((amount * rate.points * multiplier) / Number(rate.per)) * 1e6) / 1e6);
}
