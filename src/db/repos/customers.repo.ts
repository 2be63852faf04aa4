import { getTableColumns } from 'drizzle-orm';
import type { CustomersRepo, CustomerRecord, IdentityRecord } from '../../crm/store.port.ts';
import { addresses, customerIdentities, customers } from '../schema/index.ts';
import { newId } from '../../lib/ids.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import { query, type Executor } from '../sql/executor.ts';
import { sqlOf } from '../sql/dialect.ts';
import { insertInto, patchUpdater, rowMapper, updateById } from '../sql/statements.ts';

function searchText(c: Pick<CustomerRecord, 'firstName' | 'lastName' | 'email' | 'phone'>): string {
  return [c.firstName, c.lastName, c.email, c.phone].filter(Boolean).join(' ').toLowerCase();
}

// Rows typed as the tables infer them: a record field without its column fails to compile here.
const toCustomer: (row: unknown) => CustomerRecord | undefined = rowMapper<typeof customers.$inferSelect>(customers);
const toIdentity: (row: unknown) => IdentityRecord | undefined = rowMapper<typeof customerIdentities.$inferSelect>(customerIdentities);
// What an identity update may change (its keys and owner account never do).
const identityColumns = Object.fromEntries(
  Object.entries(getTableColumns(customerIdentities))
    .filter(([key]) => !['id', 'accountId', 'connectionId', 'externalId', 'createdAt'].includes(key))
    .map(([key, c]) => [key, c.name]),
);

// A known address value is never replaced by an absent one: WooCommerce shipping addresses carry
// no phone, and must not wipe the billing phone of the same address.
const KEPT_ADDRESS_FIELDS = ['name', 'line1', 'line2', 'city', 'province', 'zip', 'countryCode', 'phone'] as const;
const addressColumns = getTableColumns(addresses);

// Rows that would collide with the survivor's own are left behind (and go with the merged profile):
// what SQLite's UPDATE OR IGNORE did, spelled so PostgreSQL runs it too.
const moveUnlessTaken = (table: string, key: string[]) =>
  query(`UPDATE ${table} SET customer_id = :intoId
  WHERE customer_id = :fromId AND NOT EXISTS (SELECT 1 FROM ${table} t2 WHERE t2.customer_id = :intoId${key.map((k) => ` AND t2.${k} = ${table}.${k}`).join('')})`);
const moveAll = (table: string, column = 'customer_id') => query(`UPDATE ${table} SET ${column} = :intoId WHERE ${column} = :fromId`);

const updateIdentity = patchUpdater('customer_identities', identityColumns, 'id = :id');
const q = {
  // These run several times for every order and customer webhook.
  identity: query('SELECT * FROM customer_identities WHERE connection_id = :connectionId AND external_id = :externalId'),
  byEmail: query(`SELECT * FROM customers WHERE account_id = :accountId AND redacted_at IS NULL AND email_key = :key AND id <> :except
    ORDER BY created_at LIMIT 1`),
  byPhone: query(`SELECT * FROM customers WHERE account_id = :accountId AND redacted_at IS NULL AND phone = :key AND id <> :except
    ORDER BY created_at LIMIT 1`),
  get: query('SELECT * FROM customers WHERE account_id = :accountId AND id = :id'),
  getById: query('SELECT * FROM customers WHERE id = :id'),
  insert: insertInto(customers),
  update: updateById(customers, ['accountId', 'createdAt']),
  insertIdentity: insertInto(customerIdentities),
  identitiesOf: query('SELECT * FROM customer_identities WHERE customer_id = :customerId'),
  upsertAddress: query(
    `${insertInto(addresses).text as string} ON CONFLICT (customer_id, fingerprint) DO UPDATE SET last_used_at = excluded.last_used_at, ${KEPT_ADDRESS_FIELDS.map(
      (k) => addressColumns[k].name,
    )
      .map((c) => `${c} = coalesce(excluded.${c}, addresses.${c})`)
      .join(', ')}`,
  ),
  tags: query('SELECT tag FROM customer_tags WHERE customer_id = :customerId'),
  deleteTags: query('DELETE FROM customer_tags WHERE customer_id = :customerId AND source = :source'),
  insertTag: query(
    'INSERT INTO customer_tags (account_id, customer_id, source, tag) VALUES (:accountId, :customerId, :source, :tag) ON CONFLICT DO NOTHING',
  ),
  // CAST: PostgreSQL sums bigint into numeric (read as text); SQLite's integer sum is unchanged.
  stats: query(
    (d) => `
    SELECT count(*) AS n,
           CAST(sum(CASE WHEN currency = :currency THEN ${sqlOf(d).greatest('total_minor - refunded_minor', '0')} ELSE 0 END) AS bigint) AS spent,
           min(placed_at) AS first, max(placed_at) AS last
    FROM orders WHERE customer_id = :customerId AND ${countedOrderSql()}`,
  ),
  setStats: query(`UPDATE customers SET orders_count = :n, amount_spent_minor = :spent, first_order_at = :first,
    last_order_at = :last, updated_at = :at WHERE id = :customerId`),
  delete: query('DELETE FROM customers WHERE id = :id'),
  merge: {
    identities: query(`UPDATE customer_identities SET customer_id = :intoId, linked_by = 'merge' WHERE customer_id = :fromId`),
    orders: moveAll('orders'),
    notes: moveAll('customer_notes'),
    addresses: moveUnlessTaken('addresses', ['fingerprint']),
    tags: moveUnlessTaken('customer_tags', ['source', 'tag']),
    // Unique on (account, dedupe key): moving a row never collides.
    timeline: moveAll('timeline_events'),
    // Loyalty history moves with the person; the survivor keeps its own membership (referral code, tier).
    ledger: moveAll('points_ledger'),
    awards: moveAll('order_awards'),
    redemptions: moveAll('redemptions'),
    advocate: moveAll('referrals', 'advocate_id'),
    friend: moveAll('referrals', 'friend_id'),
    member: moveUnlessTaken('loyalty_members', []),
    // A channel both profiles have keeps the survivor's decision; the other's goes with the profile.
    consents: moveUnlessTaken('customer_consents', ['channel']),
    messages: moveAll('messages'),
    // A campaign both profiles were expanded in keeps the survivor's row (the other's goes with the profile).
    campaignRecipients: moveUnlessTaken('campaign_recipients', ['campaign_id']),
    inbound: moveAll('inbound_messages'),
    cod: moveAll('cod_confirmations'),
    checkouts: moveAll('checkouts'),
    tickets: moveAll('tickets'),
    chained: query('UPDATE customer_merges SET into_id = :intoId WHERE into_id = :fromId'),
    record:
      query(`INSERT INTO customer_merges (from_id, into_id, account_id, reason, merged_at) VALUES (:fromId, :intoId, :accountId, :reason, :at)
      ON CONFLICT DO NOTHING`),
  },
};

