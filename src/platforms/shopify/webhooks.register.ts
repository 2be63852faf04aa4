import type { ShopifyAdminClient, ShopifyAdminResult, ShopifyUserError } from './admin-api.types.ts';

// Shop-specific webhook subscriptions for custom-app stores (app-store installs get the toml's
// app-specific ones). Listing comes first so a second connect never subscribes a topic twice.
// Compliance topics (customers/data_request, customers/redact, shop/redact) cannot be subscribed
// through the API: Shopify only accepts them in an app's configuration.

/** The topics of shopify.app.toml's subscriptions that a custom app can subscribe by API. */
export const SHOPIFY_WEBHOOK_TOPICS = [
  'orders/create',
  'orders/updated',
  'orders/paid',
  'orders/cancelled',
  'orders/fulfilled',
  'orders/partially_fulfilled',
  'orders/delete',
  'refunds/create',
  'checkouts/create',
  'checkouts/update',
  'customers/create',
  'customers/update',
  'customers/delete',
  'customers_email_marketing_consent/update',
  'customers_marketing_consent/update',
  'products/create',
  'products/update',
  'products/delete',
  'app/uninstalled',
] as const;

/** Topics Shopify refuses without a scope the merchant may not have granted (an optional one). */
const TOPIC_SCOPES: Partial<Record<(typeof SHOPIFY_WEBHOOK_TOPICS)[number], string>> = {
  'products/create': 'read_products',
  'products/update': 'read_products',
  'products/delete': 'read_products',
};

/** The topics the granted scopes (comma-separated) allow. */
export function topicsFor(scopes: string): Array<(typeof SHOPIFY_WEBHOOK_TOPICS)[number]> {
  const granted = new Set(scopes.split(',').map((s) => s.trim()));
  return SHOPIFY_WEBHOOK_TOPICS.filter((t) => {
    const needs = TOPIC_SCOPES[t];
    // write_X implies read_X at Shopify.
    return !needs || granted.has(needs) || granted.has(needs.replace(/^read_/, 'write_'));
  });
}

/** `orders/partially_fulfilled` -> `ORDERS_PARTIALLY_FULFILLED` (WebhookSubscriptionTopic). */
const topicEnum = (topic: string) => topic.toUpperCase().replace('/', '_');

type Subscription = { id: string; topic: string; uri: string };
type Page = {
  webhookSubscriptions: { edges: Array<{ node: Subscription }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

// `uri` replaced the deprecated `callbackUrl` (input and object) in recent API versions.
const LIST = `query RapportWebhooks($after: String) {
  webhookSubscriptions(first: 100, after: $after) { edges { node { id topic uri } } pageInfo { hasNextPage endCursor } }
}`;
const CREATE = `mutation RapportWebhookCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) { webhookSubscription { id topic uri } userErrors { field message } }
}`;
const DELETE = `mutation RapportWebhookDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } }
}`;

export type WebhooksOutcome = { ok: true; created: string[]; existing: string[] } | { ok: false; message: string; retryable: boolean };
export type RemoveOutcome = { ok: true; removed: number } | { ok: false; message: string; removed: number };

const sameUri = (a: string, b: string) => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
const errorsText = (errors: ShopifyUserError[]) => errors.map((e) => e.message).join('; ');

async function listSubscriptions(
  client: ShopifyAdminClient,
): Promise<{ ok: true; items: Subscription[] } | { ok: false; message: string; retryable: boolean }> {
  const items: Subscription[] = [];
  let after: string | null = null;
  for (;;) {
    const r: ShopifyAdminResult<Page> = await client.query<Page>(LIST, { after });
    if (!r.ok) return { ok: false, message: r.error.message, retryable: r.error.retryable };
    items.push(...r.data.webhookSubscriptions.edges.map((e) => e.node));
    const { hasNextPage, endCursor }: Page['webhookSubscriptions']['pageInfo'] = r.data.webhookSubscriptions.pageInfo;
    if (!hasNextPage || !endCursor) return { ok: true, items };
    after = endCursor;
  }
}

/** Subscribes every topic the granted scopes allow that does not yet point at `uri`. */
export async function ensureShopifyWebhooks(client: ShopifyAdminClient, uri: string, scopes: string): Promise<WebhooksOutcome> {
  const listed = await listSubscriptions(client);
  if (!listed.ok) return listed;
  const have = new Set(listed.items.filter((s) => sameUri(s.uri, uri)).map((s) => s.topic));
  const created: string[] = [];
  const existing: string[] = [];
  for (const topic of topicsFor(scopes)) {
    if (have.has(topicEnum(topic))) {
      existing.push(topic);
      continue;
    }
    const r = await client.mutation<{ webhookSubscription: Subscription | null; userErrors: ShopifyUserError[] }>(
      'webhookSubscriptionCreate',
      CREATE,
      { topic: topicEnum(topic), webhookSubscription: { uri, format: 'JSON' } },
    );
    if (!r.ok) return { ok: false, message: `${topic}: ${r.error.message}`, retryable: r.error.retryable };
    if (r.userErrors.length) return { ok: false, message: `${topic}: ${errorsText(r.userErrors)}`, retryable: false };
    created.push(topic);
  }
  return { ok: true, created, existing };
}

/** Deletes the subscriptions pointing at `uri` (or, with `matches`, any uri it accepts). */
export async function removeShopifyWebhooks(client: ShopifyAdminClient, matches: (uri: string) => boolean): Promise<RemoveOutcome> {
  const listed = await listSubscriptions(client);
  if (!listed.ok) return { ok: false, message: listed.message, removed: 0 };
  let removed = 0;
  for (const s of listed.items.filter((x) => matches(x.uri))) {
    const r = await client.mutation<{ deletedWebhookSubscriptionId: string | null; userErrors: ShopifyUserError[] }>(
      'webhookSubscriptionDelete',
      DELETE,
      { id: s.id },
    );
    if (!r.ok) return { ok: false, message: r.error.message, removed };
    if (r.userErrors.length) return { ok: false, message: errorsText(r.userErrors), removed };
    removed += 1;
  }
  return { ok: true, removed };
}

export { sameUri };
