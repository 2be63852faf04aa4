import type {
  CampaignAudience,
  CampaignOrder,
  CampaignResults,
  PointsCampaign,
  PointsCampaignsRepo,
} from '../../crm/loyalty/points-campaigns.port.ts';
import { pointsCampaignOrders, pointsCampaigns } from '../schema/loyalty.ts';
import { query, type Executor } from '../sql/executor.ts';
import { insertInto } from '../sql/statements.ts';

// Points campaigns and the campaigns each order was awarded under. Reads by window go through
// points_campaigns_account_window (account, ends_at, starts_at): the campaigns not yet ended.

type Row = {
  id: string;
  account_id: string;
  name: string;
  preset: string | null;
  kind: PointsCampaign['kind'];
  multiplier: number;
  bonus_points: number;
  min_order_minor: number | null;
  currency: string;
  audience_type: CampaignAudience['type'];
  audience_id: string | null;
  starts_at: string;
  ends_at: string;
  time_zone: string;
  messages: string;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
};

const toCampaign = (r: Row): PointsCampaign => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  preset: r.preset,
  kind: r.kind,
  multiplier: r.multiplier,
  bonusPoints: r.bonus_points,
  minOrderMinor: r.min_order_minor,
  currency: r.currency,
  audience: r.audience_type === 'everyone' || !r.audience_id ? { type: 'everyone' } : { type: r.audience_type, id: r.audience_id },
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  timeZone: r.time_zone,
  messages: JSON.parse(r.messages) as PointsCampaign['messages'],
  cancelledAt: r.cancelled_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toParams = ({ audience, messages, ...c }: PointsCampaign) => ({
  ...c,
  audienceType: audience.type,
  audienceId: audience.type === 'everyone' ? null : audience.id,
  messages: JSON.stringify(messages),
});

type OrderRow = {
  campaign_id: string;
  order_id: string;
  account_id: string;
  customer_id: string;
  kind: PointsCampaign['kind'];
  multiplier: number;
  bonus_points: number;
  decided_at: string;
};
const toCampaignOrder = (r: OrderRow): CampaignOrder => ({
  campaignId: r.campaign_id,
  orderId: r.order_id,
  accountId: r.account_id,
  customerId: r.customer_id,
  kind: r.kind,
  multiplier: r.multiplier,
  bonusPoints: r.bonus_points,
  decidedAt: r.decided_at,
});

const q = {
  get: query('SELECT * FROM points_campaigns WHERE account_id = :accountId AND id = :id'),
  list: query('SELECT * FROM points_campaigns WHERE account_id = :accountId ORDER BY starts_at DESC, id'),
  insert: insertInto(pointsCampaigns),
  update: query(`UPDATE points_campaigns SET name = :name, preset = :preset, kind = :kind, multiplier = :multiplier,
      bonus_points = :bonusPoints, min_order_minor = :minOrderMinor, audience_type = :audienceType, audience_id = :audienceId,
      starts_at = :startsAt, ends_at = :endsAt, time_zone = :timeZone, messages = :messages, cancelled_at = :cancelledAt, updated_at = :updatedAt
    WHERE account_id = :accountId AND id = :id`),
  running: query(`SELECT * FROM points_campaigns WHERE account_id = :accountId AND ends_at > :at AND starts_at <= :at
    AND (cancelled_at IS NULL OR cancelled_at > :at) ORDER BY starts_at, id`),
  upcoming: query(`SELECT * FROM points_campaigns WHERE account_id = :accountId AND ends_at > :at AND cancelled_at IS NULL
    ORDER BY starts_at, id LIMIT :limit`),
  ordersOf: query('SELECT * FROM points_campaign_orders WHERE order_id = :orderId AND account_id = :accountId ORDER BY campaign_id'),
  record: insertInto(pointsCampaignOrders, { conflict: 'ignore' }),
  // Orders net of refunds, in the campaign's currency; points from the campaign's own ledger source.
  orders: query(`SELECT count(*) AS orders,
      CAST(coalesce(sum(CASE WHEN o.currency = :currency AND o.status != 'cancelled' THEN o.total_minor - o.refunded_minor ELSE 0 END), 0) AS bigint) AS revenue
    FROM points_campaign_orders co JOIN orders o ON o.id = co.order_id
    WHERE co.campaign_id = :campaignId AND co.account_id = :accountId`),
  points: query(`SELECT CAST(coalesce(sum(available_delta - forgiven), 0) AS bigint) AS available,
      CAST(coalesce(sum(pending_delta), 0) AS bigint) AS pending
    FROM points_ledger WHERE account_id = :accountId AND source_type = :sourceType`),
};

/** The ledger source type of a campaign's extra points (source id: the order). */
export const campaignSourceType = (campaignId: string) => `campaign:${campaignId}`;

export function pointsCampaignsRepo(x: Executor): PointsCampaignsRepo {
  return {
    async get(accountId, id) {
      const r = await x.get<Row>(q.get, { accountId, id });
      return r && toCampaign(r);
    },
    async list(accountId) {
      return (await x.all<Row>(q.list, { accountId })).map(toCampaign);
    },
    async insert(campaign) {
      await x.run(q.insert, toParams(campaign));
    },
    async update(campaign) {
      await x.run(q.update, toParams(campaign));
    },
    async runningAt(accountId, at) {
      return (await x.all<Row>(q.running, { accountId, at })).map(toCampaign);
    },
    async upcoming(accountId, at, limit) {
      return (await x.all<Row>(q.upcoming, { accountId, at, limit })).map(toCampaign);
    },
    async ordersOf(accountId, orderId) {
      return (await x.all<OrderRow>(q.ordersOf, { accountId, orderId })).map(toCampaignOrder);
    },
    async recordOrders(rows) {
      for (const row of rows) await x.run(q.record, row);
    },
    async results(accountId, campaignId, currency): Promise<CampaignResults> {
      const o = (await x.get<{ orders: number; revenue: number }>(q.orders, { accountId, campaignId, currency }))!;
      const p = (await x.get<{ available: number; pending: number }>(q.points, { accountId, sourceType: campaignSourceType(campaignId) }))!;
      return {
        orders: Number(o.orders),
        revenueMinor: Number(o.revenue),
        pointsAwarded: Number(p.available),
        pointsPending: Number(p.pending),
      };
    },
  };
}
