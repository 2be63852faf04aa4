import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeEvents } from '../../src/crm/domain-events/consumer.service.ts';
import { runFlowDailyPass } from '../../src/crm/flows/daily-pass.service.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { customer } from '../helpers/canonical.ts';
import { localDayOf } from '../../src/crm/loyalty/calendar.ts';
import { messageTemplatesOn } from '../../src/db/message-templates.repo.ts';
import { fixture } from '../helpers/fixtures.ts';
import { call, codPending, createShop, customerId, placeOrder, tick, type Shop } from '../helpers/loyalty.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// Automated flows on a real runtime (both databases): the admin API (defaults off, refusals that
// change nothing, figures), and each flow started from a real trigger path — a signed Shopify
// customers/create webhook through the server and the inbox worker, orders through the ingest,
// points through the admin API — queueing exactly one message with the flow's template and send
// time; nothing when a flow is off, for a stale (backfilled) event, or for a replayed webhook.

let server: TestServer;
let shop: Shop;
let other: Shop;
let templateId: string;

const section = (text: string) => `<mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section>`;
const TEMPLATE = {
  name: 'Flow mail',
  purpose: 'marketing',
  variants: { en: { subject: 'Hi {{ first_name }} {{ order.number }} {{ points.balance }}', body: section('Hello {{ first_name }}') } },
};

type MessageRow = { source_id: string; idempotency_key: string; subject: string; next_attempt_at: string; customer_id: string };
const flowMessages = async (accountId = shop.accountId) =>
  sql(server).all<MessageRow>(
    `SELECT source_id, idempotency_key, subject, next_attempt_at, customer_id FROM messages
     WHERE account_id = ? AND source = 'flow' ORDER BY idempotency_key`,
    accountId,
  );
const queued = async () =>
  (await sql(server).all<{ n: number }>('SELECT count(*) AS n FROM event_queue WHERE account_id = ?', shop.accountId))[0]!.n;
const consume = () => consumeEvents(server.runtime.messaging.flows);
const patch = (kind: string, body: unknown, domain = shop.domain) => call(server, domain, 'PATCH', `/api/flows/${kind}`, body);
const kinds = (rows: MessageRow[]) => rows.map((m) => m.source_id).sort();

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop(server, 'flows.myshopify.com');
  other = await createShop(server, 'flows-other.myshopify.com');
  const program = await call(server, shop.domain, 'PUT', '/api/loyalty/program', {
    earnOrdersPlacedFrom: '2025-01-01T00:00:00Z',
    earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
    tiers: { basis: 'points_earned', period: 'lifetime' },
  });
  expect(program.status).toBe(200);
  for (const tier of [
    { name: 'Silver', threshold: 100 },
    { name: 'Gold', threshold: 1000 },
  ])
    expect((await call(server, shop.domain, 'POST', '/api/loyalty/tiers', tier)).status).toBe(201);
  const reward = await call(server, shop.domain, 'POST', '/api/loyalty/rewards', {
    name: 'USD 5 off',
    kind: 'fixed_amount',
    amountMinor: 500,
    currency: 'USD',
    pointsCost: 200,
  });
  expect(reward.status).toBe(201);
  const created = await call(server, shop.domain, 'POST', '/api/message-templates', TEMPLATE);
  expect(created.status).toBe(201);
  templateId = created.body.id;
});
afterAll(() => server.close());

