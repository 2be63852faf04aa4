import type { ChannelId } from '../../crm/messaging/channel.port.ts';
import { DEFAULT_MESSAGING_SETTINGS } from '../../crm/messaging/messaging-settings.port.ts';
import type { MessagePayload, MessagesRepo, MessageStatus, MessageSummary, StoredMessage } from '../../crm/messaging/messages.port.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query, type Executor } from '../sql/executor.ts';

// crm's MessagesRepo on either database (db/README.md, "Messages"). The claim is one conditional
// UPDATE over the `(status, next_attempt_at)` index: on PostgreSQL its subquery locks the rows it
// takes with SKIP LOCKED, so concurrent senders take disjoint messages and never wait on each
// other; on SQLite the write transaction already excludes every other writer.

export type MessageRow = {
  id: string;
  account_id: string;
  customer_id: string | null;
  channel: string;
  purpose: string;
  source: string;
  source_id: string | null;
  to_address: string;
  language: string;
  subject: string | null;
  status: string;
  provider: string | null;
  provider_message_id: string | null;
  error: string | null;
  attempts: number;
  queued_at: string;
  sent_at: string | null;
  updated_at: string;
};
export type BodyRow = { dir: string; html: string; text: string; payload: string | null };

/** The columns a list reads (never the bodies). */
export const SUMMARY_COLUMNS = `m.id, m.account_id, m.customer_id, m.channel, m.purpose, m.source, m.source_id, m.to_address, m.language,
  m.subject, m.status, m.provider, m.provider_message_id, m.error, m.attempts, m.queued_at, m.sent_at, m.updated_at`;

export const toSummary = (r: MessageRow): MessageSummary => ({
  id: r.id,
  accountId: r.account_id,
  customerId: r.customer_id,
  channel: r.channel as ChannelId,
  purpose: r.purpose as MessageSummary['purpose'],
  source: r.source,
  sourceId: r.source_id,
  to: r.to_address,
  language: r.language,
  subject: r.subject,
  status: r.status as MessageStatus,
  provider: r.provider,
  providerMessageId: r.provider_message_id,
  error: r.error,
  attempts: Number(r.attempts),
  queuedAt: r.queued_at,
  sentAt: r.sent_at,
  updatedAt: r.updated_at,
});

export const toStored = (r: MessageRow & BodyRow): StoredMessage => ({
  ...toSummary(r),
  dir: r.dir === 'rtl' ? 'rtl' : 'ltr',
  html: r.html,
  text: r.text,
  payload: r.payload ? (JSON.parse(r.payload) as MessagePayload) : null,
});

const event = query(`INSERT INTO message_events (account_id, message_id, status, detail, occurred_at)
  VALUES (:accountId, :id, :status, :detail, :now)`);

