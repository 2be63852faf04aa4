import { once } from 'node:events';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { query } from '../../src/db/sql/executor.ts';
import { createApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { fixture } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, sessionToken, shopifyHeaders } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// GET /api/health is anonymous and polled: it must tell nothing about any tenant and cost the
// same whatever the inbox holds. Backlog counts are for an admin, and only of their own account.

const SHOP_A = 'health-a.myshopify.com';
const SHOP_B = 'health-b.myshopify.com';
let server: TestServer;
let accountA: string;
let tokenA: string;
let tokenB: string;

beforeAll(async () => {
  server = await startTestServer();
  const { tenancy } = server.runtime;
  accountA = await tenancy.createAccount('Shop A', 'USD');
  await tenancy.upsertConnection({ accountId: accountA, platform: 'shopify', domain: SHOP_A, currency: 'USD', country: 'PK' });
  const accountB = await tenancy.createAccount('Shop B', 'USD');
  await tenancy.upsertConnection({ accountId: accountB, platform: 'shopify', domain: SHOP_B, currency: 'USD', country: 'PK' });
  [tokenA, tokenB] = await Promise.all([sessionToken(SHOP_A), sessionToken(SHOP_B)]);
});
afterAll(() => server.close());

const order = (id: number) =>
  fixture('shopify/order-card-paid.json', (o) => {
    o.id = id;
    o.name = `#${id}`;
  });

async function get(path: string, token?: string) {
  const res = await fetch(`${server.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('health', () => {
  it('anonymous health says ready and the worker heartbeat, and nothing about any tenant', async () => {
    for (let i = 0; i < 3; i++)
      expect((await postShopify(server.url, { topic: 'orders/create', shop: SHOP_A, body: order(5000 + i) })).status).toBe(200);
    await server.drain();
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', worker: { lastBeatAgeMs: expect.any(Number) } });
  });

  it('not ready yet: 503 with Retry-After, so a load balancer holds traffic back', async () => {
    const { runtime } = server;
    const { app } = createApp({
      ...runtime.ports,
      config: runtime.config,
      logger: createLogger('silent'),
      inbox: runtime.inbox,
      store: runtime.store,
      discountIssuers: runtime.discountIssuers,
      isReady: () => false,
    });
    const starting = app.listen(0, '127.0.0.1');
    await once(starting, 'listening');
    try {
      const res = await fetch(`http://127.0.0.1:${(starting.address() as AddressInfo).port}/api/health`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    } finally {
      starting.close();
    }
  });

  it('an admin sees the backlog of their own account only', async () => {
    // A delivery waiting for its retry (the worker leaves it alone until then).
    await sql(server).run(
      `INSERT INTO webhook_inbox (account_id, connection_id, platform, topic, dedupe_key, body, received_at, status, attempts, next_attempt_at)
      SELECT account_id, id, 'shopify', 'orders/create', 'retrying', '{}', '2026-11-01T00:00:00.000Z', 'pending', 1, '2100-01-01T00:00:00.000Z'
      FROM connections WHERE domain = ?`,
      SHOP_A,
    );
    const a = await get('/api/health/inbox', tokenA);
    expect(a.status).toBe(200);
    expect(a.body).toEqual({
      status: 'ok',
      inbox: { pending: 1, done: 3, ignored: 0, dead: 0, oldestPendingAt: '2026-11-01T00:00:00.000Z' },
    });
    const b = await get('/api/health/inbox', tokenB);
    expect(b.body).toEqual({ status: 'ok', inbox: { pending: 0, done: 0, ignored: 0, dead: 0, oldestPendingAt: null } });
    expect((await get('/api/health/inbox')).status).toBe(401);
  });

  it('16 clients polling health while the inbox holds 100,000 deliveries do not hold up webhook acks', async () => {
    // A year of deliveries: health used to count them all on every call (~250 ms each here).
    // One statement, no time limit: PostgreSQL's inbox-count trigger runs per row (100,000 of them).
    await server.runtime.database.transaction(async (x) => {
      if (x.dialect === 'pg') await x.run(query('SET LOCAL statement_timeout = 0'));
      await x.run(
        query(
          `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
      INSERT INTO webhook_inbox (account_id, connection_id, platform, topic, dedupe_key, body, received_at, status, attempts, processed_at)
      SELECT :accountId, c.id, 'shopify', 'orders/create', 'old-' || i, '{}', '2026-01-01T00:00:00Z', 'done', 1, '2026-01-01T00:00:01Z'
      FROM n, connections c WHERE c.domain = :shop`,
        ),
        { accountId: accountA, shop: SHOP_A },
      );
    });
    // Checkpointed now, so copying those pages does not run during the measurement (SQLite's WAL only).
    if (sql(server).dialect() === 'sqlite') await sql(server).get('PRAGMA wal_checkpoint(TRUNCATE)');

    const agent = new Agent({ keepAlive: true, maxSockets: 32 });
    const { port } = new URL(server.url);
    const send = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, method, headers, agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(body);
      });
    // 200 signed deliveries, 50 per second, each timed from when it was due (open loop); built
    // beforehand, as the test shares the server's event loop. Customer updates, cheap to
    // process: this measures what polling does to acks; processing under load is the bench's
    // (BENCH_ONLY=mixed, attack) and would make a shared 2-core machine the variable here.
    let next = 80_000;
    const deliveries = (n: number) =>
      Array.from({ length: n }, () => {
        const id = next++;
        const body = fixture('shopify/customer-create.json', (c) => {
          c.id = id;
          c.email = `poll.${id}@example.com`;
        });
        return { body, headers: shopifyHeaders({ topic: 'customers/update', shop: SHOP_A, body }) };
      });
    async function ackP99(pollerCount: number): Promise<{ p99: number; polls: number }> {
      const batch = deliveries(200);
      // Each poller asks again 50 ms after its answer: up to 320 polls/s, which the old health (a
      // count over the inbox, ~250 ms at this size) could not serve, yet little CPU for a shared
      // machine (pollers and server share this process).
      let polling = true;
      let polls = 0;
      const pollers = Array.from({ length: pollerCount }, async () => {
        while (polling) {
          expect(await send('GET', '/api/health')).toBe(200);
          polls++;
          await new Promise((r) => setTimeout(r, 50));
        }
      });
      const acks: number[] = [];
      const start = performance.now();
      await Promise.all(
        batch.map(async ({ body, headers }, i) => {
          const due = start + i * 20;
          await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
          expect(await send('POST', '/webhooks/shopify', headers, body)).toBe(200);
          acks.push(performance.now() - due);
        }),
      );
      polling = false;
      await Promise.all(pollers);
      acks.sort((x, y) => x - y);
      return { p99: acks[Math.ceil(acks.length * 0.99) - 1]!, polls };
    }

    await Promise.all(deliveries(20).map(({ body, headers }) => send('POST', '/webhooks/shopify', headers, body))); // warm-up: JIT, sockets
    const quiet = await ackP99(0);
    const attacked = await ackP99(16);
    agent.destroy();
    expect(attacked.polls).toBeGreaterThan(16 * 5); // the attack really ran all along
    // Under 1 s; on a machine so starved that even quiet acks are slow, within 3x of the quiet
    // p99 of this same run (the old health: ~4 s against ~0.2 s). The bench measures it properly.
    expect(
      attacked.p99,
      `ack p99 ${attacked.p99.toFixed(0)} ms with ${attacked.polls} health polls, ${quiet.p99.toFixed(0)} ms without`,
    ).toBeLessThan(Math.max(1000, 3 * quiet.p99));
  }, 180_000);
});