describe('admin API', () => {
  it('lists every flow kind, off by default, with zero figures', async () => {
    const res = await call(server, shop.domain, 'GET', '/api/flows');
    expect(res.status).toBe(200);
    expect(res.body.flows.map((f: any) => f.kind)).toEqual([
      'welcome',
      'points_earned',
      'points_available',
      'reward_affordable',
      'points_expiring',
      'tier_up',
      'tier_down',
      'referral_rewarded',
      'birthday',
      'win_back',
      'feedback',
      'abandoned_checkout',
    ]);
    for (const f of res.body.flows) {
      // Abandoned checkout waits an hour after the shopper's last step unless the merchant says otherwise.
      expect(f).toMatchObject({ enabled: false, templateId: null, delayMinutes: f.kind === 'abandoned_checkout' ? 60 : 0 });
      expect(f.figures).toEqual({
        queued: 0,
        sent: 0,
        failed: 0,
        suppressed: 0,
        skipped: 0,
        recovered: 0,
        recoveredMinor: 0,
        recoveredCurrency: null,
      });
    }
  });

  it('refuses a missing, foreign or wrong-channel template, switching on without one, and bad input, changing nothing', async () => {
    const whatsapp = 'tpl_whatsapp_flows';
    const now = new Date().toISOString();
    await messageTemplatesOn(server.runtime.database.x).insert({
      id: whatsapp,
      accountId: shop.accountId,
      name: 'WhatsApp hello',
      channel: 'whatsapp',
      purpose: 'marketing',
      variants: TEMPLATE.variants,
      createdAt: now,
      updatedAt: now,
    });
    const foreign = await call(server, other.domain, 'POST', '/api/message-templates', TEMPLATE);
    const cases: Array<[string, unknown, RegExp]> = [
      ['welcome', { enabled: true }, /template/i],
      ['welcome', { templateId: 'tpl_nope' }, /No such message template/],
      ['welcome', { templateId: foreign.body.id }, /No such message template/],
      ['welcome', { templateId: whatsapp }, /whatsapp/],
      ['welcome', { delayMinutes: -5 }, /delayMinutes/],
      ['welcome', { options: { sendAtHour: 24 } }, /sendAtHour/],
      ['welcome', {}, /Nothing to change/],
      ['birthday_party', { enabled: false }, /kind/],
    ];
    for (const [kind, body, reason] of cases) {
      const res = await patch(kind, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body)).toMatch(reason);
    }
    expect((await sql(server).all('SELECT * FROM flows')).length).toBe(0);
  });
});

describe('welcome', () => {
  const live = (id: number, email: string) => {
    const at = new Date(Date.now() - 60_000).toISOString();
    return fixture('shopify/customer-create.json', { id, email, phone: null, created_at: at, updated_at: at });
  };

  it('queues nothing while the flow is off', async () => {
    expect(
      (await postShopify(server.url, { topic: 'customers/create', shop: shop.domain, body: live(1001, 'off@example.pk') })).status,
    ).toBe(200);
    await server.drain();
    expect(await queued()).toBe(0);
    await consume();
    expect(await flowMessages()).toEqual([]);
  });

  it('welcomes a live customer once, after the delay, through a signed webhook; a replay and a backfilled customer get nothing', async () => {
    const res = await patch('welcome', { enabled: true, templateId, delayMinutes: 60 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: 'welcome', enabled: true, templateId, delayMinutes: 60 });
    const body = live(1002, 'sana@example.pk');
    expect((await postShopify(server.url, { topic: 'customers/create', shop: shop.domain, body })).status).toBe(200);
    // The same customer delivered again (a replay with its own webhook id): its timeline entry exists, nothing is queued.
    expect((await postShopify(server.url, { topic: 'customers/create', shop: shop.domain, body })).status).toBe(200);
    // A customer created a month ago, arriving now (a backfill, a late import): stale, dropped.
    const old = fixture('shopify/customer-create.json', { id: 1003, email: 'old@example.pk', phone: null });
    expect((await postShopify(server.url, { topic: 'customers/create', shop: shop.domain, body: old })).status).toBe(200);
    await server.drain();
    expect(await queued()).toBe(2);
    const pass = await consume();
    expect(pass).toMatchObject({ claimed: 2, handled: 2 });
    expect(await queued()).toBe(0);
    const [message, ...rest] = await flowMessages();
    expect(rest).toEqual([]);
    const created = JSON.parse(body).created_at as string;
    const sana = await sql(server).get<{ id: string }>('SELECT id FROM customers WHERE email = ?', 'sana@example.pk');
    expect(message).toMatchObject({
      source_id: 'welcome',
      customer_id: sana!.id,
      idempotency_key: `flow:welcome:customer_created:${sana!.id}`,
      subject: 'Hi بلال 0', // no order yet: the subject is folded onto one line
    });
    expect(new Date(message!.next_attempt_at).toISOString()).toBe(new Date(Date.parse(created) + 3_600_000).toISOString());
    expect((await consume()).claimed).toBe(0);
    const flows = (await call(server, shop.domain, 'GET', '/api/flows')).body.flows;
    expect(flows.find((f: any) => f.kind === 'welcome').figures).toMatchObject({ queued: 1, skipped: 1 });
    await patch('welcome', { enabled: false });
  });
});

