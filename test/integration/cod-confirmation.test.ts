import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { COD_CANCEL, COD_CONFIRM, runCodConfirmations } from '../../src/crm/cod/cod-confirmation.service.ts';
import { sendDueMessages } from '../../src/crm/messaging/sender.service.ts';
import { processWhatsAppWebhooks } from '../../src/crm/messaging/whatsapp/webhook.service.ts';
import { startShopifyAppFake, type ShopifyAppFake } from '../fakes/shopify-app.fake.ts';
import { startWhatsAppFake, type WhatsAppFake } from '../fakes/whatsapp.fake.ts';
import { startWooFake, type WooFake } from '../fakes/woocommerce.fake.ts';
import { customer, order } from '../helpers/canonical.ts';
import { startTestServer, TEST_API_KEY, TEST_API_SECRET, type TestServer } from '../helpers/server.ts';
import { sessionToken } from '../helpers/signed.ts';
import { sql } from '../helpers/sql.ts';

// COD confirmation end to end on a Shopify store (the local Admin API) and the WhatsApp Cloud API
// fake: a new cash-on-delivery order is asked once with the merchant's template (Confirm / Cancel
// quick replies); Confirm tags the order cod-confirmed, Cancel cancels it (orderCancel) or tags it
// cod-cancel-requested as the merchant chose; no answer gets one reminder, then cod-review; a
// duplicated button webhook changes nothing; card, test and old orders are never asked.

const SHOP = 'cod-shop.myshopify.com';
const hours = (h: number) => new Date(Date.now() + h * 3600_000);
let shopify: ShopifyAppFake;
let wa: WhatsAppFake;
let server: TestServer;
let connectionId: string;
let n = 0;

