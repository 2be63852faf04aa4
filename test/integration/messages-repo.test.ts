import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactCustomer } from '../../src/crm/compliance/compliance.service.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import type { NewMessage } from '../../src/crm/messaging/messages.port.ts';
import { queueMessage } from '../../src/crm/messaging/messages.service.ts';
import { createMessageQueries } from '../../src/db/read-models.ts';
import { customer } from '../helpers/canonical.ts';
import { STORES, type StoreHarness } from '../helpers/stores.ts';

// The message queue on both databases: idempotency keys, claims (disjoint when senders race on
// PostgreSQL, taken again once a lease lapses), outcomes with their events, and the admin's pages.

const T0 = Date.parse('2026-05-01T09:00:00.000Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`messages (${kind.name})`, () => {
    let h: StoreHarness;
    let accountId: string;
    let otherAccount: string;
    let customerId: string;
    let n = 0;

    const message = (over: Partial<NewMessage> = {}): NewMessage => ({
      accountId,
      customerId,
      channel: 'email',
      purpose: 'marketing',
      source: 'test',
      sourceId: null,
      idempotencyKey: `k${++n}`,
      to: 'Ayesha@Example.pk',
      language: 'ur',
      dir: 'rtl',
      subject: 'عید مبارک',
      html: '<p dir="rtl">عید مبارک</p>',
      text: 'عید مبارک',
      ...over,
    });
    const queue = (m: NewMessage, now = at(0)) => h.store.transaction((r) => queueMessage(r, m, now));
    const claim = (now: string, limit = 50, leaseSeconds = 300) =>
      h.store.transaction((r) => r.messages.claimDue(now, new Date(Date.parse(now) + leaseSeconds * 1000).toISOString(), limit));

    beforeAll(async () => {
      h = await kind.open();
      accountId = await h.account('Messages', 'PKR');
      otherAccount = await h.account('Other shop', 'PKR');
      const shop = await h.connection(accountId, { platform: 'shopify', domain: `msg-${kind.name}.myshopify.com`, currency: 'PKR' });
      await applyEvent(h.store, shop, { type: 'customer.upserted', customer: customer('m1', { email: 'ayesha@example.pk' }) });
      customerId = (await h.rows<{ id: string }>('SELECT id FROM customers WHERE account_id = :accountId', { accountId }))[0]!.id;
    });
    afterAll(() => h.close());

    it('queues a key once per account, keeping the address as it is compared', async () => {
      const first = await queue(message({ idempotencyKey: 'campaign:1:c1' }));
      const again = await queue(message({ idempotencyKey: 'campaign:1:c1', subject: 'changed' }));
      const elsewhere = await queue(message({ accountId: otherAccount, customerId: null, idempotencyKey: 'campaign:1:c1' }));
      expect(first.outcome).toBe('queued');
      expect(again).toEqual({ outcome: 'duplicate', id: first.id });
      expect(elsewhere.outcome).toBe('queued');
      const rows = await h.rows<{ subject: string; to_address: string }>(
        'SELECT subject, to_address FROM messages WHERE account_id = :accountId AND idempotency_key = :key',
        { accountId, key: 'campaign:1:c1' },
      );
      expect(rows).toEqual([{ subject: 'عید مبارک', to_address: 'ayesha@example.pk' }]);
      // Drained, so the next cases start from an empty queue.
      for (const m of await claim(at(1)))
        await h.store.transaction((r) => r.messages.markSent(m.accountId, m.id, { provider: 'outbox', providerMessageId: m.id }, at(1)));
    });

    it('claims due messages once, with their bodies, and again after the lease lapses', async () => {
      const { id } = await queue(message(), at(10));
      expect(await claim(at(5))).toEqual([]); // not due yet
      const [claimed] = await claim(at(10));
      expect(claimed).toMatchObject({
        id,
        status: 'sending',
        attempts: 1,
        dir: 'rtl',
        html: '<p dir="rtl">عید مبارک</p>',
        text: 'عید مبارک',
      });
      expect(await claim(at(20))).toEqual([]); // leased
      const [retaken] = await claim(at(10 + 301));
      expect(retaken).toMatchObject({ id, attempts: 2 });
      await h.store.transaction((r) => r.messages.markFailed(accountId, id, '421 try later', at(400), at(320)));
      expect(await claim(at(399))).toEqual([]);
      const [third] = await claim(at(400));
      expect(third).toMatchObject({ id, attempts: 3, error: '421 try later' });
      await h.store.transaction((r) => r.messages.markSent(accountId, id, { provider: 'smtp', providerMessageId: '<x@shop>' }, at(401)));
      const detail = await createMessageQueries(h.database).get(accountId, id);
      expect(detail).toMatchObject({ status: 'sent', provider: 'smtp', providerMessageId: '<x@shop>', error: null, sentAt: at(401) });
      expect(detail!.events.map((e) => e.status)).toEqual(['queued', 'sending', 'sending', 'queued', 'sending', 'sent']);
      expect(await createMessageQueries(h.database).get(otherAccount, id)).toBeUndefined();
    });

    it.skipIf(kind.name !== 'pg')('gives each of several racing senders different messages', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 30; i++) ids.add((await queue(message(), at(500))).id);
      const claims = await Promise.all([1, 2, 3].map(() => claim(at(600), 10)));
      const taken = claims.flat().map((m) => m.id);
      expect(new Set(taken).size).toBe(taken.length);
      expect(taken.length).toBe(30);
      for (const m of claims.flat())
        await h.store.transaction((r) => r.messages.markSuppressed(accountId, m.id, 'not_subscribed', at(601)));
    });

    it('keeps suppressed addresses per account and channel', async () => {
      await h.store.transaction((r) => r.messages.suppressAddress(accountId, 'email', 'gone@example.pk', 'bounce', at(0)));
      const check = (account: string, channel: 'email' | 'sms', address: string) =>
        h.store.transaction((r) => r.messages.isSuppressed(account, channel, address));
      expect(await check(accountId, 'email', 'gone@example.pk')).toBe(true);
      expect(await check(accountId, 'sms', 'gone@example.pk')).toBe(false);
      expect(await check(otherAccount, 'email', 'gone@example.pk')).toBe(false);
    });

    it('moves messages with a merge and deletes them with an erasure', async () => {
      const shop = (await h.rows<{ id: string }>('SELECT id FROM connections WHERE account_id = :accountId', { accountId }))[0]!.id;
      await applyEvent(h.store, shop, { type: 'customer.upserted', customer: customer('dup', { email: 'dup@example.pk' }) });
      const dup = (await h.store.transaction((r) => r.customers.findIdentity(shop, 'dup')))!.customerId;
      const { id } = await queue(message({ customerId: dup, to: 'dup@example.pk' }));
      await h.store.transaction((r) => r.customers.merge(accountId, dup, customerId, 'same person', at(2000)));
      const owner = async () =>
        (await h.rows<{ customer_id: string }>('SELECT customer_id FROM messages WHERE id = :id', { id }))[0]?.customer_id;
      expect(await owner()).toBe(customerId);

      const connection = (await h.store.transaction((r) => r.connections.get(shop)))!;
      await applyEvent(h.store, shop, { type: 'customer.upserted', customer: customer('gone', { email: 'gone@example.pk' }) });
      const gone = (await h.store.transaction((r) => r.customers.findIdentity(shop, 'gone')))!.customerId;
      const erased = await queue(message({ customerId: gone, to: 'gone@example.pk' }));
      await h.store.transaction((r) =>
        redactCustomer(r, connection, { externalId: 'gone', email: 'gone@example.pk', phone: null }, [], at(2001)),
      );
      for (const table of ['messages', 'message_bodies', 'message_events'])
        expect(await h.rows(`SELECT 1 FROM ${table} WHERE ${table === 'messages' ? 'id' : 'message_id'} = :id`, { id: erased.id })).toEqual(
          [],
        );
    });

    it('lists newest first in keyset pages, filtered, without bodies', async () => {
      const queries = createMessageQueries(h.database);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await queue(message({ purpose: i % 2 ? 'transactional' : 'marketing' }), at(1000 + i))).id);
      await h.store.transaction((r) => r.messages.markSuppressed(accountId, ids[1]!, 'not_subscribed', at(1010)));
      const first = await queries.list(accountId, { customerId }, null, 2);
      expect(first.messages.map((m) => m.id)).toEqual([ids[4], ids[3]]);
      expect(first.messages[0]).not.toHaveProperty('html');
      const second = await queries.list(accountId, { customerId }, first.next, 2);
      expect(second.messages.map((m) => m.id)).toEqual([ids[2], ids[1]]);
      const suppressed = await queries.list(accountId, { status: 'suppressed', channel: 'email' }, null, 50);
      expect(suppressed.messages.map((m) => m.id)).toContain(ids[1]);
      expect(suppressed.messages.every((m) => m.status === 'suppressed')).toBe(true);
      expect((await queries.list(accountId, { channel: 'whatsapp' }, null, 50)).messages).toEqual([]);
      expect((await queries.list(otherAccount, { customerId }, null, 50)).messages).toEqual([]);
    });
  });
}