describe('loyalty flows', () => {
  it('points earned, tier up and reward affordable: one message each, from orders and staff points', async () => {
    for (const kind of ['points_earned', 'tier_up', 'tier_down', 'reward_affordable'])
      expect((await patch(kind, { enabled: true, templateId })).status).toBe(200);
    const before = (await flowMessages()).length;
    await placeOrder(server, shop, 'o1', 'ayesha', 150, new Date(Date.now() - 3_600_000).toISOString());
    await consume();
    const ayesha = await customerId(server, shop, 'ayesha');
    let mine = (await flowMessages()).filter((m) => m.customer_id === ayesha);
    // 150 points (below the 200 reward) and Silver reached.
    expect(kinds(mine)).toEqual(['points_earned', 'tier_up']);
    expect(
      (await call(server, shop.domain, 'POST', `/api/customers/${ayesha}/points`, { points: 100, note: 'Eid gift' })).status,
    ).toBeLessThan(300);
    await consume();
    mine = (await flowMessages()).filter((m) => m.customer_id === ayesha);
    expect(kinds(mine)).toEqual(['points_earned', 'points_earned', 'reward_affordable', 'tier_up']);
    expect(mine.find((m) => m.source_id === 'reward_affordable')!.subject).toContain('250');
    // A unit that applies a year-old order now (a backfill) and moves its shopper up a tier: the
    // tier change is computed now, but it follows from old history: nothing is sent.
    const old = new Date(Date.now() - 365 * 86_400_000).toISOString();
    await applyEvent(server.runtime.store, shop.connectionId, {
      type: 'customer.upserted',
      customer: customer('nadia', { email: 'nadia@example.com', createdAt: old, updatedAt: old }),
    });
    const nadia = await customerId(server, shop, 'nadia');
    const base = { accountId: shop.accountId, customerId: nadia, subjectType: null, subjectId: null };
    await server.runtime.store.transaction(async (r) => {
      await r.timeline.add({ ...base, kind: 'order_placed', occurredAt: old, data: { name: '#h1' }, dedupeKey: 'order_placed:h1' });
      await r.timeline.add({
        ...base,
        kind: 'tier_changed',
        occurredAt: new Date().toISOString(),
        data: { from: null, to: { id: 'tier_x', name: 'Silver' }, why: 'qualified' },
        dedupeKey: 'tier_changed:nadia',
      });
    });
    await consume();
    expect((await flowMessages()).filter((m) => m.customer_id === nadia)).toEqual([]);
    // A replayed order changes nothing and queues nothing.
    await placeOrder(server, shop, 'o1', 'ayesha', 150, new Date(Date.now() - 3_600_000).toISOString());
    await consume();
    expect((await flowMessages()).length).toBe(before + 4);
    for (const kind of ['points_earned', 'tier_up', 'tier_down', 'reward_affordable']) await patch(kind, { enabled: false });
  });
});

