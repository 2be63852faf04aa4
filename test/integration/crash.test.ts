import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from '../helpers/fixtures.ts';
import { TEST_API_KEY, TEST_API_SECRET, TEST_ENCRYPTION_KEY } from '../helpers/server.ts';
import { postShopify } from '../helpers/signed.ts';

// Kills a real server process (SIGKILL) in the middle of a burst of webhooks while its worker
// is processing, restarts it on the same SQLite file, and checks that every acknowledged
// delivery was applied exactly once.

const SHOP = 'crash-test.myshopify.com';
const dir = mkdtempSync(join(tmpdir(), 'rapport-crash-'));
const dbPath = join(dir, 'rapport.sqlite');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `file:${dbPath}`,
      LOG_LEVEL: 'silent',
      SHOPIFY_API_KEY: TEST_API_KEY,
      SHOPIFY_API_SECRET: TEST_API_SECRET,
      ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      NODE_ENV: 'test',
      INBOX_POLL_MS: '20',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('server did not start');
}

type Sent = { orderId: number; customerId: number; totalCents: number; webhookId: string; body: string };

function delivery(i: number): Sent {
  const orderId = 5_000_000 + i;
  const customerId = 9_000 + (i % 40);
  const totalCents = 1_000 + ((i * 37) % 9_000);
  const body = fixture('shopify/order-card-paid.json', (o) => {
    o.id = orderId;
    o.name = `#C${i}`;
    o.email = `crash${customerId}@example.com`;
    o.updated_at = '2026-11-01T10:00:00Z';
    o.total_price = (totalCents / 100).toFixed(2);
    o.current_total_price = o.total_price;
    delete o.total_price_set;
    delete o.current_total_price_set;
    o.refunds = [];
    o.cancelled_at = null;
    o.customer = { ...(o.customer as object), id: customerId, email: `crash${customerId}@example.com`, updated_at: '2026-11-01T10:00:00Z' };
  });
  return { orderId, customerId, totalCents, webhookId: `crash-${i}`, body };
}

describe('crash safety', () => {
  it('loses no acknowledged delivery and applies none twice across a kill -9', async () => {
    const port = await freePort();
    let child = await startServer(port);
    const db = new Database(dbPath);
    const accountId = 'acc_crash';
    db.prepare(`INSERT INTO accounts (id, name, currency, created_at) VALUES (?, 'Crash', 'USD', ?)`).run(
      accountId,
      new Date().toISOString(),
    );
    db.prepare(
      `INSERT INTO connections (id, account_id, platform, domain, name, status, currency, created_at)
                VALUES ('con_crash', ?, 'shopify', ?, 'Crash', 'active', 'USD', ?)`,
    ).run(accountId, SHOP, new Date().toISOString());

    const sent = Array.from({ length: 600 }, (_, i) => delivery(i));
    const acked = new Set<number>();
    let next = 0;
    const sendAll = async () => {
      while (next < sent.length) {
        const d = sent[next++]!;
        try {
          const res = await postShopify(`http://127.0.0.1:${port}`, {
            topic: 'orders/create',
            shop: SHOP,
            body: d.body,
            webhookId: d.webhookId,
            eventId: d.webhookId,
          });
          if (res.status === 200) acked.add(d.orderId);
        } catch {
          // connection reset by the kill: not acknowledged, the platform would retry
        }
      }
    };
    const burst = Promise.all(Array.from({ length: 8 }, sendAll));
    while (acked.size < 250) await new Promise((r) => setTimeout(r, 2));
    child.kill('SIGKILL');
    await burst;
    expect(acked.size).toBeGreaterThanOrEqual(250);
    expect(acked.size).toBeLessThan(sent.length);

    // Restart on the same file; the platform retries everything it did not get a 200 for, and
    // (at least once delivery) some it did.
    child = await startServer(port);
    for (const d of sent) {
      const res = await postShopify(`http://127.0.0.1:${port}`, {
        topic: 'orders/create',
        shop: SHOP,
        body: d.body,
        webhookId: d.webhookId,
        eventId: d.webhookId,
      });
      expect(res.status).toBe(200);
    }
    for (let i = 0; i < 400; i++) {
      // Anonymous health tells no backlog; the file does (WAL: reading never blocks the server).
      const reader = new Database(dbPath, { readonly: true });
      const { pending } = reader.prepare(`SELECT count(*) AS pending FROM webhook_inbox WHERE status = 'pending'`).get() as {
        pending: number;
      };
      reader.close();
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGTERM');

    const orders = db.prepare(`SELECT external_id FROM orders`).all() as { external_id: string }[];
    const stored = new Set(orders.map((o) => Number(o.external_id)));
    for (const id of acked) expect(stored.has(id)).toBe(true);
    expect(orders.length).toBe(sent.length); // one row per order: nothing doubled
    expect((db.prepare(`SELECT count(*) AS n FROM webhook_inbox WHERE status = 'dead'`).get() as { n: number }).n).toBe(0);

    // Stats per customer equal what we sent, computed independently of the store.
    const expected = new Map<number, { n: number; cents: number }>();
    for (const d of sent) {
      const e = expected.get(d.customerId) ?? { n: 0, cents: 0 };
      expected.set(d.customerId, { n: e.n + 1, cents: e.cents + d.totalCents });
    }
    const rows = db
      .prepare(
        `SELECT i.external_id AS cid, c.orders_count AS n, c.amount_spent_minor AS cents
      FROM customers c JOIN customer_identities i ON i.customer_id = c.id`,
      )
      .all() as { cid: string; n: number; cents: number }[];
    expect(rows).toHaveLength(expected.size);
    for (const r of rows) expect({ n: r.n, cents: r.cents }).toEqual(expected.get(Number(r.cid)));
    db.close();
  }, 120_000);
});
