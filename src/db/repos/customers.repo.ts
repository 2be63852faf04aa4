import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import type { CustomersRepo, CustomerRecord, IdentityRecord } from '../../crm/store.port.ts';
import type { Db } from '../client.ts';
import { addresses, customerIdentities, customerMerges, customerNotes, customers, customerTags, orders, timelineEvents } from '../schema/index.ts';
import { newId } from '../../lib/ids.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import { bindable, patchUpdater, placeholders, rawInsert, rawUpdateById, rowMapper } from './prepared.ts';

function searchText(c: Pick<CustomerRecord, 'firstName' | 'lastName' | 'email' | 'phone'>): string {
  return [c.firstName, c.lastName, c.email, c.phone].filter(Boolean).join(' ').toLowerCase();
}

const p = sql.placeholder;

// Rows typed as the tables infer them: a record field without its column fails to compile here.
const toCustomer: (row: unknown) => CustomerRecord | undefined = rowMapper<typeof customers.$inferSelect>(customers);
const toIdentity: (row: unknown) => IdentityRecord | undefined = rowMapper<typeof customerIdentities.$inferSelect>(customerIdentities);
// What an identity update may change (its keys and owner account never do).
const identityColumns = Object.fromEntries(Object.entries(getTableColumns(customerIdentities))
  .filter(([key]) => !['id', 'accountId', 'connectionId', 'externalId', 'createdAt'].includes(key)).map(([key, c]) => [key, c.name]));

