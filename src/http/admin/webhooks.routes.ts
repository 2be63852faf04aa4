import { createSubscription, sendTest } from '../../crm/webhooks/webhooks.service.ts';
import { TOPIC_NAMES, type WebhookTopic } from '../../crm/webhooks/topics.ts';
import type { WebhookSubscription, WebhooksPort } from '../../crm/webhooks/webhooks.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';
import {
  createdSubscriptionResponse,
  deletedResponse,
  deliveriesResponse,
  deliveryParams,
  retryResponse,
  subscriptionInput,
  subscriptionPatch,
  subscriptionSchema,
  subscriptionsResponse,
  testDeliveryResponse,
} from './webhooks.schemas.ts';

// Outbound webhooks (crm/webhooks): a merchant's subscriptions of URLs to Rapport's events, a test
// ping, and each subscription's deliveries with their failures, retried by hand when wanted. The
// signing secret is in the creation's answer only.

const view = ({ accountId: _a, ...s }: WebhookSubscription) => s;

export function registerWebhookRoutes(registry: RouteRegistry, deps: { webhooks: WebhooksPort }): void {
  const { webhooks } = deps;
  const owned = async (accountId: string, id: string) => {
    const s = await webhooks.get(accountId, id);
    if (!s) throw new HttpError('not_found', 'No such webhook subscription');
    return s;
  };

  registry.add({
    method: 'get',
    path: '/api/webhooks',
    summary: "The shop's webhook subscriptions and the topics one can subscribe to",
    tag: 'Webhooks',
    auth: true,
    response: subscriptionsResponse,
    handler: async ({ req }) => ({ subscriptions: (await webhooks.list(accountOf(req))).map(view), topics: TOPIC_NAMES }),
  });

  registry.add({
    method: 'post',
    path: '/api/webhooks',
    summary: 'Subscribe a URL to topics; the answer holds the signing secret, shown this once',
    tag: 'Webhooks',
    auth: true,
    body: subscriptionInput,
    response: createdSubscriptionResponse,
    errors: [400],
    handler: async ({ body, req }) => {
      const input = { url: body.url, topics: body.topics as WebhookTopic[], description: body.description ?? null };
      const { subscription, secret } = await createSubscription(webhooks, accountOf(req), input, new Date().toISOString());
      return { subscription: view(subscription), secret };
    },
  });

  registry.add({
    method: 'patch',
    path: '/api/webhooks/:id',
    summary: 'Change a subscription: URL, topics, paused or active, description',
    tag: 'Webhooks',
    auth: true,
    params: idParams,
    body: subscriptionPatch,
    response: subscriptionSchema,
    errors: [400, 404],
    handler: async ({ params, body, req }) => {
      const accountId = accountOf(req);
      await owned(accountId, params.id);
      const patch = { ...body, topics: body.topics as WebhookTopic[] | undefined };
      for (const k of Object.keys(patch) as Array<keyof typeof patch>) if (patch[k] === undefined) delete patch[k];
      await webhooks.update(accountId, params.id, patch, new Date().toISOString());
      return view(await owned(accountId, params.id));
    },
  });

  registry.add({
    method: 'delete',
    path: '/api/webhooks/:id',
    summary: 'Delete a subscription and its deliveries',
    tag: 'Webhooks',
    auth: true,
    params: idParams,
    response: deletedResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      if (!(await webhooks.delete(accountOf(req), params.id))) throw new HttpError('not_found', 'No such webhook subscription');
      return { deleted: true as const };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/webhooks/:id/test',
    summary: 'Queue a signed test delivery (topic `test`) to the subscription',
    tag: 'Webhooks',
    auth: true,
    params: idParams,
    status: 202,
    response: testDeliveryResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      const subscription = await owned(accountOf(req), params.id);
      return { deliveryId: await sendTest(webhooks, subscription, new Date().toISOString()) };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/webhooks/:id/deliveries',
    summary: "The subscription's latest 100 deliveries, newest first, with status code and error",
    tag: 'Webhooks',
    auth: true,
    params: idParams,
    response: deliveriesResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      await owned(accountId, params.id);
      const deliveries = await webhooks.deliveries(accountId, params.id, 100);
      return { deliveries: deliveries.map(({ accountId: _a, subscriptionId: _s, payload: _p, ...d }) => d) };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/webhooks/:id/deliveries/:deliveryId/retry',
    summary: 'Send a failed delivery again now',
    tag: 'Webhooks',
    auth: true,
    params: deliveryParams,
    status: 200,
    response: retryResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      await owned(accountId, params.id);
      if (!(await webhooks.retry(accountId, params.deliveryId, new Date().toISOString())))
        throw new HttpError('not_found', 'No failed delivery with that id');
      return { retried: true as const };
    },
  });
}
