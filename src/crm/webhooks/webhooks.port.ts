import type { WebhookTopic } from './topics.ts';

// Outbound webhooks (db/outbound-webhooks.repo.ts): a merchant's subscriptions (the secret sealed
// at rest) and the deliveries to them, a queue with retries.

export type WebhookSubscription = {
  id: string;
  accountId: string;
  url: string;
  topics: WebhookTopic[];
  active: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
};

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export type WebhookDelivery = {
  id: string;
  accountId: string;
  subscriptionId: string;
  topic: string;
  /** Unique per subscription: the same event delivered once. */
  eventKey: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  deliveredAt: string | null;
};

/** A claimed delivery, with where it goes and the secret to sign it. */
export type DueDelivery = WebhookDelivery & { url: string; secret: string };

export interface WebhooksPort {
  list(accountId: string): Promise<WebhookSubscription[]>;
  get(accountId: string, id: string): Promise<WebhookSubscription | undefined>;
  insert(subscription: WebhookSubscription, secret: string): Promise<void>;
  update(
    accountId: string,
    id: string,
    patch: Partial<Pick<WebhookSubscription, 'url' | 'topics' | 'active' | 'description'>>,
    now: string,
  ): Promise<boolean>;
  delete(accountId: string, id: string): Promise<boolean>;
  /** A delivery to each of the account's active subscriptions to `topic`; none twice per (subscription, eventKey). Returns how many were new. */
  fanOut(event: { accountId: string; topic: WebhookTopic; eventKey: string; payload: string }, now: string): Promise<number>;
  /** One delivery to one subscription (a test ping); none twice per key. */
  enqueueOne(
    delivery: { id: string; accountId: string; subscriptionId: string; topic: string; eventKey: string; payload: string },
    now: string,
  ): Promise<boolean>;
  /** Pending deliveries due now, leased until `leaseUntil` (several processes may claim at once: each takes others). */
  claimDue(now: string, leaseUntil: string, limit: number): Promise<DueDelivery[]>;
  markDelivered(id: string, statusCode: number, now: string): Promise<void>;
  /** A failed attempt: pending again at `retryAt`, or failed for good when null. */
  markFailed(id: string, statusCode: number | null, error: string, retryAt: string | null, now: string): Promise<void>;
  /** Newest first. */
  deliveries(accountId: string, subscriptionId: string, limit: number): Promise<WebhookDelivery[]>;
  /** A failed delivery of the account goes again now; false when there is no such failed delivery. */
  retry(accountId: string, id: string, now: string): Promise<boolean>;
}

/** Bound to a unit of work (`repos.webhookTopics`): what the domain-event queue asks before queueing for webhooks. */
export interface WebhookTopicsRepo {
  /** The topics the account's active subscriptions want (one indexed read). */
  activeTopics(accountId: string): Promise<WebhookTopic[]>;
}
