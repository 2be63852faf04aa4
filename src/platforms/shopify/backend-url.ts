import type { ShopifyAdminClient, ShopifyUserError } from './admin-api.types.ts';
import { LOYALTY_NAMESPACE } from './metafields.ts';

// Checkout and customer-account extensions call Rapport's backend, but an extension cannot know
// where Rapport runs. Rather than have every merchant type the URL into a block setting, Rapport
// writes its public URL to an app-owned shop metafield on install; the extensions read it through
// their declared app metafields (`[[extensions.metafields]]`), and keep the setting only as a
// self-hosting override.

export const BACKEND_URL_KEY = 'backend_url';

const SHOP_ID = 'query RapportShopId { shop { id } }';
const SET = `mutation RapportBackendUrl($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id } userErrors { field message code } }
}`;

export type PublishOutcome = { ok: true } | { ok: false; reason: string; retryable: boolean };

export async function publishBackendUrl(client: ShopifyAdminClient, url: string): Promise<PublishOutcome> {
  const shop = await client.query<{ shop: { id: string } }>(SHOP_ID);
  if (!shop.ok) return { ok: false, reason: shop.error.message, retryable: shop.error.retryable };
  const res = await client.mutation<{ userErrors: ShopifyUserError[] }>('metafieldsSet', SET, {
    metafields: [
      { ownerId: shop.data.shop.id, namespace: LOYALTY_NAMESPACE, key: BACKEND_URL_KEY, type: 'url', value: url.replace(/\/+$/, '') },
    ],
  });
  if (!res.ok) return { ok: false, reason: res.error.message, retryable: res.error.retryable };
  if (res.userErrors.length) return { ok: false, reason: res.userErrors.map((e) => e.message).join('; '), retryable: false };
  return { ok: true };
}
