import type { MergeContextPort, ShopFacts, ShopperFacts } from '../crm/messaging/templates/merge-context.port.ts';
import type { SqlDatabase } from './sql/database.ts';
import { sqlOf } from './sql/dialect.ts';
import { query } from './sql/executor.ts';

// The shop and shopper facts of a message's merge fields (crm/messaging/templates/merge-context.port.ts):
// each a lookup by key (account, customer), newest order and reward through their per-customer indexes.

const q = {
  // The account's oldest active store names the shop; without one, the account itself.
  shop: query(`SELECT a.name AS "accountName", a.currency AS "accountCurrency", c.name AS "storeName", c.platform, c.domain,
      c.currency AS "storeCurrency", c.country, s.default_language AS "language"
    FROM accounts a LEFT JOIN connections c ON c.account_id = a.id AND c.status = 'active'
      LEFT JOIN messaging_settings s ON s.account_id = a.id
    WHERE a.id = :accountId ORDER BY c.created_at LIMIT 1`),
  customer: query(`SELECT email, phone, first_name AS "firstName", last_name AS "lastName", locale FROM customers
    WHERE account_id = :accountId AND id = :customerId`),
  latestOrder: query(`SELECT name FROM orders WHERE account_id = :accountId AND customer_id = :customerId AND name IS NOT NULL
    ORDER BY placed_at DESC LIMIT 1`),
  latestReward:
    query(`SELECT code, reward FROM redemptions WHERE account_id = :accountId AND customer_id = :customerId AND status = 'issued'
    ORDER BY created_at DESC LIMIT 1`),
  // A page of shoppers in one statement: each one's newest order and reward through the same per-customer indexes.
  shoppers: query(
    (d) => `SELECT c.id, c.email, c.phone, c.first_name AS "firstName", c.last_name AS "lastName", c.locale,
      (SELECT o.name FROM orders o WHERE o.account_id = c.account_id AND o.customer_id = c.id AND o.name IS NOT NULL
        ORDER BY o.placed_at DESC LIMIT 1) AS "latestOrderNumber",
      (SELECT r.code FROM redemptions r WHERE r.account_id = c.account_id AND r.customer_id = c.id AND r.status = 'issued'
        ORDER BY r.created_at DESC LIMIT 1) AS "rewardCode",
      (SELECT r.reward FROM redemptions r WHERE r.account_id = c.account_id AND r.customer_id = c.id AND r.status = 'issued'
        ORDER BY r.created_at DESC LIMIT 1) AS "reward"
    FROM customers c WHERE c.account_id = :accountId AND c.id ${sqlOf(d).inArray('customerIds')}`,
  ),
};

type ShopRow = {
  accountName: string;
  accountCurrency: string;
  storeName: string | null;
  platform: 'shopify' | 'woocommerce' | null;
  domain: string | null;
  storeCurrency: string | null;
  country: string | null;
  language: string | null;
};

export function createMergeContextQuery(database: SqlDatabase): MergeContextPort {
  const x = database.x;
  return {
    async shop(accountId): Promise<ShopFacts | null> {
      const row = await x.get<ShopRow>(q.shop, { accountId });
      if (!row) return null;
      const siteUrl = !row.domain ? null : row.platform === 'shopify' ? `https://${row.domain}/` : row.domain;
      return {
        name: row.storeName ?? row.accountName,
        currency: row.storeCurrency ?? row.accountCurrency,
        country: row.country,
        siteUrl,
        language: row.language,
      };
    },
    async shopper(accountId, customerId): Promise<ShopperFacts | null> {
      type CustomerRow = Pick<ShopperFacts, 'email' | 'phone' | 'firstName' | 'lastName' | 'locale'>;
      const customer = await x.get<CustomerRow>(q.customer, {
        accountId,
        customerId,
      });
      if (!customer) return null;
      const order = await x.get<{ name: string }>(q.latestOrder, { accountId, customerId });
      const reward = await x.get<{ code: string; reward: string }>(q.latestReward, { accountId, customerId });
      return {
        ...customer,
        latestOrderNumber: order?.name ?? null,
        latestReward: reward ? { code: reward.code, title: (JSON.parse(reward.reward) as { name: string }).name } : null,
      };
    },
    async shoppers(accountId, customerIds) {
      const out = new Map<string, ShopperFacts>();
      if (!customerIds.length) return out;
      type Row = Omit<ShopperFacts, 'latestReward'> & { id: string; rewardCode: string | null; reward: string | null };
      for (const { id, rewardCode, reward, ...r } of await x.all<Row>(q.shoppers, { accountId, customerIds }))
        out.set(id, {
          ...r,
          latestReward: rewardCode && reward ? { code: rewardCode, title: (JSON.parse(reward) as { name: string }).name } : null,
        });
      return out;
    },
  };
}
