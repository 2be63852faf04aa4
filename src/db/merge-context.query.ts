import type { MergeContextPort, ShopFacts, ShopperFacts } from '../crm/messaging/templates/merge-context.port.ts';
import type { SqlDatabase } from './sql/database.ts';
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
  };
}
