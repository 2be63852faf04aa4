import type { Audience, Campaign, CampaignStatus, FrequencyCap, Variant } from '../../crm/campaigns/campaign.ts';
import type { AudienceMember, CampaignsRepo } from '../../crm/campaigns/campaigns.port.ts';
import { filterConditions } from '../queries/customers.query.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query, queryCache, type Executor } from '../sql/executor.ts';

// crm's CampaignsRepo on either database (schema/campaigns.ts). The audience is walked in customer
// id order: a segment's kept members by its primary key (segment_id, customer_id), a filter's
// customers by the customers' primary key; comparison and order use the same collation, so the
// keyset is exact on both databases. Cancelling withdraws the queued messages through
// `messages_source_status`.

type CampaignRow = {
  id: string;
  account_id: string;
  name: string;
  status: string;
  channel: string;
  audience: string;
  variants: string;
  holdout_percent: number;
  window_opens: number | null;
  window_closes: number | null;
  send_at: string | null;
  cursor: string | null;
  recipients: number;
  queued: number;
  skipped: number;
  holdout: number;
  attribution_days: number;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
};

const toCampaign = (r: CampaignRow): Campaign => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  status: r.status as CampaignStatus,
  channel: r.channel,
  audience: JSON.parse(r.audience) as Audience,
  variants: JSON.parse(r.variants) as Variant[],
  holdoutPercent: Number(r.holdout_percent),
  window: r.window_opens === null || r.window_closes === null ? null : { opens: Number(r.window_opens), closes: Number(r.window_closes) },
  sendAt: r.send_at,
  cursor: r.cursor,
  counts: { recipients: Number(r.recipients), queued: Number(r.queued), skipped: Number(r.skipped), holdout: Number(r.holdout) },
  attributionDays: Number(r.attribution_days),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

const q = {
  insert: query(`INSERT INTO campaigns (id, account_id, name, status, channel, audience, variants, holdout_percent, window_opens,
      window_closes, send_at, cursor, recipients, queued, skipped, holdout, attribution_days, created_at, updated_at)
    VALUES (:id, :accountId, :name, :status, :channel, :audience, :variants, :holdoutPercent, :windowOpens, :windowCloses, :sendAt,
      NULL, 0, 0, 0, 0, :attributionDays, :now, :now)`),
  get: query('SELECT * FROM campaigns WHERE account_id = :accountId AND id = :id'),
  list: query(`SELECT * FROM campaigns WHERE account_id = :accountId
    AND (created_at < :afterCreated OR (created_at = :afterCreated AND id < :afterId))
    ORDER BY created_at DESC, id DESC LIMIT :limit`),
  listFirst: query('SELECT * FROM campaigns WHERE account_id = :accountId ORDER BY created_at DESC, id DESC LIMIT :limit'),
  updateDraft: query(
    (d) => `UPDATE campaigns SET name = :name, channel = :channel, audience = :audience, variants = :variants,
      holdout_percent = :holdoutPercent, window_opens = :windowOpens, window_closes = :windowCloses, send_at = :sendAt,
      attribution_days = :attributionDays, updated_at = :now
    WHERE account_id = :accountId AND id = :id AND status ${sqlOf(d).inArray('from')}`,
  ),
  setStatus: query(
    (d) => `UPDATE campaigns SET status = :to, updated_at = :now,
      send_at = CASE WHEN :setSendAt = 1 THEN ${d === 'pg' ? 'CAST(:sendAt AS timestamptz)' : ':sendAt'} ELSE send_at END,
      started_at = coalesce(started_at, ${d === 'pg' ? 'CAST(:startedAt AS timestamptz)' : ':startedAt'}),
      finished_at = coalesce(${d === 'pg' ? 'CAST(:finishedAt AS timestamptz)' : ':finishedAt'}, finished_at)
    WHERE account_id = :accountId AND id = :id AND status ${sqlOf(d).inArray('from')}`,
  ),
  due: query(`SELECT account_id AS "accountId", id FROM campaigns
    WHERE status = 'sending' OR (status = 'scheduled' AND send_at <= :now) ORDER BY send_at, id LIMIT :limit`),
  hold: query(
    (d) => `SELECT id FROM campaigns
    WHERE account_id = :accountId AND id = :id AND status = 'sending'${d === 'pg' ? ' FOR UPDATE' : ''}`,
  ),
  segmentPage: query(`SELECT c.id AS "customerId", c.email, c.phone,
      (SELECT a.country_code FROM addresses a WHERE a.customer_id = c.id ORDER BY a.last_used_at DESC LIMIT 1) AS country
    FROM segment_members m JOIN customers c ON c.id = m.customer_id
    WHERE m.segment_id = :segmentId AND m.account_id = :accountId AND m.customer_id > :after AND c.redacted_at IS NULL
    ORDER BY m.customer_id LIMIT :limit`),
  marketingSince: query(
    (d) => `SELECT customer_id AS "customerId", count(*) AS n FROM messages
    WHERE customer_id ${sqlOf(d).inArray('customerIds')} AND queued_at >= :since AND account_id = :accountId AND purpose = 'marketing'
      AND status NOT IN ('suppressed', 'failed') AND (source_id IS NULL OR source_id <> :campaignId)
    GROUP BY customer_id`,
  ),
  cap: query('SELECT cap_messages AS messages, cap_days AS days FROM campaign_settings WHERE account_id = :accountId'),
  setCap: query(`INSERT INTO campaign_settings (account_id, cap_messages, cap_days, updated_at) VALUES (:accountId, :messages, :days, :now)
    ON CONFLICT (account_id) DO UPDATE SET cap_messages = excluded.cap_messages, cap_days = excluded.cap_days, updated_at = excluded.updated_at`),
  recipient:
    query(`INSERT INTO campaign_recipients (campaign_id, customer_id, account_id, group_key, outcome, reason, message_id, send_at, created_at)
    VALUES (:campaignId, :customerId, :accountId, :group, :outcome, :reason, :messageId, :sendAt, :createdAt)
    ON CONFLICT (campaign_id, customer_id) DO NOTHING`),
  advance: query(`UPDATE campaigns SET cursor = :cursor, recipients = recipients + :recipients, queued = queued + :queued,
      skipped = skipped + :skipped, holdout = holdout + :holdout, updated_at = :now
    WHERE account_id = :accountId AND id = :id`),
  // Two statements, one unit: the events of the messages about to be withdrawn, then the withdrawal.
  withdrawEvents: query(
    (d) => `INSERT INTO message_events (account_id, message_id, status, detail, occurred_at)
    SELECT account_id, id, 'suppressed', 'cancelled', ${d === 'pg' ? 'CAST(:now AS timestamptz)' : ':now'} FROM messages
    WHERE source_id = :id AND status = 'queued' AND account_id = :accountId AND source = 'campaign'`,
  ),
  withdraw: query(`UPDATE messages SET status = 'suppressed', error = 'cancelled', updated_at = :now
    WHERE source_id = :id AND status = 'queued' AND account_id = :accountId AND source = 'campaign'`),
};

