// Shop-specific webhook subscriptions for the local Shopify fake, as the 2026-07 Admin API has
// them: `webhookSubscriptions(first, after)` (a connection of WebhookSubscription with `uri`),
// `webhookSubscriptionCreate(topic, webhookSubscription: {uri, format})` and
// `webhookSubscriptionDelete(id)`, each refusal a userError `{field, message}`. Shopify delivers
// only to https addresses and allows one subscription per topic and address.

export type FakeWebhookSubscription = { id: string; topic: string; uri: string; format: string };

const TOPIC = /^[A-Z]+(?:_[A-Z]+)+$/;
const COMPLIANCE = ['CUSTOMERS_DATA_REQUEST', 'CUSTOMERS_REDACT', 'SHOP_REDACT'];

export function webhookSubscriptionOperations(subscriptions: FakeWebhookSubscription[]) {
  let next = 1;
  const userError = (field: string[], message: string) => ({ field, message });
  const page = (v: Record<string, any>) => {
    const start = v.after ? Number(Buffer.from(String(v.after), 'base64').toString()) + 1 : 0;
    const first = Number(v.first ?? 100);
    const slice = subscriptions.slice(start, start + first);
    const cursor = (i: number) => Buffer.from(String(start + i)).toString('base64');
    return {
      edges: slice.map((node, i) => ({ cursor: cursor(i), node })),
      pageInfo: { hasNextPage: start + first < subscriptions.length, endCursor: slice.length ? cursor(slice.length - 1) : null },
    };
  };
  return {
    webhookSubscriptions: (v: Record<string, any>, q: string) => {
      // `first` may be inline in the query text, as Rapport sends it.
      const first = v.first ?? Number(/webhookSubscriptions\(\s*first:\s*(\d+)/.exec(q)?.[1] ?? 100);
      return { data: { webhookSubscriptions: page({ ...v, first }) } };
    },
    webhookSubscriptionCreate: (v: Record<string, any>) => {
      const topic = String(v.topic ?? '');
      const input = (v.webhookSubscription ?? {}) as { uri?: string; format?: string };
      const uri = String(input.uri ?? '');
      const errors = [];
      if (!TOPIC.test(topic) || COMPLIANCE.includes(topic))
        errors.push(userError(['topic'], `Topic ${topic} is not a valid webhook subscription topic`));
      if (!/^https:\/\//.test(uri)) errors.push(userError(['webhookSubscription', 'uri'], 'Address protocol is not supported: use https'));
      if (subscriptions.some((s) => s.topic === topic && s.uri === uri))
        errors.push(userError(['webhookSubscription', 'uri'], 'Address for this topic has already been taken'));
      if (errors.length) return { data: { webhookSubscriptionCreate: { webhookSubscription: null, userErrors: errors } } };
      const sub = { id: `gid://shopify/WebhookSubscription/${8_800_000 + next++}`, topic, uri, format: input.format ?? 'JSON' };
      subscriptions.push(sub);
      return { data: { webhookSubscriptionCreate: { webhookSubscription: sub, userErrors: [] } } };
    },
    webhookSubscriptionDelete: (v: Record<string, any>) => {
      const i = subscriptions.findIndex((s) => s.id === v.id);
      if (i < 0)
        return {
          data: {
            webhookSubscriptionDelete: {
              deletedWebhookSubscriptionId: null,
              userErrors: [userError(['id'], 'Webhook subscription does not exist')],
            },
          },
        };
      subscriptions.splice(i, 1);
      return { data: { webhookSubscriptionDelete: { deletedWebhookSubscriptionId: String(v.id), userErrors: [] } } };
    },
  };
}
