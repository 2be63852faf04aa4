import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAbandonedCheckouts } from '../../src/crm/checkouts/abandoned-checkout.pass.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import { messageTemplatesOn } from '../../src/db/message-templates.repo.ts';
import { fixture } from '../helpers/fixtures.ts';
import { call, createShop, type Shop } from '../helpers/loyalty.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { postShopify, postWoo } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// The abandoned-checkout flow end to end on both databases: signed Shopify checkouts/create and
// checkouts/update (twice, out of order) make one checkout with the latest state; after the flow's
// delay the leader's pass queues exactly one message with the recovery link and the sender sends
// it; an order before the delay (even one arriving before its checkout) stops it; no marketing
// consent stops it; an order after the message counts as recovered in the flow's figures. The
// WooCommerce equivalent (an order left awaiting payment, its payment_url) goes the same way.

const WOO_SECRET = 'woo-abandoned-secret';
const MIN = 60_000;
let server: TestServer;
let shop: Shop;
let woo: { accountId: string; connectionId: string };
const base = Date.now();
const at = (minutes: number) => new Date(base + minutes * MIN).toISOString();

const pass = (minutes: number) => runAbandonedCheckouts(server.runtime.messaging.checkouts, at(minutes));

async function shopify(topic: string, body: string) {
  expect((await postShopify(server.url, { topic, shop: shop.domain, body })).status).toBe(200);
  await server.drain();
}
async function wooPost(topic: string, body: string) {
  expect((await postWoo(server.url, { connectionId: woo.connectionId, topic, body, secret: WOO_SECRET })).status).toBe(200);
  await server.drain();
}

/** A checkouts/* body: its own id, token and shopper, at `minutes` from the test's start. */
function checkout(n: number, minutes: number, over: Record<string, unknown> = {}) {
  return fixture('shopify/checkout-create.json', (b) => {
    Object.assign(b, {
      id: 9000 + n,
      token: `tok${n}`,
      email: `shopper${n}@example.pk`,
      created_at: at(0),
      updated_at: at(minutes),
      abandoned_checkout_url: `https://checkout.local/548380009/checkouts/tok${n}/recover?key=secret${n}`,
      buyer_accepts_marketing: true,
      ...over,
    });
    (b.customer as Record<string, unknown>).id = 7000 + n;
    (b.customer as Record<string, unknown>).email = `shopper${n}@example.pk`;
  });
}
function order(n: number, checkoutRef: Record<string, unknown>, minutes: number) {
  return fixture('shopify/order-card-paid.json', (b) => {
    Object.assign(b, {
      id: 8000 + n,
      email: `shopper${n}@example.pk`,
      created_at: at(minutes),
      processed_at: at(minutes),
      updated_at: at(minutes),
      test: false,
      ...checkoutRef,
    });
  });
}

type Row = {
  status: string;
  total_minor: number;
  items: string;
  due_at: string | null;
  recovered_minor: number | null;
  skip_reason: string;
};
const rows = (externalId: string, connectionId = shop.connectionId) =>
  sql(server).all<Row>(
    'SELECT status, total_minor, items, due_at, recovered_minor, skip_reason FROM checkouts WHERE connection_id = ? AND external_id = ?',
    connectionId,
    externalId,
  );
const messagesOf = (accountId: string) =>
  sql(server).all<{ id: string; status: string; to_address: string; html: string }>(
    `SELECT m.id, m.status, m.to_address, b.html FROM messages m JOIN message_bodies b ON b.message_id = m.id
     WHERE m.account_id = ? AND m.source = 'flow' AND m.source_id = 'abandoned_checkout' ORDER BY m.queued_at`,
    accountId,
  );
const iso = (v: unknown) => new Date(String(v)).toISOString();

const section = (text: string) => `<mj-section><mj-column><mj-text>${text}</mj-text></mj-column></mj-section>`;
const TEMPLATE = {
  name: 'Your cart',
  purpose: 'marketing',
  variants: {
    en: {
      subject: 'You left {{ checkout.item_count }} items',
      body: section('{{ checkout.items }} — {{ checkout.total | money }} <a href="{{ checkout.url }}">Complete your order</a>'),
    },
  },
};

