import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { shopifyHeaders, shopifyHmac, wooHeaders } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// The stored body must be exactly the signed bytes: a body that is not valid UTF-8 would be
// stored with U+FFFD in place of its bad bytes, so it is refused instead (both platforms).

const SHOP = 'utf8-test.myshopify.com';
const WOO_SECRET = 'woo-utf8-secret';
let server: TestServer;
let wooId: string;

// `{"id": 1, "note": "<0xC3 0x28>"}`: 0xC3 opens a two-byte sequence that 0x28 does not continue.
const invalid = Buffer.concat([Buffer.from('{"id": 1, "note": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
const valid = Buffer.from('{"id": 2, "note": "بلال ਗੁਰਪ੍ਰੀਤ"}');

function inboxCount(): Promise<number> {
  return sql(server).count('SELECT count(*) FROM webhook_inbox');
}

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('UTF-8 Bazaar', 'PKR');
  await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' });
  wooId = (
    await t.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: 'https://utf8.example.pk/',
      currency: 'PKR',
      country: 'PK',
      webhookSecret: WOO_SECRET,
    })
  ).id;
});
afterAll(() => server.close());

function shopify(body: Buffer) {
  const headers = shopifyHeaders({ topic: 'orders/create', shop: SHOP, body: '', hmac: shopifyHmac(body, 'test-api-secret-shhh') });
  return fetch(`${server.url}/webhooks/shopify`, { method: 'POST', headers, body: new Uint8Array(body) });
}

function woo(body: Buffer) {
  const headers = wooHeaders({
    connectionId: wooId,
    topic: 'order.updated',
    body: '',
    secret: WOO_SECRET,
    signature: shopifyHmac(body, WOO_SECRET),
  });
  return fetch(`${server.url}/webhooks/woocommerce/${wooId}`, { method: 'POST', headers, body: new Uint8Array(body) });
}

describe('signed bodies that are not valid UTF-8', () => {
  it.each([
    ['Shopify', shopify],
    ['WooCommerce', woo],
  ] as const)('%s: 400 with a reason, nothing stored', async (_p, send) => {
    const before = await inboxCount();
    const res = await send(invalid);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/UTF-8/);
    expect(await inboxCount()).toBe(before);
  });

  it.each([
    ['Shopify', shopify],
    ['WooCommerce', woo],
  ] as const)('%s: valid multi-byte UTF-8 is stored byte for byte', async (_p, send) => {
    const res = await send(valid);
    expect(res.status).toBe(200);
    const row = (await sql(server).get<{ body: string }>('SELECT body FROM webhook_inbox ORDER BY id DESC LIMIT 1'))!;
    expect(Buffer.from(row.body, 'utf8').equals(valid)).toBe(true);
  });
});