describe('feedback', () => {
  it('asks once about a delivered order, naming it, and never about a cancelled one', async () => {
    expect((await patch('feedback', { enabled: true, templateId, options: { sendAtHour: null } })).status).toBe(200);
    const at = new Date(Date.now() - 3_600_000).toISOString();
    await placeOrder(server, shop, 'd1', 'bilal', 20, at, { fulfilmentStatus: 'delivered', fulfilledAt: at, deliveredAt: at });
    await placeOrder(server, shop, 'd2', 'bilal', 20, at, {
      fulfilmentStatus: 'delivered',
      fulfilledAt: at,
      deliveredAt: at,
      status: 'cancelled',
      cancelledAt: at,
    });
    await consume();
    await consume();
    const bilal = await customerId(server, shop, 'bilal');
    const mine = (await flowMessages()).filter((m) => m.customer_id === bilal);
    expect(mine.map((m) => [m.source_id, m.subject])).toEqual([['feedback', expect.stringContaining('#d1')]]);
    expect((await call(server, shop.domain, 'GET', '/api/flows')).body.flows.find((f: any) => f.kind === 'feedback').figures).toMatchObject(
      {
        queued: 1,
        skipped: 1,
      },
    );
    await patch('feedback', { enabled: false });
  });
});

describe('calendar flows', () => {
  const DAY = 86_400_000;
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

  it("birthday: once on the shop's day, at 10:00 in its time zone, however often the pass runs", async () => {
    await server.runtime.tenancy.updateConnection(shop.connectionId, { timezone: 'Asia/Karachi' });
    await placeOrder(server, shop, 'b1', 'zara', 5, ago(3_600_000));
    await placeOrder(server, shop, 'b2', 'yusuf', 5, ago(3_600_000));
    const zara = await customerId(server, shop, 'zara');
    const yusuf = await customerId(server, shop, 'yusuf');
    const today = localDayOf(new Date().toISOString(), 'Asia/Karachi').slice(5);
    const other = today === '01-01' ? '06-15' : '01-01';
    expect((await call(server, shop.domain, 'PATCH', `/api/customers/${zara}/loyalty`, { birthday: today })).status).toBe(200);
    expect((await call(server, shop.domain, 'PATCH', `/api/customers/${yusuf}/loyalty`, { birthday: other })).status).toBe(200);
    expect((await patch('birthday', { enabled: true, templateId, options: { sendAtHour: 10 } })).status).toBe(200);
    const now = new Date().toISOString();
    expect((await runFlowDailyPass(server.runtime.store, now)).birthdays).toBe(1);
    expect((await runFlowDailyPass(server.runtime.store, now)).birthdays).toBe(0);
    await consume();
    const mine = (await flowMessages()).filter((m) => m.source_id === 'birthday');
    expect(mine.map((m) => m.customer_id)).toEqual([zara]);
    const sendAt = new Date(mine[0]!.next_attempt_at);
    // 10:00 in Karachi (UTC+5) is 05:00 UTC, the first one from now.
    expect(sendAt.getUTCHours()).toBe(5);
    expect(sendAt.getUTCMinutes()).toBe(0);
    expect(sendAt.getTime()).toBeGreaterThanOrEqual(Date.parse(now));
    expect(sendAt.getTime() - Date.parse(now)).toBeLessThanOrEqual(DAY);
    await patch('birthday', { enabled: false });
  });

  it('win-back: once per lapse, at the expected reorder time where insights have one, else after the flow’s days', async () => {
    await placeOrder(server, shop, 'w1', 'farah', 5, ago(61 * DAY)); // lapsed: 60 days, no score
    await placeOrder(server, shop, 'w2', 'gul', 5, ago(61 * DAY)); // scored: expected back next week
    await placeOrder(server, shop, 'w3', 'hina', 5, ago(30 * DAY)); // scored: expected an hour ago
    await placeOrder(server, shop, 'w4', 'iqra', 5, ago(200 * DAY)); // long gone: not news
    const score = (who: string, expected: string) =>
      customerId(server, shop, who).then((id) =>
        sql(server).run(
          'INSERT INTO customer_scores (customer_id, account_id, next_order_expected_at, computed_at) VALUES (?, ?, ?, ?)',
          id,
          shop.accountId,
          expected,
          new Date().toISOString(),
        ),
      );
    await score('gul', new Date(Date.now() + 7 * DAY).toISOString());
    await score('hina', ago(3_600_000));
    expect((await patch('win_back', { enabled: true, templateId, options: { days: 60 } })).status).toBe(200);
    const now = new Date().toISOString();
    expect((await runFlowDailyPass(server.runtime.store, now)).lapsed).toBe(2);
    expect((await runFlowDailyPass(server.runtime.store, now)).lapsed).toBe(0);
    await consume();
    const ids = { farah: await customerId(server, shop, 'farah'), hina: await customerId(server, shop, 'hina') };
    const mine = (await flowMessages()).filter((m) => m.source_id === 'win_back');
    expect(mine.map((m) => m.customer_id).sort()).toEqual([ids.farah, ids.hina].sort());
    await patch('win_back', { enabled: false });
  });
});

