import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveProgram } from '../../src/crm/loyalty/program.service.ts';
import type { CrmStore } from '../../src/crm/store.port.ts';
import { createPgInbox, type PgInbox } from '../../src/db/inbox.pg.ts';
import { createPgPool } from '../../src/db/pg/client.ts';
import { connectionsRepo } from '../../src/db/repos/connections.repo.ts';
import { pgDatabase, type PgDatabase } from '../../src/db/sql/database.ts';
import { query } from '../../src/db/sql/executor.ts';
import { createStore } from '../../src/db/store.ts';
import type { InboxItem } from '../../src/inbox/inbox.port.ts';
import { startInboxWorker } from '../../src/jobs/inbox.worker.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { newId } from '../../src/lib/ids.ts';
import { shopifyAdapter } from '../../src/platforms/shopify/normalise.ts';
import { wooAdapter } from '../../src/platforms/woocommerce/normalise.ts';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg.ts';
import { restOrder } from '../helpers/shopify-orders.ts';

// The shared inbox with several worker processes (each "process" is a pool of its own, with its
// store, inbox and the real worker loop): every delivery applied exactly once, in received order
// per account, with the same customer stats and points as one worker; a worker that claims and
// dies leaves its deliveries to another once the lease lapses; NOTIFY wakes a worker elsewhere.

const TOMBSTONE_KEY = Buffer.alloc(32, 7);
const logger = createLogger('silent');
const ACCOUNTS = 4;
const CUSTOMERS = 3;
const ORDERS = 6; // per account; each in two versions (created, then partly refunded)

type Applied = { worker: string; id: number; accountId: string };
type Proc = { name: string; database: PgDatabase; store: CrmStore; inbox: PgInbox; applied: Applied[] };

function open(url: string, name: string, applied: Applied[], options: Parameters<typeof createPgInbox>[1] = {}): Proc {
  const database = pgDatabase(createPgPool({ url, max: 4, applicationName: `rapport ${name}` }));
  const store = createStore(database, { tombstoneKey: TOMBSTONE_KEY });
  return { name, database, store, inbox: createPgInbox(database, { leaseMs: 60_000, ...options }), applied };
}

/** The real worker loop, its inbox wrapped to record which worker applies what, in what order. */
function startWorker(p: Proc, pollMs: number) {
  const inbox = {
    ...p.inbox,
    async hold(item: InboxItem) {
      const held = await p.inbox.hold(item);
      if (held) p.applied.push({ worker: p.name, id: item.id, accountId: item.accountId });
      return held;
    },
  };
  return startInboxWorker({
    inbox,
    store: p.store,
    adapters: { shopify: shopifyAdapter, woocommerce: wooAdapter },
    connections: connectionsRepo(p.database.x),
    logger,
    maxAttempts: 3,
    pollMs,
  });
}

const rows = <T = Record<string, unknown>>(p: Proc, text: string) => p.database.x.all<T>(query(text));

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const drained = (p: Proc) => until('the inbox to drain', async () => (await p.inbox.counts()).pending === 0);

/** Accounts with a shop and a program (1 point per PKR 100), and every order's two versions, interleaved across accounts. */
async function seed(p: Proc): Promise<number> {
  const x = p.database.x;
  const at = '2026-10-01T00:00:00.000Z';
  const shops: Array<{ accountId: string; connectionId: string }> = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    const accountId = newId('acc');
    const connectionId = newId('con');
    await x.run(query(`INSERT INTO accounts (id, name, currency, created_at) VALUES (:id, :name, 'PKR', :at)`), {
      id: accountId,
      name: `Shop ${a}`,
      at,
    });
    await x.run(
      query(`INSERT INTO connections (id, account_id, platform, domain, name, status, currency, country, created_at)
        VALUES (:id, :accountId, 'shopify', :domain, :domain, 'active', 'PKR', 'PK', :at)`),
      { id: connectionId, accountId, domain: `workers-${a}.myshopify.com`, at },
    );
    await p.store.transaction(async (repos) => {
      const r = await saveProgram(
        repos,
        accountId,
        { earnOrdersPlacedFrom: at, earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] } },
        'test',
        at,
      );
      if (r.outcome !== 'saved') throw new Error('program');
    });
    shops.push({ accountId, connectionId });
  }
  let accepted = 0;
  for (let version = 1; version <= 2; version++)
    for (let o = 0; o < ORDERS; o++)
      for (const [a, shop] of shops.entries()) {
        const n = a * 1000 + o;
        const createdAt = new Date(Date.parse('2026-10-02T00:00:00.000Z') + o * 60_000).toISOString();
        const body = restOrder(
          version === 1
            ? { n, createdAt, customer: a * 100 + (o % CUSTOMERS), total: '1500.00' }
            : {
                n,
                createdAt,
                updatedAt: new Date(Date.parse(createdAt) + 3_600_000).toISOString(),
                customer: a * 100 + (o % CUSTOMERS),
                total: '1500.00',
                financial: 'PARTIALLY_REFUNDED',
                refund: '500.00',
              },
        );
        const ok = await p.inbox.accept(
          {
            ...shop,
            platform: 'shopify',
            topic: version === 1 ? 'orders/create' : 'orders/updated',
            dedupeKey: `order-${n}-v${version}`,
            body: JSON.stringify(body),
            triggeredAt: createdAt,
          },
          new Date().toISOString(),
        );
        if (ok) accepted++;
      }
  return accepted;
}

