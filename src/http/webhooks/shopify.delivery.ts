import type { Config } from '../../config/config.ts';
import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import type { InboxQueue } from '../../inbox/inbox.port.ts';
import type { AppLifecycle } from '../../platforms/shopify/auth.types.ts';
import { HttpError } from '../errors.ts';
import { header, utf8Body, type DeliveryHandler } from './delivery.ts';
import { verifyBase64Hmac } from './verify.ts';

// verify -> record in inbox -> 200. Nothing here calls Shopify or touches CRM tables: an
// app/uninstalled drops the shop's tokens when the worker applies it, and `app` hears about
// app/scopes_update after the reply.

// Shopify requires a 2xx for these even from shops the app does not know (never opened, or
// uninstalled and erased); other topics from an unknown shop get 404.
const UNKNOWN_SHOP_TOPICS = new Set(['customers/data_request', 'customers/redact', 'shop/redact', 'app/uninstalled']);

export function acceptShopify(config: Config, connections: ConnectionsPort, inbox: InboxQueue, app?: AppLifecycle): DeliveryHandler {
  const appSecrets = [config.SHOPIFY_API_SECRET, config.SHOPIFY_API_SECRET_PREVIOUS].filter((s): s is string => Boolean(s));

  return async (headers, raw) => {
    const shop = header(headers, 'x-shopify-shop-domain')?.toLowerCase();
    const connection = shop ? await connections.connectionByDomain('shopify', shop) : undefined;
    // A custom-app store signs with its own secret; app-store installs with the app's.
    const own = connection ? await connections.webhookSecret(connection) : null;
    const verdict = verifyBase64Hmac(raw, header(headers, 'x-shopify-hmac-sha256'), own ? [own] : appSecrets);
    if (!verdict.ok) throw new HttpError('unauthorized', `Webhook rejected: ${verdict.reason}`);

    const topic = header(headers, 'x-shopify-topic');
    const webhookId = header(headers, 'x-shopify-webhook-id');
    const missing = [!shop && 'X-Shopify-Shop-Domain', !topic && 'X-Shopify-Topic', !webhookId && 'X-Shopify-Webhook-Id'].filter(Boolean);
    if (missing.length) throw new HttpError('invalid', `Missing headers: ${missing.join(', ')}`);
    const lower = topic!.toLowerCase();
    if (!connection && !UNKNOWN_SHOP_TOPICS.has(lower)) throw new HttpError('not_found', `Unknown shop ${shop}: connect it first`);
    const text = utf8Body(raw);
    try {
      JSON.parse(text); // a syntax check only; the worker parses ids losslessly
    } catch {
      throw new HttpError('invalid', 'Body is not valid JSON');
    }
    if (!connection) {
      // Verified with the app secret; Rapport holds nothing for this shop, so receipt is all.
      const recorded = await inbox.acceptUnknownShop({ shopDomain: shop!, topic: lower, webhookId: webhookId! }, new Date().toISOString());
      return { status: 200, body: { ok: true, duplicate: !recorded } };
    }
    // Retries share the webhook id; deliveries of one action to two subscriptions share the
    // event id. Either way the same topic + id is the same delivery.
    const eventId = header(headers, 'x-shopify-event-id');
    const accepted = await inbox.accept(
      {
        accountId: connection.accountId,
        connectionId: connection.id,
        platform: 'shopify',
        topic: topic!,
        dedupeKey: `${topic}:${eventId ?? webhookId}`,
        body: text,
        triggeredAt: header(headers, 'x-shopify-triggered-at') ?? null,
      },
      new Date().toISOString(),
    );
    if (lower === 'app/scopes_update') setImmediate(() => void app?.scopesChanged(shop!).catch(() => undefined));
    return { status: 200, body: { ok: true, duplicate: !accepted } };
  };
}
