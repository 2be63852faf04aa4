import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken } from '../helpers/signed.ts';

// One signed order with 16,000 line items used to hold the event loop ~1 s every time it was
// processed (and retried), for every tenant. Now it ends in the dead letters with the reason,
// after costing a parse, while the deliveries around it are processed and acked as usual.

const SHOP = 'bounds.myshopify.com';
let server: TestServer;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  const accountId = await server.runtime.tenancy.createAccount('Bounds', 'USD');
  await server.runtime.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'USD', country: 'PK' });
  token = await sessionToken(SHOP);
});
afterAll(() => server.close());

const order = (id: number, change: (o: Record<string, any>) => void = () => undefined) =>
  fixture('shopify/order-card-paid.json', (o) => {
    o.id = id;
    o.name = `#${id}`;
    change(o);
  });

async function deadLetters() {
  const res = await fetch(`${server.url}/api/inbox?status=dead`, { headers: { authorization: `Bearer ${token}` } });
  return ((await res.json()) as { deliveries: { topic: string; lastError: string; attempts: number }[] }).deliveries;
}

describe('what one delivery may cost', () => {
  it('dead-letters an order with 16,000 line items at once, with the reason, and processes the others', async () => {
    const huge = order(9001, (o) => {
      o.line_items = Array.from({ length: 16_000 }, (_, i) => ({ id: 700_000 + i, title: `Item ${i}`, price: '1.00', quantity: 1 }));
    });
    expect(Buffer.byteLength(huge)).toBeLessThan(2 * 1024 * 1024); // the line items, not the bytes, are what it exceeds
    expect((await postShopify(server.url, { topic: 'orders/updated', shop: SHOP, body: huge })).status).toBe(200);
    // Acked while the worker has the huge one in hand.
    const started = performance.now();
    for (let i = 0; i < 5; i++)
      expect((await postShopify(server.url, { topic: 'orders/create', shop: SHOP, body: order(9100 + i) })).status).toBe(200);
    const acks = performance.now() - started;
    await server.drain();

    const dead = await deadLetters();
    expect(dead).toEqual([
      expect.objectContaining({ topic: 'orders/updated', lastError: 'too_many_line_items: 16000 > 2500', attempts: 1 }),
    ]);
    const counts = (await (await fetch(`${server.url}/api/health/inbox`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      inbox: Record<string, number>;
    };
    expect(counts.inbox).toMatchObject({ pending: 0, dead: 1, done: 5 });
    // Generous (five acks on a shared 2-core machine); the bench (BENCH_ONLY=attack) measures it.
    expect(acks).toBeLessThan(1000);
  });

  it('dead-letters a body over 2 MiB before parsing it', async () => {
    const big = order(9002, (o) => {
      o.note = 'x'.repeat(2 * 1024 * 1024);
    });
    expect((await postShopify(server.url, { topic: 'orders/updated', shop: SHOP, body: big })).status).toBe(200);
    await server.drain();
    expect((await deadLetters()).map((d) => d.lastError)).toContain(`body_too_large: ${Buffer.byteLength(big)} > 2097152 bytes`);
  });
});
