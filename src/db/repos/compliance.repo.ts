import { getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { ComplianceRepo, ErasureKey } from '../../crm/store.port.ts';
import { hmacSha256 } from '../../lib/crypto.ts';
import type { SqlDatabase } from '../sql/database.ts';
import {
  addresses,
  customerIdentities,
  customerNotes,
  customers,
  customerTags,
  orders,
  customerConsents,
  loyaltyMembers,
  pointsLedger,
  redemptions,
  referrals,
  timelineEvents,
} from '../schema/index.ts';
import { query, type Executor } from '../sql/executor.ts';
import { sqlOf } from '../sql/dialect.ts';
import { rowMapper } from '../sql/statements.ts';

// The account is in the hash: one person erased in two accounts leaves unrelated rows.
const tombstoneHash = (tombstoneKey: Buffer, accountId: string, k: ErasureKey) =>
  hmacSha256(tombstoneKey, [accountId, k.kind, k.kind === 'customer_id' ? k.connectionId : '', k.value].join('\n'), 'base64');

/**
 * Tombstones for people erased before tombstones existed (databases older than migration 0013):
 * each redacted profile's platform customer ids, which erasure keeps. Their emails and phones are
 * gone, so those cannot be tombstoned; the ids are what later deliveries carry. Idempotent, one
 * unit of work, on either database (erasures on PostgreSQL always wrote their tombstones, so
 * there it adds none); the runtime runs it once per database. Returns how many keys it wrote.
 */
export async function backfillErasureTombstones(database: SqlDatabase, tombstoneKey: Buffer, at: string): Promise<number> {
  return database.transaction(async (x) => {
    const rows = await x.all<{ accountId: string; connectionId: string; externalId: string }>(q.redactedIdentities);
    let n = 0;
    for (const r of rows) {
      const hash = tombstoneHash(tombstoneKey, r.accountId, { kind: 'customer_id', connectionId: r.connectionId, value: r.externalId });
      n += await x.run(q.insertTombstone, { accountId: r.accountId, hash, kind: 'customer_id', at });
    }
    return n;
  });
}

// The export: each table's rows as records (property names), as drizzle's select gave them.
const exported = (table: SQLiteTable, where: string, order = '') => ({
  q: query(`SELECT * FROM ${getTableName(table)} WHERE ${where}${order}`),
  map: rowMapper<Record<string, unknown>>(table),
});
const exports = {
  profile: exported(customers, 'id = :customerId'),
  identities: exported(customerIdentities, 'customer_id = :customerId'),
  addresses: exported(addresses, 'customer_id = :customerId'),
  tags: exported(customerTags, 'customer_id = :customerId'),
  notes: exported(customerNotes, 'customer_id = :customerId'),
  orders: exported(orders, 'customer_id = :customerId'),
  loyalty: exported(loyaltyMembers, 'customer_id = :customerId'),
  marketingConsents: exported(customerConsents, 'customer_id = :customerId'),
  pointsLedger: exported(pointsLedger, 'customer_id = :customerId', ' ORDER BY id'),
  redemptions: exported(redemptions, 'customer_id = :customerId'),
  referrals: exported(referrals, 'advocate_id = :customerId OR friend_id = :customerId'),
  timeline: exported(timelineEvents, 'customer_id = :customerId', ' ORDER BY id'),
};

// Compact JSON, whatever spacing the platform used: erasures are rare, a scan of the store's inbox is fine.
const compact = (d: Parameters<typeof sqlOf>[0]) =>
  `replace(replace(replace(body, ' ', ''), ${sqlOf(d).chr(10)}, ''), ${sqlOf(d).chr(13)}, '')`;
const q = {
  redactedIdentities: query(`SELECT c.account_id AS "accountId", i.connection_id AS "connectionId", i.external_id AS "externalId"
    FROM customers c JOIN customer_identities i ON i.customer_id = c.id
    WHERE c.redacted_at IS NOT NULL AND i.external_id NOT LIKE 'guest:%'`),
  insertTombstone: query(`INSERT INTO erasure_tombstones (account_id, key_hash, kind, created_at)
    VALUES (:accountId, :hash, :kind, :at) ON CONFLICT (account_id, key_hash) DO NOTHING`),
  // Runs for every order and customer delivery: at most a few keys, one index probe each.
  anyTombstone: query(
    (d) => `SELECT 1 AS found FROM erasure_tombstones WHERE account_id = :accountId AND key_hash ${sqlOf(d).inArray('hashes')} LIMIT 1`,
  ),
  // Absent references are null, and null matches nothing.
  identitiesOf: query(`SELECT DISTINCT customer_id AS id FROM customer_identities WHERE connection_id = :connectionId
    AND (external_id = :externalId OR lower(email) = :email OR external_id = :guestEmail OR phone = :phone OR external_id = :guestPhone)`),
  // Some records hold only an email (orders of a since-deleted customer).
  ordersByEmail: query('SELECT DISTINCT customer_id AS id FROM orders WHERE connection_id = :connectionId AND lower(email) = :email'),
  // Contacts no store knows (started by the service inbox from an email or a WhatsApp number).
  contactsOnly: query(`SELECT c.id FROM customers c JOIN connections k ON k.account_id = c.account_id AND k.id = :connectionId
    WHERE ((c.email_key = :email AND :email IS NOT NULL) OR (c.phone = :phone AND :phone IS NOT NULL))
      AND NOT EXISTS (SELECT 1 FROM customer_identities i WHERE i.customer_id = c.id)`),
  saveDataRequest: query(`INSERT INTO data_requests (id, account_id, connection_id, external_request_id, export, created_at)
    VALUES (:id, :accountId, :connectionId, :externalRequestId, :export, :createdAt) ON CONFLICT DO NOTHING`),
  fulfil: query('UPDATE data_requests SET fulfilled_at = :at WHERE account_id = :accountId AND id = :id AND fulfilled_at IS NULL'),
  dataRequest: query('SELECT id FROM data_requests WHERE account_id = :accountId AND id = :id'),
  redact: [
    query(`UPDATE customers SET email = NULL, email_key = NULL, phone = NULL, first_name = NULL, last_name = NULL, locale = NULL,
      search_text = '', redacted_at = :at, updated_at = :at WHERE id = :customerId`),
    query(
      'UPDATE customer_identities SET email = NULL, phone = NULL, phone_raw = NULL, first_name = NULL, last_name = NULL WHERE customer_id = :customerId',
    ),
    // Guest identities are keyed by the email or phone itself.
    query(
      (d) => `UPDATE customer_identities SET external_id = 'guest:redacted:' || id
      WHERE customer_id = :customerId AND external_id ${sqlOf(d).ilike} 'guest:%'`,
    ),
    query('DELETE FROM addresses WHERE customer_id = :customerId'),
    query('DELETE FROM customer_notes WHERE customer_id = :customerId'),
    query('UPDATE orders SET email = NULL, phone = NULL WHERE customer_id = :customerId'),
    query('UPDATE loyalty_members SET birthday = NULL, birthday_set_by_shopper_at = NULL WHERE customer_id = :customerId'),
    query('DELETE FROM customer_consents WHERE customer_id = :customerId'),
    query('UPDATE referrals SET friend_email = NULL, friend_phone = NULL WHERE friend_id = :customerId'),
    // Staff notes are deleted above; their excerpts on the timeline go with them.
    query(`UPDATE timeline_events SET data = '{}' WHERE customer_id = :customerId AND kind = 'note_added'`),
    // Messages hold the address and what was written to the person (bodies and events cascade).
    query('DELETE FROM messages WHERE customer_id = :customerId'),
    query(`UPDATE timeline_events SET data = '{}' WHERE customer_id = :customerId AND subject_type = 'message'`),
    // What the person wrote to the shop (WhatsApp replies), and its excerpts on the timeline.
    query('DELETE FROM inbound_messages WHERE customer_id = :customerId'),
    // Support tickets: what the person wrote and was answered (messages, attachments, tags cascade).
    query('DELETE FROM tickets WHERE customer_id = :customerId'),
    query(`UPDATE timeline_events SET data = '{}' WHERE customer_id = :customerId AND subject_type IN ('ticket', 'ticket_message')`),
    // COD confirmations keep their outcome (the RTO report) but not the phone.
    query(`UPDATE cod_confirmations SET phone = '' WHERE customer_id = :customerId`),
    // Checkouts keep their outcome (the flow's figures) but not the cart or its recovery link.
    query(`UPDATE checkouts SET recovery_url = NULL, items = '[]', due_at = NULL WHERE customer_id = :customerId`),
    query(`UPDATE timeline_events SET data = '{}' WHERE customer_id = :customerId AND subject_type = 'inbound_message'`),
  ],
  redactOrders: query(
    (d) => `UPDATE orders SET email = NULL, phone = NULL WHERE connection_id = :connectionId AND external_id ${sqlOf(d).inArray('ids')}`,
  ),
  scrub: {
    needle: query((d) => `UPDATE webhook_inbox SET body = NULL WHERE connection_id = :connectionId AND body ${sqlOf(d).ilike} :pattern`),
    exports: query((d) => `DELETE FROM data_requests WHERE connection_id = :connectionId AND export ${sqlOf(d).ilike} :pattern`),
    digits: query(
      (d) => `UPDATE webhook_inbox SET body = NULL WHERE connection_id = :connectionId AND body IS NOT NULL
      AND replace(replace(replace(replace(replace(body, ' ', ''), '-', ''), '(', ''), ')', ''), '.', '') ${sqlOf(d).ilike} :pattern`,
    ),
    customerId: query(
      (d) => `UPDATE webhook_inbox SET body = NULL WHERE connection_id = :connectionId AND body IS NOT NULL
      AND EXISTS (SELECT 1 FROM ${sqlOf(d).eachValue('ids', 'j')} WHERE ${compact(d)} ${sqlOf(d).ilike} j.value)`,
    ),
  },
  connection: query('SELECT id FROM connections WHERE id = :connectionId'),
  affected: query('SELECT DISTINCT customer_id AS id FROM customer_identities WHERE connection_id = :connectionId'),
  eraseConnection: [
    query('DELETE FROM refunds WHERE connection_id = :connectionId'),
    query('DELETE FROM line_items WHERE order_id IN (SELECT id FROM orders WHERE connection_id = :connectionId)'),
    query('DELETE FROM orders WHERE connection_id = :connectionId'),
    query('DELETE FROM customer_identities WHERE connection_id = :connectionId'),
    query('DELETE FROM addresses WHERE connection_id = :connectionId'),
    query('DELETE FROM customer_tags WHERE source = :connectionId'),
    query('DELETE FROM data_requests WHERE connection_id = :connectionId'),
    // The store's catalogue goes with it (shop/redact: everything the shop gave us).
    query('DELETE FROM product_variants WHERE connection_id = :connectionId'),
    query('DELETE FROM products WHERE connection_id = :connectionId'),
  ],
  anyIdentity: query('SELECT id FROM customer_identities WHERE customer_id = :customerId LIMIT 1'),
  dropProfile: [
    query('DELETE FROM timeline_events WHERE customer_id = :customerId'),
    query('DELETE FROM customers WHERE id = :customerId'),
  ],
  dropInbox: query('DELETE FROM webhook_inbox WHERE connection_id = :connectionId'),
  uninstalled: query(`UPDATE connections SET status = 'uninstalled', uninstalled_at = coalesce(uninstalled_at, :now),
    access_token_enc = NULL, api_key_enc = NULL, api_secret_enc = NULL WHERE id = :connectionId`),
};

/** `tombstoneKey` keys the hashes of erased ids, emails and phones: the table alone reveals none of them. */
export function complianceRepo(x: Executor, tombstoneKey: Buffer, options: { onErased?: () => void } = {}): ComplianceRepo {
  const hashOf = (accountId: string, k: ErasureKey) => tombstoneHash(tombstoneKey, accountId, k);
  const erased = () => options.onErased?.();
  const ids = (rows: Array<{ id: string | null }>) => rows.map((r) => r.id);
  return {
    async addTombstones(accountId, keys, at) {
      for (const k of keys) await x.run(q.insertTombstone, { accountId, hash: hashOf(accountId, k), kind: k.kind, at });
    },
    async isErased(accountId, keys) {
      if (!keys.length) return false;
      return (await x.get(q.anyTombstone, { accountId, hashes: keys.map((k) => hashOf(accountId, k)) })) !== undefined;
    },
    async findCustomers(connectionId, ref) {
      if (!ref.externalId && !ref.email && !ref.phone) return [];
      const found = ids(
        await x.all(q.identitiesOf, {
          connectionId,
          externalId: ref.externalId || null,
          email: ref.email || null,
          guestEmail: ref.email ? `guest:${ref.email}` : null,
          phone: ref.phone || null,
          guestPhone: ref.phone ? `guest:${ref.phone}` : null,
        }),
      );
      if (ref.email) for (const id of ids(await x.all(q.ordersByEmail, { connectionId, email: ref.email }))) if (id) found.push(id);
      for (const id of ids(await x.all(q.contactsOnly, { connectionId, email: ref.email || null, phone: ref.phone || null })))
        found.push(id);
      return [...new Set(found)] as string[];
    },
    async exportCustomer(customerId) {
      const rows = async (e: (typeof exports)[keyof typeof exports]) => (await x.all(e.q, { customerId })).map((r) => e.map(r)!);
      return {
        profile: (await rows(exports.profile))[0],
        identities: await rows(exports.identities),
        addresses: await rows(exports.addresses),
        tags: (await rows(exports.tags)).map((t) => t.tag),
        notes: await rows(exports.notes),
        orders: await rows(exports.orders),
        loyalty: (await rows(exports.loyalty))[0] ?? null,
        marketingConsents: await rows(exports.marketingConsents),
        pointsLedger: await rows(exports.pointsLedger),
        redemptions: await rows(exports.redemptions),
        referrals: await rows(exports.referrals),
        timeline: await rows(exports.timeline),
      };
    },
    async saveDataRequest(row) {
      await x.run(q.saveDataRequest, row);
    },
    async markDataRequestFulfilled(accountId, id, at) {
      return (await x.run(q.fulfil, { accountId, id, at })) > 0 || (await x.get(q.dataRequest, { accountId, id })) !== undefined;
    },
    async redactCustomer(customerId, at) {
      erased();
      for (const statement of q.redact) await x.run(statement, { customerId, at });
    },
    async redactOrders(connectionId, orderExternalIds) {
      if (!orderExternalIds.length) return;
      erased();
      await x.run(q.redactOrders, { connectionId, ids: orderExternalIds });
    },
    async scrubInbox(connectionId, needles, customerIds = []) {
      erased();
      let n = 0;
      for (const needle of needles) {
        const pattern = `%${needle.replace(/[%_]/g, '')}%`;
        n += await x.run(q.scrub.needle, { connectionId, pattern });
        await x.run(q.scrub.exports, { connectionId, pattern });
        // The same phone written another way ("0300-1234567", "+92 300 1234567"): its last nine digits.
        const digits = /^[\d\s()+.-]+$/.test(needle) ? needle.replace(/\D/g, '').slice(-9) : '';
        if (digits.length === 9) n += await x.run(q.scrub.digits, { connectionId, pattern: `%${digits}%` });
      }
      // Deliveries that name the customer only by id (an order of theirs with the email left out).
      for (const id of customerIds) {
        if (!/^\d+$/.test(id)) continue;
        n += await x.run(q.scrub.customerId, {
          connectionId,
          ids: [`%"customer":{"id":${id},%`, `%"customer_id":${id},%`, `%"customer_id":${id}}%`, `{"id":${id},%`],
        });
      }
      return n;
    },
    async eraseConnection(connectionId) {
      if (!(await x.get(q.connection, { connectionId }))) return;
      erased();
      const affected = ids(await x.all(q.affected, { connectionId })) as string[];
      for (const statement of q.eraseConnection) await x.run(statement, { connectionId });
      // Profiles that belonged only to this store go entirely.
      for (const customerId of affected) {
        if (!(await x.get(q.anyIdentity, { customerId }))) for (const statement of q.dropProfile) await x.run(statement, { customerId });
      }
      await x.run(q.dropInbox, { connectionId });
      await x.run(q.uninstalled, { connectionId, now: new Date().toISOString() });
    },
  };
}
