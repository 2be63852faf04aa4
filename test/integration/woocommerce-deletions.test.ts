import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postWoo } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// WooCommerce sends `{"id": N}` for every deletion and never retries, so an order trashed,
// restored and trashed again sends two identical `order.deleted` bodies that are two real events.
// Deliveries are signed exactly as WooCommerce signs them; delivery ids are made as WooCommerce
// makes them: wp_hash(webhook id . unix seconds), a keyed MD5 (class-wc-webhook.php).

const SECRET = 'woo-deletions-secret';
const EMAIL = 'bilal.ahmed@example.pk';
let server: TestServer;
let connectionId: string;
let token: string;
let second = 1_790_000_000;

function deliveryId(): string {
  return createHmac('md5', 'wp-salt').update(`17${second++}`).digest('hex');
}

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

async function deliver(topic: string, body: string, id = deliveryId()) {
  const res = await postWoo(server.url, { connectionId, topic, body, secret: SECRET, headers: { 'x-wc-webhook-delivery-id': id } });
  expect(res.status).toBe(200);
  return { id, duplicate: ((await res.json()) as { duplicate: boolean }).duplicate };
}

/** Orders counted on the profile and its points (available + pending). */
async function standing() {
  const list = await api('GET', `/api/customers?query=${encodeURIComponent(EMAIL)}`);
  const id = list.body.customers[0].id as string;
  const p = (await api('GET', `/api/customers/${id}`)).body;
  const l = (await api('GET', `/api/customers/${id}/loyalty`)).body;
  return {
    orders: p.numberOfOrders as number,
    spent: p.amountSpent.amount as string,
    points: (l.balance as number) + (l.pending as number),
  };
}

const completed = (modified: string, change: Record<string, unknown> = {}) =>
  fixture('woocommerce/order-cod-completed.json', { date_modified_gmt: modified, ...change });

beforeAll(async () => {
  server = await startTestServer();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Lahore Deletions', 'PKR');
  connectionId = (
    await t.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: 'https://shop.example.pk/',
      currency: 'PKR',
      country: 'PK',
      webhookSecret: SECRET,
    })
  ).id;
  await t.createAdminUser(accountId, 'owner@deletions.example', 'correct horse battery');
  token = (await t.login('owner@deletions.example', 'correct horse battery'))!.token;
  const program = await api('PUT', '/api/loyalty/program', {
    earnOrdersPlacedFrom: '2026-01-01T00:00:00Z',
    earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
  });
  expect(program.status).toBe(200);
});
afterAll(() => server.close());

describe('WooCommerce trash, restore, trash', () => {
  const counted = { orders: 1, spent: '3700.00', points: 35 };
  const notCounted = { orders: 0, spent: '0.00', points: 0 };

  it('counts a delivered COD order', async () => {
    await deliver('order.created', completed('2026-11-15T09:00:00'));
    await server.drain();
    expect(await standing()).toEqual(counted);
  });

  it('trash -> restore -> trash leaves the order uncounted; a resend of each is dropped', async () => {
    const trash1 = await deliver('order.deleted', '{"id":727}');
    expect(trash1.duplicate).toBe(false);
    expect((await deliver('order.deleted', '{"id":727}', trash1.id)).duplicate).toBe(true);
    await server.drain();
    expect(await standing()).toEqual(notCounted);

    const restore = await deliver('order.restored', completed('2026-11-17T08:00:00'));
    expect(restore.duplicate).toBe(false);
    expect((await deliver('order.restored', completed('2026-11-17T08:00:00'), restore.id)).duplicate).toBe(true);
    await server.drain();
    expect(await standing()).toEqual(counted);

    const trash2 = await deliver('order.deleted', '{"id":727}');
    expect(trash2.duplicate).toBe(false); // the same body as the first trash, but a new event
    expect((await deliver('order.deleted', '{"id":727}', trash2.id)).duplicate).toBe(true);
    await server.drain();
    expect(await standing()).toEqual(notCounted);
  });

  it('a restore whose payload (built at delivery time) already says trash leaves the order trashed', async () => {
    await deliver('order.restored', completed('2026-11-18T08:00:00'));
    await deliver('order.deleted', '{"id":727}');
    // WooCommerce builds a payload when it sends it: a restore sent after the next trash says so.
    await deliver('order.restored', completed('2026-11-18T09:00:00', { status: 'trash' }));
    await server.drain();
    expect(await standing()).toEqual(notCounted);
  });

  it('applies trash and restore in the order they were received, even when a retry reorders processing', async () => {
    await deliver('order.restored', completed('2026-11-19T08:00:00'));
    await server.drain();
    expect(await standing()).toEqual(counted);
    const trash = await deliver('order.deleted', '{"id":727}');
    await deliver('order.restored', completed('2026-11-19T09:00:00'));
    // The trash failed once and waits for its retry while the later restore is processed.
    const db = sql(server);
    const row = (await db.get<{ id: number }>(`SELECT id FROM webhook_inbox WHERE topic = 'order.deleted' ORDER BY id DESC LIMIT 1`))!;
    await db.run(`UPDATE webhook_inbox SET attempts = 1, next_attempt_at = '2999-01-01T00:00:00.000Z' WHERE id = ?`, row.id);
    await server.drain();
    expect(await standing()).toEqual(counted);
    await db.run(`UPDATE webhook_inbox SET next_attempt_at = NULL WHERE id = ?`, row.id);
    await server.drain();
    expect(await standing()).toEqual(counted); // the restore came after the trash
    expect(trash.duplicate).toBe(false);
  });
});
