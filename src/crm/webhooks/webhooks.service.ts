import { randomBytes } from 'node:crypto';
import { newId } from '../../lib/ids.ts';
import { SIGNATURE_HEADER, signPayload } from './signature.ts';
import { topicOfKind, type WebhookTopic } from './topics.ts';
import type { DueDelivery, WebhookSubscription, WebhooksPort } from './webhooks.port.ts';

// Outbound webhooks: a merchant subscribes a URL to Rapport's events (topics.ts); each event is
// queued once per subscription (`fanOut`, keyed by the event), delivered signed (signature.ts),
// retried with backoff on anything but a 2xx (1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h: eight
// attempts over about two days), then kept as failed, visible and retryable in the panel.

export type TimelineEvent = {
  accountId: string;
  customerId: string | null;
  kind: string;
  occurredAt: string;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  dedupeKey: string;
};

/** Posts a body to a merchant's URL (the root gives one that refuses private addresses and times out). */
export type WebhookPost = (url: string, body: string, headers: Record<string, string>) => Promise<{ status: number }>;

const BACKOFF_MS = [60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000];
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
const LEASE_MS = 2 * 60_000;

export const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

export type SubscriptionInput = { url: string; topics: WebhookTopic[]; description?: string | null };

export async function createSubscription(
  port: WebhooksPort,
  accountId: string,
  input: SubscriptionInput,
  now: string,
): Promise<{ subscription: WebhookSubscription; secret: string }> {
  const subscription: WebhookSubscription = {
    id: newId('whk'),
    accountId,
    url: input.url,
    topics: [...new Set(input.topics)],
    active: true,
    description: input.description ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const secret = newSecret();
  await port.insert(subscription, secret);
  return { subscription, secret };
}

/** The payload a receiver gets for a timeline entry (`id` is stable: receivers dedupe on it). */
export function payloadOf(topic: WebhookTopic, e: TimelineEvent): string {
  return JSON.stringify({
    id: e.dedupeKey,
    topic,
    occurredAt: e.occurredAt,
    customerId: e.customerId,
    subject: e.subjectType ? { type: e.subjectType, id: e.subjectId } : null,
    data: e.data,
  });
}

/** Queues the event for every subscription to its topic; 0 when its kind is no topic. */
export async function publish(port: WebhooksPort, e: TimelineEvent, now: string): Promise<number> {
  const topic = topicOfKind(e.kind);
  if (!topic) return 0;
  return port.fanOut({ accountId: e.accountId, topic, eventKey: e.dedupeKey, payload: payloadOf(topic, e) }, now);
}

/** A ping to one subscription, to check the receiving end from the panel. */
export async function sendTest(port: WebhooksPort, subscription: WebhookSubscription, now: string): Promise<string> {
  const id = newId('whd');
  const payload = JSON.stringify({ id: `test:${id}`, topic: 'test', occurredAt: now, customerId: null, subject: null, data: {} });
  await port.enqueueOne(
    { id, accountId: subscription.accountId, subscriptionId: subscription.id, topic: 'test', eventKey: `test:${id}`, payload },
    now,
  );
  return id;
}

export type DeliveryPass = { claimed: number; delivered: number; retried: number; failed: number };

export async function deliverDue(
  deps: { port: WebhooksPort; post: WebhookPost; batchSize?: number; concurrency?: number },
  now: () => Date = () => new Date(),
): Promise<DeliveryPass> {
  const at = now();
  const due = await deps.port.claimDue(at.toISOString(), new Date(at.getTime() + LEASE_MS).toISOString(), deps.batchSize ?? 50);
  const pass: DeliveryPass = { claimed: due.length, delivered: 0, retried: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const d = due[next++]!;
      pass[await deliver(deps, d, now)]++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 4, due.length) }, worker));
  return pass;
}

async function deliver(
  deps: { port: WebhooksPort; post: WebhookPost },
  d: DueDelivery,
  now: () => Date,
): Promise<'delivered' | 'retried' | 'failed'> {
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'Rapport-Webhooks/1',
    'x-rapport-topic': d.topic,
    'x-rapport-delivery': d.id,
    'x-rapport-event': d.eventKey,
    [SIGNATURE_HEADER.toLowerCase()]: signPayload(d.secret, d.payload, Math.floor(now().getTime() / 1000)),
  };
  let status: number | null = null;
  let error: string;
  try {
    status = (await deps.post(d.url, d.payload, headers)).status;
    if (status >= 200 && status < 300) {
      await deps.port.markDelivered(d.id, status, now().toISOString());
      return 'delivered';
    }
    error = `HTTP ${status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const at = now();
  const retry = d.attempts < MAX_ATTEMPTS;
  const retryAt = retry ? new Date(at.getTime() + BACKOFF_MS[Math.min(d.attempts - 1, BACKOFF_MS.length - 1)]!).toISOString() : null;
  await deps.port.markFailed(d.id, status, error.slice(0, 500), retryAt, at.toISOString());
  return retry ? 'retried' : 'failed';
}
