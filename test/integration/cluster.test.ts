import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool } from '../../src/db/pg/client.ts';
import { pgDatabase } from '../../src/db/sql/database.ts';
import { fixture } from '../helpers/fixtures.ts';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg.ts';
import { startTestServer, TEST_API_KEY, TEST_API_SECRET, TEST_ENCRYPTION_KEY, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// Issue #15's scale-out test: two web and two worker processes on one PostgreSQL database take
// a burst of signed webhooks (orders, later versions, partial refunds, cancellations, duplicates)
// over three shops; one worker and one web process are killed (SIGKILL) in the middle. The
// platform retries what was not acknowledged (and, at least once, some of what was). Afterwards
// every customer's stats and points balance equal what one process computes from the same
// deliveries (an in-process runtime on SQLite), so every acknowledged delivery was applied
// exactly once, whichever worker claimed it and whatever died.

const SHOPS = ['cluster-a.myshopify.com', 'cluster-b.myshopify.com', 'cluster-c.myshopify.com'];
const LEASE_MS = 2_000;

type Delivery = { shop: string; topic: string; webhookId: string; body: string };

/** Per shop: 60 card orders over 12 customers; some get a later version, a partial refund or a cancellation. */
function deliveries(): Delivery[] {
  const out: Delivery[] = [];
  SHOPS.forEach((shop, s) => {
    for (let i = 0; i < 60; i++) {
      const orderId = 7_000_000 + s * 1_000 + i;
      const customerId = 80_000 + s * 100 + (i % 12);
      const cents = 2_000 + ((i * 131) % 7_000);
      const order = (version: number, change: Record<string, unknown> = {}) =>
        fixture('shopify/order-card-paid.json', (o) => {
          o.id = orderId;
          o.name = `#K${s}-${i}`;
          o.email = `shopper${customerId}@example.com`;
          o.updated_at = `2026-11-0${version}T10:00:00Z`;
          o.total_price = (cents / 100).toFixed(2);
          o.current_total_price = o.total_price;
          o.subtotal_price = o.total_price;
          for (const k of Object.keys(o)) if (k.endsWith('_set')) delete o[k];
          o.line_items = [{ id: orderId * 10, price: o.total_price, quantity: 1, title: 'Kurta', total_discount: '0.00' }];
          o.refunds = [];
          o.cancelled_at = null;
          o.customer = {
            ...(o.customer as object),
            id: customerId,
            email: `shopper${customerId}@example.com`,
            updated_at: '2026-11-01T10:00:00Z',
          };
          Object.assign(o, change);
        });
      out.push({ shop, topic: 'orders/create', webhookId: `c-${orderId}`, body: order(1) });
      if (i % 5 === 1) out.push({ shop, topic: 'orders/updated', webhookId: `u-${orderId}`, body: order(2, { note: 'gift wrap' }) });
      if (i % 7 === 2) {
        const refund = fixture('shopify/refund-partial.json', (r) => {
          r.id = 9_000_000 + orderId;
          r.order_id = orderId;
          r.created_at = '2026-11-03T10:00:00Z';
          r.refund_line_items = [];
          r.transactions = [
            { id: orderId, kind: 'refund', status: 'success', amount: '10.00', currency: 'USD', gateway: 'shopify_payments' },
          ];
        });
        out.push({ shop, topic: 'refunds/create', webhookId: `r-${orderId}`, body: refund });
      }
      if (i % 11 === 3)
        out.push({
          shop,
          topic: 'orders/cancelled',
          webhookId: `x-${orderId}`,
          body: order(4, { cancelled_at: '2026-11-04T10:00:00Z', financial_status: 'refunded' }),
        });
    }
  });
  return out;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const children: ChildProcess[] = [];
let database: TestDatabase | undefined;
let single: TestServer | undefined;

function start(role: 'web' | 'worker', url: string, port?: number): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', role], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      ...(port ? { PORT: String(port), HOST: '127.0.0.1' } : {}),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      SHOPIFY_API_KEY: TEST_API_KEY,
      SHOPIFY_API_SECRET: TEST_API_SECRET,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      INBOX_POLL_MS: '50',
      INBOX_LEASE_MS: String(LEASE_MS),
      DATABASE_POOL_MAX: '4',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function healthy(port: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`web process on ${port} did not start`);
}

const post = (port: number, d: Delivery) =>
  postShopify(`http://127.0.0.1:${port}`, { topic: d.topic, shop: d.shop, body: d.body, webhookId: d.webhookId, eventId: d.webhookId });

async function saveProgram(baseUrl: string, shop: string): Promise<void> {
  const res = await fetch(`${baseUrl}/api/loyalty/program`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${await sessionToken(shop)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ earnOrdersPlacedFrom: '2026-01-01T00:00:00Z', earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] } }),
  });
  expect(res.status).toBe(200);
}

type Outcome = Record<string, { orders: number; spent: number; balance: number; pending: number }>;

