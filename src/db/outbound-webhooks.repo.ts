import type { WebhookTopic } from '../crm/webhooks/topics.ts';
import type { DeliveryStatus, DueDelivery, WebhookDelivery, WebhookSubscription, WebhooksPort } from '../crm/webhooks/webhooks.port.ts';
import { decrypt, encrypt } from '../lib/crypto.ts';
import { sqlOf } from './sql/dialect.ts';
import type { SqlDatabase } from './sql/database.ts';
import { query } from './sql/executor.ts';

// crm's WebhooksPort on either database. Topics are kept as ",a,b," so that one LIKE finds the
// subscriptions to a topic (an account has a handful). The claim is messages.repo's: one
// conditional UPDATE over (status, next_attempt_at), SKIP LOCKED on PostgreSQL.

type SubscriptionRow = {
  id: string;
  account_id: string;
  url: string;
  topics: string;
  active: number | boolean;
  description: string | null;
  created_at: string | Date;
  updated_at: string | Date;
};
type DeliveryRow = {
  id: string;
  account_id: string;
  subscription_id: string;
  topic: string;
  event_key: string;
  payload: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  next_attempt_at: string | Date;
  created_at: string | Date;
  delivered_at: string | Date | null;
};

const iso = (v: string | Date): string => (typeof v === 'string' ? v : v.toISOString());
const topicsText = (topics: readonly string[]) => `,${topics.join(',')},`;

const toSubscription = (r: SubscriptionRow): WebhookSubscription => ({
  id: r.id,
  accountId: r.account_id,
  url: r.url,
  topics: r.topics.split(',').filter(Boolean) as WebhookTopic[],
  active: Boolean(r.active),
  description: r.description,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  accountId: r.account_id,
  subscriptionId: r.subscription_id,
  topic: r.topic,
  eventKey: r.event_key,
  payload: r.payload,
  status: r.status as DeliveryStatus,
  attempts: Number(r.attempts),
  lastStatusCode: r.last_status_code === null ? null : Number(r.last_status_code),
  lastError: r.last_error,
  nextAttemptAt: iso(r.next_attempt_at),
  createdAt: iso(r.created_at),
  deliveredAt: r.delivered_at === null ? null : iso(r.delivered_at),
});

const SUB = 'id, account_id, url, topics, active, description, created_at, updated_at';
const DEL = `d.id, d.account_id, d.subscription_id, d.topic, d.event_key, d.payload, d.status, d.attempts, d.last_status_code,
  d.last_error, d.next_attempt_at, d.created_at, d.delivered_at`;

const q = {
  list: query(`SELECT ${SUB} FROM webhook_subscriptions WHERE account_id = :accountId ORDER BY created_at, id`),
  get: query(`SELECT ${SUB} FROM webhook_subscriptions WHERE account_id = :accountId AND id = :id`),
  insert: query(`INSERT INTO webhook_subscriptions (id, account_id, url, topics, secret_sealed, active, description, created_at, updated_at)
    VALUES (:id, :accountId, :url, :topics, :secretSealed, :active, :description, :createdAt, :updatedAt)`),
  update:
    query(`UPDATE webhook_subscriptions SET url = :url, topics = :topics, active = :active, description = :description, updated_at = :now
    WHERE account_id = :accountId AND id = :id`),
  delete: query('DELETE FROM webhook_subscriptions WHERE account_id = :accountId AND id = :id'),
  fanOut:
    query(`INSERT INTO webhook_deliveries (id, account_id, subscription_id, topic, event_key, payload, status, attempts, next_attempt_at, created_at, updated_at)
    SELECT :idPrefix || id, account_id, id, :topic, :eventKey, :payload, 'pending', 0, :now, :now, :now FROM webhook_subscriptions
    WHERE account_id = :accountId AND active = :yes AND topics LIKE :pattern
    ON CONFLICT (subscription_id, event_key) DO NOTHING`),
  one: query(`INSERT INTO webhook_deliveries (id, account_id, subscription_id, topic, event_key, payload, status, attempts, next_attempt_at, created_at, updated_at)
    SELECT :id, account_id, id, :topic, :eventKey, :payload, 'pending', 0, :now, :now, :now FROM webhook_subscriptions
    WHERE account_id = :accountId AND id = :subscriptionId
    ON CONFLICT (subscription_id, event_key) DO NOTHING`),
  claim: query(
    (d) => `UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = :leaseUntil, updated_at = :now
    WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= :now
      ORDER BY next_attempt_at, id LIMIT :limit${d === 'pg' ? ' FOR UPDATE SKIP LOCKED' : ''})
    RETURNING id`,
  ),
  claimed: query(
    (d) => `SELECT ${DEL}, s.url, s.secret_sealed FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.id = d.subscription_id
    WHERE d.id ${sqlOf(d).inArray('ids')} ORDER BY d.id`,
  ),
  delivered:
    query(`UPDATE webhook_deliveries SET status = 'delivered', last_status_code = :statusCode, last_error = NULL, delivered_at = :now,
    updated_at = :now WHERE id = :id`),
  failed:
    query(`UPDATE webhook_deliveries SET status = :status, last_status_code = :statusCode, last_error = :error, next_attempt_at = :nextAttemptAt,
    updated_at = :now WHERE id = :id`),
  deliveries: query(`SELECT ${DEL} FROM webhook_deliveries d WHERE d.subscription_id = :subscriptionId AND d.account_id = :accountId
    ORDER BY d.created_at DESC, d.id DESC LIMIT :limit`),
  retry: query(`UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = :now, updated_at = :now
    WHERE account_id = :accountId AND id = :id AND status = 'failed'`),
};

