import type { AudienceSize, CampaignQueriesPort, RecipientRow, ReportFacts } from '../../crm/campaigns/campaign-queries.port.ts';
import type { RecipientOutcome } from '../../crm/campaigns/campaign.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import { campaignsRepo } from '../repos/campaigns.repo.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { query, queryCache } from '../sql/executor.ts';
import { filterConditions } from './customers.query.ts';

// The admin's read model of campaigns on either database. The report's statements each start
// from the campaign's recipients (their primary key) and reach messages by id, events by
// (message_id, id) and orders by (customer_id, placed_at): a campaign's size, never the account's.

// The audience's size: the same rows as the send's expansion (campaigns.repo.ts audiencePage), counted.
const sizeColumns = (c: string) => `count(*) AS customers,
  sum(CASE WHEN ${c}.email IS NOT NULL AND ${c}.email <> '' THEN 1 ELSE 0 END) AS "withEmail",
  sum(CASE WHEN ${c}.phone IS NOT NULL AND ${c}.phone <> '' THEN 1 ELSE 0 END) AS "withPhone"`;
const filterSize = queryCache();

const q = {
  segment: query('SELECT id FROM segments WHERE id = :segmentId AND account_id = :accountId'),
  segmentSize: query(`SELECT ${sizeColumns('c')} FROM segment_members m JOIN customers c ON c.id = m.customer_id
    WHERE m.segment_id = :segmentId AND m.account_id = :accountId AND c.redacted_at IS NULL`),
  recipients: query(`SELECT r.customer_id AS "customerId", trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '')) AS name,
      c.email, r.group_key AS "group", r.outcome, r.reason, r.message_id AS "messageId", m.status AS "messageStatus", r.send_at AS "sendAt"
    FROM campaign_recipients r JOIN customers c ON c.id = r.customer_id LEFT JOIN messages m ON m.id = r.message_id
    WHERE r.campaign_id = :id AND r.account_id = :accountId AND r.customer_id > :after AND (:group = '' OR r.group_key = :group)
    ORDER BY r.customer_id LIMIT :limit`),
  currency: query('SELECT currency FROM accounts WHERE id = :accountId'),
  outcomes: query(`SELECT group_key AS "group", outcome, reason, count(*) AS n FROM campaign_recipients
    WHERE campaign_id = :id AND account_id = :accountId GROUP BY group_key, outcome, reason`),
  messages: query(`SELECT r.group_key AS "group", m.status, count(*) AS n
    FROM campaign_recipients r JOIN messages m ON m.id = r.message_id
    WHERE r.campaign_id = :id AND r.account_id = :accountId GROUP BY r.group_key, m.status`),
  events: query(`SELECT r.group_key AS "group", e.status, count(DISTINCT e.message_id) AS n
    FROM campaign_recipients r JOIN message_events e ON e.message_id = r.message_id
    WHERE r.campaign_id = :id AND r.account_id = :accountId AND e.status IN ('opened', 'clicked', 'unsubscribed')
    GROUP BY r.group_key, e.status`),
  conversions: query(`SELECT r.group_key AS "group", count(DISTINCT o.customer_id) AS customers, count(*) AS orders,
      CAST(coalesce(sum(CASE WHEN o.currency = :currency THEN o.total_minor ELSE 0 END), 0) AS bigint) AS "revenueMinor"
    FROM campaign_recipients r JOIN orders o ON o.customer_id = r.customer_id AND o.placed_at >= :from AND o.placed_at < :to
      AND o.account_id = r.account_id AND ${countedOrderSql('o')}
    WHERE r.campaign_id = :id AND r.account_id = :accountId AND r.group_key IS NOT NULL GROUP BY r.group_key`),
};

export function createCampaignQueries(database: SqlDatabase): CampaignQueriesPort {
  const x = database.x;
  const repo = campaignsRepo(x);
  return {
    list: (accountId, after, limit) => repo.list(accountId, after, limit),
    get: (accountId, id) => repo.get(accountId, id),
    recipients: (accountId, id, filter, after, limit) =>
      x.all<RecipientRow>(q.recipients, { accountId, id, group: filter.group ?? '', after: after ?? '', limit }),
    async audienceSize(accountId, audience): Promise<AudienceSize | null> {
      type Row = { customers: number | string | null; withEmail: number | string | null; withPhone: number | string | null };
      let row: Row | undefined;
      if (audience.kind === 'segment') {
        if (!(await x.get(q.segment, { accountId, segmentId: audience.segmentId }))) return null;
        row = await x.get<Row>(q.segmentSize, { accountId, segmentId: audience.segmentId });
      } else {
        const params: Record<string, unknown> = { accountId };
        const conditions = filterConditions(audience.filters, x.dialect, params);
        const text = `SELECT ${sizeColumns('customers')} FROM customers WHERE customers.account_id = :accountId AND customers.redacted_at IS NULL
          ${conditions.map((c) => `AND ${c}`).join(' ')}`;
        row = await x.get<Row>(filterSize(text), params);
      }
      // PostgreSQL answers count() as bigint text, and sum() over no rows as null.
      return { customers: Number(row?.customers ?? 0), withEmail: Number(row?.withEmail ?? 0), withPhone: Number(row?.withPhone ?? 0) };
    },
    async reportFacts(accountId, id, window): Promise<ReportFacts> {
      const currency = (await x.get<{ currency: string }>(q.currency, { accountId }))?.currency ?? 'USD';
      const params = { accountId, id, currency, ...window };
      const num = <T extends Record<string, unknown>>(rows: T[], keys: (keyof T)[]) =>
        rows.map((r) => ({ ...r, ...Object.fromEntries(keys.map((k) => [k, Number(r[k])])) }));
      return {
        currency,
        recipients: num(
          await x.all<{ group: string | null; outcome: RecipientOutcome; reason: string | null; n: number }>(q.outcomes, params),
          ['n'],
        ),
        messages: num(await x.all<{ group: string; status: string; n: number }>(q.messages, params), ['n']),
        events: num(await x.all<{ group: string; status: string; n: number }>(q.events, params), ['n']),
        conversions: num(await x.all<{ group: string; customers: number; orders: number; revenueMinor: number }>(q.conversions, params), [
          'customers',
          'orders',
          'revenueMinor',
        ]),
      };
    },
  };
}