/** What processing must produce, independent of ids and clocks: per shop and customer, stats and points; per order, its version. */
async function outcome(p: Proc) {
  return {
    customers: await rows(
      p,
      `SELECT a.name AS shop, c.email, c.orders_count AS "ordersCount", c.amount_spent_minor AS "spentMinor",
        (SELECT CAST(coalesce(sum(l.available_delta), 0) AS bigint) FROM points_ledger l WHERE l.customer_id = c.id) AS available,
        (SELECT CAST(coalesce(sum(l.pending_delta), 0) AS bigint) FROM points_ledger l WHERE l.customer_id = c.id) AS pending,
        (SELECT count(*) FROM points_ledger l WHERE l.customer_id = c.id) AS "ledgerRows"
      FROM customers c JOIN accounts a ON a.id = c.account_id ORDER BY a.name, c.email`,
    ),
    orders: await rows(
      p,
      `SELECT a.name AS shop, o.external_id AS "externalId", o.total_minor AS "totalMinor", o.refunded_minor AS "refundedMinor",
        o.payment_status AS "paymentStatus"
      FROM orders o JOIN accounts a ON a.id = o.account_id ORDER BY a.name, o.external_id`,
    ),
    inbox: await rows(p, `SELECT status, count(*) AS n FROM webhook_inbox GROUP BY status ORDER BY status`),
  };
}

function expectOrderedOncePerAccount(applied: Applied[], deliveries: number): void {
  expect(applied).toHaveLength(deliveries);
  expect(new Set(applied.map((a) => a.id)).size).toBe(deliveries);
  const byAccount = new Map<string, number[]>();
  for (const a of applied) byAccount.set(a.accountId, [...(byAccount.get(a.accountId) ?? []), a.id]);
  for (const ids of byAccount.values()) expect(ids).toEqual([...ids].sort((x, y) => x - y));
}

