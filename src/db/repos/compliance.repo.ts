import { and, asc, eq, inArray, isNull, like, or, sql } from 'drizzle-orm';
import type { ComplianceRepo, ErasureKey } from '../../crm/store.port.ts';
import { hmacSha256 } from '../../lib/crypto.ts';
import type { Db } from '../client.ts';
import {
  addresses, connections, customerIdentities, customerNotes, customers, customerTags, dataRequests, lineItems, orders, refunds,
  customerConsents, loyaltyMembers, pointsLedger, redemptions, referrals, timelineEvents, webhookInbox,
} from '../schema/index.ts';

// The account is in the hash: one person erased in two accounts leaves unrelated rows.
const tombstoneHash = (tombstoneKey: Buffer, accountId: string, k: ErasureKey) =>
  hmacSha256(tombstoneKey, [accountId, k.kind, k.kind === 'customer_id' ? k.connectionId : '', k.value].join('\n'), 'base64');
const INSERT_TOMBSTONE = `INSERT INTO erasure_tombstones (account_id, key_hash, kind, created_at)
    VALUES (?, ?, ?, ?) ON CONFLICT (account_id, key_hash) DO NOTHING`;

/**
 * Tombstones for people erased before tombstones existed (databases older than migration 0013):
 * each redacted profile's platform customer ids, which erasure keeps. Their emails and phones are
 * gone, so those cannot be tombstoned; the ids are what later deliveries carry. Idempotent; the
 * runtime runs it once per database. Returns how many keys it wrote.
 */
export function backfillErasureTombstones(db: Db, tombstoneKey: Buffer, at: string): number {
  const rows = db.$client.prepare(`SELECT c.account_id AS accountId, i.connection_id AS connectionId, i.external_id AS externalId
    FROM customers c JOIN customer_identities i ON i.customer_id = c.id
    WHERE c.redacted_at IS NOT NULL AND i.external_id NOT LIKE 'guest:%'`).all() as Array<{ accountId: string; connectionId: string; externalId: string }>;
  const insert = db.$client.prepare(INSERT_TOMBSTONE);
  let n = 0;
  for (const r of rows) {
    n += insert.run(r.accountId, tombstoneHash(tombstoneKey, r.accountId, { kind: 'customer_id', connectionId: r.connectionId, value: r.externalId }), 'customer_id', at).changes;
  }
  return n;
}