async function api(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${await sessionToken(SHOP)}`, 'content-type': 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const cod = (at?: Date) => runCodConfirmations(server.runtime.cod, at ? () => at : undefined);
const send = (at?: Date) => sendDueMessages(server.runtime.messaging.sender, at ? () => at : undefined);
const apply = () => processWhatsAppWebhooks(server.runtime.messaging.whatsappWebhooks);
const webhook = (value: Record<string, unknown>) => wa.deliver(`${server.url}/webhooks/whatsapp`, value);
const orderTags = (id: string) => [...(shopify.tags.get(`gid://shopify/Order/${id}`) ?? [])].sort();
const statusOf = async (id: string) =>
  (await sql(server).all<{ status: string }>(`SELECT status FROM cod_confirmations WHERE order_external_id = '${id}'`))[0]?.status;

/** A COD order placed now by a shopper with a phone; returns its id. */
async function placeCodOrder(over: Parameters<typeof order>[1] = {}): Promise<string> {
  const id = String(5000 + ++n);
  const phone = `+9230011122${String(n).padStart(2, '0')}`;
  const now = new Date().toISOString();
  await applyEvent(server.runtime.store, connectionId, {
    type: 'order.upserted',
    order: order(id, {
      paymentMethod: 'cod',
      paymentStatus: 'pending',
      phone,
      customer: customer(`c${id}`, { phone, firstName: 'Bilal', locale: 'ur' }),
      placedAt: now,
      updatedAt: now,
      ...over,
    }),
  });
  return id;
}

/** Asks, sends, and answers with a quick reply; returns the wamid of the question. */
async function ask(id: string): Promise<string> {
  expect(await cod()).toMatchObject({ asked: 1 });
  expect(await send()).toMatchObject({ sent: 1 });
  expect(await statusOf(id)).toBe('asked');
  return wa.sent.at(-1)!.wamid;
}
async function press(wamid: string, payload: string, messageId?: string) {
  const to = wa.sent.find((s) => s.wamid === wamid)!.body.to as string;
  expect(
    (await webhook(wa.buttonValue(to, wamid, payload === COD_CONFIRM ? 'Confirm' : 'Cancel', payload, { id: messageId }))).status,
  ).toBe(200);
  await apply();
}

beforeAll(async () => {
  shopify = await startShopifyAppFake({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET });
  wa = await startWhatsAppFake();
  server = await startTestServer(
    {
      WHATSAPP_GRAPH_URL: wa.url,
      WHATSAPP_API_VERSION: wa.version,
      WHATSAPP_APP_SECRET: wa.appSecret,
      WHATSAPP_VERIFY_TOKEN: 'verify-token-123',
    },
    undefined,
    { shopifyAdminOrigin: () => shopify.origin, platformRetries: 2, shopifyBulk: { pollMs: 1 } },
  );
  expect((await api('GET', '/api/connections')).status).toBe(200); // installs
  await server.runtime.shopify.idle();
  connectionId = (await sql(server).all<{ id: string }>(`SELECT id FROM connections WHERE domain = '${SHOP}'`))[0]!.id;
  expect(
    (await api('PUT', '/api/whatsapp', { phoneNumberId: wa.phoneNumberId, wabaId: wa.wabaId, accessToken: wa.accessToken })).status,
  ).toBe(200);
  const template = await api('POST', '/api/message-templates', {
    name: 'COD confirmation',
    channel: 'whatsapp',
    purpose: 'transactional',
    variants: {
      ur: {
        subject: '',
        body: '',
        whatsapp: {
          template: 'cod_confirm',
          metaLanguage: 'ur',
          params: ['{{ first_name }}', '{{ order.number }}'],
          buttons: [COD_CONFIRM, COD_CANCEL],
        },
      },
      en: {
        subject: '',
        body: '',
        whatsapp: {
          template: 'cod_confirm',
          metaLanguage: 'en',
          params: ['{{ first_name }}', '{{ order.number }}'],
          buttons: [COD_CONFIRM, COD_CANCEL],
        },
      },
    },
  });
  expect(template.status).toBe(201);
  const settings = await api('PUT', '/api/cod-confirmation', {
    enabled: true,
    templateId: template.body.id,
    reminderHours: 12,
    reviewHours: 24,
  });
  expect(settings.status).toBe(200);
  expect(settings.body).toMatchObject({ enabled: true, cancelAtStore: false, payloads: { confirm: COD_CONFIRM, cancel: COD_CANCEL } });
});

afterAll(async () => {
  await server?.close();
  await shopify?.close();
  await wa?.close();
});

describe('COD confirmation on Shopify', () => {
  it('refuses settings that cannot work', async () => {
    expect((await api('PUT', '/api/cod-confirmation', { enabled: true, templateId: null })).status).toBe(400);
    expect((await api('PUT', '/api/cod-confirmation', { enabled: true, templateId: 'tpl_nope' })).status).toBe(400);
    // A WhatsApp template whose Urdu variant has no Cancel button could ask but never hear a cancel.
    const halfButtons = await api('POST', '/api/message-templates', {
      name: 'COD half',
      channel: 'whatsapp',
      purpose: 'transactional',
      variants: {
        en: {
          subject: '',
          body: '',
          whatsapp: { template: 'cod_confirm', metaLanguage: 'en', params: [], buttons: [COD_CONFIRM, COD_CANCEL] },
        },
        ur: { subject: '', body: '', whatsapp: { template: 'cod_confirm', metaLanguage: 'ur', params: [], buttons: [COD_CONFIRM] } },
      },
    });
    expect(halfButtons.status).toBe(201);
    const refused = await api('PUT', '/api/cod-confirmation', { enabled: true, templateId: halfButtons.body.id });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      message: 'templateId: the ur variant needs quick replies COD_CONFIRM and COD_CANCEL',
      details: [{ path: 'templateId', message: 'no COD_CONFIRM / COD_CANCEL buttons' }],
    });
    expect((await api('GET', '/api/cod-confirmation')).body.enabled).toBe(true);
  });

  it('asks a new COD order once, in the shopper’s language, with the Confirm / Cancel payloads', async () => {
    const id = await placeCodOrder();
    // The same order again (a webhook redelivery, an update): still one question.
    await applyEvent(server.runtime.store, connectionId, {
      type: 'order.upserted',
      order: order(id, {
        paymentMethod: 'cod',
        phone: `+9230011122${String(n).padStart(2, '0')}`,
        placedAt: new Date().toISOString(),
        updatedAt: hours(0.01).toISOString(),
      }),
    });
    await ask(id);
    expect(await cod()).toMatchObject({ asked: 0 });
    const sent = wa.sent.at(-1)!.body as { template: { name: string; language: { code: string }; components: unknown[] } };
    expect(sent.template.name).toBe('cod_confirm');
    expect(sent.template.language.code).toBe('ur');
    expect(sent.template.components).toEqual([
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Bilal' },
          { type: 'text', text: `#${id}` },
        ],
      },
      { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: COD_CONFIRM }] },
      { type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: COD_CANCEL }] },
    ]);
    // Settle it so later tests start clean.
    await press(wa.sent.at(-1)!.wamid, COD_CONFIRM);
    await cod();
  });

  it('Confirm tags the order cod-confirmed; the duplicated button webhook changes nothing', async () => {
    const id = await placeCodOrder();
    const wamid = await ask(id);
    await press(wamid, COD_CONFIRM, `wamid.in.confirm.${id}`);
    expect(await statusOf(id)).toBe('confirmed');
    expect(await cod()).toMatchObject({ written: 1 });
    expect(orderTags(id)).toEqual(['cod-confirmed']);
    const calls = shopify.requests.filter((r) => r.operation === 'tagsAdd').length;
    await press(wamid, COD_CONFIRM, `wamid.in.confirm.${id}`); // the same webhook again
    await press(wamid, COD_CANCEL); // and a change of mind later: the first answer stands
    expect(await cod()).toMatchObject({ written: 0 });
    expect(shopify.requests.filter((r) => r.operation === 'tagsAdd').length).toBe(calls);
    expect(await statusOf(id)).toBe('confirmed');
    expect(shopify.cancelled.find((c) => c.orderId === `gid://shopify/Order/${id}`)).toBeUndefined();
  });

  it('Cancel only tags cod-cancel-requested unless the merchant allows cancelling', async () => {
    const id = await placeCodOrder();
    await press(await ask(id), COD_CANCEL);
    expect(await cod()).toMatchObject({ written: 1 });
    expect(orderTags(id)).toEqual(['cod-cancel-requested']);
    expect(shopify.cancelled).toHaveLength(0);
  });

  it('Cancel cancels the order at the store (orderCancel: CUSTOMER, no refund, restock, no email) when allowed', async () => {
    const current = (await api('GET', '/api/cod-confirmation')).body;
    // What GET answers is not what PUT takes (strict: payloads and updatedAt are read-only).
    expect((await api('PUT', '/api/cod-confirmation', { ...current, cancelAtStore: true })).status).toBe(400);
    const { templateId, reminderHours, reviewHours } = current;
    expect(
      (await api('PUT', '/api/cod-confirmation', { enabled: true, templateId, reminderHours, reviewHours, cancelAtStore: true })).status,
    ).toBe(200);
    const id = await placeCodOrder();
    await press(await ask(id), COD_CANCEL);
    expect(await cod()).toMatchObject({ written: 1 });
    expect(shopify.cancelled).toEqual([
      { orderId: `gid://shopify/Order/${id}`, reason: 'CUSTOMER', refund: false, restock: true, notifyCustomer: false },
    ]);
    expect(orderTags(id)).toEqual([]);
    const timeline = await sql(server).all<{ kind: string }>(
      `SELECT kind FROM timeline_events WHERE subject_type = 'cod_confirmation' AND data LIKE '%${id}%' ORDER BY occurred_at, kind`,
    );
    expect(timeline.map((t) => t.kind).sort()).toEqual(['cod_cancelled', 'cod_confirmation_asked']);
  });

  it('no answer: one reminder after 12 hours, then tagged cod-review after 24', async () => {
    const id = await placeCodOrder();
    await ask(id);
    expect(await cod(hours(6))).toMatchObject({ reminded: 0 });
    expect(await cod(hours(13))).toMatchObject({ reminded: 1 });
    expect(await send(hours(13))).toMatchObject({ sent: 1 });
    expect(await statusOf(id)).toBe('reminded');
    expect(await cod(hours(20))).toMatchObject({ reminded: 0, noAnswer: 0 });
    const review = await cod(hours(25));
    expect(review).toMatchObject({ noAnswer: 1, written: 1 });
    expect(await statusOf(id)).toBe('no_answer');
    expect(orderTags(id)).toEqual(['cod-review']);
    expect(await cod(hours(30))).toMatchObject({ reminded: 0, noAnswer: 0, written: 0 });
  });

  it('retries a store write the store refused, later', async () => {
    const id = await placeCodOrder();
    await press(await ask(id), COD_CONFIRM);
    shopify.failNext(3, { type: 'status', status: 503 });
    expect(await cod()).toMatchObject({ written: 0, failed: 1 });
    expect(orderTags(id)).toEqual([]);
    expect(await cod(hours(1))).toMatchObject({ written: 1 });
    expect(orderTags(id)).toEqual(['cod-confirmed']);
  });

  it('never asks card, test, cancelled, phoneless or old orders', async () => {
    const before = wa.sent.length;
    await placeCodOrder({ paymentMethod: 'card' });
    await placeCodOrder({ test: true });
    await placeCodOrder({ status: 'cancelled' });
    await placeCodOrder({ phone: null, customer: customer(`nophone${n}`, { phone: null }) });
    await placeCodOrder({ placedAt: hours(-24 * 30).toISOString() });
    expect(await cod()).toMatchObject({ asked: 0 });
    await send();
    expect(wa.sent).toHaveLength(before);
  });
});