/** The ready-made template (en, ur, pa, hi), chosen by the API, then the flow switched on. */
async function enable(domain: string) {
  expect((await call(server, domain, 'POST', '/api/flows/welcome/default-template')).status).toBe(400);
  const first = await call(server, domain, 'POST', '/api/flows/abandoned_checkout/default-template');
  expect(first.status).toBe(201);
  expect(first.body).toMatchObject({ kind: 'abandoned_checkout', enabled: false, delayMinutes: 60 });
  // Again: the template saved the first time is chosen, not a second copy.
  const again = await call(server, domain, 'POST', '/api/flows/abandoned_checkout/default-template');
  expect(again.body.templateId).toBe(first.body.templateId);
  expect(await sql(server).count("SELECT count(*) FROM message_templates WHERE name = 'Abandoned checkout'")).toBe(1);
  const res = await call(server, domain, 'PATCH', '/api/flows/abandoned_checkout', { enabled: true });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ enabled: true, templateId: first.body.templateId, delayMinutes: 60 });
}

beforeAll(async () => {
  server = await startTestServer();
  shop = await createShop(server, 'abandoned.myshopify.com');
  const t = server.runtime.tenancy;
  const accountId = await t.createAccount('abandoned-woo.example.pk', 'PKR');
  const connectionId = (
    await t.upsertConnection({
      accountId,
      platform: 'woocommerce',
      domain: 'https://shop.example.pk/',
      currency: 'PKR',
      country: 'PK',
      webhookSecret: WOO_SECRET,
    })
  ).id;
  woo = { accountId, connectionId };
  await enable(shop.domain);
});
afterAll(() => server.close());

describe('Shopify checkouts', () => {
  it('keeps one checkout with the latest state through duplicates and reordering, and writes once after the delay', async () => {
    const older = checkout(1, 0, { total_price: '199.00', buyer_accepts_marketing: false });
    const newer = checkout(1, 5, {
      total_price: '398.00',
      line_items: [
        { title: 'IPod Nano - 8GB', quantity: 2, price: '199.00' },
        { title: 'Case', quantity: 1, price: '0.00' },
      ],
    });
    // The update first, then the create it supersedes, then each again.
    for (const [topic, body] of [
      ['checkouts/update', newer],
      ['checkouts/create', older],
      ['checkouts/update', newer],
      ['checkouts/create', older],
    ] as const)
      await shopify(topic, body);
    const [row, ...more] = await rows('9001');
    expect(more).toEqual([]);
    expect(row).toMatchObject({ status: 'open', total_minor: 39800 });
    expect(JSON.parse(row!.items)).toEqual([
      { title: 'IPod Nano - 8GB', quantity: 2 },
      { title: 'Case', quantity: 1 },
    ]);
    // The delay (60 minutes by default) counts from the shopper's last step.
    expect(iso(row!.due_at)).toBe(at(65));

    expect(await pass(64)).toEqual({ messaged: 0, skipped: 0 });
    expect(await pass(66)).toEqual({ messaged: 1, skipped: 0 });
    expect(await pass(67)).toEqual({ messaged: 0, skipped: 0 });
    await shopify('checkouts/update', newer);
    expect(await pass(200)).toEqual({ messaged: 0, skipped: 0 });

    const sent = await messagesOf(shop.accountId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to_address).toBe('shopper1@example.pk');
    expect(sent[0]!.html).toContain('https://checkout.local/548380009/checkouts/tok1/recover?key=secret1');
    expect(sent[0]!.html).toContain('2 × IPod Nano - 8GB, Case');
    expect((await rows('9001'))[0]!.status).toBe('messaged');
    // Consent (ticked at checkout) holds at send time: it goes.
    expect(await sendDueMessages(server.runtime.messaging.sender, () => new Date(at(68)))).toMatchObject({ sent: 1 });
  });

  it('an order for the checkout before the delay stops it, even one arriving before the checkout', async () => {
    await shopify('checkouts/create', checkout(2, 0));
    await shopify('orders/create', order(2, { checkout_id: 9002, checkout_token: 'tok2' }, 10));
    expect((await rows('9002'))[0]).toMatchObject({ status: 'completed', due_at: null });

    // Out of order: the order (naming only the token) comes before its checkout's deliveries.
    await shopify('orders/create', order(3, { checkout_id: null, checkout_token: 'tok3' }, 10));
    await shopify('checkouts/update', checkout(3, 5));
    await shopify('checkouts/create', checkout(3, 0));
    expect((await sql(server).all("SELECT status FROM checkouts WHERE token = 'tok3'")).map((r) => r.status)).toEqual(['completed']);

    const before = (await messagesOf(shop.accountId)).length;
    expect(await pass(300)).toEqual({ messaged: 0, skipped: 0 });
    expect(await messagesOf(shop.accountId)).toHaveLength(before);
  });

  it('writes nothing without marketing consent', async () => {
    await shopify('checkouts/create', checkout(4, 0, { buyer_accepts_marketing: false }));
    const before = (await messagesOf(shop.accountId)).length;
    expect(await pass(70)).toEqual({ messaged: 0, skipped: 1 });
    expect((await rows('9004'))[0]).toMatchObject({ status: 'skipped', skip_reason: 'no_consent' });
    expect(await messagesOf(shop.accountId)).toHaveLength(before);
    expect(
      await sql(server).count("SELECT sum(count) FROM flow_skips WHERE account_id = ? AND reason = 'no_consent'", shop.accountId),
    ).toBe(1);
  });

  it('an order after the message counts as recovered, with its revenue in the flow figures', async () => {
    await shopify('checkouts/create', checkout(5, 0));
    expect(await pass(61)).toEqual({ messaged: 1, skipped: 0 });
    await shopify('orders/create', order(5, { checkout_id: 9005, checkout_token: 'tok5' }, 90));
    await shopify('orders/updated', order(5, { checkout_id: 9005, checkout_token: 'tok5' }, 91));
    const row = (await rows('9005'))[0]!;
    expect(row.status).toBe('recovered');
    const total = await sql(server).value<number>("SELECT total_minor FROM orders WHERE external_id = '8005'");
    expect(Number(row.recovered_minor)).toBe(Number(total));
    const flows = await call(server, shop.domain, 'GET', '/api/flows');
    const figures = flows.body.flows.find((f: { kind: string }) => f.kind === 'abandoned_checkout').figures;
    expect(figures).toMatchObject({ recovered: 1, recoveredMinor: Number(total), recoveredCurrency: 'USD' });
  });

  it('writes to a shopper at most once a day', async () => {
    // Shopper 6 abandons twice within the day: the second checkout is let go.
    await shopify('checkouts/create', checkout(6, 0));
    await shopify('checkouts/create', fixtureWithSameShopper(6, 7, 30));
    expect(await pass(95)).toEqual({ messaged: 1, skipped: 1 });
    expect((await rows('9007'))[0]).toMatchObject({ status: 'skipped', skip_reason: 'frequency' });
  });
});

