import type { WooClient } from './rest.client.ts';
import type { WooWebhook } from './rest.types.ts';

// Rapport's WooCommerce webhook subscriptions: one per topic, all pointing at this connection's
// delivery URL and signed with its own secret. Listing comes first so that a retried connect or a
// reconcile never creates a second subscription; a disabled one (WooCommerce disables a webhook
// after more than 5 consecutive failed deliveries) is re-activated, a missing one re-created.
// A `paused` one is left alone: pausing is the merchant's own choice.

const WOO_TOPICS = [
  'order.created',
  'order.updated',
  'order.deleted',
  'order.restored',
  'customer.created',
  'customer.updated',
  'customer.deleted',
  'product.created',
  'product.updated',
  'product.deleted',
  'product.restored',
] as const;
type WooTopic = (typeof WOO_TOPICS)[number];

type WebhookAction = 'ok' | 'created' | 'reactivated';
export type WebhookHealth = { topic: WooTopic; id: string | null; status: string; action: WebhookAction };

type WebhookApi = Pick<WooClient, 'listWebhooks' | 'createWebhook' | 'updateWebhook'>;
type WebhookRemovalApi = Pick<WooClient, 'listWebhooks' | 'deleteWebhook'>;

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

async function listAllWebhooks(client: Pick<WooClient, 'listWebhooks'>): Promise<WooWebhook[]> {
  const all: WooWebhook[] = [];
  for (let page = 1; ; page++) {
    const res = await client.listWebhooks({ page, perPage: 100, status: 'all' });
    all.push(...res.items);
    if (page >= res.totalPages || res.items.length === 0) return all;
  }
}

export async function ensureWebhooks(
  client: WebhookApi,
  deliveryUrl: string,
  secret: string,
  options: { repair?: boolean } = {},
): Promise<WebhookHealth[]> {
  const repair = options.repair ?? true;
  const ours = (await listAllWebhooks(client)).filter((w) => sameUrl(w.delivery_url, deliveryUrl));
  const health: WebhookHealth[] = [];
  for (const topic of WOO_TOPICS) {
    // Prefer an active one when an older install left several behind.
    const found = ours.filter((w) => w.topic === topic).sort((a, b) => Number(b.status === 'active') - Number(a.status === 'active'))[0];
    if (!found) {
      if (!repair) {
        health.push({ topic, id: null, status: 'missing', action: 'ok' });
        continue;
      }
      const made = await client.createWebhook({ name: `Rapport ${topic}`, topic, delivery_url: deliveryUrl, secret, status: 'active' });
      health.push({ topic, id: made.id, status: made.status, action: 'created' });
    } else if (found.status === 'disabled' && repair) {
      // The secret is write-only at WooCommerce, so it is sent again to be sure it is ours.
      const fixed = await client.updateWebhook(found.id, { status: 'active', secret });
      health.push({ topic, id: fixed.id, status: fixed.status, action: 'reactivated' });
    } else {
      health.push({ topic, id: found.id, status: found.status, action: 'ok' });
    }
  }
  return health;
}

/** Disconnect: deletes (not pauses) every webhook delivering to Rapport for this connection. */
export async function removeWebhooks(client: WebhookRemovalApi, matches: (deliveryUrl: string) => boolean): Promise<number> {
  let removed = 0;
  for (const w of (await listAllWebhooks(client)).filter((x) => matches(x.delivery_url))) {
    if ((await client.deleteWebhook(w.id)) === 'deleted') removed += 1;
  }
  return removed;
}