/** `tombstoneKey` keys the hashes of erased ids, emails and phones: the table alone reveals none of them. */
export function complianceRepo(db: Db, tombstoneKey: Buffer, options: { onErased?: () => void } = {}): ComplianceRepo {
  const hashOf = (accountId: string, k: ErasureKey) => tombstoneHash(tombstoneKey, accountId, k);
  const insertTombstone = db.$client.prepare(INSERT_TOMBSTONE);
  // Runs for every order and customer delivery: at most a few keys, one index probe each.
  const anyTombstone = db.$client.prepare(`SELECT 1 FROM erasure_tombstones WHERE account_id = ? AND key_hash IN (SELECT value FROM json_each(?)) LIMIT 1`).pluck();
  // Compact JSON, whatever spacing the platform used: erasures are rare, a scan of the store's inbox is fine.
  const compact = `replace(replace(replace(body, ' ', ''), char(10), ''), char(13), '')`;
  const scrub = {
    digits: db.$client.prepare(`UPDATE webhook_inbox SET body = NULL WHERE connection_id = @connectionId AND body IS NOT NULL
      AND replace(replace(replace(replace(replace(body, ' ', ''), '-', ''), '(', ''), ')', ''), '.', '') LIKE @pattern`),
    customerId: db.$client.prepare(`UPDATE webhook_inbox SET body = NULL WHERE connection_id = @connectionId AND body IS NOT NULL
      AND EXISTS (SELECT 1 FROM json_each(@ids) WHERE ${compact} LIKE json_each.value)`),
  };
  const erased = () => options.onErased?.();
  return {
    async addTombstones(accountId, keys, at) {
      for (const k of keys) insertTombstone.run(accountId, hashOf(accountId, k), k.kind, at);
    },
    async isErased(accountId, keys) {
      if (!keys.length) return false;
      return anyTombstone.get(accountId, JSON.stringify(keys.map((k) => hashOf(accountId, k)))) !== undefined;
    },
    async findCustomers(connectionId, ref) {
      const conds = [];
      if (ref.externalId) conds.push(eq(customerIdentities.externalId, ref.externalId));
      if (ref.email) conds.push(sql`lower(${customerIdentities.email}) = ${ref.email}`, eq(customerIdentities.externalId, `guest:${ref.email}`));
      if (ref.phone) conds.push(eq(customerIdentities.phone, ref.phone), eq(customerIdentities.externalId, `guest:${ref.phone}`));
      if (!conds.length) return [];
      const ids = db.selectDistinct({ id: customerIdentities.customerId }).from(customerIdentities)
        .where(and(eq(customerIdentities.connectionId, connectionId), or(...conds))).all().map((r) => r.id);
      if (ref.email) {
        // Some records hold only an email (orders of a since-deleted customer).
        for (const r of db.selectDistinct({ id: orders.customerId }).from(orders)
          .where(and(eq(orders.connectionId, connectionId), sql`lower(${orders.email}) = ${ref.email}`)).all()) {
          if (r.id) ids.push(r.id);
        }
      }
      return [...new Set(ids)];
    },
    async exportCustomer(customerId) {
      const profile = db.select().from(customers).where(eq(customers.id, customerId)).get();
      return {
        profile,
        identities: db.select().from(customerIdentities).where(eq(customerIdentities.customerId, customerId)).all(),
        addresses: db.select().from(addresses).where(eq(addresses.customerId, customerId)).all(),
        tags: db.select().from(customerTags).where(eq(customerTags.customerId, customerId)).all().map((t) => t.tag),
        notes: db.select().from(customerNotes).where(eq(customerNotes.customerId, customerId)).all(),
        orders: db.select().from(orders).where(eq(orders.customerId, customerId)).all(),
        loyalty: db.select().from(loyaltyMembers).where(eq(loyaltyMembers.customerId, customerId)).get() ?? null,
        marketingConsents: db.select().from(customerConsents).where(eq(customerConsents.customerId, customerId)).all(),
        pointsLedger: db.select().from(pointsLedger).where(eq(pointsLedger.customerId, customerId)).orderBy(asc(pointsLedger.id)).all(),
        redemptions: db.select().from(redemptions).where(eq(redemptions.customerId, customerId)).all(),
        referrals: db.select().from(referrals).where(or(eq(referrals.advocateId, customerId), eq(referrals.friendId, customerId))).all(),
        timeline: db.select().from(timelineEvents).where(eq(timelineEvents.customerId, customerId)).orderBy(asc(timelineEvents.id)).all(),
      };
    },
    async saveDataRequest(row) {
      db.insert(dataRequests).values(row).onConflictDoNothing().run();
    },
    async markDataRequestFulfilled(accountId, id, at) {
      return db.update(dataRequests).set({ fulfilledAt: at })
        .where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.id, id), isNull(dataRequests.fulfilledAt))).run().changes > 0
        || db.select({ id: dataRequests.id }).from(dataRequests).where(and(eq(dataRequests.accountId, accountId), eq(dataRequests.id, id))).get() !== undefined;
    },
    async redactCustomer(customerId, at) {
      erased();
      db.update(customers).set({
        email: null, emailKey: null, phone: null, firstName: null, lastName: null, locale: null, searchText: '', redactedAt: at, updatedAt: at,
      }).where(eq(customers.id, customerId)).run();
      db.update(customerIdentities).set({ email: null, phone: null, phoneRaw: null, firstName: null, lastName: null })
        .where(eq(customerIdentities.customerId, customerId)).run();
      // Guest identities are keyed by the email or phone itself.
      db.run(sql`UPDATE ${customerIdentities} SET external_id = 'guest:redacted:' || id
                 WHERE customer_id = ${customerId} AND external_id LIKE 'guest:%'`);
      db.delete(addresses).where(eq(addresses.customerId, customerId)).run();
      db.delete(customerNotes).where(eq(customerNotes.customerId, customerId)).run();
      db.update(orders).set({ email: null, phone: null }).where(eq(orders.customerId, customerId)).run();
      db.update(loyaltyMembers).set({ birthday: null, birthdaySetByShopperAt: null }).where(eq(loyaltyMembers.customerId, customerId)).run();
      db.delete(customerConsents).where(eq(customerConsents.customerId, customerId)).run();
      db.update(referrals).set({ friendEmail: null, friendPhone: null }).where(eq(referrals.friendId, customerId)).run();
      // Staff notes are deleted above; their excerpts on the timeline go with them.
      db.update(timelineEvents).set({ data: '{}' }).where(and(eq(timelineEvents.customerId, customerId), eq(timelineEvents.kind, 'note_added'))).run();
    },
    async redactOrders(connectionId, orderExternalIds) {
      if (!orderExternalIds.length) return;
      erased();
      db.update(orders).set({ email: null, phone: null })
        .where(and(eq(orders.connectionId, connectionId), inArray(orders.externalId, orderExternalIds))).run();
    },
    async scrubInbox(connectionId, needles, customerIds = []) {
      erased();
      let n = 0;
      for (const needle of needles) {
        const pattern = `%${needle.replace(/[%_]/g, '')}%`;
        n += db.update(webhookInbox).set({ body: null })
          .where(and(eq(webhookInbox.connectionId, connectionId), like(webhookInbox.body, pattern))).run().changes;
        db.delete(dataRequests).where(and(eq(dataRequests.connectionId, connectionId), like(dataRequests.export, pattern))).run();
        // The same phone written another way ("0300-1234567", "+92 300 1234567"): its last nine digits.
        const digits = /^[\d\s()+.-]+$/.test(needle) ? needle.replace(/\D/g, '').slice(-9) : '';
        if (digits.length === 9) n += scrub.digits.run({ connectionId, pattern: `%${digits}%` }).changes;
      }
      // Deliveries that name the customer only by id (an order of theirs with the email left out).
      for (const id of customerIds) {
        if (!/^\d+$/.test(id)) continue;
        n += scrub.customerId.run({ connectionId, ids: JSON.stringify([`%"customer":{"id":${id},%`, `%"customer_id":${id},%`, `%"customer_id":${id}}%`, `{"id":${id},%`]) }).changes;
      }
      return n;
    },
    async eraseConnection(connectionId) {
      const conn = db.select().from(connections).where(eq(connections.id, connectionId)).get();
      if (!conn) return;
      erased();
      const affected = db.selectDistinct({ id: customerIdentities.customerId }).from(customerIdentities)
        .where(eq(customerIdentities.connectionId, connectionId)).all().map((r) => r.id);
      db.delete(refunds).where(eq(refunds.connectionId, connectionId)).run();
      db.delete(lineItems).where(inArray(lineItems.orderId, db.select({ id: orders.id }).from(orders).where(eq(orders.connectionId, connectionId)))).run();
      db.delete(orders).where(eq(orders.connectionId, connectionId)).run();
      db.delete(customerIdentities).where(eq(customerIdentities.connectionId, connectionId)).run();
      db.delete(addresses).where(eq(addresses.connectionId, connectionId)).run();
      db.delete(customerTags).where(eq(customerTags.source, connectionId)).run();
      db.delete(dataRequests).where(eq(dataRequests.connectionId, connectionId)).run();
      // Profiles that belonged only to this store go entirely.
      for (const id of affected) {
        const left = db.select({ id: customerIdentities.id }).from(customerIdentities).where(eq(customerIdentities.customerId, id)).get();
        if (!left) {
          db.delete(timelineEvents).where(eq(timelineEvents.customerId, id)).run();
          db.delete(customers).where(eq(customers.id, id)).run();
        }
      }
      db.delete(webhookInbox).where(eq(webhookInbox.connectionId, connectionId)).run();
      db.update(connections).set({
        status: 'uninstalled', uninstalledAt: conn.uninstalledAt ?? new Date().toISOString(), accessTokenEnc: null, apiKeyEnc: null, apiSecretEnc: null,
      }).where(eq(connections.id, connectionId)).run();
    },
  };
}