describe('the COD report compares answers', () => {
  it('shows the RTO rate of confirmed, unanswered and never-asked parcels (JSON and CSV)', async () => {
    const settle = async (id: string, fulfilmentStatus: 'delivered' | 'returned', phone: string | null) =>
      applyEvent(server.runtime.store, connectionId, {
        type: 'order.upserted',
        order: order(id, {
          paymentMethod: 'cod',
          phone,
          fulfilmentStatus,
          customer: customer(`c${id}`, { phone }),
          placedAt: new Date().toISOString(),
          updatedAt: hours(1).toISOString(),
        }),
      });
    const confirmed = await placeCodOrder();
    await press(await ask(confirmed), COD_CONFIRM);
    const silent = await placeCodOrder();
    await ask(silent);
    await cod(hours(13));
    await cod(hours(25));
    expect(await statusOf(silent)).toBe('no_answer');
    const unasked = await placeCodOrder({ phone: null, customer: customer('unasked', { phone: null }) });
    const phoneOf = (id: string) =>
      wa.sent.find(
        (x) =>
          (x.body.template as { components: Array<{ parameters: Array<{ text?: string }> }> })?.components[0]?.parameters[1]?.text ===
          `#${id}`,
      )?.body.to;
    await settle(confirmed, 'delivered', `+${phoneOf(confirmed) as string}`);
    await settle(silent, 'returned', `+${phoneOf(silent) as string}`);
    await settle(unasked, 'returned', null);

    const day = new Date().toISOString().slice(0, 10);
    const r = await api('GET', `/api/analytics/cod?from=${day}&to=${day}`);
    expect(r.status).toBe(200);
    const row = (answer: string) => r.body.confirmation.find((c: { answer: string }) => c.answer === answer);
    expect(r.body.confirmation.map((c: { answer: string }) => c.answer)).toEqual([
      'confirmed',
      'cancelled',
      'no_answer',
      'awaiting',
      'not_asked',
    ]);
    expect(row('confirmed')).toMatchObject({ delivered: 1, returned: 0, returnRate: 0 });
    expect(row('no_answer')).toMatchObject({ delivered: 0, returned: 1, returnRate: 1 });
    expect(row('not_asked')).toMatchObject({ delivered: 0, returned: 1 });
    const csv = await fetch(`${server.url}/api/analytics/cod.csv?from=${day}&to=${day}&by=confirmation`, {
      headers: { authorization: `Bearer ${await sessionToken(SHOP)}` },
    });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('answer,parcels,delivered,returned,open,delivered_rate,return_rate');
    expect(text).toMatch(/no_answer,\d+,0,1,/);
  });
});