const filterPage = queryCache();

export function campaignsRepo(x: Executor): CampaignsRepo {
  const d = x.dialect;
  return {
    async insert(c) {
      await x.run(q.insert, {
        ...c,
        audience: JSON.stringify(c.audience),
        variants: JSON.stringify(c.variants),
        windowOpens: c.window?.opens ?? null,
        windowCloses: c.window?.closes ?? null,
        now: c.createdAt,
      });
    },
    async get(accountId, id) {
      const row = await x.get<CampaignRow>(q.get, { accountId, id });
      return row && toCampaign(row);
    },
    async list(accountId, after, limit) {
      const rows = after
        ? await x.all<CampaignRow>(q.list, { accountId, afterCreated: after.createdAt, afterId: after.id, limit })
        : await x.all<CampaignRow>(q.listFirst, { accountId, limit });
      return rows.map(toCampaign);
    },
    async updateDraft(accountId, id, draft, from, now) {
      const changed = await x.run(q.updateDraft, {
        ...draft,
        accountId,
        id,
        from,
        now,
        audience: JSON.stringify(draft.audience),
        variants: JSON.stringify(draft.variants),
        windowOpens: draft.window?.opens ?? null,
        windowCloses: draft.window?.closes ?? null,
      });
      return changed > 0;
    },
    async setStatus(accountId, id, from, to, now, times = {}) {
      const changed = await x.run(q.setStatus, {
        accountId,
        id,
        from,
        to,
        now,
        setSendAt: times.sendAt !== undefined ? 1 : 0,
        sendAt: times.sendAt ?? null,
        startedAt: times.startedAt ?? null,
        finishedAt: times.finishedAt ?? null,
      });
      return changed > 0;
    },
    due: (now, limit) => x.all(q.due, { now, limit }),
    async holdSending(accountId, id) {
      return (await x.get(q.hold, { accountId, id })) !== undefined;
    },
    async audiencePage(accountId, audience, after, limit) {
      if (audience.kind === 'segment')
        return x.all<AudienceMember>(q.segmentPage, { accountId, segmentId: audience.segmentId, after: after ?? '', limit });
      // The keyset walks the primary key (SQLite must not take an account index and sort the whole account per page).
      const params: Record<string, unknown> = { accountId, after: after ?? '', limit };
      const conditions = filterConditions(audience.filters, d, params);
      const text = `SELECT customers.id AS "customerId", customers.email, customers.phone,
          (SELECT a.country_code FROM addresses a WHERE a.customer_id = customers.id ORDER BY a.last_used_at DESC LIMIT 1) AS country
        FROM customers WHERE ${sqlOf(d).unindexed('customers.account_id')} = :accountId AND customers.id > :after
          AND customers.redacted_at IS NULL
        ${conditions.map((c) => `AND ${c}`).join(' ')}
        ORDER BY customers.id LIMIT :limit`;
      return x.all<AudienceMember>(filterPage(text), params);
    },
    async marketingSince(accountId, customerIds, since, campaignId) {
      const out = new Map<string, number>();
      if (!customerIds.length) return out;
      for (const r of await x.all<{ customerId: string; n: number }>(q.marketingSince, { accountId, customerIds, since, campaignId }))
        out.set(r.customerId, Number(r.n));
      return out;
    },
    async frequencyCap(accountId): Promise<FrequencyCap> {
      const r = await x.get<{ messages: number | null; days: number | null }>(q.cap, { accountId });
      return r?.messages && r.days ? { messages: Number(r.messages), days: Number(r.days) } : null;
    },
    async setFrequencyCap(accountId, cap, now) {
      await x.run(q.setCap, { accountId, messages: cap?.messages ?? null, days: cap?.days ?? null, now });
    },
    async addRecipient(r) {
      return (await x.run(q.recipient, r)) > 0;
    },
    async advance(accountId, id, cursor, added, now) {
      await x.run(q.advance, { accountId, id, cursor, ...added, now });
    },
    async withdrawQueued(accountId, id, now) {
      await x.run(q.withdrawEvents, { accountId, id, now });
      return x.run(q.withdraw, { accountId, id, now });
    },
  };
}