describe.skipIf(!pgAvailable)('shared inbox on PostgreSQL, several workers', () => {
  const dbs: TestDatabase[] = [];
  const procs: Proc[] = [];
  let reference: Awaited<ReturnType<typeof outcome>>;
  let deliveries = 0;

  const database = async () => {
    const d = await createTestDatabase();
    dbs.push(d);
    return d.url;
  };
  const proc = (url: string, name: string, applied: Applied[], options?: Parameters<typeof createPgInbox>[1]) => {
    const p = open(url, name, applied, options);
    procs.push(p);
    return p;
  };

  beforeAll(async () => {
    // The reference: the same deliveries through one worker, alone.
    const one = proc(await database(), 'alone', []);
    deliveries = await seed(one);
    expect(deliveries).toBe(ACCOUNTS * ORDERS * 2);
    const w = startWorker(one, 60_000);
    await w.drain();
    await w.stop();
    reference = await outcome(one);
    expect(reference.inbox).toEqual([{ status: 'done', n: deliveries }]);
    expect(reference.customers).toHaveLength(ACCOUNTS * CUSTOMERS);
    // v2 won everywhere: 1,500 paid, 500 refunded, 15 points earned and 5 taken back.
    expect(new Set(reference.orders.map((o) => `${o.totalMinor}/${o.refundedMinor}/${o.paymentStatus}`))).toEqual(
      new Set(['150000/50000/partially_refunded']),
    );
    expect(reference.customers[0]).toMatchObject({ ordersCount: ORDERS / CUSTOMERS, available: (ORDERS / CUSTOMERS) * 10 });
  }, 180_000);

  afterAll(async () => {
    for (const p of procs) await p.database.close().catch(() => undefined);
    for (const d of dbs) await d.drop();
  });

  it('two workers drain one inbox at once: each delivery applied once, in order per account, as one worker would', async () => {
    const url = await database();
    const applied: Applied[] = [];
    // Two accounts per claim, so the two workers share the four shops out between them.
    const a = proc(url, 'A', applied, { accountsPerClaim: 2 });
    const b = proc(url, 'B', applied, { accountsPerClaim: 2 });
    expect(await seed(a)).toBe(deliveries);
    const workers = [startWorker(a, 20), startWorker(b, 20)];
    await drained(a);
    await Promise.all(workers.map((w) => w.stop()));

    expectOrderedOncePerAccount(applied, deliveries);
    expect(new Set(applied.map((x) => x.worker))).toEqual(new Set(['A', 'B']));
    expect(await outcome(a)).toEqual(reference);
    expect(await rows(a, `SELECT id FROM webhook_inbox WHERE claimed_by IS NOT NULL OR claim_expires_at IS NOT NULL`)).toEqual([]);
  }, 120_000);

  it('a worker that claims and dies leaves its deliveries to another once its lease lapses', async () => {
    const url = await database();
    const applied: Applied[] = [];
    const dying = proc(url, 'dying', applied, { leaseMs: 4_000 });
    const other = proc(url, 'other', applied, { leaseMs: 4_000 });
    expect(await seed(dying)).toBe(deliveries);
    const claimed = await dying.inbox.due(200, new Date().toISOString());
    expect(claimed).toHaveLength(deliveries);
    await dying.database.close(); // the process is gone: nothing completed, the claims stay until they lapse
    // Its accounts are held: the other worker gets nothing of them while the lease runs.
    const meanwhile = await other.inbox.due(200, new Date().toISOString());
    expect(meanwhile).toEqual([]);
    expect(await rows(other, `SELECT count(*) AS n FROM webhook_inbox WHERE claimed_by = '${dying.inbox.workerId}'`)).toEqual([
      { n: deliveries },
    ]);

    const worker = startWorker(other, 50);
    await drained(other);
    await worker.stop();
    expectOrderedOncePerAccount(applied, deliveries);
    expect(new Set(applied.map((x) => x.worker))).toEqual(new Set(['other']));
    expect(await outcome(other)).toEqual(reference);
  }, 120_000);

  it('a worker whose lease was taken over skips the delivery: the new holder applies it, once', async () => {
    const url = await database();
    const slow = proc(url, 'slow', [], { leaseMs: 60_000 });
    const fast = proc(url, 'fast', [], { leaseMs: 60_000 });
    await seed(slow);
    const [first] = await slow.inbox.due(1, new Date().toISOString());
    // The slow worker's lease lapses (as if it stalled for a minute) and the other claims the account.
    await slow.database.x.run(query(`UPDATE webhook_inbox SET claim_expires_at = now() - interval '1 second' WHERE id = :id`), {
      id: first!.id,
    });
    const taken = await fast.inbox.due(1, new Date().toISOString());
    expect(taken.map((i) => i.id)).toEqual([first!.id]);
    // Back from its stall, the slow worker no longer holds it, and its completion changes nothing.
    expect(await slow.store.batch(() => slow.inbox.hold(first!))).toBe(false);
    await slow.inbox.complete(first!.id, 'done', new Date().toISOString());
    expect(await rows(slow, `SELECT status, claimed_by AS "claimedBy" FROM webhook_inbox WHERE id = ${first!.id}`)).toEqual([
      { status: 'pending', claimedBy: fast.inbox.workerId },
    ]);
    // While the new holder applies that account in a batch, nobody else can claim or hold it.
    let holding: () => void = () => undefined;
    let finish: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const gate = new Promise<void>((resolve) => (finish = resolve));
    const applying = fast.store.batch(async () => {
      const mine = await fast.inbox.hold(taken[0]!);
      holding();
      await gate;
      await fast.inbox.complete(first!.id, 'done', new Date().toISOString());
      return mine;
    });
    await held;
    const claimedMeanwhile = await slow.inbox.due(200, new Date().toISOString());
    expect(claimedMeanwhile.filter((i) => i.accountId === first!.accountId)).toEqual([]);
    expect(await slow.store.batch(() => slow.inbox.hold(first!))).toBe(false);
    finish();
    expect(await applying).toBe(true);
    expect(await rows(fast, `SELECT status, claimed_by AS "claimedBy" FROM webhook_inbox WHERE id = ${first!.id}`)).toEqual([
      { status: 'done', claimedBy: null },
    ]);
  }, 60_000);

  it('wakes a worker in another process through NOTIFY (its poll is an hour away)', async () => {
    const url = await database();
    const applied: Applied[] = [];
    const web = proc(url, 'web', applied);
    const worker = proc(url, 'worker', applied);
    const w = startWorker(worker, 3_600_000);
    // The worker runs a pass once it listens; wait for it, so what follows can only arrive by NOTIFY.
    await until('the worker to listen', async () => {
      const r = await rows<{ n: number }>(web, `SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'LISTEN rapport_inbox'`);
      return r[0]!.n > 0;
    });
    expect(await seed(web)).toBe(deliveries);
    await drained(web);
    await w.stop();
    expect(applied).toHaveLength(deliveries);
    expect(await outcome(web)).toEqual(reference);
    // Stopped, the worker no longer holds a listening connection.
    await until('the listener to close', async () => {
      const r = await rows<{ n: number }>(web, `SELECT count(*) AS n FROM pg_stat_activity WHERE query = 'LISTEN rapport_inbox'`);
      return r[0]!.n === 0;
    });
  }, 120_000);
});