export function createWebhooksRepo(database: SqlDatabase, key: Buffer): WebhooksPort {
  const x = database.x;
  return {
    async list(accountId) {
      return (await x.all<SubscriptionRow>(q.list, { accountId })).map(toSubscription);
    },
    async get(accountId, id) {
      const r = await x.get<SubscriptionRow>(q.get, { accountId, id });
      return r && toSubscription(r);
    },
    async insert(s, secret) {
      await x.run(q.insert, { ...s, topics: topicsText(s.topics), secretSealed: encrypt(secret, key) });
    },
    async update(accountId, id, patch, now) {
      const current = await this.get(accountId, id);
      if (!current) return false;
      const next = { ...current, ...patch };
      await x.run(q.update, {
        accountId,
        id,
        url: next.url,
        topics: topicsText(next.topics),
        active: next.active,
        description: next.description,
        now,
      });
      return true;
    },
    async delete(accountId, id) {
      return (await x.run(q.delete, { accountId, id })) > 0;
    },
    async fanOut(e, now) {
      // One id per (event, subscription): the event key's hash keeps ids short and stable across replays.
      const idPrefix = `whd_${Buffer.from(e.eventKey).toString('base64url').slice(0, 24)}_${Date.now().toString(36)}_`;
      return x.run(q.fanOut, { ...e, idPrefix, yes: true, pattern: `%,${e.topic},%`, now });
    },
    async enqueueOne(d, now) {
      return (await x.run(q.one, { ...d, now })) > 0;
    },
    async claimDue(now, leaseUntil, limit) {
      const ids = (await x.all<{ id: string }>(q.claim, { now, leaseUntil, limit })).map((r) => r.id);
      if (!ids.length) return [];
      const rows = await x.all<DeliveryRow & { url: string; secret_sealed: string }>(q.claimed, { ids });
      return rows.map((r): DueDelivery => ({ ...toDelivery(r), url: r.url, secret: decrypt(r.secret_sealed, key) }));
    },
    async markDelivered(id, statusCode, now) {
      await x.run(q.delivered, { id, statusCode, now });
    },
    async markFailed(id, statusCode, error, retryAt, now) {
      await x.run(q.failed, { id, status: retryAt ? 'pending' : 'failed', statusCode, error, nextAttemptAt: retryAt ?? now, now });
    },
    async deliveries(accountId, subscriptionId, limit) {
      return (await x.all<DeliveryRow>(q.deliveries, { accountId, subscriptionId, limit })).map(toDelivery);
    },
    async retry(accountId, id, now) {
      return (await x.run(q.retry, { accountId, id, now })) > 0;
    },
  };
}