/** Customer stats and points per shop and platform customer id, read the same way on both databases. */
async function outcome(h: Parameters<typeof sql>[0]): Promise<Outcome> {
  const rows = await sql(h).all<{
    shop: string;
    cid: string;
    orders: number;
    spent: number;
    balance: number | null;
    pending: number | null;
  }>(
    `SELECT con.domain AS shop, i.external_id AS cid, c.orders_count AS orders, c.amount_spent_minor AS spent,
            (SELECT CAST(coalesce(sum(l.available_delta), 0) AS bigint) FROM points_ledger l WHERE l.customer_id = c.id) AS balance,
            (SELECT CAST(coalesce(sum(l.pending_delta), 0) AS bigint) FROM points_ledger l WHERE l.customer_id = c.id) AS pending
       FROM customers c
       JOIN customer_identities i ON i.customer_id = c.id
       JOIN connections con ON con.id = i.connection_id`,
  );
  return Object.fromEntries(
    rows.map((r) => [
      `${r.shop}/${r.cid}`,
      { orders: Number(r.orders), spent: Number(r.spent), balance: Number(r.balance ?? 0), pending: Number(r.pending ?? 0) },
    ]),
  );
}

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await single?.close();
  await database?.drop();
});

describe.skipIf(!pgAvailable)('two web and two worker processes on PostgreSQL', () => {
  const sent = deliveries();
  let expected: Outcome;

  beforeAll(async () => {
    // The single-process result: the same deliveries, once each, in order, through one runtime.
    single = await startTestServer();
    for (const shop of SHOPS) {
      const accountId = await single.runtime.tenancy.createAccount(shop, 'USD');
      await single.runtime.tenancy.upsertConnection({ accountId, platform: 'shopify', domain: shop, currency: 'USD', country: 'PK' });
      await saveProgram(single.url, shop);
    }
    for (const d of sent) expect((await postShopify(single.url, { ...d, eventId: d.webhookId })).status).toBe(200);
    await single.drain();
    expected = await outcome(single);
  }, 120_000);

  it('applies every acknowledged delivery exactly once across kill -9 of a worker and a web process', async () => {
    database = await createTestDatabase();
    const pgDb = pgDatabase(createPgPool({ url: database.url, max: 2 }));
    const db = sql({ database: pgDb });
    try {
      const [portA, portB] = [await freePort(), await freePort()];
      start('web', database.url, portA);
      start('web', database.url, portB);
      await Promise.all([healthy(portA), healthy(portB)]);
      const workers = [start('worker', database.url), start('worker', database.url)];
      for (const shop of SHOPS) {
        await db.run(
          `INSERT INTO accounts (id, name, currency, created_at) VALUES (?, ?, 'USD', ?)`,
          `acc_${shop}`,
          shop,
          new Date().toISOString(),
        );
        await db.run(
          `INSERT INTO connections (id, account_id, platform, domain, name, status, currency, country, created_at)
           VALUES (?, ?, 'shopify', ?, ?, 'active', 'USD', 'PK', ?)`,
          `con_${shop}`,
          `acc_${shop}`,
          shop,
          shop,
          new Date().toISOString(),
        );
        await saveProgram(`http://127.0.0.1:${portA}`, shop);
      }

      // The burst: eight senders, alternating between the two web processes, with duplicates.
      const acked = new Set<string>();
      let next = 0;
      let webADead = false;
      const sendAll = async (sender: number) => {
        while (next < sent.length) {
          const d = sent[next++]!;
          const port = webADead || sender % 2 === 1 ? portB : portA;
          for (let copy = 0; copy < (next % 9 === 0 ? 2 : 1); copy++) {
            try {
              if ((await post(port, d)).status === 200) acked.add(d.webhookId);
            } catch {
              // reset by the kill: not acknowledged, the platform retries it below
            }
          }
        }
      };
      const burst = Promise.all(Array.from({ length: 8 }, (_, i) => sendAll(i)));
      while (acked.size < sent.length * 0.4) await new Promise((r) => setTimeout(r, 2));
      workers[0]!.kill('SIGKILL');
      children[0]!.kill('SIGKILL');
      webADead = true;
      await burst;
      // Requests in flight to the killed web process got no answer: the platform retries those (below).

      // The platform retries everything it has no 200 for, and resends some it has (at least once).
      for (const [i, d] of sent.entries()) {
        if (acked.has(d.webhookId) && i % 4 !== 0) continue;
        expect((await post(portB, d)).status).toBe(200);
      }
      // The surviving worker drains what is left, and what the dead one held once its lease ran out.
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        const left = await db.count(`SELECT count(*) FROM webhook_inbox WHERE status = 'pending'`);
        if (left === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await db.count(`SELECT count(*) FROM webhook_inbox WHERE status = 'pending'`)).toBe(0);
      expect(await db.count(`SELECT count(*) FROM webhook_inbox WHERE status = 'dead'`)).toBe(0);
      expect(await outcome({ database: pgDb })).toEqual(expected);
    } finally {
      await pgDb.close();
    }
  }, 180_000);
});