const q = {
  insert: query(`INSERT INTO messages (id, account_id, customer_id, channel, purpose, source, source_id, idempotency_key, to_address,
      language, status, subject, attempts, queued_at, next_attempt_at, updated_at)
    VALUES (:id, :accountId, :customerId, :channel, :purpose, :source, :sourceId, :idempotencyKey, :to,
      :language, 'queued', :subject, 0, :now, :sendAt, :now)
    ON CONFLICT (account_id, idempotency_key) DO NOTHING`),
  body: query(
    'INSERT INTO message_bodies (message_id, account_id, dir, html, text, payload) VALUES (:id, :accountId, :dir, :html, :text, :payload)',
  ),
  byKey: query('SELECT id FROM messages WHERE account_id = :accountId AND idempotency_key = :idempotencyKey'),
  // SQLite reads `status IN (…) ORDER BY next_attempt_at` by sorting every due row (a temporary
  // B-tree: 100,000 rows per claim while a big campaign waits); one index range per status, each
  // read in order up to the limit, leaves at most twice the limit to sort. PostgreSQL's SKIP LOCKED
  // cannot sit under a UNION, so it keeps the one range.
  claim: query((d) =>
    d === 'pg'
      ? `UPDATE messages SET status = 'sending', attempts = attempts + 1, next_attempt_at = :leaseUntil, updated_at = :now
    WHERE id IN (SELECT id FROM messages WHERE status IN ('queued', 'sending') AND next_attempt_at <= :now
      ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)
    RETURNING id`
      : `UPDATE messages SET status = 'sending', attempts = attempts + 1, next_attempt_at = :leaseUntil, updated_at = :now
    WHERE id IN (SELECT id FROM (
        SELECT id, next_attempt_at FROM (SELECT id, next_attempt_at FROM messages WHERE status = 'queued' AND next_attempt_at <= :now
          ORDER BY next_attempt_at LIMIT :limit)
        UNION ALL
        SELECT id, next_attempt_at FROM (SELECT id, next_attempt_at FROM messages WHERE status = 'sending' AND next_attempt_at <= :now
          ORDER BY next_attempt_at LIMIT :limit))
      ORDER BY next_attempt_at, id LIMIT :limit)
    RETURNING id`,
  ),
  claimed: query(
    (d) => `SELECT ${SUMMARY_COLUMNS}, b.dir, b.html, b.text, b.payload FROM messages m JOIN message_bodies b ON b.message_id = m.id
    WHERE m.id ${sqlOf(d).inArray('ids')} ORDER BY m.id`,
  ),
  claimEvents: query(
    (d) => `INSERT INTO message_events (account_id, message_id, status, detail, occurred_at)
    SELECT account_id, id, 'sending', NULL, ${d === 'pg' ? 'CAST(:now AS timestamptz)' : ':now'} FROM messages WHERE id ${sqlOf(d).inArray('ids')}`,
  ),
  sent: query(`UPDATE messages SET status = 'sent', provider = :provider, provider_message_id = :providerMessageId, error = NULL,
    sent_at = :now, updated_at = :now WHERE account_id = :accountId AND id = :id`),
  failed: query(`UPDATE messages SET status = :status, error = :error, next_attempt_at = :nextAttemptAt, updated_at = :now
    WHERE account_id = :accountId AND id = :id`),
  suppressed: query(
    `UPDATE messages SET status = 'suppressed', error = :reason, updated_at = :now WHERE account_id = :accountId AND id = :id`,
  ),
  suppress: query(`INSERT INTO message_suppressions (account_id, channel, address, reason, suppressed_at)
    VALUES (:accountId, :channel, :address, :reason, :now)
    ON CONFLICT (account_id, channel, address) DO UPDATE SET reason = excluded.reason, suppressed_at = excluded.suppressed_at`),
  isSuppressed: query(
    'SELECT 1 AS hit FROM message_suppressions WHERE account_id = :accountId AND channel = :channel AND address = :address',
  ),
  opened: query('UPDATE messages SET opened_at = COALESCE(opened_at, :now) WHERE account_id = :accountId AND id = :id'),
  clicked: query('UPDATE messages SET clicked_at = COALESCE(clicked_at, :now) WHERE account_id = :accountId AND id = :id'),
  eventIfOwned: query(`INSERT INTO message_events (account_id, message_id, status, detail, occurred_at)
    SELECT account_id, id, :status, :detail, :now FROM messages WHERE account_id = :accountId AND id = :id`),
  // Through messages_customer_queued: a customer has few messages.
  touches: query(`SELECT id, source, source_id, channel, clicked_at, delivered_at FROM messages
    WHERE customer_id = :customerId AND queued_at >= :from AND queued_at <= :to AND account_id = :accountId
      AND (clicked_at IS NOT NULL OR (channel = 'whatsapp' AND delivered_at IS NOT NULL))
    ORDER BY queued_at DESC, id DESC LIMIT :limit`),
  owner: query('SELECT account_id, customer_id, channel, to_address, status FROM messages WHERE id = :id'),
  bounced: query(`UPDATE messages SET status = 'bounced', error = :detail, updated_at = :now
    WHERE account_id = :accountId AND id = :id AND status NOT IN ('suppressed', 'bounced')`),
  window: query('SELECT attribution_window_days AS days FROM messaging_settings WHERE account_id = :accountId'),
  attribute:
    query(`INSERT INTO order_attributions (order_id, account_id, message_id, source, source_id, channel, touch, touched_at, attributed_at)
    VALUES (:orderId, :accountId, :messageId, :source, :sourceId, :channel, :touch, :touchedAt, :attributedAt)
    ON CONFLICT (order_id) DO NOTHING`),
  byProviderId:
    query(`SELECT ${SUMMARY_COLUMNS} FROM messages m WHERE m.account_id = :accountId AND m.provider_message_id = :providerMessageId
    ORDER BY m.queued_at LIMIT 1`),
  statusOf: query('SELECT status FROM messages WHERE account_id = :accountId AND id = :id'),
  // Forward only: a late `sent` or a `delivered` after `failed` finds no row to change.
  delivered: query(`UPDATE messages SET status = 'delivered', delivered_at = :now, updated_at = :now
    WHERE account_id = :accountId AND id = :id AND status IN ('sending', 'sent')`),
  providerFailed: query(`UPDATE messages SET status = 'failed', error = :error, updated_at = :now
    WHERE account_id = :accountId AND id = :id AND status IN ('queued', 'sending', 'sent')`),
  // A status seen once per message (read receipts come again with every redelivery).
  eventOnce: query(
    (d) => `INSERT INTO message_events (account_id, message_id, status, detail, occurred_at)
    SELECT account_id, id, CAST(:status AS text), CAST(:detail AS text), ${d === 'pg' ? 'CAST(:now AS timestamptz)' : ':now'}
    FROM messages m WHERE m.account_id = :accountId AND m.id = :id
      AND NOT EXISTS (SELECT 1 FROM message_events e WHERE e.message_id = m.id AND e.status = :status)`,
  ),
};

const iso = (v: string | Date | null): string | null => (v === null ? null : typeof v === 'string' ? v : v.toISOString());