describe('points available and expiring', () => {
  const DAY = 86_400_000;
  const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

  it('points available: once when a cash-on-delivery order is delivered and its pending points become spendable', async () => {
    expect((await patch('points_available', { enabled: true, templateId })).status).toBe(200);
    const placed = ago(2 * 3_600_000);
    await placeOrder(server, shop, 'c1', 'laila', 30, placed, codPending);
    await consume();
    const laila = await customerId(server, shop, 'laila');
    expect((await flowMessages()).filter((m) => m.customer_id === laila)).toEqual([]);
    const delivered = ago(3_600_000);
    const paid = { fulfilmentStatus: 'delivered', fulfilledAt: delivered, deliveredAt: delivered, paymentMethod: 'cod' } as const;
    await placeOrder(server, shop, 'c1', 'laila', 30, placed, { ...paid, paymentStatus: 'paid', paidAt: delivered, updatedAt: delivered });
    // Pending points are released by the loyalty scheduler once their trigger (delivery) and delay have passed.
    await tick(server, new Date().toISOString());
    await consume();
    await placeOrder(server, shop, 'c1', 'laila', 30, placed, { ...paid, paymentStatus: 'paid', paidAt: delivered, updatedAt: delivered });
    await consume();
    const mine = (await flowMessages()).filter((m) => m.customer_id === laila);
    expect(mine.map((m) => m.source_id)).toEqual(['points_available']);
    await patch('points_available', { enabled: false });
  });

  it('points expiring: one message per reminder the loyalty scheduler records', async () => {
    const program = await call(server, shop.domain, 'PUT', '/api/loyalty/program', {
      earnOrdersPlacedFrom: '2025-01-01T00:00:00Z',
      earning: { rates: [{ currency: 'USD', points: 1, per: '1' }] },
      tiers: { basis: 'points_earned', period: 'lifetime' },
      expiry: { mode: 'per_entry', months: 6, reminderDays: [30] },
    });
    expect(program.status).toBe(200);
    expect((await patch('points_expiring', { enabled: true, templateId })).status).toBe(200);
    // Earned a little under six months ago: expires in about ten days, so the 30-day reminder is due.
    await placeOrder(server, shop, 'e1', 'kiran', 40, ago(172 * DAY));
    const now = new Date().toISOString();
    await tick(server, now);
    await tick(server, now);
    await consume();
    const kiran = await customerId(server, shop, 'kiran');
    const mine = (await flowMessages()).filter((m) => m.customer_id === kiran);
    expect(mine.map((m) => [m.source_id, m.subject])).toEqual([['points_expiring', expect.stringContaining('40')]]);
    await patch('points_expiring', { enabled: false });
  });
});
