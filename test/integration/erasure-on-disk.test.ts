import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken } from '../helpers/signed.ts';

// Erased means unrecoverable: not in any table, and not in the database files either (freed
// pages, free space inside pages, old WAL frames).

const SHOP = 'on-disk-test.myshopify.com';
const NAME = 'Quetzalina';
const SURNAME = 'Vorobyova-Khattak';
const EMAIL = 'quetzalina.vorobyova@example.com';
const PHONE = '+15035550199';
let server: TestServer;

async function deliver(topic: string, body: string) {
  expect((await postShopify(server.url, { topic, shop: SHOP, body })).status).toBe(200);
  await server.drain();
}

function filesHolding(words: string[]): string[] {
  const base = join(server.dir, 'rapport.sqlite');
  const found: string[] = [];
  for (const file of [base, `${base}-wal`, `${base}-shm`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const w of words) if (bytes.indexOf(Buffer.from(w, 'utf8')) !== -1) found.push(`${file.slice(base.length) || '.sqlite'}: ${w}`);
  }
  return found;
}

async function eventually(check: () => string[], ms = 8_000): Promise<string[]> {
  const until = Date.now() + ms;
  let last = check();
  while (last.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    last = check();
  }
  return last;
}

beforeAll(async () => {
  server = await startTestServer();
  const accountId = await server.runtime.tenancy.createAccount('On Disk', 'USD');
  await server.runtime.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'USD', country: 'US' });
});
afterAll(() => server.close());

describe('customers/redact', () => {
  it('leaves the erased name, email and phone in none of the .sqlite, -wal and -shm files', async () => {
    const order = (id: number, updatedAt: string) =>
      fixture('shopify/order-card-paid.json', (o) => {
        Object.assign(o, { id, name: `#${id}`, email: EMAIL, phone: PHONE, updated_at: updatedAt });
        Object.assign(o.customer as object, {
          id: 8801,
          email: EMAIL,
          phone: PHONE,
          first_name: NAME,
          last_name: SURNAME,
          updated_at: updatedAt,
        });
        for (const a of [o.billing_address, o.shipping_address])
          Object.assign(a as object, { name: `${NAME} ${SURNAME}`, first_name: NAME, last_name: SURNAME, phone: PHONE });
      });
    // Several orders and updates: each rewrites the profile's rows, leaving old copies in free space.
    for (let i = 0; i < 5; i++) await deliver('orders/create', order(9100 + i, `2026-11-0${i + 1}T10:00:00Z`));
    await deliver(
      'customers/update',
      fixture('shopify/customer-create.json', (c) => {
        Object.assign(c, {
          id: 8801,
          email: EMAIL,
          phone: PHONE,
          first_name: NAME,
          last_name: SURNAME,
          updated_at: '2026-11-09T10:00:00Z',
        });
      }),
    );
    const token = await sessionToken(SHOP);
    const list = (await (
      await fetch(`${server.url}/api/customers?query=${EMAIL}`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { customers: unknown[] };
    expect(list.customers).toHaveLength(1);
    // Give the checkpointer a moment, so the data is in the database file as well as the WAL.
    await new Promise((r) => setTimeout(r, 300));
    expect(filesHolding([NAME, EMAIL]).length).toBeGreaterThan(0);

    await deliver(
      'customers/redact',
      fixture('shopify/customers-redact.json', (b) => {
        b.shop_domain = SHOP;
        b.customer = { id: 8801, email: EMAIL, phone: PHONE };
        b.orders_to_redact = [9100, 9101, 9102, 9103, 9104];
      }),
    );
    expect(await eventually(() => filesHolding([NAME, SURNAME, EMAIL, PHONE]))).toEqual([]);
  });
});
