import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeEvents } from '../../src/crm/domain-events/consumer.service.ts';
import { FLOW_ACTION_PATH, FLOW_LIFECYCLE_PATH } from '../../src/http/webhooks/shopify-flow.delivery.ts';
import { FLOW_TRIGGER_HANDLES } from '../../src/platforms/shopify/flow-triggers.ts';
import { startShopifyAppFake, type ShopifyAppFake } from '../fakes/shopify-app.fake.ts';
import { call } from '../helpers/loyalty.ts';
import { startTestServer, TEST_API_KEY, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { shopifyHmac } from '../helpers/signed.ts';
import { gqlCustomer } from '../helpers/shopify-orders.ts';
import { sql } from '../helpers/sql.ts';

// Shopify Flow end to end on the real server: the lifecycle callback switches triggers on and off,
// loyalty events of the installed shop reach the Admin API fake's flowTriggerReceive (handle and
// payload as the extension tomls declare them), and the "Award loyalty points" action awards once
// per action_run_id. Requests are signed as Flow signs them (base64 HMAC-SHA256 of the raw body).

const SHOP = 'flowing.myshopify.com';
const handles = Object.values(FLOW_TRIGGER_HANDLES);
let fake: ShopifyAppFake;
let server: TestServer;
let members: Array<{ id: string; externalId: string }>;

beforeAll(async () => {
  fake = await startShopifyAppFake({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    customers: Array.from({ length: 4 }, (_, i) => gqlCustomer(i + 1)),
    flowTriggerHandles: handles,
  });
  server = await startTestServer({}, undefined, { shopifyAdminOrigin: () => fake.origin, platformRetries: 1, shopifyBulk: { pollMs: 1 } });
  expect((await api('GET', '/api/connections')).status).toBe(200); // installs and imports the customers
  await server.runtime.shopify.idle();
  members = await sql(server).all<{ id: string; externalId: string }>(
    `SELECT c.id, i.external_id AS "externalId" FROM customers c JOIN customer_identities i ON i.customer_id = c.id ORDER BY i.external_id`,
  );
  expect(members).toHaveLength(4);
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

const api = (method: string, path: string, body?: unknown) => call(server, SHOP, method, path, body);
const award = async (customerId: string, points: number) =>
  expect((await api('POST', `/api/customers/${customerId}/points`, { points, note: 'thanks' })).status).toBe(201);

async function signed(path: string, body: unknown, secret = TEST_API_SECRET) {
  const raw = JSON.stringify(body);
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': shopifyHmac(raw, secret) },
    body: raw,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

let noticeSecond = 0;
const lifecycle = (trigger: string, enabled: boolean, over: Record<string, unknown> = {}) =>
  signed(FLOW_LIFECYCLE_PATH, {
    flow_trigger_definition_id: trigger,
    has_enabled_flow: enabled,
    shop_id: 1234,
    shopify_domain: SHOP,
    timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, ++noticeSecond)).toISOString(),
    ...over,
  });

const consume = (at = new Date()) => consumeEvents({ ...server.runtime.automationEvents, clock: () => at });
const sent = () => fake.flowTriggers.splice(0);
const queued = () => sql(server).count(`SELECT count(*) AS n FROM event_queue WHERE consumer = 'automation'`);

describe('Flow triggers', () => {
  it('sends nothing, and queues nothing, before Flow says a workflow uses the trigger', async () => {
    await award(members[0]!.id, 40);
    expect(await queued()).toBe(0);
    expect((await consume()).claimed).toBe(0);
    expect(sent()).toEqual([]);
  });

  it('takes the lifecycle callback only signed with the app secret, from an installed shop, for a known trigger', async () => {
    expect((await lifecycle(handles[0]!, true, {})).status).toBe(200);
    const forged = await signed(
      FLOW_LIFECYCLE_PATH,
      { flow_trigger_definition_id: handles[1], has_enabled_flow: true, shopify_domain: SHOP, timestamp: new Date().toISOString() },
      'not-the-secret',
    );
    expect(forged.status).toBe(401);
    expect((await lifecycle(handles[1]!, true, { shopify_domain: 'stranger.myshopify.com' })).status).toBe(404);
    const unknown = await lifecycle('Add row to spreadsheet', true);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/Unknown Flow trigger/);
    expect(await sql(server).all(`SELECT "trigger", enabled FROM automation_triggers`)).toEqual([
      { trigger: 'points_earned', enabled: expect.anything() },
    ]);
  });

  it('keeps the newest notice: one arriving late changes nothing', async () => {
    const late = await lifecycle(handles[0]!, false, { timestamp: '2025-06-01T00:00:00.000Z' });
    expect(late).toEqual({ status: 200, body: { recorded: false } });
    expect(await sql(server).count(`SELECT count(*) AS n FROM automation_triggers WHERE enabled = true`)).toBe(1);
  });

  it('sends points earned with the customer reference, the points, the balance and the reason', async () => {
    const m = members[0]!;
    await award(m.id, 60);
    expect(await consume()).toMatchObject({ claimed: 1, handled: 1 });
    expect(sent()).toEqual([
      {
        handle: 'rapport-points-earned',
        payload: { customer_id: Number(m.externalId), 'Points earned': 60, 'Points balance': 100, Reason: 'manual', Pending: false },
      },
    ]);
    const call = fake.requests.filter((r) => r.operation === 'flowTriggerReceive').at(-1)!;
    expect(call.accessToken).toMatch(/^shpat_/); // the app's offline token for the shop
  });

  it('sends tier changed, reward redeemed and segment entered once Flow enables them (by handle or by title)', async () => {
    expect((await lifecycle('Loyalty tier changed', true)).body).toEqual({ recorded: true });
    expect((await lifecycle(handles[2]!, true)).body).toEqual({ recorded: true });
    expect((await lifecycle(handles[3]!, true)).body).toEqual({ recorded: true });
    const program = await api('PUT', '/api/loyalty/program', {
      earnOrdersPlacedFrom: '2025-01-01T00:00:00Z',
      earning: { rates: [{ currency: 'PKR', points: 1, per: '100' }] },
      tiers: { basis: 'points_earned', period: 'lifetime' },
    });
    expect(program.status, JSON.stringify(program.body)).toBe(200);
    expect((await api('POST', '/api/loyalty/tiers', { name: 'Gold', threshold: 500, entryPoints: 0 })).status).toBe(201);
    const segment = await api('POST', '/api/segments', { name: 'Big savers', query: 'points_balance >= 400' });
    expect(segment.status).toBe(201);
    const m = members[1]!;
    await award(m.id, 600); // enters Gold and the segment
    await consume();
    const got = sent();
    const byHandle = Object.fromEntries(got.map((g) => [g.handle, g.payload]));
    expect(byHandle['rapport-tier-changed']).toEqual({
      customer_id: Number(m.externalId),
      'Previous tier': '',
      'New tier': 'Gold',
      Promoted: true,
    });
    expect(byHandle['rapport-segment-entered']).toEqual({ customer_id: Number(m.externalId), 'Segment name': 'Big savers' });
    expect(byHandle['rapport-points-earned']).toMatchObject({ 'Points earned': 600, 'Points balance': 600 });

    // The reward issuer reaches the store with the connection's own token (platforms/discount-issuers.ts).
    const shop = (await server.runtime.tenancy.connectionByDomain('shopify', SHOP))!;
    await server.runtime.tenancy.upsertConnection({
      accountId: shop.accountId,
      platform: 'shopify',
      domain: SHOP,
      accessToken: fake.accessToken,
    });
    const reward = await api('POST', '/api/loyalty/rewards', {
      name: '10% off',
      kind: 'percentage',
      percentage: 10,
      pointsCost: 250,
    });
    expect(reward.status).toBe(201);
    const redeemed = await api('POST', `/api/customers/${m.id}/redemptions`, { rewardId: reward.body.id, idempotencyKey: 'flow-redeem-1' });
    expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
    await consume();
    const after = sent();
    expect(after.find((g) => g.handle === 'rapport-reward-redeemed')?.payload).toEqual({
      customer_id: Number(m.externalId),
      'Reward name': '10% off',
      'Discount code': redeemed.body.redemption.code,
      'Points spent': 250,
      'Points balance': 350,
    });
  });

  it('sends nothing for a trigger Flow switched off', async () => {
    expect((await lifecycle(handles[0]!, false)).body).toEqual({ recorded: true });
    await award(members[2]!.id, 10);
    await consume();
    expect(sent()).toEqual([]);
    expect(await queued()).toBe(0);
  });

  it('retries a 5xx with the queue backoff, and parks a refusal at once', async () => {
    expect((await lifecycle(handles[0]!, true)).body).toEqual({ recorded: true });
    fake.failNext(2, { type: 'status', status: 503 }); // outlasts the client's one retry
    await award(members[2]!.id, 15);
    expect(await consume()).toMatchObject({ claimed: 1, retried: 1 });
    expect(sent()).toEqual([]);
    expect(await consume(new Date(Date.now() + 31_000))).toMatchObject({ claimed: 1, handled: 1 });
    expect(sent().map((g) => g.payload['Points earned'])).toEqual([15]);

    // An extension not deployed (Flow does not know the handle): refused with userErrors, parked, kept.
    handles.splice(handles.indexOf('rapport-points-earned'), 1);
    try {
      await award(members[3]!.id, 5);
      expect(await consume()).toMatchObject({ claimed: 1, parked: 1 });
      const row = await sql(server).get<{ lastError: string; dueAt: string }>(
        `SELECT last_error AS "lastError", due_at AS "dueAt" FROM event_queue WHERE consumer = 'automation'`,
      );
      expect(row!.lastError).toMatch(/points_earned: Invalid handle/);
      expect(String(row!.dueAt)).toMatch(/^9999/);
    } finally {
      handles.push('rapport-points-earned');
    }
  });
});

describe('Flow action: award loyalty points', () => {
  let run = 0;
  const action = (properties: Record<string, unknown>, over: Record<string, unknown> = {}) => ({
    shop_id: '1234',
    shopify_domain: SHOP,
    action_run_id: `run-${++run}`,
    action_definition_id: 'Award loyalty points',
    handle: 'rapport-award-points',
    properties: { step_reference: 'abc', ...properties },
    ...over,
  });
  const balanceOf = async (customerId: string) => (await api('GET', `/api/customers/${customerId}/loyalty`)).body.balance as number;
  const ledgerRows = (customerId: string) =>
    sql(server).count(`SELECT count(*) AS n FROM points_ledger WHERE customer_id = ? AND actor = 'shopify_flow'`, customerId);

  it('awards once per action_run_id: a retried run answers 200 and adds nothing', async () => {
    const m = members[3]!;
    const before = await balanceOf(m.id);
    const body = action({ customer_id: m.externalId, points: 25, reason: 'Left a review' });
    const first = await signed(FLOW_ACTION_PATH, body);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ outcome: 'awarded', points: 25, balance: before + 25 });
    const again = await signed(FLOW_ACTION_PATH, body);
    expect(again).toEqual({ status: 200, body: { outcome: 'already_awarded', balance: before + 25 } });
    expect(await balanceOf(m.id)).toBe(before + 25);
    expect(await ledgerRows(m.id)).toBe(1);
    const timeline = await api('GET', `/api/customers/${m.id}/timeline?kind=points`);
    expect(timeline.body.events[0].data).toMatchObject({ reason: 'manual', points: 25, note: 'Shopify Flow: Left a review' });
  });

  it('reads a numeric customer id and a points string the same way', async () => {
    const m = members[3]!;
    const r = await signed(FLOW_ACTION_PATH, action({ customer_id: Number(m.externalId), points: '5' }));
    expect(r.body).toMatchObject({ outcome: 'awarded', points: 5 });
  });

  it.each([
    {
      title: 'a bad signature',
      status: 401,
      body: () => action({ customer_id: members[3]!.externalId, points: 5 }),
      secret: 'wrong',
      reason: /invalid signature/,
    },
    {
      title: 'an unknown shop',
      status: 404,
      body: () => action({ customer_id: members[3]!.externalId, points: 5 }, { shopify_domain: 'nope.myshopify.com' }),
      reason: /not installed/,
    },
    { title: 'an unknown customer', status: 404, body: () => action({ customer_id: '999999', points: 5 }), reason: /Customer 999999/ },
    { title: 'zero points', status: 400, body: () => action({ customer_id: members[3]!.externalId, points: 0 }), reason: /whole number/ },
    {
      title: 'negative points',
      status: 400,
      body: () => action({ customer_id: members[3]!.externalId, points: -10 }),
      reason: /whole number/,
    },
    {
      title: 'fractional points',
      status: 400,
      body: () => action({ customer_id: members[3]!.externalId, points: 1.5 }),
      reason: /whole number/,
    },
    {
      title: 'too many points',
      status: 400,
      body: () => action({ customer_id: members[3]!.externalId, points: 100_001 }),
      reason: /whole number/,
    },
    {
      title: 'points that are not a number',
      status: 400,
      body: () => action({ customer_id: members[3]!.externalId, points: 'lots' }),
      reason: /points/,
    },
    {
      title: 'another action handle',
      status: 400,
      body: () => action({ customer_id: members[3]!.externalId, points: 5 }, { handle: 'place-bid' }),
      reason: /Unknown Flow action/,
    },
  ])('refuses $title with $status and a reason, changing nothing', async ({ status, body, secret, reason }) => {
    const m = members[3]!;
    const before = await balanceOf(m.id);
    const rows = await ledgerRows(m.id);
    const r = await signed(FLOW_ACTION_PATH, body(), secret);
    expect(r.status).toBe(status);
    expect(r.body.error.message).toMatch(reason);
    expect(await balanceOf(m.id)).toBe(before);
    expect(await ledgerRows(m.id)).toBe(rows);
  });
});