export function messagesRepo(x: Executor): MessagesRepo {
  return {
    async queue(id, m, now) {
      const inserted = await x.run(q.insert, { ...m, id, now, sendAt: m.sendAt ?? now });
      if (!inserted) {
        const existing = await x.get<{ id: string }>(q.byKey, m);
        return { outcome: 'duplicate', id: existing!.id };
      }
      const payload = m.payload ? JSON.stringify(m.payload) : null;
      await x.run(q.body, { id, accountId: m.accountId, dir: m.dir, html: m.html, text: m.text, payload });
      await x.run(event, { accountId: m.accountId, id, status: 'queued', detail: null, now });
      return { outcome: 'queued', id };
    },
    async claimDue(now, leaseUntil, limit) {
      const ids = (await x.all<{ id: string }>(q.claim, { now, leaseUntil, limit })).map((r) => r.id);
      if (!ids.length) return [];
      await x.run(q.claimEvents, { ids, now });
      return (await x.all<MessageRow & BodyRow>(q.claimed, { ids })).map(toStored);
    },
    async markSent(accountId, id, sent, now) {
      await x.run(q.sent, { accountId, id, ...sent, now });
      await x.run(event, { accountId, id, status: 'sent', detail: sent.provider, now });
    },
    async markFailed(accountId, id, error, retryAt, now) {
      const status: MessageStatus = retryAt ? 'queued' : 'failed';
      await x.run(q.failed, { accountId, id, status, error, nextAttemptAt: retryAt ?? now, now });
      await x.run(event, { accountId, id, status, detail: error, now });
    },
    async markSuppressed(accountId, id, reason, now) {
      await x.run(q.suppressed, { accountId, id, reason, now });
      await x.run(event, { accountId, id, status: 'suppressed', detail: reason, now });
    },
    async suppressAddress(accountId, channel, address, reason, now) {
      await x.run(q.suppress, { accountId, channel, address, reason, now });
    },
    async isSuppressed(accountId, channel, address) {
      return (await x.get(q.isSuppressed, { accountId, channel, address })) !== undefined;
    },
    async recordEngagement(accountId, id, kind, detail, now) {
      if (!(await x.run(kind === 'opened' ? q.opened : q.clicked, { accountId, id, now }))) return false;
      await x.run(event, { accountId, id, status: kind, detail, now });
      return true;
    },
    async ownerOf(id) {
      const r = await x.get<{ account_id: string; customer_id: string | null; channel: string; to_address: string; status: string }>(
        q.owner,
        { id },
      );
      return (
        r && {
          accountId: r.account_id,
          customerId: r.customer_id,
          channel: r.channel as ChannelId,
          to: r.to_address,
          status: r.status as MessageStatus,
        }
      );
    },
    async markBounced(accountId, id, detail, now) {
      if (await x.run(q.bounced, { accountId, id, detail, now })) await x.run(event, { accountId, id, status: 'bounced', detail, now });
    },
    async addEvent(accountId, id, status, detail, now) {
      return (await x.run(q.eventIfOwned, { accountId, id, status, detail, now })) > 0;
    },
    async touchesOf(accountId, customerId, from, to, limit) {
      type Row = {
        id: string;
        source: string;
        source_id: string | null;
        channel: string;
        clicked_at: string | Date | null;
        delivered_at: string | Date | null;
      };
      const rows = await x.all<Row>(q.touches, { accountId, customerId, from, to, limit });
      return rows.map((r) => ({
        messageId: r.id,
        source: r.source,
        sourceId: r.source_id,
        channel: r.channel as ChannelId,
        clickedAt: iso(r.clicked_at),
        deliveredAt: iso(r.delivered_at),
      }));
    },
    async attributionWindowDays(accountId) {
      return Number((await x.get<{ days: number }>(q.window, { accountId }))?.days ?? DEFAULT_MESSAGING_SETTINGS.attributionWindowDays);
    },
    async attribute(a) {
      return (await x.run(q.attribute, a)) > 0;
    },
    async byProviderId(accountId, providerMessageId) {
      const row = await x.get<MessageRow>(q.byProviderId, { accountId, providerMessageId });
      return row ? toSummary(row) : undefined;
    },
    async recordProviderStatus(accountId, id, status, detail, now) {
      let changed = false;
      if (status === 'delivered' || status === 'read') {
        // A read receipt before (or instead of) the delivery report: it was delivered.
        if ((await x.run(q.delivered, { accountId, id, now })) > 0) {
          changed = true;
          await x.run(q.eventOnce, { accountId, id, status: 'delivered', detail: status === 'delivered' ? detail : null, now });
        }
        if (status === 'read') changed = (await x.run(q.eventOnce, { accountId, id, status: 'read', detail, now })) > 0 || changed;
      } else if (status === 'failed') {
        if ((await x.run(q.providerFailed, { accountId, id, error: detail ?? 'failed', now })) > 0) {
          changed = true;
          await x.run(q.eventOnce, { accountId, id, status: 'failed', detail, now });
        }
      }
      const current = await x.get<{ status: string }>(q.statusOf, { accountId, id });
      return { changed, status: (current?.status ?? 'failed') as MessageStatus };
    },
  };
}