export function customersRepo(x: Executor): CustomersRepo {
  return {
    findIdentity: (connectionId, externalId) => x.getAs(q.identity, { connectionId, externalId }, toIdentity),
    findByEmailKey: (accountId, key, exceptId) => x.getAs(q.byEmail, { accountId, key, except: exceptId ?? '' }, toCustomer),
    findByPhone: (accountId, key, exceptId) => x.getAs(q.byPhone, { accountId, key, except: exceptId ?? '' }, toCustomer),
    get: (accountId, id) => x.getAs(q.get, { accountId, id }, toCustomer),
    async insert(customer) {
      await x.run(q.insert, { ...customer, searchText: searchText(customer) });
    },
    async update(id, patch) {
      const current = toCustomer(await x.get(q.getById, { id }));
      if (!current) return;
      const next = { ...current, ...patch, id };
      await x.run(q.update, { ...next, searchText: searchText(next) });
    },
    async insertIdentity(identity) {
      await x.run(q.insertIdentity, identity);
    },
    async updateIdentity(id, patch) {
      const statement = updateIdentity(patch);
      if (statement) await x.run(statement, { ...patch, id });
    },
    async identitiesOf(customerId) {
      return (await x.all(q.identitiesOf, { customerId })).map((r) => toIdentity(r)!);
    },
    async merge(accountId, fromId, intoId, reason, at) {
      const ids = { fromId, intoId };
      for (const statement of Object.values(q.merge)) await x.run(statement, { ...ids, accountId, reason, at });
      await x.run(q.delete, { id: fromId });
      const into = toCustomer(await x.get(q.getById, { id: intoId }));
      if (into) await this.recomputeStats(intoId, into.currency, at);
    },
    async upsertAddress(accountId, customerId, connectionId, a, at) {
      await x.run(q.upsertAddress, { id: newId('adr'), accountId, customerId, connectionId, ...a, lastUsedAt: at });
    },
    async replaceTags(accountId, customerId, source, tags) {
      await x.run(q.deleteTags, { customerId, source });
      const unique = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
      for (const tag of unique) await x.run(q.insertTag, { accountId, customerId, source, tag });
    },
    async recomputeStats(customerId, currency, at) {
      // Cancelled, deleted (trashed) and test orders do not count; spend is net of refunds and
      // summed in the account's reporting currency.
      const row = (await x.get<{ n: number; spent: number | null; first: string | null; last: string | null }>(q.stats, {
        customerId,
        currency,
      }))!;
      await x.run(q.setStats, { customerId, n: row.n, spent: row.spent ?? 0, first: row.first, last: row.last, at });
    },
    async tagsOf(customerId) {
      return [...new Set((await x.all<{ tag: string }>(q.tags, { customerId })).map((t) => t.tag))];
    },
    async delete(customerId) {
      await x.run(q.delete, { id: customerId });
    },
  };
}
