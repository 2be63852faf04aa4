import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';
import { purgeInbox } from '../../src/jobs/inbox-retention.job.ts';

// Raw bodies hold personal data: processed deliveries are deleted after INBOX_RETENTION_HOURS,
// dead letters after INBOX_DEAD_RETENTION_HOURS, and the dedupe keys live in their own table for
// 7 days, so a retry of a delivery whose body is gone is still dropped.

const SHOP = 'retention-test.myshopify.com';
const HOUR = 3_600_000;
let server: TestServer;
let connectionId: string;
let accountId: string;

const rows = (where = '1 = 1') => sql(server).count(`SELECT count(*) AS n FROM webhook_inbox WHERE ${where}`);
const keys = () => sql(server).count('SELECT count(*) AS n FROM webhook_dedupe');
const later = (hours: number) => new Date(Date.now() + hours * HOUR);
const purge = (hours: number, batch?: number) =>
  purgeInbox({ inbox: server.runtime.inbox, config: server.runtime.config, batch }, later(hours));

async function deliver(topic: string, body: string, eventId: string) {
  const res = await postShopify(server.url, { topic, shop: SHOP, body, eventId });
  expect(res.status).toBe(200);
  return ((await res.json()) as { duplicate: boolean }).duplicate;
}

beforeAll(async () => {
  server = await startTestServer({ INBOX_RETENTION_HOURS: '72', INBOX_DEAD_RETENTION_HOURS: '720' });
  accountId = await server.runtime.tenancy.createAccount('Retention Bazaar', 'USD');
  connectionId = (
    await server.runtime.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'USD', country: 'PK' })
  ).id;
});
afterAll(() => server.close());

describe('inbox retention', () => {
  it('keeps processed deliveries for the retention period, then deletes them (bodies included)', async () => {
    expect(await deliver('collections/update', '{"id": 1, "title": "Kurta", "buyer": "ayesha@example.pk"}', 'evt-done')).toBe(false);
    expect(await deliver('orders/create', '{"hello": "world"}', 'evt-dead')).toBe(false); // dead-lettered: no created_at
    await server.drain();
    expect([await rows(`status = 'ignored'`), await rows(`status = 'dead'`)]).toEqual([1, 1]);

    expect(await purge(71)).toBe(0);
    expect(await purge(73)).toBe(1);
    expect(await rows(`body LIKE '%ayesha@example.pk%'`)).toBe(0);
    expect([await rows(`status = 'ignored'`), await rows(`status = 'dead'`)]).toEqual([0, 1]); // dead letters are kept longer
  });

  it('still drops a retry of a delivery whose body was deleted', async () => {
    const before = await rows();
    expect(await deliver('collections/update', '{"id": 1, "title": "Kurta", "buyer": "ayesha@example.pk"}', 'evt-done')).toBe(true);
    expect(await rows()).toBe(before);
  });

  it('forgets dedupe keys after 7 days and dead letters after their own period', async () => {
    expect(await keys()).toBe(2);
    await purge(24 * 7 + 1);
    expect(await keys()).toBe(0);
    expect(await rows(`status = 'dead'`)).toBe(1);
    await purge(721);
    expect(await rows()).toBe(0);
  });

  it('deletes in batches until nothing is due, and leaves pending and recent deliveries alone', async () => {
    const at = new Date().toISOString();
    for (let i = 0; i < 250; i++) {
      await server.runtime.inbox.accept(
        {
          accountId,
          connectionId,
          platform: 'shopify',
          topic: 'collections/update',
          dedupeKey: `batch:${i}`,
          body: '{"id": 1}',
          triggeredAt: null,
        },
        at,
      );
    }
    await server.drain(); // all 250 ignored (unknown topic)
    await server.runtime.inbox.accept(
      {
        accountId,
        connectionId,
        platform: 'shopify',
        topic: 'collections/update',
        dedupeKey: 'still-pending',
        body: '{"id": 1}',
        triggeredAt: null,
      },
      at,
    );
    // A delivery waiting for its retry. Set after the worker is done with it: on PostgreSQL the
    // woken worker can take it before an update in the same tick lands.
    await server.drain();
    await sql(server).run(
      `UPDATE webhook_inbox SET status = 'pending', attempts = 1, next_attempt_at = '2999-01-01T00:00:00.000Z', processed_at = NULL,
        claimed_by = NULL, claim_expires_at = NULL WHERE dedupe_key = 'still-pending'`,
    );
    expect(await purge(73, 100)).toBe(250);
    expect(await rows()).toBe(1);
    expect(await rows(`status = 'pending'`)).toBe(1);
  });
});