export function customersRepo(db: Db): CustomersRepo {
  // Statements on the webhook processing path, prepared once.
  const q = {
    // Raw statements: these run several times for every order and customer webhook.
    identity: db.$client.prepare('SELECT * FROM customer_identities WHERE connection_id = @connectionId AND external_id = @externalId'),
    byEmail: db.$client.prepare(`SELECT * FROM customers WHERE account_id = @accountId AND redacted_at IS NULL AND email_key = @key AND id <> @except
      ORDER BY created_at LIMIT 1`),
    byPhone: db.$client.prepare(`SELECT * FROM customers WHERE account_id = @accountId AND redacted_at IS NULL AND phone = @key AND id <> @except
      ORDER BY created_at LIMIT 1`),
    get: db.$client.prepare('SELECT * FROM customers WHERE account_id = @accountId AND id = @id'),
    getById: db.$client.prepare('SELECT * FROM customers WHERE id = @id'),
    insert: rawInsert(db.$client, customers),
    update: rawUpdateById(db.$client, customers, ['accountId', 'createdAt']),
    insertIdentity: rawInsert(db.$client, customerIdentities),
    updateIdentity: patchUpdater(db.$client, 'customer_identities', identityColumns, 'id = @id'),
    // A known value is never replaced by an absent one: WooCommerce shipping addresses carry no
    // phone, and must not wipe the billing phone of the same address.
    upsertAddress: db.insert(addresses).values(placeholders(addresses) as never)
      .onConflictDoUpdate({ target: [addresses.customerId, addresses.fingerprint], set: {
        lastUsedAt: p('lastUsedAt'),
        ...Object.fromEntries((['name', 'line1', 'line2', 'city', 'province', 'zip', 'countryCode', 'phone'] as const)
          .map((k) => [k, sql`coalesce(excluded.${sql.identifier(addresses[k].name)}, ${addresses[k]})`])),
      } as never })
      .prepare(),
    tags: db.select({ tag: customerTags.tag }).from(customerTags).where(eq(customerTags.customerId, p('customerId'))).prepare(),
    stats: db.$client.prepare(`
      SELECT count(*) AS n,
             sum(CASE WHEN currency = @currency THEN max(total_minor - refunded_minor, 0) ELSE 0 END) AS spent,
             min(placed_at) AS first, max(placed_at) AS last
      FROM orders WHERE customer_id = @customerId AND ${countedOrderSql()}`),
    setStats: db.$client.prepare(`UPDATE customers SET orders_count = @n, amount_spent_minor = @spent, first_order_at = @first,
      last_order_at = @last, updated_at = @at WHERE id = @customerId`),
  };

  return {
    async findIdentity(connectionId, externalId) {
      return toIdentity(q.identity.get({ connectionId, externalId }));
    },
    async findByEmailKey(accountId, key, exceptId) {
      return toCustomer(q.byEmail.get({ accountId, key, except: exceptId ?? '' }));
    },
    async findByPhone(accountId, key, exceptId) {
      return toCustomer(q.byPhone.get({ accountId, key, except: exceptId ?? '' }));
    },
    async get(accountId, id) {
      return toCustomer(q.get.get({ accountId, id }));
    },
    async insert(customer) {
      q.insert.run(bindable({ ...customer, searchText: searchText(customer) }));
    },
    async update(id, patch) {
      const current = toCustomer(q.getById.get({ id }));
      if (!current) return;
      const next = { ...current, ...patch, id };
      q.update.run(bindable({ ...next, searchText: searchText(next) }));
    },
    async insertIdentity(identity) {
      q.insertIdentity.run(bindable(identity));
    },
    async updateIdentity(id, patch) {
      q.updateIdentity(patch)?.run(bindable({ ...patch, id }));
    },
    async identitiesOf(customerId) {
      return db.select().from(customerIdentities).where(eq(customerIdentities.customerId, customerId)).all() as IdentityRecord[];
    },
    async merge(accountId, fromId, intoId, reason, at) {
      db.update(customerIdentities).set({ customerId: intoId, linkedBy: 'merge' }).where(eq(customerIdentities.customerId, fromId)).run();
      db.update(orders).set({ customerId: intoId }).where(eq(orders.customerId, fromId)).run();
      db.update(customerNotes).set({ customerId: intoId }).where(eq(customerNotes.customerId, fromId)).run();
      // Rows that would collide with the survivor's own (same address, tag, event) are dropped.
      db.run(sql`UPDATE OR IGNORE ${addresses} SET customer_id = ${intoId} WHERE customer_id = ${fromId}`);
      db.run(sql`UPDATE OR IGNORE ${customerTags} SET customer_id = ${intoId} WHERE customer_id = ${fromId}`);
      db.run(sql`UPDATE OR IGNORE ${timelineEvents} SET customer_id = ${intoId} WHERE customer_id = ${fromId}`);
      // Loyalty history moves with the person; the survivor keeps its own membership (referral code, tier).
      for (const table of ['points_ledger', 'order_awards', 'redemptions']) {
        db.$client.prepare(`UPDATE ${table} SET customer_id = ? WHERE customer_id = ?`).run(intoId, fromId);
      }
      db.$client.prepare('UPDATE referrals SET advocate_id = ? WHERE advocate_id = ?').run(intoId, fromId);
      db.$client.prepare('UPDATE referrals SET friend_id = ? WHERE friend_id = ?').run(intoId, fromId);
      db.$client.prepare('UPDATE OR IGNORE loyalty_members SET customer_id = ? WHERE customer_id = ?').run(intoId, fromId);
      // A channel both profiles have keeps the survivor's decision; the other's goes with the profile.
      db.$client.prepare('UPDATE OR IGNORE customer_consents SET customer_id = ? WHERE customer_id = ?').run(intoId, fromId);
      db.update(customerMerges).set({ intoId }).where(eq(customerMerges.intoId, fromId)).run();
      db.insert(customerMerges).values({ fromId, intoId, accountId, reason, mergedAt: at }).onConflictDoNothing().run();
      db.delete(customers).where(eq(customers.id, fromId)).run();
      const into = toCustomer(q.getById.get({ id: intoId }));
      if (into) await this.recomputeStats(intoId, into.currency, at);
    },
    async upsertAddress(accountId, customerId, connectionId, a, at) {
      q.upsertAddress.run(bindable({ id: newId('adr'), accountId, customerId, connectionId, ...a, lastUsedAt: at }));
    },
    async replaceTags(accountId, customerId, source, tags) {
      db.delete(customerTags).where(and(eq(customerTags.customerId, customerId), eq(customerTags.source, source))).run();
      const unique = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
      if (unique.length) db.insert(customerTags).values(unique.map((tag) => ({ accountId, customerId, source, tag }))).onConflictDoNothing().run();
    },
    async recomputeStats(customerId, currency, at) {
      // Cancelled, deleted (trashed) and test orders do not count; spend is net of refunds and
      // summed in the account's reporting currency.
      const row = q.stats.get({ customerId, currency }) as { n: number; spent: number | null; first: string | null; last: string | null };
      q.setStats.run({ customerId, n: row.n, spent: row.spent ?? 0, first: row.first, last: row.last, at });
    },
    async tagsOf(customerId) {
      return [...new Set((q.tags.all({ customerId }) as Array<{ tag: string }>).map((t) => t.tag))];
    },
    async delete(customerId) {
      db.delete(customers).where(eq(customers.id, customerId)).run();
    },
  };
}
