import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { CustomersRepo, CustomerRecord, IdentityRecord } from '../../crm/store.port.ts';
import type { Db } from '../client.ts';
import { addresses, customerIdentities, customerMerges, customerNotes, customers, customerTags, orders, timelineEvents } from '../schema/index.ts';
import { newId } from '../../lib/ids.ts';

function searchText(c: Pick<CustomerRecord, 'firstName' | 'lastName' | 'email' | 'phone'>): string {
  return [c.firstName, c.lastName, c.email, c.phone].filter(Boolean).join(' ').toLowerCase();
}

export function customersRepo(db: Db): CustomersRepo {
  const notMerged = (accountId: string) => and(eq(customers.accountId, accountId), isNull(customers.redactedAt));
  return {
    async findIdentity(connectionId, externalId) {
      return db.select().from(customerIdentities)
        .where(and(eq(customerIdentities.connectionId, connectionId), eq(customerIdentities.externalId, externalId)))
        .get() as IdentityRecord | undefined;
    },
    async findByEmailKey(accountId, emailKey, exceptId) {
      return db.select().from(customers)
        .where(and(notMerged(accountId), eq(customers.emailKey, emailKey), exceptId ? ne(customers.id, exceptId) : undefined))
        .orderBy(customers.createdAt).get() as CustomerRecord | undefined;
    },
    async findByPhone(accountId, phone, exceptId) {
      return db.select().from(customers)
        .where(and(notMerged(accountId), eq(customers.phone, phone), exceptId ? ne(customers.id, exceptId) : undefined))
        .orderBy(customers.createdAt).get() as CustomerRecord | undefined;
    },
    async get(accountId, id) {
      return db.select().from(customers).where(and(eq(customers.accountId, accountId), eq(customers.id, id))).get() as CustomerRecord | undefined;
    },
    async insert(customer) {
      db.insert(customers).values({ ...customer, searchText: searchText(customer) }).run();
    },
    async update(id, patch) {
      const current = db.select().from(customers).where(eq(customers.id, id)).get();
      if (!current) return;
      const next = { ...current, ...patch };
      db.update(customers).set({ ...patch, searchText: searchText(next) }).where(eq(customers.id, id)).run();
    },
    async insertIdentity(identity) {
      db.insert(customerIdentities).values(identity).run();
    },
    async updateIdentity(id, patch) {
      db.update(customerIdentities).set(patch).where(eq(customerIdentities.id, id)).run();
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
      db.update(customerMerges).set({ intoId }).where(eq(customerMerges.intoId, fromId)).run();
      db.insert(customerMerges).values({ fromId, intoId, accountId, reason, mergedAt: at }).onConflictDoNothing().run();
      db.delete(customers).where(eq(customers.id, fromId)).run();
      await this.recomputeStats(intoId, (db.select({ c: customers.currency }).from(customers).where(eq(customers.id, intoId)).get())?.c ?? 'USD', at);
    },
    async upsertAddress(accountId, customerId, connectionId, a, at) {
      db.insert(addresses).values({ id: newId('adr'), accountId, customerId, connectionId, ...a, lastUsedAt: at })
        .onConflictDoUpdate({ target: [addresses.customerId, addresses.fingerprint], set: { lastUsedAt: at, name: a.name, phone: a.phone } })
        .run();
    },
    async replaceTags(accountId, customerId, source, tags) {
      db.delete(customerTags).where(and(eq(customerTags.customerId, customerId), eq(customerTags.source, source))).run();
      const unique = [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
      if (unique.length) db.insert(customerTags).values(unique.map((tag) => ({ accountId, customerId, source, tag }))).onConflictDoNothing().run();
    },
    async recomputeStats(customerId, reportingCurrency, at) {
      // Cancelled, deleted (trashed) and test orders do not count; spend is net of refunds and
      // summed in the account's reporting currency.
      const row = db.get<{ n: number; spent: number | null; first: string | null; last: string | null }>(sql`
        SELECT count(*) AS n,
               sum(CASE WHEN currency = ${reportingCurrency} THEN max(total_minor - refunded_minor, 0) ELSE 0 END) AS spent,
               min(placed_at) AS first, max(placed_at) AS last
        FROM ${orders}
        WHERE customer_id = ${customerId} AND cancelled_at IS NULL AND deleted_at IS NULL AND test = 0`);
      db.update(customers).set({
        ordersCount: row.n, amountSpentMinor: row.spent ?? 0, firstOrderAt: row.first, lastOrderAt: row.last, updatedAt: at,
      }).where(eq(customers.id, customerId)).run();
    },
    async delete(customerId) {
      db.delete(customers).where(eq(customers.id, customerId)).run();
    },
  };
}
