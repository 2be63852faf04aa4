import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl, type TestDatabaseUrl } from '../helpers/database.ts';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// A database whose erasures predate tombstones (before migration 0013): on its first start the
// runtime tombstones each redacted profile's platform ids, so a late redelivery writes nothing back.

const SHOP = 'old-erasure.myshopify.com';
const EMAIL = 'erased.before@example.pk';
const dir = mkdtempSync(join(tmpdir(), 'rapport-backfill-'));
let database: TestDatabaseUrl;
beforeAll(async () => {
  database = await testDatabaseUrl(dir, 'old.sqlite');
});
afterAll(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

const order = () =>
  fixture('shopify/order-card-paid.json', (o) => {
    Object.assign(o, { id: 6001, email: EMAIL, phone: null, updated_at: '2026-11-01T10:00:00Z' });
    Object.assign(o.customer as Record<string, unknown>, {
      id: 8001,
      email: EMAIL,
      phone: null,
      first_name: 'Erased',
      updated_at: '2026-11-01T10:00:00Z',
    });
  });

async function deliver(server: TestServer, topic: string, body: string) {
  expect((await postShopify(server.url, { topic, shop: SHOP, body })).status).toBe(200);
  await server.drain();
}
const holds = (server: TestServer) =>
  sql(server).count(
    'SELECT (SELECT count(*) FROM customer_identities WHERE email = ?) + (SELECT count(*) FROM orders WHERE email = ?) AS n',
    EMAIL,
    EMAIL,
  );

describe('tombstones for erasures older than tombstones', () => {
  it('are written once on start, so a redelivered order brings nothing back', async () => {
    const before = await startTestServer({ DATABASE_URL: database.url });
    const t = before.runtime.tenancy;
    await t.upsertConnection({
      accountId: await t.createAccount('Old Erasure', 'USD'),
      platform: 'shopify',
      domain: SHOP,
      currency: 'USD',
      country: 'US',
    });
    await deliver(before, 'orders/create', order());
    await deliver(
      before,
      'customers/redact',
      fixture('shopify/customers-redact.json', (b) => {
        b.shop_domain = SHOP;
        b.customer = { id: 8001, email: EMAIL, phone: null };
        b.orders_to_redact = [6001];
      }),
    );
    expect(await holds(before)).toBe(0);
    // As an older Rapport left it: the profile redacted, no tombstones, no back-fill done.
    await sql(before).exec(`DELETE FROM erasure_tombstones; DELETE FROM job_state WHERE name = 'privacy.tombstones_backfilled';`);
    await before.close();

    const after = await startTestServer({ DATABASE_URL: database.url });
    try {
      expect(await sql(after).count('SELECT count(*) AS n FROM erasure_tombstones')).toBe(1);
      await deliver(after, 'orders/updated', order());
      expect(await holds(after)).toBe(0);
    } finally {
      await after.close();
    }
  });
});
