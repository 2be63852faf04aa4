import type { ConsumerDeps } from '../domain-events/consumer.service.ts';
import type { EventSubscription } from '../domain-events/domain-events.store.ts';
import type { CrmStore } from '../store.port.ts';
import { WEBHOOK_KINDS, WEBHOOK_TOPICS } from './topics.ts';
import type { WebhooksPort } from './webhooks.port.ts';
import { publish } from './webhooks.service.ts';

// Outbound webhooks as a consumer of the domain-event queue (crm/domain-events): an entry of a
// kind some active subscription of the account wants is queued in the unit that recorded it, then
// fanned out to the subscriptions (one delivery each, never twice per event: the fan-out is keyed).

export const WEBHOOKS_CONSUMER = 'webhooks';

export const webhooksSubscription: EventSubscription = {
  consumer: WEBHOOKS_CONSUMER,
  kinds: new Set(WEBHOOK_KINDS),
  wants: async (repos, accountId) => new Set((await repos.webhookTopics.activeTopics(accountId)).map((t) => WEBHOOK_TOPICS[t])),
};

export function webhooksConsumer(deps: { store: CrmStore; webhooks: WebhooksPort }): ConsumerDeps {
  return {
    store: deps.store,
    consumer: WEBHOOKS_CONSUMER,
    // The fan-out is its own write (keyed by subscription and event, so a repeat adds nothing); nothing more to do in the unit.
    handle: async (event, now) => {
      await publish(deps.webhooks, event, now.toISOString());
    },
  };
}
