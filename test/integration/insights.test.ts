import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { startScoringThread, type ScoringThread } from '../../src/jobs/insights-scoring.thread.ts';
import { runInsightsTick } from '../../src/jobs/insights.scheduler.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { customer, order } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';

// Predictions and RFM scores end to end: orders in through the ingest path, the leader's tick
// rescoring what is due on the real scoring thread, the profile's `insights` and a segment query
// over the stored scores; each shop scored on its own customers only; nothing rescored until due.

const SHOP = 'insights.myshopify.com';
const OTHER = 'insights-other.myshopify.com';
const NOW = new Date('2026-06-01T00:00:00.000Z');
let server: TestServer;
let thread: ScoringThread;
let token: string;
let shopify: string;
const logger = createLogger('silent');

async function get(path: string, bearer = token) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
async function post(path: string, body: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}
const tick = () => runInsightsTick({ insights: server.runtime.ports.insights, score: thread.score, logger, now: () => NOW });
const idOf = async (email: string) => (await get(`/api/customers?query=${encodeURIComponent(email)}`)).body.customers[0].id as string;

beforeAll(async () => {
  server = await startTestServer();
  thread = startScoringThread();
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('Multan Mangoes', 'PKR');
  shopify = (await t.upsertConnection({ accountId, platform: 'shopify', domain: SHOP, currency: 'PKR', country: 'PK' })).id;
  const otherAccount = await t.createAccount('Other', 'PKR');
  const other = (await t.upsertConnection({ accountId: otherAccount, platform: 'shopify', domain: OTHER, currency: 'PKR' })).id;
  token = await sessionToken(SHOP);
  const store = server.runtime.store;
  // 30 customers: customer i orders (i % 6) + 1 times, ten days apart, the last a few days before NOW.
  for (let i = 1; i <= 30; i++) {
    const c = customer(String(i), { email: `buyer${i}@example.pk` });
    const orders = (i % 6) + 1;
    for (let k = 0; k < orders; k++) {
      const day = new Date(NOW.getTime() - ((orders - k) * 10 + (i % 3)) * 86_400_000).toISOString();
      await applyEvent(store, shopify, {
        type: 'order.upserted',
        order: order(`${i}-${k}`, { customer: c, currency: 'PKR', totalMinor: 150_000 + i * 1_000, placedAt: day, updatedAt: day }),
      });
    }
  }
  const stranger = customer('x', { email: 'stranger@example.pk' });
  await applyEvent(store, other, { type: 'order.upserted', order: order('x-1', { customer: stranger, currency: 'PKR' }) });
});
afterAll(async () => {
  await thread?.close();
  await server?.close();
});

describe('customer insights', () => {
  it('shows no insights before the account is scored', async () => {
    const profile = (await get(`/api/customers/${await idOf('buyer6@example.pk')}`)).body;
    expect(profile.insights).toBeNull();
  });

  it('scores every due account on the scoring thread, each on its own customers', async () => {
    const done = await tick();
    expect(done.map((d) => d.customers).sort((a, b) => a - b)).toEqual([1, 30]);
    expect(done.every((d) => d.scored === d.customers)).toBe(true);
  });

  it("puts the scores and the model's confidence on the profile", async () => {
    const frequent = (await get(`/api/customers/${await idOf('buyer5@example.pk')}`)).body.insights; // 6 orders
    const once = (await get(`/api/customers/${await idOf('buyer6@example.pk')}`)).body.insights; // 1 order
    for (const i of [frequent, once]) {
      expect(i.rfm.score).toBe(`${i.rfm.recency}${i.rfm.frequency}${i.rfm.monetary}`);
      expect(i.probabilityAlive).toBeGreaterThan(0);
      expect(i.probabilityAlive).toBeLessThanOrEqual(1);
      expect(i.predictedClv.currencyCode).toBe('PKR');
      expect(['low', 'medium', 'high']).toContain(i.churnRisk);
      expect(i.model).toMatchObject({ customers: 30, repeaters: 25, fittedAt: NOW.toISOString() });
      expect(i.computedAt).toBe(NOW.toISOString());
    }
    expect(frequent.rfm.frequency).toBe(5);
    expect(once.rfm.frequency).toBe(1);
    expect(frequent.expectedOrders90d).toBeGreaterThan(once.expectedOrders90d);
    expect(Number(frequent.predictedClv.amount)).toBeGreaterThan(Number(once.predictedClv.amount));
    // A one-time buyer is "alive" by the BG/NBD's assumption (crm/insights/README.md).
    expect(once.probabilityAlive).toBe(1);
  });

  it('lets segments select on the stored scores', async () => {
    const frequentId = await idOf('buyer5@example.pk');
    const res = await post('/api/segments/preview', { query: 'frequency_score = 5 AND predicted_clv > 0' });
    expect(res.status).toBe(200);
    expect(res.body.count).toBeGreaterThan(0);
    expect(res.body.count).toBeLessThan(30);
    const all = await post('/api/segments/preview', { query: 'frequency_score >= 1' });
    expect(all.body.count).toBe(30);
    const members = await post('/api/segments/preview', { query: `frequency_score = 5` });
    expect(members.body.sample.map((c: { id: string }) => c.id)).toContain(frequentId);
  });

  it('rescores an account only once it is due: a new order makes it so', async () => {
    expect(await tick()).toEqual([]);
    const buyer = customer('31', { email: 'buyer31@example.pk' });
    await applyEvent(server.runtime.store, shopify, {
      type: 'order.upserted',
      order: order('31-0', {
        customer: buyer,
        currency: 'PKR',
        placedAt: '2026-06-02T00:00:00.000Z',
        updatedAt: '2026-06-02T00:00:00.000Z',
      }),
    });
    const done = await tick();
    expect(done).toHaveLength(1);
    // The new customer's order is after NOW: not part of the calibration, so not scored yet.
    expect(done[0]!.customers).toBe(31);
    expect(done[0]!.scored).toBe(30);
    expect((await get(`/api/customers/${await idOf('buyer31@example.pk')}`)).body.insights).toBeNull();
  });
});
