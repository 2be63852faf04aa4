import type { CanonicalOrder } from '../../src/crm/events.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { adjustPoints } from '../../src/crm/loyalty/actions.service.ts';
import { runLoyaltyTasks, type LoyaltyRunResult } from '../../src/jobs/loyalty.scheduler.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { customer, order } from './canonical.ts';
import type { TestServer } from './server.ts';
import { sessionToken } from './signed.ts';
import { sql } from './sql.ts';

// Loyalty scenarios at chosen instants: orders go through the same ingest as webhooks with an
// explicit `now`, the admin API through HTTP, and the scheduler through runLoyaltyTasks(deps, now).

export type Shop = { domain: string; accountId: string; connectionId: string };
export type Reply = { status: number; body: Record<string, any> };

export async function createShop(server: TestServer, domain: string, currency = 'USD'): Promise<Shop> {
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount(domain, currency);
  const connectionId = (await t.upsertConnection({ accountId, platform: 'shopify', domain, currency, country: 'PK' })).id;
  return { domain, accountId, connectionId };
}

export async function call(server: TestServer, shop: string, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${await sessionToken(shop)}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** A USD card order of `dollars`, placed and paid at `at` (processed at `at` too), or COD still pending. */
export async function placeOrder(
  server: TestServer,
  shop: Shop,
  key: string,
  who: string,
  dollars: number,
  at: string,
  over: Partial<CanonicalOrder> = {},
): Promise<void> {
  const minor = dollars * 100;
  const o = order(key, {
    customer: customer(who, { email: `${who}@example.com`, createdAt: at, updatedAt: at }),
    email: `${who}@example.com`,
    totalMinor: minor,
    subtotalMinor: minor,
    placedAt: at,
    paidAt: at,
    updatedAt: at,
    lineItems: [
      {
        externalId: `${key}-1`,
        productId: 'p1',
        variantId: null,
        sku: null,
        title: 'Kurta',
        quantity: 1,
        priceMinor: minor,
        totalMinor: minor,
        giftCard: false,
      },
    ],
    ...over,
  });
  await applyEvent(server.runtime.store, shop.connectionId, { type: 'order.upserted', order: o }, at);
}

export const codPending = { paymentMethod: 'cod', paymentStatus: 'pending', paidAt: null } as const;

export async function customerId(server: TestServer, shop: Shop, who: string): Promise<string> {
  const row = await sql(server).get<{ id: string }>(
    'SELECT id FROM customers WHERE account_id = ? AND email = ?',
    shop.accountId,
    `${who}@example.com`,
  );
  if (!row) throw new Error(`no customer ${who}`);
  return row.id;
}

/** A staff adjustment at a chosen instant (the HTTP route always uses the wall clock). */
export async function adjust(server: TestServer, shop: Shop, who: string, points: number, at: string): Promise<void> {
  const id = await customerId(server, shop, who);
  await server.runtime.store.transaction((repos) =>
    adjustPoints(repos, shop.accountId, id, points, 'test adjustment', 'staff:test', `${who}:${at}`, at),
  );
}

const logger = createLogger('silent');

export function tick(server: TestServer, now: string): Promise<LoyaltyRunResult> {
  return runLoyaltyTasks({ store: server.runtime.store, logger, batchSize: 2 }, now);
}

export async function loyaltyOf(server: TestServer, shop: Shop, who: string): Promise<Record<string, any>> {
  return (await call(server, shop.domain, 'GET', `/api/customers/${await customerId(server, shop, who)}/loyalty`)).body;
}

export async function ledgerOf(
  server: TestServer,
  shop: Shop,
  who: string,
): Promise<Array<{ reason: string; availableDelta: number; pendingDelta: number; note: string | null }>> {
  return (await call(server, shop.domain, 'GET', `/api/customers/${await customerId(server, shop, who)}/points?first=200`)).body.entries;
}

export async function timelineOf(server: TestServer, shop: Shop, who: string, kind: string): Promise<Array<{ data: Record<string, any> }>> {
  return (await call(server, shop.domain, 'GET', `/api/customers/${await customerId(server, shop, who)}/timeline?kind=${kind}&first=100`))
    .body.events;
}