describe('COD confirmation on WooCommerce', () => {
  let woo: WooFake;
  let wserver: TestServer;
  let wconnection: string;
  let token: string;
  let wwa: WhatsAppFake;

  async function wapi(method: string, path: string, body?: unknown) {
    const res = await fetch(`${wserver.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }
  const run = () => runCodConfirmations(wserver.runtime.cod);

  /** A COD order at the store and as Rapport received it; asked, sent, answered with `payload`. */
  async function answered(payload: string): Promise<string> {
    const phone = `+9230099900${String(++n).padStart(2, '0')}`;
    const id = String(woo.addOrder({ billing: { phone, first_name: 'Sana', country: 'PK', email: `sana${n}@example.pk` } }).id);
    const now = new Date().toISOString();
    await applyEvent(wserver.runtime.store, wconnection, {
      type: 'order.upserted',
      order: order(id, {
        paymentMethod: 'cod',
        phone,
        customer: customer(`w${id}`, { phone, locale: 'en' }),
        placedAt: now,
        updatedAt: now,
      }),
    });
    expect(await run()).toMatchObject({ asked: 1 });
    expect(await sendDueMessages(wserver.runtime.messaging.sender)).toMatchObject({ sent: 1 });
    const wamid = wwa.sent.at(-1)!.wamid;
    await wwa.deliver(`${wserver.url}/webhooks/whatsapp`, wwa.buttonValue(phone.slice(1), wamid, 'x', payload));
    await processWhatsAppWebhooks(wserver.runtime.messaging.whatsappWebhooks);
    expect(await run()).toMatchObject({ written: 1 });
    return id;
  }
  const metaOf = (id: string) =>
    ((woo.orders.get(id)!.meta_data ?? []) as Array<{ key: string; value: unknown }>).find((m) => m.key === 'rapport_cod')?.value;

  beforeAll(async () => {
    woo = await startWooFake();
    wwa = await startWhatsAppFake();
    wserver = await startTestServer(
      {
        PUBLIC_URL: 'https://rapport.example',
        OUTBOUND_ALLOW_PRIVATE: '127.0.0.1',
        WHATSAPP_GRAPH_URL: wwa.url,
        WHATSAPP_API_VERSION: wwa.version,
        WHATSAPP_APP_SECRET: wwa.appSecret,
        WHATSAPP_VERIFY_TOKEN: 'verify-token-123',
      },
      undefined,
      { wooAllowHttpLoopback: true, platformRetries: 0 },
    );
    const t = wserver.runtime.tenancy;
    const accountId = await t.createAccount('Karachi Kitchen', 'PKR');
    await t.createAdminUser(accountId, 'owner@kitchen.example', 'correct horse battery');
    token = (await t.login('owner@kitchen.example', 'correct horse battery'))!.token;
    const r = await wapi('POST', '/api/connections/woocommerce', {
      url: woo.url,
      consumerKey: woo.consumerKey,
      consumerSecret: woo.consumerSecret,
    });
    expect(r.status).toBe(201);
    wconnection = r.body.connection.id;
    await wserver.runtime.wooSync.idle(wconnection);
    expect(
      (await wapi('PUT', '/api/whatsapp', { phoneNumberId: wwa.phoneNumberId, wabaId: wwa.wabaId, accessToken: wwa.accessToken })).status,
    ).toBe(200);
    const tpl = await wapi('POST', '/api/message-templates', {
      name: 'COD',
      channel: 'whatsapp',
      purpose: 'transactional',
      variants: {
        en: {
          subject: '',
          body: '',
          whatsapp: { template: 'cod_confirm', metaLanguage: 'en', params: ['{{ order.number }}'], buttons: [COD_CONFIRM, COD_CANCEL] },
        },
      },
    });
    expect(tpl.status).toBe(201);
    expect((await wapi('PUT', '/api/cod-confirmation', { enabled: true, templateId: tpl.body.id, cancelAtStore: false })).status).toBe(200);
  });
  afterAll(async () => {
    await wserver?.close();
    await woo?.close();
    await wwa?.close();
  });

  it('Confirm: order meta rapport_cod=confirmed and a private order note (Woo orders have no tags)', async () => {
    const id = await answered(COD_CONFIRM);
    expect(metaOf(id)).toBe('confirmed');
    expect(woo.notes.get(id)).toEqual([expect.objectContaining({ note: expect.stringContaining('cod-confirmed'), customer_note: false })]);
    expect(woo.orders.get(id)!.status).toBe('processing');
  });

  it('Cancel tags cancel-requested, or sets the status cancelled when the merchant allows', async () => {
    const tagged = await answered(COD_CANCEL);
    expect(metaOf(tagged)).toBe('cancel-requested');
    expect(woo.orders.get(tagged)!.status).toBe('processing');
    const s = (await wapi('GET', '/api/cod-confirmation')).body;
    expect((await wapi('PUT', '/api/cod-confirmation', { enabled: true, templateId: s.templateId, cancelAtStore: true })).status).toBe(200);
    const cancelled = await answered(COD_CANCEL);
    expect(woo.orders.get(cancelled)!.status).toBe('cancelled');
    expect(
      woo.requests.some(
        (r) =>
          r.method === 'PUT' && r.path.endsWith(`/wc/v3/orders/${cancelled}`) && (r.body as { status?: string }).status === 'cancelled',
      ),
    ).toBe(true);
  });
});