describe('the shop frequency cap', () => {
  it('counts the flow: a shopper at the cap gets no abandoned-checkout message', async () => {
    expect((await call(server, shop.domain, 'PUT', '/api/campaign-settings', { cap: { messages: 1, days: 7 } })).status).toBe(200);
    await shopify('checkouts/create', checkout(10, 2000));
    expect(await pass(2061)).toEqual({ messaged: 1, skipped: 0 });
    // A day and more later (past the flow's own daily rule), the cap still holds.
    await shopify('checkouts/create', fixtureWithSameShopper(10, 11, 3500));
    expect(await pass(3561)).toEqual({ messaged: 0, skipped: 1 });
    expect((await rows('9011'))[0]).toMatchObject({ status: 'skipped', skip_reason: 'capped' });
    expect((await call(server, shop.domain, 'PUT', '/api/campaign-settings', { cap: null })).status).toBe(200);
  });
});

/** Checkout `n` by the shopper of checkout `shopper`. */
function fixtureWithSameShopper(shopper: number, n: number, minutes: number) {
  return fixture('shopify/checkout-create.json', (b) => {
    Object.assign(b, {
      id: 9000 + n,
      token: `tok${n}`,
      email: `shopper${shopper}@example.pk`,
      created_at: at(minutes),
      updated_at: at(minutes),
      buyer_accepts_marketing: true,
    });
    (b.customer as Record<string, unknown>).id = 7000 + shopper;
    (b.customer as Record<string, unknown>).email = `shopper${shopper}@example.pk`;
  });
}

describe('WooCommerce: orders left awaiting payment', () => {
  const wooOrder = (id: number, status: string, minutes: number, over: Record<string, unknown> = {}) =>
    fixture('woocommerce/order-guest.json', (b) => {
      Object.assign(b, {
        id,
        number: String(id),
        status,
        date_created_gmt: at(0).slice(0, 19),
        date_modified_gmt: at(minutes).slice(0, 19),
        date_paid_gmt: status === 'pending' ? null : at(minutes).slice(0, 19),
        payment_url: `https://shop.example.pk/checkout/order-pay/${id}/?pay_for_order=true&key=wc_order_${id}`,
        ...over,
      });
      Object.assign(b.billing as Record<string, unknown>, { email: `woo${id}@example.pk`, phone: `+92 300 0000${id}` });
    });
  const customerWith = (id: number, consent: string) =>
    fixture('woocommerce/customer-created.json', {
      id,
      email: `woo${id}@example.pk`,
      meta_data: [
        { id: 1, key: 'rapport_marketing_consent', value: consent },
        { id: 2, key: 'rapport_marketing_consent_at', value: at(-60).slice(0, 19) },
      ],
    });

  beforeAll(async () => {
    // WooCommerce accounts use the same flow: its template and setting written directly (the admin
    // API's refusals are the Shopify shop's tests above and flows-api.test.ts).
    const now = new Date().toISOString();
    await messageTemplatesOn(server.runtime.database.x).insert({
      id: 'tpl_woo_abandoned',
      accountId: woo.accountId,
      channel: 'email',
      createdAt: now,
      updatedAt: now,
      ...TEMPLATE,
    } as Parameters<ReturnType<typeof messageTemplatesOn>['insert']>[0]);
    await server.runtime.store.transaction((repos) =>
      repos.flows.upsert(woo.accountId, {
        kind: 'abandoned_checkout',
        enabled: true,
        templateId: 'tpl_woo_abandoned',
        delayMinutes: 30,
        options: {},
        updatedAt: now,
      }),
    );
  });

  it('a subscribed shopper who left the payment page gets one message with the payment link; paying later recovers it', async () => {
    await wooPost('customer.created', customerWith(501, 'subscribed'));
    await wooPost('order.created', wooOrder(601, 'pending', 1, { customer_id: 501 }));
    await wooPost('order.updated', wooOrder(601, 'pending', 2, { customer_id: 501 }));
    expect((await rows('601', woo.connectionId))[0]).toMatchObject({ status: 'open', total_minor: 149900 });
    expect(await pass(31)).toEqual({ messaged: 0, skipped: 0 });
    expect(await pass(33)).toEqual({ messaged: 1, skipped: 0 });
    const sent = await messagesOf(woo.accountId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.html).toContain('https://shop.example.pk/checkout/order-pay/601/?pay_for_order=true&amp;key=wc_order_601');
    await wooPost('order.updated', wooOrder(601, 'processing', 50, { customer_id: 501 }));
    expect((await rows('601', woo.connectionId))[0]).toMatchObject({ status: 'recovered', recovered_minor: 149900 });
  });

  it('paid before the delay, cancelled, or without consent: nothing', async () => {
    await wooPost('customer.created', customerWith(502, 'subscribed'));
    await wooPost('order.created', wooOrder(602, 'pending', 1, { customer_id: 502 }));
    await wooPost('order.updated', wooOrder(602, 'processing', 10, { customer_id: 502 }));
    expect((await rows('602', woo.connectionId))[0]).toMatchObject({ status: 'completed' });

    await wooPost('customer.created', customerWith(503, 'subscribed'));
    await wooPost('order.created', wooOrder(603, 'pending', 1, { customer_id: 503 }));
    // WooCommerce cancels unpaid orders after its "Hold stock" minutes: the payment link is dead.
    await wooPost('order.updated', wooOrder(603, 'cancelled', 20, { customer_id: 503 }));
    expect((await rows('603', woo.connectionId))[0]).toMatchObject({ status: 'closed' });

    // A guest: WooCommerce records no marketing consent of its own.
    await wooPost('order.created', wooOrder(604, 'pending', 1));
    // A paid order that was never awaiting payment leaves no checkout at all.
    await wooPost('order.created', wooOrder(605, 'processing', 1));
    expect(await rows('605', woo.connectionId)).toEqual([]);

    const before = (await messagesOf(woo.accountId)).length;
    expect(await pass(120)).toEqual({ messaged: 0, skipped: 1 });
    expect((await rows('604', woo.connectionId))[0]).toMatchObject({ status: 'skipped', skip_reason: 'no_consent' });
    expect(await messagesOf(woo.accountId)).toHaveLength(before);
  });
});
